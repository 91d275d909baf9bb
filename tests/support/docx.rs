//! Builds small `.docx` files inside the tests (no binary fixtures): the
//! parts Word itself writes for a plain document, with the body, list
//! definitions and styles each test needs.

#![allow(dead_code)]

use std::io::{Cursor, Write};

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

/// A 公文 outline as Word's multilevel list: 一、 （一） 1. （1）, with the
/// 标题 1 and 标题 2 styles (ids `1` and `2`, as Chinese Word names them)
/// linked to its first two levels.
pub const OUTLINE_NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="1"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="2"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

pub const OUTLINE_STYLES: &str = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>"#;

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of at most 20 characters, as Word splits text it has edited.
pub fn runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(20)
        .map(|chunk| {
            let piece: String = chunk.iter().collect();
            format!(
                r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(&piece)
            )
        })
        .collect()
}

/// A paragraph with the given `w:pPr` content.
pub fn paragraph_with(properties: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr>{properties}<w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200"/></w:pPr>{}</w:p>"#,
        runs(text)
    )
}

pub fn paragraph(text: &str) -> String {
    paragraph_with("", text)
}

/// A one-row table with a paragraph in each cell.
pub fn table(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| {
            format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                paragraph(c)
            )
        })
        .collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>{cells}</w:tr></w:tbl>"#
    )
}

/// A `.docx` with the given body XML and, optionally, list definitions and styles.
pub fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">{}</w:numbering>"#,
        numbering.unwrap_or("")
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">{}</w:styles>"#,
        styles.unwrap_or("")
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering.as_str()),
        ("word/styles.xml", styles.as_str()),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A `.docx` with one paragraph per line of `text` (empty lines too).
pub fn from_text(text: &str) -> Vec<u8> {
    let body: String = text
        .trim_end_matches(['\n', '\r'])
        .lines()
        .map(|line| paragraph(line.trim_end_matches('\r')))
        .collect();
    docx(&body, None, None)
}

/// A list level (`w:lvl`): its start value, number format and level text.
pub fn level(ilvl: usize, start: u64, format: &str, text: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{}"/><w:suff w:val="nothing"/></w:lvl>"#,
        escape(text)
    )
}

/// A list definition (`w:abstractNum`) with its levels and one numbering
/// instance (`w:num`) of the same id using it.
pub fn list(id: u32, levels: &[String]) -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>{}</w:abstractNum><w:num w:numId="{id}"><w:abstractNumId w:val="{id}"/></w:num>"#,
        levels.concat()
    )
}

/// A paragraph numbered by list `num_id` at level `ilvl`.
pub fn numbered(num_id: u32, ilvl: usize, text: &str) -> String {
    paragraph_with(
        &format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>"#),
        text,
    )
}

/// A paragraph style, based on another, optionally numbered by a list.
pub fn style(id: &str, based_on: Option<&str>, num_id: Option<u32>) -> String {
    let based_on = based_on.map_or(String::new(), |b| format!(r#"<w:basedOn w:val="{b}"/>"#));
    let numbering = num_id.map_or(String::new(), |n| {
        format!(r#"<w:pPr><w:numPr><w:numId w:val="{n}"/></w:numPr></w:pPr>"#)
    });
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{id}"/>{based_on}{numbering}</w:style>"#
    )
}

/// A paragraph in the given style.
pub fn styled(style: &str, text: &str) -> String {
    paragraph_with(&format!(r#"<w:pStyle w:val="{style}"/>"#), text)
}

/// How a cell of a Word table is merged with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    None,
    /// `w:gridSpan`: the cell spans this many grid columns.
    Across(u32),
    /// `w:vMerge w:val="restart"`: the first of cells merged down.
    DownStart,
    /// `w:vMerge`: continues the cell above (Word writes it empty).
    DownContinue,
}

/// A Word table: rows of `(text, merge)` cells, a paragraph in each cell.
pub fn word_table(rows: &[Vec<(String, Merge)>]) -> String {
    let rows: String = rows
        .iter()
        .map(|cells| {
            let cells: String = cells
                .iter()
                .map(|(text, merge)| {
                    let merge = match merge {
                        Merge::None => String::new(),
                        Merge::Across(n) => format!(r#"<w:gridSpan w:val="{n}"/>"#),
                        Merge::DownStart => r#"<w:vMerge w:val="restart"/>"#.to_string(),
                        Merge::DownContinue => "<w:vMerge/>".to_string(),
                    };
                    let text = if *merge == *"<w:vMerge/>" { "" } else { text.as_str() };
                    format!(
                        "<w:tc><w:tcPr><w:tcW w:w=\"1200\" w:type=\"dxa\"/>{merge}</w:tcPr>{}</w:tc>",
                        paragraph(text)
                    )
                })
                .collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>{rows}</w:tbl>"#
    )
}

/// A `.docx` of a text whose tables are written as ` | ` rows, the way a
/// web page converted to text gives them: each run of such lines becomes a
/// Word table, and the shorter rows get Word's merged cells back. A row
/// with fewer cells than the widest is a row whose leading cells are merged
/// down from the row above (`w:vMerge`), or, when it has no figure (a
/// header), whose last cell spans the rest of the row (`w:gridSpan`).
/// Other lines are paragraphs.
pub fn from_text_with_tables(text: &str) -> Vec<u8> {
    let is_row = |line: &str| line.contains(" | ");
    let lines: Vec<&str> = text.trim_end_matches('\n').lines().collect();
    let mut body = String::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_row(lines[i]) {
            body.push_str(&paragraph(lines[i]));
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_row(lines[i]) {
            i += 1;
        }
        let rows: Vec<Vec<&str>> = lines[start..i]
            .iter()
            .map(|l| l.split(" | ").map(str::trim).collect())
            .collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut table: Vec<Vec<(String, Merge)>> = Vec::new();
        for (r, cells) in rows.iter().enumerate() {
            let missing = width - cells.len();
            let header = !cells
                .iter()
                .any(|c| c.chars().any(|ch| ch.is_ascii_digit()));
            let mut row: Vec<(String, Merge)> = Vec::new();
            if missing > 0 && header {
                for (k, c) in cells.iter().enumerate() {
                    let merge = if k + 1 == cells.len() {
                        Merge::Across(missing as u32 + 1)
                    } else {
                        Merge::None
                    };
                    row.push((c.to_string(), merge));
                }
            } else {
                for _ in 0..missing {
                    row.push((String::new(), Merge::DownContinue));
                }
                row.extend(cells.iter().map(|c| (c.to_string(), Merge::None)));
            }
            // The cell above a continued one starts the merge.
            if missing > 0 && !header && r > 0 {
                for k in 0..missing {
                    if let Some(above) = table.last_mut().and_then(|t| t.get_mut(k)) {
                        if above.1 == Merge::None {
                            above.1 = Merge::DownStart;
                        }
                    }
                }
            }
            table.push(row);
        }
        body.push_str(&word_table(&table));
    }
    docx(&body, None, None)
}
