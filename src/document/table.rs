//! Tables: rows of cells with byte spans. Reports carry their statistics in
//! tables (the four tables of a 政府信息公开工作年度报告), and they reach
//! rl-lint in three shapes:
//! - plain text whose cells are separated by `|` (web pages converted to
//!   text, PDF extractions) or by tabs, Markdown pipe tables included
//!   ([`find_tables`]);
//! - Word tables, read by `crate::input::docx` and made tables by [`Table::from_word`]: their
//!   cells are not lines of the text, so their spans all point at the
//!   paragraph before the table and every cell carries its own text and its
//!   place (row, column) for the label.
//!
//! A row's leading text cells are its label (「三、本年度办理结果」
//! 「（一）予以公开」), the rest are its values. A row with no number at all is
//! a header row. A value is a number, a mark written for zero (「-」「—」「/」
//! 「无」) or empty: an empty cell is not a zero, and rules tell them apart.
//! Everything here is linear in the text.

use crate::input::docx::WordTable;
use crate::text::span::Span;

/// The value of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// Nothing written.
    Empty,
    /// A mark written in place of zero: 「-」「—」「/」「无」.
    ZeroMark,
    /// A number: `value / 10^scale` (「12.50」 is 1250 with scale 2).
    Number { value: i64, scale: u8 },
    /// Words.
    Text,
}

impl CellValue {
    pub fn parse(text: &str) -> CellValue {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if t.is_empty() {
            return CellValue::Empty;
        }
        if matches!(
            t,
            "-" | "—" | "——" | "－" | "–" | "/" | "／" | "无" | "\\" | "、"
        ) {
            return CellValue::ZeroMark;
        }
        parse_number(t).unwrap_or(CellValue::Text)
    }

    pub fn is_number(&self) -> bool {
        matches!(self, CellValue::Number { .. })
    }

    /// The whole number this cell stands for: a number without decimals,
    /// or 0 for a mark written for zero.
    pub fn integer(&self) -> Option<i64> {
        match self {
            CellValue::Number { value, scale: 0 } => Some(*value),
            CellValue::ZeroMark => Some(0),
            _ => None,
        }
    }
}

/// 「26」「-3」「1,234」「12.5」, with ASCII or full-width digits.
fn parse_number(t: &str) -> Option<CellValue> {
    let mut chars = t.chars().peekable();
    let negative = matches!(chars.peek(), Some('-' | '－'));
    if negative {
        chars.next();
    }
    let mut value: i64 = 0;
    let mut scale: u8 = 0;
    let mut digits = 0;
    let mut point = false;
    for c in chars {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            ',' if !point && digits > 0 => continue,
            '.' | '．' if !point && digits > 0 => {
                point = true;
                continue;
            }
            _ => return None,
        };
        value = value.checked_mul(10)?.checked_add(i64::from(digit))?;
        digits += 1;
        if point {
            scale = scale.checked_add(1)?;
        }
    }
    if digits == 0 || (point && scale == 0) {
        return None;
    }
    Some(CellValue::Number {
        value: if negative { -value } else { value },
        scale,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's words in the text; for a Word table, the paragraph before
    /// the table (the cell is not in the text).
    pub span: Span,
    /// The cell's text, trimmed: for quoting.
    pub text: String,
    /// The same in simplified characters, when the cell has traditional
    /// ones (「統計」): for matching, see [`Cell::matching`].
    pub simplified: Option<String>,
    /// Read from the simplified text (「無」 is 「无」, a mark for zero).
    pub value: CellValue,
    /// 1-based column in the table's grid (merged cells count their first
    /// column), for labels.
    pub column: usize,
    /// Grid columns the cell spans: 1 but for a Word cell merged across
    /// columns.
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
    /// How many leading cells are the row's label.
    pub label_cells: usize,
    /// No cell holds a number or a mark for zero: a header or caption row.
    pub header: bool,
    /// 1-based row number in the table, for labels.
    pub number: usize,
}

impl Cell {
    /// The text to match row labels and column headers against: the
    /// cell's text in simplified characters. Quote [`Cell::text`].
    pub fn matching(&self) -> &str {
        self.simplified.as_deref().unwrap_or(&self.text)
    }
}

impl Row {
    fn new(span: Span, cells: Vec<Cell>, number: usize) -> Row {
        let mut row = Row {
            span,
            cells,
            label_cells: 0,
            header: false,
            number,
        };
        row.classify();
        row
    }

    /// Header row or not, and how many cells are the label, from the
    /// cells' values.
    fn classify(&mut self) {
        let cells = &self.cells;
        self.header = !cells
            .iter()
            .any(|c| matches!(c.value, CellValue::Number { .. } | CellValue::ZeroMark));
        self.label_cells = if self.header {
            cells.len()
        } else {
            cells
                .iter()
                .take_while(|c| c.value == CellValue::Text)
                .count()
        };
    }

    /// The label cells joined, without spaces, as written: for quoting.
    pub fn label(&self) -> String {
        self.joined_label(|c| &c.text)
    }

    /// The label in simplified characters: what a rule names a row by
    /// (「三、本年度办理结果（一）予以公开」).
    pub fn matching_label(&self) -> String {
        self.joined_label(Cell::matching)
    }

    fn joined_label<'c>(&'c self, words: impl Fn(&'c Cell) -> &'c str) -> String {
        self.cells[..self.label_cells]
            .iter()
            .flat_map(|c| words(c).chars())
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect()
    }

    /// The cells after the label.
    pub fn values(&self) -> &[Cell] {
        &self.cells[self.label_cells..]
    }

    /// Where the label is: its cells, or the row's start when it has none.
    pub fn label_span(&self) -> Span {
        match (self.cells.first(), self.cells[..self.label_cells].last()) {
            (Some(first), Some(last)) if self.label_cells > 0 => {
                Span::new(first.span.start, last.span.end.max(first.span.start))
            }
            _ => self.span,
        }
    }
}

/// A cell of a Word table: the table's place in its document (from 0),
/// and the cell's 1-based row and grid column, as 「第3行第2列」 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef {
    pub table: usize,
    pub row: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// From the first row to the last; for a Word table, the paragraph
    /// before it.
    pub span: Span,
    pub rows: Vec<Row>,
    /// A Word table, the `k`th of its document (from 0): its cells are not
    /// in the text, so labels name them by row and column ([`CellRef`]).
    pub word: Option<usize>,
    /// Lines of the table that are not rows: Markdown delimiter rows.
    pub rule_lines: Vec<Span>,
}

