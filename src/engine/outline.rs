//! What rl-lint understood of a report: its title, reported year, headings
//! and the part each belongs to, its closing, and a checklist of the parts.
//! Built from the document model and the part map that the rules read, so
//! it shows exactly what they saw. `rl-lint outline` prints it, and the
//! faces that show a checklist (the checker page, the review page) read it.
//! Its JSON form is a contract: field names are documented in docs/output.md.

use crate::document::elements::{line_elements, Element};
use crate::document::parts::PartMap;
use crate::document::{Document, MarkerKind, YearSource};
use crate::input::docx_layout::Layout;
use crate::schema::parts::PartCatalog;
use crate::text::span::Span;
use serde::Serialize;
use std::collections::HashMap;

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
    /// The unit named in the title, which the signer is compared with
    /// (without line breaks when the title runs over several lines).
    pub unit: Option<String>,
    /// The year the title names.
    pub year: Option<i32>,
    /// Earlier copies of the title above it (a page header), each where
    /// its first line stands.
    pub repeated: Vec<Located>,
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
    /// A seal placeholder: 「（盖章）」.
    pub seal: Option<Located>,
    /// 附注 after the date: 「（此件公开发布）」.
    pub annotations: Vec<Located>,
    /// 附件 lines after the date.
    pub attachments: Vec<Located>,
    /// The 版记: 「抄送：…」, 「…印发」.
    pub imprint: Vec<Located>,
}

/// How a part was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartStatus {
    /// It has a section (a heading) of its own.
    Section,
    /// It is a run-in item of its own (「二是压实…第一责任人职责。」).
    Item,
    /// A line outside the heading tree that reads as its heading (or, in
    /// a report whose top level was not found, a sentence in its
    /// heading's words).
    Heading,
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
    /// Whether an active rule requires the part (`required-part`); the
    /// other parts are optional.
    pub required: bool,
    /// Where it was found: its first heading, its item's first sentence,
    /// or the first sentence that mentions it.
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outline {
    /// The report type; `null` when it is none of the loaded types (then
    /// only the general packs ran and the checklist is empty).
    pub report_type: Option<OutlineType>,
    pub title: Option<OutlineTitle>,
    pub year: Option<OutlineYear>,
    /// The 主送机关 line: 「市委、市政府：」.
    pub recipient: Option<Located>,
    /// Lines of the head skipped when the title was looked for (page
    /// residue and furniture), in text order.
    pub skipped: Vec<Located>,
    /// How the top-level headings are numbered, and why.
    pub scheme: OutlineScheme,
    pub headings: Vec<OutlineHeading>,
    pub closing: OutlineClosing,
    /// Every part the loaded packs define, in their order.
    pub checklist: Vec<ChecklistItem>,
    /// A PDF's pages: how many, and the page numbers, running headers
    /// and footers taken off them (not report text). Absent for other
    /// formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<crate::input::PageLayout>,

    /// A Word document's layout: its page setup and each element's
    /// effective font. Absent for text, which has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<OutlineLayout>,
}

/// An East Asian font and a size in half-points.
type FontKey = (Option<String>, u32);

