//! `rl-lint serve` end to end: a server on a free port of 127.0.0.1, the
//! fixtures posted as a raw body, as a multipart form and as .docx and
//! Markdown, compared with what the command line finds; bad input, the
//! limits, hostile text on the page, cross-origin posts, parallel posts.

mod support;

use rl_lint::engine::Options;
use rl_lint::server::Limits;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;
use support::cli::run_no_config_in;
use support::docx;
use support::fixtures::{fixture, root, seed_files};
use support::gongkai;
use support::languagetool::offsets_of;
use support::page::assert_broken_identity_marked;
use support::server::{self, get, post, post_form, TestServer};

/// The findings of `rl-lint --format json NAME`, run in `dir`.
fn cli_findings(dir: &Path, name: &str) -> Value {
    run_no_config_in(dir, ["--format", "json", name]).json()
}

fn lint_raw(server: &TestServer, name: &str, body: &[u8]) -> server::Answer {
    let url = server.url(&format!("/api/lint?filename={}", urlencode(name)));
    post(&url, &[("Content-Type", "application/octet-stream")], body)
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn each_fixture_gets_the_findings_of_the_command_line_and_the_outline() {
    let server = TestServer::start();
    for name in &seed_files() {
        let name = name.as_str();
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        let answer = lint_raw(&server, name, &bytes);
        assert_eq!(answer.status, 200, "{name}: {}", answer.body);
        assert!(answer.content_type.starts_with("application/json"));
        let json = answer.json();
        assert_eq!(json["path"], name);
        assert_eq!(json["encoding"], "UTF-8");
        assert_eq!(
            json["findings"],
            cli_findings(&root().join("tests/fixtures"), name),
            "{name}"
        );
        assert!(
            !json["findings"].as_array().expect("findings").is_empty(),
            "{name}"
        );
        let checklist = json["outline"]["checklist"].as_array().expect("checklist");
        assert!(checklist.iter().any(|item| item["part"] == "measures"));
        assert!(json["outline"]["headings"]
            .as_array()
            .is_some_and(|h| !h.is_empty()));
        assert!(json.get("fixed").is_none(), "no fix unless asked");
    }
}

#[test]
fn a_multipart_form_with_options_and_the_fixed_text() {
    let server = TestServer::start();
    let text = std::fs::read(fixture("bazhong-2022.txt")).expect("fixture");
    let answer = post_form(
        &server.url("/api/lint"),
        &[
            ("file", Some("巴中.txt"), &text),
            ("packs", None, b"format"),
            ("year", None, b"2022"),
            ("fix", None, b"true"),
        ],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["path"], "巴中.txt");
    let findings = json["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("format/"))));
    assert_eq!(json["outline"]["year"]["year"], 2022);
    assert_eq!(json["outline"]["year"]["source"], "override");
    let fixed = &json["fixed"];
    assert!(fixed["findings"].as_u64().is_some_and(|n| n > 0), "{fixed}");
    let fixed_text = fixed["text"].as_str().expect("fixed text");
    assert_ne!(fixed_text.as_bytes(), text.as_slice());
    assert_eq!(
        fixed_text.lines().count(),
        String::from_utf8_lossy(&text).lines().count()
    );
}

#[test]
fn docx_and_markdown_reports_are_read_like_the_command_line_reads_them() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp");
    let text = std::fs::read_to_string(fixture("lucheng-2021.txt")).expect("fixture");

    let docx = docx::from_text(&text);
    std::fs::write(dir.path().join("鹿城.docx"), &docx).expect("write");
    let answer = post_form(
        &server.url("/api/lint"),
        &[("file", Some("鹿城.docx"), &docx), ("fix", None, b"1")],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["encoding"], "Word .docx");
    assert_eq!(json["findings"], cli_findings(dir.path(), "鹿城.docx"));
    assert!(json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f.get("fix").is_none()));
    assert!(json.get("fixed").is_none(), "a .docx is never rewritten");

    // A Word 97–2003 document.
    let doc = std::fs::read(fixture("doc/bazhong-2022.doc")).expect("fixture");
    std::fs::write(dir.path().join("巴中.doc"), &doc).expect("write");
    let answer = post_form(
        &server.url("/api/lint"),
        &[("file", Some("巴中.doc"), &doc)],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["encoding"], "Word 97-2003 .doc");
    assert_eq!(json["findings"], cli_findings(dir.path(), "巴中.doc"));
    assert!(!json["findings"].as_array().expect("findings").is_empty());

    // Markdown: headings written with `#`, emphasis around words.
    let markdown: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("# {line}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect::<String>()
        .replace("一、", "## 一、");
    std::fs::write(dir.path().join("report.md"), &markdown).expect("write");
    let answer = lint_raw(&server, "report.md", markdown.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["findings"], cli_findings(dir.path(), "report.md"));
    let headings = json["outline"]["headings"].as_array().expect("headings");
    assert!(!headings.is_empty());
    assert!(headings
        .iter()
        .all(|h| !h["text"].as_str().unwrap_or("#").contains('#')));
}

#[test]
fn bad_input_gets_the_command_lines_words_and_a_4xx_status() {
    let server = TestServer::with(
        Options {
            max_file_size: Some(64 * 1024),
            ..Options::default()
        },
        Limits::default(),
    );
    let dir = tempfile::tempdir().expect("temp");
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend([0u8; 504]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let mut damaged = docx::from_text("某县2022年法治政府建设年度报告\n正文。\n");
    damaged.truncate(damaged.len() / 2);
    let mut damaged_doc = std::fs::read(fixture("doc/bazhong-2022.doc")).expect("fixture");
    damaged_doc.truncate(damaged_doc.len() / 2);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("empty.txt", Vec::new(), 422, "input::empty"),
        ("blank.txt", b" \n\n\t \n".to_vec(), 422, "input::blank"),
        (
            "binary.txt",
            b"\x00\x01\x02PK\x00binary".to_vec(),
            415,
            "input::binary",
        ),
        (
            "pdf.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
            422,
            "input::pdf",
        ),
        (
            "latin.txt",
            vec![b'a', 0xff, 0xfe, 0xfd, b'b', 0x80, 0x81],
            415,
            "input::unknown_encoding",
        ),
        ("damaged.docx", damaged, 422, "input::docx"),
        ("locked.docx", encrypted, 422, "input::encrypted"),
        ("damaged.doc", damaged_doc, 422, "input::doc"),
        (
            "old.wps",
            b"\x00\x00WPS 2000\x00".to_vec(),
            415,
            "input::wps",
        ),
        (
            "large.txt",
            "很长的报告。\n".repeat(6000).into_bytes(),
            413,
            "input::too_large",
        ),
    ];
    for (name, bytes, status, code) in cases {
        let answer = lint_raw(&server, name, &bytes);
        assert_eq!(answer.status, status, "{name}: {}", answer.body);
        assert!(
            answer.content_type.starts_with("application/json"),
            "{name}"
        );
        let error = &answer.json()["error"];
        assert_eq!(error["code"], code, "{name}: {error}");
        let message = error["message"].as_str().expect("message");
        let help = error["help"].as_str().expect("help");
        std::fs::write(dir.path().join(name), &bytes).expect("write");
        let stderr = run_no_config_in(dir.path(), ["--max-file-size", "64KB", name]).stderr;
        let flat = |text: &str| text.split_whitespace().collect::<String>();
        assert!(
            flat(&stderr).contains(&flat(message)),
            "{name}: {message} not in {stderr}"
        );
        assert!(
            flat(&stderr).contains(&flat(help)),
            "{name}: {help} not in {stderr}"
        );
    }

    // Options that name nothing, and requests without a report.
    let answer = post(
        &server.url("/api/lint?filename=a.txt&packs=nope"),
        &[],
        "某县2022年法治政府建设年度报告\n".as_bytes(),
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.json()["error"]["code"], "request::unknown_rule");
    assert!(answer.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));
    let answer = post(
        &server.url("/api/lint?filename=a.txt&year=soon"),
        &[],
        b"text",
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"]["code"], "request::invalid");
    let answer = post_form(&server.url("/api/lint"), &[("year", None, b"2022")]);
    assert_eq!(answer.status, 400);
    let answer = post(
        &server.url("/api/lint"),
        &[("Content-Type", "multipart/form-data; boundary=x")],
        b"--x\r\nbroken",
    );
    assert!((400..500).contains(&answer.status), "{}", answer.status);
    assert!(answer.json()["error"]["message"].is_string());

    // The server is still up, and never answered 500.
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

#[test]
fn bodies_over_the_limit_get_413_with_a_json_body() {
    let server = TestServer::with(
        Options {
            max_file_size: Some(4 * 1024),
            ..Options::default()
        },
        Limits::default(),
    );
    // Over the report limit, under the body limit: refused by the engine.
    let answer = lint_raw(&server, "a.txt", &vec![b'a'; 6 * 1024]);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["error"]["code"], "input::too_large");
    // Over the body limit: refused before it is read.
    for (path, content_type) in [
        ("/api/lint?filename=a.txt", "application/octet-stream"),
        ("/api/lint", "application/x-www-form-urlencoded"),
        ("/api/lint", "multipart/form-data; boundary=x"),
    ] {
        let (status, body) = server::post_head_only(server.address, path, content_type, 200 * 1024);
        assert_eq!(status, 413, "{path} {content_type}: {body}");
        let json: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(json["error"]["code"], "input::too_large", "{content_type}");
    }
    // The page's form gets a page that says so.
    let (status, body) = server::post_head_only(
        server.address,
        "/check",
        "multipart/form-data; boundary=x",
        200 * 1024,
    );
    assert_eq!(status, 413);
    assert!(
        body.contains("无法检查") && body.contains("over the size limit"),
        "{body}"
    );
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

/// Report text that would run script if it were not escaped.
const HOSTILE: &str = "某县2022年法治政府建设年度报告\n<script>alert('x')</script>\n\"><img src=x onerror=alert(1)>\n<a href=\"javascript:alert(2)\">点这里</a> javascript:alert(3)\n一、主要举措和成效\n正文,正文。\n";

#[test]
fn report_text_is_escaped_on_the_page() {
    let server = TestServer::start();
    let answer = post_form(&server.url("/check"), &[("text", None, HOSTILE.as_bytes())]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.content_type.starts_with("text/html"));
    let page = &answer.body;
    assert!(page.contains("&lt;script&gt;alert("), "the text is shown");
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("href=\"javascript:"));
    // The only script is the server's own file; no inline handlers.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script src=\"/assets/checker.js\""));
    assert!(!regex::Regex::new(r"<[^>]+\son[a-z]+=")
        .unwrap()
        .is_match(page));
    // The page also names the file as given: a hostile name is text.
    let answer = post_form(
        &server.url("/check"),
        &[(
            "file",
            Some("<b onmouseover=alert(1)>.txt"),
            HOSTILE.as_bytes(),
        )],
    );
    assert!(!answer.body.contains("<b onmouseover"));
    assert!(answer.body.contains("&lt;b onmouseover=alert(1)&gt;.txt"));
}

#[test]
fn pages_carry_the_security_headers() {
    let server = TestServer::start();
    for path in [
        "/",
        "/sample",
        "/assets/style.css",
        "/assets/checker.js",
        "/api/rules",
        "/healthz",
        "/nope",
    ] {
        let answer = get(&server.url(path));
        let csp = answer.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        // Not `no-referrer`, under which a browser posts the page's own
        // form as `Origin: null`.
        assert_eq!(
            answer.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
    let answer = get(&server.url("/nope"));
    assert_eq!(answer.status, 404);
    assert!(answer.json()["error"]["message"].is_string());
    let rules = get(&server.url("/api/rules")).json();
    assert!(rules
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["id"] == "core/plan-missing")));
    assert_eq!(get(&server.url("/healthz")).json()["status"], "ok");
    // The form page: the privacy line and the options.
    let page = get(&server.url("/")).body;
    assert!(page.contains("不写入磁盘，日志中不记录报告内容和文件名"));
    assert!(page.contains("name=\"baseline\""));
    assert!(page.contains("name=\"year\""));
    assert!(page.contains("value=\"format\""));
}

#[test]
fn the_sample_page_shows_highlights_the_checklist_and_the_messages() {
    let server = TestServer::start();
    let page = get(&server.url("/sample")).body;
    assert!(page.contains("class=\"hl sev-error\""), "highlights");
    assert!(page.contains("class=\"hl sev-warning\""), "highlights");
    assert!(page.contains("ul class=\"checklist\""));
    assert!(page.contains("class=\"missing\""), "a missing part");
    assert!(page.contains("缺少「党政主要负责人履行推进法治建设第一责任人职责情况」部分"));
    assert!(page.contains("下载自动修改后的文本"));
    assert!(page.contains("href=\"data:text/plain;charset=utf-8,"));
}

#[test]
fn the_page_shows_a_reports_tables_with_the_failing_identity_marked() {
    let server = TestServer::start();
    let report = gongkai::broken_identity();
    let answer = post_form(
        &server.url("/check"),
        &[("file", Some("沭阳县.txt"), report.as_bytes())],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let page = &answer.body;
    // The text around the tables is text; the tables are tables, in place
    // of their pipe rows.
    assert!(page.contains("<div class=\"report-text\"><pre class=\"text-run\">"));
    assert!(page.contains("一、总体情况"));
    assert_eq!(
        page.matches("<table class=\"report-table\"").count(),
        rl_lint::document::table::find_tables(&report).len()
    );
    let text_pane = &page[page.find("<div class=\"report-text\">").expect("text")..];
    let text_pane = &text_pane[..text_pane.find("<aside").expect("side pane")];
    assert!(!text_pane.contains("| 26 |"));
    assert!(text_pane.contains(">（七）总计</td>"));
    // The 勾稽关系 fails in 自然人 and 总计: the four cells of each identity
    // carry the highlight and the finding's number, and the finding (in the
    // list, which the script shows on a click) names the numbers.
    assert_broken_identity_marked(page, page, "");
    // The same report as JSON: the findings the page marks.
    let json = post(
        &server.url("/api/lint?filename=a.txt"),
        &[("content-type", "text/plain")],
        report.as_bytes(),
    )
    .json();
    let arithmetic = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "gongkai/requests-arithmetic")
        .count();
    assert_eq!(arithmetic, 2);
}

#[test]
fn the_page_shows_a_word_documents_tables_after_the_paragraph_before_them() {
    let server = TestServer::start();
    let text = gongkai::shuyang_body(&gongkai::broken_identity());
    let bytes = docx::from_text_with_tables(&text);
    let answer = post_form(
        &server.url("/check"),
        &[("file", Some("沭阳县.docx"), &bytes)],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let page = &answer.body;
    let text_pane = &page[page.find("<div class=\"report-text\">").expect("text")..];
    let text_pane = &text_pane[..text_pane.find("<aside").expect("side pane")];
    // Every Word table is shown, each after the paragraph before it.
    assert_eq!(
        text_pane.matches("<table class=\"report-table\"").count(),
        rl_lint::document::table::find_tables(&text).len()
    );
    let heading = "三、收到和处理政府信息公开申请情况";
    let after = &text_pane[text_pane.find(heading).expect("heading")..];
    assert!(
        after
            .trim_start_matches(heading)
            // The heading itself may carry a finding's mark.
            .trim_start_matches("</a>")
            .starts_with("</pre><div class=\"table-wrap\">"),
        "{}",
        &after[..after.len().min(400)]
    );
    // The 勾稽关系 fails in 自然人 and 总计: four cells each carry the
    // finding, and the paragraph before the table is not marked for them.
    for i in assert_broken_identity_marked(page, text_pane, "") {
        assert!(!text_pane.contains(&format!("data-f=\"{i}\">{heading}")));
    }
}

#[test]
fn posts_from_other_origins_are_refused_unless_allowed() {
    let server = TestServer::with(
        Options::default(),
        Limits {
            allowed_origins: vec!["https://oa.example.gov.cn".to_string()],
            ..Limits::default()
        },
    );
    let text = "某县2022年法治政府建设年度报告\n正文。\n".as_bytes();
    let url = server.url("/api/lint?filename=a.txt");
    let own = format!("http://{}", server.address);
    let answer = post(&url, &[("Origin", "https://evil.example.com")], text);
    assert_eq!(answer.status, 403);
    assert_eq!(answer.json()["error"]["code"], "request::cross_origin");
    let answer = post(&url, &[("Origin", "null")], text);
    assert_eq!(answer.status, 403);
    let answer = post(
        &url,
        &[("Origin", "null"), ("Sec-Fetch-Site", "cross-site")],
        text,
    );
    assert_eq!(answer.status, 403);
    // The page's own form, from a browser that hides its origin.
    let answer = post(
        &server.url("/check"),
        &[
            ("Origin", "null"),
            ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        "text=%E6%AD%A3%E6%96%87".as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = post(&url, &[("Sec-Fetch-Site", "cross-site")], text);
    assert_eq!(answer.status, 403);
    assert_eq!(post(&url, &[("Origin", &own)], text).status, 200);
    assert_eq!(
        post(&url, &[("Origin", "https://oa.example.gov.cn")], text).status,
        200
    );
    assert_eq!(post(&url, &[], text).status, 200, "not a browser");
}

#[test]
fn parallel_posts_get_the_same_answers_as_the_command_line() {
    let server = TestServer::with(
        Options::default(),
        Limits {
            max_checks: 2,
            ..Limits::default()
        },
    );
    let files = seed_files();
    let expected: Vec<Value> = files
        .iter()
        .map(|name| cli_findings(&root().join("tests/fixtures"), name))
        .collect();
    let bodies: Vec<Vec<u8>> = files
        .iter()
        .map(|name| std::fs::read(fixture(name)).expect("fixture"))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..40)
            .map(|i| {
                let (server, bodies, expected, files) = (&server, &bodies, &expected, &files);
                scope.spawn(move || {
                    let k = i % files.len();
                    let answer = lint_raw(server, &files[k], &bodies[k]);
                    assert_eq!(answer.status, 200, "{}", answer.body);
                    assert_eq!(answer.json()["findings"], expected[k], "{}", files[k]);
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("client");
        }
    });
}

#[test]
fn a_full_queue_answers_503_with_retry_after() {
    // The one check slot is held by the test, so every request finds the
    // queue full, and does not wait (`queue_wait` zero): 503 each time,
    // whatever the machine's load, rather than when requests happen to
    // overlap. Once the slot is free, the same report is checked.
    let server = TestServer::with(
        Options::default(),
        Limits {
            max_checks: 1,
            queue_wait: Duration::ZERO,
            ..Limits::default()
        },
    );
    let body = "某县2022年法治政府建设年度报告\n正文。\n".repeat(3000);
    let held = server.state.try_hold_check_slot().expect("a free slot");
    let statuses: Vec<(u16, Option<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|_| {
                let (server, body) = (&server, &body);
                scope.spawn(move || {
                    let answer = lint_raw(server, "a.txt", body.as_bytes());
                    (
                        answer.status,
                        answer.header("retry-after").map(str::to_string),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client"))
            .collect()
    });
    assert!(
        statuses
            .iter()
            .all(|(s, retry)| *s == 503 && retry.as_deref() == Some("2")),
        "{statuses:?}"
    );
    drop(held);
    assert_eq!(lint_raw(&server, "a.txt", body.as_bytes()).status, 200);
}

#[test]
fn the_serve_command_starts_on_a_free_port_and_answers() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rl-lint"))
        .args(["serve", "--no-config", "--port", "0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut line)
        .expect("read");
    let url = line
        .split_whitespace()
        .find_map(|word| word.split("：").find(|w| w.starts_with("http://")))
        .map(str::to_string);
    let answer = url.as_deref().map(|url| get(&format!("{url}healthz")));
    let _ = child.kill();
    let _ = child.wait();
    let url = url.unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(answer.map(|a| a.status), Some(200));
}

#[test]
fn a_client_that_stops_sending_gets_408() {
    use std::io::{Read, Write};
    let server = TestServer::with(
        Options::default(),
        Limits {
            request_timeout: Duration::from_millis(500),
            ..Limits::default()
        },
    );
    let mut stream = std::net::TcpStream::connect(server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        stream,
        "POST /api/lint?filename=a.txt HTTP/1.1\r\nHost: {}\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n某县",
        server.address
    )
    .expect("write");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request::timeout\""), "{answer}");
    // Others are served meanwhile and after.
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

#[test]
fn the_languagetool_routes_answer_as_languagetool_does() {
    let server = TestServer::start();
    let languages = get(&server.url("/v2/languages"));
    assert_eq!(languages.status, 200);
    assert!(languages.json().as_array().is_some_and(|l| !l.is_empty()));
    // A paragraph with two half-width commas between Chinese characters.
    let text = "我们加强领导,健全制度,取得成效。";
    let body = format!("language=zh-CN&text={}", urlencode(text));
    let answer = post(
        &server.url("/v2/check"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    let offsets = offsets_of(&answer.json(), "format/halfwidth-punctuation");
    assert_eq!(offsets, [6, 11]);
    // A language rl-lint does not check is refused in plain text.
    let refused = post(
        &server.url("/v2/check"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"language=de-DE&text=Hallo",
    );
    assert_eq!(refused.status, 400);
    // So is a body that is no form.
    let broken = post(&server.url("/v2/check"), &[], b"\xff\xfe");
    assert_eq!(broken.status, 400);
}

#[test]
fn the_page_offers_a_word_report_back_with_comments() {
    let server = TestServer::start();
    let text = std::fs::read_to_string(fixture("lucheng-2021.txt")).expect("fixture");
    let original = docx::from_text(&text);
    let answer = post_form(
        &server.url("/check"),
        &[("file", Some("鹿城.docx"), &original)],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("下载带批注的 Word 文档"));
    let prefix =
        "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,";
    let start = answer.body.find(prefix).expect("the copy's link") + prefix.len();
    let end = start + answer.body[start..].find('"').expect("end of the link");
    assert!(answer.body[..start].ends_with(prefix));
    assert!(answer.body.contains("download=\"鹿城.rl-lint.docx\""));
    let copy = decode_base64(&answer.body[start..end]);
    assert_eq!(
        rl_lint::input::docx::extract_text(&copy).expect("a Word document"),
        rl_lint::input::docx::extract_text(&original).expect("the original")
    );
    // A text report has no Word file to give back.
    let plain = post_form(&server.url("/check"), &[("text", None, text.as_bytes())]);
    assert!(!plain.body.contains("下载带批注的 Word 文档"));
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
            (0..chunk.len().saturating_sub(1)).map(move |k| (n >> (16 - 8 * k)) as u8)
        })
        .collect()
}
/// What the matches of an answer say, for comparing two answers.
fn match_summary(answer: &Value) -> Vec<(u64, u64, String, Value)> {
    answer["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            (
                m["offset"].as_u64().expect("offset"),
                m["length"].as_u64().expect("length"),
                m["rule"]["id"].as_str().expect("rule").to_string(),
                m["replacements"].clone(),
            )
        })
        .collect()
}

#[test]
fn an_unencoded_body_is_checked_as_it_was_typed() {
    // LibreOffice Writer 7.x posts `text=` + the paragraph + `&language=`
    // without encoding; a form encoder encodes. Both must give the
    // same matches, at the offsets of the text as typed.
    let server = TestServer::start();
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let paragraphs = [
        "研发(R&D)投入增长,截至目前共完成。",
        "完成率15%E5以上,覆盖群众3000人次。",
        "网址中的%20与A+B两项,均已完成整改。",
        "𠀀局开展学法活动,R&D+15%E5%20;共计三次&language=en。",
    ];
    for text in paragraphs {
        let raw = post(
            &server.url("/v2/check"),
            &form,
            format!("text={text}&language=zh-CN").as_bytes(),
        );
        let encoded = post(
            &server.url("/v2/check"),
            &form,
            format!("text={}&language=zh-CN", urlencode(text)).as_bytes(),
        );
        assert_eq!(raw.status, 200, "{text}: {}", raw.body);
        assert_eq!(encoded.status, 200, "{text}");
        let (raw, encoded) = (raw.json(), encoded.json());
        assert_eq!(match_summary(&raw), match_summary(&encoded), "{text}");
        // Each half-width comma is found where it was typed.
        let commas = support::languagetool::offsets_of(&raw, "format/halfwidth-punctuation");
        let at = text.find(',').expect("comma");
        assert!(
            commas.contains(&(text[..at].encode_utf16().count() as u64)),
            "{text}: {commas:?}"
        );
        // A cut paragraph would have an unpaired bracket.
        assert!(
            support::languagetool::matches_of(&raw, "format/unpaired-mark").is_empty(),
            "{text}: {raw}"
        );
    }
}
