//! rl-lint's server benchmark: `cargo bench --bench server` (add
//! `-- --quick` for shorter runs). It starts the release binary's
//! `rl-lint serve` on a free port of 127.0.0.1 and prints:
//!
//! 1. `api`: requests per second and p50/p99 latency of `POST /api/lint`
//!    with a 13 KB report (bazhong-2022), at 1, 16 and 64 concurrent
//!    clients, each on its own keep-alive connection;
//! 2. `review`: `rl-lint --format html` over 1000 generated reports (the
//!    corpus of the speed benchmark): wall time and peak memory;
//! 3. `mixed`: 16 ordinary clients posting the 13 KB report while 4
//!    hostile clients post 1 MB texts in a loop (one line, a half-width
//!    comma every few characters, no sentence end) and 1000 idle
//!    connections are held open: the ordinary clients' requests/s, p50,
//!    p99 and answers other than 200; then whether the server's CPU falls
//!    idle one second after the last request.
//!
//! Set `RL_LINT_BIN` to benchmark another build. Numbers depend on the
//! machine and on what else runs on it: the load average is printed.

#[path = "../../tests/support/corpus.rs"]
mod corpus;
#[path = "../../tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../speed/process.rs"]
mod process;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted =
        |section: &str| filters.is_empty() || filters.iter().any(|f| section.contains(f.as_str()));
    let bin = std::env::var_os("RL_LINT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rl-lint")));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("rl-lint server benchmark");
    println!("binary:  {}", bin.display());
    println!(
        "machine: {cores} cores; load average at start: {}",
        loadavg()
    );
    println!();

    // The review page first: this process must stay smaller than the
    // child whose peak memory it reads.
    if wanted("review") {
        let temp = tempfile::tempdir().expect("temporary folder");
        let bytes = corpus::generate(&temp.path().join("reports"), 1000);
        let out = temp.path().join("审查结果.html");
        let runs = process::repeat(
            &bin,
            &["--no-config", "--format", "html", "reports"],
            temp.path(),
            &out,
            if quick { 1 } else { 3 },
        );
        let summary = process::summarize(&runs);
        let size = std::fs::metadata(&out).map_or(0, |m| m.len());
        println!("| Review page | Wall (median) | CPU (median) | Peak memory | Page size |");
        println!("|---|---|---|---|---|");
        println!(
            "| 1000 reports ({:.1} MB) | {:.2} s | {:.2} s | {} | {:.1} MB |",
            bytes as f64 / 1e6,
            summary.median.as_secs_f64(),
            summary.cpu.as_secs_f64(),
            match summary.max_rss {
                0 => "unknown".to_string(),
                rss => format!("{:.1} MB", rss as f64 / 1e6),
            },
            size as f64 / 1e6
        );
        println!();
    }

    if wanted("api") {
        let report = std::fs::read(fixtures::seed_path("bazhong-2022")).expect("fixture");
        let server = Server::start(&bin);
        let url = format!("{}api/lint?filename=bazhong-2022.txt", server.url);
        let seconds = if quick { 2 } else { 6 };
        println!(
            "| POST /api/lint, {:.1} KB report | Clients | Requests | Requests/s | p50 | p99 | max |",
            report.len() as f64 / 1024.0
        );
        println!("|---|---|---|---|---|---|---|");
        // Warm up: the first check builds the dictionaries.
        load(&url, &report, 2, Duration::from_secs(1));
        for clients in [1, 16, 64] {
            let mut latencies = load(&url, &report, clients, Duration::from_secs(seconds));
            latencies.sort_unstable();
            let n = latencies.len();
            let at = |q: f64| latencies[((n as f64 * q) as usize).min(n - 1)];
            println!(
                "| | {clients} | {n} | {:.0} | {} | {} | {} |",
                n as f64 / seconds as f64,
                ms(at(0.50)),
                ms(at(0.99)),
                ms(latencies[n - 1]),
            );
        }
        println!();
        println!("load average at end: {}", loadavg());
    }

    if wanted("mixed") {
        mixed(&bin, if quick { 3 } else { 8 });
    }
}

