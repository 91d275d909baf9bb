//! `date-present`: the report ends with a date (成文日期) under the signer.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What the rule reports.
    #[serde(default)]
    pub report: Report,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// No date at the end (the default).
    #[default]
    Missing,
    /// A date above the signer instead of under it.
    Order,
}

#[derive(Debug)]
pub struct DatePresent {
    report: Report,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<DatePresent, SpecError> {
    Ok(DatePresent {
        report: params.report,
    })
}

impl Check for DatePresent {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let closing = &cx.doc.closing;
        if self.report == Report::Order {
            if let (true, Some(date), Some(signer)) =
                (closing.date_above_signer, &closing.date, closing.signer)
            {
                hits.push(
                    Hit::new(date.span, "成文日期应在署名下方")
                        .related(signer, "署名")
                        .var("date", date.span.text(cx.doc.text))
                        .var("signer", signer.text(cx.doc.text)),
                );
            }
            return;
        }
        if cx.doc.closing.date.is_some() {
            return;
        }
        let (span, label) = match cx.doc.closing.signer {
            Some(signer) => (signer, "署名下方应有成文日期"),
            None => match super::signer_present::end_of_body(cx) {
                Some(span) => (span, "报告末尾应有成文日期"),
                None => return,
            },
        };
        let next = cx
            .doc
            .year
            .and_then(|y| y.year.checked_add(1))
            .map(|y| y.to_string())
            .unwrap_or_else(|| "XXXX".into());
        hits.push(Hit::new(span, label).var("next_year", next));
    }
}
