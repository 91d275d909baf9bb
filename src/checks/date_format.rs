//! `date-format`: the date is written 「2023年2月2日」: Arabic numerals, full
//! year, no leading zeros, and a day that exists. Fix: a real day written
//! another way is rewritten in the standard form.

use super::{Check, Context, Hit, SpecError};
use crate::document::DateStyle;
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct DateFormat;

pub fn compile(_: Params, _: &PartCatalog) -> Result<DateFormat, SpecError> {
    Ok(DateFormat)
}

impl Check for DateFormat {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(date) = &cx.doc.closing.date else {
            return;
        };
        let standard = date.standard_form();
        let label = if !date.is_valid() {
            "日历上没有这一天".to_string()
        } else {
            match date.style {
                DateStyle::Standard => return,
                DateStyle::LeadingZeros => "月、日不加「0」".into(),
                DateStyle::ChineseNumerals => "应使用阿拉伯数字".into(),
                DateStyle::Separators => "应写作「年月日」".into(),
                DateStyle::FullWidthDigits => "应使用半角阿拉伯数字".into(),
            }
        };
        let mut hit = Hit::new(date.span, label)
            .var("found", date.span.text(cx.text()))
            .var("standard", standard.clone());
        // A day that does not exist needs a person to say which day was meant.
        if date.is_valid() {
            hit = hit.edit(date.span, standard);
        }
        hits.push(hit);
    }
}
