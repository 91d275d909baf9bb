//! Word `.docx` reports: the text of the document body, one paragraph per
//! line, so that the rest of rl-lint reads a `.docx` like a text file and
//! **line N is paragraph N** of the document.
//!
//! What a paragraph is, and what its line holds:
//! - Every `w:p` of the body counts, from the top, headings and empty
//!   paragraphs included (also those inside content controls, `w:sdt`).
//! - Tables are not lines of the text: their paragraphs are not counted.
//!   Each table is read into a [`WordTable`] of rows and cells (a cell merged
//!   across columns, `w:gridSpan`, is one cell at its first column; the
//!   continuation of a cell merged down, `w:vMerge`, is left out of its row,
//!   as a text table leaves it out), placed at the paragraph before it.
//!   Text boxes, pictures, charts and other drawings are skipped, and so
//!   are headers, footers, footnotes and comments (other parts of the
//!   package).
//! - The text is that of the runs (`w:t`) as Word shows it: tracked
//!   deletions, hidden text (`w:vanish`) and phonetic guides are left out,
//!   insertions kept,
//!   field results kept and field codes left out. `w:tab` is a tab; a manual
//!   line break (`w:br`, Shift+Enter) is a space, so the paragraph stays one
//!   line.
//! - Automatic numbering (`w:numPr`, on the paragraph or from its style, such
//!   as a 标题 1 style linked to a multilevel list) is written in front of the
//!   text as Word would show it (「一、」「（一）」「1.」), so the heading model
//!   sees the report's real numbering. Bullets are not written.
//!
//! Limits: numbering inside tables does not advance the counters; list
//! styles (`w:numStyleLink`) and legacy numbering are not followed; only
//! the main document part `word/document.xml` is read.
//!
//! The package is read defensively: `word/document.xml` may be at most
//! [`MAX_DOCUMENT_XML`] bytes uncompressed (a zip bomb stops there, whatever
//! the archive claims), a DTD is refused, and entities other than XML's five
//! predefined ones and character references are errors (quick-xml never
//! expands entities, so nothing is fetched or multiplied). What the body
//! makes is held to a [`Budget`] ([`Limits`]: the decoded text, and the
//! paragraphs, runs and table cells read, to the same limit as a text file),
//! and automatic numbers are bounded: a label longer than
//! [`MAX_NUMBER_CHARS`] is written in digits, a level text (`w:lvlText`)
//! longer than [`MAX_LEVEL_TEXT_CHARS`] is refused, styles are followed
//! through at most [`MAX_STYLE_DEPTH`] `basedOn` links (a cycle ends there).

use crate::text::span::Span;
use std::io::Cursor;

mod body;
mod limits;
mod numbering;
mod styles;
mod tables;
pub(crate) mod xml;

use body::Body;
pub use limits::{
    Budget, Counted, Limits, MAX_DOCUMENT_XML, MAX_LEVEL_TEXT_CHARS, MAX_NUMBER_CHARS,
    MAX_PART_XML, MAX_STYLE_DEPTH,
};
pub(crate) use numbering::format_number;
use numbering::Numbering;
use styles::Styles;
pub(crate) use xml::{
    attribute, continues_merge, document_dtd, event_name, grid_span, is_on, next_event, read_part,
    resolve_reference, val, w_name, xml_error, WName, W_NAMESPACES,
};
pub use xml::{OLE_MAGIC, ZIP_MAGIC};

/// A Word table as the document holds it, for the document model to read
/// (`crate::document::table::Table::from_word`): each row's cells, merged
/// cells already resolved, placed at `anchor` (the paragraph before the
/// table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordTable {
    pub anchor: Span,
    pub grid: Vec<Vec<WordCell>>,
}

impl WordTable {
    /// Tables as a reader collected them, each at the paragraph before it
    /// in `text`; a table before any paragraph is placed at the first line.
    pub(crate) fn anchored(
        text: &str,
        tables: Vec<(Option<Span>, Vec<Vec<WordCell>>)>,
    ) -> Vec<Self> {
        let first_line = Span::new(0, text.find('\n').unwrap_or(text.len()));
        tables
            .into_iter()
            .map(|(anchor, grid)| WordTable {
                anchor: anchor.unwrap_or(first_line),
                grid,
            })
            .collect()
    }
}

