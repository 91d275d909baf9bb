//! The law list that `law-citation` checks titles against: national laws
//! and administrative regulations from the 国家法律法规数据库
//! (`data/laws/national.tsv`, one row per version), and the laws it lacks
//! or names otherwise, the repealed laws and the central documents these
//! reports cite (`data/laws/documents.tsv`), each with its source. Both are
//! compiled in and parsed once, on first use, into hash maps: a title is
//! one lookup, a near miss a lookup per character of the title.

use std::collections::HashMap;
use std::sync::LazyLock;

const NATIONAL: &str = include_str!("../../data/laws/national.tsv");
const DOCUMENTS: &str = include_str!("../../data/laws/documents.tsv");

/// The date of the national list: revisions after it are not in the list.
pub const NATIONAL_AS_OF: (i32, u32, u32) = (2025, 4, 19);

const NATIONAL_SOURCE: &str =
    "国家法律法规数据库（flk.npc.gov.cn），经 LawRefBook/Laws 数据库（2025年4月19日）";

/// The prefix of the full title of a national law (中华人民共和国行政处罚法).
pub const COUNTRY: &str = "中华人民共和国";

pub type Date = (i32, u32, u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Constitution,
    Law,
    Regulation,
    /// Central party regulations and documents (纲要, 规定, 条例).
    Central,
}

#[derive(Debug)]
pub struct Law {
    pub level: Level,
    /// The full title.
    pub title: String,
    /// Short names (the title without 中华人民共和国).
    pub short: Vec<String>,
    /// Adoption and revision dates known (month and day may be unknown).
    pub versions: Vec<(i32, Option<(u32, u32)>)>,
    pub effective: Option<Date>,
    pub repealed: Option<Date>,
    pub replaced_by: Option<String>,
    pub source: String,
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

/// How a title names a law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Short,
}

#[derive(Debug, Default)]
pub struct LawList {
    pub laws: Vec<Law>,
    names: HashMap<String, (usize, Form)>,
    /// Every name of a law or regulation with one character deleted, and
    /// the name itself (the symmetric-deletion index of edit distance 1),
    /// as the hash of each such string ([`near_keys`]) with the law's
    /// index, in an open-addressing table ([`NearTable`]): built without a
    /// string per deletion or a sort. A collision only adds a candidate,
    /// and candidates are compared with the title.
    near: NearTable,
    /// The name without 中华人民共和国 and without its kind (法, 条例…):
    /// 《政府信息公开法》 is 《政府信息公开条例》 under another kind.
    stems: HashMap<String, Vec<usize>>,
}

/// The law list built into rl-lint.
pub fn builtin() -> &'static LawList {
    static LIST: LazyLock<LawList> = LazyLock::new(|| LawList::parse(NATIONAL, DOCUMENTS));
    &LIST
}

/// Characters compared as one in a title: half-width brackets as
/// full-width, every dash as 「—」; white space is dropped.
pub fn normalize(title: &str) -> String {
    let changed = |c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '-' | '－' | '–' | '~' | '～' | '―' | '‒')
    };
    // Most names need nothing: one copy, no second pass.
    if !title.chars().any(changed) && !title.contains("——") {
        return title.to_string();
    }
    title
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '-' | '－' | '–' | '~' | '～' | '―' | '‒' => '—',
            _ => c,
        })
        .collect::<String>()
        .replace("——", "—")
}

fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Some((y, m, d))
}

fn parse_version(s: &str) -> Option<(i32, Option<(u32, u32)>)> {
    match parse_date(s) {
        Some((y, m, d)) => Some((y, Some((m, d)))),
        None => s.trim().parse().ok().map(|y| (y, None)),
    }
}

/// The kinds of title the near-miss index knows, longest first.
const KIND_SUFFIXES: &[&str] = &["法典", "条例", "规定", "办法", "法"];

/// `name` without 中华人民共和国 and its kind, if it ends with one.
fn stem(name: &str) -> Option<&str> {
    let name = name.strip_prefix(COUNTRY).unwrap_or(name);
    KIND_SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|s| s.chars().count() >= 2)
}

/// The hashes of `s` with its `i`-th character removed, for each `i`, and
/// of `s` itself: the keys of the near-miss index. A polynomial hash over
/// the characters gives every deletion's hash from a prefix's and a
/// suffix's, so a name of n characters costs O(n), not n hashes of n
/// characters each (the index holds some 30,000 keys, built on the first
/// title a run reads). Equal strings have equal keys; two strings that
/// collide are told apart by the comparison that follows the lookup.
fn near_keys(s: &str) -> impl Iterator<Item = u64> {
    const BASE: u64 = 0x0000_0100_0000_01b3;
    // prefix[i]: the hash of the first i characters.
    let mut prefix = Vec::with_capacity(s.len() + 1);
    prefix.push(0u64);
    for c in s.chars() {
        let last = prefix[prefix.len() - 1];
        prefix.push(last.wrapping_mul(BASE).wrapping_add(u64::from(c) + 1));
    }
    let n = prefix.len() - 1;
    let whole = prefix[n];
    // Without character i, the characters after it keep their weights in
    // `whole`: what is left of it past prefix[i + 1], shifted by
    // `weight` = BASE^(n-1-i).
    let mut keys = Vec::with_capacity(n + 1);
    let mut weight = 1u64;
    for i in (0..n).rev() {
        let after = whole.wrapping_sub(prefix[i + 1].wrapping_mul(weight));
        keys.push(mix(prefix[i].wrapping_mul(weight).wrapping_add(after)));
        weight = weight.wrapping_mul(BASE);
    }
    keys.push(mix(whole));
    keys.into_iter()
}

