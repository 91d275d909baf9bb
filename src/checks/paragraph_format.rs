//! `paragraph-format`: how one 公文 element's paragraphs are placed in a
//! Word document: alignment (the title centred, GB/T 9704-2012 7.3.1),
//! first-line indent in characters (paragraphs 「首行缩进2字」), line
//! spacing in points (22 lines a page, 5.2.3), and placement at the right
//! of the line (the signer and the date, 7.3.5). One hit per property,
//! however many paragraphs it covers. Text has no layout: nothing to find.

use super::layout::{element, paragraphs_of, reference_row, trim_number, Tally};
use super::{Check, Context, Hit, SpecError};
use crate::document::elements::Element;
use crate::input::docx_layout::{ParagraphLayout, Section};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `title`, `heading-1`…`heading-4`, `body`, `signer`, `date`,
    /// `annotation`, `imprint`.
    pub element: String,
    /// Alignments any of which will do: `left`, `center`, `right`, `both`
    /// (justified), `distribute`.
    #[serde(default)]
    pub align: Vec<String>,
    /// First-line indent in characters (2 for 「首行缩进2字」).
    #[serde(default)]
    pub first_line_chars: Option<f64>,
    /// How far the indent may be off, in characters.
    #[serde(default = "default_tolerance")]
    pub tolerance_chars: f64,
    /// Line spacing in points, `[least, most]`.
    #[serde(default)]
    pub line_spacing: Option<[f64; 2]>,
    /// `right`: the paragraph sits in the right half of the line, by
    /// right alignment or by an indent (or leading spaces) past the middle.
    #[serde(default)]
    pub placement: Option<String>,
}

fn default_tolerance() -> f64 {
    0.25
}

const ALIGNMENTS: &[(&str, &str)] = &[
    ("left", "左对齐"),
    ("center", "居中"),
    ("right", "右对齐"),
    ("both", "两端对齐"),
    ("distribute", "分散对齐"),
];

