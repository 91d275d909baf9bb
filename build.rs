//! Converts the built-in rule packs (`rules/*.yaml`) to JSON at build
//! time: the binary reads them with serde_json, several times faster than
//! parsing YAML, which was a fifth of a cold start. The YAML text is still
//! compiled in (for the line numbers of rules and examples, and for
//! `--explain`); `packs::tests` checks that both give the same values.
//!
//! A built-in pack that is not valid YAML fails the build.
//!
//! It also writes the literals of the packs' patterns (`text::literals`)
//! and the law list (`write_laws`) as Rust statics, and links
//! the program without position independence (`link_without_pie`).

use std::path::Path;

// The literal analysis of patterns, shared with the library.
#[allow(dead_code)]
#[path = "src/text/literals.rs"]
mod literals;

// A rule's header and parameters, split as the library splits them.
#[path = "src/packs/split.rs"]
mod split;

// The law list's parser and indexes, shared with the library.
#[allow(dead_code)]
#[path = "src/checks/laws/table.rs"]
mod laws;

fn main() {
    link_without_pie();
    write_laws();
    println!("cargo:rerun-if-changed=rules");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut entries: Vec<_> = std::fs::read_dir("rules")
        .expect("the rules folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let mut patterns = Vec::new();
    let mut table = String::from(
        "/// The built-in packs as JSON, by the path of their YAML: (path, YAML length, JSON).\n\
         pub const BUILTIN_JSON: &[(&str, usize, &str)] = &[\n",
    );
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let yaml = std::fs::read_to_string(&path).expect("a built-in pack is UTF-8 text");
        let value: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()));
        literals::pack_patterns(&value, &mut patterns);
        let json = serde_json::to_string(&split::presplit(&value))
            .unwrap_or_else(|e| panic!("{}: cannot be written as JSON: {e}", path.display()));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        let target = Path::new(&out).join(format!("{name}.json"));
        std::fs::write(&target, json).expect("write the JSON of a pack");
        table.push_str(&format!(
            "    (\"rules/{name}\", {}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}.json\"))),\n",
            yaml.len()
        ));
    }
    table.push_str("];\n");
    std::fs::write(Path::new(&out).join("builtin_packs.rs"), table).expect("write the pack table");
    std::fs::write(
        Path::new(&out).join("pattern_literals.rs"),
        literals::emit(patterns),
    )
    .expect("write the patterns' literals");
    println!("cargo:rerun-if-changed=src/text/literals.rs");
    println!("cargo:rerun-if-changed=src/packs/split.rs");
}

/// Links the `rl-lint` program at a fixed address on Linux (glibc): a
/// position-independent program has some 58,000 pointers in its tables
/// (vtables, string tables, the dependencies' static data) that the
/// loader patches at every start, which copies 280 pages of the binary
/// into memory: a millisecond of each run, a tenth of a cold check. The
/// library and the tests are built as before.
fn link_without_pie() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Parses and indexes the law list (`data/laws/`) into `laws.rs`, the
/// statics that `checks::laws` includes.
fn write_laws() {
    println!("cargo:rerun-if-changed=data/laws");
    println!("cargo:rerun-if-changed=src/checks/laws/table.rs");
    let read = |name: &str| {
        std::fs::read_to_string(Path::new("data/laws").join(name))
            .unwrap_or_else(|e| panic!("data/laws/{name}: {e}"))
    };
    let table = laws::parse(&read("national.tsv"), &read("documents.tsv"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("laws.rs"), laws::emit(&table))
        .expect("write the law list");
}
