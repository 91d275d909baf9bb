//! OFD (GB/T 33190), the national fixed-layout format of electronic 公文:
//! a zip of XML. `OFD.xml` names the document (`DocBody/DocRoot`), the
//! document lists its pages (`Pages/Page@BaseLoc`), and each page's
//! `Content.xml` holds text objects: Unicode text (`TextCode`) at
//! positions in millimetres (`Boundary`, `X`, `Y`, `DeltaX`, optionally
//! through a `CTM`), a font size (`Size`), and path objects, whose
//! straight horizontal and vertical segments are a table's rules.
//!
//! This module reads the glyphs and rules of each page; [`extract`] turns
//! them into points (× 72 / 25.4; OFD's origin is the page's top-left
//! corner with `y` growing down, as the layout model's is) and hands them
//! to the layout model the PDF reader uses ([`crate::input::pdf::layout`]):
//! lines, tables, page furniture and paragraphs are built as for a PDF.
//!
//! Bounds, all checked before what they bound is allocated: the zip's
//! directory holds at most [`MAX_ENTRIES`] entries (read from its end
//! record before the archive is opened); each XML part at most
//! [`MAX_PART_XML`] uncompressed, whatever the zip claims, and all parts
//! together at most [`Limits::decoded_bytes`] (a zip bomb stops there); no
//! DTD, no entities; at most [`MAX_PAGES`] pages; the glyphs of all pages
//! at most [`Limits::glyphs`] (a `TextCode` gives at most one glyph per
//! character it holds, whatever `DeltaX` repeats); at most
//! [`MAX_RULES_PER_PAGE`] rules a page; the text at most
//! [`Limits::text_bytes`].

use crate::input::docx::attribute;
use crate::input::pdf::glyphs::{Glyph, Rule};
use crate::input::pdf::layout::{self, LaidOut, PageGlyphs};
pub use crate::input::pdf::Limits;
use std::collections::HashMap;
use std::io::Cursor;

mod package;
mod page;

use package::{directory_entries, folder, resolve, Package};
use page::{page_size, read_page, walk, XmlItem};

/// The largest XML part read (a page's content is a few hundred KB).
pub const MAX_PART_XML: u64 = 16 << 20;

/// The most pages read.
pub const MAX_PAGES: usize = 2_000;

/// The most ruling segments kept on one page.
pub const MAX_RULES_PER_PAGE: usize = 20_000;

/// The most entries the package's zip directory may list (a report of a
/// hundred pages has a few hundred).
pub const MAX_ENTRIES: usize = 20_000;

/// Points in a millimetre.
pub const POINTS_PER_MM: f64 = 72.0 / 25.4;

/// The most templates one page may draw on (a page has one or two).
pub const MAX_TEMPLATES_PER_PAGE: usize = 8;

/// The page size when neither the page nor the document gives one: A4.
const A4: (f64, f64) = (210.0, 297.0);

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
    #[error("OFD 里只有签章，没有正文文字（可能是扫描件盖章后生成的）")]
    SignedOnly,
    #[error("OFD 文件已加密，需要解密后才能读取")]
    Encrypted,
    #[error("OFD 文件的 zip 目录有 {entries} 项，超过了 {MAX_ENTRIES} 项的上限")]
    TooManyEntries { entries: usize },
    #[error("OFD 的各部分解压后超过 {limit} 字节的上限（可能是压缩炸弹）")]
    Decoded { limit: u64 },
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
    /// Width and height in millimetres.
    pub size: (f64, f64),
    pub glyphs: Vec<OfdGlyph>,
    pub rules: Vec<OfdRule>,
}

/// The pages of an OFD's first document, and whether it carries
/// signatures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfdPages {
    pub pages: Vec<OfdPage>,
    pub signed: bool,
}

/// Reads an OFD's text and tables within `limits`: its pages' glyphs and
/// rules, laid out as a PDF's are.
pub fn extract(bytes: &[u8], limits: Limits) -> Result<LaidOut, OfdError> {
    // Each page laid out as it is read: its glyphs become lines and
    // tables before the next page's are read.
    let mut laid = Vec::new();
    let mut glyphs = 0;
    let signed = for_each_page(bytes, limits, |page| {
        glyphs += page.glyphs.len();
        laid.push(layout::lay_out_page(in_points(page, laid.len() + 1)));
    })?;
    if glyphs == 0 {
        return Err(if signed {
            OfdError::SignedOnly
        } else {
            OfdError::NoText
        });
    }
    layout::lay_out_document(laid, limits.text_bytes).map_err(|_| OfdError::TooMuchText {
        limit: limits.text_bytes,
    })
}

