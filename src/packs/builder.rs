//! Loading packs into a [`RuleSet`]: each file parsed and checked (rule
//! headers, ids, kinds, report types, reused rules), the rules compiled
//! into their check kinds, and the whole set validated at the end.

use super::error::{located, yaml_error};
use super::report_type::{type_ref, ReportType, TypeRef};
use super::split::{named_parts, split_header};
use super::*;
use crate::checks::{self, CheckSpec};
use crate::document::{PageResidue, TitleWords};
use crate::finding::Severity;
use crate::input::limits;
use crate::schema::parts::{PartCatalog, PartDef, PartSpec};
use rayon::prelude::*;
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackFile {
    pub(super) pack: String,
    #[serde(default)]
    pub(super) description: String,
    /// The report type the pack is for: a name, or the type's definition.
    /// Without it the pack is general (runs on every report).
    #[serde(default, rename = "type")]
    pub(super) report_type: Option<Value>,
    /// Rules of other packs (ids or prefixes) that also run on reports of
    /// this pack's type: shared rules are reused, not copied.
    #[serde(default)]
    pub(super) reuse: Vec<String>,
    #[serde(default)]
    pub(super) parts: Vec<Value>,
    #[serde(default)]
    pub(super) rules: Vec<Value>,
}

/// The keys every rule has; everything else belongs to its check kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleHeader {
    pub(super) id: String,
    pub(super) severity: Severity,
    pub(super) message: String,
    pub(super) help: String,
    pub(super) basis: String,
    #[serde(default)]
    pub(super) label: Option<String>,
    /// Required, except for the layout kinds (see `Check::needs_layout`).
    #[serde(default)]
    pub(super) examples: Examples,
}

/// A pack's rules before compilation (compiling needs every pack's parts).
pub(super) struct PendingRule {
    pub(super) header: RuleHeader,
    pub(super) spec: CheckSpec,
    pub(super) kind: checks::CheckKind,
    pub(super) pack: String,
    pub(super) path: String,
    pub(super) src: Arc<str>,
    pub(super) lines: (usize, usize),
    /// Byte range of the rule in `src` (the lines `lines`).
    pub(super) text: std::ops::Range<usize>,
    /// The pack's report type, if it declares one.
    pub(super) pack_type: Option<usize>,
    /// Whether the pack defines parts (then an untyped pack's rules are
    /// for the first type loaded, as its parts are).
    pub(super) pack_has_parts: bool,
    /// The part names the rule's parameters use.
    pub(super) named_parts: Vec<String>,
    /// Whether the rule is of a built-in pack (its regexes compile lazily).
    pub(super) builtin: bool,
}

#[derive(Default)]
pub struct RuleSetBuilder {
    /// Part definitions with the pack file that defined them.
    pub(super) parts: Vec<(PartDef, String)>,
    pub(super) pending: Vec<PendingRule>,
    pub(super) packs: Vec<(String, String)>,
    pub(super) types: Vec<(ReportType, String)>,
    /// `reuse` selectors, with the type that reuses them and where.
    pub(super) reuses: Vec<Reuse>,
}

/// One `reuse` entry of a typed pack.
pub(super) struct Reuse {
    pub(super) selector: String,
    pub(super) report_type: usize,
    pub(super) path: String,
    pub(super) src: Arc<str>,
    pub(super) at: (usize, usize),
}

impl RuleSetBuilder {
    /// Adds every built-in pack. Each is parsed and its rules read on
    /// any core (they need nothing of the other packs), then added in
    /// order: reading the packs was a third of a cold start's main thread.
    pub fn with_builtin(mut self) -> Result<Self, PackError> {
        let read: Vec<_> = BUILTIN_PACKS
            .par_iter()
            .map(|(path, src)| read_builtin(path, src))
            .collect();
        for ((path, src), read) in BUILTIN_PACKS.iter().zip(read) {
            self.add_builtin_read(path, src, read?)?;
        }
        Ok(self)
    }

    /// Adds a pack compiled into the binary. Its size is known to be within
    /// the YAML budget (a test says so), so it is parsed once, not counted
    /// first: that count is a fifth of a cold start. It is read as
    /// [`read_builtin`] says.
    ///
    /// Its regexes compile when first used ([`crate::text::pattern::lazily`]):
    /// a test compiles every one of them.
    pub fn add_builtin(&mut self, path: &str, src: &str) -> Result<(), PackError> {
        let read = read_builtin(path, src)?;
        self.add_builtin_read(path, src, read)
    }

