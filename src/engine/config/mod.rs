//! `.rl-lint.yaml`: which packs to load, which rules to run, severity
//! overrides, per-file ignores, the reported year and the publication
//! deadline. Found in the current folder or the nearest parent; paths in it
//! are relative to the file. Unknown keys and rule ids are errors that point
//! at the YAML line.

// A config error carries the YAML source to point into; it happens at most
// once per run, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::document::date::parse_month_day;
use crate::finding::Severity;
use crate::packs::{PackError, RuleSet, RuleSetBuilder, BUILTIN_PACKS};
use globset::{Glob, GlobMatcher};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names searched for, in this order, in each folder.
pub const CONFIG_NAMES: &[&str] = &[".rl-lint.yaml", ".rl-lint.yml"];

/// The commented starter written by `rl-lint init`.
pub const STARTER: &str = include_str!("starter.yaml");

/// A problem in a configuration file, shown on its YAML source.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("invalid configuration {path}: {message}")]
#[diagnostic(code(config::invalid))]
pub struct ConfigError {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{message}")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    fn new(path: &Path, src: &str, span: Option<(usize, usize)>, message: String) -> Self {
        let shown = path.display().to_string();
        ConfigError {
            src: NamedSource::new(&shown, src.to_string()),
            path: shown,
            span: span.map(|(s, e)| SourceSpan::new(s.into(), e.saturating_sub(s))),
            message,
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum SetupError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pack(#[from] PackError),
}

/// The keys of `.rl-lint.yaml`, as [`ConfigFile`] reads them (for the
/// help on an unknown key and the reference in docs/configuration.md).
pub const KEYS: &[&str] = &[
    "packs",
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "exclude",
    "year",
    "deadline",
    "type",
    "baseline",
    "max-file-size",
];

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    packs: Option<Vec<String>>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    year: Option<i32>,
    deadline: Option<String>,
    /// The report type of every report (`fazhi`, `gongkai`, `none`).
    #[serde(rename = "type")]
    report_type: Option<String>,
    baseline: Option<String>,
    /// `64MB`, `512KB` or a number of bytes.
    max_file_size: Option<serde_yaml::Value>,
}

/// A glob over paths relative to the configuration's folder. Like
/// .gitignore, a pattern without `/` matches a file or folder name at any
/// depth, and a trailing `/` is allowed.
#[derive(Debug, Clone)]
pub struct PathPattern {
    pub pattern: String,
    matcher: GlobMatcher,
    name_only: bool,
}

impl PathPattern {
    pub fn new(pattern: &str) -> Result<PathPattern, globset::Error> {
        let trimmed = pattern.trim_end_matches('/');
        let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
        Ok(PathPattern {
            pattern: pattern.to_string(),
            matcher: Glob::new(trimmed)?.compile_matcher(),
            name_only: !trimmed.contains('/'),
        })
    }

    /// Whether `path` (as given or found by walking) matches, resolving it
    /// against `root`.
    pub fn matches(&self, path: &Path, root: &Path) -> bool {
        if self.name_only {
            if let Some(name) = path.file_name() {
                if self.matcher.is_match(Path::new(name)) {
                    return true;
                }
            }
        }
        self.matcher.is_match(relative_to(path, root))
    }
}

/// Rules to skip for files matching a glob.
#[derive(Debug, Clone)]
pub struct FileIgnore {
    pub pattern: PathPattern,
    pub selectors: Vec<String>,
}

/// A loaded configuration, with paths resolved against its folder.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// Folder that relative paths and globs are resolved against.
    pub root: PathBuf,
    src: String,
    /// `None`: every built-in pack.
    packs: Option<Vec<(String, PackSource)>>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by id or prefix.
    pub severity: Vec<(String, Severity)>,
    pub per_file_ignores: Vec<FileIgnore>,
    /// Files and folders to skip when walking folders.
    pub exclude: Vec<PathPattern>,
    pub year: Option<i32>,
    /// `(month, day)` in the year after the reported one.
    pub deadline: Option<(u32, u32)>,
    /// The report type of every report, instead of telling it from each
    /// (`none`: the general packs only).
    pub report_type: Option<String>,
    /// Last year's report, to compare every report with (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// Largest report to read, in bytes (`--max-file-size` beats it).
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Clone)]
enum PackSource {
    Builtin(&'static str, &'static str),
    Local(PathBuf),
}

