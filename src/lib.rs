//! rl-lint: a linter for the annual reports that Chinese governments and
//! their departments publish (法治政府建设年度报告, 政府信息公开工作年度报告).
//!
//! The modules are the stages of one pipeline, in the order data flows:
//!
//! 1. [`input`]: a file's bytes → decoded text (encodings, `.docx`,
//!    Markdown masked to spaces, the size limits);
//! 2. [`text`]: primitives on that text (spans, character classes,
//!    sentences, numerals, words, size-limited patterns);
//! 3. [`schema`]: what packs declare that the document model reads (the
//!    parts catalogue, a report type's deadline);
//! 4. [`document`]: the report parsed once (blocks, headings, head and
//!    title, closing, tables) and its part map;
//! 5. [`finding`]: what a check reports (rule, severity, labelled spans,
//!    fixes);
//! 6. [`checks`]: one generic check kind per file, each reading the
//!    document model and the part map, never the raw text;
//! 7. [`packs`]: the YAML rule packs loaded into checks (schema, loading,
//!    report types, the gate, YAML error locations);
//! 8. [`engine`]: the one call every face makes (configuration and
//!    settings, linting, fixes, outline, self-test, batches);
//! 9. [`render`]: findings → every output format; [`annotate`]: findings
//!    as comments in a copy of a `.docx`;
//! 10. the faces: [`server`] (the checker page, the JSON and LanguageTool
//!     APIs) and [`lsp`] (the language server); the command line is the
//!     binary (`src/main.rs`, `src/cli/`).
//!
//! A stage uses only the stages before it in this list, except that
//! [`text`]'s primitives sit below [`input`], which decodes into them;
//! `tests/stages.rs` holds that order and fails on an import from a later
//! stage. Every stage polls one [`deadline`]: a time budget and a cancel flag.
//! Files are replaced only through [`write`], never half-written.

pub mod deadline;
pub mod write;

pub mod text;

pub mod input;

pub mod schema;

pub mod document;

pub mod finding;

pub mod checks;

pub mod packs;

pub mod engine;

pub mod annotate;
pub mod render;

pub mod lsp;
pub mod server;
