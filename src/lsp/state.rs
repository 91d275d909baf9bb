//! What the language server knows: the open documents, the engine of each
//! configuration, and the latest check of each document. Shared by the
//! thread that answers the client and the thread that checks documents.

use super::convert;
use super::position::{Encoding, LineMap};
use super::uri;
use crate::engine::config::{Config, ConfigError, SetupError};
use crate::engine::{Checked, Engine, EngineError, Options, Settings};
use crate::text::span::Span;
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification};
use lsp_types::notification::{PublishDiagnostics, ShowMessage};
use lsp_types::{
    Diagnostic, DiagnosticSeverity, MessageType, PublishDiagnosticsParams, Range,
    ShowMessageParams, Uri,
};
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// An open document as the client last sent it.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub language: String,
    /// The lines of `text`, kept up to date through each change.
    pub lines: LineMap,
}

impl Document {
    pub fn new(text: String, version: i32, language: String) -> Document {
        let lines = LineMap::new(&text);
        Document {
            text,
            version,
            language,
            lines,
        }
    }
}

/// How long one check of a buffer may run: over it, the buffer gets the
/// one diagnostic that says the check was stopped.
pub const CHECK_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

/// One check of one version of a document.
pub struct Analysis {
    pub version: i32,
    pub checked: Checked,
    pub lines: LineMap,
    /// The engine it was checked with (for the rules' texts).
    pub engine: Arc<Engine>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text with every safe fix made (`None`: nothing to fix, or the
    /// fixing was stopped), computed once: by the check worker after the
    /// diagnostics are out, or by a `codeAction/resolve` that comes
    /// first. Never by `codeAction`, which editors send on cursor moves.
    fixed: OnceLock<Option<String>>,
    /// Set when a newer version arrives: stops this version's fixing.
    cancel: Arc<AtomicBool>,
}

impl Analysis {
    /// The fixed text, if it has been computed already.
    pub fn fixed_if_ready(&self) -> Option<Option<&str>> {
        self.fixed.get().map(Option::as_deref)
    }

    /// Whether any finding has a fix.
    pub fn has_fixes(&self) -> bool {
        self.checked.findings.iter().any(|f| !f.fix.is_empty())
    }

    /// The fixed text, as `--fix` makes it (in rounds, until nothing more
    /// changes); computed on the first call.
    pub fn fixed(&self) -> Option<&str> {
        self.fixed
            .get_or_init(|| {
                if !self.has_fixes() {
                    return None;
                }
                let settings = Settings {
                    fix: true,
                    timeout: Some(CHECK_BUDGET),
                    cancel: Some(self.cancel.clone()),
                    ..Settings::default()
                };
                let name = Path::new(&self.checked.name);
                let fixed = catch_unwind(AssertUnwindSafe(|| {
                    self.engine
                        .check_text(self.checked.text.clone(), name, &settings)
                }))
                .ok()?
                .ok()?
                .fixed?;
                (fixed.text != self.checked.text).then_some(fixed.text)
            })
            .as_deref()
    }
}

/// Why the engine of a configuration could not be made.
#[derive(Debug, Clone)]
struct ConfigProblem {
    file: Option<PathBuf>,
    message: String,
    /// Where in `file` the error lies, when the error says.
    range: Range,
}

/// An engine, or why a configuration gives none.
type MadeEngine = Result<Arc<Engine>, ConfigProblem>;

pub struct State {
    pub encoding: Encoding,
    sender: Sender<Message>,
    documents: Mutex<HashMap<Uri, Document>>,
    analyses: Mutex<HashMap<Uri, Arc<Analysis>>>,
    /// By configuration file (`None`: the defaults).
    engines: Mutex<HashMap<Option<PathBuf>, MadeEngine>>,
    /// Configuration files that carry a diagnostic now.
    broken: Mutex<HashSet<PathBuf>>,
    /// The configuration file of each folder (`None`: none up to the
    /// root), looked up once: forgotten when a configuration file changes
    /// (`didChangeWatchedFiles`, or its save).
    config_files: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// The cancel flag of the latest check of each document: set when a
    /// newer version arrives, so that the older check stops.
    running: Mutex<HashMap<Uri, Arc<AtomicBool>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while the lock was held left the data usable: every writer
    // replaces whole entries.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn new(encoding: Encoding, sender: Sender<Message>) -> State {
        State {
            encoding,
            sender,
            documents: Mutex::default(),
            analyses: Mutex::default(),
            engines: Mutex::default(),
            broken: Mutex::default(),
            config_files: Mutex::default(),
            running: Mutex::default(),
        }
    }

    pub fn send(&self, message: impl Into<Message>) {
        // The client has gone when this fails; the main loop ends then.
        let _ = self.sender.send(message.into());
    }

    pub fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    pub fn open(&self, uri: Uri, document: Document) {
        lock(&self.documents).insert(uri, document);
    }

    pub fn document(&self, uri: &Uri) -> Option<Document> {
        lock(&self.documents).get(uri).cloned()
    }