    /// Adds a built-in pack whose rules are read: its patterns compile
    /// on first use.
    fn add_builtin_read(&mut self, path: &str, src: &str, read: ReadPack) -> Result<(), PackError> {
        let from = self.pending.len();
        crate::text::pattern::lazily(|| self.add_read(path, src, read))?;
        for rule in &mut self.pending[from..] {
            rule.builtin = true;
        }
        Ok(())
    }

    /// Adds a pack file, or every `.yaml`/`.yml` file in a folder (sorted).
    pub fn add_path(&mut self, path: &Path) -> Result<(), PackError> {
        let shown = path.display().to_string();
        let io_error =
            |e: std::io::Error| PackError::new(&shown, "", None, format!("cannot read: {e}"));
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(io_error)?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(PackError::new(
                    &shown,
                    "",
                    None,
                    "folder contains no .yaml rule packs",
                ));
            }
            for file in files {
                self.add_path(&file)?;
            }
            return Ok(());
        }
        let bytes = crate::input::limits::read_yaml_file(path)
            .map_err(|message| PackError::new(&shown, "", None, message))?;
        let src = String::from_utf8(bytes)
            .map_err(|_| PackError::new(&shown, "", None, "rule packs must be UTF-8 text"))?;
        self.add_source(&shown, &src)
    }

    /// How many rules have been added so far; `build` keeps this order, so
    /// rules added later have higher indices in `RuleSet::rules`.
    pub fn rule_count(&self) -> usize {
        self.pending.len()
    }

    pub fn add_source(&mut self, path: &str, src: &str) -> Result<(), PackError> {
        limits::check_yaml_size(src, limits::MAX_YAML_VALUES)
            .map_err(|e| yaml_error(path, src, &e))?;
        self.add_parsed(path, src)
    }

    /// Adds a pack whose size was checked, or needs no check.
    pub(super) fn add_parsed(&mut self, path: &str, src: &str) -> Result<(), PackError> {
        let file = parse_pack(path, src)?;
        self.add_file(path, src, file)
    }

    /// Adds a parsed pack; `src` is its YAML text, for lines and errors.
    pub(super) fn add_file(
        &mut self,
        path: &str,
        src: &str,
        file: PackFile,
    ) -> Result<(), PackError> {
        self.add_read(path, src, read_pack(path, src, file))
    }

    /// Adds a parsed pack whose rules are read.
    fn add_read(&mut self, path: &str, src: &str, read: ReadPack) -> Result<(), PackError> {
        let ReadPack {
            file,
            rules,
            starts: [part_starts, rule_starts],
        } = read;
        let shared: Arc<str> = Arc::from(src);
        if file.pack.trim().is_empty() {
            return Err(PackError::new(
                path,
                src,
                Some(locate::find_in_lines(src, 0, usize::MAX, "pack")),
                "`pack` must name the pack",
            ));
        }
        let pack_type = match &file.report_type {
            None => None,
            Some(value) => {
                let type_ref = type_ref(path, src, value)?;
                Some(self.pack_type(path, src, &type_ref)?)
            }
        };
        if pack_type.is_none() && !file.reuse.is_empty() {
            return Err(PackError::new(
                path,
                src,
                Some(locate::find_in_lines(src, 0, usize::MAX, "reuse")),
                "`reuse` is for packs of a report type: add `type:`",
            ));
        }
        for selector in &file.reuse {
            let line = locate::find_in_lines(src, 0, usize::MAX, selector);
            self.reuses.push(Reuse {
                selector: selector.clone(),
                report_type: pack_type.unwrap_or_default(),
                path: path.to_string(),
                src: shared.clone(),
                at: line,
            });
        }
        // Parts of an untyped pack belong to the first type loaded.
        let parts_type = pack_type.or((!self.types.is_empty()).then_some(0));
        let pack_has_parts = !file.parts.is_empty();
        let part_lines = item_ranges(&part_starts, file.parts.len());
        let rule_lines = item_ranges(&rule_starts, rules.len());
        let over = |key: &str, had: usize, lines: &[(usize, usize)], limit: usize| {
            let first_over = limit.saturating_sub(had);
            let line = lines.get(first_over).map_or(0, |l| l.0);
            PackError::new(
                path,
                src,
                Some(locate::line_range_span(src, line, line)),
                format!(
                    "too many {key}s: with this pack there are {} in all loaded packs, the limit is {limit}",
                    had + lines.len()
                ),
            )
            .with_help(format!("every {key} is loaded and checked when rl-lint starts; merge similar ones (a rule takes a list of patterns or words)"))
        };
        if self.parts.len() + part_lines.len() > limits::MAX_PARTS {
            return Err(over(
                "part",
                self.parts.len(),
                &part_lines,
                limits::MAX_PARTS,
            ));
        }
        if self.pending.len() + rule_lines.len() > limits::MAX_RULES {
            return Err(over(
                "rule",
                self.pending.len(),
                &rule_lines,
                limits::MAX_RULES,
            ));
        }
        let line_starts = locate::line_starts(src);
        for (value, lines) in file.parts.into_iter().zip(part_lines) {
            let spec: PartSpec = serde_yaml::from_value(value)
                .map_err(|e| located(path, src, lines, &e.to_string()))?;
            let mut def = PartDef::compile(spec).map_err(|(needle, msg)| {
                PackError::new(
                    path,
                    src,
                    Some(locate::find_in_lines(src, lines.0, lines.1, &needle)),
                    msg,
                )
            })?;
            def.report_type = parts_type;
            if let Some(after) = &def.after {
                if !self
                    .parts
                    .iter()
                    .any(|p| &p.0.name == after && p.0.report_type == parts_type)
                {
                    let known: Vec<&str> = self.parts.iter().map(|p| p.0.name.as_str()).collect();
                    return Err(PackError::new(
                        path,
                        src,
                        Some(locate::find_in_lines(src, lines.0, lines.1, "after:")),
                        format!(
                            "part `{}`: `after: {after}` must name a part defined before it (defined so far: {})",
                            def.name,
                            known.join(", ")
                        ),
                    ));
                }
            }
            if let Some(existing) = self
                .parts
                .iter()
                .find(|p| p.0.name == def.name && p.0.report_type == def.report_type)
            {
                return Err(PackError::new(
                    path,
                    src,
                    Some(locate::find_in_lines(src, lines.0, lines.1, &def.name)),
                    format!("part `{}` is already defined in {}", def.name, existing.1),
                ));
            }
            self.parts.push((def, path.to_string()));
        }
        for (read, lines) in rules.into_iter().zip(rule_lines) {
            let ReadRule {
                header,
                spec,
                kind,
                named_parts,
            } = read?;
            // The rule's own text, so that finding its example lines does
            // not scan the pack from the top for every rule.
            let byte = |line: usize| line_starts.get(line).copied().unwrap_or(src.len());
            self.pending.push(PendingRule {
                header,
                spec,
                kind,
                pack: file.pack.clone(),
                path: path.to_string(),
                src: shared.clone(),
                lines,
                text: byte(lines.0)..byte(lines.1).max(byte(lines.0)),
                pack_type,
                pack_has_parts,
                named_parts,
                builtin: false,
            });
        }
        self.packs.push((file.pack, file.description));
        Ok(())
    }

    /// Compiles every rule against the parts of all packs; checks ids are unique.
    pub fn build(self) -> Result<RuleSet, PackError> {
        let catalog = PartCatalog::new(self.parts.into_iter().map(|p| p.0).collect());
        let types: Vec<ReportType> = self.types.into_iter().map(|t| t.0).collect();
        let scoped: Vec<PartCatalog> = (0..types.len()).map(|t| catalog.scoped(Some(t))).collect();
        let mut rules: Vec<Arc<Rule>> = Vec::new();
        let mut uses_parts: Vec<bool> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        // The literals of each gated rule, in slot order.
        let mut triggers: Vec<Vec<Vec<u8>>> = Vec::new();
        for pending in self.pending {
            let PendingRule {
                header,
                spec,
                kind,
                pack,
                path,
                src,
                lines,
                text,
                pack_type,
                pack_has_parts,
                named_parts,
                builtin,
            } = pending;
            // An untyped pack's rule is for the type of the parts it names
            // (or of the parts its pack defines), else general.
            let rule_type = pack_type.or_else(|| {
                let named = named_parts
                    .iter()
                    .find_map(|name| catalog.index(name))
                    .map(|i| catalog.parts[i].report_type);
                match named {
                    Some(ty) => ty,
                    None if pack_has_parts => (!types.is_empty()).then_some(0),
                    None => None,
                }
            });
            let at = |needle: &str| Some(locate::find_in_lines(&src, lines.0, lines.1, needle));
            if let Some(first) = seen.get(&header.id) {
                return Err(PackError::new(
                    &path,
                    &src,
                    at(&header.id),
                    format!(
                        "duplicate rule id `{}` (first defined in {first})",
                        header.id
                    ),
                ));
            }
            let rule_catalog = match rule_type {
                Some(t) if pack_type.is_some() => &scoped[t],
                _ => &catalog,
            };
            let compile = || spec.compile(rule_catalog);
            let compiled = if builtin {
                crate::text::pattern::lazily(compile)
            } else {
                compile()
            };
            let check = compiled.map_err(|e| {
                PackError::new(
                    &path,
                    &src,
                    at(&e.needle),
                    format!("rule `{}`: {}", header.id, e.message),
                )
            })?;
            let no_examples = header.examples.bad.is_empty() && header.examples.good.is_empty();
            if check.needs_layout() && !no_examples {
                return Err(PackError::new(
                    &path,
                    &src,
                    at("examples"),
                    format!(
                        "rule `{}`: a `{kind}` rule reads a Word document's layout, which a text example cannot show; leave out its `examples` (tests/layout.rs tests the layout kinds on .docx files)",
                        header.id
                    ),
                ));
            }
            if !check.needs_layout()
                && (header.examples.bad.is_empty() || header.examples.good.is_empty())
            {
                return Err(PackError::new(
                    &path,
                    &src,
                    Some(locate::find_in_lines(&src, lines.0, lines.1, "examples")),
                    format!(
                        "rule `{}` needs at least one `bad` and one `good` example",
                        header.id
                    ),
                ));
            }
            match (check.needs_baseline(), &header.examples.baseline) {
                (true, None) => {
                    return Err(PackError::new(
                        &path,
                        &src,
                        at("examples"),
                        format!(
                            "rule `{}`: a `{kind}` rule compares with last year's report; give its examples a `baseline:` text",
                            header.id
                        ),
                    ))
                }
                (false, Some(_)) => {
                    return Err(PackError::new(
                        &path,
                        &src,
                        at("baseline"),
                        format!(
                            "rule `{}`: `baseline` examples are only for rules that compare with last year's report",
                            header.id
                        ),
                    ))
                }
                _ => {}
            }
            let line_no = lines.0 + 1;
            seen.insert(header.id.clone(), format!("{path}:{line_no}"));
            rules.push(Arc::new(Rule {
                id: header.id,
                pack,
                severity: header.severity,
                message: header.message,
                help: header.help,
                basis: header.basis,
                label: header.label,
                examples: header.examples,
                example_lines: std::sync::OnceLock::new(),
                source: src.clone(),
                source_range: text,
                first_line: lines.0,
                kind,
                check,
                origin: format!("{path}:{line_no}"),
                types: rule_type.into_iter().collect(),
                gate: None,
            }));
            uses_parts.push(!named_parts.is_empty());
        }
        for Reuse {
            selector,
            report_type: ty,
            path,
            src,
            at: line,
        } in self.reuses
        {
            let mut found = false;
            for (rule, &parts) in rules.iter_mut().zip(&uses_parts) {
                if !selector_matches(&selector, &rule.id) || rule.types.is_empty() {
                    continue;
                }
                found = true;
                if parts {
                    return Err(PackError::new(
                        &path,
                        &src,
                        Some(line),
                        format!(
                            "`reuse`: rule `{}` uses the parts of its own report type and cannot run on another",
                            rule.id
                        ),
                    ));
                }
                if let Some(rule) = Arc::get_mut(rule) {
                    if !rule.types.contains(&ty) {
                        rule.types.push(ty);
                    }
                }
            }
            // A reused rule of a pack that is not loaded is simply absent.
            let _ = found;
        }
        // The literals of each rule, read from its patterns' syntax on all
        // cores (a tenth of a cold start); the gated rules get their slots
        // in rule order.
        let literals: Vec<Option<Vec<Vec<u8>>>> =
            rules.par_iter().map(|rule| rule.check.triggers()).collect();
        for (rule, literals) in rules.iter_mut().zip(literals) {
            let Some(literals) = literals else { continue };
            if let Some(rule) = Arc::get_mut(rule) {
                rule.gate = Some(triggers.len());
                triggers.push(literals);
            }
        }
        // Every rule's own patterns, shared (see `Check::page_residue`),
        // whatever its pack's report type: the model reads the closing
        // before the type is known.
        let page_residue = PageResidue::new(
            rules
                .iter()
                .filter_map(|rule| rule.check.page_residue())
                .collect(),
        );
        Ok(RuleSet {
            parts: catalog,
            rules,
            page_residue,
            packs: self.packs,
            title_words: TitleWords::union(types.iter().map(|t| &t.title_words)),
            types,
            gate: Arc::new(gate::Gate::new(triggers)),
        })
    }
}

