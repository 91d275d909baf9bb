//! A region's own formulation: where a form names the country, a report may
//! put its own unit's name or a provincial abbreviation in its place
//! (依法治国 → 依法治省, 依法治市, 依法治X).

use super::matching::{normalized, Position};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalSpec {
    /// The word an item ends with that names the country (「国」).
    pub replaces: String,
    /// The names any region may put in its place: the levels (省, 市,
    /// 县…) and the abbreviations of the provincial-level regions (川,
    /// 粤…). The report's own unit, from its title, is added to them.
    pub names: Vec<String>,
}

/// The names a region may put in place of the country's, for one report.
#[derive(Debug, Default)]
pub(super) struct Regional {
    pub(super) replaces: Vec<char>,
    pub(super) names: std::collections::HashSet<Vec<char>>,
    pub(super) longest: usize,
}

/// Level words a unit's name ends with, stripped to get its own name
/// (巴中市人民政府 → 巴中).
pub(super) const UNIT_ENDINGS: &[&str] = &[
    "人民政府",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "盟",
    "乡",
    "镇",
    "街道",
];

impl Regional {
    /// The pack's names and the report's own unit, with and without its
    /// level (巴中市, 巴中).
    pub(super) fn for_report(spec: &RegionalSpec, unit: Option<&str>) -> Self {
        let mut names: std::collections::HashSet<Vec<char>> =
            spec.names.iter().map(|n| normalized(n.trim())).collect();
        if let Some(unit) = unit {
            let mut unit: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
            // A unit of a few characters is a place; a long one is a
            // department (「中山市政务服务数据管理局」) and no formulation's name.
            while unit.chars().count() <= 12 && !unit.is_empty() {
                names.insert(normalized(&unit));
                match UNIT_ENDINGS.iter().find_map(|e| unit.strip_suffix(e)) {
                    Some(rest) if rest.chars().count() >= 2 => unit = rest.to_string(),
                    _ => break,
                }
            }
        }
        names.retain(|n| !n.is_empty());
        let longest = names.iter().map(Vec::len).max().unwrap_or(0);
        Regional {
            replaces: normalized(&spec.replaces),
            names,
            longest,
        }
    }

    /// Where `segment`, in its position, holds `item` with a region's name
    /// in place of the country's.
    pub(super) fn find(
        &self,
        segment: &[char],
        position: Position,
        item: &[char],
    ) -> Option<(usize, usize)> {
        if self.replaces.is_empty() || !item.ends_with(&self.replaces) {
            return None;
        }
        let prefix = &item[..item.len() - self.replaces.len()];
        let (n, p) = (segment.len(), prefix.len());
        let is_name =
            |k: usize, at: usize| at + k <= n && self.names.contains(&segment[at..at + k]);
        // The longest name first (巴中 before 巴).
        (1..=self.longest).rev().find_map(|k| match position {
            Position::Middle => {
                (n == p + k && segment.starts_with(prefix) && is_name(k, p)).then_some((0, n))
            }
            Position::First => {
                (n >= p + k && segment[..n - k].ends_with(prefix) && is_name(k, n - k))
                    .then(|| (n - k - p, n))
            }
            Position::Last => (segment.starts_with(prefix) && is_name(k, p)).then_some((0, p + k)),
        })
    }
}
