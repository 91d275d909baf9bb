//! The rl-lint binary run end to end, for the test files that check what
//! it prints and its exit code.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::Path;

/// What a run of rl-lint left.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs rl-lint in `dir` (no configuration, no colour) with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("rl-lint")
        .expect("rl-lint binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("--no-config")
        .args(args)
        .output()
        .expect("run rl-lint");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}