impl RuleSetBuilder {
    /// Resolves or registers the report type a pack declares.
    pub(super) fn pack_type(
        &mut self,
        path: &str,
        src: &str,
        type_ref: &TypeRef,
    ) -> Result<usize, PackError> {
        let at = |needle: &str| Some(locate::find_in_lines(src, 0, usize::MAX, needle));
        match type_ref {
            TypeRef::Name(name) => self
                .types
                .iter()
                .position(|t| &t.0.name == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = self.types.iter().map(|t| t.0.name.as_str()).collect();
                    PackError::new(
                        path,
                        src,
                        at(name),
                        format!(
                            "unknown report type `{name}` (types defined so far: {}); a pack names a type defined by a pack loaded before it, or defines it with `name` and `label`",
                            if known.is_empty() { "none".to_string() } else { known.join(", ") }
                        ),
                    )
                }),
            TypeRef::Definition(spec) => {
                if let Some(existing) = self.types.iter().find(|t| t.0.name == spec.name) {
                    return Err(PackError::new(
                        path,
                        src,
                        at(&spec.name),
                        format!("report type `{}` is already defined in {}", spec.name, existing.1),
                    ));
                }
                let ty = ReportType::compile(spec.clone())
                    .map_err(|(needle, msg)| PackError::new(path, src, at(&needle), msg))?;
                self.types.push((ty, path.to_string()));
                Ok(self.types.len() - 1)
            }
        }
    }
}