impl Config {
    /// The configuration for a run: `explicit` (`--config`) if given,
    /// otherwise the nearest `.rl-lint.yaml` from `start` upwards, otherwise
    /// the defaults.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Config, ConfigError> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        match Config::find(start) {
            Some(candidate) => {
                // Shown in messages: `.rl-lint.yaml` rather than the
                // absolute path when it is in the starting folder.
                let shown = candidate.strip_prefix(start).unwrap_or(&candidate);
                Config::load(shown)
            }
            None => Ok(Config::defaults(start)),
        }
    }

    /// The nearest configuration file from `start` upwards, as
    /// [`Config::discover`] finds it (the language server loads it by this
    /// path, since its working folder is not the document's).
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .flat_map(|folder| CONFIG_NAMES.iter().map(move |name| folder.join(name)))
            .find(|candidate| candidate.is_file())
    }

    /// No file: every built-in pack, every rule.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            ..Config::default()
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let src = crate::input::limits::read_yaml_file(path)
            .map_err(|message| ConfigError::new(path, "", None, message))?;
        let src = String::from_utf8(src).map_err(|_| {
            ConfigError::new(path, "", None, "the file must be UTF-8 text".to_string())
        })?;
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Config::parse(path, &root, src)
    }

    /// Parses `src`; `path` is for messages, `root` resolves relative paths.
    pub fn parse(path: &Path, root: &Path, src: String) -> Result<Config, ConfigError> {
        // An empty or all-comment file is a valid, empty configuration.
        let file: ConfigFile = if src.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        }) {
            ConfigFile::default()
        } else {
            crate::input::limits::check_yaml_size(&src, crate::input::limits::MAX_YAML_VALUES)
                .map_err(|e| yaml_error(path, &src, &e))?;
            serde_yaml::from_str(&src).map_err(|e| yaml_error(path, &src, &e))?
        };
        let at = |key: &str, value: &str| Some(find_value(&src, key, value));

        let packs = match file.packs {
            None => None,
            Some(entries) => {
                let mut packs = Vec::new();
                for entry in entries {
                    let source = match builtin_pack(&entry) {
                        Some((p, s)) => PackSource::Builtin(p, s),
                        None => {
                            let local = root.join(&entry);
                            if !local.exists() {
                                return Err(ConfigError::new(
                                    path,
                                    &src,
                                    at("packs", &entry),
                                    format!("`{entry}` is neither a built-in pack nor a file or folder"),
                                )
                                .with_help(format!(
                                    "built-in packs: {}; local paths are relative to the configuration file",
                                    builtin_names().join(", ")
                                )));
                            }
                            PackSource::Local(local)
                        }
                    };
                    packs.push((entry, source));
                }
                Some(packs)
            }
        };

        let mut per_file_ignores = Vec::new();
        let compile = |key: &str, pattern: &str| {
            PathPattern::new(pattern).map_err(|e| {
                ConfigError::new(
                    path,
                    &src,
                    at(key, pattern),
                    format!("invalid glob `{pattern}`: {}", e.kind()),
                )
            })
        };
        for (pattern, selectors) in file.per_file_ignores {
            per_file_ignores.push(FileIgnore {
                pattern: compile("per-file-ignores", &pattern)?,
                selectors,
            });
        }
        let exclude = file
            .exclude
            .iter()
            .map(|pattern| compile("exclude", pattern))
            .collect::<Result<Vec<_>, _>>()?;

        if let Some(year) = file.year {
            if !(1949..2200).contains(&year) {
                return Err(ConfigError::new(
                    path,
                    &src,
                    at("year", &year.to_string()),
                    format!("`year` must be a year such as 2025 (got {year})"),
                ));
            }
        }
        let deadline = match &file.deadline {
            None => None,
            Some(text) => Some(parse_month_day(text).ok_or_else(|| {
                ConfigError::new(
                    path,
                    &src,
                    at("deadline", text),
                    format!("`deadline` must be MM-DD, e.g. \"04-01\" (got `{text}`)"),
                )
            })?),
        };

        let baseline = match &file.baseline {
            None => None,
            Some(entry) => {
                let local = root.join(entry);
                if !local.is_file() {
                    return Err(ConfigError::new(
                        path,
                        &src,
                        at("baseline", entry),
                        format!("baseline `{entry}` is not a file"),
                    )
                    .with_help("`baseline` names last year's report (.txt, .md or .docx), relative to the configuration file"));
                }
                Some(local)
            }
        };

        let max_file_size = match &file.max_file_size {
            None => None,
            Some(value) => {
                let parsed = match value {
                    serde_yaml::Value::Number(n) => n
                        .as_u64()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("`{n}` is not a size such as 64MB")),
                    serde_yaml::Value::String(text) => crate::input::limits::parse_size(text),
                    _ => Err("expected a size such as 64MB".to_string()),
                };
                let text = match value {
                    serde_yaml::Value::String(text) => text.clone(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                Some(parsed.map_err(|message| {
                    ConfigError::new(
                        path,
                        &src,
                        at("max-file-size", &text),
                        format!("`max-file-size`: {message}"),
                    )
                })?)
            }
        };

        Ok(Config {
            path: Some(path.to_path_buf()),
            root: root.to_path_buf(),
            packs,
            select: file.select,
            ignore: file.ignore,
            severity: file.severity.into_iter().collect(),
            per_file_ignores,
            exclude,
            year: file.year,
            deadline,
            report_type: file.report_type,
            baseline,
            max_file_size,
            src,
        })
    }

    /// Loads the configured packs (all built-in ones by default), minus the
    /// built-in ones if `no_builtin`, plus `extra` (`--rules`).
    pub fn load_rules(&self, extra: &[PathBuf], no_builtin: bool) -> Result<RuleSet, PackError> {
        let mut builder = RuleSetBuilder::default();
        match &self.packs {
            None if !no_builtin => builder = builder.with_builtin()?,
            None => {}
            Some(packs) => {
                for (_, source) in packs {
                    match source {
                        PackSource::Builtin(path, src) if !no_builtin => {
                            builder.add_builtin(path, src)?
                        }
                        PackSource::Builtin(..) => {}
                        PackSource::Local(path) => builder.add_path(path)?,
                    }
                }
            }
        }
        for path in extra {
            builder.add_path(path)?;
        }
        builder.build()
    }

    /// Checks that every rule id or prefix the file names exists in `rules`.
    pub fn validate_ids(&self, rules: &RuleSet) -> Result<(), ConfigError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut named: Vec<(&str, &str)> = Vec::new();
        named.extend(self.select.iter().map(|s| ("select", s.as_str())));
        named.extend(self.ignore.iter().map(|s| ("ignore", s.as_str())));
        named.extend(self.severity.iter().map(|(s, _)| ("severity", s.as_str())));
        for ignore in &self.per_file_ignores {
            named.extend(
                ignore
                    .selectors
                    .iter()
                    .map(|s| ("per-file-ignores", s.as_str())),
            );
        }
        if let Some(name) = &self.report_type {
            if name != "none" && !rules.types.iter().any(|t| &t.name == name) {
                let known: Vec<&str> = rules.types.iter().map(|t| t.name.as_str()).collect();
                return Err(ConfigError::new(
                    path,
                    &self.src,
                    Some(find_value(&self.src, "type", name)),
                    format!("`type: {name}` names no loaded report type"),
                )
                .with_help(format!(
                    "report types: {}, or `none` (the general packs only)",
                    known.join(", ")
                )));
            }
        }
        for (key, selector) in named {
            if !rules.matches_any(selector) {
                let mut error = ConfigError::new(
                    path,
                    &self.src,
                    Some(find_value(&self.src, key, selector)),
                    format!("`{selector}` names no loaded rule or pack"),
                );
                error = error.with_help(match crate::packs::close_ids(rules, selector).first() {
                    Some(close) => format!("did you mean `{close}`? `rl-lint --list-rules` lists every rule"),
                    None => "`rl-lint --list-rules` lists every rule; prefixes such as `format/` select a whole pack".to_string(),
                });
                return Err(error);
            }
        }
        Ok(())
    }

    /// The per-file ignores that apply to `file` (a path as given on the
    /// command line or found by walking).
    pub fn ignores_for(&self, file: &Path) -> Vec<String> {
        self.per_file_ignores
            .iter()
            .filter(|ignore| ignore.pattern.matches(file, &self.root))
            .flat_map(|ignore| ignore.selectors.iter().cloned())
            .collect()
    }
}

