//! HTML for people who do not use a terminal: the checker page that
//! `rl-lint serve` shows (one report, its text with each finding
//! highlighted, the checklist of required parts, the findings) and the
//! review page of `--format html` (an overview of a folder of reports, a
//! chart of the most frequent problems, one section per report). Both are
//! built from the same pieces here, with maud, which escapes every value
//! it is given: report text never becomes markup.
//!
//! The review page is one self-contained file and is written as the
//! reports are done: [`review_start`], one [`review_section`] per report,
//! then [`review_end`] with the overview, which only needs a
//! [`ReviewRow`] per report. The stylesheet puts the overview first on
//! screen and on paper.

use crate::document::Table;
use crate::engine::finding::{Finding, Label, Severity};
use crate::engine::outline::{ChecklistItem, PartStatus};
use crate::packs::RuleSet;
use crate::text::span::{floor_char_boundary, LineIndex, Span};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;

/// The stylesheet of both pages (served by the checker, inlined in the
/// review page).
pub const STYLE: &str = include_str!("../server/assets/style.css");
/// The checker page's script: details of a finding on click, dropping a file.
pub const CHECKER_SCRIPT: &str = include_str!("../server/assets/checker.js");
/// The review page's script: sorting the overview table. The table reads
/// the same without it.
pub const REVIEW_SCRIPT: &str = include_str!("../server/assets/review.js");

/// The widest excerpt of a line shown around a finding, in characters on
/// each side of it.
const EXCERPT_CONTEXT: usize = 60;

/// One checked report, as the pages show it.
pub struct HtmlReport<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    /// Sorted by position.
    pub findings: &'a [Finding],
    pub checklist: &'a [ChecklistItem],
    /// Prefix of the element ids, unique within a page (`r3-`).
    pub ids: &'a str,
    /// The report's tables, shown as tables: those written in the text
    /// ([`crate::document::table::find_tables`]), or a Word document's
    /// (whose cells findings name by [`crate::document::table::CellRef`]).
    pub tables: &'a [Table],
}

/// 错误 / 警告 / 提示.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// ✓ / △ / ✗ and the words for it: a section or an item of its own is
/// what the rules require.
fn status_mark(status: PartStatus) -> (&'static str, &'static str, &'static str) {
    match status {
        PartStatus::Section => ("✓", "有专门部分", "ok"),
        PartStatus::Item => ("✓", "有专门的一项（如「二是……」）", "ok"),
        PartStatus::Heading => ("✓", "有写明此部分的标题", "ok"),
        PartStatus::Mentioned => ("△", "仅在其他部分提及", "partial"),
        PartStatus::Missing => ("✗", "缺少", "missing"),
    }
}

/// The rule's legal basis, by id.
pub struct Bases<'r>(HashMap<&'r str, &'r str>);

impl<'r> Bases<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Bases(
            rules
                .rules
                .iter()
                .map(|r| (r.id.as_str(), r.basis.as_str()))
                .collect(),
        )
    }

    fn of(&self, rule: &str) -> &'r str {
        self.0.get(rule).copied().unwrap_or("")
    }
}

