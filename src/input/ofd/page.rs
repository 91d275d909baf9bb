//! One page's content (and its templates') → glyphs and ruling segments in
//! millimetres: text objects with their `TextCode` and `DeltaX`, paths
//! with their transforms.

use super::*;
use crate::input::docx::attribute;
use quick_xml::events::Event;

/// Each element's local name and attributes, and its text, in order; no
/// DTD.
pub(super) fn walk(
    xml: &str,
    part: &str,
    mut visit: impl FnMut(XmlItem<'_>) -> Result<(), OfdError>,
) -> Result<(), OfdError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let bad =
        |e: &dyn std::fmt::Display| OfdError::Malformed(format!("{part} 不是有效的 XML（{e}）"));
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => visit(XmlItem::Start(&e))?,
            Event::Empty(e) => {
                visit(XmlItem::Start(&e))?;
                visit(XmlItem::End(e.local_name().as_ref()))?;
            }
            Event::End(e) => visit(XmlItem::End(e.local_name().as_ref()))?,
            Event::Text(t) => {
                let text = t.xml10_content().map_err(|e| bad(&e))?;
                visit(XmlItem::Text(&text))?;
            }
            Event::GeneralRef(r) => {
                let text = crate::input::docx::resolve_reference(&r).map_err(|e| bad(&e))?;
                visit(XmlItem::Text(&text))?;
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| bad(&e))?;
                visit(XmlItem::Text(&text))?;
            }
            Event::DocType(_) => return Err(bad(&"声明了 DTD")),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

