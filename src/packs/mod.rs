//! Rule packs. In: YAML files (the built-in ones in `rules/`, compiled in,
//! and the user's). Out: a [`RuleSet`]: the report types, the parts
//! catalogue and the rules, each a generic check kind (`crate::checks`)
//! with its parameters, message, severity and legal basis. Loading
//! validates every rule and points at the YAML line of any problem.

// A pack error carries the YAML source to point into; it happens at most
// once per run, so its size does not matter.
#![allow(clippy::result_large_err)]

mod builder;
mod error;
pub mod gate;
pub mod locate;
pub mod report_type;
mod split;
pub mod template;

/// The parts catalogue, below the document model; re-exported here.
pub use crate::schema::parts;
pub use builder::RuleSetBuilder;
pub use error::PackError;

use crate::checks::{self, Check};
use crate::document::{PageResidue, TitleWords};
use crate::finding::Severity;
use crate::schema::parts::PartCatalog;
use report_type::ReportType;
use serde::Deserialize;
use std::sync::Arc;

/// Packs compiled into the binary.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("rules/core.yaml", include_str!("../../rules/core.yaml")),
    ("rules/format.yaml", include_str!("../../rules/format.yaml")),
    (
        "rules/hygiene.yaml",
        include_str!("../../rules/hygiene.yaml"),
    ),
    (
        "rules/content.yaml",
        include_str!("../../rules/content.yaml"),
    ),
    (
        "rules/wording.yaml",
        include_str!("../../rules/wording.yaml"),
    ),
    (
        "rules/gongkai.yaml",
        include_str!("../../rules/gongkai.yaml"),
    ),
    ("rules/layout.yaml", include_str!("../../rules/layout.yaml")),
];

// The built-in packs as JSON, written by build.rs from `rules/*.yaml`.
include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The JSON form of the built-in pack whose YAML is `src` at `path`, when
/// build.rs wrote one for that very text.
fn builtin_json(path: &str, src: &str) -> Option<&'static str> {
    BUILTIN_JSON
        .iter()
        .find(|(p, len, _)| *p == path && *len == src.len())
        .map(|(_, _, json)| *json)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Last year's report, for rules that compare with one: every `bad`
    /// and `good` example is checked against it.
    #[serde(default)]
    pub baseline: Option<String>,
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub pack: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub basis: String,
    /// Overrides the check's default label text.
    pub label: Option<String>,
    pub examples: Examples,
    /// 1-based YAML lines of `examples.bad` and `examples.good`, found
    /// when first asked for ([`Rule::example_lines`]).
    example_lines: std::sync::OnceLock<(Vec<usize>, Vec<usize>)>,
    /// The pack's YAML, the byte range of the rule in it and its first
    /// line (0-based), for `example_lines`.
    source: Arc<str>,
    source_range: std::ops::Range<usize>,
    first_line: usize,
    pub kind: checks::CheckKind,
    pub check: Box<dyn Check>,
    /// Where the rule is defined, for messages about it.
    pub origin: String,
    /// The report types (indices into `RuleSet::types`) the rule runs on;
    /// empty: every report (a general pack).
    pub types: Vec<usize>,
    /// The rule's slot in its rule set's [`gate::Gate`], when its check
    /// names the literals it needs ([`Check::triggers`]); `None`: it runs
    /// on every report.
    pub gate: Option<usize>,
}

impl Rule {
    /// 1-based YAML lines of `examples.bad` and `examples.good` (for
    /// `rl-lint test-rules`), found in the rule's own lines the first
    /// time they are asked for: a check needs none of them.
    pub fn example_lines(&self) -> &(Vec<usize>, Vec<usize>) {
        self.example_lines.get_or_init(|| {
            let rule_src = self
                .source
                .get(self.source_range.clone())
                .unwrap_or_default();
            let lines = |key: &str, examples: &[String]| -> Vec<usize> {
                locate::example_lines(rule_src, 0, usize::MAX, key, examples)
                    .into_iter()
                    .map(|line| line + self.first_line)
                    .collect()
            };
            (
                lines("bad", &self.examples.bad),
                lines("good", &self.examples.good),
            )
        })
    }