/// A cell of a Word table's row. A cell merged across columns
/// (`w:gridSpan`) is one cell at its first column; the continuation of a
/// cell merged down (`w:vMerge`) is left out of its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCell {
    pub text: String,
    /// 1-based first grid column.
    pub column: usize,
    /// Grid columns it spans: 1, or its `w:gridSpan`.
    pub span: usize,
}

impl WordCell {
    /// A cell of one grid column.
    pub fn new(text: impl Into<String>, column: usize) -> WordCell {
        WordCell {
            text: text.into(),
            column,
            span: 1,
        }
    }
}

/// Why a `.docx` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A zip archive without `word/document.xml`.
    NotWord,
    /// Not a readable zip archive, or a part is not well-formed XML.
    Corrupt(String),
    /// A part is larger than its limit once uncompressed.
    TooLarge { part: &'static str, limit: u64 },
    /// The body makes more than a [`Limits`] allows.
    OverLimit { what: Counted, limit: u64 },
    /// A list level's text (`w:lvlText`) is over [`MAX_LEVEL_TEXT_CHARS`].
    LevelTextTooLong,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotWord => f.write_str("the zip archive has no word/document.xml"),
            DocxError::Corrupt(reason) => f.write_str(reason),
            DocxError::TooLarge { part, limit } => {
                write!(f, "{part} is larger than {} MB uncompressed", limit >> 20)
            }
            DocxError::OverLimit { what, limit } => write!(
                f,
                "its body holds more than {limit} {}, over the size limit for a report",
                what.name()
            ),
            DocxError::LevelTextTooLong => write!(
                f,
                "word/numbering.xml has a list number format (w:lvlText) longer than {MAX_LEVEL_TEXT_CHARS} characters"
            ),
        }
    }
}

