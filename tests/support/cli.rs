//! The rl-lint binary run end to end, for the test files that check what
//! it prints and its exit code, and the fields of its `--format json`
//! findings.

use super::fixtures::root;
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

/// What a run of rl-lint left.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// stdout parsed as the `--format json` array of findings.
    pub fn findings(&self) -> Vec<Value> {
        self.json().as_array().expect("a JSON array").clone()
    }

    /// The rule ids of the `--format json` findings.
    pub fn rules(&self) -> BTreeSet<String> {
        self.findings()
            .iter()
            .map(|f| str_field(f, "rule").to_string())
            .collect()
    }
}

/// The rl-lint binary, without colour, run from the package root.
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("rl-lint").expect("rl-lint binary");
    cmd.env("NO_COLOR", "1").current_dir(root());
    cmd
}

/// Runs `cmd` to its end.
pub fn output(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("run rl-lint");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// `rl-lint ARGS` from the package root (a configuration found from
/// there is used).
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(bin().args(args))
}

/// `rl-lint ARGS` in `dir`.
pub fn run_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(bin().current_dir(dir).args(args))
}

/// `rl-lint --no-config ARGS` from the package root.
pub fn run_no_config<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(bin().arg("--no-config").args(args))
}

/// `rl-lint --no-config ARGS` in `dir`.
pub fn run_no_config_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(bin().current_dir(dir).arg("--no-config").args(args))
}

/// The findings of `rl-lint --format json ARGS` from the package root,
/// which must exit with 0 or 1.
pub fn json_findings<I, S>(args: I) -> Vec<Value>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = output(bin().args(["--format", "json"]).args(args));
    assert!(
        out.code == 0 || out.code == 1,
        "exit code {}; stderr:\n{}",
        out.code,
        out.stderr
    );
    out.findings()
}

/// A finding's rule id.
pub fn rule(finding: &Value) -> &str {
    str_field(finding, "rule")
}

/// The string field `key` of a JSON object.
pub fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
}

/// The number field `key` of a JSON object.
pub fn num_field(value: &Value, key: &str) -> usize {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not a number in {value}")) as usize
}
