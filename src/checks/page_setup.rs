//! `page-setup`: a Word document's paper and margins (GB/T 9704-2012 5.1
//! A4; 5.2.1 天头 37 mm ± 1 mm, 订口 28 mm ± 1 mm, 版心 156 mm × 225 mm,
//! hence 26 mm on the right and 35 mm at the bottom). The binding margin
//! is the left margin plus the gutter. One hit per property (paper,
//! margins) for the first section that differs, naming every margin off.
//! Text has no layout: nothing to find.

use super::layout::{page_anchor, trim_number, TWIPS_PER_MM};
use super::{Check, Context, Hit, SpecError};
use crate::input::docx_layout::Section;
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Paper size in millimetres (portrait; a landscape section is turned).
    #[serde(default)]
    pub paper: Option<Paper>,
    /// Margins in millimetres.
    #[serde(default)]
    pub margins: Option<Margins>,
    /// How far any value may be off, in millimetres.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

fn default_tolerance() -> f64 {
    1.0
}

#[derive(Debug)]
pub struct PageSetup {
    paper: Option<Paper>,
    margins: Option<Margins>,
    tolerance: f64,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<PageSetup, SpecError> {
    if params.paper.is_none() && params.margins.is_none() {
        return Err(SpecError::new(
            "kind",
            "a `page-setup` rule needs `paper` or `margins`",
        ));
    }
    let positive = |v: f64| (0.0..10_000.0).contains(&v);
    let paper_ok = params
        .paper
        .is_none_or(|p| positive(p.width) && positive(p.height));
    let margins_ok = params
        .margins
        .is_none_or(|m| [m.top, m.bottom, m.left, m.right].into_iter().all(positive));
    if !paper_ok || !margins_ok || !positive(params.tolerance) {
        return Err(SpecError::new(
            "kind",
            "sizes and the tolerance of a `page-setup` rule are millimetres from 0 to 10000",
        ));
    }
    Ok(PageSetup {
        paper: params.paper,
        margins: params.margins,
        tolerance: params.tolerance,
    })
}

fn mm(twips: i32) -> f64 {
    f64::from(twips) / TWIPS_PER_MM
}

impl PageSetup {
    /// What differs in the section's paper, if anything.
    fn paper_off(&self, section: &Section) -> Option<String> {
        let want = self.paper?;
        let (w, h) = (mm(section.width?), mm(section.height?));
        let near = |a: f64, b: f64| (a - b).abs() <= self.tolerance;
        let fits = (near(w, want.width) && near(h, want.height))
            || (near(w, want.height) && near(h, want.width));
        (!fits).then(|| format!("{} × {} 毫米", trim_number(w), trim_number(h)))
    }

    /// The margins that differ, as writers name them.
    fn margins_off(&self, section: &Section) -> Option<String> {
        let want = self.margins?;
        // A landscape page (a wide table) is laid out turned: not judged.
        if section.width? > section.height? {
            return None;
        }
        let left = section.left.map(|l| l + section.gutter);
        let off: Vec<String> = [
            ("上", section.top, want.top),
            ("下", section.bottom, want.bottom),
            ("左", left, want.left),
            ("右", section.right, want.right),
        ]
        .into_iter()
        .filter_map(|(name, found, want)| {
            let found = mm(found?);
            ((found - want).abs() > self.tolerance)
                .then(|| format!("{name} {} 毫米", trim_number(found)))
        })
        .collect();
        (!off.is_empty()).then(|| off.join("、"))
    }
}

impl Check for PageSetup {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(layout) = cx.layout else { return };
        let Some(anchor) = page_anchor(layout, false) else {
            return;
        };
        let paper = layout.sections.iter().find_map(|s| self.paper_off(s));
        let margins = layout.sections.iter().find_map(|s| self.margins_off(s));
        if let (Some(found), Some(want)) = (paper, self.paper) {
            hits.push(
                Hit::new(anchor, "纸张大小")
                    .var("property", "纸张")
                    .var("found", found)
                    .var(
                        "expected",
                        format!(
                            "{} × {} 毫米",
                            trim_number(want.width),
                            trim_number(want.height)
                        ),
                    ),
            );
        }
        if let (Some(found), Some(want)) = (margins, self.margins) {
            hits.push(
                Hit::new(anchor, "页边距")
                    .var("property", "页边距")
                    .var("found", found)
                    .var("expected", margins_text(want)),
            );
        }
    }

    fn needs_layout(&self) -> bool {
        true
    }

    fn reference(&self) -> Vec<(String, String)> {
        let mut wants = Vec::new();
        if let Some(p) = self.paper {
            wants.push(format!(
                "纸张 {} × {} 毫米",
                trim_number(p.width),
                trim_number(p.height)
            ));
        }
        if let Some(m) = self.margins {
            wants.push(format!("页边距 {}", margins_text(m)));
        }
        vec![(
            format!(
                "{}（误差 ±{} 毫米）",
                wants.join("，"),
                trim_number(self.tolerance)
            ),
            match (self.paper.is_some(), self.margins.is_some()) {
                (true, false) => "GB/T 9704-2012 5.1",
                (false, true) => "GB/T 9704-2012 5.2.1",
                _ => "GB/T 9704-2012 5.1、5.2.1",
            }
            .to_string(),
        )]
    }
}

fn margins_text(m: Margins) -> String {
    format!(
        "上 {} 毫米、下 {} 毫米、左 {} 毫米、右 {} 毫米",
        trim_number(m.top),
        trim_number(m.bottom),
        trim_number(m.left),
        trim_number(m.right)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> PageSetup {
        PageSetup {
            paper: Some(Paper {
                width: 210.0,
                height: 297.0,
            }),
            margins: Some(Margins {
                top: 37.0,
                bottom: 35.0,
                left: 28.0,
                right: 26.0,
            }),
            tolerance: 1.0,
        }
    }

    fn section(top: i32, bottom: i32, left: i32, right: i32) -> Section {
        Section {
            width: Some(11906),
            height: Some(16838),
            top: Some(top),
            bottom: Some(bottom),
            left: Some(left),
            right: Some(right),
            ..Section::default()
        }
    }

    #[test]
    fn gb_margins_pass_and_word_defaults_do_not() {
        let setup = setup();
        assert_eq!(setup.margins_off(&section(2098, 1984, 1588, 1474)), None);
        assert_eq!(setup.paper_off(&section(2098, 1984, 1588, 1474)), None);
        assert_eq!(
            setup
                .margins_off(&section(1440, 1440, 1800, 1800))
                .as_deref(),
            Some("上 25.4 毫米、下 25.4 毫米、左 31.8 毫米、右 31.8 毫米")
        );
        // The gutter is part of the binding margin.
        let mut gutter = section(2098, 1984, 1020, 1474);
        gutter.gutter = 567;
        assert_eq!(setup.margins_off(&gutter), None);
        let letter = Section {
            width: Some(12240),
            height: Some(15840),
            ..section(2098, 1984, 1588, 1474)
        };
        assert_eq!(
            setup.paper_off(&letter).as_deref(),
            Some("215.9 × 279.4 毫米")
        );
    }
}
