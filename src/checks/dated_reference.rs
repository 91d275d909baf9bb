//! `dated-reference`: a mention that is right only in certain years, judged
//! against the report's date and its reported year. Each mention is pack
//! data (pattern, event, dates, source), so the pack is updated each year
//! without touching Rust:
//! - `date`: when the event happened (党的二十大, 2022-10-16). A report
//!   cannot cite it as done before then: one dated earlier (or, without a
//!   date, one whose publication deadline in the year after the reported
//!   one falls earlier) is wrong.
//! - `until`: when a plan or period ended (「十三五」, 2020-12-31). A report
//!   for a later year that cites it as current is out of date; `unless`
//!   skips the clauses that look back on it (「“十三五”时期」「圆满收官」).

use super::{Check, ClauseMemo, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::anchors;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionSpec {
    /// How reports name it, a regex. When it has a group named `event`,
    /// the finding is on that group (「十九届二中、三中、(四中)全会」).
    pub find: String,
    /// What it is, for messages.
    pub event: String,
    /// `YYYY-MM-DD`: when it happened or began.
    #[serde(default)]
    pub date: Option<String>,
    /// `YYYY-MM-DD`: when it ended (a plan, a period).
    #[serde(default)]
    pub until: Option<String>,
    /// Skip a match whose clause matches this regex.
    #[serde(default)]
    pub unless: Option<String>,
    /// Where the date comes from.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub mentions: Vec<MentionSpec>,
}

type Date = (i32, u32, u32);

#[derive(Debug)]
struct Mention {
    find: Pattern,
    event: String,
    date: Option<Date>,
    until: Option<Date>,
    unless: Option<Pattern>,
    source: String,
}

#[derive(Debug)]
pub struct DatedReference {
    mentions: Vec<Mention>,
}

fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let rest = format!("{}-{}", parts.next()?, parts.next()?);
    let (month, day) = crate::document::date::parse_month_day(&rest)?;
    let valid = day <= crate::document::date::days_in_month(year, month);
    ((1900..=2200).contains(&year) && valid).then_some((year, month, day))
}

