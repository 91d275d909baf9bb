//! Report types: 法治政府建设年度报告, 政府信息公开工作年度报告, … A pack
//! declares the type it is for (`type:`); a pack without one is general
//! (format, hygiene) and runs on every report. rl-lint tells a report's type
//! from its title and opening (each type's `title` patterns) and from its
//! top-level headings (the parts of the type's packs they match); only that
//! type's packs run, with the general ones. A report of no known type gets
//! the general packs only.

use super::{locate, PackError};
use crate::document::TitleWords;
use crate::text::pattern::Pattern;
use serde::Deserialize;
use serde_yaml::Value;

/// `type:` in a pack: the name of a type, or its definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TypeRef {
    Name(String),
    Definition(TypeSpec),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// `fazhi`, `gongkai`: what `--type` and the configuration's `type:` say.
    pub name: String,
    /// The report type's name for report writers (Chinese).
    pub label: String,
    /// Patterns that the title (or the opening, before the first heading)
    /// of a report of this type matches.
    #[serde(default)]
    pub title: Vec<String>,
    /// Patterns of the type's subject in the text (「法治政府」): a weak sign,
    /// for reports with neither a title nor a heading of the type's parts.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Publication deadlines, in the year after the reported one; the
    /// first whose `unit` matches the unit named in the title (or the
    /// signer) applies, a deadline without `unit` to every unit.
    #[serde(default)]
    pub deadlines: Vec<DeadlineSpec>,
    /// How the title of a report of this type is read: what a report type
    /// adds to the title reader's 公文 defaults (see `document::title`).
    #[serde(default)]
    pub title_words: TitleWordsSpec,
}

/// `title_words:` in a type: regexes, matched against the title in
/// simplified characters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleWordsSpec {
    /// A title says 报告 (any 公文); one that does not still names a report
    /// when its words match one of these (「法治.*工作总结$」).
    #[serde(default)]
    pub report: Vec<String>,
    /// Where the subject starts after the unit in a title that puts the
    /// year first (「法治政府」: 「2020年静海区法治政府建设情况报告」 → 静海区);
    /// 「关于」 always does.
    #[serde(default)]
    pub subject: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSpec {
    /// `MM-DD`.
    pub deadline: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// Who the deadline is for (「政府部门」), for messages.
    #[serde(default)]
    pub label: String,
}

pub use crate::schema::Deadline;

#[derive(Debug, Clone)]
pub struct ReportType {
    pub name: String,
    pub label: String,
    pub title: Vec<Pattern>,
    pub mentions: Vec<Pattern>,
    pub deadlines: Vec<Deadline>,
    pub title_words: TitleWords,
}

/// Compiles `title_words.KEY`: each a valid regex that cannot match an
/// empty text (it would take every short line for a title, or make every
/// unit empty).
fn compile_title_words(key: &str, patterns: &[String]) -> Result<Vec<Pattern>, (String, String)> {
    let compiled = crate::text::pattern::compile_all(patterns)?;
    for (pattern, regex) in patterns.iter().zip(&compiled) {
        if regex.is_match("") {
            let what = match key {
                "report" => "every short line would be taken for a title",
                _ => "every title would have an empty unit",
            };
            // An empty pattern cannot be found in the YAML: point at the key.
            let needle = if pattern.is_empty() {
                "title_words".to_string()
            } else {
                pattern.clone()
            };
            return Err((
                needle,
                format!(
                    "`title_words.{key}` pattern `{pattern}` matches an empty text: {what}; write the words it must find"
                ),
            ));
        }
    }
    Ok(compiled)
}

