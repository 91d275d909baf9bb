//! Tables from the lines a page draws. Reports set their statistics in
//! ruled tables; the page holds only the rules and the glyphs, so the grid
//! is rebuilt:
//!
//! 1. Rules whose vertical extents overlap (within [`SNAP`]) form one
//!    table; a group with fewer than two horizontal or two vertical rules
//!    is not a table (an underline, a frame around a paragraph).
//! 2. The distinct positions of its vertical rules are the column
//!    boundaries, those of its horizontal rules the row boundaries.
//! 3. Neighbouring grid slots not separated by a drawn rule are one cell
//!    (union-find), which gives row and column spans.
//! 4. Each glyph goes to the cell its centre is in (binary search on the
//!    boundaries); a cell's glyphs are read like a small page
//!    ([`super::lines::build_lines`]) and its lines joined, so a header
//!    written over several lines, or vertically one character a line, is
//!    one cell's text.
//!
//! The cells are then laid out as Word's are ([`WordCell`]: a cell at its
//! first row and column, with its column span; the rows it covers below
//! leave it out), so the document model reads them as it reads a .docx's.
//! A grid is at most [`MAX_GRID_SLOTS`] slots; a larger one is not built
//! (its glyphs are read as text).

use super::glyphs::{Glyph, Rule};
use super::lines::build_lines;
use crate::input::docx::WordCell;

/// Positions closer than this (in points) are the same boundary.
pub const SNAP: f64 = 2.0;
/// The most grid slots (rows × columns) one table may have.
pub const MAX_GRID_SLOTS: usize = 20_000;

/// A table found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTable {
    pub page: usize,
    /// Top and bottom edges.
    pub top: f64,
    pub bottom: f64,
    /// Column boundaries, left to right.
    pub columns: Vec<f64>,
    /// Rows of cells, as a Word table's.
    pub grid: Vec<Vec<WordCell>>,
}

struct Grid {
    ys: Vec<f64>,
    xs: Vec<f64>,
    /// For each slot, the index of its cell.
    cell_of: Vec<usize>,
    /// Each cell: first row, first column, last row, last column.
    cells: Vec<(usize, usize, usize, usize)>,
}

/// Finds the tables among `rules` and takes the glyphs in their cells out
/// of `glyphs`. Tables come back top to bottom.
pub fn find_tables(rules: &[Rule], glyphs: &mut Vec<Glyph>, page: usize) -> Vec<PageTable> {
    let grids = group_rules(rules)
        .into_iter()
        .filter_map(|group| build_grid(&group))
        .collect::<Vec<_>>();
    if grids.is_empty() {
        return Vec::new();
    }
    let mut cell_glyphs: Vec<Vec<Vec<Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut rest = Vec::with_capacity(glyphs.len());
    for glyph in glyphs.drain(..) {
        let (x, y) = glyph.centre();
        let found = grids
            .iter()
            .enumerate()
            .find_map(|(t, grid)| locate(grid, x, y).map(|cell| (t, cell)));
        match found {
            Some((t, cell)) => cell_glyphs[t][cell].push(glyph),
            None => rest.push(glyph),
        }
    }
    *glyphs = rest;
    grids
        .into_iter()
        .zip(cell_glyphs)
        .map(|(grid, glyphs)| {
            let texts: Vec<String> = glyphs.into_iter().map(|g| cell_text(g, page)).collect();
            let rows = grid.ys.len() - 1;
            let mut grid_rows: Vec<Vec<WordCell>> = vec![Vec::new(); rows];
            let mut order: Vec<usize> = (0..grid.cells.len()).collect();
            order.sort_by_key(|&i| (grid.cells[i].0, grid.cells[i].1));
            for i in order {
                let (r0, c0, _, c1) = grid.cells[i];
                grid_rows[r0].push(WordCell {
                    text: texts[i].clone(),
                    column: c0 + 1,
                    span: c1 - c0 + 1,
                });
            }
            PageTable {
                page,
                top: grid.ys[0],
                bottom: grid.ys[rows],
                columns: grid.xs,
                grid: grid_rows,
            }
        })
        .collect()
}

/// A cell's glyphs as text: its lines joined, without separators between
/// Chinese characters.
fn cell_text(glyphs: Vec<Glyph>, page: usize) -> String {
    let mut text = String::new();
    for line in build_lines(glyphs, page) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(text.chars().last()) && latin(line.text.chars().next()) {
            text.push(' ');
        }
        text.push_str(line.text.trim());
    }
    text
}

/// The cell of `grid` at a point, if the point is inside the grid.
fn locate(grid: &Grid, x: f64, y: f64) -> Option<usize> {
    let (ys, xs) = (&grid.ys, &grid.xs);
    if y < ys[0] || y > ys[ys.len() - 1] || x < xs[0] || x > xs[xs.len() - 1] {
        return None;
    }
    let r = ys.partition_point(|&v| v <= y).clamp(1, ys.len() - 1) - 1;
    let c = xs.partition_point(|&v| v <= x).clamp(1, xs.len() - 1) - 1;
    Some(grid.cell_of[r * (xs.len() - 1) + c])
}

