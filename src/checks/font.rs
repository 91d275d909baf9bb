//! `font`: the font family, size and weight of one 公文 element of a Word
//! document (GB/T 9704-2012 5.2.2, 7.3.1, 7.3.3): the title in 2号小标宋,
//! headings in 黑体, 楷体, 仿宋, the body in 3号仿宋. Families are matched
//! by face, whatever the name (仿宋_GB2312, FangSong, 方正仿宋_GBK…). One
//! hit per property, however many paragraphs it covers. Text has no
//! layout: nothing to find.

use super::layout::{element, overlap, paragraphs_of, reference_row, size_text, Tally};
use super::{Check, Context, Hit, SpecError};
use crate::document::elements::Element;
use crate::input::docx_layout::font_family;
use crate::schema::parts::PartCatalog;
use crate::text::chars::is_han;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `title`, `heading-1`…`heading-4`, `body`, `signer`, `date`,
    /// `annotation`, `imprint`.
    pub element: String,
    /// Font families any of which will do (「仿宋」「小标宋」), for the
    /// Chinese characters (the East Asian font).
    #[serde(default)]
    pub family: Vec<String>,
    /// Size in points (16 for 三号).
    #[serde(default)]
    pub size: Option<f64>,
    /// Whether the text must be bold (`true`) or not (`false`).
    #[serde(default)]
    pub bold: Option<bool>,
}

#[derive(Debug)]
pub struct Font {
    element: Element,
    families: Vec<String>,
    /// Half-points.
    size: Option<u32>,
    bold: Option<bool>,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<Font, SpecError> {
    let element = element(&params.element)?;
    if params.family.is_empty() && params.size.is_none() && params.bold.is_none() {
        return Err(SpecError::new(
            "kind",
            "a `font` rule needs `family`, `size` or `bold`",
        ));
    }
    let size = match params.size {
        Some(pt) if !(1.0..=1638.0).contains(&pt) || (pt * 2.0).fract() != 0.0 => {
            return Err(SpecError::new(
                "size",
                format!("`size: {pt}` is not a font size in points (a multiple of 0.5, 1 to 1638)"),
            ))
        }
        Some(pt) => Some((pt * 2.0) as u32),
        None => None,
    };
    Ok(Font {
        element,
        families: params.family.iter().map(|f| font_family(f)).collect(),
        size,
        bold: params.bold,
    })
}

impl Check for Font {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some((_, paragraphs)) = paragraphs_of(cx, self.element) else {
            return;
        };
        let text = cx.text();
        let (mut family, mut size, mut bold) =
            (Tally::default(), Tally::default(), Tally::default());
        for (paragraph, focus) in paragraphs {
            // The runs within the element's part of the line, with text.
            let runs = paragraph.runs.iter().filter_map(|run| {
                let span = overlap(run.span, focus)?;
                let words = span.text(text);
                (!words.trim().is_empty()).then_some((run, span, words))
            });
            let (mut family_off, mut size_off, mut bold_off) = (None, None, None);
            for (run, span, words) in runs {
                if !self.families.is_empty() && family_off.is_none() && words.chars().any(is_han) {
                    let found = run.east_asia.as_deref().map(font_family);
                    if !found.as_ref().is_some_and(|f| self.families.contains(f)) {
                        family_off = Some((
                            span,
                            run.east_asia.clone().unwrap_or_else(|| "未设置".into()),
                        ));
                    }
                }
                if self.size.is_some_and(|s| s != run.size) && size_off.is_none() {
                    size_off = Some((span, size_text(run.size)));
                }
                if self.bold.is_some_and(|b| b != run.bold) && bold_off.is_none() {
                    bold_off = Some((span, if run.bold { "加粗" } else { "未加粗" }.to_string()));
                }
            }
            for (off, tally) in [
                (family_off, &mut family),
                (size_off, &mut size),
                (bold_off, &mut bold),
            ] {
                if let Some((span, found)) = off {
                    tally.add(span, found);
                }
            }
        }
        let name = self.element.chinese();
        let expected_family = self.families.join("或");
        let expected_size = self.size.map(size_text).unwrap_or_default();
        let expected_bold = match self.bold {
            Some(true) => "加粗",
            _ => "不加粗",
        };
        for (tally, property, expected) in [
            (family, "字体", expected_family),
            (size, "字号", expected_size),
            (bold, "字形", expected_bold.to_string()),
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
        if !self.families.is_empty() {
            wants.push(format!("字体 {}", self.families.join("或")));
        }
        if let Some(size) = self.size {
            wants.push(format!("字号 {}", size_text(size)));
        }
        if let Some(bold) = self.bold {
            wants.push(if bold { "加粗" } else { "不加粗" }.to_string());
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
        assert!(compiles("kind: font\nelement: body\nfamily: [仿宋]\nsize: 16\n").is_ok());
        let err = compiles("kind: font\nelement: footnote\nsize: 16\n").unwrap_err();
        assert!(err.message.contains("unknown element"), "{}", err.message);
        assert!(compiles("kind: font\nelement: body\n").is_err());
        assert!(compiles("kind: font\nelement: body\nsize: 16.3\n").is_err());
        assert!(serde_yaml::from_str::<CheckSpec>(
            "kind: font\nelement: body\nsize: 16\ncolour: red\n"
        )
        .is_err());
    }

    #[test]
    fn text_has_no_layout_and_gives_nothing() {
        let hits = crate::checks::testing::run_kind(
            "kind: font\nelement: body\nfamily: [仿宋]\nsize: 16\n",
            "标题\n\n正文一段。\n",
        );
        assert!(hits.is_empty());
    }
}
