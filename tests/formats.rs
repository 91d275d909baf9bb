//! End-to-end tests of the output formats (`concise`, `github`, `sarif`),
//! `--statistics`, `--list-rules` and `--explain`: snapshots on a seed
//! report, the SARIF log validated against the official SARIF 2.1.0 schema
//! (vendored as `tests/sarif-schema-2.1.0.json`), GitHub escaping, and the
//! positions of every format cross-checked with `--format json`.
//!
//! The seed reports in `tests/fixtures` are read in place and never
//! modified; variants (other encodings, file names) are written to a
//! temporary folder.

mod support;

use rl_lint::packs::RuleSet;
use serde_json::Value;
use support::cli::{json_findings, num_field, run, run_in, str_field};
use support::fixtures::{root, write_temp, SEEDS};

/// The seed the format snapshots are taken on: it has findings of every
/// severity, related locations and a `%` in a message.
const SEED: &str = "tests/fixtures/xuwen-2024.txt";

fn seed_paths() -> Vec<String> {
    SEEDS
        .iter()
        .map(|name| format!("tests/fixtures/{name}.txt"))
        .collect()
}

fn builtin_rules() -> RuleSet {
    RuleSet::load(&[], true).expect("built-in packs load")
}

/// A user pack with one rule, for `--rules`.
const USER_PACK: &str = r#"pack: demo
description: 测试用规则包
rules:
  - id: demo/no-weixin
    severity: info
    kind: forbidden-pattern
    patterns: [微信]
    message: 出现了「{found}」
    help: 改为正式名称
    basis: 示例
    examples:
      bad: ["某局2022年法治政府建设年度报告\n开通微信公众号。"]
      good: ["某局2022年法治政府建设年度报告\n开通公众号。"]
"#;

fn seed_text() -> String {
    std::fs::read_to_string(root().join(SEED)).expect("seed")
}

// ---------------------------------------------------------------------------
// json
// ---------------------------------------------------------------------------

/// The JSON contract (fields, their order and types) pinned on one short
/// report: a finding with related locations and a fix of two edits, one
/// with a fix of one edit, one without a fix. The findings of every seed
/// are pinned in the compact listing (`tests/snapshots.rs`).
#[test]
fn json_contract_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("report.txt"),
        "某局2022年法治政府建设年度报告\n(一)主要举措和成效\n我局开展普法活动12次,覆盖群众3000人次。\n(二)存在的不足和原因\n",
    )
    .expect("write report");
    let out = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "json",
            "--select",
            "format/halfwidth-punctuation,format/heading-scheme,core/signer-missing",
            "report.txt",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert_eq!(findings.len(), 3, "{}", out.stdout);
    assert!(findings.iter().any(|f| f.get("fix").is_none()));
    snapshot!("formats.json-contract", out.stdout);
}

// ---------------------------------------------------------------------------
// concise
// ---------------------------------------------------------------------------

#[test]
fn concise_snapshot() {
    let out = run(["--format", "concise", SEED]);
    assert_eq!(out.code, 1, "the seed has errors: {}", out.stderr);
    snapshot!("formats.xuwen-2024.concise", out.stdout);
}

#[test]
fn concise_is_one_line_per_finding_at_the_json_position() {
    let paths = seed_paths();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let findings = json_findings(&args);
    let mut concise_args = vec!["--format", "concise"];
    concise_args.extend_from_slice(&args);
    let out = run(&concise_args);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1, "findings + summary line");
    assert!(lines[lines.len() - 1].contains("个错误"));
    // JSON is sorted by path then offset, concise by the order given then
    // offset: the seeds are given in path order, so the lines correspond.
    for (line, finding) in lines.iter().zip(&findings) {
        let expected = format!(
            "{}:{}:{}: {}[{}] ",
            str_field(finding, "path"),
            num_field(finding, "line"),
            num_field(finding, "column"),
            str_field(finding, "severity"),
            str_field(finding, "rule"),
        );
        assert!(line.starts_with(&expected), "{line}\nexpected {expected}");
        assert!(line.ends_with(str_field(finding, "message")), "{line}");
    }
}

// ---------------------------------------------------------------------------
// github
// ---------------------------------------------------------------------------

