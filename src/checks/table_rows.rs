//! `table-rows`: a table has the rows (by their labels) and column headers
//! its template has, and no row under an outdated label. A template whose
//! rows were deleted or renamed is one finding listing what is missing;
//! each outdated label (「规范性文件」 where the 2021 template says
//! 「行政规范性文件」) is one finding. Silent when the table is absent
//! (`table-present` reports that). A label or header that a PDF extraction
//! left outside the table's rows, as a line of the section, is not missing.

use super::table_select::{short, NameSpec, Named, TableSelector, TableSpec};
use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub table: TableSpec,
    /// Row labels the table must have.
    #[serde(default)]
    pub rows: Vec<NameSpec>,
    /// Words its header rows must have.
    #[serde(default)]
    pub headers: Vec<NameSpec>,
    /// Labels of an older template, with the label that replaced them.
    #[serde(default)]
    pub outdated: Vec<Outdated>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outdated {
    pub pattern: String,
    pub standard: String,
}

#[derive(Debug)]
pub struct TableRows {
    table: TableSelector,
    rows: Vec<Named>,
    headers: Vec<Named>,
    outdated: Vec<(crate::text::pattern::Pattern, String)>,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<TableRows, SpecError> {
    if params.rows.is_empty() && params.headers.is_empty() && params.outdated.is_empty() {
        return Err(SpecError::new(
            "kind",
            "`table-rows` needs `rows`, `headers` or `outdated`",
        ));
    }
    let outdated = params
        .outdated
        .into_iter()
        .map(|o| {
            crate::text::pattern::compile(&o.pattern)
                .map(|re| (re, o.standard))
                .map_err(|e| SpecError::new(o.pattern.clone(), e))
        })
        .collect::<Result<_, _>>()?;
    Ok(TableRows {
        table: TableSelector::compile(params.table, catalog)?,
        rows: Named::compile_all(params.rows)?,
        headers: Named::compile_all(params.headers)?,
        outdated,
    })
}

impl Check for TableRows {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(table) = self.table.select(cx) else {
            return;
        };
        let mut missing: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| {
                table.row(&r.pattern).is_none() && !r.pattern.is_match(&table.section_words)
            })
            .map(|r| r.name.as_str())
            .collect();
        let header_words = table.header_words();
        missing.extend(
            self.headers
                .iter()
                .filter(|h| {
                    !header_words.iter().any(|w| h.pattern.is_match(w))
                        && !h.pattern.is_match(&table.section_words)
                })
                .map(|h| h.name.as_str()),
        );
        if !missing.is_empty() {
            let quoted: Vec<String> = missing.iter().map(|m| format!("「{m}」")).collect();
            hits.push(
                Hit::new(
                    table.span,
                    format!("{}缺少{}项", self.table.name, missing.len()),
                )
                .var("table", &self.table.name)
                .var("count", missing.len().to_string())
                .var("missing", quoted.join("")),
            );
        }
        for (t, row) in &table.rows {
            if row.label_cells == 0 {
                continue;
            }
            let label = row.label();
            for (pattern, standard) in &self.outdated {
                // Each cell of the label on its own: 「规范性文件」 is outdated,
                // 「行政规范性文件」 is not.
                let Some(cell) = row.cells[..row.label_cells]
                    .iter()
                    .find(|c| pattern.is_match(c.matching().trim()))
                else {
                    continue;
                };
                let mut text = format!("应为「{standard}」");
                if t.in_word() {
                    text = format!("{}{}：{text}", self.table.name, t.place(row, cell));
                }
                hits.push(
                    Hit::new(cell.span, text)
                        .in_cell(t.cell_ref(row, cell))
                        .var("table", &self.table.name)
                        .var("found", short(&label))
                        .var("standard", standard),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    const RULE: &str = "kind: table-rows\ntable: {name: 表二, header: [信息内容]}\nrows: [规章, {name: 行政规范性文件, pattern: 规范性文件}]\nheaders: [本年制发件数]\noutdated: [{pattern: '^规范性文件$', standard: 行政规范性文件}]\n";

    #[test]
    fn missing_rows_and_headers_in_one_finding() {
        let hits = run_kind(RULE, "信息内容 | 现行有效件数\n规章 | 0\n");
        assert_eq!(hits.len(), 1);
        let var = |n: &str| hits[0].vars.iter().find(|v| v.0 == n).unwrap().1.clone();
        assert_eq!(var("missing"), "「行政规范性文件」「本年制发件数」");
        assert_eq!(var("count"), "2");
    }

    #[test]
    fn outdated_labels_but_not_the_current_ones() {
        let text = "信息内容 | 本年制发件数\n规章 | 0\n规范性文件 | 8\n";
        let hits = run_kind(RULE, text);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.text(text), "规范性文件");
        let good = "信息内容 | 本年制发件数\n规章 | 0\n行政规范性文件 | 8\n";
        assert!(run_kind(RULE, good).is_empty());
    }
}
