//! `table-cell-format`: the figures of a table are what its template asks
//! for: non-negative whole numbers, or amounts (in rows matching `amounts`,
//! such as 「本年收费金额（单位：万元）」: non-negative, at most `decimals`
//! decimals). A mark written for zero (「-」「—」「/」) is accepted unless
//! `marks: false`; empty cells are accepted unless `empty: false`. One
//! finding per table, with the count and the first few cells.

use super::table_select::{short, NameSpec, Named, TableSelector, TableSpec};
use super::{Check, Context, Hit, SpecError};
use crate::document::{Cell, CellValue};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

fn yes() -> bool {
    true
}

fn two() -> u8 {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub table: TableSpec,
    /// Rows whose figures are amounts (by label, or a header row above them).
    #[serde(default)]
    pub amounts: Vec<NameSpec>,
    #[serde(default = "two")]
    pub decimals: u8,
    #[serde(default = "yes")]
    pub marks: bool,
    #[serde(default = "yes")]
    pub empty: bool,
    /// Places labelled in the finding.
    #[serde(default = "three")]
    pub show: usize,
}

fn three() -> usize {
    3
}

#[derive(Debug)]
pub struct TableCellFormat {
    table: TableSelector,
    amounts: Vec<Named>,
    decimals: u8,
    marks: bool,
    empty: bool,
    show: usize,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<TableCellFormat, SpecError> {
    Ok(TableCellFormat {
        table: TableSelector::compile(params.table, catalog)?,
        amounts: Named::compile_all(params.amounts)?,
        decimals: params.decimals,
        marks: params.marks,
        empty: params.empty,
        show: params.show.max(1),
    })
}

impl Check for TableCellFormat {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(table) = self.table.select(cx) else {
            return;
        };
        let mut bad = Vec::new();
        // Whether the rows under the last header row are amounts.
        let mut amount_block = false;
        for (t, row) in &table.rows {
            let words: String = row.cells.iter().map(Cell::matching).collect();
            let is_amount = self.amounts.iter().any(|a| a.pattern.is_match(&words));
            if row.header {
                amount_block = is_amount;
                continue;
            }
            let amount = is_amount || amount_block;
            for cell in row.values() {
                let ok = match &cell.value {
                    CellValue::Empty => self.empty,
                    CellValue::ZeroMark => self.marks,
                    CellValue::Number { value, scale } => {
                        *value >= 0 && (*scale == 0 || amount && *scale <= self.decimals)
                    }
                    CellValue::Text => false,
                };
                if !ok {
                    bad.push((*t, row, cell));
                }
            }
        }
        let Some(&(t, row, cell)) = bad.first() else {
            return;
        };
        let label = |t: &crate::document::Table,
                     row: &crate::document::Row,
                     cell: &crate::document::Cell| {
            let shown = if cell.text.is_empty() {
                "空".to_string()
            } else {
                cell.text.clone()
            };
            let mut text = format!("「{shown}」");
            if t.in_word() {
                text = format!("{}{}：{text}", self.table.name, t.place(row, cell));
            } else if row.label_cells > 0 {
                text = format!("{}：{text}", short(&row.label()));
            }
            text
        };
        let span = |row: &crate::document::Row, cell: &crate::document::Cell| {
            if cell.span.is_empty() {
                row.span
            } else {
                cell.span
            }
        };
        let found: Vec<String> = bad
            .iter()
            .take(self.show)
            .map(|(_, _, c)| format!("「{}」", c.text))
            .collect();
        let mut hit = Hit::new(span(row, cell), label(t, row, cell))
            .in_cell(t.cell_ref(row, cell))
            .var("table", &self.table.name)
            .var("count", bad.len().to_string())
            .var("found", found.join(""));
        for &(t, row, cell) in bad.iter().skip(1).take(self.show - 1) {
            hit = hit.related_cell(span(row, cell), label(t, row, cell), t.cell_ref(row, cell));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    const RULE: &str =
        "kind: table-cell-format\ntable: {name: 表二, header: [信息内容]}\namounts: [万元]\n";

    #[test]
    fn whole_numbers_marks_empty_and_amounts_pass() {
        let text = "信息内容 | 本年处理决定数量\n行政许可 | 97\n行政处罚 | —\n行政强制 | \n信息内容 | 本年收费金额（单位：万元）\n行政事业性收费 | 1.25\n";
        assert!(
            run_kind(RULE, text).is_empty(),
            "{:?}",
            run_kind(RULE, text)
        );
    }

    #[test]
    fn negative_fractional_and_words_are_one_finding() {
        let text =
            "信息内容 | 本年处理决定数量\n行政许可 | -1\n行政处罚 | 1.5\n行政强制 | 0 | 若干\n";
        let hits = run_kind(RULE, text);
        assert_eq!(hits.len(), 1);
        let var = |n: &str| hits[0].vars.iter().find(|v| v.0 == n).unwrap().1.clone();
        assert_eq!(var("count"), "3");
        assert_eq!(var("found"), "「-1」「1.5」「若干」");
        assert_eq!(hits[0].span.text(text), "-1");
    }
}
