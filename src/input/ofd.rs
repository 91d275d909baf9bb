//! OFD (GB/T 33190), the national fixed-layout format of electronic 公文:
//! a zip of XML. `OFD.xml` names the document (`DocBody/DocRoot`), the
//! document lists its pages (`Pages/Page@BaseLoc`), and each page's
//! `Content.xml` holds text objects: Unicode text (`TextCode`) at
//! positions in millimetres (`Boundary`, `X`, `Y`, `DeltaX`, optionally
//! through a `CTM`), a font size (`Size`), and path objects, whose
//! straight horizontal and vertical segments are a table's rules.
//!
//! This module reads the glyphs and rules of each page; lines, tables,
//! page furniture and paragraphs are then built as for a PDF, by the page
//! layout model the two formats share.
//!
//! Bounds: each XML part at most [`MAX_PART_XML`] uncompressed, whatever
//! the zip claims, no DTD, no entities; at most [`MAX_PAGES`] pages; the
//! glyphs of all pages at most the glyph budget (a `TextCode` gives at
//! most one glyph per character it holds, whatever `DeltaX` repeats); at
//! most [`MAX_RULES_PER_PAGE`] rules a page.

use crate::input::docx::attribute;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// The largest XML part read (a page's content is a few hundred KB).
pub const MAX_PART_XML: u64 = 16 << 20;
/// The most pages read.
pub const MAX_PAGES: usize = 2_000;
/// The most ruling segments kept on one page.
pub const MAX_RULES_PER_PAGE: usize = 20_000;

/// Why an OFD could not be read. The messages are for report writers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfdError {
    #[error("OFD 文件已损坏：{0}")]
    Malformed(String),
    #[error("OFD 文件的 {part} 解压后超过 {limit} 字节的上限")]
    PartTooLarge { part: String, limit: u64 },
    #[error("OFD 有 {pages} 页，超过了 {MAX_PAGES} 页的上限")]
    TooManyPages { pages: usize },
    #[error("OFD 的文字超过 {limit} 字节的上限")]
    TooMuchText { limit: usize },
    #[error("OFD 里没有文字（可能是扫描件，需要先做文字识别）")]
    NoText,
}

/// One character as an OFD page places it, in millimetres from the
/// page's top-left corner (`y` grows down the page): its baseline origin
/// and font size.
#[derive(Debug, Clone, PartialEq)]
pub struct OfdGlyph {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// A straight ruling segment, horizontal or vertical, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OfdRule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// What one page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfdPage {
    pub glyphs: Vec<OfdGlyph>,
    pub rules: Vec<OfdRule>,
}

/// Whether a zip archive is an OFD package: it has `OFD.xml` at its root.
pub fn is_ofd(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut a| a.by_name("OFD.xml").is_ok())
}

/// Reads a part of at most [`MAX_PART_XML`] bytes, as text.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, OfdError> {
    let name = name.trim_start_matches('/');
    let file = archive
        .by_name(name)
        .map_err(|e| OfdError::Malformed(format!("缺少 {name}（{e}）")))?;
    let mut bytes = Vec::new();
    file.take(MAX_PART_XML + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| OfdError::Malformed(format!("无法读取 {name}（{e}）")))?;
    if bytes.len() as u64 > MAX_PART_XML {
        return Err(OfdError::PartTooLarge {
            part: name.to_owned(),
            limit: MAX_PART_XML,
        });
    }
    String::from_utf8(bytes)
        .map_err(|_| OfdError::Malformed(format!("{name} 不是 UTF-8 编码的 XML")))
}

/// A path inside the package, from the folder of the part that names it
/// (`base`), or from the root when it starts with `/`.
fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if let Some(absolute) = location.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in location.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// The folder of a part's path (`Doc_0` for `Doc_0/Document.xml`).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}