    /// Whether the rule runs on a report of type `ty` (`None`: no known type).
    pub fn runs_on(&self, ty: Option<usize>) -> bool {
        self.types.is_empty() || ty.is_some_and(|t| self.types.contains(&t))
    }
}

impl Rule {
    /// Whether the rule judges the whole report or any paragraph: a
    /// property of its check kind.
    pub fn scope(&self) -> checks::CheckScope {
        self.kind.scope()
    }
}

/// All loaded packs: the part definitions and the rules, in load order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub parts: PartCatalog,
    pub rules: Vec<Arc<Rule>>,
    pub packs: Vec<(String, String)>,
    /// The report types the packs declare, in load order.
    pub types: Vec<ReportType>,
    /// The title words of every type at once: for reading a report whose
    /// type is not known yet.
    pub title_words: TitleWords,
    /// What the rules marked `page_residue` say page residue is: handed to
    /// the document model, which does not read it as report text.
    pub page_residue: PageResidue,
    /// The literals of every gated rule in one automaton: a report is
    /// scanned once for all of them.
    pub gate: Arc<gate::Gate>,
}

impl RuleSet {
    /// The built-in packs plus the given user packs.
    pub fn load(extra: &[std::path::PathBuf], builtin: bool) -> Result<RuleSet, PackError> {
        let mut builder = RuleSetBuilder::default();
        if builtin {
            builder = builder.with_builtin()?;
        }
        for path in extra {
            builder.add_path(path)?;
        }
        builder.build()
    }

