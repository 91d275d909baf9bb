//! Snapshots of the findings on every seed report, one test per seed so
//! that a change in one does not hide the others: the compact listing of
//! `support::compact` (what each finding says and where, once), and the
//! rendered diagnostics a writer sees (no colour, fixed width) for one
//! seed. The JSON shape is pinned once, by `formats.json-contract`; the
//! other formats by `tests/formats.rs`. Stored in the top-level
//! `snapshots/` folder; review changes with `cargo insta review`.

mod support;

use support::cli::run_no_config;
use support::compact::compact;
use support::fixtures::SEEDS;

fn listing(name: &str) {
    let path = format!("tests/fixtures/{name}.txt");
    let out = run_no_config(["--format", "json", &path]);
    assert!(out.code <= 1, "{name}: {}", out.stderr);
    snapshot!(name, compact(&out.findings()));
}

macro_rules! seeds {
    ($($test:ident => $name:literal,)*) => {
        $(#[test] fn $test() { listing($name); })*

        /// Every seed has its test.
        #[test]
        fn every_seed_is_snapshotted() {
            assert_eq!([$($name),*], SEEDS);
        }
    };
}

seeds! {
    bazhong_2022 => "bazhong-2022",
    gaozhou_2020 => "gaozhou-2020",
    lucheng_2021 => "lucheng-2021",
    xuwen_2024 => "xuwen-2024",
    zhongshan_2020 => "zhongshan-2020",
}

/// The diagnostics as the terminal shows them, with the summary line.
#[test]
fn rendered_diagnostics() {
    let out = run_no_config([
        "--color",
        "never",
        "--width",
        "100",
        "tests/fixtures/bazhong-2022.txt",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    snapshot!("bazhong-2022.full", out.stdout);
}
