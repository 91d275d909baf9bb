//! `table-present`: a table the report must have is there, found by its
//! place (the sections of a part) and/or by a row it has (its header or
//! caption). Silent when the part itself is missing: `required-part`
//! reports that.

use super::table_select::{TableSelector, TableSpec};
use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub table: TableSpec,
}

#[derive(Debug)]
pub struct TablePresent {
    table: TableSelector,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<TablePresent, SpecError> {
    Ok(TablePresent {
        table: TableSelector::compile(params.table, catalog)?,
    })
}

impl Check for TablePresent {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        if !self.table.part_present(cx) || self.table.select(cx).is_some() {
            return;
        }
        let doc = cx.doc;
        let span = match self.table.part().and_then(|p| cx.parts.first(p)) {
            Some(h) => doc.headings[h].span(),
            None => match doc
                .blocks
                .iter()
                .find(|b| b.span.start >= doc.body_span().start)
            {
                Some(b) => super::first_line(doc, b.span),
                None => return,
            },
        };
        hits.push(
            Hit::new(span, format!("此处应有{}", self.table.name)).var("table", &self.table.name),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    const RULE: &str = "kind: table-present\ntable: {name: 表二, header: [信息内容]}\n";

    #[test]
    fn finds_a_table_by_its_header() {
        assert!(run_kind(RULE, "一、情况\n信息内容 | 本年制发件数\n规章 | 0\n").is_empty());
        let hits = run_kind(RULE, "一、情况\n本年制发规章0件。\n");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].vars[0].1, "表二");
    }
}