/// A blank cell right after a row's label, in a column where no row of
/// the table has a figure, is part of the label: a label cell drawn in two
/// (a PDF's ruling splits 「（七）总计」 from the blank under 「1.属于国家秘密」)
/// or left unmerged. The row's figures then start where every other row's
/// do, and the blank is not read as a missing figure. One pass to find the
/// figure columns, one over the rows.
fn settle_labels(rows: &mut [Row]) {
    let figure_columns: std::collections::HashSet<usize> = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| matches!(c.value, CellValue::Number { .. } | CellValue::ZeroMark))
        .map(|c| c.column)
        .collect();
    for row in rows.iter_mut().filter(|r| !r.header && r.label_cells > 0) {
        while row
            .cells
            .get(row.label_cells)
            .is_some_and(|c| c.value == CellValue::Empty && !figure_columns.contains(&c.column))
        {
            row.label_cells += 1;
        }
    }
}

impl Table {
    /// The `k`th table of a Word document: every span is its anchor, the
    /// paragraph before it.
    pub fn from_word(k: usize, table: &WordTable) -> Table {
        let anchor = table.anchor;
        let rows = table
            .grid
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let cells = cells
                    .iter()
                    .map(|cell| {
                        let text = cell.text.trim().to_string();
                        Cell {
                            span: anchor,
                            value: CellValue::parse(&text),
                            text,
                            simplified: None,
                            column: cell.column,
                            width: cell.span.max(1),
                        }
                    })
                    .collect();
                Row::new(anchor, cells, i + 1)
            })
            .collect::<Vec<_>>();
        let mut rows = rows;
        settle_labels(&mut rows);
        Table {
            span: anchor,
            rows,
            word: Some(k),
            rule_lines: Vec::new(),
        }
    }

    /// A Word document's tables, in its order.
    pub fn all_from_word(tables: &[WordTable]) -> Vec<Table> {
        tables
            .iter()
            .enumerate()
            .map(|(k, t)| Table::from_word(k, t))
            .collect()
    }

    /// A document's tables (a `.docx`, an `.odt`, a web page): its own
    /// tables, and those written in its text as rows of `|` or tabs
    /// (paragraphs of a document can hold them too), in text order.
    pub fn all_of_document(word: &[WordTable], text: &str) -> Vec<Table> {
        let mut tables = Table::all_from_word(word);
        tables.extend(find_tables(text));
        tables.sort_by_key(|t| t.span.start);
        tables
    }

    /// Whether this is a table of a Word document, not written in the text.
    pub fn in_word(&self) -> bool {
        self.word.is_some()
    }

    /// Where a cell is, in words: 「第3行第2列」 (for Word tables, whose
    /// cells the report's positions cannot show).
    pub fn place(&self, row: &Row, cell: &Cell) -> String {
        format!("第{}行第{}列", row.number, cell.column)
    }

    /// A cell of a Word table, for a finding's label: what the pages need
    /// to mark the cell, which the label's span (the anchor) cannot say.
    /// `None` for a table in the text, whose cells have spans of their own.
    pub fn cell_ref(&self, row: &Row, cell: &Cell) -> Option<CellRef> {
        self.word.map(|table| CellRef {
            table,
            row: row.number,
            column: cell.column,
        })
    }

    /// Where the cell `at` names is in this table, as (row, cell) indexes
    /// into `rows` and its `cells`: the inverse of [`Table::cell_ref`].
    pub fn find_cell(&self, at: CellRef) -> Option<(usize, usize)> {
        if self.word != Some(at.table) {
            return None;
        }
        // A Word table's rows are numbered in order from 1.
        let r = at.row.checked_sub(1)?;
        let row = self.rows.get(r).filter(|row| row.number == at.row)?;
        let c = row.cells.iter().position(|c| c.column == at.column)?;
        Some((r, c))
    }

    /// The body rows (those with numbers).
    pub fn body(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| !r.header)
    }
}

