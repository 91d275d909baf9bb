//! What was walked → the report: its content is the smallest block that
//! holds its numbered headings; the title is found above it, without the
//! site's name.

use super::walk::Item;
use super::*;
use crate::input::docx::{Budget, WordCell, WordTable};
use crate::text::span::Span;

/// The walk's result.
pub(super) struct Walked {
    pub(super) items: Vec<Item>,
    /// The report's container: the range of positions it covers.
    pub(super) content: Option<(usize, usize)>,
    pub(super) meta_title: Option<String>,
    pub(super) page_title: Option<String>,
}

impl Walked {
    /// The report's lines and tables: those of its container, the title
    /// in front when it stands above the container.
    pub(super) fn assemble(
        self,
        budget: &mut Budget,
    ) -> Result<(String, Vec<WordTable>), HtmlError> {
        let Walked {
            items,
            content,
            meta_title,
            page_title,
        } = self;
        let (from, to) = content.unwrap_or((0, usize::MAX));
        let start = items.partition_point(|item| item.at() < from);
        let end = items.partition_point(|item| item.at() <= to);
        let end = end.max(start);

        let first_lines: Vec<&str> = items[start..end]
            .iter()
            .filter_map(|item| match item {
                Item::Line { text, .. } => Some(text.as_str()),
                Item::Table { .. } => None,
            })
            .take(3)
            .collect();
        let title = content.and(
            items[..start]
                .iter()
                .rev()
                .find_map(|item| match item {
                    Item::Line {
                        text, titled: true, ..
                    } if looks_like_title(text) => Some(text.clone()),
                    _ => None,
                })
                .or(meta_title.filter(|t| looks_like_title(t)))
                .or_else(|| {
                    page_title
                        .map(|t| strip_site(&t))
                        .filter(|t| looks_like_title(t))
                }),
        );
        let title = title.filter(|t| {
            !first_lines
                .iter()
                .any(|line| line.contains(t.as_str()) || t.contains(line.trim()))
        });

        let mut out = String::new();
        let mut tables = Vec::new();
        let mut last_line: Option<Span> = None;
        let push_line = |out: &mut String, text: &str| {
            let start = out.len();
            out.push_str(text);
            let span = Span::new(start, out.len());
            out.push('\n');
            span
        };
        if let Some(title) = title {
            budget.check_text(title.len() + 1)?;
            last_line = Some(push_line(&mut out, &title));
        }
        let mut pending: Vec<Vec<Vec<WordCell>>> = Vec::new();
        for item in items.into_iter().take(end).skip(start) {
            match item {
                Item::Line { text, .. } => {
                    let span = push_line(&mut out, &text);
                    // A table before any line is placed at the first one.
                    for grid in pending.drain(..) {
                        tables.push(WordTable { anchor: span, grid });
                    }
                    last_line = Some(span);
                }
                Item::Table { grid, .. } => match last_line {
                    Some(anchor) => tables.push(WordTable { anchor, grid }),
                    None => pending.push(grid),
                },
            }
        }
        if !pending.is_empty() {
            // A page of tables only: their cells are its text.
            for grid in pending {
                let text = grid
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| c.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\t")
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let span = push_line(&mut out, &text);
                tables.push(WordTable { anchor: span, grid });
            }
        }
        budget.check_text(out.len())?;
        Ok((out, tables))
    }
}

/// A title is a line of some length with Chinese in it, not a breadcrumb.
pub(super) fn looks_like_title(text: &str) -> bool {
    let han = text
        .chars()
        .filter(|&c| crate::text::chars::is_han(c))
        .count();
    let trimmed = text.trim();
    han >= 6
        && text.chars().count() <= 120
        && !trimmed.contains(['>', '»', '›'])
        && !trimmed.starts_with("当前位置")
        && !trimmed.starts_with("您的位置")
        && !trimmed.starts_with("您现在的位置")
}

/// The page's `<title>` without the site and column after it:
/// 「某局2023年法治政府建设年度报告_通知公告_某市人民政府」.
pub(super) fn strip_site(title: &str) -> String {
    let title = title.trim();
    let cut = ["_", " - ", "－", "|", "—"]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .unwrap_or(title.len());
    title[..cut].trim().to_owned()
}