/// Spreads a hash's bits (the finaliser of SplitMix64), so that the low
/// bits the table's slots use depend on every character.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A multimap from hash keys to law indices: open addressing with linear
/// probing, at most half full. The keys are hashes, spread evenly, so a
/// key's slot is its low bits; equal keys sit in one probe run.
#[derive(Debug, Default)]
struct NearTable {
    /// `(key, law)`; `law == u32::MAX`: an empty slot.
    slots: Vec<(u64, u32)>,
}

impl NearTable {
    const EMPTY: u32 = u32::MAX;

    fn new(entries: &[(u64, u32)]) -> NearTable {
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0, Self::EMPTY); size];
        let mask = size - 1;
        for &(key, law) in entries {
            let mut at = key as usize & mask;
            while slots[at].1 != Self::EMPTY {
                at = (at + 1) & mask;
            }
            slots[at] = (key, law);
        }
        NearTable { slots }
    }

    /// Adds the laws stored under `key` to `out`.
    fn get(&self, key: u64, out: &mut Vec<usize>) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut at = key as usize & mask;
        while self.slots[at].1 != Self::EMPTY {
            if self.slots[at].0 == key {
                out.push(self.slots[at].1 as usize);
            }
            at = (at + 1) & mask;
        }
    }
}

/// The fewest characters a title must have to be matched nearly: a short
/// title one character away from another is another law (「税法」).
const NEAR_MIN_CHARS: usize = 5;