/// `file` relative to `root` when it lies under it (comparing absolute
/// paths), otherwise `file` itself without a leading `./`.
fn relative_to(file: &Path, root: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            Some(p.to_path_buf())
        } else {
            std::env::current_dir().ok().map(|cwd| cwd.join(p))
        }
    };
    if let (Some(file_abs), Some(root_abs)) = (absolute(file), absolute(root)) {
        let file_abs = normalize(&file_abs);
        let root_abs = normalize(&root_abs);
        if let Ok(rel) = file_abs.strip_prefix(&root_abs) {
            return rel.to_path_buf();
        }
    }
    file.strip_prefix(".").unwrap_or(file).to_path_buf()
}

/// Removes `.` and resolves `..` textually (no file system access, so it
/// works for paths that do not exist).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn builtin_names() -> Vec<&'static str> {
    BUILTIN_PACKS.iter().map(|(p, _)| pack_stem(p)).collect()
}

fn pack_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml").unwrap_or(name)
}

fn builtin_pack(name: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN_PACKS
        .iter()
        .find(|(path, _)| pack_stem(path) == name)
        .copied()
}

/// The span of `value` on or after the line of the top-level `key:`, or of
/// that line if the value is not found textually.
fn find_value(src: &str, key: &str, value: &str) -> (usize, usize) {
    let mut offset = 0;
    let mut key_at = None;
    for line in src.split_inclusive('\n') {
        let content = line.trim_end();
        if content.starts_with(&format!("{key}:")) {
            key_at = Some((offset, offset + content.len()));
            break;
        }
        offset += line.len();
    }
    let Some((key_start, key_end)) = key_at else {
        return (0, 0);
    };
    // The value on the key's line (`ignore: [a, b]`) or on a later line,
    // before the next top-level key.
    let mut search_end = src.len();
    let mut pos = key_end;
    for line in src[key_end..].split_inclusive('\n').skip(1) {
        let is_top_level = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if is_top_level {
            search_end = pos + 1;
            break;
        }
        pos += line.len();
    }
    let search_end = search_end.min(src.len());
    let window = &src[key_start..crate::text::span::floor_char_boundary(src, search_end)];
    // Skip the key itself so a value equal to the key is found after it.
    let skip = key.len() + 1;
    match window.get(skip..).and_then(|rest| rest.find(value)) {
        Some(i) if !value.is_empty() => {
            let start = key_start + skip + i;
            (start, start + value.len())
        }
        _ => (key_start, key_end),
    }
}

