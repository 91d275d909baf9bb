//! The page layout model shared by the page formats (PDF and OFD): from
//! each page's positioned glyphs and ruling lines to the document's
//! paragraphs and tables.
//!
//! A reader turns its pages into [`PageGlyphs`] (points, `y` growing down
//! from the page's top-left corner) and calls [`lay_out_page`] on each,
//! then [`lay_out_document`] on them all:
//! - [`lay_out_page`]: ruled tables rebuilt ([`super::tables`]), the other
//!   glyphs grouped into lines ([`super::lines`]), lines and tables put in
//!   reading order;
//! - [`lay_out_document`]: page furniture taken off ([`super::furniture`]),
//!   tables broken by a page joined, lines rejoined into paragraphs
//!   ([`super::paragraphs`]), and the text written out one paragraph a
//!   line, each table anchored at the paragraph before it.
//!
//! Every step is a sort or one pass: O(n log n) in the glyphs and rules.

use super::furniture::{self, Furniture};
use super::glyphs::{Glyph, Rule};
use super::paragraphs::{self, Block, Item};
use super::tables::{self, PageTable};
use crate::input::docx::WordTable;
use crate::text::span::Span;

/// What one page shows, in points from its top-left corner (`y` grows
/// down the page).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageGlyphs {
    /// 1-based page number.
    pub number: usize,
    /// The page's size, in points.
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// One page laid out: its lines and tables, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidPage {
    pub items: Vec<Item>,
    pub tables: Vec<PageTable>,
}

/// A document laid out: one paragraph a line of `text`, and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    pub text: String,
    pub tables: Vec<WordTable>,
    pub pages: usize,
    pub furniture: Vec<Furniture>,
}

/// The text would be longer than the limit given to [`lay_out_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOverLimit;

/// Lays out one page: its tables (the glyphs in their cells leave the
/// flow), then its lines, in reading order.
pub fn lay_out_page(page: PageGlyphs) -> LaidPage {
    let PageGlyphs {
        number,
        mut glyphs,
        rules,
        ..
    } = page;
    let found = tables::find_tables(&rules, &mut glyphs, number);
    let lines = super::lines::build_lines(glyphs, number);
    let mut items: Vec<(f64, Item)> = lines
        .into_iter()
        .map(|l| (l.baseline, Item::Line(l)))
        .collect();
    // Page-local table indices; the document renumbers them.
    for (index, table) in found.iter().enumerate() {
        items.push((table.top, Item::Table(index)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    LaidPage {
        items: items.into_iter().map(|(_, item)| item).collect(),
        tables: found,
    }
}

/// Lays out a document from its pages in order: furniture off, tables
/// across pages joined, paragraphs rejoined, the text held to `limit`
/// bytes.
pub fn lay_out_document(pages: Vec<LaidPage>, limit: usize) -> Result<LaidOut, TextOverLimit> {
    let count = pages.len();
    let mut all_tables: Vec<PageTable> = Vec::new();
    let mut page_items: Vec<Vec<Item>> = Vec::with_capacity(count);
    for page in pages {
        let offset = all_tables.len();
        page_items.push(
            page.items
                .into_iter()
                .map(|item| match item {
                    Item::Table(t) => Item::Table(offset + t),
                    line => line,
                })
                .collect(),
        );
        all_tables.extend(page.tables);
    }
    let furniture = furniture::remove_furniture(&mut page_items);
    let merged = join_continued_tables(&mut page_items, &all_tables);
    let blocks = paragraphs::assemble(&page_items);
    let (text, tables) = write_text(&blocks, &all_tables, &merged, limit)?;
    Ok(LaidOut {
        text,
        tables,
        pages: count,
        furniture,
    })
}

/// A table that ends one page and one that starts the next, with the same
/// columns, are one table broken by the page: the second's rows are added
/// to the first, and the second leaves the flow. Returns, for each table,
/// the tables joined into it.
fn join_continued_tables(pages: &mut [Vec<Item>], tables: &[PageTable]) -> Vec<Vec<usize>> {
    let mut joined: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    let mut root: Vec<usize> = (0..tables.len()).collect();
    let mut open: Option<usize> = None;
    for page in pages.iter_mut() {
        if let (Some(into), Some(Item::Table(next))) = (open, page.first()) {
            let (a, b) = (&tables[into].columns, &tables[*next].columns);
            let same = a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| (x - y).abs() <= 2.0 * tables::SNAP);
            if same {
                joined[into].push(*next);
                root[*next] = into;
                page.remove(0);
            }
        }
        open = match page.last() {
            // Continue into the table the last one was joined to.
            Some(Item::Table(t)) => Some(root[*t]),
            _ => None,
        };
    }
    joined
}

/// The text (one paragraph a line) and the Word-like tables, each placed
/// at the paragraph before it (the first paragraph when none is).
fn write_text(
    blocks: &[Block],
    tables: &[PageTable],
    joined: &[Vec<usize>],
    limit: usize,
) -> Result<(String, Vec<WordTable>), TextOverLimit> {
    let mut text = String::new();
    let mut last_line: Option<Span> = None;
    let mut pending: Vec<(Option<Span>, usize)> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                let start = text.len();
                text.push_str(p);
                last_line = Some(Span::new(start, text.len()));
                if text.len() > limit {
                    return Err(TextOverLimit);
                }
            }
            Block::Table(t) => pending.push((last_line, *t)),
        }
    }
    let first = Span::new(0, text.find('\n').unwrap_or(text.len()));
    let word = pending
        .into_iter()
        .map(|(anchor, t)| {
            let mut grid = tables[t].grid.clone();
            for &more in &joined[t] {
                let mut rows = tables[more].grid.iter().cloned();
                // The first row on the new page redraws the cells merged
                // down from above it, empty: they continue those cells, and
                // a Word table leaves such continuations out of the row.
                if let Some(mut first) = rows.next() {
                    let keep = first
                        .iter()
                        .position(|c| !c.text.trim().is_empty())
                        .unwrap_or(0);
                    first.drain(..keep);
                    grid.push(first);
                }
                grid.extend(rows);
            }
            WordTable {
                anchor: anchor.unwrap_or(first),
                grid,
            }
        })
        .collect();
    Ok((text, word))
}
