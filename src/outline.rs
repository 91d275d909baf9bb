//! What rl-lint understood of a report: its title, reported year, headings
//! and the part each belongs to, its closing, and a checklist of the parts.
//! Built from the document model and the part map that the rules read, so
//! it shows exactly what they saw. `rl-lint outline` prints it, and the
//! faces that show a checklist (the checker page, the review page) read it.
//! Its JSON form is a contract: field names are documented in the README.

use crate::document::{Document, MarkerKind, YearSource};
use crate::parts::{PartCatalog, PartMap};
use crate::textpos::Span;
use serde::Serialize;

/// A place in the report: 1-based line, and the byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub line: usize,
    pub offset: usize,
    pub length: usize,
}

/// Text of the report at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    pub text: String,
    #[serde(flatten)]
    pub place: Place,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineTitle {
    /// The whole title as written (its lines joined, without line breaks).
    pub text: String,
    /// Each line of the title, where it stands.
    pub lines: Vec<Located>,
    /// The unit named in the title, which the signer is compared with.
    pub unit: Option<String>,
    /// The year the title names.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineYear {
    pub year: i32,
    /// `override` (`--year` or the configuration), `title`, `opening`
    /// (the paragraphs before the first heading) or `body` (the year named
    /// most often).
    pub source: &'static str,
    pub place: Option<Place>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineHeading {
    /// 1 for the top of the tree.
    pub level: usize,
    /// `chinese` (一、), `paren-chinese` (（一）), `arabic` (1.) or
    /// `paren-arabic` (（1）).
    pub marker_kind: &'static str,
    pub marker: String,
    pub number: u32,
    /// The heading's words, without the marker.
    pub text: String,
    #[serde(flatten)]
    pub place: Place,
    /// The part (by name) this heading's section was mapped to.
    pub part: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineDate {
    pub text: String,
    /// The date in ISO form, `2023-02-02`.
    pub iso: String,
    #[serde(flatten)]
    pub place: Place,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct OutlineClosing {
    pub signer: Option<Located>,
    pub date: Option<OutlineDate>,
}

/// How a part was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartStatus {
    /// It has a section (a heading) of its own.
    Section,
    /// Only a sentence inside another part mentions it.
    Mentioned,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// The part's name in the packs (`first-responsible`).
    pub part: String,
    /// Its name for report writers (「党政主要负责人履行推进法治建设第一责任人职责情况」).
    pub label: String,
    pub status: PartStatus,
    /// Where it was found: its first heading, or the first sentence that
    /// mentions it.
    pub place: Option<Place>,
}

/// The report type the rules checked the report as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineType {
    /// `fazhi`, `gongkai`, … as in `--type`.
    pub name: String,
    /// 「政府信息公开工作年度报告」.
    pub label: String,
    /// `detected` (from the title and headings) or `chosen` (`--type`,
    /// the configuration's `type:`).
    pub source: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outline {
    /// The report type; `null` when it is none of the loaded types (then
    /// only the general packs ran and the checklist is empty).
    pub report_type: Option<OutlineType>,
    pub title: Option<OutlineTitle>,
    pub year: Option<OutlineYear>,
    pub headings: Vec<OutlineHeading>,
    pub closing: OutlineClosing,
    /// Every part the loaded packs define, in their order.
    pub checklist: Vec<ChecklistItem>,
}

impl Outline {
    /// Records the type the report was checked as.
    pub fn set_report_type(
        &mut self,
        ty: Option<&crate::rules::report_type::ReportType>,
        detected: bool,
    ) {
        self.report_type = ty.map(|t| OutlineType {
            name: t.name.clone(),
            label: t.label.clone(),
            source: if detected { "detected" } else { "chosen" },
        });
    }

    pub fn new(doc: &Document, parts: &PartMap, catalog: &PartCatalog) -> Outline {
        let place = |span: Span| Place {
            line: doc.lines.line_of(span.start) + 1,
            offset: span.start,
            length: span.len(),
        };
        let located = |span: Span| Located {
            text: span.text(doc.text).to_string(),
            place: place(span),
        };
        let title = doc.title.as_ref().map(|title| {
            let lines: Vec<Located> = split_lines(doc.text, title.span)
                .into_iter()
                .map(located)
                .collect();
            OutlineTitle {
                text: lines.iter().map(|l| l.text.as_str()).collect(),
                lines,
                unit: title.unit.map(|u| u.text(doc.text).to_string()),
                year: title.year.map(|(year, _)| year),
            }
        });
        let year = doc.year.map(|year| OutlineYear {
            year: year.year,
            source: match year.source {
                YearSource::Override => "override",
                YearSource::Title => "title",
                YearSource::Opening => "opening",
                YearSource::Body => "body",
            },
            place: year.span.map(place),
        });
        let mut part_of_heading: Vec<Option<usize>> = vec![None; doc.headings.len()];
        for (part, sections) in parts.sections.iter().enumerate() {
            for &heading in sections {
                if let Some(slot) = part_of_heading.get_mut(heading) {
                    slot.get_or_insert(part);
                }
            }
        }
        let headings = doc
            .headings
            .iter()
            .enumerate()
            .map(|(i, h)| OutlineHeading {
                level: h.depth + 1,
                marker_kind: match h.marker.kind {
                    MarkerKind::Chinese => "chinese",
                    MarkerKind::ParenChinese => "paren-chinese",
                    MarkerKind::Arabic => "arabic",
                    MarkerKind::ParenArabic => "paren-arabic",
                },
                marker: h.marker.written.clone(),
                number: h.marker.number,
                text: h.title_span.text(doc.text).to_string(),
                place: place(h.span()),
                part: part_of_heading[i].map(|p| catalog.parts[p].name.clone()),
            })
            .collect();
        let closing = OutlineClosing {
            signer: doc.closing.signer.map(located),
            date: doc.closing.date.as_ref().map(|date| OutlineDate {
                text: date.span.text(doc.text).to_string(),
                iso: format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
                place: place(date.span),
            }),
        };
        let checklist = catalog
            .parts
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let (status, span) = match (parts.first(i), parts.mentions[i].first()) {
                    (Some(h), _) => (PartStatus::Section, Some(doc.headings[h].span())),
                    (None, Some(&mention)) => (PartStatus::Mentioned, Some(mention)),
                    (None, None) => (PartStatus::Missing, None),
                };
                ChecklistItem {
                    part: def.name.clone(),
                    label: def.label.clone(),
                    status,
                    place: span.map(place),
                }
            })
            .collect();
        Outline {
            report_type: None,
            title,
            year,
            headings,
            closing,
            checklist,
        }
    }
}