fn shown((y, m, d): Date) -> String {
    format!("{y}年{m}月{d}日")
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<DatedReference, SpecError> {
    if params.mentions.is_empty() {
        return Err(SpecError::new("mentions", "`mentions` must not be empty"));
    }
    let date_of = |value: &Option<String>, key: &str| -> Result<Option<Date>, SpecError> {
        match value {
            None => Ok(None),
            Some(s) => parse_date(s).map(Some).ok_or_else(|| {
                SpecError::new(
                    s.clone(),
                    format!("`{key}` must be a date YYYY-MM-DD, e.g. 2022-10-16 (got `{s}`)"),
                )
            }),
        }
    };
    let mut mentions = Vec::new();
    for spec in params.mentions {
        let find =
            crate::text::pattern::compile(&spec.find).map_err(|e| SpecError::new(&spec.find, e))?;
        let date = date_of(&spec.date, "date")?;
        let until = date_of(&spec.until, "until")?;
        if date.is_none() && until.is_none() {
            return Err(SpecError::new(
                &spec.find,
                format!("mention `{}` needs `date`, `until` or both", spec.event),
            ));
        }
        if let (Some(d), Some(u)) = (date, until) {
            if d > u {
                return Err(SpecError::new(
                    &spec.find,
                    format!("mention `{}`: `until` is before `date`", spec.event),
                ));
            }
        }
        if spec.source.trim().is_empty() || spec.event.trim().is_empty() {
            return Err(SpecError::new(
                &spec.find,
                "each mention needs its `event` and `source`",
            ));
        }
        let unless = match &spec.unless {
            Some(p) => {
                Some(crate::text::pattern::compile(p).map_err(|e| SpecError::new(p.clone(), e))?)
            }
            None => None,
        };
        mentions.push(Mention {
            find,
            event: spec.event,
            date,
            until,
            unless,
            source: spec.source,
        });
    }
    Ok(DatedReference { mentions })
}

/// Whether `span` overlaps one of `found` (start → end; found spans never
/// overlap each other, so only the one starting last before `span.end`
/// can reach into it).
fn overlaps(found: &std::collections::BTreeMap<usize, usize>, span: Span) -> bool {
    found
        .range(..span.end)
        .next_back()
        .is_some_and(|(_, &end)| span.start < end)
}

impl Check for DatedReference {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let text = cx.text();
        let year = doc.year.map(|y| y.year);
        let signed = doc
            .closing
            .date
            .as_ref()
            .filter(|d| d.is_valid())
            .map(|d| ((d.year, d.month, d.day), d.span));
        // The latest day the report can have been written.
        let written = signed.map(|(d, _)| d).or_else(|| {
            let (m, d) = cx.deadline.unwrap_or((4, 1));
            year.map(|y| (y + 1, m, d))
        });
        // The spans found in the current block, by start, for the overlap
        // test (matches never leave their block, so earlier blocks' cannot
        // overlap).
        let mut in_block: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut spared: ClauseMemo<bool> = ClauseMemo::default();
        for block in &doc.blocks {
            if cx.over() {
                return;
            }
            if block.span.start >= doc.closing.start {
                break;
            }
            // Every match holds a literal; a block without one has none.
            if !anchors::may_hold(cx.candidates, block.span) {
                continue;
            }
            in_block.clear();
            spared.advance(block.span.start);
            let region = block.span.text(text);
            for (key, mention) in self.mentions.iter().enumerate() {
                for caps in mention.find.captures_iter(region) {
                    let Some(m) = caps.name("event").or_else(|| caps.get(0)) else {
                        continue;
                    };
                    if m.is_empty() {
                        continue;
                    }
                    let span = Span::new(m.start(), m.end()).offset_by(block.span.start);
                    if overlaps(&in_block, span) {
                        continue;
                    }
                    if let Some(unless) = &mention.unless {
                        let clause = doc.index.between(
                            span.start,
                            span.end,
                            super::substitution::CLAUSE_STOPS,
                            text.len(),
                        );
                        if *spared.get(key, clause, || unless.is_match(clause.text(text))) {
                            continue;
                        }
                    }
                    let before = mention.date.zip(written).filter(|(d, w)| d > w);
                    let expired = mention.until.zip(year).filter(|((u, _, _), y)| y > u);
                    let mut hit = if let Some((date, w)) = before {
                        let label =
                            format!("{}（{}）晚于本报告的成文时间", mention.event, shown(date));
                        let mut hit = Hit::new(span, label).var("report_date", shown(w));
                        if let Some((_, date_span)) = signed {
                            hit = hit.related(date_span, "报告日期");
                        }
                        hit
                    } else if let Some((until, y)) = expired {
                        let label = format!(
                            "{}已于{}结束，不是{y}年的现行表述",
                            mention.event,
                            shown(until)
                        );
                        let mut hit = Hit::new(span, label);
                        if let Some(source) = doc.year.and_then(|y| y.span) {
                            hit = hit.related(source, format!("报告年度{y}年据此确定"));
                        }
                        hit
                    } else {
                        continue;
                    };
                    let problem = hit.label.clone();
                    hit = hit
                        .var("problem", problem)
                        .var("found", span.text(text))
                        .var("event", mention.event.clone())
                        .var("date", mention.date.map(shown).unwrap_or_default())
                        .var("until", mention.until.map(shown).unwrap_or_default())
                        .var("source", mention.source.clone())
                        .var("year", year.map(|y| y.to_string()).unwrap_or_default());
                    in_block.insert(span.start, span.end);
                    hits.push(hit);
                }
            }
        }
        hits.sort_by_key(|h| h.span.start);
    }

    /// Every hit is on a match of a mention's `find`.
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        super::triggers_of(self.mentions.iter().map(|m| &m.find))
    }

    fn reference(&self) -> Vec<(String, String)> {
        self.mentions
            .iter()
            .map(|m| {
                let when = match (m.date, m.until) {
                    (Some(d), Some(u)) => format!("{}—{}", shown(d), shown(u)),
                    (Some(d), None) => shown(d),
                    (None, Some(u)) => format!("至{}", shown(u)),
                    (None, None) => String::new(),
                };
                (format!("{}：{when}", m.event), m.source.clone())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::substitution::hits_on;

    const YAML: &str = "mentions:
  - find: 二十大精神
    event: 党的二十大
    date: 2022-10-16
    source: 新华社
  - find: 十三五
    event: “十三五”时期
    date: 2016-01-01
    until: 2020-12-31
    unless: 期间|时期|收官
    source: 十三五规划纲要
";

    fn run(text: &str) -> Vec<String> {
        let params: Params = serde_yaml::from_str(YAML).expect("params");
        let check = compile(params, &PartCatalog::default()).expect("compiles");
        hits_on(&check, text, None)
            .into_iter()
            .map(|h| format!("{}|{}", h.span.text(text), h.label))
            .collect()
    }

    #[test]
    fn an_event_before_it_happened() {
        let report = |year: i32, date: &str| {
            format!("某县{year}年法治政府建设年度报告\n一、主要举措\n深入学习贯彻党的二十大精神。\n某县人民政府\n{date}\n")
        };
        assert_eq!(
            run(&report(2021, "2022年2月10日")),
            vec!["二十大精神|党的二十大（2022年10月16日）晚于本报告的成文时间"]
        );
        assert!(run(&report(2022, "2023年2月10日")).is_empty());
        // No date: the publication deadline after the reported year.
        let undated = "某县2021年法治政府建设年度报告\n一、主要举措\n贯彻党的二十大精神。\n";
        assert_eq!(run(undated).len(), 1);
        let undated = "某县2022年法治政府建设年度报告\n一、主要举措\n贯彻党的二十大精神。\n";
        assert!(run(undated).is_empty());
    }

    #[test]
    fn the_event_group_places_the_finding() {
        let yaml = "mentions:
  - find: 十九届(?:[二三四五]中、)*(?P<event>五中(全会)?)
    event: 党的十九届五中全会
    date: 2020-10-26
    source: 某
";
        let params: Params = serde_yaml::from_str(yaml).expect("params");
        let check = compile(params, &PartCatalog::default()).expect("compiles");
        let text = "某县2019年法治政府建设年度报告\n一、主要举措\n贯彻十九届二中、三中、四中、五中全会精神。\n";
        let hits = hits_on(&check, text, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.text(text), "五中全会");
    }

    #[test]
    fn an_expired_period_cited_as_current() {
        let text = "某县2023年法治政府建设年度报告\n一、主要举措\n推进“十三五”规划重点任务。\n";
        assert_eq!(
            run(text),
            vec!["十三五|“十三五”时期已于2020年12月31日结束，不是2023年的现行表述"]
        );
        let text = "某县2023年法治政府建设年度报告\n一、主要举措\n回顾“十三五”时期的成就。\n";
        assert!(run(text).is_empty());
        let text = "某县2020年法治政府建设年度报告\n一、主要举措\n推进“十三五”规划重点任务。\n";
        assert!(run(text).is_empty());
        // No reported year: nothing to judge by.
        assert!(run("一、主要举措\n推进“十三五”规划重点任务。\n").is_empty());
    }

    #[test]
    fn parameter_errors() {
        let err = |yaml: &str| {
            let params: Params = serde_yaml::from_str(yaml).expect("params");
            compile(params, &PartCatalog::default())
                .unwrap_err()
                .message
        };
        assert!(err("mentions: [{find: a, event: b, source: c}]").contains("needs `date`"));
        assert!(
            err("mentions: [{find: a, event: b, date: 2022-13-01, source: c}]")
                .contains("YYYY-MM-DD")
        );
        assert!(
            err("mentions: [{find: a, event: b, date: 2022-02-30, source: c}]")
                .contains("YYYY-MM-DD")
        );
        assert!(err(
            "mentions: [{find: a, event: b, date: 2022-01-02, until: 2021-01-01, source: c}]"
        )
        .contains("before"));
        assert!(err("mentions: []").contains("must not be empty"));
    }
}
