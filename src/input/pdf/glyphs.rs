//! What a PDF page draws, as rl-lint needs it: every glyph with its
//! Unicode text, baseline origin and size, and every ruling line (a stroked
//! straight segment, or a thin filled rectangle, as Word and WPS draw table
//! borders). Positions are in points, `y` growing down the page (the
//! page's initial transform already flips and rotates them).
//!
//! The device is handed to `hayro-interpret`, which parses the content
//! stream; it keeps at most the budget it is given of glyphs and rules and
//! notes when the budget ran out, so a page of a million glyphs costs its
//! parse and no more memory than the budget.

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};

/// One glyph as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its Unicode text (one character, or a ligature's few).
    pub text: String,
    /// Origin of the glyph on its baseline, in points from the page's
    /// top-left corner.
    pub x: f64,
    pub y: f64,
    /// Font size in points (the height of the em square on the page).
    pub size: f64,
}

impl Glyph {
    /// The glyph's first character.
    pub fn first(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }

    /// About how wide the glyph is: a full em for Chinese characters and
    /// full-width forms, half an em for Latin letters and digits.
    pub fn width(&self) -> f64 {
        if is_wide(self.first()) {
            self.size
        } else {
            self.size * 0.5
        }
    }

    /// The middle of the glyph's box, which decides the table cell it is
    /// in.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width() / 2.0, self.y - self.size * 0.35)
    }
}

/// Whether a character takes a full em: Han, kana, full-width forms and
/// CJK punctuation.
pub fn is_wide(c: char) -> bool {
    crate::text::chars::is_cjk(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}' | '\u{2014}' | '\u{2026}' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

/// A straight ruling line: horizontal (`y0 == y1`) or vertical (`x0 == x1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

/// How thin a filled rectangle may be to count as a line, in points.
const MAX_RULE_THICKNESS: f64 = 2.5;
/// Shorter segments are glyph strokes or ticks, not borders.
const MIN_RULE_LENGTH: f64 = 3.0;

/// What one page draws.
#[derive(Debug, Default)]
pub struct PageContent {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Glyphs drawn that had no Unicode (an image of text, a font without
    /// a ToUnicode map).
    pub unmapped: usize,
    /// Whether the page drew an image (a scan, when it has no text).
    pub images: usize,
    /// The glyph budget ran out on this page.
    pub glyphs_over: bool,
}

/// The device that fills a [`PageContent`].
pub struct Collector {
    pub page: PageContent,
    glyph_budget: usize,
    rule_budget: usize,
}

impl Collector {
    pub fn new(width: f64, height: f64, glyph_budget: usize, rule_budget: usize) -> Collector {
        Collector {
            page: PageContent {
                width,
                height,
                ..PageContent::default()
            },
            glyph_budget,
            rule_budget,
        }
    }

    fn push_rule(&mut self, a: Point, b: Point) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        let straight = dx <= 0.5 || dy <= 0.5;
        if !straight
            || dx.max(dy) < MIN_RULE_LENGTH
            || !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite())
        {
            return;
        }
        if self.page.rules.len() >= self.rule_budget {
            return;
        }
        let rule = if dy <= 0.5 {
            let y = (a.y + b.y) / 2.0;
            Rule {
                x0: a.x.min(b.x),
                y0: y,
                x1: a.x.max(b.x),
                y1: y,
            }
        } else {
            let x = (a.x + b.x) / 2.0;
            Rule {
                x0: x,
                y0: a.y.min(b.y),
                x1: x,
                y1: a.y.max(b.y),
            }
        };
        self.page.rules.push(rule);
    }

    fn rect_as_rules(&mut self, rect: Rect, filled: bool) {
        let (w, h) = (rect.width(), rect.height());
        if filled && w <= MAX_RULE_THICKNESS && h > w {
            let x = (rect.x0 + rect.x1) / 2.0;
            self.push_rule(Point::new(x, rect.y0), Point::new(x, rect.y1));
        } else if filled && h <= MAX_RULE_THICKNESS {
            let y = (rect.y0 + rect.y1) / 2.0;
            self.push_rule(Point::new(rect.x0, y), Point::new(rect.x1, y));
        } else if !filled {
            let corners = [
                Point::new(rect.x0, rect.y0),
                Point::new(rect.x1, rect.y0),
                Point::new(rect.x1, rect.y1),
                Point::new(rect.x0, rect.y1),
            ];
            for i in 0..4 {
                self.push_rule(corners[i], corners[(i + 1) % 4]);
            }
        }
    }
}