/// Rules grouped by overlapping vertical extent, top to bottom.
fn group_rules(rules: &[Rule]) -> Vec<Vec<Rule>> {
    let mut sorted: Vec<Rule> = rules.to_vec();
    sorted.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut groups: Vec<Vec<Rule>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for rule in sorted {
        if rule.y0 > bottom + SNAP || groups.is_empty() {
            groups.push(Vec::new());
            bottom = f64::NEG_INFINITY;
        }
        bottom = bottom.max(rule.y1);
        if let Some(group) = groups.last_mut() {
            group.push(rule);
        }
    }
    groups
}

/// Distinct positions, snapped: each run of values within [`SNAP`] of the
/// one before is their mean.
fn boundaries(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    let mut run: Vec<f64> = Vec::new();
    for v in values {
        if run.last().is_some_and(|last| v - last > SNAP) {
            out.push(run.iter().sum::<f64>() / run.len() as f64);
            run.clear();
        }
        run.push(v);
    }
    if !run.is_empty() {
        out.push(run.iter().sum::<f64>() / run.len() as f64);
    }
    out
}

fn build_grid(rules: &[Rule]) -> Option<Grid> {
    let (horizontal, vertical): (Vec<Rule>, Vec<Rule>) =
        rules.iter().partition(|r| r.is_horizontal());
    let ys = boundaries(horizontal.iter().map(|r| r.y0).collect());
    let xs = boundaries(vertical.iter().map(|r| r.x0).collect());
    if ys.len() < 2 || xs.len() < 3 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows.checked_mul(cols).is_none_or(|n| n > MAX_GRID_SLOTS) {
        return None;
    }
    let index = |values: &[f64], v: f64| {
        let i = values.partition_point(|&b| b < v - SNAP);
        (i < values.len() && (values[i] - v).abs() <= SNAP).then_some(i)
    };
    // right[r * (cols + 1) + c]: a rule at column boundary c beside row r.
    let mut beside = vec![false; rows * (cols + 1)];
    for rule in &vertical {
        let Some(c) = index(&xs, rule.x0) else {
            continue;
        };
        let first = ys.partition_point(|&y| y < rule.y0 - SNAP);
        for r in first..rows {
            if ys[r + 1] > rule.y1 + SNAP {
                break;
            }
            beside[r * (cols + 1) + c] = true;
        }
    }
    // under[r * cols + c]: a rule at row boundary r above column c.
    let mut above = vec![false; (rows + 1) * cols];
    for rule in &horizontal {
        let Some(r) = index(&ys, rule.y0) else {
            continue;
        };
        let first = xs.partition_point(|&x| x < rule.x0 - SNAP);
        for c in first..cols {
            if xs[c + 1] > rule.x1 + SNAP {
                break;
            }
            above[r * cols + c] = true;
        }
    }
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !beside[r * (cols + 1) + c + 1] {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !above[(r + 1) * cols + c] {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let mut cell_index = vec![usize::MAX; rows * cols];
    let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut cell_of = vec![0; rows * cols];
    for (slot, owner) in cell_of.iter_mut().enumerate() {
        let root = find(&mut parent, slot);
        let (r, c) = (slot / cols, slot % cols);
        if cell_index[root] == usize::MAX {
            cell_index[root] = cells.len();
            cells.push((r, c, r, c));
        }
        let cell = &mut cells[cell_index[root]];
        cell.0 = cell.0.min(r);
        cell.1 = cell.1.min(c);
        cell.2 = cell.2.max(r);
        cell.3 = cell.3.max(c);
        *owner = cell_index[root];
    }
    // A frame with no inner rule is a box around text, not a table.
    if cells.len() < 2 {
        return None;
    }
    Some(Grid {
        ys,
        xs,
        cell_of,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }
    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.to_string(),
            x,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn spans_and_stacked_headers() {
        // 3 columns, 3 rows; the first column's top two slots are one cell
        // written vertically, and the top row's right two slots are merged.
        let rules = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 100.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            v(0.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(200.0, 20.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let mut glyphs = vec![
            glyph("申", 45.0, 15.0),
            glyph("请", 45.0, 30.0),
            glyph("合", 150.0, 15.0),
            glyph("计", 160.0, 15.0),
            glyph("1", 150.0, 35.0),
            glyph("2", 250.0, 35.0),
            glyph("3", 250.0, 55.0),
            glyph("外", 150.0, 100.0),
        ];
        let tables = find_tables(&rules, &mut glyphs, 1);
        assert_eq!(tables.len(), 1);
        assert_eq!(glyphs.len(), 1);
        let grid = &tables[0].grid;
        assert_eq!(grid.len(), 3);
        assert_eq!(
            grid[0],
            vec![
                WordCell::new("申请", 1),
                WordCell {
                    text: "合计".into(),
                    column: 2,
                    span: 2
                }
            ]
        );
        assert_eq!(grid[1], vec![WordCell::new("1", 2), WordCell::new("2", 3)]);
        assert_eq!(grid[2].len(), 3);
        assert_eq!(grid[2][2].text, "3");
    }

    #[test]
    fn a_frame_or_an_underline_is_no_table() {
        let frame = vec![
            h(0.0, 0.0, 100.0),
            h(50.0, 0.0, 100.0),
            v(0.0, 0.0, 50.0),
            v(100.0, 0.0, 50.0),
        ];
        let mut glyphs = vec![glyph("字", 40.0, 30.0)];
        assert!(find_tables(&frame, &mut glyphs, 1).is_empty());
        assert_eq!(glyphs.len(), 1);
        assert!(find_tables(&[h(0.0, 0.0, 100.0)], &mut glyphs, 1).is_empty());
    }
}