#[test]
fn github_snapshot() {
    let out = run(["--format", "github", SEED]);
    assert_eq!(out.code, 1, "exit code as for any format: {}", out.stderr);
    snapshot!("formats.xuwen-2024.github", out.stdout);
}

#[test]
fn github_annotations_are_single_escaped_lines() {
    let paths = seed_paths();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let findings = json_findings(&args);
    let mut github_args = vec!["--format", "github"];
    github_args.extend_from_slice(&args);
    let out = run(&github_args);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        findings.len(),
        "one line per finding, no summary"
    );
    for (line, finding) in lines.iter().zip(&findings) {
        let command = match str_field(finding, "severity") {
            "error" => "::error ",
            "warning" => "::warning ",
            _ => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        let (properties, message) = line[2..]
            .split_once("::")
            .unwrap_or_else(|| panic!("no message in {line}"));
        let expected = format!(
            "file={},line={},col={},endLine={},endColumn={},title={}",
            str_field(finding, "path"),
            num_field(finding, "line"),
            num_field(finding, "column"),
            num_field(finding, "end_line"),
            num_field(finding, "end_column"),
            str_field(finding, "rule"),
        );
        assert!(properties.ends_with(&expected), "{line}");
        // Message and help, joined by an escaped line break; a literal `%`
        // is escaped first, so every `%` starts an escape.
        assert!(message.contains("%0A"), "{line}");
        assert!(!message.contains('\r'));
        for (i, _) in message.match_indices('%') {
            let escape = &message[i..(i + 3).min(message.len())];
            assert!(["%25", "%0A", "%0D"].contains(&escape), "{line}");
        }
    }
    assert!(
        out.stdout.contains("数字「19.73.%25」格式错误"),
        "`%` is escaped"
    );
}

