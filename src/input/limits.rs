//! Limits on what rl-lint reads, so that a huge report, a runaway stream
//! on standard input or a hostile rule pack fails with a clear message
//! instead of eating the machine's memory or time.
//!
//! - reports: at most [`DEFAULT_MAX_FILE_SIZE`] bytes unless raised with
//!   `--max-file-size` or `max-file-size` in `.rl-lint.yaml`;
//! - rule packs and configuration files: at most [`MAX_PACK_SIZE`] bytes and
//!   [`MAX_YAML_VALUES`] YAML values once aliases are expanded (a "billion
//!   laughs" alias bomb stops at the budget, before it is built);
//! - rules: at most [`MAX_RULES`] in all loaded packs together, and
//!   [`MAX_PARTS`] part definitions.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Default largest report, in bytes (64 MB). Real reports are well under
/// 1 MB; the limit only stops a wrong file (a database dump, a log) from
/// being read whole.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * MB;

/// Largest rule pack or configuration file, in bytes (4 MB).
pub const MAX_PACK_SIZE: u64 = 4 * MB;

/// Most rules in all loaded packs together. The built-in packs have about
/// 150. A rule whose words a report does not hold costs that report
/// nothing (`packs::gate`), so the limit is what loading costs: each user
/// rule is parsed and its regexes compiled once per process (about 0.1 ms
/// a rule, see docs/performance.md).
pub const MAX_RULES: usize = 10_000;

/// Most part definitions in all loaded packs together.
pub const MAX_PARTS: usize = 500;

/// Most YAML values (scalars, sequences, mappings) one pack or
/// configuration file may hold once its aliases are expanded.
pub const MAX_YAML_VALUES: usize = 1_000_000;

const KB: u64 = 1024;
const MB: u64 = 1024 * KB;
const GB: u64 = 1024 * MB;

/// Parses a size such as `64MB`, `512KB`, `1GB` or `1000000` (bytes).
/// Units are powers of 1024 (`MB` = `MiB` = 1024 × 1024 bytes); case and a
/// space before the unit do not matter.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let unit_size = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => KB,
        "M" | "MB" | "MIB" => MB,
        "G" | "GB" | "GIB" => GB,
        _ => return Err(format!("`{text}` is not a size such as 64MB, 512KB or 1GB")),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 64MB, 512KB or 1GB"))?;
    match number.checked_mul(unit_size) {
        Some(0) => Err("the size limit must be more than 0".to_string()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("`{text}` is too large")),
    }
}