/// What the layout rules saw of a Word document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineLayout {
    /// The first section's page setup, in millimetres (one decimal).
    pub page: Option<OutlinePage>,
    /// Each element present, in the order of [`Element::NAMES`].
    pub elements: Vec<OutlineElement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlinePage {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    /// The left margin with the gutter.
    pub left: f64,
    pub right: f64,
    /// The line grid's pitch in points, if the section has a grid.
    pub line_pitch: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineElement {
    /// `title`, `heading-1`…, `body`, `signer`, `date`, `annotation`, `imprint`.
    pub element: &'static str,
    pub paragraphs: usize,
    /// The East Asian font of most of its text (`null`: not set anywhere).
    pub font: Option<String>,
    /// Its size in points.
    pub size: f64,
}

impl Outline {
    /// Records what the layout rules see of a Word document.
    pub fn set_layout(&mut self, doc: &Document, layout: &Layout) {
        let mm = |twips: i32| (f64::from(twips) / (1440.0 / 25.4) * 10.0).round() / 10.0;
        let page = layout.sections.first().and_then(|s| {
            Some(OutlinePage {
                width: mm(s.width?),
                height: mm(s.height?),
                top: mm(s.top?),
                bottom: mm(s.bottom?),
                left: mm(s.left? + s.gutter),
                right: mm(s.right?),
                line_pitch: s.grid_pitch().map(|p| f64::from(p) / 20.0),
            })
        });
        // (font, size) → bytes of text, per element.
        let mut tallies: Vec<(Element, usize, HashMap<FontKey, usize>)> = Vec::new();
        for (line, paragraph) in line_elements(doc).into_iter().zip(&layout.paragraphs) {
            let Some(line) = line else { continue };
            let index = match tallies.iter().position(|(e, _, _)| *e == line.element) {
                Some(i) => i,
                None => {
                    tallies.push((line.element, 0, HashMap::new()));
                    tallies.len() - 1
                }
            };
            let (_, count, fonts) = &mut tallies[index];
            *count += 1;
            for run in &paragraph.runs {
                let covered = run
                    .span
                    .end
                    .min(line.span.end)
                    .saturating_sub(run.span.start.max(line.span.start));
                if covered == 0 {
                    continue;
                }
                *fonts.entry((run.east_asia.clone(), run.size)).or_default() += covered;
            }
        }
        let elements = Element::NAMES
            .iter()
            .filter_map(|name| {
                let element = Element::parse(name)?;
                let (_, paragraphs, fonts) = tallies.iter().find(|(e, _, _)| *e == element)?;
                // Most text, then the first key in order: the same every run.
                let ((font, size), _) = fonts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
                let (font, size) = (font.clone(), *size);
                Some(OutlineElement {
                    element: name,
                    paragraphs: *paragraphs,
                    font,
                    size: f64::from(size) / 2.0,
                })
            })
            .collect();
        self.layout = Some(OutlineLayout { page, elements });
    }

    /// The outline of a report the rules never saw (its check was
    /// stopped): nothing found, an empty checklist.
    pub fn empty() -> Outline {
        Outline {
            report_type: None,
            title: None,
            year: None,
            recipient: None,
            skipped: Vec::new(),
            headings: Vec::new(),
            closing: OutlineClosing::default(),
            checklist: Vec::new(),
            scheme: OutlineScheme {
                form: "none",
                headings: 0,
                parts: 0,
                own_line: false,
                reason: String::new(),
            },
            layout: None,
            pages: None,
        }
    }

    /// Records the type the report was checked as.
    pub fn set_report_type(
        &mut self,
        ty: Option<&crate::packs::report_type::ReportType>,
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
            line: doc.index.lines().line_of(span.start) + 1,
            offset: span.start,
            length: span.len(),
        };
        let located = |span: Span| Located {
            text: span.text(doc.text).to_string(),
            place: place(span),
        };
        let title = doc.title.as_ref().map(|title| {
            let lines: Vec<Located> = title.lines.iter().map(|&l| located(l)).collect();
            OutlineTitle {
                text: lines.iter().map(|l| l.text.as_str()).collect(),
                lines,
                unit: title.unit.map(|u| {
                    u.text(doc.text)
                        .chars()
                        .filter(|&c| c != '\n' && c != '\r')
                        .collect()
                }),
                year: title.year.map(|(year, _)| year),
                repeated: doc
                    .repeated_titles
                    .iter()
                    .map(|t| Located {
                        text: t.lines.iter().map(|l| l.text(doc.text)).collect(),
                        place: place(t.span),
                    })
                    .collect(),
            }
        });
        let block = |i: usize| located(doc.blocks[i].span);
        let recipient = doc.recipient.map(block);
        let skipped = doc.skipped.iter().map(|&i| block(i)).collect();
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
            seal: doc.closing.seal.map(located),
            annotations: doc
                .closing
                .annotations
                .iter()
                .map(|&s| located(s))
                .collect(),
            attachments: doc
                .closing
                .attachments
                .iter()
                .map(|&s| located(s))
                .collect(),
            imprint: doc.closing.imprint.iter().map(|&s| located(s)).collect(),
        };
        let checklist = catalog
            .parts
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let (status, span) = match (
                    parts.first(i),
                    parts.items[i].first(),
                    parts.lines[i].first(),
                    parts.mentions[i].first(),
                ) {
                    (Some(h), ..) => (PartStatus::Section, Some(doc.headings[h].span())),
                    (None, Some(&item), ..) => (PartStatus::Item, Some(item)),
                    (None, None, Some(&line), _) => (PartStatus::Heading, Some(line)),
                    (None, None, None, Some(&mention)) => (PartStatus::Mentioned, Some(mention)),
                    (None, None, None, None) => (PartStatus::Missing, None),
                };
                ChecklistItem {
                    part: def.name.clone(),
                    label: def.label.clone(),
                    status,
                    required: false,
                    place: span.map(place),
                }
            })
            .collect();
        Outline {
            layout: None,
            report_type: None,
            title,
            year,
            recipient,
            skipped,
            scheme: OutlineScheme::new(doc),
            headings,
            closing,
            checklist,
            pages: None,
        }
    }
}

