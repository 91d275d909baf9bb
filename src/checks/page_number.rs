//! `page-number`: a Word document's page numbers (GB/T 9704-2012 7.5):
//! present in the footers, 「— 1 —」 with a dash (一字线) on each side, in
//! 4号 (14 pt), odd pages on the right and even pages on the left. Each
//! rule checks one `property`; one hit at most, at the end of the text.
//! Text has no layout: nothing to find.

use super::layout::{page_anchor, size_text};
use super::{Check, Context, Hit, SpecError};
use crate::input::docx_layout::{Layout, PageNumber as Field};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Property {
    /// The footers have a page-number field.
    Present,
    /// A dash on each side of the number.
    Dashes,
    /// The number's size.
    Size,
    /// Odd pages right, even pages left (needs different odd and even footers).
    Position,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub property: Property,
    /// For `dashes`: the characters accepted as the dash.
    #[serde(default = "default_dashes")]
    pub dashes: Vec<String>,
    /// For `size`: points.
    #[serde(default)]
    pub size: Option<f64>,
}

fn default_dashes() -> Vec<String> {
    vec!["—".to_string()]
}

#[derive(Debug)]
pub struct PageNumber {
    property: Property,
    dashes: Vec<String>,
    /// Half-points.
    size: u32,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<PageNumber, SpecError> {
    let size = match (params.property, params.size) {
        (Property::Size, None) => {
            return Err(SpecError::new(
                "size",
                "a `page-number` rule for `size` needs `size`",
            ))
        }
        (_, Some(pt)) if !(1.0..=1638.0).contains(&pt) || (pt * 2.0).fract() != 0.0 => {
            return Err(SpecError::new(
                "size",
                format!("`size: {pt}` is not a font size in points (a multiple of 0.5, 1 to 1638)"),
            ))
        }
        (_, Some(pt)) => (pt * 2.0) as u32,
        (_, None) => 0,
    };
    if params.dashes.iter().any(|d| d.trim().is_empty()) || params.dashes.is_empty() {
        return Err(SpecError::new(
            "dashes",
            "`dashes` are characters, none of them blank",
        ));
    }
    Ok(PageNumber {
        property: params.property,
        dashes: params.dashes,
        size,
    })
}

/// The page numbers of the footers the sections use, with the footer type.
fn fields(layout: &Layout) -> impl Iterator<Item = (&str, &Field)> + '_ {
    layout.sections.iter().flat_map(move |s| {
        s.footers.iter().filter_map(move |(kind, index)| {
            let field = layout.footers.get(*index)?.page_number.as_ref()?;
            Some((kind.as_str(), field))
        })
    })
}

fn shown(field: &Field) -> String {
    format!("{}1{}", field.before.trim(), field.after.trim())
}

impl PageNumber {
    fn has_dashes(&self, field: &Field) -> bool {
        let before = field.before.trim_end();
        let after = field.after.trim_start();
        self.dashes.iter().any(|d| before.ends_with(d.as_str()))
            && self.dashes.iter().any(|d| after.starts_with(d.as_str()))
    }

