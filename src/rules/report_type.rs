//! Report types: 法治政府建设年度报告, 政府信息公开工作年度报告, … A pack
//! declares the type it is for (`type:`); a pack without one is general
//! (format, hygiene) and runs on every report. rl-lint tells a report's type
//! from its title and opening (each type's `title` patterns) and from its
//! top-level headings (the parts of the type's packs they match); only that
//! type's packs run, with the general ones. A report of no known type gets
//! the general packs only.

use crate::document::Document;
use crate::parts::PartCatalog;
use regex::Regex;
use serde::Deserialize;

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
    /// Publication deadlines, in the year after the reported one; the
    /// first whose `unit` matches the unit named in the title (or the
    /// signer) applies, a deadline without `unit` to every unit.
    #[serde(default)]
    pub deadlines: Vec<DeadlineSpec>,
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

#[derive(Debug, Clone)]
pub struct Deadline {
    pub month_day: (u32, u32),
    pub unit: Option<Regex>,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct ReportType {
    pub name: String,
    pub label: String,
    pub title: Vec<Regex>,
    pub deadlines: Vec<Deadline>,
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
                let month_day = crate::checks::parse_month_day(&d.deadline).ok_or_else(|| {
                    (
                        d.deadline.clone(),
                        format!(
                            "`deadline` must be MM-DD, e.g. 03-31 (got `{}`)",
                            d.deadline
                        ),
                    )
                })?;
                let unit = match &d.unit {
                    Some(p) => Some(crate::pattern::compile(p).map_err(|e| (p.clone(), e))?),
                    None => None,
                };
                Ok(Deadline {
                    month_day,
                    unit,
                    label: d.label,
                })
            })
            .collect::<Result<_, (String, String)>>()?;
        Ok(ReportType {
            title: crate::pattern::compile_all(&spec.title)?,
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

/// How many blocks before the first heading are read for the title: the
/// title may follow a few lines of web-page residue.
const OPENING_BLOCKS: usize = 12;

/// The type `doc` is, by its opening and headings: a title match counts 10,
/// each top-level heading that a part of the type matches counts 1 (a
/// fallback part does not count: it matches anything). `None` when nothing
/// matches; a tie goes to the type loaded first.
pub fn detect(types: &[ReportType], catalog: &PartCatalog, doc: &Document) -> Option<usize> {
    if types.is_empty() {
        return None;
    }
    let first_heading = doc
        .top_level()
        .next()
        .map_or(doc.text.len(), |(_, h)| h.marker_span.start);
    let mut opening = String::new();
    for block in doc.blocks.iter().take(OPENING_BLOCKS) {
        if block.span.start >= first_heading {
            break;
        }
        opening.extend(
            block
                .span
                .text(doc.text)
                .chars()
                .filter(|c| !c.is_whitespace()),
        );
    }
    let mut scores = vec![0usize; types.len()];
    for (i, t) in types.iter().enumerate() {
        if t.title.iter().any(|p| p.is_match(&opening)) {
            scores[i] += 10;
        }
    }
    for (_, heading) in doc.top_level() {
        let words = heading.title_span.text(doc.text);
        for (i, score) in scores.iter_mut().enumerate() {
            if catalog.matches_typed_heading(i, words) {
                *score += 1;
            }
        }
    }
    let best = scores.iter().copied().max().unwrap_or(0);
    (best > 0)
        .then(|| scores.iter().position(|&s| s == best))
        .flatten()
}