/// The lines of `span`, without their line breaks and surrounding spaces.
fn split_lines(text: &str, span: Span) -> Vec<Span> {
    let mut lines = Vec::new();
    let mut start = span.start;
    for piece in span.text(text).split_inclusive('\n') {
        let end = start + piece.len();
        let content = piece.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let lead = content.len() - content.trim_start().len();
            lines.push(Span::new(start + lead, start + lead + trimmed.len()));
        }
        start = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSetBuilder;

    fn outline(text: &str) -> Outline {
        let rules = RuleSetBuilder::default()
            .with_builtin()
            .expect("built-in packs load")
            .build()
            .expect("built-in packs build");
        let doc = Document::parse(text, None);
        // The built-in parts are those of the first type, 法治政府建设年度报告.
        let parts = PartMap::analyse_for(&doc, &rules.parts, Some(0));
        Outline::new(&doc, &parts, &rules.parts)
    }

    #[test]
    fn shows_title_headings_closing_and_checklist() {
        let text = "某县2022年度法治政府建设情况报告\n\n一、主要举措和成效\n（一）加强领导。正文。\n二、存在的不足和原因\n不足是……原因是……\n三、2023年工作安排\n继续。\n\n某县人民政府\n2023年2月2日\n";
        let o = outline(text);
        let title = o.title.expect("title");
        assert_eq!(title.text, "某县2022年度法治政府建设情况报告");
        assert_eq!(title.lines[0].place.line, 1);
        assert_eq!(title.year, Some(2022));
        assert_eq!(o.year.map(|y| (y.year, y.source)), Some((2022, "title")));
        assert_eq!(o.headings.len(), 4);
        assert_eq!(o.headings[1].level, 2);
        assert_eq!(o.headings[1].marker_kind, "paren-chinese");
        assert_eq!(o.headings[2].place.line, 5);
        let closing = o.closing;
        assert_eq!(
            closing.signer.map(|s| s.text).as_deref(),
            Some("某县人民政府")
        );
        assert_eq!(closing.date.map(|d| d.iso).as_deref(), Some("2023-02-02"));
        let first = o
            .checklist
            .iter()
            .find(|item| item.part == "first-responsible")
            .expect("the first-responsible part is in the checklist");
        assert_eq!(first.status, PartStatus::Missing);
        assert!(o
            .checklist
            .iter()
            .any(|item| item.status == PartStatus::Section && item.place.is_some()));
    }

    #[test]
    fn splits_title_lines() {
        let text = "  甲\n\n乙 \n";
        let lines = split_lines(text, Span::new(0, text.len()));
        let texts: Vec<&str> = lines.iter().map(|s| s.text(text)).collect();
        assert_eq!(texts, ["甲", "乙"]);
    }
}