/// Whether the bytes are an OLE2 compound file holding an encrypted Office
/// package (what Word writes for a password-protected `.docx`). The stream
/// name is stored in UTF-16LE in the compound file's directory.
pub fn is_encrypted_package(bytes: &[u8]) -> bool {
    const NAME: &str = "EncryptedPackage";
    let needle: Vec<u8> = NAME.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.starts_with(OLE_MAGIC) && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The body text of a `.docx` (the bytes of its zip archive): one line per
/// paragraph, each ending in `\n`, within the default [`Limits`].
pub fn extract_text(bytes: &[u8]) -> Result<String, DocxError> {
    extract_text_limited(bytes, Limits::default())
}

/// [`extract_text`] within `limits`.
pub fn extract_text_limited(bytes: &[u8], limits: Limits) -> Result<String, DocxError> {
    extract_limited(bytes, limits).map(|(text, _)| text)
}

/// The body text of a `.docx` and its tables, within the default [`Limits`].
pub fn extract(bytes: &[u8]) -> Result<(String, Vec<WordTable>), DocxError> {
    extract_limited(bytes, Limits::default())
}

/// The body text of a `.docx` and its tables, within `limits`.
pub fn extract_limited(
    bytes: &[u8],
    limits: Limits,
) -> Result<(String, Vec<WordTable>), DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError::Corrupt(format!("not a readable zip archive: {e}")))?;
    let document = read_part(&mut archive, "word/document.xml", MAX_DOCUMENT_XML)?
        .ok_or(DocxError::NotWord)?;
    let numbering = match read_part(&mut archive, "word/numbering.xml", MAX_PART_XML)? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let styles = match read_part(&mut archive, "word/styles.xml", MAX_PART_XML)? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    Body::new(&numbering, &styles, Budget::new(limits)).read(&document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A package with the given parts (name, content).
    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn text_of(body: &str) -> String {
        extract_text(&package(&[("word/document.xml", &document(body))])).unwrap()
    }

    fn numbered(body: &str, numbering: &str, styles: &str) -> String {
        let numbering = format!(r#"<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#);
        let styles = format!(r#"<w:styles xmlns:w="{W}">{styles}</w:styles>"#);
        let bytes = package(&[
            ("word/document.xml", &document(body)),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        extract_text(&bytes).unwrap()
    }

    #[test]
    fn one_line_per_paragraph_runs_joined() {
        let body = r#"<w:p><w:r><w:t>某局</w:t></w:r><w:r><w:t xml:space="preserve">2023年 </w:t></w:r><w:r><w:t>报告</w:t></w:r></w:p><w:p/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三&amp;&#x56DB;</w:t></w:r></w:p>"#;
        assert_eq!(text_of(body), "某局2023年 报告\n\n一\t二 三&四\n");
    }

    #[test]
    fn tables_drawings_deletions_hidden_text_and_fallbacks_are_skipped() {
        let body = r#"<w:p><w:r><w:t>前</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:ruby><w:rt><w:r><w:t>fǎ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>法</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#;
        assert_eq!(text_of(body), "前\n后增显示法\n");
    }

    #[test]
    fn tables_are_read_with_merged_cells_and_placed_at_the_paragraph_before() {
        let cell = |props: &str, text: &str| {
            format!(
                r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
        let table = format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row(&[
                cell(r#"<w:vMerge w:val="restart"/>"#, "三、本年度办理结果"),
                cell("", "（一）予以公开"),
                cell(r#"<w:gridSpan w:val="2"/>"#, "26")
            ]),
            row(&[
                cell("<w:vMerge/>", ""),
                cell("", "（二）部分公开"),
                cell("", "0"),
                cell("", "")
            ]),
            row(&[cell("", "<w:numPr/>1.属于"), cell("", "x")]),
        );
        let body = format!(
            r#"<w:p><w:r><w:t>三、收到</w:t></w:r></w:p>{table}<w:p><w:r><w:t>后</w:t></w:r></w:p>"#
        );
        let (text, tables) = extract(&package(&[("word/document.xml", &document(&body))])).unwrap();
        assert_eq!(text, "三、收到\n后\n");
        let table = &tables[0];
        assert_eq!(table.anchor.text(&text), "三、收到");
        let cells = |r: usize| -> Vec<(&str, usize, usize)> {
            table.grid[r]
                .iter()
                .map(|c| (c.text.as_str(), c.column, c.span))
                .collect()
        };
        assert_eq!(
            cells(0),
            [
                ("三、本年度办理结果", 1, 1),
                ("（一）予以公开", 2, 1),
                ("26", 3, 2)
            ]
        );
        // The continuation of the merged cell is left out; the grid columns stay.
        assert_eq!(
            cells(1),
            [("（二）部分公开", 2, 1), ("0", 3, 1), ("", 4, 1)]
        );
    }

    #[test]
    fn automatic_numbering_is_written_in_front() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#;
        let p = |style: &str, num: &str, text: &str| {
            format!(r#"<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let heading1 = r#"<w:pStyle w:val="1"/>"#;
        let heading2 = r#"<w:pStyle w:val="2"/>"#;
        let body = [
            p(heading1, "", "主要举措"),
            p(heading2, "", "学法"),
            p(heading2, "", "用法"),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#,
                "细项",
            ),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#,
                "要点",
            ),
            p(heading1, "", "存在的不足"),
            p(
                heading2,
                // The numbering before a tracked change does not count.
                r#"<w:numPr><w:numId w:val="0"/></w:numPr><w:pPrChange w:id="1"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange>"#,
                "没有编号",
            ),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>"#,
                "重新开始",
            ),
        ]
        .concat();
        assert_eq!(
            numbered(&body, numbering, styles),
            "一、主要举措\n（一）学法\n（二）用法\n1. 细项\n要点\n二、存在的不足\n没有编号\n一、重新开始\n"
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(11, "chineseLegalSimplified"), "拾壹");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(2024, "ideographDigital"), "二〇二四");
        assert_eq!(format_number(7, "someFutureFormat"), "7");
        // Letters up to 16 long; past that, digits.
        assert_eq!(format_number(416, "lowerLetter"), "z".repeat(16));
        assert_eq!(format_number(417, "upperLetter"), "417");
        assert_eq!(format_number(4_000_000_000, "lowerLetter"), "4000000000");
        assert_eq!(format_number(u32::MAX, "upperRoman"), u32::MAX.to_string());
        for format in [
            "chineseCounting",
            "ideographDigital",
            "chineseLegalSimplified",
            "decimalFullWidth",
        ] {
            assert!(format_number(u32::MAX, format).chars().count() <= MAX_NUMBER_CHARS);
        }
    }

    #[test]
    fn the_numbering_bomb_is_read_in_digits() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
        let p = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>举措</w:t></w:r></w:p>"#;
        assert_eq!(
            numbered(&p.repeat(2), numbering, ""),
            "4000000000.举措\n4000000001.举措\n"
        );
    }

    #[test]
    fn level_texts_over_the_cap_are_refused() {
        let level = |text: &str| {
            format!(
                r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum></w:numbering>"#
            )
        };
        assert!(Numbering::parse(&level(&"%1".repeat(32))).is_ok());
        assert_eq!(
            Numbering::parse(&level(&"%1".repeat(33))).unwrap_err(),
            DocxError::LevelTextTooLong
        );
    }

    #[test]
    fn the_body_is_held_to_the_limits() {
        let bytes = package(&[(
            "word/document.xml",
            &document(&"<w:p><w:r><w:t>法治</w:t></w:r></w:p>".repeat(10)),
        )]);
        let limits = |text_bytes, paragraphs, runs| Limits {
            text_bytes,
            paragraphs,
            runs,
            table_cells: 0,
        };
        // Ten lines of seven bytes.
        assert!(extract_text_limited(&bytes, limits(70, 10, 10)).is_ok());
        for (limits, what) in [
            (limits(69, 10, 10), Counted::Text),
            (limits(70, 9, 10), Counted::Paragraphs),
            (limits(70, 10, 9), Counted::Runs),
        ] {
            let limit = match what {
                Counted::Text => 69,
                _ => 9,
            };
            assert_eq!(
                extract_text_limited(&bytes, limits),
                Err(DocxError::OverLimit { what, limit })
            );
        }
    }

    #[test]
    fn not_word_corrupt_and_oversized_packages() {
        let other = package(&[("readme.txt", "hello")]);
        assert_eq!(extract_text(&other), Err(DocxError::NotWord));
        let bytes = package(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
        )]);
        let truncated = &bytes[..bytes.len() / 2];
        assert!(matches!(
            extract_text(truncated),
            Err(DocxError::Corrupt(_))
        ));
        let mismatched = package(&[("word/document.xml", &document("<w:p><w:r></w:p>"))]);
        assert!(matches!(
            extract_text(&mismatched),
            Err(DocxError::Corrupt(_))
        ));
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 80 MB of one repeated paragraph deflates to well under a megabyte.
        let paragraph = "<w:p><w:r><w:t>法治政府建设</w:t></w:r></w:p>";
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = paragraph.repeat(10_000);
        let mut written = 0u64;
        while written <= MAX_DOCUMENT_XML + (16 << 20) {
            zip.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len() as u64;
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 4 << 20, "{}", bytes.len());
        assert_eq!(
            extract_text(&bytes),
            Err(DocxError::TooLarge {
                part: "word/document.xml",
                limit: MAX_DOCUMENT_XML
            })
        );
    }

    #[test]
    fn entities_from_a_dtd_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
        let bytes = package(&[("word/document.xml", laughs)]);
        assert!(matches!(extract_text(&bytes), Err(DocxError::Corrupt(m)) if m.contains("DTD")));
        let undeclared = package(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>"),
        )]);
        assert!(
            matches!(extract_text(&undeclared), Err(DocxError::Corrupt(m)) if m.contains("&lol;"))
        );
    }

    #[test]
    fn encrypted_packages_are_recognised() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend_from_slice(&[0; 64]);
        assert!(!is_encrypted_package(&bytes));
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_encrypted_package(&bytes));
        assert!(!is_encrypted_package(b"EncryptedPackage"));
    }
}
