//! Documentation of the loaded rules: `--list-rules` (a table, or JSON for
//! tools) and `--explain RULE` (everything a pack says about one rule).

use super::table::{self, Align};
use crate::checks::CheckScope;
use crate::finding::Severity;
use crate::packs::{selector_matches, template, Examples, Rule, RuleSet};
use serde::Serialize;
use std::sync::Arc;

/// A one-line summary of a rule: its message with every `{placeholder}`
/// replaced by 「…」 and line breaks folded into spaces.
pub fn summary(rule: &Rule) -> String {
    one_line(&template::blank(&rule.message))
}

/// Folds runs of whitespace that contain a line break into one space.
pub fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.trim().to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `--list-rules`: one row per rule, columns aligned by display width.
pub fn list_rules<'r>(rules: impl IntoIterator<Item = &'r Arc<Rule>>) -> String {
    let mut rows = vec![[
        "id".to_string(),
        "severity".to_string(),
        "pack".to_string(),
        "summary".to_string(),
    ]];
    for rule in rules {
        rows.push([
            rule.id.clone(),
            rule.severity.to_string(),
            rule.pack.clone(),
            summary(rule),
        ]);
    }
    let count = rows.len() - 1;
    let mut out = table::render(&rows, &[Align::Left; 4]);
    out.push_str(&format!("{count} 条规则\n"));
    out
}

/// One rule in `--list-rules --format json` and `--explain --format json`.
#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    severity: Severity,
    pack: &'a str,
    kind: &'a str,
    /// `report` or `paragraph`: what the rule's check kind judges.
    scope: CheckScope,
    summary: String,
    message: &'a str,
    help: &'a str,
    basis: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    examples: Option<JsonExamples<'a>>,
    /// The fixed texts the rule compares with, each with its source
    /// (`canonical-phrase` forms, `dated-reference` events); `--explain` only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reference: Vec<JsonReference>,
}

#[derive(Serialize)]
struct JsonReference {
    text: String,
    source: String,
}

#[derive(Serialize)]
struct JsonExamples<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a str>,
    bad: &'a [String],
    good: &'a [String],
}

impl<'a> JsonRule<'a> {
    fn new(rule: &'a Rule) -> Self {
        JsonRule {
            id: &rule.id,
            severity: rule.severity,
            pack: &rule.pack,
            kind: rule.kind.name(),
            scope: rule.scope(),
            summary: summary(rule),
            message: &rule.message,
            help: &rule.help,
            basis: &rule.basis,
            origin: None,
            examples: None,
            reference: Vec::new(),
        }
    }
}

/// `--list-rules --format json`: an array of
/// `{id, severity, pack, kind, scope, summary, message, help, basis}`.
pub fn list_rules_json<'r>(rules: impl IntoIterator<Item = &'r Arc<Rule>>) -> String {
    let items: Vec<JsonRule> = rules.into_iter().map(|r| JsonRule::new(r)).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

/// `--explain RULE --format json`: the `--list-rules` object plus `origin`,
/// `examples` and, for rules that compare with fixed texts, `reference`.
pub fn explain_json(rule: &Rule) -> String {
    let item = JsonRule {
        origin: Some(&rule.origin),
        examples: Some(JsonExamples {
            baseline: rule.examples.baseline.as_deref(),
            bad: &rule.examples.bad,
            good: &rule.examples.good,
        }),
        reference: rule
            .check
            .reference()
            .into_iter()
            .map(|(text, source)| JsonReference { text, source })
            .collect(),
        ..JsonRule::new(rule)
    };
    serde_json::to_string_pretty(&item).unwrap_or_else(|_| "{}".to_string())
}

/// `--explain RULE`: the rule's metadata, texts and examples, like
/// `ruff rule`. Templates are shown as written, placeholders included.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!("{}\n\n", rule.id);
    let scope = format!("{} · {}", rule.scope().as_str(), rule.scope().meaning());
    let facts = [
        ("pack", rule.pack.as_str()),
        ("severity", rule.severity.as_str()),
        ("kind", rule.kind.name()),
        ("scope", &scope),
        ("defined in", rule.origin.as_str()),
    ];
    for (name, value) in facts {
        out.push_str(&format!("  {:<12}{value}\n", format!("{name}:")));
    }
    section(&mut out, "message · 提示", &rule.message);
    section(&mut out, "help · 修改建议", &rule.help);
    section(&mut out, "basis · 法律依据", &rule.basis);
    let reference = rule.check.reference();
    if !reference.is_empty() {
        out.push_str("\nreference · 规范表述及出处\n");
        for (text, source) in reference {
            indented(&mut out, &text, "  ");
            if !source.is_empty() {
                indented(&mut out, &format!("来源：{source}"), "    ");
            }
        }
    }
    if let Some(label) = &rule.label {
        section(&mut out, "label · 标注", label);
    }
    examples(&mut out, &rule.examples);
    out
}

