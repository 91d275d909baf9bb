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

use super::docx::{Budget, DocxError, Limits, WordCell, WordTable};
use crate::text::span::Span;
use ego_tree::iter::Edge;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use scraper::{Html, Node};

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

/// The page's text: BOM, then valid UTF-8, then the declared charset, then
/// GB18030. Undecodable bytes become U+FFFD, as a browser shows them.
fn decode(bytes: &[u8], transport: Option<&str>) -> (String, &'static Encoding) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8);
    }
    let declared = transport
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]))
        // A page cannot be UTF-16 without a BOM once it was not UTF-8,
        // and the meta of a UTF-16 page would not be readable as ASCII.
        .filter(|e| *e != UTF_16LE && *e != UTF_16BE && *e != UTF_8);
    let encoding = declared.unwrap_or(GB18030);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding)
}

/// The encoding a page's `<meta charset=…>` or `<meta http-equiv=…
/// content="text/html; charset=…">` names, found by looking for
/// `charset=` inside `<meta` tags.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut rest = head;
    while let Some(at) = find_ignore_case(rest, b"<meta") {
        let tag = &rest[at..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(c) = find_ignore_case(tag, b"charset") {
            let value = tag[c + 7..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'=')
                .skip_while(|b| **b == b'"' || **b == b'\'')
                .take_while(|b| !(b.is_ascii_whitespace() || b";\"'/>".contains(b)))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                return Some(encoding);
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

/// Where `needle` (lowercase ASCII) first occurs in `haystack`, ignoring
/// ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = memchr::memchr2(first, first.to_ascii_uppercase(), &haystack[from..]) {
        let at = from + i;
        let candidate = haystack.get(at..at + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

// ---------------------------------------------------------------------------
// MHT web archives (RFC 2557)
// ---------------------------------------------------------------------------

/// The HTML part of a web archive.
struct MimePart {
    body: Vec<u8>,
    charset: Option<String>,
}

/// The headers of a MIME entity, unfolded, as (lowercase name, value), and
/// the offset where its body begins.
fn mime_headers(bytes: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        at = (end + 1).min(bytes.len());
        if line.is_empty() {
            return (headers, at);
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (headers, bytes.len())
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a header value: `boundary` of `multipart/related;
/// boundary="----=_NextPart"`.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The first `text/html` part of a web archive, decoded from its transfer
/// encoding.
fn mhtml_page(bytes: &[u8]) -> Option<MimePart> {
    let (headers, body_at) = mime_headers(bytes);
    let content_type = header(&headers, "content-type").unwrap_or("");
    let body = &bytes[body_at..];
    if content_type.to_ascii_lowercase().starts_with("text/html") {
        return Some(mime_part(&headers, body));
    }
    let boundary = parameter(content_type, "boundary")?;
    let delimiter = format!("--{boundary}");
    let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
    let starts: Vec<usize> = finder.find_iter(body).collect();
    for (k, &start) in starts.iter().enumerate() {
        let from = start + delimiter.len();
        if body[from..].starts_with(b"--") {
            break;
        }
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        let part = &body[from..end];
        let part = part
            .iter()
            .position(|&b| b == b'\n')
            .map_or(&part[part.len()..], |i| &part[i + 1..]);
        let (part_headers, part_body) = mime_headers(part);
        let part_type = header(&part_headers, "content-type").unwrap_or("");
        if part_type.to_ascii_lowercase().starts_with("text/html") {
            return Some(mime_part(&part_headers, &part[part_body..]));
        }
    }
    None
}

fn mime_part(headers: &[(String, String)], body: &[u8]) -> MimePart {
    let transfer = header(headers, "content-transfer-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = match transfer.trim() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.to_vec(),
    };
    MimePart {
        body,
        charset: header(headers, "content-type").and_then(|v| parameter(v, "charset")),
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes quoted-printable (RFC 2045): `=XX` is a byte, `=` at the end of
/// a line joins it to the next; a malformed `=` is kept.
fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) => match (hex(h), hex(l)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Decodes base64, skipping whitespace and stopping at padding or at a
/// byte outside the alphabet.
fn base64(bytes: &[u8]) -> Vec<u8> {
    fn value(b: u8) -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        if b.is_ascii_whitespace() {
            continue;
        }
        let Some(v) = value(b) else { break };
        acc = (acc << 6 | v) & 0xFF_FFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Walking the tree
// ---------------------------------------------------------------------------

/// What the walk makes, in page order: lines and tables, each with the
/// walk's position where it starts (for finding the report's container).
enum Item {
    Line {
        text: String,
        at: usize,
        /// In an `h1`–`h3`, or an element whose class or id says `title`.
        titled: bool,
    },
    Table {
        grid: Vec<Vec<WordCell>>,
        at: usize,
    },
}

impl Item {
    fn at(&self) -> usize {
        match self {
            Item::Line { at, .. } | Item::Table { at, .. } => *at,
        }
    }
}

/// A table being read: its items (lines and nested tables, in order) and
/// its cells, each a range of those items.
struct TableBuilder {
    at: usize,
    items: Vec<Item>,
    rows: Vec<Vec<PendingCell>>,
    in_row: bool,
    layout: bool,
}

struct PendingCell {
    items: std::ops::Range<usize>,
    colspan: usize,
    rowspan: usize,
}

/// What an open element is to the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Left out with all it holds.
    Skipped,
    /// Ends the line before and after it.
    Block,
    /// `h1`–`h3` or a title by its class: a block whose lines may be the
    /// title.
    TitleBlock,
    Table,
    /// A table nested beyond [`MAX_TABLE_NESTING`]: a block, and so are
    /// its rows and cells.
    FlatTable,
    Row,
    Cell,
    Inline,
}

struct Frame {
    role: Role,
    /// A `pre`: whitespace is kept inside it.
    pre: bool,
    /// The walk's position when it opened.
    open: usize,
    /// Index into `Walker::snapshot` when this element is an ancestor of
    /// the first numbered heading.
    snapshot: Option<usize>,
    /// Whether this element is a block container (a `div`, `td`,
    /// `article`…), which a report's content can be.
    container: bool,
}

struct Walker<'b> {
    budget: &'b mut Budget,
    /// Counts every node opened: the position of items and elements.
    position: usize,
    line: String,
    line_at: usize,
    /// Whitespace seen since the last character of the line: `Some(true)`
    /// when it held a line break.
    pending_space: Option<bool>,
    /// Lines and tables outside any table being read.
    items: Vec<Item>,
    tables: Vec<TableBuilder>,
    frames: Vec<Frame>,
    skipped: usize,
    titled: usize,
    /// Open `pre` elements.
    pre: usize,
    /// Tables opened beyond [`MAX_TABLE_NESTING`], read as text.
    flat_tables: usize,
    text_bytes: usize,
    /// The first numbered heading's position and the last one's.
    first_heading: Option<usize>,
    last_heading: usize,
    /// The ancestors of the first numbered heading that are containers,
    /// outermost first: (position, where it closes).
    snapshot: Vec<(usize, usize)>,
    meta_title: Option<String>,
    page_title: Option<String>,
    in_title_element: bool,
}

/// The walk's result.
struct Walked {
    items: Vec<Item>,
    /// The report's container: the range of positions it covers.
    content: Option<(usize, usize)>,
    meta_title: Option<String>,
    page_title: Option<String>,
}

fn role_of(name: &str, element: &scraper::node::Element) -> Role {
    match name {
        "head" | "script" | "style" | "noscript" | "template" | "select" | "button"
        | "textarea" | "iframe" | "object" | "svg" | "math" | "input" | "option" => Role::Skipped,
        "table" => Role::Table,
        "tr" => Role::Row,
        "td" | "th" => Role::Cell,
        "h1" | "h2" | "h3" => Role::TitleBlock,
        "p" | "div" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl" | "dt" | "dd"
        | "blockquote" | "pre" | "section" | "article" | "header" | "footer" | "nav" | "aside"
        | "main" | "address" | "center" | "form" | "fieldset" | "figure" | "figcaption" | "hr"
        | "body" | "html" | "caption" | "thead" | "tbody" | "tfoot" | "legend" | "details"
        | "summary" | "menu" => {
            let says_title = element
                .attr("class")
                .into_iter()
                .chain(element.id())
                .any(|v| v.to_ascii_lowercase().contains("title"));
            if says_title && matches!(name, "div" | "p" | "header" | "section") {
                Role::TitleBlock
            } else {
                Role::Block
            }
        }
        _ => Role::Inline,
    }
}

fn is_container(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "td"
            | "th"
            | "article"
            | "section"
            | "main"
            | "body"
            | "html"
            | "center"
            | "form"
            | "blockquote"
            | "table"
            | "tbody"
    )
}

/// Whether a line begins with a top-level heading marker: 「一、」…「十九、」.
fn is_numbered_heading(line: &str) -> bool {
    let line = line.trim_start_matches(|c: char| c.is_whitespace());
    let numerals = line
        .char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
        .take(3)
        .last();
    match numerals {
        Some((i, c)) => line[i + c.len_utf8()..].starts_with('、'),
        None => false,
    }
}

impl<'b> Walker<'b> {
    fn new(budget: &'b mut Budget) -> Walker<'b> {
        Walker {
            budget,
            position: 0,
            line: String::new(),
            line_at: 0,
            pending_space: None,
            items: Vec::new(),
            tables: Vec::new(),
            frames: Vec::new(),
            skipped: 0,
            titled: 0,
            pre: 0,
            flat_tables: 0,
            text_bytes: 0,
            first_heading: None,
            last_heading: 0,
            snapshot: Vec::new(),
            meta_title: None,
            page_title: None,
            in_title_element: false,
        }
    }

    fn walk(mut self, html: &Html) -> Result<Walked, HtmlError> {
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    self.position += 1;
                    match node.value() {
                        Node::Element(element) => self.open(element)?,
                        Node::Text(text) if self.in_title_element => {
                            let title = self.page_title.get_or_insert_with(String::new);
                            if title.len() < 1024 {
                                title.push_str(text);
                            }
                        }
                        Node::Text(text) if self.skipped == 0 => self.text(text)?,
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Node::Element(_) = node.value() {
                        self.close()?;
                    }
                }
            }
        }
        self.flush()?;
        // Tables left open cannot be: the tree closes every element.
        let content = self.first_heading.map(|first| {
            let last = self.last_heading;
            // The innermost container that holds every numbered heading.
            self.snapshot
                .iter()
                .rev()
                .find(|(_, close)| *close >= last)
                .copied()
                .unwrap_or((first, last))
        });
        Ok(Walked {
            items: self.items,
            content,
            meta_title: self.meta_title,
            page_title: self.page_title,
        })
    }

    fn open(&mut self, element: &scraper::node::Element) -> Result<(), HtmlError> {
        let name = element.name();
        if name == "title" && self.page_title.is_none() {
            self.in_title_element = true;
        }
        if name == "meta" && self.meta_title.is_none() {
            let key = element.attr("name").unwrap_or("");
            if key.eq_ignore_ascii_case("ArticleTitle") {
                self.meta_title = element.attr("content").map(|t| t.trim().to_owned());
            }
        }
        let mut role = role_of(name, element);
        if self.skipped > 0 {
            role = Role::Skipped;
        }
        if self.flat_tables > 0 && matches!(role, Role::Row | Role::Cell) {
            role = Role::Block;
        }
        if role == Role::Table && (self.flat_tables > 0 || self.tables.len() >= MAX_TABLE_NESTING) {
            role = Role::FlatTable;
        }
        if name == "br" && self.skipped == 0 {
            self.flush()?;
        }
        let pre = name == "pre" || name == "listing" || name == "xmp";
        if pre {
            self.flush()?;
            self.pre += 1;
        }
        match role {
            Role::Skipped => self.skipped += 1,
            Role::Block => self.flush()?,
            Role::FlatTable => {
                self.flush()?;
                self.flat_tables += 1;
            }
            Role::TitleBlock => {
                self.flush()?;
                self.titled += 1;
            }
            Role::Table => {
                self.flush()?;
                if let Some(outer) = self.tables.last_mut() {
                    // A table in a table: the outer one is for layout.
                    outer.layout = true;
                }
                self.tables.push(TableBuilder {
                    at: self.position,
                    items: Vec::new(),
                    rows: Vec::new(),
                    in_row: false,
                    layout: false,
                });
            }
            Role::Row => {
                self.flush()?;
                if let Some(table) = self.tables.last_mut() {
                    table.rows.push(Vec::new());
                    table.in_row = true;
                }
            }
            Role::Cell => {
                self.flush()?;
                if let Some(table) = self.tables.last_mut() {
                    if !table.in_row {
                        table.rows.push(Vec::new());
                        table.in_row = true;
                    }
                    let span = |attr: &str, max: usize| {
                        element
                            .attr(attr)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, max)
                    };
                    let start = table.items.len();
                    if let Some(row) = table.rows.last_mut() {
                        row.push(PendingCell {
                            items: start..start,
                            colspan: span("colspan", MAX_COLSPAN),
                            rowspan: span("rowspan", MAX_ROWSPAN),
                        });
                    }
                }
            }
            Role::Inline => {}
        }
        self.frames.push(Frame {
            role,
            pre,
            open: self.position,
            snapshot: None,
            container: is_container(name),
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), HtmlError> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        if let Some(k) = frame.snapshot {
            if let Some(entry) = self.snapshot.get_mut(k) {
                entry.1 = self.position;
            }
        }
        self.in_title_element = false;
        if frame.pre {
            self.flush()?;
            self.pre -= 1;
        }
        match frame.role {
            Role::Skipped => self.skipped -= 1,
            Role::Block => self.flush()?,
            Role::FlatTable => {
                self.flush()?;
                self.flat_tables -= 1;
            }
            Role::TitleBlock => {
                self.flush()?;
                self.titled -= 1;
            }
            Role::Table => {
                self.flush()?;
                if let Some(table) = self.tables.pop() {
                    self.finish_table(table)?;
                }
            }
            Role::Row => {
                self.flush()?;
                if let Some(table) = self.tables.last_mut() {
                    table.in_row = false;
                }
            }
            Role::Cell => {
                self.flush()?;
                if let Some(table) = self.tables.last_mut() {
                    let end = table.items.len();
                    if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                        cell.items.end = end;
                    }
                }
            }
            Role::Inline => {}
        }
        Ok(())
    }

    /// Appends a text node, collapsing ASCII whitespace as a browser does:
    /// a run of it is one space, or nothing when it holds a line break
    /// between two Chinese characters (a page's source wraps long lines).
    fn text(&mut self, text: &str) -> Result<(), HtmlError> {
        use crate::text::chars::is_cjk;
        for c in text.chars() {
            if self.pre > 0 {
                // Preformatted text (what LibreOffice writes for a plain
                // text file): its line breaks end lines, its spaces stay.
                match c {
                    '\n' => self.flush()?,
                    '\r' => {}
                    _ => {
                        if self.line.is_empty() {
                            self.line_at = self.position;
                        }
                        self.line.push(c);
                    }
                }
                continue;
            }
            if c.is_ascii_whitespace() {
                let brk = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || brk);
                continue;
            }
            match self.line.chars().next_back() {
                None => self.line_at = self.position,
                Some(last) => match self.pending_space {
                    Some(true) if is_cjk(last) && is_cjk(c) => {}
                    Some(_) => self.line.push(' '),
                    None => {}
                },
            }
            self.pending_space = None;
            self.line.push(c);
        }
        self.budget
            .check_text(self.text_bytes.saturating_add(self.line.len()))?;
        Ok(())
    }

    /// Ends the current line.
    fn flush(&mut self) -> Result<(), HtmlError> {
        self.pending_space = None;
        let trimmed = self.line.as_str();
        if trimmed.chars().all(char::is_whitespace) {
            self.line.clear();
            return Ok(());
        }
        self.budget.take_paragraph()?;
        let text = book_title_brackets(trimmed);
        self.line.clear();
        self.text_bytes += text.len() + 1;
        if is_numbered_heading(&text) {
            if self.first_heading.is_none() {
                self.first_heading = Some(self.line_at);
                let mut snapshot = Vec::new();
                for frame in self.frames.iter_mut().filter(|f| f.container) {
                    frame.snapshot = Some(snapshot.len());
                    snapshot.push((frame.open, usize::MAX));
                }
                self.snapshot = snapshot;
            }
            self.last_heading = self.line_at;
        }
        let item = Item::Line {
            text,
            at: self.line_at,
            titled: self.titled > 0,
        };
        match self.tables.last_mut() {
            Some(table) => table.items.push(item),
            None => self.items.push(item),
        }
        Ok(())
    }

    /// A table is closed: a data table becomes a grid, a layout table the
    /// items it holds.
    fn finish_table(&mut self, mut table: TableBuilder) -> Result<(), HtmlError> {
        let cells: usize = table.rows.iter().map(Vec::len).sum();
        let long_line = table.items.iter().any(|item| match item {
            Item::Line { text, .. } => text.chars().count() >= LAYOUT_LINE_CHARS,
            Item::Table { .. } => true,
        });
        let many_lines = table
            .rows
            .iter()
            .flatten()
            .any(|cell| cell.items.len() > LAYOUT_CELL_LINES);
        let layout = table.layout || cells <= 1 || long_line || many_lines;
        let items = if layout {
            std::mem::take(&mut table.items)
        } else {
            let grid = self.grid(&table)?;
            vec![Item::Table { grid, at: table.at }]
        };
        match self.tables.last_mut() {
            Some(outer) => outer.items.extend(items),
            None => self.items.extend(items),
        }
        Ok(())
    }

    /// The rows of a data table, spans resolved: a cell spanning rows is in
    /// its first row only, and pushes the cells of the rows below it right.
    fn grid(&mut self, table: &TableBuilder) -> Result<Vec<Vec<WordCell>>, HtmlError> {
        // For each column, the first row (0-based) no longer covered by a
        // cell spanning rows from above.
        let mut covered_until: Vec<usize> = Vec::new();
        let mut grid = Vec::with_capacity(table.rows.len());
        for (r, row) in table.rows.iter().enumerate() {
            let mut cells = Vec::with_capacity(row.len());
            let mut column = 0usize;
            for cell in row {
                while covered_until.get(column).is_some_and(|&until| until > r) {
                    self.budget.take_table_cell()?;
                    column += 1;
                }
                for _ in 0..cell.colspan {
                    self.budget.take_table_cell()?;
                }
                let end = column + cell.colspan;
                if covered_until.len() < end {
                    covered_until.resize(end, 0);
                }
                for until in &mut covered_until[column..end] {
                    *until = r.saturating_add(cell.rowspan);
                }
                let text = table.items[cell.items.clone()]
                    .iter()
                    .filter_map(|item| match item {
                        Item::Line { text, .. } => Some(text.as_str()),
                        Item::Table { .. } => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                cells.push(WordCell {
                    text,
                    column: column + 1,
                    span: cell.colspan,
                });
                column = end;
            }
            grid.push(cells);
        }
        Ok(grid)
    }
}

/// 《本市贯彻<…>的意见》: angle brackets written with `&lt;` `&gt;` inside
/// a book title are the inner title marks 〈〉.
fn book_title_brackets(line: &str) -> String {
    if !line.contains(['<', '>']) {
        return line.to_owned();
    }
    let mut depth = 0usize;
    line.chars()
        .map(|c| match c {
            '《' => {
                depth += 1;
                c
            }
            '》' => {
                depth = depth.saturating_sub(1);
                c
            }
            '<' if depth > 0 => '〈',
            '>' if depth > 0 => '〉',
            _ => c,
        })
        .collect()
}

impl Walked {
    /// The report's lines and tables: those of its container, the title
    /// in front when it stands above the container.
    fn assemble(self, budget: &mut Budget) -> Result<(String, Vec<WordTable>), HtmlError> {
        let Walked {
            items,
            content,
            meta_title,
            page_title,
        } = self;
        let (from, to) = content.unwrap_or((0, usize::MAX));
        let start = items.partition_point(|item| item.at() < from);
        let end = items.partition_point(|item| item.at() <= to);
        let end = end.max(start);

        let first_lines: Vec<&str> = items[start..end]
            .iter()
            .filter_map(|item| match item {
                Item::Line { text, .. } => Some(text.as_str()),
                Item::Table { .. } => None,
            })
            .take(3)
            .collect();
        let title = content.and(
            items[..start]
                .iter()
                .rev()
                .find_map(|item| match item {
                    Item::Line {
                        text, titled: true, ..
                    } if looks_like_title(text) => Some(text.clone()),
                    _ => None,
                })
                .or(meta_title.filter(|t| looks_like_title(t)))
                .or_else(|| {
                    page_title
                        .map(|t| strip_site(&t))
                        .filter(|t| looks_like_title(t))
                }),
        );
        let title = title.filter(|t| {
            !first_lines
                .iter()
                .any(|line| line.contains(t.as_str()) || t.contains(line.trim()))
        });

        let mut out = String::new();
        let mut tables = Vec::new();
        let mut last_line: Option<Span> = None;
        let push_line = |out: &mut String, text: &str| {
            let start = out.len();
            out.push_str(text);
            let span = Span::new(start, out.len());
            out.push('\n');
            span
        };
        if let Some(title) = title {
            budget.check_text(title.len() + 1)?;
            last_line = Some(push_line(&mut out, &title));
        }
        let mut pending: Vec<Vec<Vec<WordCell>>> = Vec::new();
        for item in items.into_iter().take(end).skip(start) {
            match item {
                Item::Line { text, .. } => {
                    let span = push_line(&mut out, &text);
                    // A table before any line is placed at the first one.
                    for grid in pending.drain(..) {
                        tables.push(WordTable { anchor: span, grid });
                    }
                    last_line = Some(span);
                }
                Item::Table { grid, .. } => match last_line {
                    Some(anchor) => tables.push(WordTable { anchor, grid }),
                    None => pending.push(grid),
                },
            }
        }
        if !pending.is_empty() {
            // A page of tables only: their cells are its text.
            for grid in pending {
                let text = grid
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| c.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\t")
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let span = push_line(&mut out, &text);
                tables.push(WordTable { anchor: span, grid });
            }
        }
        budget.check_text(out.len())?;
        Ok((out, tables))
    }
}

/// A title is a line of some length with Chinese in it, not a breadcrumb.
fn looks_like_title(text: &str) -> bool {
    let han = text
        .chars()
        .filter(|&c| crate::text::chars::is_han(c))
        .count();
    let trimmed = text.trim();
    han >= 6
        && text.chars().count() <= 120
        && !trimmed.contains(['>', '»', '›'])
        && !trimmed.starts_with("当前位置")
        && !trimmed.starts_with("您的位置")
        && !trimmed.starts_with("您现在的位置")
}

/// The page's `<title>` without the site and column after it:
/// 「某局2023年法治政府建设年度报告_通知公告_某市人民政府」.
fn strip_site(title: &str) -> String {
    let title = title.trim();
    let cut = ["_", " - ", "－", "|", "—"]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .unwrap_or(title.len());
    title[..cut].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
