//! Saved web pages (`.html`, `.htm`, `.mht`, `.mhtml`): the report a
//! government site publishes, without the page around it.
//!
//! A reviewer saves the page that published a report (Ctrl+S): a page of
//! the site's template (navigation, breadcrumbs 「当前位置：首页 > …」, an
//! info table 索引号/发布机构, share and font-size widgets 「字号：大 中 小」,
//! a footer 主办单位/ICP备案) with the report somewhere inside it. What
//! this module gives the document model is the report alone, one block per
//! line like a `.docx` ([`super::docx`]), and its tables as
//! [`WordTable`] grids:
//!
//! - **Bytes to text**: an MHT web archive is unpacked first (its first
//!   `text/html` part, quoted-printable or base64). Then a byte-order mark,
//!   else valid UTF-8 (pages saved as UTF-8 often still say
//!   `charset=gb2312`), else the charset the archive or the page declares
//!   (`<meta charset>`, `<meta http-equiv="Content-Type">`, looked for in
//!   the first [`PRESCAN_BYTES`]), else GB18030 (what Chinese sites use
//!   when they say nothing).
//! - **Parsing**: html5ever (through `scraper`), the HTML5 algorithm a
//!   browser runs, so broken markup is read as a browser shows it and
//!   entities are decoded. `<` and `>` that were `&lt;` `&gt;` inside a
//!   book title 《…》 become 〈 〉, the marks a 公文 uses there.
//! - **Blocks**: every block element (`p`, `div`, `h1`–`h6`, `li`…) and
//!   every `<br>` ends a line; whitespace is collapsed as a browser does
//!   (ASCII whitespace only: full-width spaces 「　」 and `&nbsp;` stay);
//!   scripts, styles, forms and the `<head>` are left out.
//! - **The report in the page**: found by structure, not by a list of
//!   site templates. The report is the smallest element holding all its
//!   numbered headings (「一、」「二、」…), widened to a block container.
//!   Everything outside it (navigation, breadcrumbs, info table, sidebars,
//!   footer) is dropped; what sits inside it stays, where the
//!   `hygiene/web-residue` rule reports it. The title usually sits above the
//!   report's container: the last `h1`–`h3` (or element whose class or id
//!   says `title`) before it is put in front, else `<meta name=ArticleTitle>`,
//!   else the page's `<title>` without its 「_栏目_站名」 suffix. A page
//!   without numbered headings is read whole.
//! - **Tables**: a `<table>` whose cells are data becomes a table with its
//!   `colspan` (a cell spanning columns) and `rowspan` (the rows below leave
//!   the cell out, as a Word table's merged cells do). A layout table (a
//!   cell holding a nested table, a paragraph of 200 characters or more or
//!   more than eight lines; a single cell) is read as the blocks it holds.
//!
//! Bounds: the page is at most the size limit; the text, lines and table
//! cells are held to the same [`Limits`] as a `.docx` ([`Budget`]), a cell's
//! `colspan` to 1000 and `rowspan` to 65534 (the HTML limits), each column
//! a spanned cell covers counting as a table cell; tables nested deeper
//! than [`MAX_TABLE_NESTING`] are read as text. The tree is walked without
//! recursion, once.

use super::docx::{Budget, DocxError, Limits, WordTable};
use scraper::Html;

mod charset;
mod content;
mod mhtml;
mod walk;

use charset::{decode, find_ignore_case};
use mhtml::mhtml_page;
use walk::Walker;

/// How far into a page its `<meta charset>` is looked for (browsers look
/// at the first 1024 bytes; saved pages put comments and scripts first).
pub const PRESCAN_BYTES: usize = 8192;

/// Tables nested deeper than this are read as text.
pub const MAX_TABLE_NESTING: usize = 16;

/// The largest `colspan` and `rowspan` (as in the HTML standard).
const MAX_COLSPAN: usize = 1000;

const MAX_ROWSPAN: usize = 65534;

/// A cell line at least this long makes a table a layout table.
const LAYOUT_LINE_CHARS: usize = 200;

/// A cell of more lines than this makes a table a layout table (a data
/// cell holds a number or a label; a layout cell, the page's columns).
const LAYOUT_CELL_LINES: usize = 8;

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlError {
    /// An MHT archive without a `text/html` part.
    NoPage,
    /// The page makes more than the [`Limits`] allow.
    OverLimit(DocxError),
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HtmlError::NoPage => f.write_str("the web archive (.mht) holds no HTML page"),
            HtmlError::OverLimit(err) => err.fmt(f),
        }
    }
}

impl From<DocxError> for HtmlError {
    fn from(err: DocxError) -> HtmlError {
        HtmlError::OverLimit(err)
    }
}