fn section(out: &mut String, title: &str, body: &str) {
    out.push('\n');
    out.push_str(title);
    out.push('\n');
    indented(out, body, "  ");
}

fn indented(out: &mut String, body: &str, indent: &str) {
    for line in body.lines() {
        out.push_str(indent);
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
}

fn examples(out: &mut String, examples: &Examples) {
    if let Some(baseline) = &examples.baseline {
        out.push_str("\nexample baseline · 上年度报告，每个示例都与它对照\n");
        indented(out, baseline, "  │ ");
    }
    let groups = [
        ("bad", "反例，应报告此问题", &examples.bad),
        ("good", "正例，不应报告", &examples.good),
    ];
    for (kind, meaning, texts) in groups {
        for (i, text) in texts.iter().enumerate() {
            out.push_str(&format!("\nexample {kind} {} · {meaning}\n", i + 1));
            indented(out, text, "  │ ");
        }
    }
}

/// Why `--explain` cannot show a rule.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ExplainError {
    #[error("unknown rule `{id}`")]
    #[diagnostic(code(rl_lint::unknown_rule), help("{}", suggest(.suggestions)))]
    UnknownRule {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("`{selector}` is a pack, not a rule")]
    #[diagnostic(
        code(rl_lint::not_a_rule),
        help("explain one of its rules, e.g. `rl-lint --explain {}`:\n{}",
            .rules.first().map_or("", String::as_str),
            .rules.join("\n"))
    )]
    NotARule {
        selector: String,
        rules: Vec<String>,
    },
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => "list the rules with `rl-lint --list-rules`".to_string(),
        [one] => format!("did you mean `{one}`?"),
        many => format!(
            "did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The rule with id `id`, or an error that says what was meant.
pub fn find_rule<'r>(rules: &'r RuleSet, id: &str) -> Result<&'r Arc<Rule>, ExplainError> {
    let id = id.trim();
    if let Some(rule) = rules.rule(id) {
        return Ok(rule);
    }
    let in_pack: Vec<String> = rules
        .rules
        .iter()
        .filter(|r| !id.trim_end_matches('/').is_empty() && selector_matches(id, &r.id))
        .map(|r| r.id.clone())
        .collect();
    if !in_pack.is_empty() {
        return Err(ExplainError::NotARule {
            selector: id.to_string(),
            rules: in_pack,
        });
    }
    Err(ExplainError::UnknownRule {
        id: id.to_string(),
        suggestions: crate::packs::close_ids(rules, id),
    })
}

/// The reference of every loaded rule as Markdown, pack by pack: what
/// `docs/rules.md` holds for the built-in packs (a test keeps the two
/// equal), and what a province can generate for its own packs.
pub fn rules_markdown(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# Rules · 规则\n\n\
         <!-- Generated from the packs in rules/ by `RL_LINT_BLESS=1 cargo test --test docs`; do not edit. -->\n\n\
         Every rule of the built-in packs: its id (stable; select or ignore it by id or by pack), \
         severity, check kind and scope, the message report writers see (「…」 stands for the \
         text found), how to fix it, and the regulation or standard it rests on. \
         `rl-lint --explain RULE` shows one rule with its examples.\n",
    );
    for (pack, description) in &rules.packs {
        let in_pack: Vec<&Arc<Rule>> = rules.rules.iter().filter(|r| &r.pack == pack).collect();
        if in_pack.is_empty() {
            continue;
        }
        let types: Vec<&str> = in_pack[0]
            .types
            .iter()
            .filter_map(|&t| rules.types.get(t))
            .map(|t| t.label.as_str())
            .collect();
        let runs_on = if types.is_empty() {
            "every report".to_string()
        } else {
            types.join("、")
        };
        out.push_str(&format!(
            "\n## `{pack}`\n\n{}\n\nRuns on: {runs_on}. Rules: {}.\n\n",
            markdown_cell(description),
            in_pack.len()
        ));
        out.push_str("| Rule | Severity | Message · 提示 | Help · 修改建议 | Basis · 依据 |\n|---|---|---|---|---|\n");
        for rule in in_pack {
            out.push_str(&format!(
                "| `{}`<br>{} · {} | {} | {} | {} | {} |\n",
                rule.id,
                rule.kind,
                rule.scope().as_str(),
                rule.severity.as_str(),
                markdown_cell(&summary(rule)),
                markdown_cell(&one_line(&rule.help)),
                markdown_cell(&one_line(&rule.basis)),
            ));
        }
    }
    out
}

