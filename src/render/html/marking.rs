//! The report's text with its findings marked: each finding's span a link to
//! the finding, coloured by the most severe finding over it.

use super::tables::{shown_tables, table_view};
use super::*;
use crate::finding::Severity;
use crate::text::span::floor_char_boundary;
use maud::{html, Markup, PreEscaped};
use std::collections::HashMap;

/// Where a stretch of the text goes when it is shown.
#[derive(Clone, Copy)]
pub(super) enum Dest {
    /// Text outside the tables shown: the `k`th run of text.
    Plain(usize),
    /// A cell of a table shown: (table, row, cell).
    Cell(usize, usize, usize),
    /// Between the cells of a table (separators, Markdown delimiter rows):
    /// not shown; a finding that starts here is marked in this cell.
    Gap(usize, usize, usize),
    /// Not shown at all (the text around the tables on the review page).
    Skip,
}

/// What one cell of a table shown holds: its marked words, and the
/// findings over it.
#[derive(Default)]
pub(super) struct CellOut {
    pub(super) html: String,
    pub(super) findings: Vec<usize>,
}

/// The text and its tables, marked: the runs of text between the tables
/// and every cell of the tables, each as HTML.
pub(super) struct Marked {
    pub(super) plain: Vec<String>,
    pub(super) cells: Vec<Vec<Vec<CellOut>>>,
}

/// Marks the findings of `report` in its text. `tables` are the indexes
/// (into `report.tables`, in order) of the tables shown as tables: their
/// cells are marked one by one and the separators between them are left
/// out. With `text`, the rest of the text is marked too; without it, only
/// the tables are.
///
/// Each finding's span is a link to the finding, coloured by the most
/// severe finding over it; a finding over no text (something missing)
/// shows as a small mark where it belongs, and so does one that lies only
/// on separators of a table.
pub(super) fn mark(report: &HtmlReport, tables: &[usize], text: bool) -> Marked {
    let source = report.text;
    let ids = report.ids;
    // The text cut into stretches, each with where it goes.
    let mut regions: Vec<(usize, usize, Dest)> = Vec::new();
    let mut cells: Vec<Vec<Vec<CellOut>>> = Vec::new();
    let outside = |k: usize| if text { Dest::Plain(k) } else { Dest::Skip };
    let mut pos = 0;
    // Word tables by their place in the document, to find their cells.
    let mut word_tables: HashMap<usize, usize> = HashMap::new();
    for (t, &index) in tables.iter().enumerate() {
        let table = &report.tables[index];
        let blank = || -> Vec<Vec<CellOut>> {
            table
                .rows
                .iter()
                .map(|row| row.cells.iter().map(|_| CellOut::default()).collect())
                .collect()
        };
        if let Some(k) = table.word {
            // Its cells are not in the text: it goes after the paragraph
            // before it, and takes up none of the text.
            let at = table.span.end.max(pos);
            regions.push((pos, at, outside(t)));
            cells.push(blank());
            word_tables.insert(k, t);
            pos = at;
            continue;
        }
        regions.push((pos, table.span.start, outside(t)));
        let mut cursor = table.span.start;
        let mut last = (0, 0);
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                regions.push((cursor, cell.span.start, Dest::Gap(t, r, c)));
                regions.push((cell.span.start, cell.span.end, Dest::Cell(t, r, c)));
                cursor = cell.span.end;
                last = (r, c);
            }
        }
        regions.push((cursor, table.span.end, Dest::Gap(t, last.0, last.1)));
        cells.push(blank());
        pos = table.span.end;
    }
    regions.push((pos, source.len(), outside(tables.len())));
    let mut plain: Vec<String> = vec![String::new(); tables.len() + 1];
    // The stretches that are shown, to tell whether a finding that starts
    // between cells shows anywhere.
    let shown: Vec<(usize, usize)> = regions
        .iter()
        .filter(|(s, e, d)| s < e && matches!(d, Dest::Plain(_) | Dest::Cell(..)))
        .map(|&(s, e, _)| (s, e))
        .collect();
    let is_shown = |start: usize, end: usize| {
        let k = shown.partition_point(|&(_, e)| e <= start);
        shown.get(k).is_some_and(|&(s, _)| s < end)
    };

    // (start, end, finding, whether it is the finding's primary span):
    // an aggregated finding marks every place it names.
    let mut spans: Vec<(usize, usize, usize, bool)> = Vec::new();
    // (table, row, cell, finding, primary): labels about a cell of a Word
    // table shown.
    let mut in_word_cells: Vec<(usize, usize, usize, usize, bool)> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        let labels =
            std::iter::once((&f.primary, true)).chain(f.related.iter().map(|label| (label, false)));
        for (label, primary) in labels {
            let word_cell = label.cell.and_then(|cell| {
                let t = *word_tables.get(&cell.table)?;
                let (r, c) = report.tables[tables[t]].find_cell(cell)?;
                Some((t, r, c))
            });
            if let Some((t, r, c)) = word_cell {
                in_word_cells.push((t, r, c, i, primary));
                continue;
            }
            let start = floor_char_boundary(source, label.span.start);
            let end = floor_char_boundary(source, label.span.end).max(start);
            if primary || end > start {
                spans.push((start, end, i, primary));
            }
        }
    }
    // Each span is cut where another starts or ends, and so is each
    // stretch, so that every segment is covered by a known set of findings
    // and goes to one place.
    let mut cuts: Vec<usize> = spans.iter().flat_map(|&(s, e, _, _)| [s, e]).collect();
    cuts.extend(regions.iter().flat_map(|&(s, e, _)| [s, e]));
    cuts.push(0);
    cuts.push(source.len());
    cuts.sort_unstable();
    cuts.dedup();
    // Spans by start, to sweep the text once.
    spans.sort_unstable();
    let pin = |i: usize| {
        let f = &report.findings[i];
        html! {
            a.hl.pin.(severity_class(f.severity)) id={(ids) "t" (i)}
                href={"#" (ids) "f" (i)} data-f=(i) title=(f.message) { "⁁" }
        }
        .into_string()
    };
    let mut next = 0;
    let mut region = 0;
    let mut active: Vec<usize> = Vec::new();
    for window in cuts.windows(2) {
        let (from, to) = (window[0], window[1]);
        while region + 1 < regions.len() && regions[region].1 <= from {
            region += 1;
        }
        let dest = regions[region].2;
        let (out, cell) = match dest {
            Dest::Plain(k) => (Some(&mut plain[k]), None),
            Dest::Cell(t, r, c) | Dest::Gap(t, r, c) => {
                let cell = &mut cells[t][r][c];
                (Some(&mut cell.html), Some(&mut cell.findings))
            }
            Dest::Skip => (None, None),
        };
        let gap = matches!(dest, Dest::Gap(..));
        active.retain(|&k| spans[k].1 > from);
        let mut out = out;
        let mut cell = cell;
        while next < spans.len() && spans[next].0 <= from {
            let (start, end, i, primary) = spans[next];
            if start == end || (gap && primary && !is_shown(start, end)) {
                if let Some(out) = out.as_deref_mut() {
                    out.push_str(&pin(i));
                }
                if let Some(cell) = cell.as_deref_mut() {
                    cell.push(i);
                }
            } else {
                if primary {
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(&html! { span.anchor id={(ids) "t" (i)} {} }.into_string());
                    }
                }
                active.push(next);
            }
            next += 1;
        }
        let Some(out) = out else { continue };
        if gap {
            continue;
        }
        let piece = &source[from..to];
        if active.is_empty() {
            out.push_str(&html! { (piece) }.into_string());
            continue;
        }
        let mut covering: Vec<usize> = active.iter().map(|&k| spans[k].2).collect();
        covering.sort_unstable();
        covering.dedup();
        let worst = worst_of(report, &covering);
        let list = id_list(&covering);
        out.push_str(
            &html! {
                a.hl.(severity_class(worst)) href={"#" (ids) "f" (covering[0])} data-f=(list) { (piece) }
            }
            .into_string(),
        );
        if let Some(cell) = cell {
            cell.extend(covering);
        }
    }
    // Something missing at the very end of the text.
    if let Dest::Plain(k) = regions[regions.len() - 1].2 {
        for &(_, _, i, _) in &spans[next..] {
            plain[k].push_str(&pin(i));
        }
    }
    // The findings whose own place is a Word cell: the cell holds their
    // anchor, for the list's links.
    let mut anchored: HashMap<(usize, usize, usize), Vec<usize>> = HashMap::new();
    for &(t, r, c, i, primary) in &in_word_cells {
        cells[t][r][c].findings.push(i);
        if primary {
            anchored.entry((t, r, c)).or_default().push(i);
        }
    }
    for cell in cells.iter_mut().flatten().flatten() {
        cell.findings.sort_unstable();
        cell.findings.dedup();
    }
    for (t, &index) in tables.iter().enumerate() {
        let table = &report.tables[index];
        if !table.in_word() {
            continue;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let out = &mut cells[t][r][c];
                for &i in anchored.get(&(t, r, c)).into_iter().flatten() {
                    out.html
                        .push_str(&html! { span.anchor id={(ids) "t" (i)} {} }.into_string());
                }
                let words = html! {
                    @if out.findings.is_empty() {
                        (cell.text)
                    } @else {
                        a.hl.(severity_class(worst_of(report, &out.findings)))
                            href={"#" (ids) "f" (out.findings[0])} data-f=(id_list(&out.findings)) { (cell.text) }
                    }
                };
                out.html.push_str(&words.into_string());
            }
        }
    }
    Marked { plain, cells }
}

