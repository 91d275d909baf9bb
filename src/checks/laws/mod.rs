//! The law list that `law-citation` checks titles against: national laws
//! and administrative regulations from the 国家法律法规数据库
//! (`data/laws/national.tsv`, one row per version), and the laws it lacks
//! or names otherwise, the repealed laws and the central documents these
//! reports cite (`data/laws/documents.tsv`), each with its source. build.rs
//! parses and indexes both ([`table`]) into statics: a title is a binary
//! search among the names, a near miss one per character of the title.

// Its parser and `emit` run in build.rs; here only the tests call them.
#[cfg_attr(not(test), allow(dead_code))]
mod table;

use table::{name_key, near_keys, normalize, stem, EMPTY, NEAR_MIN_CHARS};
pub use table::{Date, Form, Level, Version, COUNTRY};

/// The date of the national list: revisions after it are not in the list.
pub const NATIONAL_AS_OF: (i32, u32, u32) = (2025, 4, 19);

#[derive(Debug, PartialEq, Eq)]
pub struct Law {
    pub level: Level,
    /// The full title.
    pub title: &'static str,
    /// Short names (the title without 中华人民共和国).
    pub short: &'static [&'static str],
    /// Adoption and revision dates known (month and day may be unknown).
    pub versions: &'static [Version],
    pub effective: Option<Date>,
    pub repealed: Option<Date>,
    pub replaced_by: Option<&'static str>,
    pub source: &'static str,
}

impl Law {
    /// Whether a first mention must give the full title: a national law
    /// whose title is its short name after 中华人民共和国.
    pub fn wants_full_title(&self) -> bool {
        matches!(self.level, Level::Law | Level::Constitution)
            && self.title.starts_with(COUNTRY)
            && !self.short.is_empty()
    }

    /// The years of the versions the list knows.
    pub fn version_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.versions.iter().map(|&(y, _)| y)
    }
}

// LAWS, NAMES, STEMS, NEAR_KEYS, NEAR_LAWS: see `table::emit`.
include!(concat!(env!("OUT_DIR"), "/laws.rs"));

/// The laws and their indexes (see [`table::Table`]), all static.
#[derive(Debug)]
pub struct LawList {
    pub laws: &'static [Law],
    names: &'static [(&'static str, u16, Form)],
    stems: &'static [(&'static str, &'static [u16])],
    near_keys: &'static [u64],
    near_laws: &'static [u16],
    /// Hash indexes into `names` and `near_keys` ([`table::slots`]): a
    /// name or key is found in one or two reads, where a binary search
    /// took some fifteen.
    name_slots: &'static [u32],
    near_slots: &'static [u32],
}

/// The law list built into rl-lint.
pub fn builtin() -> &'static LawList {
    static LIST: LawList = LawList {
        laws: &LAWS,
        names: &NAMES,
        stems: &STEMS,
        near_keys: &NEAR_KEYS,
        near_laws: &NEAR_LAWS,
        name_slots: &NAME_SLOTS,
        near_slots: &NEAR_SLOTS,
    };
    &LIST
}

impl LawList {
    /// The first law named `name` (normalized), and how.
    fn name(&self, name: &str) -> Option<(usize, Form)> {
        let at = self.lookup(self.name_slots, name_key(name), |i| self.names[i].0 == name)?;
        let (_, law, form) = self.names[at];
        Some((usize::from(law), form))
    }

    /// Adds the laws under a near-miss key to `out`.
    fn near_key(&self, key: u64, out: &mut Vec<usize>) {
        let Some(from) = self.lookup(self.near_slots, key, |i| self.near_keys[i] == key) else {
            return;
        };
        let equal = self.near_keys[from..]
            .iter()
            .take_while(|&&k| k == key)
            .count();
        out.extend(
            self.near_laws[from..from + equal]
                .iter()
                .map(|&law| usize::from(law)),
        );
    }

