//! Which table a table rule is about (`table:` in the rule), shared by the
//! table kinds. A table is found by its place (the sections of a part) and
//! by its rows (a pattern one of its rows matches, the header or caption).
//! Every table in the part's sections is read as one: a PDF extraction or a
//! template breaks one table into pieces (section 二 of a 政府信息公开工作年度报告
//! is four small tables), and rows are named by their labels anyway.

use super::{part_index, Context, SpecError};
use crate::document::{Cell, Row, Table};
use crate::schema::parts::PartCatalog;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// The table's name for messages (「表三」「收到和处理政府信息公开申请情况表」).
    pub name: String,
    /// The part whose top-level sections hold the table.
    #[serde(default)]
    pub part: Option<String>,
    /// Patterns one of which some row of the table (its words, cells joined)
    /// must match: its header or caption.
    #[serde(default)]
    pub header: Vec<String>,
    /// Names of the value columns (after the row labels), in order, for
    /// tables whose headers span several rows.
    #[serde(default)]
    pub columns: Vec<String>,
}

#[derive(Debug)]
pub struct TableSelector {
    pub name: String,
    part: Option<usize>,
    header: Vec<Pattern>,
    pub columns: Vec<String>,
}

/// The rows of the table a rule is about.
pub struct Selected<'d> {
    pub rows: Vec<(&'d Table, &'d Row)>,
    /// Where to label the table as a whole: its first row, or for a Word
    /// table the paragraph before it.
    pub span: Span,
    /// The words of the sections holding the table, without whitespace: a
    /// PDF extraction leaves header cells and broken row labels as lines of
    /// their own (「2.其他法律行政法规禁」「止公开」).
    pub section_words: String,
}

impl TableSelector {
    pub fn compile(spec: TableSpec, catalog: &PartCatalog) -> Result<TableSelector, SpecError> {
        if spec.part.is_none() && spec.header.is_empty() {
            return Err(SpecError::new(
                "table",
                "`table` needs `part` (where the table is), `header` (a row it has), or both",
            ));
        }
        let part = match &spec.part {
            Some(name) => Some(part_index(catalog, name)?),
            None => None,
        };
        Ok(TableSelector {
            name: spec.name,
            part,
            header: crate::text::pattern::compile_all(&spec.header)?,
            columns: spec.columns,
        })
    }

    /// The part the table belongs to, if the rule names one.
    pub fn part(&self) -> Option<usize> {
        self.part
    }

    /// Whether the part holding the table is in the report (always, for a
    /// table found by its header only).
    pub fn part_present(&self, cx: &Context) -> bool {
        self.part.is_none_or(|p| cx.parts.is_present(p))
    }

    /// The table in the report, if there is one.
    pub fn select<'d>(&self, cx: &'d Context) -> Option<Selected<'d>> {
        let doc = cx.doc;
        let regions: Vec<Span> = match self.part {
            Some(part) => cx.parts.sections[part]
                .iter()
                .map(|&h| doc.headings[h].section_span())
                .collect(),
            None => vec![Span::new(0, doc.text.len())],
        };
        let mut tables: Vec<&Table> = Vec::new();
        let mut section_words = String::new();
        for &region in &regions {
            tables.extend(doc.tables_in(region));
            if self.part.is_some() {
                section_words.extend(
                    region
                        .text(doc.matching())
                        .chars()
                        .filter(|c| !c.is_whitespace() && *c != '|'),
                );
            }
        }
        if !self.header.is_empty() {
            let matches = |t: &Table| {
                t.rows.iter().any(|r| {
                    let words: String = r.cells.iter().map(Cell::matching).collect();
                    self.header.iter().any(|h| h.is_match(&words))
                })
            };
            let first = tables.iter().position(|t| matches(t))?;
            tables.drain(..first);
            if self.part.is_none() {
                // Found by its header alone: that table and the pieces up
                // to the next top-level heading.
                let start = tables[0].span.start;
                let end = doc
                    .top_level()
                    .map(|(_, h)| h.marker_span.start)
                    .find(|&s| s > start)
                    .unwrap_or(doc.text.len());
                tables.retain(|t| t.span.start < end);
            }
        }
        let first = tables.first()?;
        let span = first.rows.first().map_or(first.span, |r| r.span);
        let rows = tables
            .iter()
            .flat_map(|t| t.rows.iter().map(move |r| (*t, r)))
            .collect();
        Some(Selected {
            rows,
            span,
            section_words,
        })
    }
}

impl<'d> Selected<'d> {
    /// The first row whose label matches `pattern`.
    pub fn row(&self, pattern: &Regex) -> Option<(&'d Table, &'d Row)> {
        self.rows
            .iter()
            .find(|(_, r)| r.label_cells > 0 && pattern.is_match(&r.matching_label()))
            .copied()
    }

    /// The header rows' words, each row's cells joined.
    pub fn header_words(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter(|(_, r)| r.header)
            .map(|(_, r)| r.cells.iter().map(Cell::matching).collect())
            .collect()
    }
}

/// A row or column named in a rule: a literal label (「行政许可」) or a
/// regex (`{name, pattern}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum NameSpec {
    Literal(String),
    Pattern { name: String, pattern: String },
}

#[derive(Debug)]
pub struct Named {
    pub name: String,
    pub pattern: Pattern,
}

impl Named {
    pub fn compile(spec: NameSpec) -> Result<Named, SpecError> {
        let (name, pattern) = match spec {
            NameSpec::Literal(name) => {
                let pattern = regex::escape(&name);
                (name, pattern)
            }
            NameSpec::Pattern { name, pattern } => (name, pattern),
        };
        let pattern =
            crate::text::pattern::compile(&pattern).map_err(|e| SpecError::new(pattern, e))?;
        Ok(Named { name, pattern })
    }

    pub fn compile_all(specs: Vec<NameSpec>) -> Result<Vec<Named>, SpecError> {
        specs.into_iter().map(Named::compile).collect()
    }
}

/// The text of a row label for messages: at most 20 characters.
pub fn short(label: &str) -> String {
    if label.chars().count() <= 20 {
        label.to_string()
    } else {
        let head: String = label.chars().take(20).collect();
        format!("{head}…")
    }
}
