//! `cargo bench --bench lsp`: time from a change to the published
//! diagnostics in the language server, on a 13 KB report (a seed) and a
//! 300 KB one (the seeds repeated), as an editor sees it: the release
//! binary over stdio, an incremental change sent, the clock stopped when
//! `publishDiagnostics` for that version arrives. Also a burst of quick
//! changes (typing), timed from the last one.
//!
//! `RL_LINT_BIN` picks another binary; `--quick` runs fewer rounds.

#[path = "../tests/support/fixtures.rs"]
mod fixtures;

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A published diagnostics notification: document, version, count.
struct Published {
    uri: String,
    version: Option<i64>,
    count: usize,
    at: Instant,
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    published: Receiver<Published>,
    next_id: i32,
}

impl Server {
    fn start(bin: &Path, folder: &Path) -> Server {
        let mut child = Command::new(bin)
            .arg("server")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, published) = channel();
        std::thread::spawn(move || {
            let mut input = BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut input) {
                if let Message::Notification(n) = message {
                    if n.method == "textDocument/publishDiagnostics" {
                        let p = &n.params;
                        let _ = send.send(Published {
                            uri: p["uri"].as_str().unwrap_or("").to_string(),
                            version: p["version"].as_i64(),
                            count: p["diagnostics"].as_array().map_or(0, Vec::len),
                            at: Instant::now(),
                        });
                    }
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            published,
            next_id: 0,
        };
        server.request("initialize", json!({"capabilities": {}}));
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: Message) {
        message.write(&mut self.stdin).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id, method.to_string(), params).into());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// Waits for the diagnostics of `version` of `uri`.
    fn published(&self, uri: &str, version: i64) -> Published {
        loop {
            let p = self
                .published
                .recv_timeout(Duration::from_secs(60))
                .expect("diagnostics within a minute");
            if p.uri == uri && p.version == Some(version) {
                return p;
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// The line in the middle of the text.
fn middle_line(text: &str) -> usize {
    text.lines().count() / 2
}

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:7.1} ms   p90 {:7.1} ms   min {:7.1} ms   max {:7.1} ms   ({} changes)",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(times[0]),
        ms(*times.last().expect("times")),
        times.len()
    )
}

fn bench(bin: &Path, folder: &Path, name: &str, text: &str, rounds: usize) {
    let path = folder.join(format!("{name}.txt"));
    std::fs::write(&path, text).expect("write the report");
    let uri = format!("file://{}", path.display());
    let mut server = Server::start(bin, folder);
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let first = server.published(&uri, 1);
    let line = middle_line(text);
    let mut version = 1;
    let mut times = Vec::new();
    // One change at a time: type a half-width comma, then delete it.
    for round in 0..rounds {
        version += 1;
        let change = if round % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "我局,"})
        } else {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 3}}, "text": ""})
        };
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        let published = server.published(&uri, version);
        times.push(published.at - sent);
    }
    println!(
        "{name:>6} ({:>5.1} kB, {} diagnostics)  change → diagnostics: {}",
        text.len() as f64 / 1000.0,
        first.count,
        stats(times)
    );
    // Typing: 20 keystrokes 30 ms apart; the time from the last one.
    let mut bursts = Vec::new();
    for _ in 0..rounds.div_ceil(5) {
        let mut last = Instant::now();
        for key in 0..20 {
            version += 1;
            let change = json!({"range": {"start": {"line": line, "character": key}, "end": {"line": line, "character": key}}, "text": "字"});
            last = Instant::now();
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            std::thread::sleep(Duration::from_millis(30));
        }
        let published = server.published(&uri, version);
        bursts.push(published.at.saturating_duration_since(last));
    }
    println!(
        "{name:>6}  typing, last key → diagnostics:      {}",
        stats(bursts)
    );
    server.stop();
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 10 } else { 40 };
    let bin = std::env::var_os("RL_LINT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rl-lint")));
    let folder = std::env::temp_dir().join(format!("rl-lint-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("bench folder");
    println!("rl-lint language server: time from a change to its published diagnostics");
    println!("binary: {}", bin.display());
    let small = fixtures::seed("bazhong-2022");
    let mut large = String::new();
    while large.len() < 300 * 1024 {
        for text in fixtures::seed_texts() {
            large.push_str(&text);
            large.push('\n');
        }
    }
    bench(&bin, &folder, "13KB", &small, rounds);
    bench(&bin, &folder, "300KB", &large, rounds);
    let _ = std::fs::remove_dir_all(&folder);
}
