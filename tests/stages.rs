//! The library's stages only look down: a module may use the stages
//! below it, never one above. The order is written here once, and in
//! CONTRIBUTING.md's architecture table; this test reads `src/` and fails
//! on any `crate::…` path in code (not in comments or unit tests) that
//! points from a stage to a higher one.

use std::collections::BTreeSet;
use std::path::Path;

/// The stages, lowest first. Modules on one line are one stage.
const STAGES: &[&[&str]] = &[
    &["deadline", "write"],
    &["text"],
    &["input"],
    &["schema"],
    &["document"],
    &["finding"],
    &["checks"],
    &["packs"],
    &["engine"],
    &["render", "annotate"],
    &["server", "lsp"],
];

/// Upward imports that are known and not yet undone, each as (from, to).
/// The test also fails when one of these no longer occurs, so the list
/// only shrinks. It is empty: keep it so.
const KNOWN: &[(&str, &str)] = &[];

fn stage(module: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&module))
}

/// The code of a file without comments, string literals' contents and
/// its `#[cfg(test)]` modules (a unit test may build what it tests with
/// any stage).
fn code(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_test = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let line = line.split(" //").next().unwrap_or(line);
        if trimmed.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        let opens = line.matches('{').count();
        let closes = line.matches('}').count();
        if pending_test && skip_depth.is_none() {
            // The item under `#[cfg(test)]`: a line of its own, or a block.
            pending_test = false;
            if opens == 0 {
                continue;
            }
            skip_depth = Some(depth);
        }
        depth = (depth + opens).saturating_sub(closes);
        if let Some(d) = skip_depth {
            if depth <= d && closes > 0 {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Every (from, to, file) where code in stage `from` names stage `to`.
fn edges() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_string())
            .unwrap_or_default();
        if stage(&top).is_none() {
            continue; // lib.rs, main.rs and the binary's cli/
        }
        let source = std::fs::read_to_string(&file).expect("read");
        let code = code(&source);
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if stage(&name).is_some() && name != top {
                found.push((top.clone(), name, relative.display().to_string()));
            }
        }
    }
    found
}

#[test]
fn every_module_of_src_has_a_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).expect("read src") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
        if ["lib", "main", "cli"].contains(&name) {
            continue;
        }
        assert!(
            stage(name).is_some(),
            "src/{name} has no stage in tests/stages.rs"
        );
    }
}

#[test]
fn stages_only_look_down() {
    let mut upward = BTreeSet::new();
    let mut wrong = Vec::new();
    for (from, to, file) in edges() {
        if stage(&to) > stage(&from) {
            upward.insert((from.clone(), to.clone()));
            if !KNOWN.contains(&(from.as_str(), to.as_str())) {
                wrong.push(format!("{file}: {from} uses crate::{to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports from a higher stage:\n{}",
        wrong.join("\n")
    );
    for (from, to) in KNOWN {
        assert!(
            upward.contains(&(from.to_string(), to.to_string())),
            "{from} no longer uses {to}: take it out of KNOWN"
        );
    }
}

#[test]
fn comments_and_unit_tests_are_not_code() {
    let source = "use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests {\n    use crate::c;\n}\nfn f() { crate::d(); }\n#[cfg(test)]\npub(crate) mod testing {\n    fn g() {\n        crate::e();\n    }\n}\n#[cfg(test)]\nuse crate::f;\nfn h() { crate::g(); }\n";
    let code = code(source);
    assert!(code.contains("crate::a") && code.contains("crate::d") && code.contains("crate::g"));
    for unit_test in ["crate::b", "crate::c", "crate::e", "crate::f"] {
        assert!(!code.contains(unit_test), "{unit_test} in {code}");
    }
}
