//! `date-window`: the date falls after the reported year ends
//! (`bound: period-end`) and no later than the publication deadline in the
//! following year (`bound: deadline`, inclusive). The deadline is the
//! configuration's `deadline`, else the rule's own, else the one the
//! report's type declares for the report's unit; with none, nothing is
//! checked.

use super::{Check, Context, Hit, SpecError};
use crate::document::date::parse_month_day;
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    PeriodEnd,
    Deadline,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub bound: Bound,
    /// `MM-DD` in the year after the reported one.
    #[serde(default)]
    pub deadline: Option<String>,
}

#[derive(Debug)]
pub struct DateWindow {
    bound: Bound,
    deadline: Option<(u32, u32)>,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<DateWindow, SpecError> {
    let deadline = match &params.deadline {
        None => None,
        Some(text) => Some(parse_month_day(text).ok_or_else(|| {
            SpecError::new(
                text.clone(),
                format!("`deadline` must be MM-DD, e.g. 04-01 (got `{text}`)"),
            )
        })?),
    };
    Ok(DateWindow {
        bound: params.bound,
        deadline,
    })
}

impl Check for DateWindow {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let (Some(date), Some(year)) = (&cx.doc.closing.date, cx.doc.year) else {
            return;
        };
        let reported = year.year;
        // `--year` can be any number: past i32::MAX - 1 there is no next year.
        let Some(next_year) = reported.checked_add(1) else {
            return;
        };
        let when = (date.year, date.month, date.day);
        let deadline = cx
            .deadline
            .or(self.deadline)
            .or(cx.type_deadline.map(|d| d.month_day));
        let (bad, label) = match (self.bound, deadline) {
            (Bound::PeriodEnd, _) => (when <= (reported, 12, 31), format!("{reported}年尚未结束")),
            (Bound::Deadline, Some((m, d))) => (
                when > (next_year, m, d),
                format!("晚于{next_year}年{m}月{d}日"),
            ),
            (Bound::Deadline, None) => return,
        };
        if bad {
            let (m, d) = deadline.unwrap_or((12, 31));
            let unit = cx.type_deadline.map_or("", |d| d.label.as_str());
            let hit = Hit::new(date.span, label)
                .var("deadline_for", unit)
                .var("date", date.standard_form())
                .var("year", reported.to_string())
                .var("next_year", next_year.to_string())
                .var("deadline", format!("{next_year}年{m}月{d}日"));
            hits.push(hit);
        }
    }
}
