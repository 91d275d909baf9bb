//! Code shared by the end-to-end tests: each file of `tests/` declares
//! `mod support;` and uses what it needs. Nothing here is copied into a
//! test file.
//!
//! - [`fixtures`]: the fixture reports, temporary files;
//! - [`cli`]: the binary run end to end, fields of its JSON findings;
//! - [`child`]: the binary run as a child under a watchdog, with its peak
//!   memory (no test asserts wall time);
//! - [`compact`]: the compact listing of findings that snapshots store,
//!   and [`snapshot!`](crate::snapshot) to store one in `snapshots/`;
//! - [`outline`]: one report through the engine call, as outline and
//!   findings;
//! - [`corpus`]: many reports generated from the seeds (also used by the
//!   benchmarks);
//! - [`docx`]: `.docx` files built in the tests;
//! - [`gongwen`]: a `.docx` laid out exactly to GB/T 9704, and its variants;
//! - [`gongkai`]: the 政府信息公开 reports, and copies with a defect put in;
//! - [`languagetool`]: reading LanguageTool answers;
//! - [`ofd`]: OFD packages laid out from a report's text;
//! - [`invariants`]: what every run must keep (also used by `fuzz/`);
//! - [`page`]: reading the HTML of the checker and review pages;
//! - [`schemes`]: reports with their top level in another heading scheme;
//! - [`script`]: reports turned into traditional characters;
//! - [`server`]: a checker server in the test's process;
//! - [`word97`]: Word 97–2003 `.doc` files built in the tests (also
//!   used by `fuzz/`);
//! - [`work`]: the allocations and CPU time of a check, compared across
//!   sizes for the growth tests.
//!
//! `fixtures`, `corpus`, `docx` and `invariants` are also included with
//! `#[path]` by `benches/` and `fuzz/`, so they stand alone (`corpus` next
//! to `fixtures`).

#![allow(dead_code)]

pub mod child;
pub mod cli;
pub mod compact;
pub mod corpus;
pub mod docx;
pub mod fixtures;
pub mod gongkai;
pub mod gongwen;
pub mod invariants;
pub mod languagetool;
pub mod ofd;
pub mod outline;
pub mod page;
pub mod schemes;
pub mod script;
pub mod server;
pub mod word97;
pub mod work;

/// Asserts an insta snapshot stored as `snapshots/NAME.snap`.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