/// Gives every cell with traditional characters its simplified text, and
/// reads its value from it (「無」 is a mark for zero), so that rules match
/// labels and headers of a report in traditional characters as they do a
/// simplified one; quotes stay on the original. `text_is_simplified`: the
/// report's text has nothing to convert, so its text tables have nothing
/// either (a Word table's cells are not in the text: always looked at).
pub fn simplify_cells(tables: &mut [Table], text_is_simplified: bool) {
    for table in tables
        .iter_mut()
        .filter(|t| t.in_word() || !text_is_simplified)
    {
        for row in &mut table.rows {
            let mut changed = false;
            for cell in &mut row.cells {
                if let std::borrow::Cow::Owned(simplified) =
                    crate::document::script::for_matching(&cell.text)
                {
                    cell.value = CellValue::parse(&simplified);
                    cell.simplified = Some(simplified);
                    changed = true;
                }
            }
            if changed {
                row.classify();
            }
        }
    }
}

/// A Markdown delimiter row: `|---|:--:|`.
fn is_delimiter_row(cells: &[(usize, usize)], line: &str) -> bool {
    !cells.is_empty()
        && cells.iter().all(|&(s, e)| {
            let c = line[s..e].trim();
            !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
        })
}

/// The cells of one line, as byte ranges of trimmed text within it, if the
/// line is written as a table row: cells split by `|` (an outer `|` at the
/// start or end of the line opens or closes the row) or by tabs.
fn split_row(line: &str) -> Option<(Vec<(usize, usize)>, bool)> {
    let separator = if line.contains('|') {
        '|'
    } else if line.contains('\t') {
        '\t'
    } else {
        return label_and_number(line).map(|cells| (cells, true));
    };
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if c == separator {
            cells.push((start, i));
            start = i + c.len_utf8();
        }
    }
    cells.push((start, line.len()));
    let trimmed = |&(s, e): &(usize, usize)| {
        let cell = &line[s..e];
        let lead = cell.len() - cell.trim_start().len();
        let inner = cell.trim();
        (s + lead, s + lead + inner.len())
    };
    let mut cells: Vec<(usize, usize)> = cells.iter().map(trimmed).collect();
    // `| a | b |`: the empty cells outside the outer pipes are not cells.
    if separator == '|' {
        if line.trim_start().starts_with('|') && cells.first().is_some_and(|&(s, e)| s == e) {
            cells.remove(0);
        }
        if line.trim_end().ends_with('|') && cells.last().is_some_and(|&(s, e)| s == e) {
            cells.pop();
        }
    }
    Some((cells, separator == '\t'))
}

