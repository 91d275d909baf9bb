//! OFD packages (GB/T 33190) written from a report's text, as a fixed-layout
//! office suite lays out a 公文 page: A4, the text block of GB/T 9704
//! (156 mm × 225 mm, 22 lines of 16 pt), each paragraph's first line
//! indented two characters and the rest wrapped at the block's width
//! (a number or a Latin word is not cut), a
//! page number 「- N -」 under the block, and rows written with `|` or tabs
//! as a ruled table (one `PathObject` of rules, each cell's text wrapped
//! inside it). Every line is a `TextObject` whose `TextCode` gives each
//! character's advance in `DeltaX`.
//!
//! Also included with `#[path]` by `fuzz/`, so it uses nothing but the
//! standard library and `zip`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Cursor, Write};

/// Page size, in millimetres.
const PAGE: (f64, f64) = (210.0, 297.0);
/// The text block: left, top, width.
const LEFT: f64 = 28.0;
const TOP: f64 = 37.0;
const WIDTH: f64 = 156.0;
/// Body text: 16 pt (5.64 mm) characters, 22 lines to the block.
const SIZE: f64 = 5.64;
const LINE: f64 = 10.2;
const LINES_PER_PAGE: usize = 22;
/// Table text: 10.5 pt, in rows with a little padding.
const CELL_SIZE: f64 = 3.7;
const CELL_LINE: f64 = 5.2;
const CELL_PAD: f64 = 1.5;

/// How far a character moves the pen: an em for Chinese characters and
/// full-width forms, half of one for the rest.
fn advance(c: char, size: f64) -> f64 {
    let wide = matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}'
        | '\u{2014}' | '\u{2026}' | '\u{2018}'..='\u{201D}'
        | '\u{20000}'..='\u{3FFFF}');
    if wide {
        size
    } else {
        size / 2.0
    }
}

