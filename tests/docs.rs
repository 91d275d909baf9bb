//! The reference in docs/ cannot drift from the packs: docs/rules.md is
//! generated from the built-in packs, and every local link of the README
//! and docs/ leads to a file and heading that exist. After changing a pack,
//! regenerate with `RL_LINT_BLESS=1 cargo test --test docs`.

mod support;

use rl_lint::packs::RuleSet;
use rl_lint::render::rule_docs::rules_markdown;
use std::path::{Path, PathBuf};
use support::fixtures::root;

#[test]
fn the_rule_reference_is_generated_from_the_packs() {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    let generated = rules_markdown(&rules);
    let path = root().join("docs/rules.md");
    if std::env::var_os("RL_LINT_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
        return;
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/rules.md differs from the packs; regenerate it with \
         `RL_LINT_BLESS=1 cargo test --test docs` and review the diff"
    );
    for rule in &rules.rules {
        assert!(
            written.contains(&format!("`{}`", rule.id)),
            "{} is missing",
            rule.id
        );
    }
}

#[test]
fn every_check_kind_and_configuration_key_is_documented() {
    let kinds = std::fs::read_to_string(root().join("docs/check-kinds.md")).expect("read");
    for kind in rl_lint::checks::KINDS {
        assert!(
            kinds.contains(&format!("| `{kind}` |")),
            "docs/check-kinds.md has no row for `{kind}`"
        );
    }
    let config = std::fs::read_to_string(root().join("docs/configuration.md")).expect("read");
    for key in rl_lint::engine::config::KEYS {
        assert!(
            config.contains(&format!("| `{key}` |")),
            "docs/configuration.md has no row for `{key}`"
        );
    }
}

/// GitHub's anchor for a heading: lowercased, spaces to hyphens, and
/// punctuation other than `-` and `_` dropped (Chinese characters stay).
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if let Some(text) = line.strip_prefix('#') {
            let text = text.trim_start_matches('#');
            let text = text.replace('`', "");
            let base = slug(&text);
            // Repeated headings get -1, -2, … as on GitHub.
            let mut candidate = base.clone();
            let mut n = 0;
            while out.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            out.push(candidate);
        }
    }
    out
}

/// `[text](target)` links outside code, with their line numbers.
fn links(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((i + 1, after[..end].to_string()));
            rest = &after[end..];
        }
    }
    out
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![
        root().join("README.md"),
        root().join("CONTRIBUTING.md"),
        root().join("CHANGELOG.md"),
    ];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_local_link_leads_to_a_file_and_heading() {
    let mut broken = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).expect("read markdown");
        for (line, target) in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let dest: &Path = if path.is_empty() {
                &file
            } else {
                &file.parent().expect("parent").join(path)
            };
            let shown = format!(
                "{}:{line}: {target}",
                file.strip_prefix(root()).unwrap_or(&file).display()
            );
            if !dest.exists() {
                broken.push(format!("{shown} (no such file)"));
                continue;
            }
            if let Some(anchor) = anchor {
                let dest_text = std::fs::read_to_string(dest).unwrap_or_default();
                if !anchors(&dest_text).iter().any(|a| a == anchor) {
                    broken.push(format!("{shown} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn slugs_follow_github() {
    assert_eq!(slug("Performance · 性能"), "performance--性能");
    assert_eq!(
        slug("`--list-rules` and `--explain`".replace('`', "").as_str()),
        "--list-rules-and---explain"
    );
    assert_eq!(anchors("# A\n## A\n```\n# not\n```\n"), ["a", "a-1"]);
}