impl ReportType {
    /// Errors carry the offending text, to locate it in the YAML.
    pub fn compile(spec: TypeSpec) -> Result<ReportType, (String, String)> {
        let valid_name = !spec.name.is_empty()
            && spec
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_name || spec.name == "none" {
            return Err((
                spec.name.clone(),
                format!(
                    "report type name `{}` must be lowercase letters, digits and '-' (and not `none`)",
                    spec.name
                ),
            ));
        }
        let deadlines = spec
            .deadlines
            .into_iter()
            .map(|d| {
                let month_day =
                    crate::document::date::parse_month_day(&d.deadline).ok_or_else(|| {
                        (
                            d.deadline.clone(),
                            format!(
                                "`deadline` must be MM-DD, e.g. 03-31 (got `{}`)",
                                d.deadline
                            ),
                        )
                    })?;
                let unit = match &d.unit {
                    Some(p) => Some(crate::text::pattern::compile(p).map_err(|e| (p.clone(), e))?),
                    None => None,
                };
                Ok(Deadline {
                    month_day,
                    unit,
                    label: d.label,
                })
            })
            .collect::<Result<_, (String, String)>>()?;
        let title_words = TitleWords {
            report: compile_title_words("report", &spec.title_words.report)?,
            subject: compile_title_words("subject", &spec.title_words.subject)?,
        };
        Ok(ReportType {
            title_words,
            title: crate::text::pattern::compile_all(&spec.title)?,
            mentions: crate::text::pattern::compile_all(&spec.mentions)?,
            name: spec.name,
            label: spec.label,
            deadlines,
        })
    }

    /// The deadline for a report by `unit` (the unit in its title or its
    /// signer).
    pub fn deadline_for(&self, unit: Option<&str>) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| match (&d.unit, unit) {
            (None, _) => true,
            (Some(pattern), Some(unit)) => pattern.is_match(unit),
            (Some(_), None) => false,
        })
    }
}

/// `type:` of a pack: a type's name, or its definition (whose errors point
/// at the key or value they are about, inside the `type:` block).
pub(super) fn type_ref(path: &str, src: &str, value: &Value) -> Result<TypeRef, PackError> {
    let lines = locate::block_lines(src, "type").unwrap_or((0, usize::MAX));
    match value {
        Value::String(name) => Ok(TypeRef::Name(name.clone())),
        Value::Mapping(_) => serde_yaml::from_value::<TypeSpec>(value.clone())
            .map(TypeRef::Definition)
            .map_err(|e| {
                let message = e.to_string();
                // The error names a key (`unknown field `titel``) or quotes
                // the value it could not take (`invalid type: string "…"`).
                let needle = if message.contains("unknown field") {
                    message.split('`').nth(1).map(|k| format!("{k}:"))
                } else {
                    message
                        .split_once("string \"")
                        .and_then(|(_, rest)| rest.split_once('"'))
                        .map(|(value, _)| value.to_string())
                };
                let find = |needle: &str| {
                    let (start, end) = locate::find_in_lines(src, lines.0, lines.1, needle);
                    (src.get(start..end) == Some(needle)).then_some((start, end))
                };
                // A value is best found after its key (`report: 说明`).
                let span = needle
                    .as_deref()
                    .and_then(|n| {
                        find(&format!(": {n}"))
                            .map(|(start, end)| (start + 2, end))
                            .or_else(|| find(n))
                    })
                    .or_else(|| find("type:"));
                PackError::new(path, src, span, format!("`type`: {message}")).with_help(TYPE_HELP)
            }),
        _ => Err(PackError::new(
            path,
            src,
            Some(locate::find_in_lines(src, lines.0, lines.1, "type:")),
            "`type` must name a report type or define one",
        )
        .with_help(TYPE_HELP)),
    }
}

const TYPE_HELP: &str = "`type: fazhi` names a type defined before; a definition has `name`, `label` and optionally `title`, `mentions`, `deadlines` (`deadline`, `unit`, `label`) and `title_words` (`report`, `subject`)";

#[cfg(test)]
mod tests {
    use crate::packs::RuleSetBuilder;

    const TYPED: &str = "pack: budget\ntype:\n  name: budget\n  label: 部门预算公开说明\n  title: [部门预算]\n  deadlines:\n    - {label: 部门, deadline: \"01-31\", unit: \"局$\"}\n    - {deadline: \"03-31\"}\nparts:\n  - {name: other, label: 其他, headings: [其他]}\nrules: []\n";

    fn build(packs: &[&str]) -> Result<crate::packs::RuleSet, crate::packs::PackError> {
        let mut builder = RuleSetBuilder::default().with_builtin()?;
        for (i, src) in packs.iter().enumerate() {
            builder.add_source(&format!("p{i}.yaml"), src)?;
        }
        builder.build()
    }