/// A line of a PDF extraction whose cells lost their separators: a short
/// label of words and one figure, 「行政许可 97」. Read like a tab-separated
/// row (a neighbour row or its figure makes it one).
fn label_and_number(line: &str) -> Option<Vec<(usize, usize)>> {
    let is_plain = |c: char| crate::text::chars::is_han(c) || "（）()、".contains(c);
    // The label is the line's start up to its spaces, 4 to 12 plain
    // characters: a line that does not start so is no such row, found
    // from its first 13 characters instead of a search of the whole line.
    let plain = line.chars().take(13).take_while(|&c| is_plain(c)).count();
    let after = line.chars().nth(plain);
    if !(4..=12).contains(&plain) || !after.is_some_and(char::is_whitespace) {
        return None;
    }
    let trimmed = line.trim_end();
    let split = trimmed.rfind([' ', '\u{3000}'])?;
    let (label, number) = (trimmed[..split].trim_end(), trimmed[split..].trim_start());
    let words = label.chars().count();
    let plain = label.chars().all(is_plain);
    if !(4..=12).contains(&words) || !plain || !CellValue::parse(number).is_number() {
        return None;
    }
    let start = line.len() - line.trim_start().len();
    let number_start = trimmed.len() - number.len();
    Some(vec![(start, label.len()), (number_start, trimmed.len())])
}

