//! Converts the built-in rule packs (`rules/*.yaml`) to JSON at build
//! time: the binary reads them with serde_json, several times faster than
//! parsing YAML, which was a fifth of a cold start. The YAML text is still
//! compiled in (for the line numbers of rules and examples, and for
//! `--explain`); `packs::tests` checks that both give the same values.
//!
//! A built-in pack that is not valid YAML fails the build.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut entries: Vec<_> = std::fs::read_dir("rules")
        .expect("the rules folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let mut table = String::from(
        "/// The built-in packs as JSON, by the path of their YAML: (path, YAML length, JSON).\n\
         pub const BUILTIN_JSON: &[(&str, usize, &str)] = &[\n",
    );
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let yaml = std::fs::read_to_string(&path).expect("a built-in pack is UTF-8 text");
        let value: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()));
        let json = serde_json::to_string(&value)
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
}