/// How the report numbers its top-level headings, and why rl-lint reads
/// them so (see `document::scheme`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineScheme {
    /// `standard` (「一、」), `part` (「第一部分」), `formal` (「壹、」),
    /// `bracketed` (「（一）」), `arabic` (「1.」), `unnumbered`, or `none`
    /// (no top-level heading found).
    pub form: &'static str,
    /// How many top-level headings there are.
    pub headings: usize,
    /// How many distinct parts of the report type they name.
    pub parts: usize,
    /// Whether markers stand on a line of their own, the words below.
    pub own_line: bool,
    /// Why, in words for the writer.
    pub reason: String,
}

impl OutlineScheme {
    fn new(doc: &Document) -> OutlineScheme {
        let top = doc.top;
        let form = match (top.scheme, top.headings) {
            (Some(scheme), _) => scheme.name(),
            (None, 0) => "none",
            (None, _) => "standard",
        };
        let own_line = if top.own_line {
            "；序号单独成行，标题文字在下一行"
        } else {
            ""
        };
        let reason = match top.scheme {
            Some(scheme) => format!(
                "{}；{}处写作「{}」形式的短行单独成行、不以句号结尾，其中{}处是报告的必备部分，按一级标题读{own_line}",
                if top.over_standard {
                    "报告的「一、」式标题在「第一部分」式标题之下，是第二层"
                } else {
                    "报告没有「一、」式的一级标题"
                },
                top.headings,
                scheme.shape(),
                top.parts
            ),
            None if top.headings == 0 => {
                "没有找到一级标题：既没有「一、」式的标题，也没有其他形式的短行写出报告的必备部分".into()
            }
            None => format!(
                "{}处一级标题，按「一、」「（一）」「1.」「（1）」的层次（GB/T 9704-2012）读出{own_line}",
                top.headings
            ),
        };
        OutlineScheme {
            form,
            headings: top.headings,
            parts: top.parts,
            own_line: top.own_line,
            reason,
        }
    }
}