/// What kind of web file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebKind {
    Html,
    Mhtml,
}

/// Whether `bytes` (named `path`) are a web page or web archive: by the
/// name's extension, or by how the bytes begin (a page piped on standard
/// input, a page saved as `.txt`).
pub fn web_kind(bytes: &[u8], path: &str) -> Option<WebKind> {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    match ext {
        Some("mht" | "mhtml") => return Some(WebKind::Mhtml),
        Some("html" | "htm" | "xhtml" | "shtml") => return Some(WebKind::Html),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(2048)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts(b"<!doctype html") || starts(b"<html") {
        return Some(WebKind::Html);
    }
    if (starts(b"mime-version:") || starts(b"from:") || starts(b"content-type:"))
        && find_ignore_case(head, b"multipart/related").is_some()
    {
        return Some(WebKind::Mhtml);
    }
    None
}

/// The report in a saved page: its text, one block per line (each ending
/// in `\n`), its tables, and the name of the encoding the page was in.
pub fn extract(
    bytes: &[u8],
    kind: WebKind,
    limits: Limits,
) -> Result<(String, Vec<WordTable>, &'static str), HtmlError> {
    let (page, transport_charset) = match kind {
        WebKind::Html => (std::borrow::Cow::Borrowed(bytes), None),
        WebKind::Mhtml => {
            let part = mhtml_page(bytes).ok_or(HtmlError::NoPage)?;
            (std::borrow::Cow::Owned(part.body), part.charset)
        }
    };
    let (source, encoding) = decode(&page, transport_charset.as_deref());
    let mut budget = Budget::new(limits);
    // The decoded page may be larger than its bytes (GBK → UTF-8): it is
    // held to one and a half times the limit, like any decoded text.
    budget.check_text(source.len().saturating_mul(2) / 3)?;
    let html = Html::parse_document(&source);
    drop(source);
    let walked = Walker::new(&mut budget).walk(&html)?;
    let (text, tables) = walked.assemble(&mut budget)?;
    Ok((text, tables, encoding.name()))
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use content::strip_site;
    use encoding_rs::GB18030;
    use mhtml::{base64, quoted_printable};
    use walk::is_numbered_heading;

    fn read(page: &str) -> (String, Vec<WordTable>) {
        let (text, tables, _) =
            extract(page.as_bytes(), WebKind::Html, Limits::default()).expect("reads");
        (text, tables)
    }

    #[test]
    fn finds_the_report_among_the_page_furniture() {
        let page = r#"<!DOCTYPE html><html><head><title>某局2023年法治政府建设年度报告_通知公告_某市人民政府</title>
<script>var x = "一、脚本";</script></head><body>
<div class="nav"><a href="/">首页</a><a>政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<table class="info"><tr><td>索引号：</td><td>123</td><td>发布机构：</td><td>某局</td></tr></table>
<div class="article"><h1 class="title">某局2023年法治政府建设年度报告</h1>
<div class="tools">字号：大 中 小 分享到：</div>
<div id="zoom"><p>　　2023年，我局坚持……</p>
<p>　　一、主要举措</p><p>　　（一）加强领导。</p><p>　　二、存在的不足</p>
<p>某局</p><p>2024年1月5日</p></div></div>
<div class="footer">主办单位：某市人民政府 ICP备案号</div></body></html>"#;
        let (text, tables) = read(page);
        assert_eq!(
            text,
            "某局2023年法治政府建设年度报告\n　　2023年，我局坚持……\n　　一、主要举措\n　　（一）加强领导。\n　　二、存在的不足\n某局\n2024年1月5日\n"
        );
        assert!(tables.is_empty());
    }

    #[test]
    fn tables_keep_their_spans() {
        let page = "<html><body><p>一、情况</p><p>见下表：</p><table>\
<tr><td rowspan=2>类别</td><td colspan=2>数量</td></tr>\
<tr><td>新增</td><td>废止</td></tr>\
<tr><td>规章</td><td>0</td><td>1</td></tr></table><p>二、问题</p></body></html>";
        let (text, tables) = read(page);
        assert_eq!(text, "一、情况\n见下表：\n二、问题\n");
        assert_eq!(tables.len(), 1);
        assert_eq!(
            &text[tables[0].anchor.start..tables[0].anchor.end],
            "见下表："
        );
        let grid = &tables[0].grid;
        assert_eq!(grid[0][1].column, 2);
        assert_eq!(grid[0][1].span, 2);
        // The second row skips the first column, covered from above.
        assert_eq!(grid[1][0].text, "新增");
        assert_eq!(grid[1][0].column, 2);
        assert_eq!(grid[1][1].column, 3);
        assert_eq!(grid[2][0].text, "规章");
        assert_eq!(grid[2][0].column, 1);
    }

    #[test]
    fn layout_tables_are_read_as_text() {
        let page = "<html><body><table><tr><td>导航</td></tr><tr><td><table><tr>\
<td><p>一、情况</p><p>内容</p><p>二、问题</p></td></tr></table></td></tr></table></body></html>";
        let (text, tables) = read(page);
        assert_eq!(text, "一、情况\n内容\n二、问题\n");
        assert!(tables.is_empty());
    }

    #[test]
    fn entities_in_book_titles_become_inner_title_marks() {
        let (text, _) = read("<p>贯彻《本市贯彻&lt;条例&gt;的意见》，a &lt; b</p>");
        assert_eq!(text, "贯彻《本市贯彻〈条例〉的意见》，a < b\n");
    }

    #[test]
    fn gbk_pages_are_decoded_by_their_meta() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>法治政府建设年度报告</p></body></html>";
        let (bytes, _, _) = GB18030.encode(page);
        let (text, _, encoding) = extract(&bytes, WebKind::Html, Limits::default()).unwrap();
        assert_eq!(text, "法治政府建设年度报告\n");
        assert_eq!(encoding, "GBK");
        // Without a meta: GB18030.
        let (bytes, _, _) = GB18030.encode("<p>法治政府建设年度报告</p>");
        let (_, _, encoding) = extract(&bytes, WebKind::Html, Limits::default()).unwrap();
        assert_eq!(encoding, "gb18030");
        // Valid UTF-8 wins over a wrong meta.
        let (text, _, encoding) =
            extract(page.as_bytes(), WebKind::Html, Limits::default()).unwrap();
        assert_eq!(text, "法治政府建设年度报告\n");
        assert_eq!(encoding, "UTF-8");
    }

    #[test]
    fn web_archives_are_unpacked() {
        let html = "<html><body><p>法治</p><p>一、情况</p></body></html>";
        let (gbk, _, _) = GB18030.encode(html);
        let qp: String = gbk
            .iter()
            .map(|&b| {
                if b.is_ascii() && b != b'=' {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                }
            })
            .collect();
        let mht = format!(
            "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\nContent-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}=\r\n\r\n------B\r\nContent-Type: image/png\r\n\r\nxx\r\n------B--\r\n",
            qp
        );
        assert_eq!(web_kind(mht.as_bytes(), "-"), Some(WebKind::Mhtml));
        let (text, _, _) = extract(mht.as_bytes(), WebKind::Mhtml, Limits::default()).unwrap();
        assert_eq!(text, "法治\n一、情况\n");
        let no_page = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=B\r\n\r\n--B\r\nContent-Type: image/png\r\n\r\nxx\r\n--B--\r\n";
        assert_eq!(
            extract(no_page.as_bytes(), WebKind::Mhtml, Limits::default()),
            Err(HtmlError::NoPage)
        );
    }

    #[test]
    fn base64_and_quoted_printable() {
        assert_eq!(base64(b"5rOV5rK7\r\n"), "法治".as_bytes());
        assert_eq!(quoted_printable(b"a=3Db=\r\nc=ZZ"), b"a=bc=ZZ");
    }

    #[test]
    fn web_kind_by_name_and_content() {
        assert_eq!(web_kind(b"x", "a/报告.HTM"), Some(WebKind::Html));
        assert_eq!(web_kind(b"x", "a/报告.mht"), Some(WebKind::Mhtml));
        assert_eq!(
            web_kind(b"\xEF\xBB\xBF \n<!DOCTYPE HTML>", "-"),
            Some(WebKind::Html)
        );
        assert_eq!(web_kind("一、情况".as_bytes(), "报告.txt"), None);
        assert_eq!(web_kind(b"<p>x</p>", "a.txt"), None);
    }

    #[test]
    fn limits_hold() {
        let limits = Limits::for_size_limit(64);
        let page = "<p>法治政府</p>".repeat(20);
        assert!(matches!(
            extract(page.as_bytes(), WebKind::Html, limits),
            Err(HtmlError::OverLimit(_))
        ));
        let spans = "<table><tr><td colspan=1000>a</td><td>b</td></tr></table>".repeat(2);
        assert!(matches!(
            extract(spans.as_bytes(), WebKind::Html, limits),
            Err(HtmlError::OverLimit(_))
        ));
    }

    #[test]
    fn headings_are_top_level_markers() {
        assert!(is_numbered_heading("　　十二、问题"));
        assert!(!is_numbered_heading("一是加强"));
        assert!(!is_numbered_heading("（一）加强"));
        assert_eq!(strip_site("报告_通知 - 站"), "报告");
    }
}