    pub fn rule(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether `selector` names a rule id or an id prefix (`format/`, `core`).
    pub fn matches_any(&self, selector: &str) -> bool {
        self.rules.iter().any(|r| selector_matches(selector, &r.id))
    }
}

/// Up to three rule ids close to a misspelt `selector`, closest first: by
/// the whole id or by the name after the pack (`plan-mising`).
pub fn close_ids(rules: &RuleSet, selector: &str) -> Vec<String> {
    let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let wanted = name(selector);
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = rules
        .rules
        .iter()
        .filter_map(|rule| {
            let distance = strsim::levenshtein(selector, &rule.id)
                .min(strsim::levenshtein(&wanted, &name(&rule.id)));
            (distance <= limit).then_some((distance, rule.id.as_str()))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// `core` and `core/` select every rule of the pack; a full id selects one rule.
pub fn selector_matches(selector: &str, id: &str) -> bool {
    let selector = selector.trim_end_matches('/');
    id == selector
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Value;

    /// The built-in packs load lazily (their regexes compile when first
    /// used, and a lazy pattern that cannot compile would match nothing):
    /// here every one of their patterns is compiled, with the limits.
    #[test]
    fn every_builtin_pattern_compiles() {
        let rules = crate::text::pattern::eagerly(|| RuleSet::load(&[], true));
        assert!(rules.is_ok(), "{:?}", rules.err());
    }

    /// The JSON that build.rs writes holds the same values as the YAML.
    #[test]
    fn builtin_json_is_the_yaml() {
        // The packs are added in order, as a run adds them.
        let mut builder = RuleSetBuilder::default();
        for (path, src) in BUILTIN_PACKS {
            let json = builtin_json(path, src).expect("build.rs wrote the JSON of every pack");
            let from_yaml: Value = serde_yaml::from_str(src).expect("YAML");
            let from_json: Value = serde_json::from_str(json).expect("JSON");
            assert_eq!(split::presplit(&from_yaml), from_json, "{path}");
            // Read from the JSON, each rule is what it is read from the YAML.
            let (from_json, from_yaml) = (
                builder::read_builtin(path, src).expect("JSON"),
                builder::read_yaml(path, src).expect("YAML"),
            );
            assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"), "{path}");
            builder.add_builtin(path, src).expect("a built-in pack");
        }
        // Another text at the same path is parsed as YAML.
        assert!(builtin_json("rules/core.yaml", "pack: core\n").is_none());
    }

    #[test]
    fn an_unknown_kind_is_an_error_at_the_kind() {
        let src = "pack: t\ndescription: 测试\nrules:\n  - id: t/x\n    severity: warning\n    kind: no-such-kind\n    message: m\n    help: h\n    basis: b\n";
        let err = RuleSetBuilder::default()
            .add_source("t.yaml", src)
            .expect_err("unknown kind");
        assert!(
            err.message.contains("unknown check kind `no-such-kind`"),
            "{}",
            err.message
        );
        let span = err.span.expect("a place");
        assert_eq!(
            &src[span.offset()..span.offset() + span.len()],
            "no-such-kind"
        );
        assert!(err.help.is_some_and(|h| h.contains("forbidden-pattern")));
        let no_kind = src.replace("    kind: no-such-kind\n", "");
        let err = RuleSetBuilder::default()
            .add_source("t.yaml", &no_kind)
            .expect_err("no kind");
        assert!(
            err.message.contains("a rule needs a `kind`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn builtin_patterns_are_not_compiled_at_load() {
        let rules = RuleSet::load(&[], true).expect("built-in packs");
        let part = &rules.parts.parts[0];
        assert!(part.headings.iter().all(|p| !p.is_compiled()));
    }

    /// The model's page residue is the patterns of the rules marked
    /// `page_residue`, the very patterns the rules match with: the
    /// built-in `hygiene/web-residue`'s, then a user pack's marked rule's;
    /// an unmarked `forbidden-pattern` rule adds none.
    #[test]
    fn page_residue_is_the_marked_rules_patterns() {
        let sources = |rules: &RuleSet| -> Vec<String> {
            rules
                .page_residue
                .patterns()
                .map(|p| p.as_source().to_string())
                .collect()
        };
        let hygiene: serde_yaml::Value =
            serde_yaml::from_str(include_str!("../../rules/hygiene.yaml")).expect("the pack");
        let marked: Vec<&serde_yaml::Value> = hygiene["rules"]
            .as_sequence()
            .expect("rules")
            .iter()
            .filter(|r| r["page_residue"].as_bool() == Some(true))
            .collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0]["id"].as_str(), Some("hygiene/web-residue"));
        let written: Vec<String> = marked[0]["patterns"]
            .as_sequence()
            .expect("patterns")
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect();
        let builtin = RuleSet::load(&[], true).expect("built-in packs");
        assert_eq!(sources(&builtin), written);

        let rule = |id: &str, marked: bool| {
            format!("  - id: t/{id}\n    severity: warning\n    kind: forbidden-pattern\n    patterns: ['【{id}】']\n    page_residue: {marked}\n    message: m\n    help: h\n    basis: b\n    examples: {{bad: ['【{id}】'], good: [b]}}\n")
        };
        let user = format!(
            "pack: t\nrules:\n{}{}",
            rule("top", true),
            rule("other", false)
        );
        let mut builder = RuleSetBuilder::default().with_builtin().expect("built-ins");
        builder.add_source("t.yaml", &user).expect("added");
        let with_user = builder.build().expect("builds");
        let mut expected = written.clone();
        expected.push("【top】".to_string());
        assert_eq!(sources(&with_user), expected);

        // Without the hygiene pack, only the user's marked rule is residue.
        let mut builder = RuleSetBuilder::default();
        builder.add_source("t.yaml", &user).expect("added");
        let alone = builder.build().expect("builds");
        assert_eq!(sources(&alone), ["【top】"]);

        // The model and the rule share the patterns: one compilation.
        let web = builtin.rule("hygiene/web-residue").expect("the rule");
        let shared = web.check.page_residue().expect("marked");
        assert!(shared
            .iter()
            .zip(builtin.page_residue.patterns())
            .all(|(a, b)| std::ptr::eq(a, b)));
    }
}