impl LawList {
    fn parse(national: &str, documents: &str) -> LawList {
        let mut list = LawList::default();
        // national.tsv: level, name, published, valid_from, superseded, category.
        let mut by_short: HashMap<String, usize> = HashMap::with_capacity(national.len() / 64);
        for line in national.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [level, name, published, valid_from, superseded, _category] = fields[..] else {
                continue;
            };
            let level = match level {
                "宪法" => Level::Constitution,
                "法律" => Level::Law,
                "行政法规" => Level::Regulation,
                _ => continue,
            };
            let name = name.trim();
            // The parts of the civil code and the amendments of the
            // constitution are cited as the code and the constitution.
            if name.contains(' ') || level == Level::Constitution {
                continue;
            }
            let index = *by_short.entry(name.to_string()).or_insert_with(|| {
                let full = level == Level::Law && name.ends_with('法') && !name.contains("修正案");
                list.laws.push(Law {
                    level,
                    title: if full {
                        format!("{COUNTRY}{name}")
                    } else {
                        name.to_string()
                    },
                    short: if full {
                        vec![name.to_string()]
                    } else {
                        Vec::new()
                    },
                    versions: Vec::new(),
                    effective: None,
                    repealed: None,
                    replaced_by: None,
                    source: NATIONAL_SOURCE.to_string(),
                });
                list.laws.len() - 1
            });
            let law = &mut list.laws[index];
            if let Some(version) = parse_version(published) {
                if !law.versions.contains(&version) {
                    law.versions.push(version);
                }
            }
            if superseded.trim() == "0" {
                law.effective = parse_date(valid_from).or(law.effective);
            }
        }
        // documents.tsv: level, title, short, versions, effective, repealed,
        // replaced_by, source. A row naming a law of the national list
        // (by a short name or its title) gives its title.
        for line in documents.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [level, title, short, versions, effective, repealed, replaced_by, source] =
                fields[..]
            else {
                continue;
            };
            let level = match level {
                "宪法" => Level::Constitution,
                "法律" => Level::Law,
                "行政法规" => Level::Regulation,
                _ => Level::Central,
            };
            let short: Vec<String> = short
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let existing = std::iter::once(title)
                .chain(short.iter().map(String::as_str))
                .find_map(|name| by_short.get(name).copied());
            let index = existing.unwrap_or_else(|| {
                list.laws.push(Law {
                    level,
                    title: String::new(),
                    short: Vec::new(),
                    versions: Vec::new(),
                    effective: None,
                    repealed: None,
                    replaced_by: None,
                    source: String::new(),
                });
                list.laws.len() - 1
            });
            let law = &mut list.laws[index];
            law.level = level;
            law.title = title.trim().to_string();
            law.short = short;
            law.versions
                .extend(versions.split('|').filter_map(parse_version));
            law.versions.sort_unstable();
            law.versions.dedup();
            law.effective = parse_date(effective).or(law.effective);
            law.repealed = parse_date(repealed);
            law.replaced_by = Some(replaced_by.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            law.source = if existing.is_some() {
                format!("{}；{}", source.trim(), law.source)
            } else {
                source.trim().to_string()
            };
        }
        for law in &mut list.laws {
            law.versions.sort_unstable();
        }
        list.index();
        list
    }

    fn index(&mut self) {
        let mut near: Vec<(u64, u32)> = Vec::with_capacity(self.laws.len() * 32);
        self.names.reserve(self.laws.len() * 3);
        self.stems.reserve(self.laws.len() * 2);
        let add_near = |near: &mut HashMap<String, Vec<usize>>, key: String, index: usize| {
            let laws = near.entry(key).or_default();
            if !laws.contains(&index) {
                laws.push(index);
            }
        };
        for (index, law) in self.laws.iter().enumerate() {
            let mut names: Vec<(String, Form)> = vec![(normalize(&law.title), Form::Full)];
            names.extend(law.short.iter().map(|s| (normalize(s), Form::Short)));
            // A regulation, and a law not named 「…法」, is cited with and
            // without the country's name (《中华人民共和国政府信息公开条例》
            // 《政府信息公开条例》, 《中华人民共和国学位条例》): the near-miss
            // index knows both.
            if matches!(law.level, Level::Regulation | Level::Law)
                && !law.title.starts_with(COUNTRY)
            {
                names.push((format!("{COUNTRY}{}", normalize(&law.title)), Form::Full));
            }
            for (name, form) in &names {
                self.names.entry(name.clone()).or_insert((index, *form));
            }
            if !matches!(law.level, Level::Law | Level::Regulation) {
                continue;
            }
            for (name, _) in &names {
                if let Some(stem) = stem(name) {
                    add_near(&mut self.stems, stem.to_string(), index);
                }
                if name.chars().count() >= NEAR_MIN_CHARS && !name.contains("修正案") {
                    let index = u32::try_from(index).unwrap_or(u32::MAX);
                    near.extend(near_keys(name).map(|key| (key, index)));
                }
            }
        }
        self.near = NearTable::new(&near);
    }

    /// The law a title names as written (normalized), and how. A title
    /// with 「中华人民共和国」 is found whether or not the list stores the
    /// name with it (《中华人民共和国学位条例》 for the 学位条例), and one
    /// without it is found as the short form of a title that has it.
    pub fn find(&self, title: &str) -> Option<(&Law, Form)> {
        let title = normalize(title);
        if let Some(&(i, form)) = self.names.get(&title) {
            return Some((&self.laws[i], form));
        }
        // Only national laws and regulations carry the country's name.
        let (&(i, _), form) = match title.strip_prefix(COUNTRY) {
            Some(rest) => (self.names.get(rest)?, Form::Full),
            None => (self.names.get(&format!("{COUNTRY}{title}"))?, Form::Short),
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
                self.near.get(key, &mut candidates);
            }
        }
        // Only a law (「…法」) is matched by its stem: a local government
        // makes no laws, but its own 规定 and 办法 often share a national
        // regulation's subject (「重大行政决策程序暂行规定」).
        let is_law = title.ends_with('法') && !title.ends_with("办法");
        let title_stem = stem(&title).filter(|_| is_law);
        if let Some(s) = title_stem {
            candidates.extend(self.stems.get(s).into_iter().flatten());
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
            std::iter::once(&law.title)
                .chain(&law.short)
                .chain(with_country.as_ref())
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
        assert_eq!(
            contract.replaced_by.as_deref(),
            Some("中华人民共和国民法典")
        );
        assert!(contract.source.contains("第一千二百六十条"));
        for law in &list.laws {
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
            assert_eq!((law.title.as_str(), form), (name, Form::Full));
            assert!(!law.wants_full_title());
        }
        assert_eq!(
            list.near("中华人民共和国学位条列")
                .map(|l| l.title.as_str()),
            Some("学位条例")
        );
        let (law, form) = list.find("中华人民共和国信访条例").expect("regulation");
        assert_eq!((law.title.as_str(), form), ("信访条例", Form::Full));
        // Party documents never carry it.
        assert!(list.find("中华人民共和国中国共产党章程").is_none());
    }

    #[test]
    fn the_petitions_regulation_was_replaced_in_2022() {
        let list = builtin();
        let (old, _) = list.find("信访条例").expect("信访条例");
        assert_eq!(old.repealed, Some((2022, 5, 1)));
        assert_eq!(old.replaced_by.as_deref(), Some("信访工作条例"));
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
    fn near_table_finds_every_law_under_a_key() {
        let table = NearTable::new(&[(5, 0), (21, 1), (5, 2), (37, 3), (5, 2)]);
        let mut out = Vec::new();
        table.get(5, &mut out);
        out.sort_unstable();
        assert_eq!(out, vec![0, 2, 2]);
        out.clear();
        table.get(6, &mut out);
        assert!(out.is_empty());
        NearTable::default().get(5, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn near_misses_name_the_law() {
        let list = builtin();
        let near = |t: &str| list.near(t).map(|l| l.title.as_str());
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
