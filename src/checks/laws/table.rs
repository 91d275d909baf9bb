//! The law list as a table: parsed from `data/laws/*.tsv` and indexed
//! (by name, by stem, and by the names one character away). build.rs runs
//! this at build time and writes the result as Rust statics ([`emit`]):
//! a run then reads the list without parsing, hashing or allocating
//! anything. Built at start-up, it was a third of a cold check's CPU
//! (4 ms on the other core) and 400 page faults.
//!
//! It uses only std: build.rs compiles this file as its own module.

use std::collections::HashMap;
use std::fmt::Write;

/// The prefix of the full title of a national law (中华人民共和国行政处罚法).
pub const COUNTRY: &str = "中华人民共和国";

const NATIONAL_SOURCE: &str =
    "国家法律法规数据库（flk.npc.gov.cn），经 LawRefBook/Laws 数据库（2025年4月19日）";

pub type Date = (i32, u32, u32);

/// A year of adoption or revision, with its month and day where known.
pub type Version = (i32, Option<(u32, u32)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Constitution,
    Law,
    Regulation,
    /// Central party regulations and documents (纲要, 规定, 条例).
    Central,
}

/// How a title names a law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Short,
}

/// A law as the files give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub level: Level,
    pub title: String,
    pub short: Vec<String>,
    pub versions: Vec<Version>,
    pub effective: Option<Date>,
    pub repealed: Option<Date>,
    pub replaced_by: Option<String>,
    pub source: String,
}

/// The laws and their indexes; a law is named by its index in `laws`.
#[derive(Debug, Default)]
pub struct Table {
    pub laws: Vec<Row>,
    /// Every name a law is cited by, normalized, with the first law that
    /// has it and the form; sorted by name.
    pub names: Vec<(String, u16, Form)>,
    /// The name without 中华人民共和国 and without its kind (法, 条例…):
    /// 《政府信息公开法》 is 《政府信息公开条例》 under another kind.
    /// Sorted by stem.
    pub stems: Vec<(String, Vec<u16>)>,
    /// Every name of a law or regulation with one character deleted, and
    /// the name itself (the symmetric-deletion index of edit distance 1),
    /// as the hash of each such string ([`near_keys`]) with the law's
    /// index; sorted. A collision only adds a candidate, and candidates
    /// are compared with the title.
    pub near: Vec<(u64, u16)>,
}