#[derive(Debug)]
pub struct ParagraphFormat {
    element: Element,
    align: Vec<String>,
    first_line: Option<(f64, f64)>,
    line_spacing: Option<[f64; 2]>,
    right_placed: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<ParagraphFormat, SpecError> {
    let element = element(&params.element)?;
    for align in &params.align {
        if !ALIGNMENTS.iter().any(|(name, _)| name == align) {
            return Err(SpecError::new(
                align.as_str(),
                format!("unknown alignment `{align}`; use left, center, right, both or distribute"),
            ));
        }
    }
    let right_placed = match params.placement.as_deref() {
        None => false,
        Some("right") => true,
        Some(other) => {
            return Err(SpecError::new(
                other,
                format!("unknown placement `{other}`; use right"),
            ))
        }
    };
    if params.align.is_empty()
        && params.first_line_chars.is_none()
        && params.line_spacing.is_none()
        && !right_placed
    {
        return Err(SpecError::new(
            "kind",
            "a `paragraph-format` rule needs `align`, `first-line-chars`, `line-spacing` or `placement`",
        ));
    }
    if let Some([least, most]) = params.line_spacing {
        if least.is_nan() || most.is_nan() || least <= 0.0 || least > most {
            return Err(SpecError::new(
                "line-spacing",
                "`line-spacing` is `[least, most]` in points, least above 0 and not above most",
            ));
        }
    }
    if params.tolerance_chars.is_nan() || params.tolerance_chars < 0.0 {
        return Err(SpecError::new(
            "tolerance-chars",
            "`tolerance-chars` is at least 0",
        ));
    }
    Ok(ParagraphFormat {
        element,
        align: params.align,
        first_line: params.first_line_chars.map(|c| (c, params.tolerance_chars)),
        line_spacing: params.line_spacing,
        right_placed,
    })
}

/// Text width in twips when a section does not say: A4's 版心, 156 mm.
const DEFAULT_TEXT_WIDTH: f64 = 156.0 / 25.4 * 1440.0;

/// Where a paragraph's first line starts, in characters of its size: the
/// left and first-line indents and the spaces it begins with (a full-width
/// space is one character, a half-width one half, a tab two).
fn start_chars(paragraph: &ParagraphLayout, text: &str) -> f64 {
    let char_twips = f64::from(paragraph.main_size().max(1)) * 10.0;
    let left = f64::from(paragraph.props.left.unwrap_or(0)) / char_twips;
    let spaces: f64 = text
        .get(paragraph.span.start..paragraph.span.end)
        .unwrap_or("")
        .chars()
        .map_while(|c| match c {
            '\u{3000}' => Some(1.0),
            ' ' | '\u{a0}' => Some(0.5),
            '\t' => Some(2.0),
            _ => None,
        })
        .sum();
    left + paragraph.first_line_chars() + spaces
}

/// The width of a line in characters of the paragraph's size.
fn line_chars(paragraph: &ParagraphLayout, section: Option<&Section>) -> f64 {
    let width = section
        .and_then(|s| Some(f64::from(s.width? - s.left? - s.right? - s.gutter)))
        .filter(|w| *w > 0.0)
        .unwrap_or(DEFAULT_TEXT_WIDTH);
    let right = f64::from(paragraph.props.right.unwrap_or(0));
    (width - right).max(1.0) / (f64::from(paragraph.main_size().max(1)) * 10.0)
}

fn align_name(align: &str) -> &str {
    ALIGNMENTS
        .iter()
        .find(|(name, _)| *name == align)
        .map_or(align, |(_, chinese)| chinese)
}

/// Word's alignments under the names packs use (`start` is `left`…).
fn normal_align(align: Option<&str>) -> &str {
    match align {
        None | Some("start" | "left") => "left",
        Some("end" | "right") => "right",
        Some("center") => "center",
        Some("both" | "justify") => "both",
        Some("distribute" | "lowKashida" | "mediumKashida" | "highKashida" | "thaiDistribute") => {
            "distribute"
        }
        Some(other) => other,
    }
}

impl Check for ParagraphFormat {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some((layout, paragraphs)) = paragraphs_of(cx, self.element) else {
            return;
        };
        // The line grid that `auto` spacing snaps to: the last section's
        // (most documents have one).
        let pitch = layout.sections.last().and_then(|s| s.grid_pitch());
        let section = layout.sections.last();
        let (mut align, mut indent, mut spacing, mut placement) = (
            Tally::default(),
            Tally::default(),
            Tally::default(),
            Tally::default(),
        );
        for (paragraph, focus) in paragraphs {
            if !self.align.is_empty() {
                let found = normal_align(paragraph.props.align.as_deref());
                if !self.align.iter().any(|a| a == found) {
                    align.add(focus, align_name(found).to_string());
                }
            }
            if let Some((want, tolerance)) = self.first_line {
                let found = paragraph.first_line_chars();
                if (found - want).abs() > tolerance {
                    indent.add(focus, format!("{} 字", trim_number(found)));
                }
            }
            if let Some([least, most]) = self.line_spacing {
                let found = paragraph.line_spacing_pt(pitch);
                let ok = found.is_some_and(|pt| pt >= least - 0.05 && pt <= most + 0.05);
                if !ok {
                    let text = match (found, paragraph.props.line) {
                        (Some(pt), _) => format!("{} 磅", trim_number(pt)),
                        (None, Some(line)) => {
                            format!("{} 倍行距", trim_number(f64::from(line) / 240.0))
                        }
                        (None, None) => "单倍行距".to_string(),
                    };
                    spacing.add(focus, text);
                }
            }
            if self.right_placed {
                let found = normal_align(paragraph.props.align.as_deref());
                let start = start_chars(paragraph, cx.text());
                let right = found == "right"
                    || (found != "center" && start >= line_chars(paragraph, section) / 2.0);
                if !right {
                    let text = match found {
                        "center" => "居中".to_string(),
                        _ if start < 0.5 => "左起顶格".to_string(),
                        _ => format!("左起空 {} 字", trim_number(start)),
                    };
                    placement.add(focus, text);
                }
            }
        }
        let name = self.element.chinese();
        let expected_align = self
            .align
            .iter()
            .map(|a| align_name(a))
            .collect::<Vec<_>>()
            .join("或");
        let expected_indent = self
            .first_line
            .map(|(c, _)| format!("{} 字", trim_number(c)))
            .unwrap_or_default();
        let expected_spacing = self
            .line_spacing
            .map(|[l, m]| format!("{}～{} 磅", trim_number(l), trim_number(m)))
            .unwrap_or_default();
        for (tally, property, expected) in [
            (align, "对齐方式", expected_align),
            (indent, "首行缩进", expected_indent),
            (spacing, "行距", expected_spacing),
            (placement, "位置", "居右".to_string()),
        ] {
            if let Some(hit) = tally.hit(&format!("{name}{property}")) {
                hits.push(
                    hit.var("element", name)
                        .var("property", property)
                        .var("expected", expected),
                );
            }
        }
    }