/// A size for messages: `64 MB`, `1.5 MB`, `300 KB`, `12 bytes`.
pub fn format_size(bytes: u64) -> String {
    let scaled = |unit: u64, name: &str| {
        let tenths = (u128::from(bytes) * 10 + u128::from(unit) / 2) / u128::from(unit);
        if tenths % 10 == 0 {
            format!("{} {name}", tenths / 10)
        } else {
            format!("{}.{} {name}", tenths / 10, tenths % 10)
        }
    };
    if bytes >= GB {
        scaled(GB, "GB")
    } else if bytes >= MB {
        scaled(MB, "MB")
    } else if bytes >= KB {
        scaled(KB, "KB")
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a rule pack or configuration file, refusing one over
/// [`MAX_PACK_SIZE`]. The error is the message to show with the path.
pub fn read_yaml_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_large = |size: String| {
        format!(
            "the file is {size}, over the limit of {} for rule packs and configuration files",
            format_size(MAX_PACK_SIZE)
        )
    };
    if size > MAX_PACK_SIZE {
        return Err(too_large(format_size_over(size, MAX_PACK_SIZE)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_PACK_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_PACK_SIZE {
        return Err(too_large(format!(
            "more than {}",
            format_size(MAX_PACK_SIZE)
        )));
    }
    Ok(bytes)
}

/// Help for the errors that mean a YAML file expands too much.
pub fn yaml_help(message: &str) -> Option<&'static str> {
    let expands = [
        YAML_TOO_LARGE,
        "repetition limit exceeded",
        "recursion limit exceeded",
    ];
    expands.iter().any(|m| message.contains(m)).then_some(
        "the file nests too deeply or uses anchors and aliases (`&name`, `*name`) that repeat too much (an \"alias bomb\"); write the values out instead",
    )
}

/// The size of something over `limit`, precise enough to differ from the
/// limit as shown: not "4 MB, over the limit of 4 MB".
pub fn format_size_over(size: u64, limit: u64) -> String {
    let shown = format_size(size);
    if shown == format_size(limit) {
        format!("{size} bytes")
    } else {
        shown
    }
}

/// Fails when the YAML in `src` holds more than `budget` values once its
/// aliases are expanded. Nothing is built: the values are counted as the
/// parser replays them, and counting stops at the budget, so an alias bomb
/// fails in milliseconds. serde_yaml's own repetition limit stops deeply
/// nested bombs, but not one wide alias repeated many times.
pub fn check_yaml_size(src: &str, budget: usize) -> Result<(), serde_yaml::Error> {
    let counter = Counter {
        budget,
        left: Cell::new(budget),
    };
    let deserializer = serde_yaml::Deserializer::from_str(src);
    // Only the first document matters: packs and configurations have one.
    match deserializer.into_iter().next() {
        Some(document) => counter.deserialize(document),
        None => Ok(()),
    }
}

/// The message of the error [`check_yaml_size`] returns when over budget.
pub const YAML_TOO_LARGE: &str = "the YAML expands to too many values";

struct Counter {
    budget: usize,
    left: Cell<usize>,
}

impl Counter {
    fn take<E: de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "{YAML_TOO_LARGE} (more than {} after expanding aliases)",
                self.budget
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for &Counter {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &Counter {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.take()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.take()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.take()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.take()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.take()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag x`): the tag and the value count.
        use de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("64MB"), Ok(64 * MB));
        assert_eq!(parse_size("64 mb"), Ok(64 * MB));
        assert_eq!(parse_size("512KiB"), Ok(512 * KB));
        assert_eq!(parse_size("1G"), Ok(GB));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("10B"), Ok(10));
        assert!(parse_size("").is_err());
        assert!(parse_size("MB").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1MB").is_err());
        assert!(parse_size("1.5MB").is_err());
        assert!(parse_size("64 TB").is_err());
        assert!(parse_size("99999999999999999999GB").is_err());
        assert!(parse_size("9999999999999GB").is_err());
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(format_size(12), "12 bytes");
        assert_eq!(format_size(300 * KB), "300 KB");
        assert_eq!(format_size(64 * MB), "64 MB");
        assert_eq!(format_size(3 * MB / 2), "1.5 MB");
        assert_eq!(format_size(2 * GB), "2 GB");
        assert_eq!(format_size(u64::MAX), "17179869184 GB");
        assert_eq!(format_size_over(4 * MB + 10, 4 * MB), "4194314 bytes");
        assert_eq!(format_size_over(5 * MB, 4 * MB), "5 MB");
    }

    #[test]
    fn counts_yaml_values() {
        let src = "a: [1, 2, {b: c}]\nd: ~\ne: !tag x\n";
        // Root map, a, seq, 1, 2, map, b, c, d, null, e, tag, x.
        assert!(check_yaml_size(src, 13).is_ok());
        assert!(check_yaml_size(src, 12).is_err());
        assert!(check_yaml_size("", 1).is_ok());
    }

    /// Built-in packs are parsed without this count
    /// (`RuleSetBuilder::add_builtin`): they must stay far within it.
    #[test]
    fn builtin_packs_are_within_the_yaml_budget() {
        for (path, src) in crate::packs::BUILTIN_PACKS {
            assert!(
                check_yaml_size(src, MAX_YAML_VALUES / 100).is_ok(),
                "{path}"
            );
        }
    }

    #[test]
    fn a_wide_alias_bomb_stops_at_the_budget() {
        // 20,000 × 2,000 = 40 million values from 46 KB of YAML; serde_yaml
        // alone builds them (4 GB) before failing.
        let wide = format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; 20_000].join(","),
            vec!["*a"; 2_000].join(",")
        );
        // Counted, not built: building them takes minutes and 4 GB, which
        // tests/bad_input.rs's `wide_alias_bomb` bounds by its memory.
        let err = check_yaml_size(&wide, MAX_YAML_VALUES).unwrap_err();
        assert!(err.to_string().contains(YAML_TOO_LARGE), "{err}");
    }
}