/// Ordinary clients among hostile and idle ones.
fn mixed(bin: &PathBuf, seconds: u64) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let report = std::fs::read(fixtures::seed_path("bazhong-2022")).expect("fixture");
    // The idle connections must outlive the run: a header timeout longer
    // than it.
    let server = Server::start_with(bin, &["--header-timeout", "600"]);
    let url = format!("{}api/lint?filename=bazhong-2022.txt", server.url);
    let hostile_url = format!("{}api/lint?filename=hostile.txt", server.url);
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut hostile = String::with_capacity(1 << 20);
    while hostile.len() < 1 << 20 {
        hostile.push_str("依法行政,全面推进");
    }
    load(&url, &report, 2, Duration::from_secs(1));
    let idle: Vec<std::net::TcpStream> = (0..1000)
        .filter_map(|_| std::net::TcpStream::connect(&address).ok())
        .collect();
    let stop = AtomicBool::new(false);
    let hostile_answers = AtomicUsize::new(0);
    let (latencies, failures, _) = std::thread::scope(|scope| {
        for _ in 0..4 {
            let (stop, hostile, url, answers) = (&stop, &hostile, &hostile_url, &hostile_answers);
            scope.spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(mut response) = agent
                        .post(url.as_str())
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .send(hostile.as_bytes())
                    {
                        let _ = response
                            .body_mut()
                            .with_config()
                            .limit(256 << 20)
                            .read_to_vec();
                        answers.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        // Let the hostile clients fill their slots first.
        std::thread::sleep(Duration::from_millis(500));
        let measured = load_counting(&url, &report, 16, Duration::from_secs(seconds));
        stop.store(true, Ordering::Relaxed);
        measured
    });
    let still_open = idle
        .iter()
        .filter(|s| {
            let _ = s.set_nonblocking(true);
            let mut byte = [0u8; 1];
            matches!(std::io::Read::read(&mut &**s, &mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
        })
        .count();
    let mut latencies = latencies;
    latencies.sort_unstable();
    let n = latencies.len().max(1);
    let at = |q: f64| {
        latencies
            .get(((n as f64 * q) as usize).min(n - 1))
            .copied()
            .unwrap_or_default()
    };
    println!("| Mixed run ({seconds} s) | Ordinary requests | Requests/s | p50 | p99 | max | Not 200 | Hostile answers | Idle still open |");
    println!("|---|---|---|---|---|---|---|---|---|");
    println!(
        "| 16 ordinary (13 KB), 4 hostile (1 MB), {} idle | {} | {:.0} | {} | {} | {} | {failures} | {} | {still_open} |",
        idle.len(),
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        ms(at(0.50)),
        ms(at(0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
        hostile_answers.load(Ordering::Relaxed),
    );
    drop(idle);
    // The server's CPU once every request has ended.
    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_ticks(server.child.id());
    std::thread::sleep(Duration::from_secs(2));
    let after = cpu_ticks(server.child.id());
    println!();
    println!(
        "server CPU in the 2 s from 1 s after the last request: {}",
        match (before, after) {
            (Some(b), Some(a)) => format!("{} ms", (a - b) * 10),
            _ => "unknown".to_string(),
        }
    );
    println!("load average at end: {}", loadavg());
}

/// User and system CPU of a process, in clock ticks (1/100 s).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// `clients` threads posting the report for `duration`, each on its own
/// connection: the latencies of the 200s, and how many answers were not
/// 200 (with the first of them: its status and body, or the error).
fn load_counting(
    url: &str,
    report: &[u8],
    clients: usize,
    duration: Duration,
) -> (Vec<Duration>, usize, Option<String>) {
    let end = Instant::now() + duration;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let (mut latencies, mut failures, mut first) = (Vec::new(), 0, None);
                    while Instant::now() < end {
                        let start = Instant::now();
                        let answer = agent
                            .post(url)
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .send(report)
                            .and_then(|mut response| {
                                let status = response.status().as_u16();
                                let body = response
                                    .body_mut()
                                    .with_config()
                                    .limit(64 << 20)
                                    .read_to_vec()?;
                                Ok((status, body))
                            });
                        match answer {
                            Ok((200, _)) => latencies.push(start.elapsed()),
                            other => {
                                failures += 1;
                                first.get_or_insert_with(|| match other {
                                    Ok((status, body)) => {
                                        format!("{status}: {}", String::from_utf8_lossy(&body))
                                    }
                                    Err(e) => e.to_string(),
                                });
                            }
                        }
                    }
                    (latencies, failures, first)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("client")).fold(
            (Vec::new(), 0, None),
            |(mut all, f, first), (l, g, other)| {
                all.extend(l);
                (all, f + g, first.or(other))
            },
        )
    })
}

/// [`load_counting`], failing on any answer but 200; returns every latency.
fn load(url: &str, report: &[u8], clients: usize, duration: Duration) -> Vec<Duration> {
    let (latencies, failures, first) = load_counting(url, report, clients, duration);
    assert_eq!(failures, 0, "{}", first.unwrap_or_default());
    latencies
}

/// `rl-lint serve --port 0`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(bin: &PathBuf) -> Server {
        Server::start_with(bin, &[])
    }

    /// With more flags. The request log is off: the benchmark reads only
    /// the address line.
    fn start_with(bin: &PathBuf, flags: &[&str]) -> Server {
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--no-config",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-log",
            ])
            .args(flags)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("read the address");
        let url = line
            .find("http://")
            .map(|at| {
                line[at..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .filter(|url| url.ends_with('/'))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}