fn yaml_error(path: &Path, src: &str, e: &serde_yaml::Error) -> ConfigError {
    let problem = crate::packs::locate::yaml_problem(src, e);
    // A type error has no place; it names the key in backticks.
    let span = problem.span.or_else(|| match (problem.help, e.location()) {
        (None, None) => problem
            .message
            .split('`')
            .nth(1)
            .map(|key| find_value(src, key, "")),
        _ => None,
    });
    let error = ConfigError::new(path, src, span, problem.message);
    if error.message.starts_with("unknown field") {
        error.with_help(format!(
            "keys: {} (`rl-lint init` writes a commented example)",
            KEYS.join(", ")
        ))
    } else if let Some(help) = problem.help {
        error.with_help(help)
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `KEYS` is every key the file accepts: none is an unknown field, and
    /// a key that is not in it is.
    #[test]
    fn keys_are_the_keys_of_the_file() {
        let unknown = |key: &str| {
            serde_yaml::from_str::<ConfigFile>(&format!("{key}: null\n"))
                .err()
                .is_some_and(|e| e.to_string().contains("unknown field"))
        };
        for key in KEYS {
            assert!(!unknown(key), "{key}");
        }
        assert!(unknown("colour"));
    }

    fn parse(src: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("t.yaml"), Path::new("."), src.to_string())
    }

    fn label(err: &ConfigError, src: &str) -> String {
        let span = err.span.expect("a span");
        src[span.offset()..span.offset() + span.len()].to_string()
    }

    #[test]
    fn starter_parses_and_loads_every_builtin_pack() {
        let config = parse(STARTER).expect("starter parses");
        let rules = config.load_rules(&[], false).expect("packs load");
        assert_eq!(
            rules.rules.len(),
            RuleSet::load(&[], true).unwrap().rules.len()
        );
        config.validate_ids(&rules).expect("ids valid");
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let src = "select: [core/]\nignroe: [format/]\n";
        let err = parse(src).unwrap_err();
        assert!(err.message.contains("unknown field `ignroe`"), "{err:?}");
        assert!(
            label(&err, src).starts_with("ignroe"),
            "{}",
            label(&err, src)
        );
    }

    #[test]
    fn unknown_rule_id_points_at_it() {
        let src = "ignore:\n  - format/\n  - core/plan-mising\n";
        let config = parse(src).unwrap();
        let rules = config.load_rules(&[], false).unwrap();
        let err = config.validate_ids(&rules).unwrap_err();
        assert_eq!(label(&err, src), "core/plan-mising");
        assert!(err.help.unwrap().contains("core/plan-missing"));
    }

    #[test]
    fn ids_in_nested_maps_are_located() {
        let src = "severity:\n  format/: warning\nper-file-ignores:\n  \"*.md\": [core/nope]\n";
        let config = parse(src).unwrap();
        let rules = config.load_rules(&[], false).unwrap();
        let err = config.validate_ids(&rules).unwrap_err();
        assert_eq!(label(&err, src), "core/nope");
    }

    #[test]
    fn bad_values_are_errors() {
        let src = "deadline: \"13-01\"\n";
        assert_eq!(label(&parse(src).unwrap_err(), src), "13-01");
        let src = "severity:\n  format/: fatal\n";
        let err = parse(src).unwrap_err();
        assert!(err.message.contains("fatal"), "{err:?}");
        let src = "packs: [core, nonexistent-pack]\n";
        assert_eq!(label(&parse(src).unwrap_err(), src), "nonexistent-pack");
        let src = "per-file-ignores:\n  \"a/[b\": [core/]\n";
        assert!(parse(src).is_err());
    }

    #[test]
    fn chosen_builtin_packs_only() {
        let config = parse("packs: [format]\n").unwrap();
        let rules = config.load_rules(&[], false).unwrap();
        assert!(!rules.rules.is_empty());
        assert!(rules.rules.iter().all(|r| r.id.starts_with("format/")));
    }

    #[test]
    fn per_file_ignores_match_paths_and_names() {
        let src = "per-file-ignores:\n  \"*-draft.txt\": [core/]\n  \"archive/**\": [format/]\n";
        let config = parse(src).unwrap();
        assert_eq!(
            config.ignores_for(Path::new("sub/a-draft.txt")),
            vec!["core/"]
        );
        assert_eq!(
            config.ignores_for(Path::new("./archive/2020/x.txt")),
            vec!["format/"]
        );
        assert!(config.ignores_for(Path::new("x.txt")).is_empty());
    }

    #[test]
    fn baseline_is_relative_to_the_file_and_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2023.txt"), "x").unwrap();
        let parse_in = |src: &str| Config::parse(Path::new("t.yaml"), dir.path(), src.to_string());
        let config = parse_in("baseline: 2023.txt\n").unwrap();
        assert_eq!(config.baseline, Some(dir.path().join("2023.txt")));
        let src = "baseline: 2022.txt\n";
        let err = parse_in(src).unwrap_err();
        assert_eq!(label(&err, src), "2022.txt");
    }

    #[test]
    fn max_file_size_takes_units_or_bytes() {
        assert_eq!(
            parse("max-file-size: 200MB\n").unwrap().max_file_size,
            Some(200 << 20)
        );
        assert_eq!(
            parse("max-file-size: 4096\n").unwrap().max_file_size,
            Some(4096)
        );
        assert_eq!(parse("year: 2024\n").unwrap().max_file_size, None);
        let src = "max-file-size: 64 TB\n";
        let err = parse(src).unwrap_err();
        assert_eq!(label(&err, src), "64 TB");
        assert!(err.message.contains("max-file-size"), "{err:?}");
        assert!(parse("max-file-size: 0\n").is_err());
        assert!(parse("max-file-size: [1]\n").is_err());
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let src = format!(
            "select: &a [{}]\nignore: [{}]\n",
            vec!["x"; 20_000].join(","),
            vec!["*a"; 2_000].join(",")
        );
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("too many values"), "{err:?}");
        assert!(err.help.unwrap().contains("alias"));
    }

    #[test]
    fn empty_and_comment_only_files_are_valid() {
        assert!(parse("").is_ok());
        assert!(parse("# nothing yet\n\n").is_ok());
    }
}
