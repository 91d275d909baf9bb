//! `heading-marker`: heading numbers are written the standard way
//! (「1.」 not 「1、」, 「（一）」 not 「(一)」, 「一、」 not 「一.」). One finding
//! per non-standard way of writing, with the count and the first places.
//! Fix: every marker of the group is rewritten in its standard form.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// How many places to label in each finding.
    #[serde(default = "default_show")]
    pub show: usize,
}

fn default_show() -> usize {
    3
}

#[derive(Debug)]
pub struct HeadingMarker {
    show: usize,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<HeadingMarker, SpecError> {
    Ok(HeadingMarker {
        show: params.show.max(1),
    })
}

/// 「(三)」 → 「(N)」: markers written the same way share a shape.
fn shape(written: &str) -> String {
    written
        .chars()
        .map(|c| {
            if c.is_ascii_digit() || crate::text::numerals::is_chinese_numeral_char(c) {
                'N'
            } else {
                c
            }
        })
        .collect::<String>()
        .replace("NN", "N")
}

impl Check for HeadingMarker {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut groups: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (i, heading) in doc.headings.iter().enumerate() {
            // A top level in a scheme of its own (「第一部分」, none…) is
            // `heading-sequence`'s `report: scheme`, once per report.
            if !heading.marker.is_standard() && heading.marker.scheme.is_none() {
                let key = (heading.marker.kind.rank(), shape(&heading.marker.written));
                groups.entry(key).or_default().push(i);
            }
        }
        let mut found: Vec<Hit> = groups
            .into_values()
            .map(|group| {
                let first = &doc.headings[group[0]];
                let mut hit = Hit::new(
                    first.marker_span,
                    format!("应为「{}」", first.marker.standard),
                )
                .var("count", group.len().to_string())
                .var("found", first.marker.written.clone())
                .var("standard", first.marker.standard.clone());
                for &h in group.iter().skip(1).take(self.show - 1) {
                    let heading = &doc.headings[h];
                    hit = hit.related(
                        heading.marker_span,
                        format!("应为「{}」", heading.marker.standard),
                    );
                }
                for &h in &group {
                    let heading = &doc.headings[h];
                    hit = hit.edit(heading.marker_span, heading.marker.standard.clone());
                }
                hit
            })
            .collect();
        found.sort_by_key(|h| h.span);
        hits.extend(found);
    }
}