/// Line ranges `[first, next_first)` of `count` items of a top-level
/// sequence, from the lines where they start.
pub(super) fn item_ranges(starts: &[usize], count: usize) -> Vec<(usize, usize)> {
    (0..count)
        .map(|i| {
            let first = starts.get(i).copied().unwrap_or(0);
            let next = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            (first, next)
        })
        .collect()
}

/// A rule read from its pack: what does not depend on the other packs.
#[derive(Debug)]
pub(super) struct ReadRule {
    header: RuleHeader,
    spec: CheckSpec,
    kind: checks::CheckKind,
    named_parts: Vec<String>,
}

/// A parsed pack with its rules read (`file.rules` is empty).
#[derive(Debug)]
pub(super) struct ReadPack {
    file: PackFile,
    /// Each rule, or its error, kept in its place to be reported after
    /// the pack's own errors, as the rules are added.
    rules: Vec<Result<ReadRule, PackError>>,
    /// The lines where the items of `parts:` and `rules:` start.
    starts: [Vec<usize>; 2],
}

/// Reads each rule of a parsed pack: its header, kind and parameters.
fn read_pack(path: &str, src: &str, mut file: PackFile) -> ReadPack {
    let values = std::mem::take(&mut file.rules);
    let (starts, rule_lines) = item_lines(src, values.len());
    let rules = values
        .into_iter()
        .zip(rule_lines)
        .map(|(value, lines)| read_rule(path, src, value, lines))
        .collect();
    ReadPack {
        file,
        rules,
        starts,
    }
}

