//! `table-arithmetic`: identities between the figures of a table, written
//! in the rule: the sum of the `left` terms equals the sum of the `right`
//! terms. With `of: rows` the terms are rows (by label) and the identity
//! holds in every value column (the 勾稽关系 「第一项加第二项之和，等于第三项加
//! 第四项之和」); with `of: columns` the terms are columns (by name) and it
//! holds in every row that has them (「总计」 is the sum of the columns).
//!
//! Each failure is one finding that shows the numbers and where they are.
//! A mark written for zero counts as 0. An empty cell is not a number: the
//! identity is not checked where one of its cells is empty, unless
//! `empty: zero` (then an empty cell counts as 0, but a side whose cells
//! are all empty is still not checked). A term row that is not in the table
//! skips the identity (`table-rows` reports the row). Sums use checked
//! integer arithmetic; a cell that is not a whole number skips the check
//! (`table-cell-format` reports it).

use super::table_select::{short, NameSpec, Named, Selected, TableSelector, TableSpec};
use super::{Check, Context, Hit, SpecError};
use crate::document::{Cell, CellValue, Row, Table};
use crate::schema::parts::PartCatalog;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Terms {
    Rows,
    Columns,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Empty {
    #[default]
    Skip,
    Zero,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentitySpec {
    /// What the identity says, for messages (「第一项加第二项之和等于第三项加第四项之和」).
    pub name: String,
    pub of: Terms,
    pub left: Vec<NameSpec>,
    pub right: Vec<NameSpec>,
    #[serde(default)]
    pub empty: Empty,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub table: TableSpec,
    pub identities: Vec<IdentitySpec>,
}

#[derive(Debug)]
struct Identity {
    name: String,
    of: Terms,
    left: Vec<Named>,
    right: Vec<Named>,
    empty: Empty,
}

#[derive(Debug)]
pub struct TableArithmetic {
    table: TableSelector,
    identities: Vec<Identity>,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<TableArithmetic, SpecError> {
    if params.identities.is_empty() {
        return Err(SpecError::new(
            "identities",
            "`identities` must not be empty",
        ));
    }
    let table = TableSelector::compile(params.table, catalog)?;
    let identities = params
        .identities
        .into_iter()
        .map(|spec| {
            if spec.left.is_empty() || spec.right.is_empty() {
                return Err(SpecError::new(
                    spec.name.clone(),
                    format!(
                        "identity `{}` needs terms on both sides (`left`, `right`)",
                        spec.name
                    ),
                ));
            }
            Ok(Identity {
                name: spec.name,
                of: spec.of,
                left: Named::compile_all(spec.left)?,
                right: Named::compile_all(spec.right)?,
                empty: spec.empty,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(TableArithmetic { table, identities })
}

/// One term of an identity in one instance: its name, and its cell.
struct Term<'d> {
    name: String,
    table: &'d Table,
    row: &'d Row,
    cell: &'d Cell,
}

impl TableArithmetic {
    /// The value column of `row` that a column name stands for: by the
    /// rule's `columns`, else by the header row above `row` that names it.
    fn column_of<'d>(
        &self,
        selected: &Selected<'d>,
        row_index: usize,
        name: &Named,
    ) -> Option<&'d Cell> {
        let (_, row) = selected.rows[row_index];
        if let Some(k) = self
            .table
            .columns
            .iter()
            .position(|c| name.pattern.is_match(c))
        {
            return row.values().get(k);
        }
        let header = selected.rows[..row_index]
            .iter()
            .rev()
            .find(|(_, r)| r.header)?
            .1;
        let k = header
            .cells
            .iter()
            .position(|c| name.pattern.is_match(c.matching()))?;
        (k >= row.label_cells).then(|| row.cells.get(k)).flatten()
    }

    /// The column's name for messages.
    fn column_name(&self, selected: &Selected, row_index: usize, value_index: usize) -> String {
        let (_, row) = selected.rows[row_index];
        if let Some(name) = self.table.columns.get(value_index) {
            return name.clone();
        }
        let k = row.label_cells + value_index;
        selected.rows[..row_index]
            .iter()
            .rev()
            .find(|(_, r)| r.header)
            .and_then(|(_, h)| h.cells.get(k))
            .map(|c| c.text.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("第{}列", k + 1))
    }

    fn instances<'d>(
        &self,
        identity: &Identity,
        selected: &Selected<'d>,
    ) -> Vec<(String, Vec<Term<'d>>, Vec<Term<'d>>)> {
        let mut out = Vec::new();
        match identity.of {
            Terms::Rows => {
                let find = |names: &[Named]| -> Option<Vec<(String, usize)>> {
                    names
                        .iter()
                        .map(|n| {
                            selected
                                .rows
                                .iter()
                                .position(|(_, r)| {
                                    r.label_cells > 0
                                        && !r.header
                                        && n.pattern.is_match(&r.matching_label())
                                })
                                .map(|i| (n.name.clone(), i))
                        })
                        .collect()
                };
                let (Some(left), Some(right)) = (find(&identity.left), find(&identity.right))
                else {
                    return out;
                };
                let width = left
                    .iter()
                    .chain(&right)
                    .map(|&(_, i)| selected.rows[i].1.values().len())
                    .max()
                    .unwrap_or(0);
                let terms = |side: &[(String, usize)], k: usize| -> Option<Vec<Term<'d>>> {
                    side.iter()
                        .map(|(name, i)| {
                            let (table, row) = selected.rows[*i];
                            row.values().get(k).map(|cell| Term {
                                name: short(name),
                                table,
                                row,
                                cell,
                            })
                        })
                        .collect()
                };
                for k in 0..width {
                    if let (Some(l), Some(r)) = (terms(&left, k), terms(&right, k)) {
                        out.push((self.column_name(selected, left[0].1, k), l, r));
                    }
                }
            }
            Terms::Columns => {
                for (i, (table, row)) in selected.rows.iter().enumerate() {
                    if row.header {
                        continue;
                    }
                    let terms = |names: &[Named]| -> Option<Vec<Term<'d>>> {
                        names
                            .iter()
                            .map(|n| {
                                self.column_of(selected, i, n).map(|cell| Term {
                                    name: n.name.clone(),
                                    table,
                                    row,
                                    cell,
                                })
                            })
                            .collect()
                    };
                    if let (Some(l), Some(r)) = (terms(&identity.left), terms(&identity.right)) {
                        let label = row.label();
                        let place = if label.is_empty() {
                            format!("第{}行", row.number)
                        } else {
                            short(&label)
                        };
                        out.push((place, l, r));
                    }
                }
            }
        }
        out
    }
}

/// The sum of one side, `None` if it cannot be checked.
fn sum(terms: &[Term], empty: Empty) -> Option<i64> {
    if terms.iter().all(|t| t.cell.value == CellValue::Empty) {
        return None;
    }
    let mut total: i64 = 0;
    for t in terms {
        let value = match (&t.cell.value, empty) {
            (CellValue::Empty, Empty::Zero) => 0,
            (value, _) => value.integer()?,
        };
        total = total.checked_add(value)?;
    }
    Some(total)
}

/// 「34 + 2 = 36」, or 「35」 for one term.
fn equation(terms: &[Term], total: i64) -> String {
    let shown: Vec<String> = terms
        .iter()
        .map(|t| match t.cell.value {
            CellValue::Empty => "空".to_string(),
            _ => t.cell.text.clone(),
        })
        .collect();
    if shown.len() == 1 {
        shown[0].clone()
    } else {
        format!("{} = {total}", shown.join(" + "))
    }
}

impl Check for TableArithmetic {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(selected) = self.table.select(cx) else {
            return;
        };
        for identity in &self.identities {
            for (place, left, right) in self.instances(identity, &selected) {
                let (Some(l), Some(r)) = (sum(&left, identity.empty), sum(&right, identity.empty))
                else {
                    continue;
                };
                if l == r {
                    continue;
                }
                let where_is = |t: &Term| {
                    if t.table.in_word() {
                        format!("{}（{}）", t.name, t.table.place(t.row, t.cell))
                    } else {
                        t.name.clone()
                    }
                };
                let first = &left[0];
                let label = format!(
                    "{}：{} ≠ {}",
                    where_is(first),
                    equation(&left, l),
                    equation(&right, r)
                );
                let mut hit = Hit::new(cell_span(first), label)
                    .in_cell(first.table.cell_ref(first.row, first.cell))
                    .var("table", &self.table.name)
                    .var("identity", &identity.name)
                    .var("place", &place)
                    .var("left", equation(&left, l))
                    .var("right", equation(&right, r))
                    .var("left_sum", l.to_string())
                    .var("right_sum", r.to_string());
                for t in left[1..].iter().chain(&right) {
                    hit = hit.related_cell(
                        cell_span(t),
                        format!("{}：{}", where_is(t), t.cell.text),
                        t.table.cell_ref(t.row, t.cell),
                    );
                }
                hits.push(hit);
            }
        }
    }
}

