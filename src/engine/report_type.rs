//! Which report type a document is, by its opening and headings: the
//! engine asks this once per report, unless the command line or the
//! configuration names the type.

use crate::document::Document;
use crate::packs::report_type::ReportType;
use crate::schema::parts::PartCatalog;

/// How many blocks before the first heading are read for the title: the
/// title may follow a few lines of web-page residue.
const OPENING_BLOCKS: usize = 12;

/// How much of the text is read for mentions of a type's subject.
const MENTION_BYTES: usize = 4096;

/// The type `doc` is, by its opening and headings: a title match counts 10,
/// each top-level heading that a part of the type matches counts 1 (a
/// fallback part does not count: it matches anything), a mention of the
/// type's subject in the first [`MENTION_BYTES`] of the text counts 1.
/// `None` when nothing matches; a tie goes to the type loaded first.
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
                .text(doc.matching())
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
    let start = crate::text::span::floor_char_boundary(doc.matching(), MENTION_BYTES);
    let head = &doc.matching()[..start];
    for (i, t) in types.iter().enumerate() {
        if t.mentions.iter().any(|p| p.is_match(head)) {
            scores[i] += 1;
        }
    }
    for (_, heading) in doc.top_level() {
        let words = heading.title_span.text(doc.matching());
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

#[cfg(test)]
mod tests {
    use crate::packs::RuleSetBuilder;

    const TYPED: &str = "pack: budget\ntype:\n  name: budget\n  label: 部门预算公开说明\n  title: [部门预算]\nparts:\n  - {name: other, label: 其他, headings: [其他]}\nrules: []\n";

    #[test]
    fn types_are_detected_by_title_and_headings() {
        let mut builder = RuleSetBuilder::default().with_builtin().expect("built-ins");
        builder.add_source("p.yaml", TYPED).expect("added");
        let rules = builder.build().expect("builds");
        let detect = |text: &str| {
            let doc = crate::document::Document::parse(text, None);
            super::detect(&rules.types, &rules.parts, &doc).map(|t| rules.types[t].name.clone())
        };
        assert_eq!(
            detect("某局2024年部门预算公开说明\n一、收支情况\n").as_deref(),
            Some("budget")
        );
        assert_eq!(
            detect("一、主要举措\n二、存在的问题\n三、2024年工作计划\n").as_deref(),
            Some("fazhi")
        );
        assert_eq!(detect("会议纪要\n一、议题\n").as_deref(), None);
    }
}