pub(super) enum XmlItem<'a> {
    Start(&'a quick_xml::events::BytesStart<'a>),
    End(&'a [u8]),
    Text(&'a str),
}

pub(super) fn numbers(value: &str) -> Vec<f64> {
    value
        .split_whitespace()
        .filter_map(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .collect()
}

/// `DeltaX`: numbers, where `g N D` stands for `N` times `D`; at most
/// `most` values are produced.
pub(super) fn deltas(value: &str, most: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut tokens = value.split_whitespace();
    while out.len() < most {
        let Some(token) = tokens.next() else {
            break;
        };
        if token == "g" {
            let count = tokens
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            let delta = tokens
                .next()
                .and_then(|d| d.parse::<f64>().ok())
                .unwrap_or(0.0);
            let room = most - out.len();
            out.extend(std::iter::repeat_n(delta, count.min(room)));
        } else if let Ok(delta) = token.parse::<f64>() {
            out.push(delta);
        }
    }
    out
}

/// An affine transform `a b c d e f` (x' = a x + c y + e, y' = b x + d y + f).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctm([f64; 6]);

impl Ctm {
    const IDENTITY: Ctm = Ctm([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub(super) fn parse(value: Option<String>) -> Ctm {
        match value.map(|v| numbers(&v)).as_deref() {
            Some(&[a, b, c, d, e, f]) => Ctm([a, b, c, d, e, f]),
            _ => Ctm::IDENTITY,
        }
    }

    pub(super) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much it scales lengths (for the font size).
    pub(super) fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// The text object being read.
pub(super) struct TextObject {
    pub(super) origin: (f64, f64),
    pub(super) ctm: Ctm,
    pub(super) size: f64,
    /// Where the next `TextCode` without `X`/`Y` continues.
    pub(super) cursor: (f64, f64),
    /// The open `TextCode`.
    pub(super) code: Option<Code>,
}

/// A `TextCode` being read: where it starts, its `DeltaX`, and its text.
pub(super) struct Code {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) delta: String,
    pub(super) text: String,
}

impl TextObject {
    /// How far a character moves the pen without a `DeltaX`, in the
    /// object's space: an em for a Chinese character, half of one else.
    pub(super) fn advance(&self, c: char) -> f64 {
        let size = self.size / self.ctm.scale().max(1e-9);
        if crate::input::pdf::glyphs::is_wide(c) {
            size
        } else {
            size / 2.0
        }
    }

    /// Places the characters of a `TextCode` as glyphs (whitespace moves
    /// the pen but is not a glyph), and moves the cursor past them.
    pub(super) fn place(&mut self, code: &Code, glyphs: &mut Vec<OfdGlyph>) {
        let count = code.text.chars().count();
        let steps = deltas(&code.delta, count.saturating_sub(1));
        let (mut cx, cy) = (code.x, code.y);
        let mut last = None;
        for (k, c) in code.text.chars().enumerate() {
            if let Some(before) = last {
                cx += steps
                    .get(k - 1)
                    .copied()
                    .unwrap_or_else(|| self.advance(before));
            }
            last = Some(c);
            if c.is_whitespace() {
                continue;
            }
            let (px, py) = self.ctm.apply(cx, cy);
            glyphs.push(OfdGlyph {
                text: c.to_string(),
                x: self.origin.0 + px,
                y: self.origin.1 + py,
                size: self.size,
            });
        }
        if let Some(c) = last {
            cx += self.advance(c);
        }
        self.cursor = (cx, cy);
    }
}

/// A `PhysicalBox` (`x y width height`, millimetres) as a page size.
pub(super) fn page_size(text: &str) -> Option<(f64, f64)> {
    match numbers(text).as_slice() {
        &[_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// The glyphs and rules of one page's (or template's) `Content.xml`, and
/// the templates it draws on (`Template@TemplateID`, at most
/// [`MAX_TEMPLATES_PER_PAGE`]).
pub(super) fn read_page(
    xml: &str,
    name: &str,
    budget: &mut usize,
) -> Result<(OfdPage, Vec<String>), OfdError> {
    let mut page = OfdPage::default();
    let mut templates: Vec<String> = Vec::new();
    let mut text: Option<TextObject> = None;
    // The open path object: its origin, transform, and whether its
    // `AbbreviatedData` is open.
    let mut path: Option<((f64, f64), Ctm)> = None;
    let mut in_data = false;
    // The page's own `Area/PhysicalBox`, if it has one.
    let mut in_box = false;
    let limit = *budget;
    walk(xml, name, |item| {
        match item {
            XmlItem::Start(e) => match e.local_name().as_ref() {
                b"TextObject" => {
                    let boundary = attribute(e, b"Boundary")
                        .map(|b| numbers(&b))
                        .unwrap_or_default();
                    let origin = (
                        boundary.first().copied().unwrap_or(0.0),
                        boundary.get(1).copied().unwrap_or(0.0),
                    );
                    let ctm = Ctm::parse(attribute(e, b"CTM"));
                    let size = attribute(e, b"Size")
                        .and_then(|s| s.trim().parse::<f64>().ok())
                        .filter(|s| s.is_finite() && *s > 0.0)
                        .unwrap_or(3.5);
                    text = Some(TextObject {
                        origin,
                        ctm,
                        size: size * ctm.scale(),
                        cursor: (0.0, 0.0),
                        code: None,
                    });
                }
                b"TextCode" => {
                    if let Some(object) = text.as_mut() {
                        let coordinate = |name: &[u8]| {
                            attribute(e, name)
                                .and_then(|v| v.trim().parse::<f64>().ok())
                                .filter(|v| v.is_finite())
                        };
                        let x = coordinate(b"X").unwrap_or(object.cursor.0);
                        let y = coordinate(b"Y").unwrap_or(object.cursor.1);
                        object.code = Some(Code {
                            x,
                            y,
                            delta: attribute(e, b"DeltaX").unwrap_or_default(),
                            text: String::new(),
                        });
                    }
                }
                b"PathObject" => {
                    let boundary = attribute(e, b"Boundary")
                        .map(|b| numbers(&b))
                        .unwrap_or_default();
                    let origin = (
                        boundary.first().copied().unwrap_or(0.0),
                        boundary.get(1).copied().unwrap_or(0.0),
                    );
                    path = Some((origin, Ctm::parse(attribute(e, b"CTM"))));
                }
                b"AbbreviatedData" => in_data = path.is_some(),
                b"PhysicalBox" => in_box = true,
                b"Template" => {
                    if let Some(id) = attribute(e, b"TemplateID") {
                        if templates.len() < MAX_TEMPLATES_PER_PAGE && !templates.contains(&id) {
                            templates.push(id);
                        }
                    }
                }
                _ => {}
            },
            XmlItem::Text(t) => {
                if let Some(object) = text.as_mut() {
                    if let Some(code) = object.code.as_mut() {
                        // Counted as it comes: a `TextCode` split by
                        // references is one run of characters.
                        let count = t.chars().count();
                        if count > *budget {
                            return Err(OfdError::TooMuchText { limit });
                        }
                        *budget -= count;
                        code.text.push_str(t);
                    }
                } else if in_data {
                    if let Some((origin, ctm)) = path {
                        segments(t, origin, ctm, &mut page.rules);
                    }
                } else if in_box {
                    if let Some(size) = page_size(t) {
                        page.size = size;
                    }
                }
            }
            XmlItem::End(name) => match name {
                b"TextObject" => text = None,
                b"TextCode" => {
                    if let Some(object) = text.as_mut() {
                        if let Some(code) = object.code.take() {
                            object.place(&code, &mut page.glyphs);
                        }
                    }
                }
                b"PathObject" => path = None,
                b"AbbreviatedData" => in_data = false,
                b"PhysicalBox" => in_box = false,
                _ => {}
            },
        }
        Ok(())
    })?;
    page.rules.truncate(MAX_RULES_PER_PAGE);
    Ok((page, templates))
}

/// The straight horizontal and vertical segments of a path
/// (`AbbreviatedData`: `M x y`, `L x y`, `C`/`Q`/`A`/`B` curves, `Z`).
pub(super) fn segments(data: &str, origin: (f64, f64), ctm: Ctm, rules: &mut Vec<OfdRule>) {
    let mut tokens = data.split_whitespace().peekable();
    let mut at: Option<(f64, f64)> = None;
    let mut start: Option<(f64, f64)> = None;
    let take = |tokens: &mut std::iter::Peekable<std::str::SplitWhitespace<'_>>, n: usize| {
        (0..n)
            .map(|_| tokens.next().and_then(|t| t.parse::<f64>().ok()))
            .collect::<Option<Vec<f64>>>()
    };
    let line = |from: (f64, f64), to: (f64, f64), rules: &mut Vec<OfdRule>| {
        if rules.len() > MAX_RULES_PER_PAGE {
            return;
        }
        let (x0, y0) = ctm.apply(from.0, from.1);
        let (x1, y1) = ctm.apply(to.0, to.1);
        let rule = OfdRule {
            x0: origin.0 + x0.min(x1),
            y0: origin.1 + y0.min(y1),
            x1: origin.0 + x0.max(x1),
            y1: origin.1 + y0.max(y1),
        };
        if (rule.x1 - rule.x0).abs() < 0.2 || (rule.y1 - rule.y0).abs() < 0.2 {
            rules.push(rule);
        }
    };
    while let Some(op) = tokens.next() {
        match op {
            "S" => {
                take(&mut tokens, 2);
            }
            "M" => {
                if let Some(p) = take(&mut tokens, 2) {
                    at = Some((p[0], p[1]));
                    start = at;
                }
            }
            "L" => {
                if let Some(p) = take(&mut tokens, 2) {
                    let to = (p[0], p[1]);
                    if let Some(from) = at {
                        line(from, to, rules);
                    }
                    at = Some(to);
                }
            }
            "Q" => at = take(&mut tokens, 4).map(|p| (p[2], p[3])),
            "B" | "C" => at = take(&mut tokens, 6).map(|p| (p[4], p[5])),
            "A" => at = take(&mut tokens, 7).map(|p| (p[5], p[6])),
            "Z" | "z" => {
                if let (Some(from), Some(to)) = (at, start) {
                    line(from, to, rules);
                }
                at = start;
            }
            _ => {}
        }
    }
}