/// Where to label a term: its cell, or the row when the cell is empty.
fn cell_span(t: &Term) -> Span {
    if t.cell.span.is_empty() {
        t.row.label_span()
    } else {
        t.cell.span
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    const RULE: &str = r#"kind: table-arithmetic
table: {name: 表三, header: [自然人], columns: [自然人, 商业企业, 总计]}
identities:
  - {name: 勾稽关系, of: rows, left: [本年新收, 上年结转], right: [总计, 结转下年度]}
  - {name: 总计, of: columns, left: [总计], right: [自然人, 商业企业], empty: zero}
"#;

    fn table(new: &str) -> String {
        format!("自然人 | 法人 | 总计\n一、本年新收 | {new}\n二、上年结转 | 2 | 0 | 2\n（七）总计 | 30 | 1 | 31\n四、结转下年度 | 4 |  | 4\n")
    }

    #[test]
    fn identities_that_hold() {
        assert!(run_kind(RULE, &table("32 | 1 | 33")).is_empty());
    }

    #[test]
    fn a_changed_figure_names_the_numbers() {
        let text = table("33 | 1 | 34");
        let hits = run_kind(RULE, &text);
        let var =
            |h: &super::super::Hit, n: &str| h.vars.iter().find(|v| v.0 == n).unwrap().1.clone();
        let messages: Vec<(String, String, String)> = hits
            .iter()
            .map(|h| (var(h, "place"), var(h, "left"), var(h, "right")))
            .collect();
        let expected: Vec<(String, String, String)> = vec![
            ("自然人".into(), "33 + 2 = 35".into(), "30 + 4 = 34".into()),
            ("总计".into(), "34 + 2 = 36".into(), "31 + 4 = 35".into()),
        ];
        assert_eq!(messages, expected);
        assert_eq!(hits[0].span.text(&text), "33");
        assert_eq!(hits[0].label, "本年新收：33 + 2 = 35 ≠ 30 + 4 = 34");
    }

    #[test]
    fn empty_cells_are_not_zeros_unless_the_rule_says_so() {
        // 四's 商业企业 is empty: the 勾稽关系 is not checked in that column
        // (it would fail), but the row sum counts it as 0 (and fails).
        let text = "自然人 | 法人 | 总计\n一、本年新收 | 32 | 5 | 37\n二、上年结转 | 2 | 0 | 2\n（七）总计 | 30 | 1 | 31\n四、结转下年度 | 4 |  | 8\n";
        let hits = run_kind(RULE, text);
        let places: Vec<&str> = hits
            .iter()
            .map(|h| h.vars.iter().find(|v| v.0 == "place").unwrap().1.as_str())
            .collect();
        assert_eq!(places, ["四、结转下年度"], "{hits:?}");
        assert_eq!(hits[0].label, "总计：8 ≠ 4 + 空 = 4");
    }

    #[test]
    fn overflow_and_missing_rows_skip() {
        let text = "自然人 | 法人 | 总计\n一、本年新收 | 9223372036854775807 | 1 | 1\n二、上年结转 | 1 | 0 | 1\n（七）总计 | 1 | 1 | 2\n";
        assert!(run_kind(RULE, text).is_empty());
    }
}
