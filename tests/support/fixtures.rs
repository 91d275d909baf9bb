//! The fixture reports in `tests/fixtures` and temporary files made from
//! them. The fixtures are read in place and never modified.
//!
//! Also included with `#[path]` by the benchmarks (`benches/`), so it uses
//! nothing but the standard library and `tempfile`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The five seed reports: real, unedited reports in `tests/fixtures`
/// (names without `.txt`).
pub const SEEDS: &[&str] = &[
    "bazhong-2022",
    "gaozhou-2020",
    "lucheng-2021",
    "xuwen-2024",
    "zhongshan-2020",
];

/// The package root, where `cargo test` runs the tests.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/NAME` (`NAME` with its extension and folder).
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The text of `tests/fixtures/NAME`, which must be UTF-8.
pub fn read_fixture(name: &str) -> String {
    let path = fixture(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The path of the seed report `name` (one of [`SEEDS`]).
pub fn seed_path(name: &str) -> PathBuf {
    fixture(&format!("{name}.txt"))
}

/// The text of the seed report `name`.
pub fn seed(name: &str) -> String {
    read_fixture(&format!("{name}.txt"))
}

/// The file names of the seeds (`NAME.txt`), in the order of [`SEEDS`].
pub fn seed_files() -> Vec<String> {
    SEEDS.iter().map(|name| format!("{name}.txt")).collect()
}

/// The texts of every seed, in the order of [`SEEDS`].
pub fn seed_texts() -> Vec<String> {
    SEEDS.iter().map(|name| seed(name)).collect()
}

/// A report with no error and no warning (`tests/fixtures/clean/`).
pub const CLEAN: &str = include_str!("../fixtures/clean/clean-2022.txt");

/// [`CLEAN`] as an owned text.
pub fn clean() -> String {
    CLEAN.to_string()
}

/// Writes `bytes` as `name` (which may name subfolders) into `dir`.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// Writes `bytes` as `name` into a fresh temporary folder, which lives as
/// long as the returned guard.
pub fn write_temp(name: &str, bytes: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), name, bytes);
    (dir, path)
}
