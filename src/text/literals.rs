//! The literals a regex's matches must hold, read from its syntax
//! (regex-syntax), without compiling it: the literals every match begins
//! (or ends) with, which the rule gate looks for
//! ([`required_literals`]), and the sets of literals every match holds
//! one of ([`factors`]), which a pattern looks for before it compiles.
//!
//! build.rs runs these on every string of the built-in packs and writes
//! the results as a static table ([`emit`]) that `text::pattern` reads:
//! parsing the patterns for them was a fifth of a cold start. It compiles
//! this file as its own module, so it uses only std and regex-syntax.

use std::fmt::Write;

/// A factor of more literals than this is not worth looking for.
pub const MAX_FACTOR_LITERALS: usize = 32;
/// Nor more factors than this: the most selective are kept.
pub const MAX_FACTORS: usize = 6;

/// A set of literals one of which every match holds.
pub type Factor = Vec<Vec<u8>>;

/// Sorts the most selective factor first: the longest shortest literal,
/// then the fewest literals.
fn selectivity(set: &Factor) -> (std::cmp::Reverse<usize>, usize) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (std::cmp::Reverse(shortest), set.len())
}

/// The factors every match of `hir` needs: a literal needs itself, a small
/// class one of its characters, a sequence what each of its parts needs, a
/// repetition at least once what its part needs, and an alternation one of
/// its branches' best factors. Anything else (a look-around, an optional
/// part, a large class) needs nothing. Linear in the size of the syntax;
/// its depth is bounded by the parser's nesting limit.
fn needed(hir: &regex_syntax::hir::Hir) -> Vec<Factor> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(lit) => vec![vec![lit.0.to_vec()]],
        HirKind::Class(Class::Unicode(class)) => {
            let count: u32 = class
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if count as usize > MAX_FACTOR_LITERALS {
                return Vec::new();
            }
            let chars = class.iter().flat_map(|r| r.start()..=r.end());
            vec![chars.map(|c| c.to_string().into_bytes()).collect()]
        }
        HirKind::Class(Class::Bytes(class)) => {
            let count: usize = class
                .iter()
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            if count > MAX_FACTOR_LITERALS {
                return Vec::new();
            }
            vec![class
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|b| vec![b])
                .collect()]
        }
        HirKind::Capture(capture) => needed(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => needed(&rep.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(needed).collect(),
        HirKind::Alternation(branches) => {
            let mut union: Factor = Vec::new();
            for branch in branches {
                let best = needed(branch).into_iter().min_by_key(selectivity);
                match best {
                    Some(best) if union.len() + best.len() <= MAX_FACTOR_LITERALS => {
                        union.extend(best)
                    }
                    _ => return Vec::new(),
                }
            }
            union.sort();
            union.dedup();
            vec![union]
        }
        _ => Vec::new(),
    }
}

/// See `Pattern::required_literals`. The parser has the `regex` crate's
/// defaults (Unicode, case-sensitive unless the pattern says `(?i)`), so
/// it reads a pattern as the regex does. The literals every match begins
/// with, or failing those the literals every match ends with: either way
/// a match holds one of them.
pub fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::ExtractKind;
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    literals_of(&hir, ExtractKind::Prefix).or_else(|| literals_of(&hir, ExtractKind::Suffix))
}

fn literals_of(
    hir: &regex_syntax::hir::Hir,
    kind: regex_syntax::hir::literal::ExtractKind,
) -> Option<Vec<Vec<u8>>> {
    let seq = regex_syntax::hir::literal::Extractor::new()
        .kind(kind)
        .extract(hir);
    let literals = seq.literals()?;
    // No literal: the regex matches nothing (or the extractor gave up);
    // an empty one: a match may begin (or end) anywhere.
    if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The sets of literals every match of `pattern` holds one of: those of
/// each part of a top-level sequence every match goes through, and the
/// literals every match begins with and ends with; the most selective
/// first, at most [`MAX_FACTORS`]; none when the pattern does not parse.
pub fn factors(pattern: &str) -> Vec<Factor> {
    use regex_syntax::hir::literal::ExtractKind;
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return Vec::new();
    };
    let mut sets: Vec<Factor> = needed(&hir);
    sets.extend(literals_of(&hir, ExtractKind::Prefix));
    sets.extend(literals_of(&hir, ExtractKind::Suffix));
    sets.retain(|set| !set.is_empty() && set.len() <= MAX_FACTOR_LITERALS);
    sets.sort_by_key(selectivity);
    sets.dedup();
    sets.truncate(MAX_FACTORS);
    sets
}

/// The keys of a pack whose values are never patterns: a rule's texts
/// and examples.
const TEXT_KEYS: &[&str] = &[
    "id",
    "pack",
    "description",
    "message",
    "help",
    "basis",
    "label",
    "examples",
    "severity",
    "kind",
];

/// Every string of a pack (a parsed YAML value) outside [`TEXT_KEYS`]
/// that parses as a regex, added to `out`.
pub fn pack_patterns(value: &serde_yaml::Value, out: &mut Vec<String>) {
    use serde_yaml::Value;
    match value {
        Value::String(s) if regex_syntax::ParserBuilder::new().build().parse(s).is_ok() => {
            out.push(s.clone());
        }
        Value::Sequence(items) => items.iter().for_each(|v| pack_patterns(v, out)),
        Value::Mapping(map) => {
            for (key, v) in map {
                if !key.as_str().is_some_and(|k| TEXT_KEYS.contains(&k)) {
                    pack_patterns(v, out);
                }
            }
        }
        Value::Tagged(tagged) => pack_patterns(&tagged.value, out),
        _ => {}
    }
}

/// The table of `patterns` (sorted and deduplicated here) as Rust
/// source: `static ANALYSED: [Analysis; N]`, each entry the pattern, its
/// [`required_literals`] and its [`factors`], literals as byte arrays.
pub fn emit(mut patterns: Vec<String>) -> String {
    patterns.sort_unstable();
    patterns.dedup();
    let mut out = String::new();
    let _ = writeln!(out, "static ANALYSED: [Analysis; {}] = [", patterns.len());
    for pattern in &patterns {
        let required = match required_literals(pattern) {
            Some(set) => format!("Some(&{})", set_source(&set)),
            None => "None".to_string(),
        };
        let factors: Vec<String> = factors(pattern)
            .iter()
            .map(|f| format!("&{}", set_source(f)))
            .collect();
        let _ = writeln!(
            out,
            "    ({pattern:?}, {required}, &[{}]),",
            factors.join(", ")
        );
    }
    out.push_str("];\n");
    out
}

/// A set of literals as Rust source: `[&[..], &[..]]`.
fn set_source(set: &[Vec<u8>]) -> String {
    let items: Vec<String> = set.iter().map(|lit| format!("&{lit:?}")).collect();
    format!("[{}]", items.join(", "))
}