/// Every table written in `text` as rows of `|`- or tab-separated cells.
/// A line is a row when it has at least two cells with words, or one with
/// words next to another row (a caption row 「第二十条第（一）项 | ||||」);
/// a tab-separated line also needs a neighbour row or a number, since Word
/// users align words with tabs. Consecutive rows form a table; Markdown
/// delimiter rows are skipped.
pub fn find_tables(text: &str) -> Vec<Table> {
    struct Candidate {
        span: Span,
        cells: Vec<(usize, usize)>,
        strong: bool,
        weak: bool,
        delimiter: bool,
    }
    let mut lines: Vec<Option<Candidate>> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let span = Span::new(start, start + body.len());
        start += line.len();
        let candidate = split_row(body).map(|(cells, tabs)| {
            let filled = cells.iter().filter(|&&(s, e)| s < e).count();
            let numeric = cells
                .iter()
                .any(|&(s, e)| CellValue::parse(&body[s..e]).is_number());
            let delimiter = is_delimiter_row(&cells, body);
            let strong = filled >= 2 && (!tabs || numeric);
            let weak = !strong && cells.len() >= 2 && (filled >= 1 || tabs && filled >= 2);
            Candidate {
                span,
                cells: cells
                    .into_iter()
                    .map(|(s, e)| (span.start + s, span.start + e))
                    .collect(),
                strong: strong || delimiter,
                weak,
                delimiter,
            }
        });
        lines.push(candidate);
    }
    // A weak line is a row only next to a strong one (directly, or through
    // other weak lines).
    let n = lines.len();
    let mut is_row = vec![false; n];
    for i in 0..n {
        is_row[i] = lines[i].as_ref().is_some_and(|c| c.strong);
    }
    for pass in 0..2 {
        let order: Vec<usize> = if pass == 0 {
            (0..n).collect()
        } else {
            (0..n).rev().collect()
        };
        for i in order {
            if is_row[i] || !lines[i].as_ref().is_some_and(|c| c.weak) {
                continue;
            }
            let before = i > 0 && is_row[i - 1];
            let after = i + 1 < n && is_row[i + 1];
            is_row[i] = before || after;
        }
    }
    let mut tables = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    let mut rule_lines: Vec<Span> = Vec::new();
    let finish = |rows: &mut Vec<Row>, rule_lines: &mut Vec<Span>, tables: &mut Vec<Table>| {
        if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            let span = Span::new(first.span.start, last.span.end);
            let mut rows = std::mem::take(rows);
            settle_labels(&mut rows);
            tables.push(Table {
                span,
                rows,
                word: None,
                rule_lines: std::mem::take(rule_lines),
            });
        }
        rule_lines.clear();
    };
    for (i, candidate) in lines.into_iter().enumerate() {
        match candidate {
            Some(c) if is_row[i] => {
                if c.delimiter {
                    rule_lines.push(c.span);
                    continue;
                }
                let cells = c
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(k, &(s, e))| {
                        let span = Span::new(s, e);
                        let words = span.text(text);
                        Cell {
                            span,
                            text: words.to_string(),
                            simplified: None,
                            value: CellValue::parse(words),
                            column: k + 1,
                            width: 1,
                        }
                    })
                    .collect();
                let number = current.len() + 1;
                current.push(Row::new(c.span, cells, number));
            }
            _ => finish(&mut current, &mut rule_lines, &mut tables),
        }
    }
    finish(&mut current, &mut rule_lines, &mut tables);
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The function before its early return, as it was.
    fn label_and_number_reference(line: &str) -> Option<Vec<(usize, usize)>> {
        let trimmed = line.trim_end();
        let split = trimmed.rfind([' ', '\u{3000}'])?;
        let (label, number) = (trimmed[..split].trim_end(), trimmed[split..].trim_start());
        let words = label.chars().count();
        let plain = label
            .chars()
            .all(|c| crate::text::chars::is_han(c) || "（）()、".contains(c));
        if !(4..=12).contains(&words) || !plain || !CellValue::parse(number).is_number() {
            return None;
        }
        let start = line.len() - line.trim_start().len();
        let number_start = trimmed.len() - number.len();
        Some(vec![(start, label.len()), (number_start, trimmed.len())])
    }

    #[test]
    fn label_and_number_returns_early_only_on_no_row() {
        let pieces = [
            "行政",
            "许可",
            "（一）",
            "、",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\t",
            "97",
            "1.5",
            "-",
            "a",
            "：",
            "%",
        ];
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = 1 + (seed % 9) as usize;
            let line: String = (0..n)
                .map(|k| pieces[((seed >> (5 * k)) % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(
                label_and_number(&line),
                label_and_number_reference(&line),
                "{line:?}"
            );
        }
        assert!(label_and_number("行政许可\u{a0} 97").is_some());
        assert!(label_and_number("行政许可 97").is_some());
    }
    use crate::input::docx::WordCell;

    #[test]
    fn values_are_numbers_marks_empty_or_text() {
        assert_eq!(
            CellValue::parse(" 26 "),
            CellValue::Number {
                value: 26,
                scale: 0
            }
        );
        assert_eq!(
            CellValue::parse("12.50"),
            CellValue::Number {
                value: 1250,
                scale: 2
            }
        );
        assert_eq!(
            CellValue::parse("-3"),
            CellValue::Number {
                value: -3,
                scale: 0
            }
        );
        assert_eq!(CellValue::parse("１２").integer(), Some(12));
        assert_eq!(CellValue::parse(""), CellValue::Empty);
        assert_eq!(CellValue::parse("—"), CellValue::ZeroMark);
        assert_eq!(CellValue::parse("—").integer(), Some(0));
        assert_eq!(CellValue::parse("自然人"), CellValue::Text);
        assert_eq!(CellValue::parse("1.属于国家秘密"), CellValue::Text);
        assert_eq!(CellValue::parse("2."), CellValue::Text);
        assert_eq!(CellValue::parse("99999999999999999999"), CellValue::Text);
    }

    #[test]
    fn pipe_rows_with_labels_headers_and_empty_cells() {
        let text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 8 | 0 | 18\n三、收到\n三、本年度办理结果 | （一）予以公开 | 26 |  |  | 26\n";
        let tables = find_tables(text);
        assert_eq!(tables.len(), 2);
        let first = &tables[0];
        assert_eq!(first.rows.len(), 3);
        assert!(first.rows[0].header);
        assert_eq!(first.rows[2].label(), "行政规范性文件");
        assert_eq!(first.rows[2].values()[2].text, "18");
        assert_eq!(first.rows[2].values()[2].span.text(text), "18");
        let row = &tables[1].rows[0];
        assert_eq!(row.label(), "三、本年度办理结果（一）予以公开");
        assert_eq!(row.values().len(), 4);
        assert_eq!(row.values()[1].value, CellValue::Empty);
    }

    #[test]
    fn markdown_tables_and_caption_rows() {
        let text = "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n\n第二十条第(一)项 | ||||\n规章 | 0 | 0 | 0 | |\n";
        let tables = find_tables(text);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[1].cells.len(), 2);
        assert_eq!(tables[1].rows.len(), 2);
        assert!(tables[1].rows[0].header);
        assert_eq!(tables[1].rows[0].label(), "第二十条第(一)项");
    }

    #[test]
    fn prose_with_a_stray_pipe_or_tabs_is_not_a_table() {
        assert!(find_tables("开展学法活动。 |\n|\n").is_empty());
        assert!(find_tables("某局\t2024年1月17日\n").is_empty());
        // A PDF extraction's 「label figure」 line; prose that ends in a
        // figure is not one.
        let pdf = find_tables("信息内容本年处理决定数量\n行政许可 97\n第二十条第（六）项\n");
        assert_eq!(pdf.len(), 1);
        assert_eq!(pdf[0].rows[0].label(), "行政许可");
        assert!(find_tables("涉及的行政诉讼数为\n0 件。\n截至 2024\n").is_empty());
        let tabs = find_tables("项目\t数量\n行政许可\t97\n");
        assert_eq!(tabs.len(), 1);
        assert_eq!(tabs[0].rows.len(), 2);
    }

    #[test]
    fn word_grids_name_cells_by_row_and_column() {
        let anchor = Span::new(0, 3);
        let table = Table::from_word(
            0,
            &WordTable {
                anchor,
                grid: vec![
                    vec![
                        WordCell::new("信息内容", 1),
                        WordCell::new("本年处理决定数量", 2),
                    ],
                    vec![WordCell::new("行政许可", 1), WordCell::new("97", 3)],
                ],
            },
        );
        let row = &table.rows[1];
        assert_eq!(row.values()[0].value.integer(), Some(97));
        assert_eq!(table.place(row, &row.values()[0]), "第2行第3列");
        assert!(table.in_word());
        // A cell's reference finds it again, in its own table only.
        let at = table.cell_ref(row, &row.values()[0]).expect("a Word cell");
        assert_eq!(table.find_cell(at), Some((1, 1)));
        let elsewhere = crate::document::table::CellRef { table: 1, ..at };
        assert_eq!(table.find_cell(elsewhere), None);
    }

    #[test]
    fn a_blank_in_a_label_column_belongs_to_the_label() {
        let grid = |total_blank: &str, first_figure: &str| WordTable {
            anchor: Span::new(0, 0),
            grid: vec![
                vec![
                    WordCell::new("（三）不予公开", 1),
                    WordCell::new("1.属于国家秘密", 2),
                    WordCell::new("0", 3),
                    WordCell::new("0", 4),
                ],
                vec![
                    WordCell::new("（七）总计", 1),
                    WordCell::new(total_blank, 2),
                    WordCell::new(first_figure, 3),
                    WordCell::new("0", 4),
                ],
            ],
        };
        // Column 2 holds labels only: its blank is the label's.
        let table = Table::from_word(0, &grid("", "95"));
        let total = &table.rows[1];
        assert_eq!(total.label_cells, 2);
        assert_eq!(total.label(), "（七）总计");
        assert_eq!(total.values()[0].value.integer(), Some(95));
        // A blank where other rows have figures is a missing figure.
        let mut missing = grid("", "0");
        missing.grid[1] = vec![
            WordCell {
                span: 2,
                ..WordCell::new("（七）总计", 1)
            },
            WordCell::new("", 3),
            WordCell::new("0", 4),
        ];
        let total = &Table::from_word(0, &missing).rows[1];
        assert_eq!(total.label_cells, 1);
        assert_eq!(total.values()[0].value, CellValue::Empty);
        // Text tables settle the same way.
        let text = find_tables("（三）不予公开 | 1.属于国家秘密 | 0\n（七）总计 |  | 95\n");
        assert_eq!(text[0].rows[1].values()[0].value.integer(), Some(95));
    }

    #[test]
    fn traditional_cells_match_in_simplified_and_quote_the_original() {
        let text = "某局2023年政府信息公開工作年度報告\n信息內容 | 本年新制發件數 | 現行有效件數\n行政規範性文件 | 無 | 3\n";
        let doc = crate::document::Document::parse(text, None);
        let table = &doc.tables[0];
        let row = &table.rows[1];
        assert_eq!(row.label(), "行政規範性文件");
        assert_eq!(row.matching_label(), "行政规范性文件");
        // 「無」 is 「无」, a mark written for zero: not part of the label.
        assert_eq!(row.label_cells, 1);
        assert_eq!(row.values()[0].value, CellValue::ZeroMark);
        assert_eq!(table.rows[0].cells[1].matching(), "本年新制发件数");
        assert_eq!(table.rows[0].cells[1].text, "本年新制發件數");
        // A simplified report's cells keep no copy.
        let doc = crate::document::Document::parse("行政规范性文件 | 无 | 3\n", None);
        assert!(doc.tables[0].rows[0]
            .cells
            .iter()
            .all(|c| c.simplified.is_none()));
        // A Word table's cells are converted whatever the text is.
        let mut tables = vec![Table::from_word(
            0,
            &WordTable {
                anchor: Span::new(0, 0),
                grid: vec![vec![
                    WordCell::new("申請", 1),
                    WordCell::new("無", 2),
                    WordCell::new("1", 3),
                ]],
            },
        )];
        simplify_cells(&mut tables, true);
        assert_eq!(tables[0].rows[0].matching_label(), "申请");
        assert_eq!(tables[0].rows[0].values()[0].value, CellValue::ZeroMark);
    }
}
