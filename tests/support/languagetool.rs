//! Reading answers of the LanguageTool API (`POST /v2/check`).

use serde_json::Value;

/// The matches of `answer` whose rule is `rule`, in answer order.
pub fn matches_of<'a>(answer: &'a Value, rule: &str) -> Vec<&'a Value> {
    answer["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter(|m| m["rule"]["id"] == rule)
        .collect()
}

/// The offsets (UTF-16 units) of the matches of `rule` in `answer`.
pub fn offsets_of(answer: &Value, rule: &str) -> Vec<u64> {
    matches_of(answer, rule)
        .iter()
        .map(|m| m["offset"].as_u64().expect("offset"))
        .collect()
}
