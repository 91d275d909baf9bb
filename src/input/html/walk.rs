//! The parsed page walked once: blocks become lines and `<table>`s become
//! grids with their spans.

use super::content::Walked;
use super::*;
use crate::input::docx::{Budget, WordCell};
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// What the walk makes, in page order: lines and tables, each with the
/// walk's position where it starts (for finding the report's container).
pub(super) enum Item {
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
    pub(super) fn at(&self) -> usize {
        match self {
            Item::Line { at, .. } | Item::Table { at, .. } => *at,
        }
    }
}

/// A table being read: its items (lines and nested tables, in order) and
/// its cells, each a range of those items.
pub(super) struct TableBuilder {
    pub(super) at: usize,
    pub(super) items: Vec<Item>,
    pub(super) rows: Vec<Vec<PendingCell>>,
    pub(super) in_row: bool,
    pub(super) layout: bool,
}

pub(super) struct PendingCell {
    pub(super) items: std::ops::Range<usize>,
    pub(super) colspan: usize,
    pub(super) rowspan: usize,
}

/// What an open element is to the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
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

pub(super) struct Frame {
    pub(super) role: Role,
    /// A `pre`: whitespace is kept inside it.
    pub(super) pre: bool,
    /// The walk's position when it opened.
    pub(super) open: usize,
    /// Index into `Walker::snapshot` when this element is an ancestor of
    /// the first numbered heading.
    pub(super) snapshot: Option<usize>,
    /// Whether this element is a block container (a `div`, `td`,
    /// `article`…), which a report's content can be.
    pub(super) container: bool,
}

pub(super) struct Walker<'b> {
    pub(super) budget: &'b mut Budget,
    /// Counts every node opened: the position of items and elements.
    pub(super) position: usize,
    pub(super) line: String,
    pub(super) line_at: usize,
    /// Whitespace seen since the last character of the line: `Some(true)`
    /// when it held a line break.
    pub(super) pending_space: Option<bool>,
    /// Lines and tables outside any table being read.
    pub(super) items: Vec<Item>,
    pub(super) tables: Vec<TableBuilder>,
    pub(super) frames: Vec<Frame>,
    pub(super) skipped: usize,
    pub(super) titled: usize,
    /// Open `pre` elements.
    pub(super) pre: usize,
    /// Tables opened beyond [`MAX_TABLE_NESTING`], read as text.
    pub(super) flat_tables: usize,
    pub(super) text_bytes: usize,
    /// The first numbered heading's position and the last one's.
    pub(super) first_heading: Option<usize>,
    pub(super) last_heading: usize,
    /// The ancestors of the first numbered heading that are containers,
    /// outermost first: (position, where it closes).
    pub(super) snapshot: Vec<(usize, usize)>,
    pub(super) meta_title: Option<String>,
    pub(super) page_title: Option<String>,
    pub(super) in_title_element: bool,
}

pub(super) fn role_of(name: &str, element: &scraper::node::Element) -> Role {
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

pub(super) fn is_container(name: &str) -> bool {
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
pub(super) fn is_numbered_heading(line: &str) -> bool {
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
    pub(super) fn new(budget: &'b mut Budget) -> Walker<'b> {
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

    pub(super) fn walk(mut self, html: &Html) -> Result<Walked, HtmlError> {
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

    pub(super) fn open(&mut self, element: &scraper::node::Element) -> Result<(), HtmlError> {
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

    pub(super) fn close(&mut self) -> Result<(), HtmlError> {
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
    pub(super) fn text(&mut self, text: &str) -> Result<(), HtmlError> {
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
    pub(super) fn flush(&mut self) -> Result<(), HtmlError> {
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
    pub(super) fn finish_table(&mut self, mut table: TableBuilder) -> Result<(), HtmlError> {
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
    pub(super) fn grid(&mut self, table: &TableBuilder) -> Result<Vec<Vec<WordCell>>, HtmlError> {
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
pub(super) fn book_title_brackets(line: &str) -> String {
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
