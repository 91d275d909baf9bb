//! The report's tables shown as `<table>`s: Word cells at their grid
//! columns, text tables lined up by their figures, and the cells findings
//! point at highlighted.

use super::marking::{id_list, mark, worst_of, CellOut};
use super::*;
use crate::document::Table;
use crate::text::span::Span;
use maud::{html, Markup, PreEscaped};

/// Where the cells of a row go: for each cell, the empty columns before
/// it and how many columns it spans (`None`: one), then the empty columns
/// after the last.
pub(super) struct RowLayout {
    pub(super) cells: Vec<(usize, Option<usize>)>,
    pub(super) trailing: usize,
}

/// The layout of each row of `table`.
///
/// A Word table's cells sit at their grid columns and span their
/// `w:gridSpan`; a column a row leaves out is a cell merged down from
/// above, shown empty. A table written in the text does not say which
/// columns a short row leaves out; its figures line up at the right, so a
/// row's last label cell (or, with no label, the space before its figures)
/// spans the columns its label does not fill.
pub(super) fn layout(table: &Table) -> Vec<RowLayout> {
    if table.in_word() {
        let grid = table
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.column + c.width.max(1) - 1))
            .max()
            .unwrap_or(1);
        return table
            .rows
            .iter()
            .map(|row| {
                let mut next = 1;
                let cells = row
                    .cells
                    .iter()
                    .map(|cell| {
                        let gap = cell.column.saturating_sub(next);
                        let width = cell.width.max(1);
                        next = cell.column + width;
                        (gap, (width > 1).then_some(width))
                    })
                    .collect();
                RowLayout {
                    cells,
                    trailing: (grid + 1).saturating_sub(next),
                }
            })
            .collect();
    }
    let width = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    table
        .rows
        .iter()
        .map(|row| {
            let spare = width.saturating_sub(row.cells.len());
            let cells = (0..row.cells.len())
                .map(|k| {
                    let gap = if k == 0 && !row.header && row.label_cells == 0 {
                        spare
                    } else {
                        0
                    };
                    let label = !row.header && k < row.label_cells;
                    let span =
                        (label && k + 1 == row.label_cells && spare > 0).then_some(spare + 1);
                    (gap, span)
                })
                .collect();
            RowLayout { cells, trailing: 0 }
        })
        .collect()
}

/// A table of the report with its marked cells. A cell that a finding
/// points at carries that finding's severity (`hit sev-error`), the
/// finding numbers (`data-f`) and their messages (`title`).
pub(super) fn table_view(report: &HtmlReport, table: &Table, cells: &[Vec<CellOut>]) -> Markup {
    let line = report.lines.position(report.text, table.span.start).line;
    html! {
        div.table-wrap {
            table.report-table data-line=(line) {
                @for ((row, outs), layout) in table.rows.iter().zip(cells).zip(layout(table)) {
                    tr class=[row.header.then_some("header")] {
                        @for (k, (out, &(gap, colspan))) in outs.iter().zip(&layout.cells).enumerate() {
                            @if gap > 0 {
                                td.merged colspan=(gap) {}
                            }
                            @let label = !row.header && k < row.label_cells;
                            @let hit = (!out.findings.is_empty()).then(|| {
                                let class = severity_class(worst_of(report, &out.findings));
                                let messages = out
                                    .findings
                                    .iter()
                                    .map(|&i| report.findings[i].message.as_str())
                                    .collect::<Vec<_>>()
                                    .join("\n");
                                (class, id_list(&out.findings), messages)
                            });
                            @let class = match (&hit, label) {
                                (Some((sev, _, _)), true) => Some(format!("hit {sev} label")),
                                (Some((sev, _, _)), false) => Some(format!("hit {sev}")),
                                (None, true) => Some("label".to_string()),
                                (None, false) => None,
                            };
                            @let list = hit.as_ref().map(|h| h.1.as_str());
                            @let title = hit.as_ref().map(|h| h.2.as_str());
                            @if row.header {
                                th class=[class] colspan=[colspan] data-f=[list] title=[title] { (PreEscaped(&out.html)) }
                            } @else {
                                td class=[class] colspan=[colspan] data-f=[list] title=[title] { (PreEscaped(&out.html)) }
                            }
                        }
                        @if layout.trailing > 0 {
                            td.merged colspan=(layout.trailing) {}
                        }
                    }
                }
            }
        }
    }
}

/// The tables shown: those written in the text, whose cells are in order
/// and do not overlap, and a Word document's, each after the paragraph
/// before it.
pub(super) fn shown_tables(report: &HtmlReport) -> Vec<usize> {
    let mut shown = Vec::new();
    let mut end = 0;
    for (i, table) in report.tables.iter().enumerate() {
        let inside = table.span.end <= report.text.len()
            && report.text.is_char_boundary(table.span.start)
            && report.text.is_char_boundary(table.span.end);
        if table.in_word() {
            // Shown after the paragraph before it.
            if inside && table.span.end >= end {
                shown.push(i);
                end = table.span.end;
            }
            continue;
        }
        if !inside || table.span.start < end {
            continue;
        }
        let cells_in_order = table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .try_fold(table.span.start, |at, c| {
                (c.span.start >= at && c.span.end >= c.span.start && c.span.end <= table.span.end)
                    .then_some(c.span.end)
            })
            .is_some();
        if cells_in_order && table.rows.iter().any(|r| !r.cells.is_empty()) {
            shown.push(i);
            end = table.span.end;
        }
    }
    shown
}

/// The tables of a report that a finding points at, with those cells
/// highlighted (the review page shows these, not the whole text).
pub fn flagged_tables(report: &HtmlReport) -> Markup {
    let shown: Vec<usize> = shown_tables(report)
        .into_iter()
        .filter(|&t| {
            let table = &report.tables[t];
            if let Some(k) = table.word {
                // Its spans are all the paragraph before it: only labels
                // that name one of its cells point at it.
                return report
                    .findings
                    .iter()
                    .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
                    .any(|label| label.cell.is_some_and(|c| c.table == k));
            }
            let cells: Vec<Span> = table
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.span))
                .filter(|s| !s.is_empty())
                .collect();
            report
                .findings
                .iter()
                .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
                .any(|label| {
                    let (s, e) = (label.span.start, label.span.end);
                    if s == e {
                        return table.span.start <= s && s < table.span.end;
                    }
                    let k = cells.partition_point(|c| c.end <= s);
                    cells.get(k).is_some_and(|c| c.start < e)
                })
        })
        .collect();
    if shown.is_empty() {
        return html! {};
    }
    let marked = mark(report, &shown, false);
    html! {
        div.flagged-tables {
            @for (k, &t) in shown.iter().enumerate() {
                @let table = &report.tables[t];
                @let line = report.lines.position(report.text, table.span.start).line;
                @if table.in_word() {
                    p.table-caption { "第 " (line) " 段之后的表格" }
                } @else {
                    p.table-caption { "第 " (line) " 行起的表格" }
                }
                (table_view(report, table, &marked.cells[k]))
            }
        }
    }
}