    /// The version of the open document, without copying its text.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.documents).get(uri).map(|d| d.version)
    }

    /// Applies `change` to the open document; false when it is not open.
    pub fn edit(
        &self,
        uri: &Uri,
        version: i32,
        change: impl FnOnce(&mut String, &mut LineMap),
    ) -> bool {
        let mut documents = lock(&self.documents);
        match documents.get_mut(uri) {
            Some(document) => {
                change(&mut document.text, &mut document.lines);
                document.version = version;
                drop(documents);
                self.cancel_check(uri);
                true
            }
            None => false,
        }
    }

    /// Stops the check (or fixing) of an older version of the document.
    fn cancel_check(&self, uri: &Uri) {
        if let Some(flag) = lock(&self.running).remove(uri) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    pub fn close(&self, uri: &Uri) {
        lock(&self.documents).remove(uri);
        self.cancel_check(uri);
        lock(&self.analyses).remove(uri);
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(uri.clone(), vec![], None));
    }

    pub fn open_uris(&self) -> Vec<Uri> {
        lock(&self.documents).keys().cloned().collect()
    }

    /// Forgets every engine, so the next check reads the configuration
    /// files again, and takes their diagnostics down.
    pub fn reload_configuration(&self) {
        lock(&self.config_files).clear();
        lock(&self.engines).clear();
        let broken: Vec<PathBuf> = lock(&self.broken).drain().collect();
        for file in broken {
            if let Some(uri) = uri::from_path(&file) {
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(uri, vec![], None));
            }
        }
    }

    /// The latest check of the document, if it is of the document as it is
    /// now. While a newer check is pending there is none: quick fixes and
    /// hovers of an older text would point at the wrong places, and the
    /// client asks again when the new diagnostics arrive.
    pub fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let version = self.version(uri)?;
        lock(&self.analyses)
            .get(uri)
            .filter(|analysis| analysis.version == version)
            .cloned()
    }

    /// Checks `document` and keeps the result, unless a newer version has
    /// arrived meanwhile.
    fn analyse(&self, uri: &Uri, document: Document) -> Option<Arc<Analysis>> {
        if !is_report(uri, &document.language) {
            return None;
        }
        let path = uri::to_path(uri);
        let engine = self.engine_for(path.as_deref())?;
        let name = report_name(path.as_deref(), &document.language);
        let (document_len, document_lines) = (document.text.len(), document.lines.clone());
        let cancel = Arc::new(AtomicBool::new(false));
        {
            // A newer version may have come since the document was read:
            // then this check is stale already.
            let mut running = lock(&self.running);
            if self.version(uri) != Some(document.version) {
                return None;
            }
            running.insert(uri.clone(), cancel.clone());
        }
        let checked = catch_unwind(AssertUnwindSafe(|| {
            let settings = Settings {
                timeout: Some(CHECK_BUDGET),
                cancel: Some(cancel.clone()),
                ..Settings::default()
            };
            engine.check_text(document.text, &name, &settings)
        }));
        let checked = match checked {
            Ok(Ok(checked)) => checked,
            Ok(Err(err)) => {
                self.log(&format!("rl-lint: {} not checked: {err}", name.display()));
                return None;
            }
            Err(_) => {
                self.log(&format!("rl-lint: checking {} failed", name.display()));
                return None;
            }
        };
        // The document's own map: the engine checks the text as it is.
        let lines = if checked.text.len() == document_len {
            document_lines
        } else {
            LineMap::new(&checked.text)
        };
        let diagnostics = convert::diagnostics(uri, &checked, &lines, &engine, self.encoding);
        let analysis = Arc::new(Analysis {
            version: document.version,
            checked,
            lines,
            engine,
            diagnostics,
            fixed: OnceLock::new(),
            cancel,
        });
        let current = self.version(uri);
        if current != Some(analysis.version) {
            return None;
        }
        lock(&self.analyses).insert(uri.clone(), analysis.clone());
        Some(analysis)
    }

    /// Checks the document and publishes its diagnostics, unless it has
    /// changed since (a newer check is queued then).
    pub fn check_and_publish(&self, uri: &Uri) {
        let Some(document) = self.document(uri) else {
            return;
        };
        let version = document.version;
        let diagnostics = match self.analyse(uri, document) {
            Some(analysis) => analysis.diagnostics.clone(),
            None => {
                if self.version(uri) != Some(version) {
                    return;
                }
                // Not a report, or not checkable now: nothing to show.
                vec![]
            }
        };
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(
            uri.clone(),
            diagnostics,
            Some(version),
        ));
    }

    /// The engine of the configuration that applies to the file at `path`
    /// (the nearest `.rl-lint.yaml` upwards, as the command line finds
    /// it); `None` when that configuration is broken.
    pub fn engine_for(&self, path: Option<&Path>) -> Option<Arc<Engine>> {
        let folder = path.and_then(Path::parent);
        let file = folder.and_then(|folder| self.config_file(folder));
        let mut engines = lock(&self.engines);
        if let Some(made) = engines.get(&file) {
            return made.as_ref().ok().cloned();
        }
        let made = make_engine(file.as_deref(), folder, self.encoding);
        if let Err(problem) = &made {
            self.report(problem);
        }
        let engine = made.as_ref().ok().cloned();
        engines.insert(file, made);
        engine
    }

    /// The configuration file that applies in `folder`, from the cache.
    fn config_file(&self, folder: &Path) -> Option<PathBuf> {
        if let Some(file) = lock(&self.config_files).get(folder) {
            return file.clone();
        }
        let file = Config::find(folder);
        lock(&self.config_files).insert(folder.to_path_buf(), file.clone());
        file
    }

    /// Shows a broken configuration: a diagnostic on its file and a
    /// window message.
    fn report(&self, problem: &ConfigProblem) {
        self.notify::<ShowMessage>(ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("rl-lint: {}", problem.message),
        });
        let Some(file) = &problem.file else {
            return;
        };
        let Some(uri) = uri::from_path(file) else {
            return;
        };
        let diagnostic = Diagnostic {
            range: problem.range,
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("rl-lint".to_string()),
            message: problem.message.clone(),
            ..Diagnostic::default()
        };
        lock(&self.broken).insert(file.clone());
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(
            uri,
            vec![diagnostic],
            None,
        ));
    }

    fn log(&self, message: &str) {
        use lsp_types::notification::LogMessage;
        self.notify::<LogMessage>(lsp_types::LogMessageParams {
            typ: MessageType::WARNING,
            message: message.to_string(),
        });
    }
}

