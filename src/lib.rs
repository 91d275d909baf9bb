//! rl-lint: a linter for the annual reports that Chinese governments and
//! their departments publish (法治政府建设年度报告, 政府信息公开工作年度报告).
//!
//! The modules are the stages of one pipeline, in the order data flows:
//!
//! 1. [`input`]: a file's bytes → decoded text (encodings, `.docx`,
//!    Markdown masked to spaces, the size limits);
//! 2. [`text`]: primitives on that text (spans, character classes,
//!    sentences, numerals, words, size-limited patterns);
//! 3. [`document`]: the report parsed once (blocks, headings, head and
//!    title, closing, tables) and its part map;
//!    [`finding`]: what a check reports (rule, severity, labelled spans,
//!    fixes), below every check;
//! 4. [`packs`]: the YAML rule packs (schema, loading, report types, the
//!    parts catalogue, YAML error locations);
//! 5. [`checks`]: one generic check kind per file, each reading the
//!    document model and the part map, never the raw text;
//! 6. [`engine`]: the one call every face makes (configuration and
//!    settings, linting, findings, fixes, outline, self-test, batches);
//! 7. [`render`]: findings → every output format; [`annotate`]: findings
//!    as comments in a copy of a `.docx`;
//! 8. the faces: [`server`] (the checker page, the JSON and LanguageTool
//!    APIs) and [`lsp`] (the language server); the command line is the
//!    binary (`src/main.rs`, `src/cli/`).
//!
//! A stage uses only the stages before it in this list, except that
//! [`text`]'s primitives sit below [`input`], which decodes into them;
//! `tests/stages.rs` holds that order and fails on an import from a later
//! stage. Every stage polls one [`deadline`]: a time budget and a cancel flag.
//! Files are replaced only through [`write`], never half-written.

pub mod deadline;
pub mod input;
pub mod text;
pub mod write;

pub mod document;
pub mod finding;

pub mod packs;

pub mod checks;

pub mod engine;

pub mod render;

pub mod annotate;

pub mod lsp;
pub mod server;
