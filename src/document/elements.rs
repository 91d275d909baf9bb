//! The 公文 element of each line, as GB/T 9704-2012 lays them out: the
//! title, headings by level, body paragraphs, the signer, the date, 附注
//! and 版记. Layout rules ask which font, size and placement a paragraph
//! needs by its element; the element comes from the model (title, heading
//! tree, closing), never from the paragraph's Word style.

use super::heading::MarkerKind;
use super::Document;
use crate::text::span::Span;

/// A 公文 element that has its own layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    Title,
    /// Level 1 to 4 (「一、」「（一）」「1.」「（1）」), by marker, not by depth.
    Heading(u8),
    Body,
    Signer,
    Date,
    Annotation,
    Imprint,
}

impl Element {
    /// The name packs use: `title`, `heading-1`…`heading-4`, `body`,
    /// `signer`, `date`, `annotation`, `imprint`.
    pub fn parse(name: &str) -> Option<Element> {
        Some(match name {
            "title" => Element::Title,
            "heading-1" => Element::Heading(1),
            "heading-2" => Element::Heading(2),
            "heading-3" => Element::Heading(3),
            "heading-4" => Element::Heading(4),
            "body" => Element::Body,
            "signer" => Element::Signer,
            "date" => Element::Date,
            "annotation" => Element::Annotation,
            "imprint" => Element::Imprint,
            _ => return None,
        })
    }

    pub const NAMES: &'static [&'static str] = &[
        "title",
        "heading-1",
        "heading-2",
        "heading-3",
        "heading-4",
        "body",
        "signer",
        "date",
        "annotation",
        "imprint",
    ];

    /// The element's name for writers.
    pub fn chinese(self) -> &'static str {
        match self {
            Element::Title => "标题",
            Element::Heading(1) => "一级标题",
            Element::Heading(2) => "二级标题",
            Element::Heading(3) => "三级标题",
            Element::Heading(_) => "四级标题",
            Element::Body => "正文",
            Element::Signer => "署名",
            Element::Date => "成文日期",
            Element::Annotation => "附注",
            Element::Imprint => "版记",
        }
    }
}

/// One line's element and the part of the line it covers (a heading
/// followed by body text in the same paragraph covers only the heading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineElement {
    pub element: Element,
    pub span: Span,
}

/// The element of each physical line (`None`: blank lines, tables,
/// residue, attachments and the recipient). One pass over the blocks.
pub fn line_elements(doc: &Document) -> Vec<Option<LineElement>> {
    let mut lines: Vec<Option<LineElement>> = vec![None; doc.index.lines().line_count()];
    let closing = &doc.closing;
    let within =
        |spans: &[Span], s: Span| spans.iter().any(|x| x.start <= s.start && s.end <= x.end);
    let title_blocks = doc
        .title
        .as_ref()
        .map(|t| t.first_block..t.block + 1)
        .unwrap_or(0..0);
    for (b, block) in doc.blocks.iter().enumerate() {
        if !block.starts_line || block.span.is_empty() || doc.block_in_table[b] {
            continue;
        }
        let Some(slot) = lines.get_mut(block.line) else {
            continue;
        };
        let span = block.span;
        let element = if title_blocks.contains(&b) {
            Some((Element::Title, span))
        } else if let Some(h) = doc.block_heading[b] {
            let heading = &doc.headings[h];
            let level = match heading.marker.kind {
                MarkerKind::Chinese => 1,
                MarkerKind::ParenChinese => 2,
                MarkerKind::Arabic => 3,
                MarkerKind::ParenArabic => 4,
            };
            Some((Element::Heading(level), heading.span()))
        } else if closing
            .signer
            .is_some_and(|s| s.start <= span.start && span.start < s.end)
        {
            Some((Element::Signer, span))
        } else if closing
            .date
            .as_ref()
            .is_some_and(|d| span.start <= d.span.start && d.span.end <= span.end)
        {
            Some((Element::Date, span))
        } else if within(&closing.annotations, span) {
            Some((Element::Annotation, span))
        } else if within(&closing.imprint, span) {
            Some((Element::Imprint, span))
        } else if b >= doc.body_start
            && span.end <= closing.start
            && doc.recipient != Some(b)
            && !doc.skipped.contains(&b)
        {
            Some((Element::Body, span))
        } else {
            None
        };
        if let Some((element, span)) = element {
            *slot = Some(LineElement { element, span });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_has_its_element() {
        let text = "某县2023年法治政府建设年度报告\n\n一、主要举措\n（一）加强领导。全年召开会议5次。\n我县坚持依法行政。\n1.完善制度\n\n某县人民政府\n2024年1月20日\n（此件公开发布）\n";
        let doc = Document::parse(text, None);
        let elements: Vec<Option<Element>> = line_elements(&doc)
            .into_iter()
            .map(|l| l.map(|l| l.element))
            .collect();
        assert_eq!(
            elements,
            vec![
                Some(Element::Title),
                None,
                Some(Element::Heading(1)),
                Some(Element::Heading(2)),
                Some(Element::Body),
                Some(Element::Heading(3)),
                None,
                Some(Element::Signer),
                Some(Element::Date),
                Some(Element::Annotation),
                // The empty line after the last line break.
                None,
            ]
        );
        // A run-in heading covers its own words only.
        let line = line_elements(&doc)[3].unwrap();
        assert_eq!(line.span.text(text), "（一）加强领导");
    }
}