fn make_engine(
    file: Option<&Path>,
    folder: Option<&Path>,
    encoding: Encoding,
) -> Result<Arc<Engine>, ConfigProblem> {
    let config = match file {
        Some(file) => Config::load(file).map_err(|e| {
            let range = error_range(&e, encoding);
            ConfigProblem {
                file: Some(file.to_path_buf()),
                message: describe(&EngineError::Setup(SetupError::Config(e))),
                range,
            }
        })?,
        None => Config::defaults(folder.unwrap_or(Path::new("."))),
    };
    Engine::new(config, &Options::default())
        .map(Arc::new)
        .map_err(|e| ConfigProblem {
            file: file.map(Path::to_path_buf),
            range: match &e {
                EngineError::Setup(SetupError::Config(config)) => error_range(config, encoding),
                // A pack's or a baseline's error lies in another file: the
                // diagnostic goes on the configuration's first line.
                _ => Range::default(),
            },
            message: describe(&e),
        })
}

/// The range of the YAML that a configuration error points at.
fn error_range(err: &ConfigError, encoding: Encoding) -> Range {
    let Some(span) = err.span else {
        return Range::default();
    };
    let src = err.src.inner();
    let lines = LineMap::new(src);
    let span = Span::new(span.offset(), span.offset() + span.len());
    lines.range(src, span, encoding)
}

/// The error in one paragraph: what is wrong, where, and the help.
fn describe(err: &EngineError) -> String {
    use miette::Diagnostic as _;
    let mut text = err.to_string();
    if let Some(help) = err.help() {
        text.push_str(&format!(" ({help})"));
    }
    text
}

/// Whether the document is a report rl-lint checks: plain text or
/// Markdown, by the client's language id or the file's extension.
pub fn is_report(uri: &Uri, language: &str) -> bool {
    if matches!(language, "plaintext" | "text" | "markdown") {
        return true;
    }
    let path = uri::to_path(uri).unwrap_or_default();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    ["txt", "md", "markdown"]
        .iter()
        .any(|known| ext.eq_ignore_ascii_case(known))
}

/// The name the engine sees: the file's path (for its syntax and the
/// per-file ignores), or for an unsaved buffer a name with the extension
/// of its language.
pub fn report_name(path: Option<&Path>, language: &str) -> PathBuf {
    match path {
        Some(path) => path.to_path_buf(),
        None if language == "markdown" => PathBuf::from("untitled.md"),
        None => PathBuf::from("untitled.txt"),
    }
}

/// Checks documents off the thread that answers the client, always the
/// latest version only: requests that pile up while a check runs collapse
/// into one, so typing in a long report never waits for stale checks.
pub fn check_worker(state: Arc<State>, jobs: Receiver<Uri>) {
    while let Ok(first) = jobs.recv() {
        let mut pending = vec![first];
        while let Ok(more) = jobs.try_recv() {
            if !pending.contains(&more) {
                pending.push(more);
            }
        }
        for uri in &pending {
            state.check_and_publish(uri);
        }
        // Then the fix-all of each, off the thread that answers the
        // client, unless more changes wait to be checked.
        for uri in &pending {
            if !jobs.is_empty() {
                break;
            }
            if let Some(analysis) = state.analysis(uri) {
                let _ = analysis.fixed();
            }
        }
    }
}
