//! What a comment says: the severity and message, the help, what the
//! finding's label says of the place, the other places of an aggregated
//! finding, the basis (when there is room) and the rule id. The words are
//! the pack's (Chinese, for writers); only the frame is here.

use super::map::TextMap;
use crate::finding::{Finding, Label, Severity};

/// At most this many other places of an aggregated finding are listed;
/// the rest are counted.
const MAX_PLACES: usize = 30;
/// A place is quoted with at most this many characters of its text…
const QUOTE_CHARS: usize = 12;
/// …and, when its text is shorter, this many characters before it.
const CONTEXT_CHARS: usize = 4;
/// The basis is left out of a comment already longer than this.
const ROOM_FOR_BASIS: usize = 600;

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// The paragraphs of the comment on `finding`. `text` is the decoded
/// text its spans point into; `map` gives the paragraph of a place.
pub fn comment_paragraphs(
    finding: &Finding,
    basis: &str,
    text: &str,
    map: &TextMap,
) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "【{}】{}",
        severity_word(finding.severity),
        finding.message
    )];
    let label = finding.primary.text.trim();
    if !label.is_empty() && !finding.message.contains(label) {
        paragraphs.push(format!("此处：{label}"));
    }
    if !finding.help.trim().is_empty() {
        paragraphs.push(format!("修改建议：{}", finding.help.trim()));
    }
    if !finding.related.is_empty() {
        let places: Vec<String> = finding
            .related
            .iter()
            .take(MAX_PLACES)
            .map(|label| place(label, text, map))
            .collect();
        let more = finding.related.len().saturating_sub(MAX_PLACES);
        let mut line = format!("其他{}处：{}", finding.related.len(), places.join("；"));
        if more > 0 {
            line.push_str(&format!("；另有{more}处未列出"));
        }
        paragraphs.push(line);
    }
    let length: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    if !basis.trim().is_empty() && length <= ROOM_FOR_BASIS {
        paragraphs.push(format!("依据：{}", basis.trim()));
    }
    paragraphs.push(format!("规则：{}", finding.rule));
    paragraphs
}

/// Another place of a finding, as a writer finds it in Word: its
/// paragraph (counted from the top, as the text's lines are) and a quote.
fn place(label: &Label, text: &str, map: &TextMap) -> String {
    let paragraph = map.line_of(label.span.start) + 1;
    if label.cell.is_some() {
        return format!("第{paragraph}段后的表格{}", label.text.trim());
    }
    let quoted = text.get(label.span.start..label.span.end).unwrap_or("");
    let line_start = map
        .line_starts
        .get(paragraph - 1)
        .copied()
        .unwrap_or(0)
        .min(label.span.start);
    let mut quote: String = quoted
        .chars()
        .take(QUOTE_CHARS)
        .filter(|c| !c.is_control())
        .collect();
    if quoted.chars().count() < CONTEXT_CHARS {
        let before: Vec<char> = text
            .get(line_start..label.span.start)
            .unwrap_or("")
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .filter(|c| !c.is_control())
            .collect();
        quote = before.into_iter().rev().chain(quote.chars()).collect();
    }
    if quote.trim().is_empty() {
        format!("第{paragraph}段")
    } else {
        format!("第{paragraph}段「{quote}」")
    }
}

/// The date of comments written now (or at `SOURCE_DATE_EPOCH`, for
/// reproducible copies), as Word writes it: `2025-03-31T09:30:00Z`.
pub fn comment_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    iso_date(seconds)
}

/// Seconds since 1970 as an ISO 8601 UTC time (the civil calendar from
/// days, as in Howard Hinnant's `civil_from_days`).
pub(crate) fn iso_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_date(1_743_413_400), "2025-03-31T09:30:00Z");
        assert_eq!(iso_date(-1), "1969-12-31T23:59:59Z");
    }
}