/// `text` cut into lines no wider than `width` (the first `indent` wider
/// to the left).
fn wrap(text: &str, size: f64, width: f64, indent: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = indent;
    for c in text.chars() {
        let step = advance(c, size);
        if used + step > width + 0.01 && !lines.last().is_some_and(String::is_empty) {
            // As office suites wrap: a number or a Latin word is not cut.
            let last = lines.last_mut().expect("a line");
            let word = last
                .chars()
                .rev()
                .take_while(char::is_ascii_alphanumeric)
                .map(char::len_utf8)
                .sum::<usize>();
            let carried = if c.is_ascii_alphanumeric() && word < last.len() {
                last.split_off(last.len() - word)
            } else {
                String::new()
            };
            used = carried.chars().map(|c| advance(c, size)).sum();
            lines.push(carried);
        }
        lines.last_mut().expect("a line").push(c);
        used += step;
    }
    lines
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The cells of a table row written with tabs or `|`, or `None`.
fn cells(line: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = if line.contains('\t') {
        line.split('\t').map(|c| c.trim().to_owned()).collect()
    } else if line.contains('|') {
        let inner = line.trim();
        let inner = inner.strip_prefix('|').unwrap_or(inner);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').map(|c| c.trim().to_owned()).collect()
    } else {
        return None;
    };
    (parts.len() >= 2).then_some(parts)
}

/// A Markdown table's delimiter row (`|---|:--:|`).
fn is_delimiter(line: &str) -> bool {
    let t = line.trim().trim_matches('|');
    !t.is_empty()
        && t.split('|').all(|c| {
            let c = c.trim().trim_matches(':');
            c.len() >= 3 && c.chars().all(|x| x == '-')
        })
}

/// What the pages show, built page by page.
struct Pages {
    pages: Vec<String>,
    /// The next line's baseline on the current page.
    y: f64,
    id: usize,
}

impl Pages {
    fn new() -> Pages {
        let mut pages = Pages {
            pages: Vec::new(),
            y: 0.0,
            id: 100,
        };
        pages.new_page();
        pages
    }

    fn bottom() -> f64 {
        TOP + LINE * LINES_PER_PAGE as f64
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = TOP + SIZE;
    }

    fn next_id(&mut self) -> usize {
        self.id += 1;
        self.id
    }

    /// A line of text with its baseline at `y`, from `x`.
    fn text(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let id = self.next_id();
        let chars: Vec<char> = text.chars().collect();
        let width: f64 = chars.iter().map(|&c| advance(c, size)).sum();
        let deltas: Vec<String> = chars
            .iter()
            .take(chars.len().saturating_sub(1))
            .map(|&c| format!("{:.3}", advance(c, size)))
            .collect();
        let page = self.pages.last_mut().expect("a page");
        let _ = write!(
            page,
            r#"<ofd:TextObject ID="{id}" Boundary="{x:.3} {:.3} {:.3} {:.3}" Font="2" Size="{size:.3}"><ofd:TextCode X="0" Y="{size:.3}" DeltaX="{}">{}</ofd:TextCode></ofd:TextObject>"#,
            y - size,
            width.max(size),
            size * 1.3,
            deltas.join(" "),
            escape(text),
        );
    }

    /// A paragraph: the first line indented two characters.
    fn paragraph(&mut self, text: &str) {
        for (k, line) in wrap(text, SIZE, WIDTH, 2.0 * SIZE).iter().enumerate() {
            if self.y > Self::bottom() {
                self.new_page();
            }
            let x = if k == 0 { LEFT + 2.0 * SIZE } else { LEFT };
            let y = self.y;
            self.text(x, y, SIZE, line);
            self.y += LINE;
        }
    }

    /// A ruled table of `rows` (padded to the widest), split across pages
    /// between rows.
    fn table(&mut self, rows: &[Vec<String>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(1);
        let column = WIDTH / columns as f64;
        let inner = column - 2.0 * CELL_PAD;
        if self.y > Self::bottom() {
            self.new_page();
        }
        // Start below the line before, on a row boundary.
        let mut top = self.y - SIZE;
        let mut segments: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut block_top = top;
        for row in rows {
            let wrapped: Vec<Vec<String>> = (0..columns)
                .map(|k| {
                    let text = row.get(k).map_or("", String::as_str);
                    if text.is_empty() {
                        Vec::new()
                    } else {
                        wrap(text, CELL_SIZE, inner, 0.0)
                    }
                })
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let height = lines as f64 * CELL_LINE + 2.0 * CELL_PAD;
            if top + height > Self::bottom() + LINE && top > block_top {
                self.rules(block_top, top, columns, &segments);
                segments.clear();
                self.new_page();
                top = TOP;
                block_top = top;
            }
            for (k, cell) in wrapped.iter().enumerate() {
                for (n, line) in cell.iter().enumerate() {
                    let x = LEFT + k as f64 * column + CELL_PAD;
                    let y = top + CELL_PAD + CELL_SIZE + n as f64 * CELL_LINE;
                    self.text(x, y, CELL_SIZE, line);
                }
            }
            segments.push((LEFT, top, LEFT + WIDTH, top));
            top += height;
        }
        self.rules(block_top, top, columns, &segments);
        self.y = top + LINE + SIZE * 0.2;
    }

    /// The rules of one page's part of a table: each row's top, the
    /// bottom, and the column boundaries.
    fn rules(&mut self, top: f64, bottom: f64, columns: usize, rows: &[(f64, f64, f64, f64)]) {
        let column = WIDTH / columns as f64;
        let mut data = String::new();
        let mut line = |x0: f64, y0: f64, x1: f64, y1: f64| {
            let _ = write!(
                data,
                "M {:.3} {:.3} L {:.3} {:.3} ",
                x0 - LEFT,
                y0 - top,
                x1 - LEFT,
                y1 - top
            );
        };
        for &(x0, y0, x1, y1) in rows {
            line(x0, y0, x1, y1);
        }
        line(LEFT, bottom, LEFT + WIDTH, bottom);
        for k in 0..=columns {
            let x = LEFT + k as f64 * column;
            line(x, top, x, bottom);
        }
        let id = self.next_id();
        let page = self.pages.last_mut().expect("a page");
        let _ = write!(
            page,
            r#"<ofd:PathObject ID="{id}" Boundary="{LEFT:.3} {top:.3} {WIDTH:.3} {:.3}" LineWidth="0.25"><ofd:AbbreviatedData>{}</ofd:AbbreviatedData></ofd:PathObject>"#,
            bottom - top,
            data.trim_end()
        );
    }

    /// Each page's number, centred under the text block.
    fn number_pages(&mut self) {
        for k in 0..self.pages.len() {
            let label = format!("- {} -", k + 1);
            let width: f64 = label.chars().map(|c| advance(c, SIZE)).sum();
            let id = self.next_id();
            let _ = write!(
                self.pages[k],
                r#"<ofd:TextObject ID="{id}" Boundary="{:.3} {:.3} {width:.3} 7" Font="2" Size="{SIZE:.3}"><ofd:TextCode X="0" Y="{SIZE:.3}">{label}</ofd:TextCode></ofd:TextObject>"#,
                (PAGE.0 - width) / 2.0,
                Self::bottom() + 12.0,
            );
        }
    }
}

/// The pages' contents (each a `Content.xml` layer's objects) of `text`:
/// a paragraph a line, rows of `|` or tabs as ruled tables.
pub fn page_objects(text: &str) -> Vec<String> {
    let mut pages = Pages::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if is_delimiter(line) {
            continue;
        }
        if let Some(row) = cells(line) {
            table.push(row);
            continue;
        }
        if !table.is_empty() {
            pages.table(&std::mem::take(&mut table));
        }
        let line = line.trim();
        if !line.is_empty() {
            pages.paragraph(line);
        }
    }
    if !table.is_empty() {
        pages.table(&table);
    }
    pages.number_pages();
    pages.pages
}

/// An OFD package of `pages` (each the objects of one page's layer).
pub fn package(pages: &[String]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    };
    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    put(
        "OFD.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>7f3c0e1a2b4d4c5e9f60718293a4b5c6</ofd:DocID><ofd:Creator>rl-lint tests</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        ),
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
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#,
            PAGE.0, PAGE.1
        ),
    );
    put(
        "Doc_0/PublicRes.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/></ofd:Fonts></ofd:Res>"#
        ),
    );
    for (k, objects) in pages.iter().enumerate() {
        put(
            &format!("Doc_0/Pages/Page_{k}/Content.xml"),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
            ),
        );
    }
    zip.finish().expect("zip").into_inner()
}

/// An OFD package showing `text` (see [`page_objects`]).
pub fn from_text(text: &str) -> Vec<u8> {
    package(&page_objects(text))
}
