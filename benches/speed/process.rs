//! Running rl-lint as a user does: a new process each time, timed from
//! spawn to exit, with the peak resident memory the kernel recorded for it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub wall: Duration,
    /// User plus system CPU time, all threads: less disturbed than the
    /// wall time when other programs share the machine.
    pub cpu: Duration,
    /// Peak resident set size in bytes (0 where the platform does not say).
    pub peak_rss: u64,
}

/// Runs `bin args…` in `cwd` with stdout written to `out`; panics if
/// rl-lint could not do its job (exit code 2 or a signal).
///
/// The kernel counts the peak memory of the process that spawned a child
/// in the child's (they share memory until `exec`), so this process must
/// stay smaller than what it measures: it never holds a corpus, an input
/// or an output whole. `peak_rss` is 0 when it did not.
pub fn run(bin: &Path, args: &[&str], cwd: &Path, out: &Path) -> Run {
    run_expecting(bin, args, cwd, out, &[0, 1])
}

/// [`run`] for a run that must exit with one of `codes` (2: an input
/// refused).
pub fn run_expecting(bin: &Path, args: &[&str], cwd: &Path, out: &Path, codes: &[i32]) -> Run {
    let own_peak = own_peak_rss();
    let stdout = std::fs::File::create(out).expect("create output file");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let (code, cpu, peak_rss) = wait(child);
    let wall = start.elapsed();
    assert!(
        code.is_some_and(|c| codes.contains(&c)),
        "{} {args:?} failed with {code:?}",
        bin.display()
    );
    Run {
        wall,
        cpu,
        peak_rss: if peak_rss > own_peak { peak_rss } else { 0 },
    }
}

/// Waits for the child with `wait4`, which returns the resource usage of
/// that child alone (`getrusage(RUSAGE_CHILDREN)` would give the maximum
/// over every child so far).
#[cfg(unix)]
fn wait(child: std::process::Child) -> (Option<i32>, Duration, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped; the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    let scale = if cfg!(target_os = "macos") { 1 } else { 1024 };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    (code, cpu, usage.ru_maxrss as u64 * scale)
}

/// The peak resident set size of this process's memory, in bytes (0 if
/// unknown). Not `getrusage(RUSAGE_SELF)`: that includes cargo's, which
/// spawned this process.
fn own_peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb * 1024)
        })
        .unwrap_or(0)
}

#[cfg(not(unix))]
fn wait(mut child: std::process::Child) -> (Option<i32>, Duration, u64) {
    let status = child.wait().expect("wait for rl-lint");
    (status.code(), Duration::ZERO, 0)
}

/// Runs `times` times (after one unmeasured warm-up run).
pub fn repeat(bin: &Path, args: &[&str], cwd: &Path, out: &Path, times: usize) -> Vec<Run> {
    run(bin, args, cwd, out);
    (0..times).map(|_| run(bin, args, cwd, out)).collect()
}

pub struct Summary {
    pub min: Duration,
    pub median: Duration,
    /// Median CPU time.
    pub cpu: Duration,
    pub max_rss: u64,
}

pub fn summarize(runs: &[Run]) -> Summary {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let mut cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
    cpus.sort();
    Summary {
        min: walls[0],
        median: walls[walls.len() / 2],
        cpu: cpus[cpus.len() / 2],
        // Unknown (0) if any run's is.
        max_rss: if runs.iter().any(|r| r.peak_rss == 0) {
            0
        } else {
            runs.iter().map(|r| r.peak_rss).max().unwrap_or(0)
        },
    }
}