    /// What is wrong and what is wanted, if anything.
    fn problem(&self, layout: &Layout) -> Option<(String, String)> {
        let mut fields = fields(layout).peekable();
        match self.property {
            Property::Present => fields
                .peek()
                .is_none()
                .then(|| ("无页码".to_string(), "每页有页码".to_string())),
            Property::Dashes => fields
                .map(|(_, f)| f)
                .find(|f| !self.has_dashes(f))
                .map(|f| {
                    (
                        format!("「{}」", shown(f)),
                        format!("「{0} 1 {0}」", self.dashes[0]),
                    )
                }),
            Property::Size => fields
                .map(|(_, f)| f)
                .find(|f| f.size != self.size)
                .map(|f| (size_text(f.size), size_text(self.size))),
            Property::Position => {
                let wanted = "单页码居右、双页码居左".to_string();
                let fields: Vec<(&str, &Field)> = fields.collect();
                if fields.is_empty() {
                    return None;
                }
                let align = |f: &Field| match f.align.as_deref() {
                    Some("right" | "end") => "居右",
                    Some("center") => "居中",
                    _ => "居左",
                };
                if !layout.even_and_odd_headers {
                    return Some((format!("单双页码同为{}", align(fields[0].1)), wanted));
                }
                let off = fields.iter().find(|(kind, f)| match *kind {
                    "default" => align(f) != "居右",
                    "even" => align(f) != "居左",
                    _ => false,
                });
                off.map(|(kind, f)| {
                    let page = if *kind == "even" {
                        "双页码"
                    } else {
                        "单页码"
                    };
                    (format!("{page}{}", align(f)), wanted)
                })
            }
        }
    }
}

impl Check for PageNumber {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(layout) = cx.layout else { return };
        let Some(anchor) = page_anchor(layout, true) else {
            return;
        };
        if let Some((found, expected)) = self.problem(layout) {
            hits.push(
                Hit::new(anchor, "页码")
                    .var("property", "页码")
                    .var("found", found)
                    .var("expected", expected),
            );
        }
    }

    fn needs_layout(&self) -> bool {
        true
    }

    fn reference(&self) -> Vec<(String, String)> {
        let want = match self.property {
            Property::Present => "页码编排在版心下边缘之下".to_string(),
            Property::Dashes => format!("数字左右各放一条一字线：「{0} 1 {0}」", self.dashes[0]),
            Property::Size => format!("页码字号 {}", size_text(self.size)),
            Property::Position => "单页码居右空一字，双页码居左空一字".to_string(),
        };
        vec![(want, "GB/T 9704-2012 7.5".to_string())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::docx_layout::{Footer, Section};

    fn layout(fields: &[(&str, Field)], even_and_odd: bool) -> Layout {
        Layout {
            sections: vec![Section {
                footers: (0..fields.len())
                    .map(|i| (fields[i].0.to_string(), i))
                    .collect(),
                ..Section::default()
            }],
            footers: fields
                .iter()
                .map(|(_, f)| Footer {
                    part: String::new(),
                    page_number: Some(f.clone()),
                })
                .collect(),
            even_and_odd_headers: even_and_odd,
            paragraphs: Vec::new(),
        }
    }

    fn field(before: &str, after: &str, align: &str) -> Field {
        Field {
            before: before.into(),
            after: after.into(),
            align: Some(align.into()),
            latin: Some("宋体".into()),
            size: 28,
        }
    }

    fn check(property: Property) -> PageNumber {
        PageNumber {
            property,
            dashes: default_dashes(),
            size: 28,
        }
    }

    #[test]
    fn gb_page_numbers_pass() {
        let good = layout(
            &[
                ("default", field("— ", " —", "right")),
                ("even", field("— ", " —", "left")),
            ],
            true,
        );
        for property in [
            Property::Present,
            Property::Dashes,
            Property::Size,
            Property::Position,
        ] {
            assert_eq!(check(property).problem(&good), None, "{property:?}");
        }
    }

    #[test]
    fn each_deviation_is_named() {
        let none = layout(&[], false);
        assert!(check(Property::Present).problem(&none).is_some());
        // Nothing to say about the form of numbers that are not there.
        assert_eq!(check(Property::Dashes).problem(&none), None);
        let plain = layout(&[("default", field("", "", "center"))], false);
        assert_eq!(check(Property::Dashes).problem(&plain).unwrap().0, "「1」");
        assert_eq!(
            check(Property::Position).problem(&plain).unwrap().0,
            "单双页码同为居中"
        );
        let hyphens = layout(&[("default", field("-", "-", "right"))], false);
        assert_eq!(
            check(Property::Dashes).problem(&hyphens).unwrap().0,
            "「-1-」"
        );
    }
}