/// The most severe of these findings.
pub(super) fn worst_of(report: &HtmlReport, findings: &[usize]) -> Severity {
    findings
        .iter()
        .map(|&i| report.findings[i].severity)
        .min()
        .unwrap_or(Severity::Info)
}

/// 「0 3 4」: finding numbers for `data-f`.
pub(super) fn id_list(findings: &[usize]) -> String {
    findings
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A run of the report's text, as preformatted text.
pub(super) fn text_run(html: &str) -> Markup {
    // A browser drops the first line break right after `<pre>`: one more
    // keeps the text's own.
    let lead = if html.starts_with('\n') { "\n" } else { "" };
    html! { pre.text-run { (lead) (PreEscaped(html)) } }
}

/// The whole text, each finding's span a link to the finding, coloured by
/// the most severe finding over it; the tables written in it shown as
/// tables, with the cells that findings point at highlighted. Findings over
/// no text (something missing) show as a small mark where it belongs.
pub fn marked_text(report: &HtmlReport) -> Markup {
    let shown = shown_tables(report);
    let marked = mark(report, &shown, true);
    html! {
        div.report-text {
            @for (k, run) in marked.plain.iter().enumerate() {
                @if !run.is_empty() { (text_run(run)) }
                @if let Some(&t) = shown.get(k) {
                    (table_view(report, &report.tables[t], &marked.cells[k]))
                }
            }
        }
    }
}