    /// The position that `slots` holds for `key` and that `is` accepts.
    fn lookup(&self, slots: &[u32], key: u64, is: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = slots.len() - 1;
        let mut at = key as usize & mask;
        loop {
            match slots[at] {
                EMPTY => return None,
                i if is(i as usize) => return Some(i as usize),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The laws whose stem is `stem`.
    fn stem(&self, stem: &str) -> &'static [u16] {
        match self.stems.binary_search_by(|&(s, _)| s.cmp(stem)) {
            Ok(at) => self.stems[at].1,
            Err(_) => &[],
        }
    }

    /// The law a title names as written (normalized), and how. A title
    /// with 「中华人民共和国」 is found whether or not the list stores the
    /// name with it (《中华人民共和国学位条例》 for the 学位条例), and one
    /// without it is found as the short form of a title that has it.
    pub fn find(&self, title: &str) -> Option<(&Law, Form)> {
        let title = normalize(title);
        if let Some((i, form)) = self.name(&title) {
            return Some((&self.laws[i], form));
        }
        // Only national laws and regulations carry the country's name.
        let ((i, _), form) = match title.strip_prefix(COUNTRY) {
            Some(rest) => (self.name(rest)?, Form::Full),
            None => (self.name(&format!("{COUNTRY}{title}"))?, Form::Short),
        };
        let law = &self.laws[i];
        matches!(
            law.level,
            Level::Law | Level::Constitution | Level::Regulation
        )
        .then_some((law, form))
    }

    /// The one law or regulation `title` (not in the list) is close to:
    /// one character away, or the same name under another kind
    /// (《政府信息公开法》 for 《政府信息公开条例》).
    pub fn near(&self, title: &str) -> Option<&Law> {
        let title = normalize(title);
        let mut candidates: Vec<usize> = Vec::new();
        if title.chars().count() >= NEAR_MIN_CHARS {
            for key in near_keys(&title) {
                self.near_key(key, &mut candidates);
            }
        }
        // Only a law (「…法」) is matched by its stem: a local government
        // makes no laws, but its own 规定 and 办法 often share a national
        // regulation's subject (「重大行政决策程序暂行规定」).
        let is_law = title.ends_with('法') && !title.ends_with("办法");
        let title_stem = stem(&title).filter(|_| is_law);
        if let Some(s) = title_stem {
            candidates.extend(self.stem(s).iter().map(|&law| usize::from(law)));
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Two deletions can meet at distance two (「甲乙」「乙丙」 both
        // give 「乙」): keep only true near misses, and only one law.
        let mut near = candidates.into_iter().filter(|&i| {
            let law = &self.laws[i];
            // The names indexed: the title, the short names, and the title
            // with the country's name where it is cited so.
            let with_country =
                (!law.title.starts_with(COUNTRY)).then(|| format!("{COUNTRY}{}", law.title));
            std::iter::once(law.title)
                .chain(law.short.iter().copied())
                .chain(with_country.as_deref())
                .any(|name| {
                    let name = normalize(name);
                    within_one(&name, &title) || (title_stem.is_some() && stem(&name) == title_stem)
                })
        });
        match (near.next(), near.next()) {
            (Some(i), None) => Some(&self.laws[i]),
            _ => None,
        }
    }
}

/// Whether `a` and `b` differ by at most one character inserted, deleted,
/// replaced, or two neighbours swapped.
fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    match (ra.len(), rb.len()) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => ra[0] == rb[1] && ra[1] == rb[0],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deletions_key_is_the_key_of_the_string_it_leaves() {
        let name = "政府信息公开条例";
        let keys: Vec<u64> = near_keys(name).collect();
        assert_eq!(keys.len(), name.chars().count() + 1);
        // The deletions come last character first, then the whole.
        let n = name.chars().count();
        for (i, (at, c)) in name.char_indices().enumerate() {
            let rest = format!("{}{}", &name[..at], &name[at + c.len_utf8()..]);
            let whole = near_keys(&rest).last().expect("whole key");
            assert_eq!(keys[n - 1 - i], whole, "{rest}");
        }
        assert_eq!(keys[n], near_keys(name).last().expect("whole key"));
        // Distinct deletions of distinct characters differ.
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert_eq!(near_keys("").collect::<Vec<_>>().len(), 1);
    }

    #[test]
    fn the_list_loads_with_titles_dates_and_sources() {
        let list = builtin();
        assert!(list.laws.len() > 900, "{}", list.laws.len());
        let (law, form) = list.find("行政处罚法").expect("short name");
        assert_eq!(form, Form::Short);
        assert_eq!(law.title, "中华人民共和国行政处罚法");
        assert!(law.version_years().any(|y| y == 2021));
        assert_eq!(law.effective, Some((2021, 7, 15)));
        assert_eq!(
            list.find("中华人民共和国行政处罚法").map(|(_, f)| f),
            Some(Form::Full)
        );
        let (contract, _) = list.find("中华人民共和国合同法").expect("repealed law");
        assert_eq!(contract.repealed, Some((2021, 1, 1)));
        assert_eq!(contract.replaced_by, Some("中华人民共和国民法典"));
        assert!(contract.source.contains("第一千二百六十条"));
        for law in list.laws {
            assert!(!law.title.is_empty() && !law.source.is_empty(), "{law:?}");
        }
    }

    #[test]
    fn regulations_are_found_with_or_without_the_country() {
        let list = builtin();
        let a = list.find("政府信息公开条例").expect("short");
        let b = list.find("中华人民共和国政府信息公开条例").expect("full");
        assert!(std::ptr::eq(a.0, b.0));
        assert_eq!(a.0.level, Level::Regulation);
        assert!(!a.0.wants_full_title());
        assert!(list.find("优化营商环境条例").is_some());
        assert!(list.find("中华人民共和国优化营商环境条例").is_some());
    }

    #[test]
    fn the_country_prefix_is_found_whatever_the_list_stores() {
        let list = builtin();
        // National laws named 「…条例」 are stored without the prefix.
        for name in ["学位条例", "户口登记条例", "人民警察警衔条例"] {
            let (law, form) = list
                .find(&format!("{COUNTRY}{name}"))
                .unwrap_or_else(|| panic!("{name}"));
            assert_eq!((law.title, form), (name, Form::Full));
            assert!(!law.wants_full_title());
        }
        assert_eq!(
            list.near("中华人民共和国学位条列").map(|l| l.title),
            Some("学位条例")
        );
        let (law, form) = list.find("中华人民共和国信访条例").expect("regulation");
        assert_eq!((law.title, form), ("信访条例", Form::Full));
        // Party documents never carry it.
        assert!(list.find("中华人民共和国中国共产党章程").is_none());
    }

    #[test]
    fn the_petitions_regulation_was_replaced_in_2022() {
        let list = builtin();
        let (old, _) = list.find("信访条例").expect("信访条例");
        assert_eq!(old.repealed, Some((2022, 5, 1)));
        assert_eq!(old.replaced_by, Some("信访工作条例"));
        assert!(old.source.contains("第五十条"), "{}", old.source);
        let (new, _) = list.find("信访工作条例").expect("信访工作条例");
        assert_eq!(new.repealed, None);
        assert_eq!(new.effective, Some((2022, 5, 1)));
    }

    #[test]
    fn central_documents_cited_in_reports_have_sources_and_no_unconfirmed_dates() {
        let list = builtin();
        for title in [
            "法治政府建设实施纲要（2015—2020年）",
            "法治社会建设实施纲要（2020—2025年）",
            "中国共产党政法工作条例",
            "中国共产党组织工作条例",
            "中国共产党纪律处分条例",
            "中国共产党党务公开条例（试行）",
            "党政主要负责人履行推进法治建设第一责任人职责规定",
            "全国一体化政务大数据体系建设指南",
            "中共中央办公厅 国务院办公厅关于印发〈法治政府建设与责任落实督察工作规定〉的通知",
        ] {
            let (law, _) = list.find(title).unwrap_or_else(|| panic!("{title}"));
            assert_eq!(law.level, Level::Central, "{title}");
            assert!(!law.source.contains("名称见报告所引"), "{title}");
            // No date in the list: the check makes no claim of one.
            assert!(
                law.versions.is_empty() && law.effective.is_none() && law.repealed.is_none(),
                "{title}"
            );
        }
    }

    #[test]
    fn brackets_and_dashes_are_compared_as_one() {
        let list = builtin();
        assert!(list.find("法治政府建设实施纲要(2021-2025年)").is_some());
        assert!(list.find("法治政府建设实施纲要（2021－2025年）").is_some());
        assert!(list.find("中国共产党党务公开条例(试行)").is_some());
    }

    #[test]
    fn the_statics_are_the_table_parsed_now() {
        let national = include_str!("../../../data/laws/national.tsv");
        let documents = include_str!("../../../data/laws/documents.tsv");
        let table = table::parse(national, documents);
        assert_eq!(
            table::emit(&table),
            include_str!(concat!(env!("OUT_DIR"), "/laws.rs"))
        );
        let list = builtin();
        assert_eq!(list.laws.len(), table.laws.len());
        for (law, row) in list.laws.iter().zip(&table.laws) {
            assert_eq!(
                (
                    law.level,
                    law.title,
                    law.versions,
                    law.effective,
                    law.repealed
                ),
                (
                    row.level,
                    row.title.as_str(),
                    &row.versions[..],
                    row.effective,
                    row.repealed
                )
            );
            assert_eq!(
                law.short,
                row.short.iter().map(String::as_str).collect::<Vec<_>>()
            );
            assert_eq!(law.replaced_by, row.replaced_by.as_deref());
            assert_eq!(law.source, row.source);
        }
        let names: Vec<(&str, u16, Form)> = table
            .names
            .iter()
            .map(|(n, i, f)| (n.as_str(), *i, *f))
            .collect();
        assert_eq!(list.names, &names[..]);
        let stems: Vec<(&str, &[u16])> = table
            .stems
            .iter()
            .map(|(s, l)| (s.as_str(), &l[..]))
            .collect();
        assert_eq!(list.stems, &stems[..]);
        let keys: Vec<u64> = table.near.iter().map(|n| n.0).collect();
        let laws: Vec<u16> = table.near.iter().map(|n| n.1).collect();
        assert_eq!((list.near_keys, list.near_laws), (&keys[..], &laws[..]));
        // Sorted, so that binary search finds every entry.
        assert!(list.names.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(list.stems.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(list.near_keys.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn every_name_and_near_key_finds_its_law() {
        let list = builtin();
        for (at, &(name, law, form)) in list.names.iter().enumerate() {
            assert_eq!(list.name(name), Some((usize::from(law), form)), "{at}");
        }
        for (at, &key) in list.near_keys.iter().enumerate() {
            let mut out = Vec::new();
            list.near_key(key, &mut out);
            assert!(out.contains(&usize::from(list.near_laws[at])), "{at}");
        }
        let mut out = Vec::new();
        list.near_key(0, &mut out);
        list.near_key(u64::MAX, &mut out);
        assert!(out.iter().all(|&i| i < list.laws.len()));
        assert!(list.stem("没有这个").is_empty());
        assert_eq!(list.name("没有这个法"), None);
        assert_eq!(list.name(""), None);
    }

    #[test]
    fn near_misses_name_the_law() {
        let list = builtin();
        let near = |t: &str| list.near(t).map(|l| l.title);
        assert_eq!(
            near("中华人民共和国政府信息公开法"),
            Some("中华人民共和国政府信息公开条例")
        );
        assert_eq!(near("行政许可证法"), Some("中华人民共和国行政许可法"));
        assert_eq!(
            near("中华人民共和国行政复仪法"),
            Some("中华人民共和国行政复议法")
        );
        assert_eq!(near("优化营商坏境条例"), Some("优化营商环境条例"));
        assert_eq!(
            near("中华人民共和国优化营商坏境条例"),
            Some("优化营商环境条例")
        );
        // Local regulations and plans are not near a national one.
        assert_eq!(near("岳阳市生活垃圾管理条例"), None);
        assert_eq!(near("北京市突发公共卫生事件应急条例"), None);
        assert_eq!(near("绍兴市电梯安全管理规定"), None);
        assert_eq!(near("野生动物保护法和动物防疫法"), None);
        assert_eq!(near("传染病防治法及实施条例"), None);
        assert_eq!(near("习近平谈治国理政"), None);
        assert_eq!(near("重大行政决策程序暂行规定"), None);
    }

    #[test]
    fn within_one_is_one_edit_or_one_swap() {
        assert!(within_one("行政复议法", "行政复仪法"));
        assert!(within_one("行政复议法", "行政复议法法"));
        assert!(within_one("行政复议法", "行政议复法"));
        assert!(!within_one("行政复议法", "行政议法法法"));
        assert!(!within_one("甲乙丙", "甲丁戊"));
    }
}