/// A page in the layout model's terms: millimetres to points. Both put
/// the origin at the page's top-left corner, `y` growing down.
pub fn in_points(page: OfdPage, number: usize) -> PageGlyphs {
    let pt = |mm: f64| mm * POINTS_PER_MM;
    PageGlyphs {
        number,
        width: pt(page.size.0),
        height: pt(page.size.1),
        glyphs: page
            .glyphs
            .into_iter()
            .map(|g| Glyph {
                text: g.text,
                x: pt(g.x),
                y: pt(g.y),
                size: pt(g.size),
            })
            .collect(),
        rules: page
            .rules
            .into_iter()
            .map(|r| Rule {
                x0: pt(r.x0),
                y0: pt(r.y0),
                x1: pt(r.x1),
                y1: pt(r.y1),
            })
            .collect(),
    }
}

/// Whether a zip archive is an OFD package: it has `OFD.xml` at its root.
/// Only the zip's directory is read, and not at all when it lists more
/// than [`MAX_ENTRIES`] entries.
pub fn is_ofd(bytes: &[u8]) -> bool {
    directory_entries(bytes).is_some_and(|n| n <= MAX_ENTRIES)
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|a| a.index_for_name("OFD.xml").is_some())
}

/// Reads the pages of an OFD (the first document of the package) within
/// `limits`, all held at once (see [`for_each_page`]).
pub fn read_pages(bytes: &[u8], limits: Limits) -> Result<OfdPages, OfdError> {
    let mut pages = Vec::new();
    let signed = for_each_page(bytes, limits, |page| pages.push(page))?;
    Ok(OfdPages { pages, signed })
}