/// The fewest characters a title must have to be matched nearly: a short
/// title one character away from another is another law (「税法」).
pub const NEAR_MIN_CHARS: usize = 5;

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
pub fn stem(name: &str) -> Option<&str> {
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
/// characters each (the index holds some 30,000 keys). Equal strings have equal keys; two strings that
/// collide are told apart by the comparison that follows the lookup.
pub fn near_keys(s: &str) -> impl Iterator<Item = u64> {
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

/// Parses the two files and indexes them.
pub fn parse(national: &str, documents: &str) -> Table {
    let mut list = Table::default();
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
            list.laws.push(Row {
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
        let [level, title, short, versions, effective, repealed, replaced_by, source] = fields[..]
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
            list.laws.push(Row {
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

impl Table {
    /// Fills the indexes from `laws`.
    fn index(&mut self) {
        let mut by_name: HashMap<String, (u16, Form)> = HashMap::new();
        let mut stems: HashMap<String, Vec<u16>> = HashMap::new();
        let mut near: Vec<(u64, u16)> = Vec::new();
        let add_near = |near: &mut HashMap<String, Vec<u16>>, key: String, index: u16| {
            let laws = near.entry(key).or_default();
            if !laws.contains(&index) {
                laws.push(index);
            }
        };
        for (index, law) in self.laws.iter().enumerate() {
            let index = u16::try_from(index).expect("fewer than 65,536 laws");
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
                by_name.entry(name.clone()).or_insert((index, *form));
            }
            if !matches!(law.level, Level::Law | Level::Regulation) {
                continue;
            }
            for (name, _) in &names {
                if let Some(stem) = stem(name) {
                    add_near(&mut stems, stem.to_string(), index);
                }
                if name.chars().count() >= NEAR_MIN_CHARS && !name.contains("修正案") {
                    near.extend(near_keys(name).map(|key| (key, index)));
                }
            }
        }
        self.names = by_name.into_iter().map(|(n, (i, f))| (n, i, f)).collect();
        self.names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.stems = stems.into_iter().collect();
        self.stems.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        near.sort_unstable();
        near.dedup();
        self.near = near;
    }
}

/// An open-addressing index of `keys` (hashes): each slot holds the
/// position in `keys` of one key, or [`EMPTY`]; at most half the slots
/// are full, and a key sits at its low bits or in the run after them.
/// With `runs`, `keys` is sorted and only the first of equal keys is
/// indexed: a lookup reads the others after it.
pub fn slots(keys: &[u64], runs: bool) -> Vec<u32> {
    let size = (keys.len() * 2).next_power_of_two().max(16);
    let mask = size - 1;
    let mut slots = vec![EMPTY; size];
    for (i, &key) in keys.iter().enumerate() {
        if runs && i > 0 && keys[i - 1] == key {
            continue;
        }
        let mut at = key as usize & mask;
        while slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        slots[at] = u32::try_from(i).expect("fewer than 2^32 keys");
    }
    slots
}

/// An empty slot of [`slots`].
pub const EMPTY: u32 = u32::MAX;

/// The key of a name in the name index: FNV-1a over its bytes, spread.
pub fn name_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The table as Rust source: `static LAWS`, `NAMES`, `STEMS`,
/// `NEAR_KEYS`, `NEAR_LAWS`, and the hash indexes of the names and the
/// near-miss keys (`NAME_SLOTS`, `NEAR_SLOTS`, see [`slots`]), for `include!` where `Law`, `Level` and
/// `Form` are in scope. Debug formatting of strings, numbers, options and
/// tuples is valid Rust.
pub fn emit(table: &Table) -> String {
    let mut out = String::with_capacity(2 << 20);
    let n = table.laws.len();
    let _ = writeln!(out, "static LAWS: [Law; {n}] = [");
    for law in &table.laws {
        let _ = writeln!(
            out,
            "    Law {{ level: Level::{:?}, title: {:?}, short: &{:?}, versions: &{:?}, effective: {:?}, repealed: {:?}, replaced_by: {:?}, source: {:?} }},",
            law.level,
            law.title,
            law.short,
            law.versions,
            law.effective,
            law.repealed,
            law.replaced_by,
            law.source
        );
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "static NAMES: [(&str, u16, Form); {}] = [",
        table.names.len()
    );
    for (name, law, form) in &table.names {
        let _ = writeln!(out, "    ({name:?}, {law}, Form::{form:?}),");
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "static STEMS: [(&str, &[u16]); {}] = [",
        table.stems.len()
    );
    for (stem, laws) in &table.stems {
        let _ = writeln!(out, "    ({stem:?}, &{laws:?}),");
    }
    out.push_str("];\n");
    let _ = write!(out, "static NEAR_KEYS: [u64; {}] = [", table.near.len());
    for (key, _) in &table.near {
        let _ = write!(out, "{key},");
    }
    out.push_str("];\n");
    let _ = write!(out, "static NEAR_LAWS: [u16; {}] = [", table.near.len());
    for (_, law) in &table.near {
        let _ = write!(out, "{law},");
    }
    out.push_str("];\n");
    let names: Vec<u64> = table.names.iter().map(|(n, _, _)| name_key(n)).collect();
    let near: Vec<u64> = table.near.iter().map(|(k, _)| *k).collect();
    for (name, slots) in [
        ("NAME_SLOTS", slots(&names, false)),
        ("NEAR_SLOTS", slots(&near, true)),
    ] {
        let _ = write!(out, "static {name}: [u32; {}] = [", slots.len());
        for slot in slots {
            let _ = write!(out, "{slot},");
        }
        out.push_str("];\n");
    }
    out
}
