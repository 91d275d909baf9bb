//! The binary run as a child process under a watchdog, with its peak
//! memory: for the crafted inputs of `tests/hostile.rs` and the large ones
//! of `tests/bad_input.rs`.
//!
//! No test asserts how long a run takes: on a loaded two-core machine
//! wall time says more about the other processes than about rl-lint. The
//! watchdog only ends a run that never ends ([`WATCHDOG`], far above what
//! any case needs, far below what a quadratic path on their megabytes
//! would take: hours). Whether work grows linearly is asserted in-process,
//! with the work counted (`support::work`). Memory is asserted: the
//! child's own high-water mark does not depend on the load.

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a child may run before it is taken for hung and killed.
pub const WATCHDOG: Duration = Duration::from_secs(900);

/// What a watched run gave.
pub struct Watched {
    /// The exit code (`None`: killed by a signal, such as the memory
    /// limit's).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The child's peak resident memory (`VmHWM`), in MB.
    pub peak_mb: f64,
    /// How long it ran: printed, never asserted.
    pub took: Duration,
}

/// Runs `rl-lint ARGS…` (with `NO_COLOR`), at most `address_space` bytes
/// of memory mapped when given, until it ends or the [`WATCHDOG`] kills
/// it (then the test fails: a hang).
pub fn watched(args: &[&OsStr], address_space: Option<u64>) -> Watched {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("rl-lint"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        // Fewer malloc arenas: each reserves 64 MB of address space.
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        // Files, not pipes: a child that writes much never waits for us.
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    if let Some(limit) = address_space {
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between
        // fork and exec.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: limit as libc::rlim_t,
                    rlim_max: limit as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("spawn rl-lint");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        // The high-water mark of the child's own memory (reset by exec,
        // unlike rusage's, which a forked child inherits from this
        // process). It is read until the child exits: only growth in its
        // last few milliseconds could be missed.
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("wait for rl-lint") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rl-lint {args:?} did not end within {WATCHDOG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let read = |path: &Path| {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .expect("child output");
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Watched {
        code: status.code(),
        stdout: read(&out_path),
        stderr: read(&err_path),
        peak_mb: peak_kb as f64 / 1024.0,
        took,
    }
}

impl Watched {
    /// Asserts that the run ended with one of `codes` and used less than
    /// `mb` of memory at its peak (the time is printed, not judged).
    pub fn assert_within(&self, name: &str, codes: &[i32], mb: f64) {
        eprintln!(
            "{name}: {:?}, peak {:.1} MB, exit {:?}",
            self.took, self.peak_mb, self.code
        );
        assert!(
            self.code.is_some_and(|c| codes.contains(&c)),
            "{name}: exit {:?}\n{}",
            self.code,
            self.stderr
        );
        assert!(self.peak_mb < mb, "{name}: peak {:.1} MB", self.peak_mb);
    }
}
