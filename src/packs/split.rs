//! A rule's keys split into its header (id, message, examples…) and its
//! check kind's parameters, and the part names the parameters use. It uses
//! only serde_yaml: build.rs compiles this file too, to write the built-in
//! packs' rules already split ([`presplit`]), so that the binary reads each
//! straight into its header and parameters.

use serde_yaml::{Mapping, Value};

/// The keys every rule has; everything else belongs to its check kind.
pub const HEADER_KEYS: &[&str] = &[
    "id", "severity", "message", "help", "basis", "label", "examples",
];

/// A rule's mapping as its header's keys and the rest.
pub fn split_header(map: Mapping) -> (Mapping, Mapping) {
    let mut header = Mapping::new();
    let mut rest = Mapping::new();
    for (key, value) in map {
        if key.as_str().is_some_and(|k| HEADER_KEYS.contains(&k)) {
            header.insert(key, value);
        } else {
            rest.insert(key, value);
        }
    }
    (header, rest)
}

/// The part names a rule's parameters use: `part`, `parts`,
/// `exclude_parts`, `before` (pairs) and a table's `part`.
pub fn named_parts(rest: &Mapping) -> Vec<String> {
    fn collect(value: &Value, names: &mut Vec<String>) {
        match value {
            Value::String(s) => names.push(s.clone()),
            Value::Sequence(items) => items.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    let mut names = Vec::new();
    for key in ["part", "parts", "exclude_parts", "before"] {
        if let Some(value) = rest.get(key) {
            collect(value, &mut names);
        }
    }
    if let Some(part) = rest.get("table").and_then(|t| t.get("part")) {
        collect(part, &mut names);
    }
    names
}

/// A pack with each rule written as `{header, spec, named_parts}` (see
/// `builder::PresplitRule`); a rule that is not a mapping stays as it is.
// build.rs calls it; in the library, only the tests.
#[cfg_attr(not(test), allow(dead_code))]
pub fn presplit(pack: &Value) -> Value {
    let mut pack = pack.clone();
    if let Some(Value::Sequence(rules)) = pack.get_mut("rules") {
        for rule in rules.iter_mut() {
            let Value::Mapping(map) = rule else { continue };
            let (header, rest) = split_header(std::mem::take(map));
            let parts = named_parts(&rest);
            let mut split = Mapping::new();
            split.insert("header".into(), Value::Mapping(header));
            split.insert("spec".into(), Value::Mapping(rest));
            split.insert(
                "named_parts".into(),
                Value::Sequence(parts.into_iter().map(Value::String).collect()),
            );
            *rule = Value::Mapping(split);
        }
    }
    pack
}
