//! What the layout kinds (`page-setup`, `font`, `paragraph-format`,
//! `page-number`) share: the paragraphs of each 公文 element with their
//! Word layout, units, and one finding per element and property however
//! many paragraphs it covers. A report without layout (text, Markdown,
//! PDF) gives these kinds nothing to judge: they find nothing.

use super::{Context, Hit, SpecError};
use crate::document::elements::{line_elements, Element, LineElement};
use crate::input::docx_layout::{size_name, Layout, ParagraphLayout};
use crate::text::span::Span;

/// At most this many further paragraphs are labelled beside the first.
const MAX_RELATED: usize = 9;

/// Twips (1/20 pt) in a millimetre.
pub const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// The element a rule names, checked at load time.
pub fn element(name: &str) -> Result<Element, SpecError> {
    Element::parse(name).ok_or_else(|| {
        SpecError::new(
            name,
            format!(
                "unknown element `{name}`; use one of: {}",
                Element::NAMES.join(", ")
            ),
        )
    })
}

/// The layout and the paragraphs of `element` with the part of each line
/// the element covers; `None` without layout.
pub fn paragraphs_of<'a>(
    cx: &Context<'a, '_>,
    element: Element,
) -> Option<(&'a Layout, Vec<(&'a ParagraphLayout, Span)>)> {
    let layout = cx.layout?;
    let found = line_elements(cx.doc)
        .into_iter()
        .zip(&layout.paragraphs)
        .filter_map(|(line, paragraph)| match line {
            Some(LineElement { element: e, span }) if e == element => Some((paragraph, span)),
            _ => None,
        })
        .collect();
    Some((layout, found))
}

/// The part two spans share, if any text.
pub fn overlap(a: Span, b: Span) -> Option<Span> {
    let (start, end) = (a.start.max(b.start), a.end.min(b.end));
    (start < end).then(|| Span::new(start, end))
}

/// A size in half-points for writers: 「16 磅（三号）」.
pub fn size_text(half_points: u32) -> String {
    let pt = f64::from(half_points) / 2.0;
    match size_name(half_points) {
        Some(name) => format!("{} 磅（{name}）", trim_number(pt)),
        None => format!("{} 磅", trim_number(pt)),
    }
}

/// The row a layout rule gives `--explain`'s reference: what it asks of
/// `element` (「正文：字体 仿宋，字号 三号」) and the standard it comes from.
pub fn reference_row(element: Element, wants: &[String]) -> Vec<(String, String)> {
    vec![(
        format!("{}：{}", element.chinese(), wants.join("，")),
        "GB/T 9704-2012".to_string(),
    )]
}

/// 16 → 「16」, 10.5 → 「10.5」, 37.04 → 「37」 (one decimal at most).
pub fn trim_number(value: f64) -> String {
    // A hair over, so that 31.75 mm (Word's 1800 twips, 31.749999… in
    // floating point) reads 31.8 as Word shows it.
    let rounded = (value * 10.0 + 1e-6).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Paragraphs that differ from what a rule wants in one property, gathered
/// into one hit.
#[derive(Debug, Default)]
pub struct Tally {
    /// The first place, and what was found there.
    first: Option<(Span, String)>,
    related: Vec<Span>,
    paragraphs: usize,
}

impl Tally {
    /// A paragraph that differs, at `span` (its first differing run), with
    /// the value `found`.
    pub fn add(&mut self, span: Span, found: String) {
        self.paragraphs += 1;
        if self.first.is_none() {
            self.first = Some((span, found));
        } else if self.related.len() < MAX_RELATED {
            self.related.push(span);
        }
    }

    /// One hit for all of them: `{found}` is the first place's value,
    /// `{count}` the number of paragraphs.
    pub fn hit(self, label: &str) -> Option<Hit> {
        let (span, found) = self.first?;
        let mut hit = Hit::new(span, label)
            .var("found", found)
            .var("count", self.paragraphs.to_string());
        for related in self.related {
            hit = hit.related(related, "同上");
        }
        Some(hit)
    }
}

/// The first non-empty paragraph, or the last: where findings about the
/// page as a whole are shown.
pub fn page_anchor(layout: &Layout, last: bool) -> Option<Span> {
    let mut non_empty = layout
        .paragraphs
        .iter()
        .map(|p| p.span)
        .filter(|s| !s.is_empty());
    if last {
        non_empty.next_back()
    } else {
        non_empty.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_numbers_read_as_writers_say_them() {
        assert_eq!(size_text(32), "16 磅（三号）");
        assert_eq!(size_text(21), "10.5 磅（五号）");
        assert_eq!(size_text(33), "16.5 磅");
        assert_eq!(trim_number(25.4), "25.4");
        assert_eq!(trim_number(37.01), "37");
    }

    #[test]
    fn a_tally_is_one_hit_with_its_count() {
        let mut tally = Tally::default();
        assert!(Tally::default().hit("x").is_none());
        for i in 0..12 {
            tally.add(Span::new(i * 10, i * 10 + 3), format!("f{i}"));
        }
        let hit = tally.hit("字体").unwrap();
        assert_eq!(hit.span, Span::new(0, 3));
        assert_eq!(hit.related.len(), MAX_RELATED);
        assert!(hit.vars.iter().any(|(k, v)| *k == "count" && v == "12"));
        assert!(hit.vars.iter().any(|(k, v)| *k == "found" && v == "f0"));
    }
}