/// Each element's local name and attributes, and its text, in order; no
/// DTD.
fn walk(
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

enum XmlItem<'a> {
    Start(&'a quick_xml::events::BytesStart<'a>),
    End(&'a [u8]),
    Text(&'a str),
}

fn numbers(value: &str) -> Vec<f64> {
    value
        .split_whitespace()
        .filter_map(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .collect()
}

/// `DeltaX`: numbers, where `g N D` stands for `N` times `D`; at most
/// `most` values are produced.
fn deltas(value: &str, most: usize) -> Vec<f64> {
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
struct Ctm([f64; 6]);

impl Ctm {
    const IDENTITY: Ctm = Ctm([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn parse(value: Option<String>) -> Ctm {
        match value.map(|v| numbers(&v)).as_deref() {
            Some(&[a, b, c, d, e, f]) => Ctm([a, b, c, d, e, f]),
            _ => Ctm::IDENTITY,
        }
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much it scales lengths (for the font size).
    fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// The text object being read.
struct TextObject {
    origin: (f64, f64),
    ctm: Ctm,
    size: f64,
    /// Where the next `TextCode` without `X`/`Y` continues.
    cursor: (f64, f64),
    /// The open `TextCode`'s `X`, `Y` and `DeltaX`.
    code: Option<(f64, f64, String)>,
}

/// Reads the pages of an OFD (the first document of the package), with
/// at most `glyph_budget` glyphs in all.
pub fn read_pages(bytes: &[u8], glyph_budget: usize) -> Result<Vec<OfdPage>, OfdError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OfdError::Malformed(format!("不是有效的 zip 文件（{e}）")))?;
    let ofd = part(&mut archive, "OFD.xml")?;
    let mut doc_root = None;
    let mut in_root = false;
    walk(&ofd, "OFD.xml", |item| {
        match item {
            XmlItem::Start(e) => {
                in_root = e.local_name().as_ref() == b"DocRoot" && doc_root.is_none()
            }
            XmlItem::Text(t) if in_root => doc_root = Some(t.trim().to_owned()),
            XmlItem::End(_) => in_root = false,
            _ => {}
        }
        Ok(())
    })?;
    let doc_root = resolve(
        "",
        &doc_root.ok_or_else(|| OfdError::Malformed("OFD.xml 没有 DocRoot".into()))?,
    );
    let document = part(&mut archive, &doc_root)?;
    let mut page_locations = Vec::new();
    let mut too_many = 0;
    walk(&document, &doc_root, |item| {
        if let XmlItem::Start(e) = item {
            if e.local_name().as_ref() == b"Page" {
                if let Some(location) = attribute(e, b"BaseLoc") {
                    if page_locations.len() < MAX_PAGES {
                        page_locations.push(resolve(folder(&doc_root), &location));
                    } else {
                        too_many += 1;
                    }
                }
            }
        }
        Ok(())
    })?;
    if too_many > 0 {
        return Err(OfdError::TooManyPages {
            pages: MAX_PAGES + too_many,
        });
    }
    let mut budget = glyph_budget;
    let mut pages = Vec::with_capacity(page_locations.len());
    for location in page_locations {
        let xml = part(&mut archive, &location)?;
        pages.push(read_page(&xml, &location, &mut budget)?);
    }
    Ok(pages)
}

/// The glyphs and rules of one page's `Content.xml`.
fn read_page(xml: &str, name: &str, budget: &mut usize) -> Result<OfdPage, OfdError> {
    let mut page = OfdPage::default();
    let mut text: Option<TextObject> = None;
    // The open path object: its origin, transform, and whether its
    // `AbbreviatedData` is open.
    let mut path: Option<((f64, f64), Ctm)> = None;
    let mut in_data = false;
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
                        let delta = attribute(e, b"DeltaX").unwrap_or_default();
                        object.code = Some((x, y, delta));
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
                _ => {}
            },
            XmlItem::Text(t) => {
                if let Some(object) = text.as_mut() {
                    if let Some((x, y, delta)) = object.code.as_ref() {
                        let count = t.chars().count();
                        if count > *budget {
                            return Err(OfdError::TooMuchText { limit });
                        }
                        *budget -= count;
                        let steps = deltas(delta, count.saturating_sub(1));
                        let (mut cx, cy) = (*x, *y);
                        for (k, c) in t.chars().enumerate() {
                            if k > 0 {
                                // Without a DeltaX, a character advances an
                                // em (a Chinese character) or half of one.
                                cx += steps.get(k - 1).copied().unwrap_or_else(|| {
                                    let size = object.size / object.ctm.scale().max(1e-9);
                                    if crate::text::chars::is_cjk(c) {
                                        size
                                    } else {
                                        size / 2.0
                                    }
                                });
                            }
                            if c.is_whitespace() {
                                continue;
                            }
                            let (px, py) = object.ctm.apply(cx, cy);
                            page.glyphs.push(OfdGlyph {
                                text: c.to_string(),
                                x: object.origin.0 + px,
                                y: object.origin.1 + py,
                                size: object.size,
                            });
                        }
                        object.cursor = (cx, cy);
                    }
                } else if in_data {
                    if let Some((origin, ctm)) = path {
                        segments(t, origin, ctm, &mut page.rules);
                    }
                }
            }
            XmlItem::End(name) => match name {
                b"TextObject" => text = None,
                b"TextCode" => {
                    if let Some(object) = text.as_mut() {
                        object.code = None;
                    }
                }
                b"PathObject" => path = None,
                b"AbbreviatedData" => in_data = false,
                _ => {}
            },
        }
        Ok(())
    })?;
    page.rules.truncate(MAX_RULES_PER_PAGE);
    Ok(page)
}

/// The straight horizontal and vertical segments of a path
/// (`AbbreviatedData`: `M x y`, `L x y`, `C`/`Q`/`A`/`B` curves, `Z`).
fn segments(data: &str, origin: (f64, f64), ctm: Ctm, rules: &mut Vec<OfdRule>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// An OFD package of `pages` (each a `Content.xml` body of layers).
    pub fn package(pages: &[&str]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        put(
            "OFD.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#,
        );
        let list: String = (0..pages.len())
            .map(|k| {
                format!(
                    r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{k}/Content.xml"/>"#,
                    k + 10
                )
            })
            .collect();
        put(
            "Doc_0/Document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
            ),
        );
        for (k, body) in pages.iter().enumerate() {
            put(
                &format!("Doc_0/Pages/Page_{k}/Content.xml"),
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">{body}</ofd:Layer></ofd:Content></ofd:Page>"#
                ),
            );
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn glyphs_at_their_positions() {
        let bytes = package(&[
            r#"<ofd:TextObject ID="2" Boundary="25 30 160 8" Font="1" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="g 2 5.6 2.8">一、总体a</ofd:TextCode></ofd:TextObject><ofd:TextObject ID="3" Boundary="0 0 210 297" CTM="0.5 0 0 0.5 0 0" Size="8"><ofd:TextCode X="20" Y="100">甲 乙</ofd:TextCode></ofd:TextObject>"#,
        ]);
        assert!(is_ofd(&bytes));
        let pages = read_pages(&bytes, 100).unwrap();
        let round = |v: f64| (v * 100.0).round() / 100.0;
        let glyphs: Vec<(&str, f64, f64, f64)> = pages[0]
            .glyphs
            .iter()
            .map(|g| (g.text.as_str(), round(g.x), round(g.y), round(g.size)))
            .collect();
        assert_eq!(
            glyphs,
            [
                ("一", 25.0, 35.0, 5.6),
                ("、", 30.6, 35.0, 5.6),
                ("总", 36.2, 35.0, 5.6),
                ("体", 39.0, 35.0, 5.6),
                // No DeltaX left: half an em for a Latin letter.
                ("a", 41.8, 35.0, 5.6),
                // Through the CTM: a space is skipped but moves on.
                ("甲", 10.0, 50.0, 4.0),
                ("乙", 16.0, 50.0, 4.0),
            ]
        );
        assert!(read_pages(&bytes, 5).is_err());
    }

    #[test]
    fn rules_from_paths() {
        let bytes = package(&[
            r#"<ofd:PathObject ID="4" Boundary="20 40 100 30"><ofd:AbbreviatedData>M 0 0 L 100 0 L 100 30 Q 1 1 2 2 L 50 50 Z</ofd:AbbreviatedData></ofd:PathObject>"#,
        ]);
        let pages = read_pages(&bytes, 100).unwrap();
        assert_eq!(
            pages[0].rules,
            [
                OfdRule {
                    x0: 20.0,
                    y0: 40.0,
                    x1: 120.0,
                    y1: 40.0
                },
                OfdRule {
                    x0: 120.0,
                    y0: 40.0,
                    x1: 120.0,
                    y1: 70.0
                },
            ]
        );
    }

    #[test]
    fn bad_packages() {
        assert!(read_pages(b"PK\x03\x04junk", 10).is_err());
        assert!(!is_ofd(b"PK\x03\x04junk"));
        let bytes = package(&["<ofd:TextObject"]);
        assert!(matches!(
            read_pages(&bytes, 10),
            Err(OfdError::Malformed(_))
        ));
        assert_eq!(resolve("Doc_0", "Pages/../Res/a.xml"), "Doc_0/Res/a.xml");
        assert_eq!(resolve("Doc_0", "/Doc_1/b.xml"), "Doc_1/b.xml");
    }
}