impl Outline {
    /// The outline as plain Chinese text for a terminal: one element a
    /// line, places as 「第N行」, headings indented by level.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        match &self.title {
            Some(title) => {
                line(format!("标题：{}", title.text));
                for l in &title.lines {
                    line(format!("  第{}行  {}", l.place.line, l.text));
                }
                line(format!(
                    "  单位：{}    年度：{}",
                    title.unit.as_deref().unwrap_or("（未写明）"),
                    title
                        .year
                        .map_or("（未写明）".to_string(), |y| y.to_string())
                ));
                for r in &title.repeated {
                    line(format!("  重复的标题：第{}行  {}", r.place.line, r.text));
                }
            }
            None => line("标题：（没有找到）".to_string()),
        }
        match &self.year {
            Some(year) => {
                let source = match year.source {
                    "override" => "来自 --year 或配置",
                    "title" => "来自标题",
                    "opening" => "来自开头段落",
                    _ => "按正文中出现最多的年份",
                };
                let at = year
                    .place
                    .map_or(String::new(), |p| format!("，第{}行", p.line));
                line(format!("报告年度：{}（{source}{at}）", year.year));
            }
            None => line("报告年度：（无法确定）".to_string()),
        }
        if let Some(r) = &self.recipient {
            line(format!("主送机关：第{}行  {}", r.place.line, r.text));
        }
        if !self.skipped.is_empty() {
            line(format!("跳过的页面残留（{}行）：", self.skipped.len()));
            for s in &self.skipped {
                line(format!("  第{}行  {}", s.place.line, s.text));
            }
        }
        line(format!("一级标题的形式：{}", self.scheme.reason));
        line(format!("标题层次（{}个）：", self.headings.len()));
        for h in &self.headings {
            let label = |name: &str| {
                self.checklist
                    .iter()
                    .find(|item| item.part == name)
                    .map_or(name.to_string(), |item| item.label.clone())
            };
            let part = h
                .part
                .as_deref()
                .map_or(String::new(), |p| format!("  → {}", label(p)));
            line(format!(
                "  {}第{}行  {}{}{}",
                "  ".repeat(h.level.saturating_sub(1)),
                h.place.line,
                h.marker,
                h.text,
                part
            ));
        }
        line("结尾：".to_string());
        let c = &self.closing;
        match &c.signer {
            Some(s) => line(format!("  署名：第{}行  {}", s.place.line, s.text)),
            None => line("  署名：（没有找到）".to_string()),
        }
        if let Some(s) = &c.seal {
            line(format!("  印章：第{}行  {}", s.place.line, s.text));
        }
        match &c.date {
            Some(d) => line(format!(
                "  成文日期：第{}行  {}（{}）",
                d.place.line, d.text, d.iso
            )),
            None => line("  成文日期：（没有找到）".to_string()),
        }
        for (name, items) in [
            ("附注", &c.annotations),
            ("附件", &c.attachments),
            ("版记", &c.imprint),
        ] {
            for item in items {
                line(format!("  {name}：第{}行  {}", item.place.line, item.text));
            }
        }
        if let Some(layout) = &self.layout {
            line("版式：".to_string());
            match &layout.page {
                Some(p) => line(format!(
                    "  页面：{} × {} 毫米，页边距 上 {} 下 {} 左 {} 右 {} 毫米{}",
                    p.width,
                    p.height,
                    p.top,
                    p.bottom,
                    p.left,
                    p.right,
                    p.line_pitch
                        .map_or(String::new(), |pitch| format!("，网格行距 {pitch} 磅"))
                )),
                None => line("  页面：（未设置）".to_string()),
            }
            for e in &layout.elements {
                let element = Element::parse(e.element).map_or(e.element, Element::chinese);
                line(format!(
                    "  {element}（{}段）：{} {} 磅",
                    e.paragraphs,
                    e.font.as_deref().unwrap_or("（未设置字体）"),
                    e.size
                ));
            }
        }
        if self.report_type.is_none() {
            // Say why there is no checklist: no report type was recognised.
            line(
                "报告类型：未识别（不是已加载规则包中的任何一种报告），只运行通用规则".to_string(),
            );
        }
        line("必备部分：".to_string());
        for item in &self.checklist {
            let at = item
                .place
                .map_or(String::new(), |p| format!("，第{}行", p.line));
            let (mark, how) = match item.status {
                PartStatus::Section => ("✓", "单独成部分"),
                PartStatus::Item => ("✓", "单列一项"),
                PartStatus::Heading => ("✓", "有标题"),
                PartStatus::Mentioned => ("✗", "只顺带提到"),
                PartStatus::Missing => ("✗", "没有"),
            };
            line(format!("  {mark} {}（{how}{at}）", item.label));
        }
        if let Some(pages) = &self.pages {
            line(format!(
                "页面：{}页，去掉的页码、页眉页脚（{}行）：",
                pages.pages,
                pages.furniture.len()
            ));
            for f in &pages.furniture {
                let kind = match f.kind {
                    "page-number" => "页码",
                    "header" => "页眉",
                    _ => "页脚",
                };
                line(format!("  第{}页  {kind}  {}", f.page, f.text));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::RuleSetBuilder;

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
}