/// Text made safe for one cell of a Markdown table: pipes escaped, line
/// breaks folded, and HTML-looking brackets escaped.
fn markdown_cell(text: &str) -> String {
    one_line(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> RuleSet {
        RuleSet::load(&[], true).expect("built-in packs load")
    }

    #[test]
    fn line_breaks_fold_into_one_space() {
        assert_eq!(one_line("第一行\n  第二行"), "第一行 第二行");
    }

    #[test]
    fn finds_rules_and_suggests_close_ids() {
        let rules = builtin();
        assert!(find_rule(&rules, "core/plan-missing").is_ok());
        match find_rule(&rules, "core/plan-mising") {
            Err(ExplainError::UnknownRule { suggestions, .. }) => {
                assert_eq!(
                    suggestions.first().map(String::as_str),
                    Some("core/plan-missing")
                )
            }
            other => panic!("expected UnknownRule, got {other:?}"),
        }
        // The name without its pack.
        match find_rule(&rules, "vague-time") {
            Err(ExplainError::UnknownRule { suggestions, .. }) => {
                assert_eq!(suggestions, vec!["hygiene/vague-time".to_string()])
            }
            other => panic!("expected UnknownRule, got {other:?}"),
        }
        match find_rule(&rules, "zzzz/qqqq-xxxxxxxx") {
            Err(ExplainError::UnknownRule { suggestions, .. }) => assert!(suggestions.is_empty()),
            other => panic!("expected UnknownRule, got {other:?}"),
        }
    }

    #[test]
    fn a_pack_is_not_a_rule() {
        let rules = builtin();
        for selector in ["format", "format/"] {
            match find_rule(&rules, selector) {
                Err(ExplainError::NotARule { rules: ids, .. }) => {
                    assert!(ids.iter().all(|id| id.starts_with("format/")));
                    assert!(ids.contains(&"format/enum-sequence".to_string()));
                }
                other => panic!("expected NotARule, got {other:?}"),
            }
        }
        assert!(matches!(
            find_rule(&rules, "/"),
            Err(ExplainError::UnknownRule { .. })
        ));
    }

    #[test]
    fn explain_shows_the_scope_of_the_check_kind() {
        let rules = builtin();
        let report = find_rule(&rules, "core/plan-missing").expect("rule");
        assert!(explain(report).contains("scope:      report · 整篇报告"));
        let json: serde_json::Value = serde_json::from_str(&explain_json(report)).expect("json");
        assert_eq!(json["scope"], "report");
        let paragraph = rules
            .rules
            .iter()
            .find(|r| r.kind.name() == "halfwidth-punctuation")
            .expect("a punctuation rule");
        assert!(explain(paragraph).contains("scope:      paragraph · 段落"));
        let json: serde_json::Value = serde_json::from_str(&explain_json(paragraph)).expect("json");
        assert_eq!(json["scope"], "paragraph");
    }

    #[test]
    fn explain_shows_the_canonical_text_and_its_source() {
        let rules = builtin();
        let rule = find_rule(&rules, "wording/rule-of-law-government-goal").unwrap();
        let text = explain(rule);
        assert!(text.contains("reference · 规范表述及出处"), "{text}");
        assert!(text.contains(
            "  职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府\n    来源：《法治政府建设实施纲要（2021—2025年）》"
        ), "{text}");
        let json: serde_json::Value = serde_json::from_str(&explain_json(rule)).unwrap();
        assert_eq!(json["reference"].as_array().map(Vec::len), Some(2));
        assert!(json["reference"][0]["source"]
            .as_str()
            .unwrap()
            .contains("2021—2025"));
        let dated = find_rule(&rules, "wording/before-20th-congress").unwrap();
        assert!(explain(dated).contains("党的二十大：2022年10月16日"));
        // Rules without fixed texts have no such section or field.
        let plain = find_rule(&rules, "core/plan-missing").unwrap();
        assert!(!explain(plain).contains("reference"));
        assert!(!explain_json(plain).contains("reference"));
    }

    #[test]
    fn list_aligns_columns_and_summaries_are_one_line() {
        let rules = builtin();
        let table = list_rules(&rules.rules);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), rules.rules.len() + 2, "header + rules + count");
        let summary_column = |line: &str| {
            let at = line
                .find("summary")
                .or_else(|| line.find(|c: char| !c.is_ascii()));
            at.map(|i| unicode_width::UnicodeWidthStr::width(&line[..i]))
        };
        let header = summary_column(lines[0]);
        assert!(header.is_some());
        for line in &lines[1..lines.len() - 1] {
            assert_eq!(summary_column(line), header, "misaligned: {line}");
        }
    }
}