/// The rectangle a closed four-sided axis-aligned path draws, if it is one.
fn as_rect(path: &BezPath) -> Option<Rect> {
    let mut points = Vec::with_capacity(5);
    for el in path.elements() {
        match el {
            PathEl::MoveTo(p) | PathEl::LineTo(p) => points.push(*p),
            PathEl::ClosePath => {}
            _ => return None,
        }
        if points.len() > 5 {
            return None;
        }
    }
    if points.len() == 5 && points[4].distance(points[0]) < 0.01 {
        points.pop();
    }
    if points.len() != 4 {
        return None;
    }
    let rect = path.bounding_box();
    let on_corner = |p: &Point| {
        ((p.x - rect.x0).abs() < 0.01 || (p.x - rect.x1).abs() < 0.01)
            && ((p.y - rect.y0).abs() < 0.01 || (p.y - rect.y1).abs() < 0.01)
    };
    points.iter().all(on_corner).then_some(rect)
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if self.page.rules.len() >= self.rule_budget {
            return;
        }
        let path = props.transform * path.clone();
        let filled = matches!(draw_mode, DrawMode::Fill(_));
        // Filled shapes count only as thin rectangles (borders drawn as
        // bars); strokes count segment by segment.
        let rects: Vec<Rect> = split_subpaths(&path).iter().filter_map(as_rect).collect();
        if filled || !rects.is_empty() {
            for rect in rects {
                self.rect_as_rules(rect, filled);
            }
            if filled {
                return;
            }
        }
        let mut start = None;
        let mut last = None;
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    start = Some(p);
                    last = Some(p);
                }
                PathEl::LineTo(p) => {
                    if let Some(a) = last {
                        self.push_rule(a, p);
                    }
                    last = Some(p);
                }
                PathEl::ClosePath => {
                    if let (Some(a), Some(b)) = (last, start) {
                        self.push_rule(a, b);
                    }
                    last = start;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = Some(p),
            }
        }
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.draw_path(&rect.to_path(0.1), props, draw_mode);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Invisible text is an OCR layer over a scan: it is the text.
        let _ = mode;
        for glyph in run.glyphs() {
            if self.page.glyphs.len() >= self.glyph_budget {
                self.page.glyphs_over = true;
                return;
            }
            let transform: Affine = props.transform * glyph.transform();
            let origin = transform * Point::ZERO;
            let size = (transform * Point::new(0.0, 1000.0) - origin).hypot();
            let Some(unicode) = glyph.as_unicode() else {
                self.page.unmapped += 1;
                continue;
            };
            let text = match unicode {
                BfString::Char(c) => c.to_string(),
                BfString::String(s) => s,
            };
            let text: String = text.chars().filter(|c| !c.is_control()).collect();
            if text.is_empty()
                || !origin.x.is_finite()
                || !origin.y.is_finite()
                || !size.is_finite()
                || size <= 0.0
            {
                continue;
            }
            self.page.glyphs.push(Glyph {
                text,
                x: origin.x,
                y: origin.y,
                size,
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.page.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// The subpaths of a path, each from its `MoveTo`.
fn split_subpaths(path: &BezPath) -> Vec<BezPath> {
    let mut out: Vec<BezPath> = Vec::new();
    for el in path.elements() {
        if matches!(el, PathEl::MoveTo(_)) || out.is_empty() {
            out.push(BezPath::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(*el);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_are_recognised() {
        let rect = Rect::new(10.0, 20.0, 110.0, 21.0);
        assert!(as_rect(&rect.to_path(0.1)).is_some());
        let mut tri = BezPath::new();
        tri.move_to((0.0, 0.0));
        tri.line_to((10.0, 0.0));
        tri.line_to((5.0, 8.0));
        tri.close_path();
        assert!(as_rect(&tri).is_none());
    }

    #[test]
    fn thin_filled_rectangles_are_rules() {
        let mut c = Collector::new(595.0, 842.0, 10, 10);
        c.rect_as_rules(Rect::new(10.0, 20.0, 110.0, 20.5), true);
        c.rect_as_rules(Rect::new(10.0, 20.0, 10.5, 120.0), true);
        c.rect_as_rules(Rect::new(10.0, 20.0, 60.0, 60.0), true);
        assert_eq!(c.page.rules.len(), 2);
        assert!(c.page.rules[0].is_horizontal());
        assert!(!c.page.rules[1].is_horizontal());
    }
}
