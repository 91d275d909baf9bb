//! rl-lint's server benchmark: `cargo bench --bench server` (add
//! `-- --quick` for shorter runs). It starts the release binary's
//! `rl-lint serve` on a free port of 127.0.0.1 and prints:
//!
//! 1. `api`: requests per second and p50/p99 latency of `POST /api/lint`
//!    with a 13 KB report (bazhong-2022), at 1, 16 and 64 concurrent
//!    clients, each on its own keep-alive connection;
//! 2. `review`: `rl-lint --format html` over 1000 generated reports (the
//!    corpus of the speed benchmark): wall time and peak memory.
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
}

/// `clients` threads posting the report for `duration`, each on its own
/// connection; returns every latency. Fails on any answer but 200.
fn load(url: &str, report: &[u8], clients: usize, duration: Duration) -> Vec<Duration> {
    let end = Instant::now() + duration;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut latencies = Vec::new();
                    while Instant::now() < end {
                        let start = Instant::now();
                        let mut response = agent
                            .post(url)
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .send(report)
                            .expect("request");
                        let status = response.status().as_u16();
                        let body = response
                            .body_mut()
                            .with_config()
                            .limit(64 << 20)
                            .read_to_vec()
                            .expect("body");
                        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                        latencies.push(start.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("client"))
            .collect()
    })
}

/// `rl-lint serve --port 0`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(bin: &PathBuf) -> Server {
        let mut child = Command::new(bin)
            .args(["serve", "--no-config", "--host", "127.0.0.1", "--port", "0"])
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