    fn needs_layout(&self) -> bool {
        true
    }

    fn reference(&self) -> Vec<(String, String)> {
        let mut wants = Vec::new();
        if !self.align.is_empty() {
            wants.push(
                self.align
                    .iter()
                    .map(|a| align_name(a))
                    .collect::<Vec<_>>()
                    .join("或"),
            );
        }
        if let Some((c, _)) = self.first_line {
            wants.push(format!("首行缩进 {} 字", trim_number(c)));
        }
        if let Some([l, m]) = self.line_spacing {
            wants.push(format!("行距 {}～{} 磅", trim_number(l), trim_number(m)));
        }
        if self.right_placed {
            wants.push("居右".to_string());
        }
        reference_row(self.element, &wants)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckSpec;

    fn compiles(yaml: &str) -> Result<Box<dyn Check>, SpecError> {
        let spec: CheckSpec = serde_yaml::from_str(yaml).expect("valid yaml");
        spec.compile(&PartCatalog::default())
    }

    #[test]
    fn parameters_are_checked_at_load_time() {
        assert!(compiles("kind: paragraph-format\nelement: title\nalign: [center]\n").is_ok());
        assert!(compiles("kind: paragraph-format\nelement: title\nalign: [middle]\n").is_err());
        assert!(compiles("kind: paragraph-format\nelement: body\n").is_err());
        assert!(
            compiles("kind: paragraph-format\nelement: body\nline-spacing: [30, 28]\n").is_err()
        );
        assert!(compiles("kind: paragraph-format\nelement: body\nfirst-line-chars: 2\n").is_ok());
        assert!(compiles("kind: paragraph-format\nelement: date\nplacement: right\n").is_ok());
        assert!(compiles("kind: paragraph-format\nelement: date\nplacement: left\n").is_err());
    }

    fn paragraph(align: Option<&str>, left: Option<i32>, text_len: usize) -> ParagraphLayout {
        let mut p = ParagraphLayout {
            span: crate::text::span::Span::new(0, text_len),
            ..ParagraphLayout::default()
        };
        p.props.align = align.map(str::to_string);
        p.props.left = left;
        p.mark.size = 32;
        p
    }

    #[test]
    fn a_paragraph_is_placed_right_by_alignment_indent_or_spaces() {
        // 16 pt on A4's 156 mm: 27.6 characters a line.
        let line = line_chars(&paragraph(None, None, 0), None);
        assert!((27.0..28.0).contains(&line), "{line}");
        let spaces = "\u{3000}".repeat(16) + "2024年1月20日";
        assert_eq!(
            start_chars(&paragraph(None, None, spaces.len()), &spaces),
            16.0
        );
        assert_eq!(start_chars(&paragraph(None, Some(320 * 16), 0), ""), 16.0);
        let half = " ".repeat(8) + "日期";
        assert_eq!(start_chars(&paragraph(None, None, half.len()), &half), 4.0);
    }

    #[test]
    fn word_alignments_have_the_packs_names() {
        assert_eq!(normal_align(None), "left");
        assert_eq!(normal_align(Some("start")), "left");
        assert_eq!(normal_align(Some("justify")), "both");
        assert_eq!(align_name("center"), "居中");
    }
}