    #[test]
    fn types_parts_and_deadlines_are_loaded_per_type() {
        let rules = build(&[TYPED]).expect("builds");
        let names: Vec<&str> = rules.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["fazhi", "gongkai", "budget"]);
        // `other` is a part of three types (fazhi, gongkai, budget), each in its own namespace.
        assert_eq!(
            rules
                .parts
                .parts
                .iter()
                .filter(|p| p.name == "other")
                .count(),
            3
        );
        let budget = &rules.types[2];
        assert_eq!(
            budget.deadline_for(Some("某县财政局")).map(|d| d.month_day),
            Some((1, 31))
        );
        assert_eq!(
            budget
                .deadline_for(Some("某县人民政府"))
                .map(|d| d.month_day),
            Some((3, 31))
        );
    }

    /// A third type whose titles say 说明, not 报告, with its own subject words.
    const BUDGET: &str = "pack: budget\ntype:\n  name: budget\n  label: 部门预算公开说明\n  title: [部门预算]\n  title_words:\n    report: ['预算.{0,6}说明$']\n    subject: [部门预算, 单位预算]\nparts:\n  - {name: other, label: 其他, headings: [其他]}\nrules: []\n";

    fn outline_of(rules: crate::packs::RuleSet, text: &str) -> crate::engine::outline::Outline {
        outline_as(rules, text, crate::engine::lint::TypeChoice::Detect)
    }

    fn outline_as(
        rules: crate::packs::RuleSet,
        text: &str,
        report_type: crate::engine::lint::TypeChoice,
    ) -> crate::engine::outline::Outline {
        let linter = crate::engine::lint::Linter::new(rules, &[], &[])
            .expect("linter")
            .with_options(crate::engine::lint::LintOptions {
                report_type,
                ..Default::default()
            });
        linter
            .lint_scoped(text, &crate::engine::lint::Scope::default())
            .1
    }

    fn title_and_unit(
        outline: &crate::engine::outline::Outline,
    ) -> Option<(String, Option<String>)> {
        outline
            .title
            .as_ref()
            .map(|t| (t.text.clone(), t.unit.clone()))
    }

    #[test]
    fn a_third_type_reads_titles_with_its_own_words() {
        let report =
            "某县财政局2024年部门预算公开说明\n一、收支情况\n收入100万元。\n二、其他\n无。\n";
        let outline = outline_of(build(&[BUDGET]).expect("builds"), report);
        assert_eq!(
            outline.report_type.as_ref().map(|t| t.name.as_str()),
            Some("budget")
        );
        assert_eq!(
            title_and_unit(&outline),
            Some((
                "某县财政局2024年部门预算公开说明".into(),
                Some("某县财政局".into())
            ))
        );
        // Without the type, a line that does not say 报告 is no title.
        assert_eq!(
            title_and_unit(&outline_of(build(&[]).expect("builds"), report)),
            None
        );
        // A chosen type's words read the title; `--type none` reads it with none.
        use crate::engine::lint::TypeChoice;
        let as_type = |choice| {
            title_and_unit(&outline_as(
                build(&[BUDGET]).expect("builds"),
                report,
                choice,
            ))
        };
        assert!(as_type(TypeChoice::Type(2)).is_some());
        assert_eq!(as_type(TypeChoice::General), None);
        assert_eq!(as_type(TypeChoice::Type(0)), None);
        // Year first: the unit ends where the type's subject starts.
        let year_first = "2024年某县财政局部门预算公开说明\n一、收支情况\n收入100万元。\n";
        let outline = outline_of(build(&[BUDGET]).expect("builds"), year_first);
        assert_eq!(
            title_and_unit(&outline).and_then(|t| t.1).as_deref(),
            Some("某县财政局")
        );
    }

    #[test]
    fn another_types_words_do_not_shape_a_title() {
        // Read with every type's words, 「单位预算」 (budget) would end the unit
        // early; the report is a 法治政府建设年度报告, read again with its words.
        let report = "2023年某县单位预算管理中心法治政府建设情况报告\n一、主要举措\n开展学法。\n";
        let rules = build(&[BUDGET]).expect("builds");
        let union = crate::document::Document::parse_as(
            report,
            None,
            Vec::new(),
            &rules.title_words,
            &rules.page_residue,
        );
        let unit = |doc: &crate::document::Document| {
            doc.title
                .as_ref()
                .and_then(|t| t.unit)
                .map(|u| u.text(report).to_string())
        };
        assert_eq!(unit(&union).as_deref(), Some("某县"));
        let outline = outline_of(rules, report);
        assert_eq!(
            outline.report_type.as_ref().map(|t| t.name.as_str()),
            Some("fazhi")
        );
        assert_eq!(
            title_and_unit(&outline).and_then(|t| t.1).as_deref(),
            Some("某县单位预算管理中心")
        );
    }

    /// The 1-based line an error points at.
    fn error_line(err: &crate::packs::PackError, src: &str) -> usize {
        let offset = err.span.expect("located").offset();
        src[..offset].matches('\n').count() + 1
    }

    #[test]
    fn bad_title_words_are_rejected_where_they_are() {
        let with = |words: &str| {
            BUDGET.replace(
                "    report: ['预算.{0,6}说明$']\n    subject: [部门预算, 单位预算]\n",
                words,
            )
        };
        for (words, says, line) in [
            ("    report: ['(说明']\n", "invalid regex `(说明`", 7),
            (
                "    subject: ['(部门)?']\n",
                "matches an empty text: every title would have an empty unit",
                7,
            ),
            (
                "    report: ['']\n",
                "matches an empty text: every short line would be taken for a title",
                6,
            ),
            (
                "    reprot: [说明$]\n",
                "unknown field `reprot`, expected `report` or `subject`",
                7,
            ),
            (
                "    report: 说明$\n",
                "invalid type: string \"说明$\", expected a sequence",
                7,
            ),
        ] {
            let src = with(words);
            let err = build(&[&src]).unwrap_err();
            assert!(err.message.contains(says), "{words}: {}", err.message);
            assert_eq!(error_line(&err, &src), line, "{words}: {}", err.message);
        }
        let no_label = "pack: b\ntype:\n  name: b\nrules: []\n";
        let err = build(&[no_label]).unwrap_err();
        assert!(
            err.message.contains("missing field `label`"),
            "{}",
            err.message
        );
        assert_eq!(error_line(&err, no_label), 2);
    }

    #[test]
    fn pack_type_errors() {
        let unknown = "pack: x\ntype: nosuch\nrules: []\n";
        let err = build(&[unknown]).unwrap_err();
        assert!(
            err.message.contains("unknown report type `nosuch`"),
            "{}",
            err.message
        );
        let twice = build(&[TYPED, &TYPED.replace("pack: budget", "pack: budget2")]).unwrap_err();
        assert!(
            twice.message.contains("already defined"),
            "{}",
            twice.message
        );
        let reuse_parts = "pack: y\ntype: gongkai\nreuse: [core/plan-missing]\nrules: []\n";
        let err = build(&[reuse_parts]).unwrap_err();
        assert!(err.message.contains("uses the parts"), "{}", err.message);
        let untyped_reuse = "pack: z\nreuse: [core/]\nrules: []\n";
        assert!(build(&[untyped_reuse])
            .unwrap_err()
            .message
            .contains("add `type:`"));
        let bad_name = "pack: w\ntype: {name: Big, label: 大}\nrules: []\n";
        assert!(build(&[bad_name])
            .unwrap_err()
            .message
            .contains("lowercase"));
    }

    #[test]
    fn untyped_rules_follow_the_parts_they_name() {
        let pack = "pack: ems\nparts:\n  - {name: safety, label: 安全生产, after: measures, headings: [安全生产]}\nrules:\n  - id: ems/safety-missing\n    severity: error\n    kind: required-part\n    part: safety\n    message: m\n    help: h\n    basis: b\n    examples: {bad: [a], good: [b]}\n  - id: ems/residue\n    severity: warning\n    kind: forbidden-pattern\n    patterns: [x]\n    message: m\n    help: h\n    basis: b\n    examples: {bad: [x], good: [y]}\n";
        let rules = build(&[pack]).expect("builds");
        let types = |id: &str| rules.rule(id).unwrap().types.clone();
        assert_eq!(types("ems/safety-missing"), [0]);
        assert_eq!(
            types("ems/residue"),
            [0],
            "a pack with parts is the first type's"
        );
        assert_eq!(types("core/signer-mismatch"), [0, 1], "reused by gongkai");
        assert!(types("format/heading-sequence").is_empty());
    }
}
