//! A pattern that has not compiled yet answers "no match" when a text
//! lacks a literal every match needs (`Pattern::may_match`). That answer
//! must never hide a match: here every regex of the built-in packs and of
//! the code is run on every line of the fixtures and on every string of
//! the packs (their examples among them), and wherever the regex matches,
//! `may_match` must have said yes.

mod support;

use rl_lint::text::pattern::Pattern;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The files under `dir` (a folder of the repository), at any depth, whose
/// extension is one of `extensions`.
fn files_under(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder of the repository") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found
}

/// Every string of the built-in packs: the patterns, and the examples and
/// messages to run them on.
fn pack_strings() -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Sequence(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Mapping(map) => map.iter().for_each(|(k, v)| {
                walk(k, out);
                walk(v, out);
            }),
            Value::Tagged(tagged) => walk(&tagged.value, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for path in files_under("rules", &["yaml"]) {
        let text = std::fs::read_to_string(&path).expect("a pack");
        let value: Value = serde_yaml::from_str(&text).expect("YAML");
        walk(&value, &mut out);
    }
    out
}

/// The raw-string regexes written in the code as `Pattern::fixed(r"…")`.
fn code_patterns() -> Vec<String> {
    let mut out = Vec::new();
    for path in files_under("src", &["rs"]) {
        let text = std::fs::read_to_string(&path).expect("source");
        for (at, _) in text.match_indices("Pattern::fixed(") {
            let rest = text[at + "Pattern::fixed(".len()..].trim_start();
            let Some(rest) = rest.strip_prefix('r') else {
                continue;
            };
            let hashes = rest.len() - rest.trim_start_matches('#').len();
            let close = format!("\"{}", "#".repeat(hashes));
            let Some(body) = rest[hashes..].strip_prefix('"') else {
                continue;
            };
            if let Some(end) = body.find(&close) {
                out.push(body[..end].to_string());
            }
        }
    }
    out
}

/// Every line of every text fixture, and each whole text.
fn fixture_texts() -> Vec<String> {
    let mut out = Vec::new();
    for path in files_under("tests/fixtures", &["txt", "md"]) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.extend(text.lines().map(str::to_string));
            out.push(text);
        }
    }
    out
}

#[test]
fn needed_literals_never_hide_a_match() {
    let strings = pack_strings();
    // The strings that read as regexes (a message or an example seldom has
    // a metacharacter; one that does is a regex as good as any).
    let mut patterns: Vec<String> = strings
        .iter()
        .filter(|s| s.contains(['[', '(', '.', '\\', '|', '^', '$', '*', '+', '?', '{']))
        .cloned()
        .collect();
    let code = code_patterns();
    assert!(
        code.len() >= 20,
        "the code's patterns were found: {}",
        code.len()
    );
    patterns.extend(code);
    // Shapes the packs may not have: case-insensitive, byte classes,
    // repetitions, alternations of sequences, optional parts.
    patterns.extend(
        [
            "(?i)https?://",
            "(?-u:[\\x41-\\x43])b",
            "a{2,}b",
            "(甲|乙丙)+丁?",
            "(存在的|^)主要问题",
            "^[•·\\s]*(日期|时间)\\s*[:：]\\s*[0-9]{4}",
            "[（(]\\s*(?:盖章|章)\\s*[）)]$",
            "x|",
        ]
        .map(String::from),
    );
    patterns.sort();
    patterns.dedup();
    let mut texts = fixture_texts();
    texts.extend(strings);
    texts.extend(
        [
            "HTTP://a",
            "Https://",
            "AAb",
            "乙丙乙丙丁",
            "主要问题",
            "时间：2024",
            "（ 盖章）",
            "",
        ]
        .map(String::from),
    );
    texts.sort();
    texts.dedup();

    let (mut matched, mut ruled_out) = (0usize, 0usize);
    for source in &patterns {
        let Ok(regex) = regex::Regex::new(source) else {
            continue;
        };
        // Its literals read once (an empty text costs no budget).
        let fresh = Pattern::fixed(source);
        fresh.may_match("");
        for text in &texts {
            // A fresh copy per text: once compiled, or once its search
            // budget is spent, a pattern no longer looks for its literals.
            let pattern = fresh.clone();
            let may = pattern.may_match(text);
            assert!(!pattern.is_compiled());
            if regex.is_match(text) {
                matched += 1;
                assert!(
                    may,
                    "`{source}` matches {text:?}, but its literals ruled it out"
                );
            } else if !may {
                ruled_out += 1;
            }
        }
    }
    // The law is not checked on nothing: many pairs match, and most of
    // those that do not are ruled out without the regex.
    eprintln!(
        "{} patterns, {} texts: {matched} matches, {ruled_out} ruled out",
        patterns.len(),
        texts.len()
    );
    assert!(matched > 1_000, "{matched} matches");
    assert!(ruled_out > 100_000, "{ruled_out} ruled out");
}

#[test]
fn a_pattern_compiles_only_where_its_words_occur() {
    let pattern = Pattern::fixed("存在.{0,12}(问题|不足|短板)");
    assert!(!pattern.is_match("存在困难，需要改进"));
    assert!(!pattern.is_match("问题和不足"));
    assert!(pattern.find("").is_none());
    assert_eq!(pattern.find_iter("工作中的不足").count(), 0);
    assert!(pattern.captures("工作中的不足").is_none());
    assert_eq!(pattern.replace_all("工作中的不足", "x"), "工作中的不足");
    assert!(
        !pattern.is_compiled(),
        "no text held both 存在 and a problem word"
    );
    assert!(pattern.is_match("仍然存在一些问题"));
    assert!(pattern.is_compiled());
    // Compiled, it answers as the regex does.
    let text = "存在问题。十二个字以上的一句话在这里隔开它们。存在不足";
    assert_eq!(pattern.find_iter(text).count(), 2);
}

#[test]
fn a_pattern_searched_in_vain_long_enough_compiles() {
    // The literal search is paid for until it costs about a compilation;
    // then the regex (with its own prefilter) takes over.
    let pattern = Pattern::fixed("存在.{0,12}问题");
    let text = "工作".repeat(1000);
    let mut calls = 0;
    while !pattern.is_compiled() {
        assert!(!pattern.is_match(&text));
        calls += 1;
        assert!(calls < 1_000, "the search budget never ran out");
    }
    assert!(calls > 10, "compiled after {calls} searches");
    assert!(!pattern.is_match(&text));
}
