//! rl-lint: a linter for 法治政府建设年度报告 (annual reports on rule-of-law
//! government construction). Data flows one way: input (decoding) →
//! document model → rule packs → checks → findings → output. Every face
//! (the command line in `src/main.rs`) calls [`engine::Engine::check`].

pub mod baseline;
pub mod batch;
pub mod checks;
pub mod config;
pub mod dictionary;
pub mod document;
pub mod docx;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod input;
pub mod languagetool;
pub mod limits;
pub mod lint;
pub mod lsp;
pub mod markdown;
pub mod outline;
pub mod parts;
pub mod pattern;
pub mod render;
pub mod rules;
pub mod selftest;
pub mod server;
pub mod textpos;
pub mod walk;
pub mod words;