/// Where a stretch of the text goes when it is shown.
#[derive(Clone, Copy)]
enum Dest {
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
struct CellOut {
    html: String,
    findings: Vec<usize>,
}

/// The text and its tables, marked: the runs of text between the tables
/// and every cell of the tables, each as HTML.
struct Marked {
    plain: Vec<String>,
    cells: Vec<Vec<Vec<CellOut>>>,
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
fn mark(report: &HtmlReport, tables: &[usize], text: bool) -> Marked {
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
fn worst_of(report: &HtmlReport, findings: &[usize]) -> Severity {
    findings
        .iter()
        .map(|&i| report.findings[i].severity)
        .min()
        .unwrap_or(Severity::Info)
}

/// 「0 3 4」: finding numbers for `data-f`.
fn id_list(findings: &[usize]) -> String {
    findings
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A run of the report's text, as preformatted text.
fn text_run(html: &str) -> Markup {
    // A browser drops the first line break right after `<pre>`: one more
    // keeps the text's own.
    let lead = if html.starts_with('\n') { "\n" } else { "" };
    html! { pre.text-run { (lead) (PreEscaped(html)) } }
}

/// Where the cells of a row go: for each cell, the empty columns before
/// it and how many columns it spans (`None`: one), then the empty columns
/// after the last.
struct RowLayout {
    cells: Vec<(usize, Option<usize>)>,
    trailing: usize,
}

/// The layout of each row of `table`.
///
/// A Word table's cells sit at their grid columns and span their
/// `w:gridSpan`; a column a row leaves out is a cell merged down from
/// above, shown empty. A table written in the text does not say which
/// columns a short row leaves out; its figures line up at the right, so a
/// row's last label cell (or, with no label, the space before its figures)
/// spans the columns its label does not fill.
fn layout(table: &Table) -> Vec<RowLayout> {
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
fn table_view(report: &HtmlReport, table: &Table, cells: &[Vec<CellOut>]) -> Markup {
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
fn shown_tables(report: &HtmlReport) -> Vec<usize> {
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

/// The checklist of parts: ✓ a section of its own, △ only mentioned,
/// ✗ missing; a missing part that no rule requires is only 「未写」.
pub fn checklist(items: &[ChecklistItem]) -> Markup {
    html! {
        ul.checklist {
            @for item in items {
                @let optional = !item.required;
                @let (mark, words, class) = if optional && item.status == PartStatus::Missing {
                    ("—", "未写（非必备）", "optional")
                } else {
                    status_mark(item.status)
                };
                li.(class) title=(words) {
                    span.mark { (mark) } " " (item.label)
                    @if let Some(place) = &item.place { span.where { " 第 " (place.line) " 行" } }
                    @else { span.where { " " (words) } }
                }
            }
        }
    }
}

/// The other places of a finding shown under it; the rest are counted.
const RELATED_SHOWN: usize = 3;

/// The line of a finding with its span marked, cut to a window around it.
pub fn excerpt(text: &str, lines: &LineIndex, finding: &Finding) -> Markup {
    excerpt_of(text, lines, finding.primary.span, finding.severity)
}

/// The excerpt of a label: the cell it names in a Word table of the
/// report (「表格第4行第3列：27」), whose words are not in the text, or its
/// line.
fn label_excerpt(report: &HtmlReport, label: &Label, severity: Severity) -> Markup {
    let cell = label.cell.and_then(|at| {
        report.tables.iter().find_map(|table| {
            let (r, c) = table.find_cell(at)?;
            Some((at, table.rows[r].cells[c].text.as_str()))
        })
    });
    match cell {
        Some((at, words)) => html! {
            span.excerpt {
                "表格第" (at.row) "行第" (at.column) "列："
                @if words.is_empty() { mark.(severity_class(severity)).pin { "⁁" } }
                @else { mark.(severity_class(severity)) { (words) } }
            }
        },
        None => excerpt_of(report.text, report.lines, label.span, severity),
    }
}

fn excerpt_of(text: &str, lines: &LineIndex, span: Span, severity: Severity) -> Markup {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end).max(start);
    let line = lines.line_of(start);
    let line_span = lines.line_span(text, line);
    let end = end.min(line_span.end.max(start));
    let before = &text[line_span.start.min(start)..start];
    let after = &text[end..line_span.end.max(end)];
    let before_cut = before.chars().count() > EXCERPT_CONTEXT;
    let before: String = if before_cut {
        let skip = before.chars().count() - EXCERPT_CONTEXT;
        before.chars().skip(skip).collect()
    } else {
        before.to_string()
    };
    let after_cut = after.chars().count() > EXCERPT_CONTEXT;
    let after: String = after.chars().take(EXCERPT_CONTEXT).collect();
    let marked = &text[start..end];
    let marked: String = if marked.chars().count() > 2 * EXCERPT_CONTEXT {
        let head: String = marked.chars().take(2 * EXCERPT_CONTEXT).collect();
        head + "…"
    } else {
        marked.to_string()
    };
    html! {
        span.excerpt {
            @if before_cut { "…" }
            (before)
            @if marked.is_empty() { mark.(severity_class(severity)).pin { "⁁" } }
            @else { mark.(severity_class(severity)) { (marked) } }
            (after)
            @if after_cut { "…" }
        }
    }
}

/// The findings in text order, each with its message, help and basis.
pub fn finding_list(report: &HtmlReport, bases: &Bases) -> Markup {
    let ids = report.ids;
    html! {
        @if report.findings.is_empty() {
            p.none { "未发现问题。" }
        } @else {
            ol.findings {
                @for (i, f) in report.findings.iter().enumerate() {
                    @let pos = report.lines.position(report.text, f.primary.span.start);
                    li.finding.(severity_class(f.severity)) id={(ids) "f" (i)} {
                        div.head {
                            span.sev { (severity_word(f.severity)) }
                            " "
                            a.where href={"#" (ids) "t" (i)} { "第 " (pos.line) " 行第 " (pos.column) " 列" }
                            " "
                            code.rule { (f.rule) }
                        }
                        p.message { (f.message) }
                        p.excerpt-line { (label_excerpt(report, &f.primary, f.severity)) }
                        @for related in f.related.iter().take(RELATED_SHOWN) {
                            p.excerpt-line.related {
                                @if related.cell.is_none() {
                                    span.where { "第 " (report.lines.position(report.text, related.span.start).line) " 行 " }
                                }
                                (label_excerpt(report, related, f.severity))
                            }
                        }
                        @if f.related.len() > RELATED_SHOWN {
                            p.more { "另有 " (f.related.len() - RELATED_SHOWN) " 处" }
                        }
                        @if !f.primary.text.is_empty() && f.primary.text != f.message {
                            p.label { (f.primary.text) }
                        }
                        @if !f.help.is_empty() { p.help { span.key { "修改建议：" } (f.help) } }
                        @let basis = bases.of(&f.rule);
                        @if !basis.is_empty() { p.basis { span.key { "依据：" } (basis) } }
                        @if !f.fix.is_empty() { p.fixable { "可自动修改" } }
                    }
                }
            }
        }
    }
}

/// Counts by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// The result of one report: the text with its findings beside the
/// checklist and the list of findings. The checker page's main part.
pub fn report_view(report: &HtmlReport, bases: &Bases) -> Markup {
    let (errors, warnings, infos) = counts(report.findings);
    html! {
        div.result {
            div.text-pane {
                h2 { (report.name) }
                p.totals {
                    span.sev-error { (errors) " 个错误" } "，"
                    span.sev-warning { (warnings) " 个警告" } "，"
                    span.sev-info { (infos) " 条提示" }
                }
                (marked_text(report))
            }
            aside.side-pane {
                h3 { "必备内容" }
                (checklist(report.checklist))
                h3 { "发现的问题（按原文顺序）" }
                (finding_list(report, bases))
            }
        }
    }
}

// ---------------------------------------------------------------- review page

/// What the overview keeps of one report.
pub struct ReviewRow {
    pub name: String,
    /// The section's anchor.
    pub id: String,
    /// The label of the report type it was checked as (「政府信息公开工作年度报告」),
    /// `None` for a report of no known type.
    pub report_type: Option<String>,
    /// Its required parts: the columns of its type's overview table.
    pub parts: Vec<(String, PartStatus)>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Its findings of the `layout` pack (版式), for a Word document; `None`
    /// for text, which has no layout.
    pub layout: Option<usize>,
    /// Why it could not be checked, instead of its findings.
    pub failed: Option<String>,
}

/// The rules that fired, and in how many reports.
#[derive(Default)]
pub struct ProblemCounts {
    /// rule id → (reports, findings)
    by_rule: HashMap<String, (usize, usize)>,
}

impl ProblemCounts {
    pub fn add(&mut self, findings: &[Finding]) {
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            let entry = self.by_rule.entry(f.rule.clone()).or_default();
            entry.1 += 1;
            if !seen.contains(&f.rule.as_str()) {
                seen.push(&f.rule);
                entry.0 += 1;
            }
        }
    }

    pub fn merge(&mut self, other: ProblemCounts) {
        for (rule, (reports, findings)) in other.by_rule {
            let entry = self.by_rule.entry(rule).or_default();
            entry.0 += reports;
            entry.1 += findings;
        }
    }

    /// The `n` rules found in most reports, then most findings, then by id.
    pub fn top(&self, n: usize) -> Vec<(&str, usize, usize)> {
        let mut all: Vec<(&str, usize, usize)> = self
            .by_rule
            .iter()
            .map(|(rule, &(reports, findings))| (rule.as_str(), reports, findings))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }
}

/// The start of the review page: everything before the first report.
pub fn review_start(title: &str) -> String {
    // The document is closed by `review_end`; maud builds whole elements,
    // so the open tags are written by hand here.
    let head = html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        title { (title) }
        style { (PreEscaped(STYLE)) }
    };
    format!(
        "{}<html lang=\"zh-CN\"><head>{}</head>\n<body class=\"review\"><div class=\"review-page\">\n<section id=\"reports\"><h2>各报告的问题</h2>\n",
        DOCTYPE.into_string(),
        head.into_string()
    )
}

/// One report's section of the review page.
/// `annotated`: where the report's copy with the findings as Word
/// comments was written (`--annotate-dir`), linked under its totals.
pub fn review_section(report: &HtmlReport, bases: &Bases, annotated: Option<&str>) -> String {
    let (errors, warnings, infos) = counts(report.findings);
    let id = report.ids.trim_end_matches('-');
    html! {
        section.report id=(id) {
            h3 { (report.name) }
            p.totals {
                span.sev-error { (errors) " 个错误" } "，"
                span.sev-warning { (warnings) " 个警告" } "，"
                span.sev-info { (infos) " 条提示" }
                " · " a href="#overview" { "回到总览" }
            }
            @if let Some(href) = annotated {
                p.fixes { a.download href=(href) { "下载带批注的 Word 文档" } }
            }
            (checklist(report.checklist))
            (flagged_tables(report))
            (finding_list(report, bases))
        }
    }
    .into_string()
        + "\n"
}

/// A report that could not be checked, as a section of the review page.
pub fn review_failed_section(id: &str, name: &str, error: &str) -> String {
    html! {
        section.report.failed id=(id) {
            h3 { (name) }
            p.error { "无法检查：" }
            pre.error-text { (error) }
        }
    }
    .into_string()
        + "\n"
}

/// A table of the overview: its report type, its part columns, its rows.
type OverviewGroup<'r> = (Option<&'r str>, Vec<&'r str>, Vec<&'r ReviewRow>);

/// The rows of the overview by report type: one group per type (and per
/// set of required parts, should two reports of a type differ), in the
/// order the types first come; and the reports that could not be checked.
fn overview_groups(rows: &[ReviewRow]) -> (Vec<OverviewGroup<'_>>, Vec<&ReviewRow>) {
    let mut groups: Vec<OverviewGroup> = Vec::new();
    let mut failed = Vec::new();
    for row in rows {
        if row.failed.is_some() {
            failed.push(row);
            continue;
        }
        let kind = row.report_type.as_deref();
        let parts: Vec<&str> = row.parts.iter().map(|(label, _)| label.as_str()).collect();
        match groups.iter_mut().find(|g| g.0 == kind && g.1 == parts) {
            Some(group) => group.2.push(row),
            None => groups.push((kind, parts, vec![row])),
        }
    }
    (groups, failed)
}

/// One overview table: a row per report, a column per required part.
fn overview_table(parts: &[&str], rows: &[&ReviewRow]) -> Markup {
    html! {
        table.overview {
            thead { tr {
                th data-sort="text" { "报告" }
                @for part in parts { th.part data-sort="text" { (part) } }
                th data-sort="number" { "错误" }
                th data-sort="number" { "警告" }
                th data-sort="number" title="layout 规则包：纸张、页边距、字体字号、页码（仅 Word 文档）" { "版式" }
            } }
            tbody {
                @for row in rows {
                    tr {
                        td { a href={"#" (row.id)} { (row.name) } }
                        @if let Some(error) = &row.failed {
                            // A cell per column, so that sorting keeps the columns.
                            @for (i, _) in parts.iter().enumerate() {
                                td.failed title=(error) { @if i == 0 { "无法检查" } @else { "—" } }
                            }
                            @if parts.is_empty() { td.failed title=(error) { "无法检查" } }
                            @else { td.num { "—" } }
                            td.num { "—" }
                            td.num { "—" }
                        } @else {
                            @for (_, status) in &row.parts {
                                @let (mark, words, class) = status_mark(*status);
                                td.(class) title=(words) { (mark) }
                            }
                            td.num.sev-error { (row.errors) }
                            td.num.sev-warning { (row.warnings) }
                            @match row.layout {
                                Some(n) => td.num title="版式问题" { (n) },
                                None => td.num title="纯文本没有版式" { "—" },
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The end of the review page: the overview tables and the chart (placed
/// first by the stylesheet), the script, the closing tags.
pub fn review_end(
    title: &str,
    rows: &[ReviewRow],
    problems: &ProblemCounts,
    rules: &RuleSet,
) -> String {
    let (mut groups, failed) = overview_groups(rows);
    // One type: one table, with the reports that could not be checked.
    let single = (groups.len() <= 1).then(|| {
        let (parts, mut members) = groups.pop().map(|g| (g.1, g.2)).unwrap_or_default();
        members.extend(&failed);
        (parts, members)
    });
    let summaries: HashMap<&str, String> = rules
        .rules
        .iter()
        .map(|r| (r.id.as_str(), super::rule_docs::summary(r)))
        .collect();
    let (errors, warnings) = rows
        .iter()
        .fold((0, 0), |(e, w), r| (e + r.errors, w + r.warnings));
    let overview = html! {
        header #overview {
            h1 { (title) }
            p.totals {
                "共 " (rows.len()) " 份报告；"
                span.sev-error { (errors) " 个错误" } "，"
                span.sev-warning { (warnings) " 个警告" } "。"
                "表头可点击排序。✓ 有专门部分，△ 仅在其他部分提及，✗ 缺少。"
            }
            @if let Some((parts, members)) = &single {
                (overview_table(parts, members))
            } @else {
                // Reports of different types have different parts: a
                // table per type.
                @for (kind, parts, members) in &groups {
                    h2.overview-type {
                        (kind.unwrap_or("未识别类型的报告（只按通用规则检查）"))
                        " · " (members.len()) " 份"
                    }
                    (overview_table(parts, members))
                }
                @if !failed.is_empty() {
                    h2.overview-type { "无法检查的报告 · " (failed.len()) " 份" }
                    (overview_table(&[], &failed))
                }
            }
        }
        section #chart {
            h2 { "最常见的问题" }
            (problem_chart(problems, &summaries, rows.len()))
        }
    };
    format!(
        "</section>\n{}\n</div>\n<script>{}</script>\n</body>\n</html>\n",
        overview.into_string(),
        REVIEW_SCRIPT
    )
}

/// A horizontal bar chart in SVG: the rules found in most reports.
fn problem_chart(
    problems: &ProblemCounts,
    summaries: &HashMap<&str, String>,
    reports: usize,
) -> Markup {
    let top = problems.top(12);
    if top.is_empty() {
        return html! { p.none { "未发现问题。" } };
    }
    let row_height = 34;
    let label_width = 430;
    let bar_width = 260;
    let height = row_height * top.len() + 10;
    let most = top.iter().map(|t| t.1).max().unwrap_or(1).max(1);
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" role="img" aria-label="最常见的问题"
            viewBox={"0 0 " (label_width + bar_width + 120) " " (height)}
            width=(label_width + bar_width + 120) height=(height) {
            @for (i, (rule, in_reports, findings)) in top.iter().enumerate() {
                @let y = i * row_height + 4;
                @let width = (bar_width * in_reports).div_ceil(most);
                @let summary = summaries.get(rule).map(String::as_str).unwrap_or("");
                @let summary: String = if summary.chars().count() > 26 {
                    summary.chars().take(25).collect::<String>() + "…"
                } else { summary.to_string() };
                g {
                    title { (rule) "：" (in_reports) " 份报告，共 " (findings) " 处" }
                    text x="0" y=(y + 12) font-size="12" fill="#555" { (rule) }
                    text x="0" y=(y + 27) font-size="13" fill="#222" { (summary) }
                    rect x=(label_width) y=(y + 6) width=(width) height="18" fill="#c0392b" {}
                    text x=(label_width + width + 6) y=(y + 20) font-size="13" fill="#222" {
                        (in_reports) "/" (reports) " 份（" (findings) " 处）"
                    }
                }
            }
        }
    }
}

/// A percent-encoded `data:` URL of a text, for a download link that
/// needs no script and no request to the server.
pub fn text_data_url(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let prefix = "data:text/plain;charset=utf-8,";
    // One pass, into a buffer sized for the worst case (every byte
    // escaped), with no allocation per byte.
    let mut url = Vec::with_capacity(prefix.len() + 3 * text.len());
    url.extend_from_slice(prefix.as_bytes());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(byte);
        } else {
            url.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        }
    }
    // Only ASCII was written.
    String::from_utf8(url).unwrap_or_default()
}

/// A `data:` URL of `bytes` of type `mime`, in base64: a download the
/// page carries itself (an annotated Word copy), nothing kept on the server.
pub fn bytes_data_url(mime: &str, bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut url = format!("data:{mime};base64,");
    url.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for k in 0..4 {
            if k <= chunk.len() {
                url.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                url.push('=');
            }
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::Label;

    #[test]
    fn bytes_become_base64() {
        let url = |b: &[u8]| bytes_data_url("x/y", b);
        assert_eq!(url(b""), "data:x/y;base64,");
        assert_eq!(url(b"f"), "data:x/y;base64,Zg==");
        assert_eq!(url(b"fo"), "data:x/y;base64,Zm8=");
        assert_eq!(url(b"foo"), "data:x/y;base64,Zm9v");
        assert_eq!(url(b"foob\xff"), "data:x/y;base64,Zm9vYv8=");
    }

    fn finding(start: usize, end: usize, severity: Severity, message: &str) -> Finding {
        Finding {
            rule: "x/y".into(),
            severity,
            message: message.into(),
            help: "help <b>".into(),
            primary: Label::new(Span::new(start, end), "label"),
            related: vec![],
            fix: vec![],
        }
    }

    fn view<'a>(text: &'a str, lines: &'a LineIndex, findings: &'a [Finding]) -> HtmlReport<'a> {
        HtmlReport {
            name: "a.txt",
            text,
            lines,
            findings,
            checklist: &[],
            ids: "",
            tables: &[],
        }
    }

    #[test]
    fn marks_overlapping_spans_with_the_worst_severity() {
        let text = "一二三四五六";
        let lines = LineIndex::new(text);
        let findings = [
            finding(0, 9, Severity::Warning, "w"),
            finding(6, 15, Severity::Error, "e"),
            finding(18, 18, Severity::Info, "i"),
        ];
        let html = marked_text(&view(text, &lines, &findings)).into_string();
        assert!(
            html.contains(r##"<a class="hl sev-warning" href="#f0" data-f="0">一二</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a class="hl sev-error" href="#f0" data-f="0 1">三</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a class="hl sev-error" href="#f1" data-f="1">四五</a>"##),
            "{html}"
        );
        assert!(html.contains(r#"class="hl pin sev-info""#), "{html}");
        // Every character of the text is there once, in order.
        let plain: String = regex::Regex::new("<[^>]*>|⁁")
            .unwrap()
            .replace_all(&html, "")
            .into();
        assert_eq!(plain, text);
    }

    #[test]
    fn marks_every_place_of_an_aggregated_finding() {
        let text = "甲,乙,丙";
        let lines = LineIndex::new(text);
        let mut f = finding(3, 4, Severity::Warning, "w");
        f.related.push(Label::new(Span::new(7, 8), "again"));
        let findings = [f];
        let html = marked_text(&view(text, &lines, &findings)).into_string();
        assert_eq!(
            html.matches(r##"<a class="hl sev-warning" href="#f0" data-f="0">,</a>"##)
                .count(),
            2,
            "{html}"
        );
        assert_eq!(html.matches("id=\"t0\"").count(), 1, "{html}");
    }

    #[test]
    fn escapes_report_text_everywhere() {
        let text = "<script>alert(1)</script>\"><img src=x onerror=alert(1)> javascript:alert(1)";
        let lines = LineIndex::new(text);
        let findings = [finding(0, 8, Severity::Error, "<i>msg</i>")];
        let report = view(text, &lines, &findings);
        let html = report_view(&report, &Bases(HashMap::new())).into_string();
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img"));
        // `javascript:` is text, never an attribute value that a browser follows.
        assert!(!html.contains("href=\"javascript"));
    }

    fn with_tables<'a>(
        text: &'a str,
        lines: &'a LineIndex,
        findings: &'a [Finding],
        tables: &'a [Table],
    ) -> HtmlReport<'a> {
        HtmlReport {
            tables,
            ..view(text, lines, findings)
        }
    }

    fn plain(html: &str) -> String {
        regex::Regex::new("<[^>]*>|⁁")
            .unwrap()
            .replace_all(html, "")
            .into()
    }

    const TABLE: &str =
        "前文<b>\n项目 | 自然人 | 总计\n一、本年新收 | 27 | 27\n（七）总计 | <i>2</i> | 26\n后文\n";

    #[test]
    fn tables_in_the_text_are_tables_with_the_flagged_cells_marked() {
        let text = TABLE;
        let lines = LineIndex::new(text);
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).unwrap().0;
        let cell = |needle: &str, nth: usize| {
            let s = at(needle, nth);
            Span::new(s, s + needle.len())
        };
        let mut f = finding(0, 0, Severity::Error, "自然人：27 ≠ 26");
        f.primary = Label::new(cell("27", 0), "27");
        f.related.push(Label::new(cell("<i>2</i>", 0), "2"));
        // A finding only on a separator, and one over a whole row.
        let sep = at(" | ", 0) + 1;
        let g = finding(sep, sep + 1, Severity::Warning, "竖线");
        let row = at("（七）", 0);
        let h = finding(row, at("26", 0) + 2, Severity::Info, "整行");
        let findings = [g, f, h];
        let mut findings = findings.to_vec();
        findings.sort_by_key(|f| f.primary.span.start);
        let tables = crate::document::table::find_tables(text);
        assert_eq!(tables.len(), 1);
        let html = marked_text(&with_tables(text, &lines, &findings, &tables)).into_string();
        // The text around the table stays text, escaped.
        assert!(
            html.contains("<pre class=\"text-run\">前文&lt;b&gt;\n</pre>"),
            "{html}"
        );
        assert!(
            html.contains("<pre class=\"text-run\">\n\n后文\n</pre>"),
            "{html}"
        );
        assert!(
            html.contains("<table class=\"report-table\" data-line=\"2\">"),
            "{html}"
        );
        assert!(!html.contains(" | "), "{html}");
        // The identity's cells carry its severity, number and message.
        let i = findings
            .iter()
            .position(|f| f.message.contains('≠'))
            .unwrap();
        assert!(
            html.contains(&format!(
                "<td class=\"hit sev-error\" data-f=\"{i}\" title=\"自然人：27 ≠ 26\"><span class=\"anchor\" id=\"t{i}\"></span><a class=\"hl sev-error\" href=\"#f{i}\" data-f=\"{i}\">27</a></td>"
            )),
            "{html}"
        );
        // A cell under two findings: the worse one colours it.
        let k = findings.iter().position(|f| f.message == "整行").unwrap();
        let both = id_list(&{
            let mut v = vec![i, k];
            v.sort();
            v
        });
        assert!(
            html.contains(&format!(
                "<td class=\"hit sev-error label\" data-f=\"{both}\""
            )),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;2&lt;/i&gt;"), "{html}");
        assert!(!html.contains("<i>"), "{html}");
        // The separator's finding is still there, as a mark in a cell.
        let j = findings.iter().position(|f| f.message == "竖线").unwrap();
        assert!(
            html.contains(&format!("<th class=\"hit sev-warning\" data-f=\"{j}\" title=\"竖线\"><a class=\"hl pin sev-warning\" id=\"t{j}\"")),
            "{html}"
        );
        // Every character but the separators is there once, in order.
        let expected = "前文<b>\n项目自然人总计一、本年新收2727（七）总计<i>2</i>26\n\n后文\n";
        let shown = plain(&html).replace("&lt;", "<").replace("&gt;", ">");
        assert_eq!(shown, expected);
    }

    #[test]
    fn the_review_page_shows_only_the_flagged_tables() {
        let text = format!("{TABLE}\n甲 | 1 | 2\n乙 | 3 | 4\n");
        let lines = LineIndex::new(&text);
        let tables = crate::document::table::find_tables(&text);
        assert_eq!(tables.len(), 2);
        let s = text.find("27").unwrap();
        let findings = [finding(s, s + 2, Severity::Error, "m")];
        let report = with_tables(&text, &lines, &findings, &tables);
        let html = flagged_tables(&report).into_string();
        assert_eq!(html.matches("<table").count(), 1, "{html}");
        assert!(html.contains("第 2 行起的表格"), "{html}");
        assert!(!html.contains("前文") && !html.contains("甲"), "{html}");
        assert!(html.contains("class=\"hit sev-error\""), "{html}");
        let none = with_tables(&text, &lines, &[], &tables);
        assert_eq!(flagged_tables(&none).into_string(), "");
    }

    /// Word cells sit at their grid columns and span their gridSpan; a
    /// column a row leaves out (merged down from above) is an empty cell.
    #[test]
    fn word_cells_keep_their_grid_columns_and_spans() {
        use crate::input::docx::{WordCell, WordTable};
        let wide = |text: &str, column, span| WordCell {
            text: text.into(),
            column,
            span,
        };
        let table = &Table::all_from_word(&[WordTable {
            anchor: Span::new(0, 0),
            grid: vec![
                vec![wide("一、本年新收", 1, 3), WordCell::new("26", 4)],
                vec![
                    WordCell::new("三、办理结果", 1),
                    wide("（一）予以公开", 2, 2),
                    WordCell::new("5", 4),
                ],
                vec![WordCell::new("（二）部分公开", 2), WordCell::new("0", 3)],
            ],
        }])[0];
        let rows: Vec<_> = layout(table)
            .into_iter()
            .map(|r| (r.cells, r.trailing))
            .collect();
        assert_eq!(
            rows,
            [
                (vec![(0, Some(3)), (0, None)], 0),
                (vec![(0, None), (0, Some(2)), (0, None)], 0),
                (vec![(1, None), (0, None)], 1),
            ]
        );
    }

    /// A Word table goes after the paragraph before it; a finding about
    /// one of its cells marks that cell (escaped like all report text),
    /// not the paragraph its span is.
    #[test]
    fn a_word_table_after_its_paragraph_with_the_named_cell_marked() {
        use crate::document::table::CellRef;
        use crate::input::docx::{WordCell, WordTable};
        let text = "三、收到申请\n正文。";
        let lines = LineIndex::new(text);
        let anchor = Span::new(0, "三、收到申请".len());
        let word = WordTable {
            anchor,
            grid: vec![
                vec![WordCell::new("项目", 1), WordCell::new("总计", 2)],
                vec![
                    WordCell::new("<script>x</script>", 1),
                    WordCell::new("27", 2),
                ],
            ],
        };
        let tables = Table::all_from_word(&[word]);
        let mut f = finding(anchor.start, anchor.end, Severity::Error, "不相等");
        let cell = CellRef {
            table: 0,
            row: 2,
            column: 2,
        };
        f.primary = Label::in_cell(anchor, "第2行第2列", Some(cell));
        let findings = [f];
        let report = with_tables(text, &lines, &findings, &tables);
        let html = marked_text(&report).into_string();
        assert!(html.starts_with("<div class=\"report-text\"><pre class=\"text-run\">三、收到申请</pre><div class=\"table-wrap\">"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("<td class=\"hit sev-error\" data-f=\"0\" title=\"不相等\"><span class=\"anchor\" id=\"t0\"></span><a class=\"hl sev-error\" href=\"#f0\" data-f=\"0\">27</a></td>"), "{html}");
        assert!(!html.contains("data-f=\"0\">三、收到申请"), "{html}");
        assert!(
            html.ends_with("</table></div><pre class=\"text-run\">\n\n正文。</pre></div>"),
            "{html}"
        );
    }

    #[test]
    fn spans_anywhere_in_and_around_tables_never_break_the_page() {
        let text = "一 | 1\n二 | 2\n三\n";
        let lines = LineIndex::new(text);
        let tables = crate::document::table::find_tables(text);
        for start in 0..=text.len() {
            for end in start..=text.len() + 2 {
                let findings = [finding(start, end, Severity::Error, "m")];
                let report = with_tables(text, &lines, &findings, &tables);
                let html = marked_text(&report).into_string();
                assert_eq!(
                    html.matches("id=\"t0\"").count(),
                    1,
                    "{start}..{end}: {html}"
                );
                let _ = flagged_tables(&report);
            }
        }
    }

    #[test]
    fn cuts_long_lines_in_excerpts() {
        let text = format!("{}错{}", "甲".repeat(200), "乙".repeat(200));
        let lines = LineIndex::new(&text);
        let f = finding(600, 603, Severity::Error, "m");
        let html = excerpt(&text, &lines, &f).into_string();
        assert!(html.contains("<mark class=\"sev-error\">错</mark>"));
        assert_eq!(html.matches('甲').count(), EXCERPT_CONTEXT);
        assert_eq!(html.matches('乙').count(), EXCERPT_CONTEXT);
        assert_eq!(html.matches('…').count(), 2);
    }

    #[test]
    fn data_urls_encode_everything_but_plain_ascii() {
        assert_eq!(
            text_data_url("a 一#%"),
            "data:text/plain;charset=utf-8,a%20%E4%B8%80%23%25"
        );
    }

    #[test]
    fn counts_problems_once_per_report() {
        let mut counts = ProblemCounts::default();
        counts.add(&[
            finding(0, 1, Severity::Error, "a"),
            finding(1, 2, Severity::Error, "b"),
        ]);
        counts.add(&[finding(0, 1, Severity::Error, "a")]);
        assert_eq!(counts.top(5), vec![("x/y", 2, 3)]);
    }
}