/// The lines where the items of `parts:` and `rules:` start in `src`, and
/// the line range of each of its `rules` rules.
fn item_lines(src: &str, rules: usize) -> ([Vec<usize>; 2], Vec<(usize, usize)>) {
    let starts = locate::sequence_item_lines(src, ["parts", "rules"]);
    let rule_lines = item_ranges(&starts[1], rules);
    (starts, rule_lines)
}

/// Reads one rule at `lines` of its pack.
fn read_rule(
    path: &str,
    src: &str,
    value: Value,
    lines: (usize, usize),
) -> Result<ReadRule, PackError> {
    let Value::Mapping(map) = value else {
        return Err(PackError::new(
            path,
            src,
            Some(locate::line_range_span(src, lines.0, lines.0)),
            "a rule must be a mapping of keys",
        ));
    };
    let (header, rest) = split_header(map);
    let header: RuleHeader = serde_yaml::from_value(Value::Mapping(header))
        .map_err(|e| located(path, src, lines, &e.to_string()))?;
    let named_parts = named_parts(&rest);
    // The kind is resolved here, once: an unknown one is an error
    // at its own line, with the kinds there are.
    let kind_name = rest.get("kind").and_then(Value::as_str).unwrap_or_default();
    if checks::CheckKind::from_name(kind_name).is_none() {
        let (needle, what) = if kind_name.is_empty() {
            ("kind", "a rule needs a `kind`".to_string())
        } else {
            (kind_name, format!("unknown check kind `{kind_name}`"))
        };
        return Err(PackError::new(
            path,
            src,
            Some(locate::find_in_lines(src, lines.0, lines.1, needle)),
            format!("rule `{}`: {what}", header.id),
        )
        .with_help(format!("check kinds: {}", checks::KINDS.join(", "))));
    }
    let spec: CheckSpec = serde_yaml::from_value(Value::Mapping(rest)).map_err(|e| {
        let msg = e.to_string();
        located(path, src, lines, &msg)
            .with_help(format!("check kinds: {}", checks::KINDS.join(", ")))
    })?;
    let kind = spec.kind();
    check_id(path, src, &header.id, lines)?;
    Ok(ReadRule {
        header,
        spec,
        kind,
        named_parts,
    })
}