/// Reads the pages of an OFD (the first document of the package) within
/// `limits`, handing each to `visit` as soon as it is read (so that only
/// one page's glyphs are held at a time); returns whether the package
/// carries signatures.
pub fn for_each_page(
    bytes: &[u8],
    limits: Limits,
    mut visit: impl FnMut(OfdPage),
) -> Result<bool, OfdError> {
    match directory_entries(bytes) {
        None => {
            return Err(OfdError::Malformed(
                "不是有效的 zip 文件（没有目录）".into(),
            ))
        }
        Some(entries) if entries > MAX_ENTRIES => return Err(OfdError::TooManyEntries { entries }),
        Some(_) => {}
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OfdError::Malformed(format!("不是有效的 zip 文件（{e}）")))?;
    let mut package = Package {
        archive,
        decoded_left: limits.decoded_bytes,
        decoded_limit: limits.decoded_bytes,
    };
    // GM/T 0099: an encrypted package has its decryption entry here.
    if package.has("Encryptions.xml") {
        return Err(OfdError::Encrypted);
    }
    let ofd = package.part("OFD.xml")?;
    let mut doc_root = None;
    let mut signatures = false;
    let mut in_root = false;
    walk(&ofd, "OFD.xml", |item| {
        match item {
            XmlItem::Start(e) => {
                let name = e.local_name();
                in_root = name.as_ref() == b"DocRoot" && doc_root.is_none();
                signatures |= name.as_ref() == b"Signatures";
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
    let document = package.part(&doc_root)?;
    let mut page_locations = Vec::new();
    let mut too_many = 0;
    let mut default_size = A4;
    let mut in_box = false;
    let mut in_pages = false;
    // Template pages (`CommonData/TemplatePage`): their id and part.
    let mut template_parts: HashMap<String, String> = HashMap::new();
    walk(&document, &doc_root, |item| {
        match item {
            XmlItem::Start(e) => match e.local_name().as_ref() {
                b"Pages" => in_pages = true,
                b"Page" if in_pages => {
                    if let Some(location) = attribute(e, b"BaseLoc") {
                        if page_locations.len() < MAX_PAGES {
                            page_locations.push(resolve(folder(&doc_root), &location));
                        } else {
                            too_many += 1;
                        }
                    }
                }
                b"PhysicalBox" => in_box = !in_pages,
                b"TemplatePage" => {
                    if let (Some(id), Some(location)) =
                        (attribute(e, b"ID"), attribute(e, b"BaseLoc"))
                    {
                        template_parts.insert(id, resolve(folder(&doc_root), &location));
                    }
                }
                _ => {}
            },
            XmlItem::Text(t) if in_box => {
                if let Some(size) = page_size(t) {
                    default_size = size;
                }
            }
            XmlItem::End(b"Pages") => in_pages = false,
            XmlItem::End(_) => in_box = false,
            _ => {}
        }
        Ok(())
    })?;
    if too_many > 0 {
        return Err(OfdError::TooManyPages {
            pages: MAX_PAGES + too_many,
        });
    }
    if page_locations.is_empty() {
        return Err(OfdError::Malformed(format!("{doc_root} 没有页面")));
    }
    let mut budget = limits.glyphs;
    let too_much = OfdError::TooMuchText {
        limit: limits.glyphs,
    };
    // Each template is read once; a page that draws on it takes a copy of
    // its glyphs, counted against the budget like its own.
    let mut templates: HashMap<String, OfdPage> = HashMap::new();
    for location in page_locations {
        let xml = package.part(&location)?;
        let (mut page, used) = read_page(&xml, &location, &mut budget)?;
        drop(xml);
        let mut drawn = OfdPage::default();
        for id in used {
            let Some(part) = template_parts.get(&id) else {
                continue;
            };
            if !templates.contains_key(&id) {
                let xml = package.part(part)?;
                // Read within what is left; charged below, where drawn.
                let mut left = budget;
                let (template, _) = read_page(&xml, part, &mut left)?;
                templates.insert(id.clone(), template);
            }
            let template = &templates[&id];
            if template.glyphs.len() > budget {
                return Err(too_much);
            }
            budget -= template.glyphs.len();
            drawn.glyphs.extend(template.glyphs.iter().cloned());
            drawn.rules.extend(template.rules.iter().copied());
        }
        if !drawn.glyphs.is_empty() || !drawn.rules.is_empty() {
            // The template under the page's own objects.
            drawn.glyphs.append(&mut page.glyphs);
            drawn.rules.append(&mut page.rules);
            drawn.rules.truncate(MAX_RULES_PER_PAGE);
            page.glyphs = drawn.glyphs;
            page.rules = drawn.rules;
        }
        if page.size == (0.0, 0.0) {
            page.size = default_size;
        }
        visit(page);
    }
    Ok(signatures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn limits(glyphs: usize) -> Limits {
        Limits {
            glyphs,
            ..Limits::for_size_limit(1 << 20)
        }
    }

    /// An OFD package of `pages` (each a `Content.xml` body of layers).
    pub fn package(pages: &[&str]) -> Vec<u8> {
        package_with(pages, "", &[])
    }

    /// [`package`], with `body` added to `OFD.xml`'s `DocBody` and `extra`
    /// parts.
    pub fn package_with(pages: &[&str], body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        put(
            "OFD.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{body}</ofd:DocBody></ofd:OFD>"#
            ),
        );
        for (name, text) in extra {
            put(name, text);
        }
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
        let pages = read_pages(&bytes, limits(100)).unwrap().pages;
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
                // No DeltaX left: an em after a Chinese character.
                ("a", 44.6, 35.0, 5.6),
                // Through the CTM: a space is skipped but moves on.
                ("甲", 10.0, 50.0, 4.0),
                ("乙", 16.0, 50.0, 4.0),
            ]
        );
        assert_eq!(
            read_pages(&bytes, limits(5)),
            Err(OfdError::TooMuchText { limit: 5 })
        );
        assert_eq!(pages[0].size, (210.0, 297.0));
    }

    #[test]
    fn rules_from_paths() {
        let bytes = package(&[
            r#"<ofd:PathObject ID="4" Boundary="20 40 100 30"><ofd:AbbreviatedData>M 0 0 L 100 0 L 100 30 Q 1 1 2 2 L 50 50 Z</ofd:AbbreviatedData></ofd:PathObject>"#,
        ]);
        let pages = read_pages(&bytes, limits(100)).unwrap().pages;
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
        assert!(read_pages(b"PK\x03\x04junk", limits(10)).is_err());
        assert!(!is_ofd(b"PK\x03\x04junk"));
        let bytes = package(&["<ofd:TextObject"]);
        assert!(matches!(
            read_pages(&bytes, limits(10)),
            Err(OfdError::Malformed(_))
        ));
        assert_eq!(resolve("Doc_0", "Pages/../Res/a.xml"), "Doc_0/Res/a.xml");
        assert_eq!(resolve("Doc_0", "/Doc_1/b.xml"), "Doc_1/b.xml");
    }

    /// A line of text at `y` millimetres, from `x`, 5.6 mm characters.
    fn line(x: f64, y: f64, text: &str) -> String {
        format!(
            r#"<ofd:TextObject ID="1" Boundary="{x} {} 170 8" Size="5.6"><ofd:TextCode X="0" Y="5.6">{text}</ofd:TextCode></ofd:TextObject>"#,
            y - 5.6
        )
    }

    #[test]
    fn pages_are_laid_out_in_points() {
        // A heading, a paragraph wrapped over two lines, and a ruled
        // table of two rows and two columns.
        let rule = |x0: f64, y0: f64, x1: f64, y1: f64| {
            format!(
                r#"<ofd:PathObject ID="5" Boundary="0 0 210 297"><ofd:AbbreviatedData>M {x0} {y0} L {x1} {y1}</ofd:AbbreviatedData></ofd:PathObject>"#
            )
        };
        let mut body = String::new();
        body += &line(25.0, 40.0, "一、总体情况");
        body += &line(
            36.2,
            50.0,
            "本年度我们做了很多工作，取得了明显成效，全年共受理申请",
        );
        body += &line(25.0, 60.0, "三十件。");
        for y in [70.0, 80.0, 90.0] {
            body += &rule(25.0, y, 185.0, y);
        }
        for x in [25.0, 105.0, 185.0] {
            body += &rule(x, 70.0, x, 90.0);
        }
        body += &line(30.0, 77.0, "项目");
        body += &line(110.0, 77.0, "数量");
        body += &line(30.0, 87.0, "申请");
        body += &line(110.0, 87.0, "30");
        let bytes = package(&[&body]);
        let out = extract(&bytes, Limits::for_size_limit(1 << 20)).unwrap();
        assert_eq!(
            out.text,
            "一、总体情况\n本年度我们做了很多工作，取得了明显成效，全年共受理申请三十件。"
        );
        assert_eq!(out.pages, 1);
        assert_eq!(out.tables.len(), 1);
        let cells: Vec<Vec<&str>> = out.tables[0]
            .grid
            .iter()
            .map(|row| row.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(cells, [["项目", "数量"], ["申请", "30"]]);
        let page = in_points(
            OfdPage {
                size: (210.0, 297.0),
                ..OfdPage::default()
            },
            1,
        );
        assert!((page.width - 595.28).abs() < 0.01 && (page.height - 841.89).abs() < 0.01);
    }

    #[test]
    fn refusals() {
        let text = line(25.0, 40.0, "一、总体情况");
        let all = Limits::for_size_limit(1 << 20);
        // Encrypted (GM/T 0099's entry file at the root).
        let bytes = package_with(&[&text], "", &[("Encryptions.xml", "<Encryptions/>")]);
        assert_eq!(extract(&bytes, all), Err(OfdError::Encrypted));
        // Signed, with no text: a sealed scan.
        let bytes = package_with(
            &[""],
            "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>",
            &[],
        );
        assert_eq!(extract(&bytes, all), Err(OfdError::SignedOnly));
        assert_eq!(extract(&package(&[""]), all), Err(OfdError::NoText));
        // Signed, with text: read.
        let bytes = package_with(
            &[&text],
            "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>",
            &[],
        );
        assert_eq!(extract(&bytes, all).unwrap().text, "一、总体情况");
        // The parts together decode to more than the budget.
        let small = Limits {
            decoded_bytes: 1000,
            ..all
        };
        assert_eq!(
            extract(&package(&[&text.repeat(10)]), small),
            Err(OfdError::Decoded { limit: 1000 })
        );
        // The text over its limit.
        let tight = Limits {
            text_bytes: 10,
            ..all
        };
        assert_eq!(
            extract(&package(&[&text]), tight),
            Err(OfdError::TooMuchText { limit: 10 })
        );
    }

    #[test]
    fn zip_directory_is_counted_first() {
        let mut bytes = package(&["x"]);
        assert_eq!(directory_entries(&bytes), Some(3));
        // Claim 60,000 entries in the end record.
        let end = bytes.len() - 22;
        bytes[end + 10..end + 12].copy_from_slice(&60_000u16.to_le_bytes());
        assert!(!is_ofd(&bytes));
        assert_eq!(
            read_pages(&bytes, limits(10)),
            Err(OfdError::TooManyEntries { entries: 60_000 })
        );
        assert_eq!(directory_entries(b"PK\x03\x04"), None);
    }

    #[test]
    fn too_many_pages_are_refused_before_reading_them() {
        let pages = vec![""; MAX_PAGES + 1];
        let bytes = package(&pages);
        assert_eq!(
            read_pages(&bytes, limits(10)),
            Err(OfdError::TooManyPages {
                pages: MAX_PAGES + 1
            })
        );
    }

    #[test]
    fn a_page_gives_its_own_size() {
        let bytes = package(&[
            r#"<ofd:TextObject ID="2" Boundary="0 0 10 10" Size="5"><ofd:TextCode X="0" Y="5">甲</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content><ofd:Area><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer>"#,
        ]);
        let pages = read_pages(&bytes, limits(10)).unwrap().pages;
        assert_eq!(pages[0].size, (297.0, 210.0));
    }
}