#[test]
fn github_escapes_properties() {
    let (dir, path) = write_temp("a,b:c.txt", seed_text().as_bytes());
    let out = run([
        "--format".as_ref(),
        "github".as_ref(),
        "--select".as_ref(),
        "hygiene/malformed-number".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let shown = dir.path().join("a%2Cb%3Ac.txt").display().to_string();
    let expected = format!("::error file={}", shown.replace(':', "%3A"));
    assert!(out.stdout.starts_with(&expected), "{}", out.stdout);
}

// ---------------------------------------------------------------------------
// sarif
// ---------------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let schema_path = root().join("tests/sarif-schema-2.1.0.json");
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file"))
            .expect("schema is JSON");
    // The published schema's pattern for `language` (of a run and of a tool
    // component) has a stray `]`, which the meta-schema rejects as a regex;
    // rl-lint never emits `language`, so fixing the pattern weakens no
    // check of our output.
    for object in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][object]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

/// What a consumer relies on beyond the schema: ids and indexes agree,
/// every loaded rule is described, positions equal the JSON output's.
fn check_sarif_against_json(log: &Value, findings: &[Value], rule_count: usize) {
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "rl-lint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), rule_count, "every loaded rule is described");
    for rule in rules {
        for key in ["pack", "basis", "kind"] {
            assert!(rule["properties"][key].is_string(), "{key} in {rule}");
        }
        assert!(!str_field(&rule["shortDescription"], "text").contains('\n'));
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    let mut results: Vec<&Value> = results.iter().collect();
    let key = |uri: &str, line: usize, column: usize, rule: &str| {
        (uri.to_string(), line, column, rule.to_string())
    };
    results.sort_by_key(|r| {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        key(
            str_field(
                &r["locations"][0]["physicalLocation"]["artifactLocation"],
                "uri",
            ),
            num_field(region, "startLine"),
            num_field(region, "startColumn"),
            str_field(r, "ruleId"),
        )
    });
    let mut findings: Vec<&Value> = findings.iter().collect();
    findings.sort_by_key(|f| {
        key(
            str_field(f, "path"),
            num_field(f, "line"),
            num_field(f, "column"),
            str_field(f, "rule"),
        )
    });
    for (result, finding) in results.iter().zip(&findings) {
        let index = num_field(result, "ruleIndex");
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at ruleId"
        );
        assert_eq!(result["ruleId"], finding["rule"]);
        assert_eq!(
            str_field(&result["message"], "text"),
            str_field(finding, "message")
        );
        let level = match str_field(finding, "severity") {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        let location = &result["locations"][0];
        let region = &location["physicalLocation"]["region"];
        for (sarif_key, json_key) in [
            ("startLine", "line"),
            ("startColumn", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
            ("byteOffset", "offset"),
            ("byteLength", "length"),
        ] {
            assert_eq!(
                num_field(region, sarif_key),
                num_field(finding, json_key),
                "{sarif_key}"
            );
        }
        assert_eq!(location["message"]["text"], finding["label"]);
        let related = finding["related"].as_array().expect("related");
        let sarif_related = result["relatedLocations"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        assert_eq!(sarif_related.len(), related.len());
        for (i, (s, j)) in sarif_related.iter().zip(related).enumerate() {
            assert_eq!(num_field(s, "id"), i + 1);
            assert_eq!(s["message"]["text"], j["label"]);
            let region = &s["physicalLocation"]["region"];
            assert_eq!(num_field(region, "startLine"), num_field(j, "line"));
            assert_eq!(num_field(region, "startColumn"), num_field(j, "column"));
            assert_eq!(num_field(region, "byteOffset"), num_field(j, "offset"));
        }
    }
}

#[test]
fn sarif_is_valid_and_agrees_with_json_on_every_seed() {
    let paths = seed_paths();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let findings = json_findings(&args);
    let mut sarif_args = vec!["--format", "sarif"];
    sarif_args.extend_from_slice(&args);
    let out = run(&sarif_args);
    assert_eq!(out.code, 1, "exit code as for any format: {}", out.stderr);
    let log = out.json();
    assert_valid_sarif(&log);
    check_sarif_against_json(&log, &findings, builtin_rules().rules.len());
}

#[test]
fn sarif_describes_user_rules_and_encodes_file_names() {
    let (dir, pack) = write_temp("demo.yaml", USER_PACK.as_bytes());
    let report = dir.path().join("报告 #1.txt");
    std::fs::write(&report, seed_text()).expect("write report");
    let out = run([
        "--format".as_ref(),
        "sarif".as_ref(),
        "--rules".as_ref(),
        pack.as_os_str(),
        report.as_os_str(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log = out.json();
    assert_valid_sarif(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), builtin_rules().rules.len() + 1);
    let demo = rules.last().expect("user rule last");
    assert_eq!(demo["id"], "demo/no-weixin");
    assert_eq!(demo["defaultConfiguration"]["level"], "note");
    assert_eq!(demo["shortDescription"]["text"], "出现了「…」");
    let uri = str_field(
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
        "uri",
    );
    assert!(uri.starts_with("file:///"), "absolute path: {uri}");
    assert!(
        uri.ends_with("/%E6%8A%A5%E5%91%8A%20%231.txt"),
        "percent-encoded: {uri}"
    );
}

#[test]
fn sarif_gives_byte_offsets_only_into_utf8_files() {
    let text = seed_text();
    let select = ["--format", "sarif", "--select", "hygiene/malformed-number"];
    let region_of = |bytes: Vec<u8>| {
        let (_dir, path) = write_temp("report.txt", &bytes);
        let mut args: Vec<&std::ffi::OsStr> = select.iter().map(|s| s.as_ref()).collect();
        args.push(path.as_os_str());
        let out = run(&args);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let log = out.json();
        assert_valid_sarif(&log);
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].clone()
    };
    let offset = text.find("19.73.%").expect("the seed's garbled number");
    let plain = region_of(text.as_bytes().to_vec());
    assert_eq!(num_field(&plain, "byteOffset"), offset);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    let bom = region_of(with_bom);
    assert_eq!(
        num_field(&bom, "byteOffset"),
        offset + 3,
        "the BOM is in the file"
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let wide = region_of(utf16);
    assert!(wide.get("byteOffset").is_none(), "{wide}");
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert_eq!(wide[key], plain[key], "{key} is the same in any encoding");
    }
}

/// The schema check can fail: a log broken in ways a careless change could
/// break it is rejected.
#[test]
fn sarif_schema_rejects_broken_logs() {
    let log = run(["--format", "sarif", SEED]).json();
    assert_valid_sarif(&log);
    let validator = sarif_validator();
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 4] = [
        ("no tool name", |log| {
            log["runs"][0]["tool"]["driver"]
                .as_object_mut()
                .map(|d| d.remove("name"));
        }),
        ("level `info`", |log| {
            log["runs"][0]["results"][0]["level"] = Value::from("info");
        }),
        ("line 0", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                ["startLine"] = Value::from(0);
        }),
        ("result without message", |log| {
            log["runs"][0]["results"][0]
                .as_object_mut()
                .map(|r| r.remove("message"));
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = log.clone();
        breakage(&mut broken);
        assert!(!validator.is_valid(&broken), "{what} passed the schema");
    }
}

#[test]
fn sarif_snapshot() {
    let out = run(["--format", "sarif", SEED]);
    let mut log = out.json();
    // Keep the snapshot to the rules the results use (the full list is
    // checked above) and independent of the version number. (Parsing sorts
    // the keys; the schema test checks the real output.)
    let used: Vec<Value> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["ruleId"].clone())
        .collect();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["version"] = Value::from("[version]");
    let rules = driver["rules"].as_array_mut().expect("rules");
    rules.retain(|rule| used.contains(&rule["id"]));
    snapshot!(
        "formats.xuwen-2024.sarif",
        serde_json::to_string_pretty(&log).expect("JSON")
    );
}

// ---------------------------------------------------------------------------
// --statistics
// ---------------------------------------------------------------------------

#[test]
fn statistics_snapshot_of_all_seeds() {
    let mut args = vec!["--statistics".to_string()];
    args.extend(seed_paths());
    let out = run(&args);
    assert_eq!(out.code, 1, "exit code as without --statistics");
    snapshot!("formats.statistics", out.stdout);
}

#[test]
fn statistics_json_counts_every_finding() {
    let paths = seed_paths();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let findings = json_findings(&args);
    let mut stats_args = vec!["--statistics", "--format", "json"];
    stats_args.extend_from_slice(&args);
    let out = run(&stats_args);
    assert_eq!(out.code, 1);
    let rows = out.json().as_array().expect("array").clone();
    let total: usize = rows.iter().map(|r| num_field(r, "count")).sum();
    assert_eq!(total, findings.len());
    for row in &rows {
        let rule = str_field(row, "rule");
        let of_rule: Vec<&Value> = findings.iter().filter(|f| f["rule"] == rule).collect();
        assert_eq!(num_field(row, "count"), of_rule.len(), "{rule}");
        let mut files: Vec<&str> = of_rule.iter().map(|f| str_field(f, "path")).collect();
        files.dedup();
        assert_eq!(num_field(row, "files"), files.len(), "{rule}");
        assert_eq!(row["severity"], of_rule[0]["severity"]);
    }
    let order: Vec<(std::cmp::Reverse<usize>, &str)> = rows
        .iter()
        .map(|r| {
            (
                std::cmp::Reverse(num_field(r, "count")),
                str_field(r, "rule"),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "count descending, then rule id");
}

#[test]
fn statistics_of_a_clean_report() {
    let (_dir, path) = write_temp("clean.txt", "某局2022年法治政府建设年度报告\n".as_bytes());
    let out = run([
        "--statistics".as_ref(),
        "--select".as_ref(),
        "hygiene/malformed-number".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "未发现问题\n"));
}

// ---------------------------------------------------------------------------
// --list-rules
// ---------------------------------------------------------------------------

#[test]
fn list_rules_snapshot() {
    let out = run(["--list-rules"]);
    assert_eq!(out.code, 0, "no files needed: {}", out.stderr);
    snapshot!("formats.list-rules", out.stdout);
}

#[test]
fn list_rules_json_has_every_rule() {
    let out = run(["--list-rules", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = out.json().as_array().expect("array").clone();
    let rules = builtin_rules();
    assert_eq!(rows.len(), rules.rules.len());
    for (row, rule) in rows.iter().zip(&rules.rules) {
        assert_eq!(str_field(row, "id"), rule.id);
        assert_eq!(str_field(row, "severity"), rule.severity.as_str());
        assert_eq!(str_field(row, "pack"), rule.pack);
        assert_eq!(str_field(row, "kind"), rule.kind.name());
        assert_eq!(str_field(row, "message"), rule.message);
        assert_eq!(str_field(row, "help"), rule.help);
        assert_eq!(str_field(row, "basis"), rule.basis);
        let summary = str_field(row, "summary");
        assert!(
            !summary.is_empty() && !summary.contains(['{', '\n']),
            "{summary}"
        );
    }
}

#[test]
fn list_rules_follows_loaded_packs_and_selection() {
    let (_dir, pack) = write_temp("demo.yaml", USER_PACK.as_bytes());
    let only_user = run([
        "--list-rules".as_ref(),
        "--no-builtin".as_ref(),
        "--rules".as_ref(),
        pack.as_os_str(),
    ]);
    assert_eq!(only_user.code, 0, "{}", only_user.stderr);
    let lines: Vec<&str> = only_user.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", only_user.stdout);
    assert!(lines[1].starts_with("demo/no-weixin  info      demo  出现了「…」"));

    let selected = run([
        "--list-rules",
        "--select",
        "hygiene",
        "--ignore",
        "hygiene/vague-time",
    ]);
    assert_eq!(selected.code, 0);
    let ids: Vec<&str> = selected
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| id.contains('/'))
        .collect();
    assert_eq!(
        ids,
        [
            "hygiene/web-residue",
            "hygiene/table-residue",
            "hygiene/malformed-number",
            "hygiene/percent-over-100",
            "hygiene/merged-paragraphs",
            "hygiene/pasted-url",
            "hygiene/pinyin-residue"
        ]
    );
}

// ---------------------------------------------------------------------------
// --explain
// ---------------------------------------------------------------------------

#[test]
fn explain_snapshot() {
    let out = run(["--explain", "core/plan-year-mismatch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("formats.explain", out.stdout);
}

#[test]
fn explain_every_builtin_rule() {
    for rule in &builtin_rules().rules {
        let out = run(["--explain", rule.id.as_str()]);
        assert_eq!(out.code, 0, "{}: {}", rule.id, out.stderr);
        assert!(out.stdout.starts_with(&format!("{}\n", rule.id)));
        for expected in [
            rule.pack.as_str(),
            rule.kind.name(),
            rule.origin.as_str(),
            rule.basis.as_str(),
        ] {
            assert!(out.stdout.contains(expected), "{}: {expected}", rule.id);
        }
        for example in rule.examples.bad.iter().chain(&rule.examples.good) {
            for line in example.lines() {
                assert!(
                    out.stdout.contains(&format!("  │ {line}\n")),
                    "{}: example line {line:?} not shown",
                    rule.id
                );
            }
        }
        let json = run(["--explain", rule.id.as_str(), "--format", "json"]).json();
        assert_eq!(json["id"], rule.id.as_str());
        assert_eq!(
            json["examples"]["bad"].as_array().map(Vec::len),
            Some(rule.examples.bad.len())
        );
    }
}

#[test]
fn explain_unknown_rule_suggests_close_ids() {
    let out = run(["--explain", "core/plan-mising"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("unknown rule `core/plan-mising`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `core/plan-missing`?"),
        "{}",
        out.stderr
    );

    let nothing_close = run(["--explain", "zzz/qqqqqqqq"]);
    assert_eq!(nothing_close.code, 2);
    assert!(
        nothing_close.stderr.contains("--list-rules"),
        "{}",
        nothing_close.stderr
    );
}

#[test]
fn explain_a_pack_lists_its_rules() {
    let out = run(["--explain", "hygiene/"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is a pack, not a rule"),
        "{}",
        out.stderr
    );
    for rule in builtin_rules().rules.iter().filter(|r| r.pack == "hygiene") {
        assert!(out.stderr.contains(&rule.id), "{} not listed", rule.id);
    }
}

#[test]
fn explain_and_list_rules_take_no_files() {
    let both = run(["--explain", "core/plan-missing", SEED]);
    assert_eq!(both.code, 2, "--explain takes no files: {}", both.stdout);
    let list_and_stats = run(["--list-rules", "--statistics"]);
    assert_eq!(list_and_stats.code, 2);
}