/// A built-in pack as build.rs wrote it: each rule already split into
/// its header and parameters ([`super::split::presplit`]).
#[derive(Deserialize)]
struct PresplitPack {
    #[serde(flatten)]
    file: PackFile,
    #[serde(default, rename = "rules")]
    presplit: Vec<PresplitRule>,
}

#[derive(Deserialize)]
struct PresplitRule {
    header: RuleHeader,
    spec: CheckSpec,
    named_parts: Vec<String>,
}

/// A built-in pack, parsed and its rules read: from the JSON that build.rs
/// wrote from its YAML, each rule read straight into its header and
/// parameters (serde_json is several times faster than YAML, and no YAML
/// value is built); the YAML text gives the lines. Another text at a
/// built-in path is read as a user pack would be.
pub(super) fn read_builtin(path: &str, src: &str) -> Result<ReadPack, PackError> {
    let Some(json) = builtin_json(path, src) else {
        return read_yaml(path, src);
    };
    let pack: PresplitPack = serde_json::from_str(json)
        .map_err(|e| PackError::new(path, src, None, format!("built-in pack: {e}")))?;
    let (starts, rule_lines) = item_lines(src, pack.presplit.len());
    let rules = pack
        .presplit
        .into_iter()
        .zip(rule_lines)
        .map(|(rule, lines)| {
            check_id(path, src, &rule.header.id, lines)?;
            Ok(ReadRule {
                header: rule.header,
                kind: rule.spec.kind(),
                spec: rule.spec,
                named_parts: rule.named_parts,
            })
        })
        .collect();
    Ok(ReadPack {
        file: pack.file,
        rules,
        starts,
    })
}

/// A pack read from its YAML, as a user's pack is.
pub(super) fn read_yaml(path: &str, src: &str) -> Result<ReadPack, PackError> {
    Ok(read_pack(path, src, parse_pack(path, src)?))
}

/// Refuses a rule id that is not `pack/name` (lowercase, digits, '-').
fn check_id(path: &str, src: &str, id: &str, lines: (usize, usize)) -> Result<(), PackError> {
    let ok = id.contains('/')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/');
    if ok {
        return Ok(());
    }
    Err(PackError::new(
        path,
        src,
        Some(locate::find_in_lines(src, lines.0, lines.1, id)),
        format!("rule id `{id}` must look like `pack/name` (lowercase, digits, '-')"),
    ))
}

/// A pack file parsed, its YAML errors placed at their line.
fn parse_pack(path: &str, src: &str) -> Result<PackFile, PackError> {
    serde_yaml::from_str(src).map_err(|e| yaml_error(path, src, &e))
}
