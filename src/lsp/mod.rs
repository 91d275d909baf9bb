//! `rl-lint server`: a language server over stdio. Editors get the
//! findings of plain-text and Markdown reports as diagnostics while the
//! writer types, quick fixes for the safe fixes, "fix all", "ignore this
//! rule in this file", and the rule's `--explain` text on hover.
//!
//! The protocol's framing and types come from `lsp-server` and
//! `lsp-types`. One thread answers the client; another checks documents
//! (latest version only, see [`state::check_worker`]). Every check goes
//! through [`crate::engine::Engine::check_text`], as the command line's.

mod config_edit;
mod convert;
pub mod position;
mod state;
mod uri;

use crate::engine::config::{Config, CONFIG_NAMES};
use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, CodeActionResolveRequest, ExecuteCommand, HoverRequest, RegisterCapability,
    Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Command, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    ExecuteCommandOptions, ExecuteCommandParams, FileSystemWatcher, GlobPattern, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent,
    MarkupKind, MessageType, OneOf, OptionalVersionedTextDocumentIdentifier, Registration,
    RegistrationParams, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentContentChangeEvent, TextDocumentEdit, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri,
    WorkDoneProgressOptions, WorkspaceEdit,
};
use position::Encoding;
use serde_json::Value;
use state::{Document, State};
use std::collections::HashMap;
use std::io::{BufReader, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The command behind "ignore this rule in this file": arguments are the
/// document's URI and the rule id.
pub const IGNORE_COMMAND: &str = "rl-lint.ignoreRule";
/// The kind of the "fix all safe problems" action.
pub const FIX_ALL_KIND: &str = "source.fixAll.rl-lint";

/// Runs the server on stdin and stdout until the client says `exit`.
/// Returns the process exit code: 0 after a `shutdown`, 1 otherwise, as
/// the protocol asks.
pub fn run_stdio() -> i32 {
    let (connection, io) = stdio_connection();
    let code = match serve(&connection) {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "rl-lint server: {err}");
            1
        }
    };
    drop(connection);
    io.join();
    code
}

/// The stdio transport: `lsp-server`'s reader and writer of framed
/// messages, on threads of our own so that a message that is not JSON-RPC
/// (it has been read whole by then) is skipped instead of ending the server.
fn stdio_connection() -> (Connection, IoThreads) {
    let (to_client, outgoing) = unbounded::<Message>();
    let (incoming, from_client) = unbounded::<Message>();
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for message in outgoing {
            if message.write(&mut out).is_err() {
                break;
            }
        }
    });
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = BufReader::new(stdin.lock());
        loop {
            match Message::read(&mut input) {
                Ok(Some(message)) => {
                    let exit =
                        matches!(&message, Message::Notification(n) if n.method == Exit::METHOD);
                    if incoming.send(message).is_err() || exit {
                        break;
                    }
                }
                // End of input: the client has gone.
                Ok(None) => break,
                Err(err) if err.kind() == ErrorKind::InvalidData => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "rl-lint server: skipped a message: {err}"
                    );
                }
                Err(_) => break,
            }
        }
    });
    // Not joined: it may block on stdin after `exit`.
    drop(reader);
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { writer },
    )
}

struct IoThreads {
    writer: std::thread::JoinHandle<()>,
}

impl IoThreads {
    /// Waits until every message for the client is written.
    fn join(self) {
        let _ = self.writer.join();
    }
}

/// Initialises, then answers until `exit`.
pub fn serve(connection: &Connection) -> Result<i32, lsp_server::ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo {
            name: "rl-lint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    // Not `initialize_finish`: it ends the server when the next message
    // is not `initialized`; the main loop takes that like any other.
    let _ = connection.sender.send(Response::new_ok(id, result).into());

    let state = Arc::new(State::new(encoding, connection.sender.clone()));
    let (jobs, queue) = unbounded::<Uri>();
    let worker = {
        let state = state.clone();
        std::thread::spawn(move || state::check_worker(state, queue))
    };
    let mut server = Server {
        state,
        jobs,
        folders: workspace_folders(&params),
        watch_dynamically: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        versioned_edits: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|w| w.document_changes)
            .unwrap_or(false),
        resolves_edits: params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        next_request: 0,
    };
    let code = server.main_loop(&connection.receiver);
    drop(server);
    let _ = worker.join();
    Ok(code)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: Some(true),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![IGNORE_COMMAND.to_string()],
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        ..ServerCapabilities::default()
    }
}

#[allow(deprecated)] // `root_uri`: older clients send only that.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri::to_path(&f.uri))
        .collect();
    if folders.is_empty() {
        folders.extend(params.root_uri.as_ref().and_then(uri::to_path));
    }
    folders
}

struct Server {
    state: Arc<State>,
    /// Documents to check, for the worker thread.
    jobs: Sender<Uri>,
    folders: Vec<PathBuf>,
    watch_dynamically: bool,
    /// The client takes `documentChanges` (edits tied to a version).
    versioned_edits: bool,
    /// The client resolves a code action's edit (`codeAction/resolve`).
    resolves_edits: bool,
    next_request: i32,
}

/// What went wrong with one request, for its error response.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn params(err: serde_json::Error) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: err.to_string(),
        }
    }

    fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }
}

impl Server {
    /// Returns the exit code when the client says `exit`.
    fn main_loop(&mut self, receiver: &Receiver<Message>) -> i32 {
        let mut shut_down = false;
        for message in receiver {
            match message {
                Message::Request(request) => {
                    if shut_down {
                        self.state.send(Response::new_err(
                            request.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".to_string(),
                        ));
                    } else if request.method == CodeActionResolveRequest::METHOD {
                        self.resolve(request.id, request.params);
                    } else if request.method == lsp_types::request::Shutdown::METHOD {
                        shut_down = true;
                        self.state.send(Response::new_ok(request.id, Value::Null));
                    } else {
                        self.answer(request);
                    }
                }
                Message::Notification(notification) => {
                    if notification.method == Exit::METHOD {
                        return if shut_down { 0 } else { 1 };
                    }
                    if !shut_down {
                        self.take(notification);
                    }
                }
                // Answers to our registration request: nothing to do.
                Message::Response(_) => {}
            }
        }
        // The client went away without `exit`.
        1
    }

    fn answer(&mut self, request: Request) {
        let id = request.id.clone();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.dispatch(request)));
        let response = match outcome {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err(failure)) => Response::new_err(id, failure.code as i32, failure.message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "rl-lint failed on this request".to_string(),
            ),
        };
        self.state.send(response);
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, Failure> {
        fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
            serde_json::from_value(request.params).map_err(Failure::params)
        }
        fn to_value<T: serde::Serialize>(v: Result<T, Failure>) -> Result<Value, Failure> {
            v.map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
        }
        match request.method.as_str() {
            HoverRequest::METHOD => to_value(self.hover(params(request)?)),
            CodeActionRequest::METHOD => to_value(self.code_actions(params(request)?)),
            ExecuteCommand::METHOD => self.execute(params(request)?),
            method => Err(Failure {
                code: ErrorCode::MethodNotFound,
                message: format!("rl-lint does not handle `{method}`"),
            }),
        }
    }

    fn take(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(notification)));
        let problem = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(err)) => err.to_string(),
            Err(_) => "rl-lint failed on it".to_string(),
        };
        // A notification has no answer: the client's log says what failed.
        self.state
            .notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
                typ: MessageType::WARNING,
                message: format!("rl-lint: `{method}` ignored: {problem}"),
            });
    }

    fn handle(&mut self, notification: Notification) -> Result<(), serde_json::Error> {
        let params = notification.params;
        match notification.method.as_str() {
            lsp_types::notification::Initialized::METHOD => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                self.state.open(
                    uri.clone(),
                    Document::new(
                        p.text_document.text,
                        p.text_document.version,
                        p.text_document.language_id,
                    ),
                );
                self.queue(uri);
            }
            DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                let encoding = self.state.encoding;
                let changes = p.content_changes;
                if self
                    .state
                    .edit(&uri, p.text_document.version, |text, lines| {
                        apply_changes(text, lines, changes, encoding)
                    })
                {
                    self.queue(uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = serde_json::from_value(params)?;
                self.state.close(&p.text_document.uri);
            }
            DidSaveTextDocument::METHOD => {
                let p: DidSaveTextDocumentParams = serde_json::from_value(params)?;
                if uri::to_path(&p.text_document.uri).is_some_and(|p| is_config_file(&p)) {
                    self.reload();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let p: DidChangeWatchedFilesParams = serde_json::from_value(params)?;
                if p.changes
                    .iter()
                    .any(|c| uri::to_path(&c.uri).is_some_and(|p| is_config_file(&p)))
                {
                    self.reload();
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the rest: nothing to do.
            _ => {}
        }
        Ok(())
    }

    fn queue(&self, uri: Uri) {
        let _ = self.jobs.send(uri);
    }

    /// A configuration file changed: check every open document again.
    fn reload(&self) {
        self.state.reload_configuration();
        for uri in self.state.open_uris() {
            self.queue(uri);
        }
    }

    /// Asks the client to tell us when a configuration file changes.
    fn register_watchers(&mut self) {
        if !self.watch_dynamically {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: CONFIG_NAMES
                .iter()
                .map(|name| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{name}")),
                    kind: None,
                })
                .collect(),
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "rl-lint-configuration".to_string(),
                method: DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("rl-lint-{}", self.next_request));
        self.state.send(Request::new(
            id,
            RegisterCapability::METHOD.to_string(),
            params,
        ));
    }

    fn hover(&self, params: HoverParams) -> Result<Option<Hover>, Failure> {
        let at = params.text_document_position_params;
        let Some(analysis) = self.state.analysis(&at.text_document.uri) else {
            return Ok(None);
        };
        let encoding = self.state.encoding;
        let range = lsp_types::Range::new(at.position, at.position);
        let findings = convert::findings_at(&analysis, range, encoding);
        let Some(first) = findings.first() else {
            return Ok(None);
        };
        let text = &analysis.checked.text;
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: convert::hover_text(&analysis.engine, &findings),
            }),
            range: Some(analysis.lines.range(text, first.primary.span, encoding)),
        }))
    }

    fn code_actions(&self, params: CodeActionParams) -> Result<Vec<CodeActionOrCommand>, Failure> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.state.analysis(&uri) else {
            return Ok(vec![]);
        };
        let encoding = self.state.encoding;
        let wanted = |kind: &CodeActionKind| match &params.context.only {
            None => true,
            Some(only) => only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            }),
        };
        let mut actions = Vec::new();
        let findings = convert::findings_at(&analysis, params.range, encoding);
        let diagnostic_of = |finding: &crate::engine::finding::Finding| {
            let index = analysis
                .checked
                .findings
                .iter()
                .position(|f| std::ptr::eq(f, finding));
            index.and_then(|i| analysis.diagnostics.get(i).cloned())
        };
        if wanted(&CodeActionKind::QUICKFIX) {
            for finding in findings.iter().filter(|f| !f.fix.is_empty()) {
                let edits = convert::fix_edits(&analysis, finding, encoding);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("修复：{}", finding.message),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic_of(finding).map(|d| vec![d]),
                    edit: Some(self.workspace_edit(&uri, analysis.version, edits)),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
            let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            rules.dedup();
            // A code action that carries the command, so that it has a kind
            // as every action does (editors group and filter by kind). The
            // command runs only when the action is picked.
            for rule in rules {
                let title = format!("在本文件中忽略规则 {rule}（写入 .rl-lint.yaml）");
                let diagnostics: Vec<lsp_types::Diagnostic> = findings
                    .iter()
                    .filter(|f| f.rule == rule)
                    .filter_map(|f| diagnostic_of(f))
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                    command: Some(Command {
                        title,
                        command: IGNORE_COMMAND.to_string(),
                        arguments: Some(vec![
                            serde_json::to_value(&uri).unwrap_or(Value::Null),
                            Value::String(rule.to_string()),
                        ]),
                    }),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }));
            }
        }
        let fix_all = CodeActionKind::new(FIX_ALL_KIND);
        if wanted(&fix_all) && analysis.has_fixes() {
            // Served from the last check when the worker has fixed it
            // already; else left to `codeAction/resolve` when the client
            // resolves edits: editors ask for code actions on every cursor
            // move, and a fix-all of a long report takes a while.
            let action = match analysis.fixed_if_ready() {
                Some(Some(fixed)) => Some(CodeAction {
                    edit: Some(self.fix_all_edit(&uri, &analysis, fixed)),
                    ..fix_all_action(fix_all)
                }),
                Some(None) => None,
                None if self.resolves_edits => Some(CodeAction {
                    data: Some(serde_json::json!({
                        "uri": uri,
                        "version": analysis.version,
                    })),
                    ..fix_all_action(fix_all)
                }),
                // A client that cannot resolve gets it computed now, once
                // for this version (the worker's result is shared).
                None => analysis.fixed().map(|fixed| CodeAction {
                    edit: Some(self.fix_all_edit(&uri, &analysis, fixed)),
                    ..fix_all_action(fix_all)
                }),
            };
            actions.extend(action.map(CodeActionOrCommand::CodeAction));
        }
        Ok(actions)
    }

    /// `codeAction/resolve`: the edit of the fix-all action, for the
    /// version it was offered for. Answered from a thread of its own when
    /// the fixing is not done yet, so that hovers and changes are answered
    /// meanwhile: responses may come in any order.
    fn resolve(&self, id: RequestId, params: Value) {
        let mut action: CodeAction = match serde_json::from_value(params) {
            Ok(action) => action,
            Err(err) => {
                let failure = Failure::params(err);
                self.state
                    .send(Response::new_err(id, failure.code as i32, failure.message));
                return;
            }
        };
        let data = action.data.take();
        let target = data.as_ref().and_then(|data| {
            let uri: Uri = serde_json::from_value(data["uri"].clone()).ok()?;
            Some((uri, data["version"].as_i64()))
        });
        let Some((uri, version)) = target.filter(|_| action.edit.is_none()) else {
            self.state.send(Response::new_ok(id, action));
            return;
        };
        let Some(analysis) = self
            .state
            .analysis(&uri)
            .filter(|a| Some(i64::from(a.version)) == version)
        else {
            self.state.send(Response::new_err(
                id,
                ErrorCode::ContentModified as i32,
                "the document changed since the action was offered".to_string(),
            ));
            return;
        };
        let ready = analysis.fixed_if_ready().is_some();
        let state = self.state.clone();
        let versioned = self.versioned_edits;
        let answer = move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if let Some(fixed) = analysis.fixed() {
                    action.edit = Some(fix_all_edit(
                        versioned,
                        &uri,
                        &analysis,
                        fixed,
                        state.encoding,
                    ));
                }
                action
            }));
            state.send(match outcome {
                Ok(action) => Response::new_ok(id, action),
                Err(_) => Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "rl-lint failed on this request".to_string(),
                ),
            });
        };
        if ready {
            answer();
        } else {
            std::thread::spawn(answer);
        }
    }

    fn fix_all_edit(&self, uri: &Uri, analysis: &state::Analysis, fixed: &str) -> WorkspaceEdit {
        fix_all_edit(
            self.versioned_edits,
            uri,
            analysis,
            fixed,
            self.state.encoding,
        )
    }

    fn workspace_edit(&self, uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
        workspace_edit(self.versioned_edits, uri, version, edits)
    }

    fn execute(&mut self, params: ExecuteCommandParams) -> Result<Value, Failure> {
        if params.command != IGNORE_COMMAND {
            return Err(Failure {
                code: ErrorCode::InvalidParams,
                message: format!("unknown command `{}`", params.command),
            });
        }
        let (uri, rule): (Uri, String) = match params.arguments.as_slice() {
            [uri, rule] => (
                serde_json::from_value(uri.clone()).map_err(Failure::params)?,
                serde_json::from_value(rule.clone()).map_err(Failure::params)?,
            ),
            _ => {
                return Err(Failure::failed(format!(
                    "{IGNORE_COMMAND} takes a document URI and a rule id"
                )))
            }
        };
        match self.ignore_rule(&uri, &rule) {
            Ok(file) => {
                self.reload();
                self.state.notify::<ShowMessage>(ShowMessageParams {
                    typ: MessageType::INFO,
                    message: format!("rl-lint：已在 {} 中为本文件忽略 {rule}", file.display()),
                });
                Ok(Value::Null)
            }
            Err(message) => {
                self.state.notify::<ShowMessage>(ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("rl-lint: {message}"),
                });
                Err(Failure::failed(message))
            }
        }
    }

    /// Adds `rule` to the per-file ignores of the document's nearest
    /// configuration file (made in the workspace folder, or beside the
    /// document, when there is none). Returns the file written.
    fn ignore_rule(&self, uri: &Uri, rule: &str) -> Result<PathBuf, String> {
        let document = uri::to_path(uri).ok_or("only a saved file can have per-file ignores")?;
        let folder = document.parent().ok_or("the document has no folder")?;
        let file = Config::find(folder).unwrap_or_else(|| {
            let root = self
                .folders
                .iter()
                .filter(|f| document.starts_with(f))
                .max_by_key(|f| f.components().count())
                .map_or(folder, PathBuf::as_path);
            root.join(CONFIG_NAMES[0])
        });
        let root = file.parent().unwrap_or(Path::new("/"));
        let src = if file.exists() {
            std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        } else {
            String::new()
        };
        let relative = document.strip_prefix(root).unwrap_or(&document);
        let pattern = globset::escape(&relative.to_string_lossy().replace('\\', "/"));
        let edited = config_edit::add_per_file_ignore(&src, &pattern, rule)?;
        // Written only if it reads back as meant.
        let config = Config::parse(&file, root, edited.clone()).map_err(|e| {
            format!(
                "the edit of {} would not be valid ({e}); add the rule by hand",
                file.display()
            )
        })?;
        let ignores = config.ignores_for(&document);
        if !ignores
            .iter()
            .any(|s| crate::packs::selector_matches(s, rule))
        {
            return Err(format!(
                "could not add {rule} to {} safely; add it by hand",
                file.display()
            ));
        }
        write_atomically(&file, &edited)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(file)
    }
}

/// Writes through a temporary file in the same folder, so that the
/// configuration is never left half-written.
fn write_atomically(file: &Path, text: &str) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile_in(folder)?;
    temporary.1.write_all(text.as_bytes())?;
    temporary.1.sync_all()?;
    std::fs::rename(&temporary.0, file)
}

fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = std::process::id();
    loop {
        let path = folder.join(format!(".rl-lint.yaml.{n}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => n = n.wrapping_add(1),
            Err(e) => return Err(e),
        }
    }
}

/// Every safe fix of the document, as one edit from the analysed text
/// to `fixed`.
fn fix_all_edit(
    versioned: bool,
    uri: &Uri,
    analysis: &state::Analysis,
    fixed: &str,
    encoding: Encoding,
) -> WorkspaceEdit {
    let before = &analysis.checked.text;
    let edit = convert::whole_text_edit(before, fixed, &analysis.lines, encoding);
    workspace_edit(versioned, uri, analysis.version, vec![edit])
}

/// Edits of one document, tied to the version they were made for when
/// the client can check that (`versioned`).
fn workspace_edit(versioned: bool, uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(lsp_types::DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The fix-all action, without its edit.
fn fix_all_action(kind: CodeActionKind) -> CodeAction {
    CodeAction {
        title: "修复全部可安全修复的问题（rl-lint）".to_string(),
        kind: Some(kind),
        ..CodeAction::default()
    }
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_NAMES.contains(&n))
}

/// Applies the client's changes in order: a change with a range replaces
/// that range (in the agreed encoding), one without replaces the text. The
/// line map follows each change ([`position::LineMap::edit`]), rather than
/// being built again for each.
fn apply_changes(
    text: &mut String,
    lines: &mut position::LineMap,
    changes: Vec<TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    for change in changes {
        match change.range {
            None => {
                *text = change.text;
                *lines = position::LineMap::new(text);
            }
            Some(range) => {
                let span = lines.span(text, range, encoding);
                text.replace_range(span.start..span.end, &change.text);
                lines.edit(text, span, change.text.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i32, method: &str, params: Value) -> Message {
        Request::new(RequestId::from(id), method.to_string(), params).into()
    }

    fn response(client: &Connection, id: i32) -> Response {
        for message in &client.receiver {
            if let Message::Response(r) = message {
                if r.id == RequestId::from(id) {
                    return r;
                }
            }
        }
        panic!("no response {id}");
    }

    #[test]
    fn bad_requests_get_errors_and_the_server_goes_on() {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || serve(&server).expect("serves"));
        let send = |m: Message| client.sender.send(m).expect("send");
        send(request(
            1,
            "initialize",
            serde_json::json!({"capabilities": {}}),
        ));
        assert!(response(&client, 1).response_result.is_ok());
        send(request(2, "rl-lint/nothing", Value::Null));
        let error = response(&client, 2).response_result.expect_err("error");
        assert_eq!(error.code, ErrorCode::MethodNotFound as i32);
        send(request(
            3,
            HoverRequest::METHOD,
            serde_json::json!({"x": 1}),
        ));
        let error = response(&client, 3).response_result.expect_err("error");
        assert_eq!(error.code, ErrorCode::InvalidParams as i32);
        send(request(
            4,
            ExecuteCommand::METHOD,
            serde_json::json!({"command": IGNORE_COMMAND, "arguments": [1]}),
        ));
        assert!(response(&client, 4).response_result.is_err());
        // A hover on a document never opened: no answer, no error.
        send(request(
            5,
            HoverRequest::METHOD,
            serde_json::json!({"textDocument": {"uri": "file:///nowhere.txt"}, "position": {"line": 0, "character": 0}}),
        ));
        assert_eq!(response(&client, 5).response_result.ok(), Some(Value::Null));
        send(request(
            6,
            lsp_types::request::Shutdown::METHOD,
            Value::Null,
        ));
        assert!(response(&client, 6).response_result.is_ok());
        send(Notification::new(Exit::METHOD.to_string(), Value::Null).into());
        assert_eq!(thread.join().expect("joined"), 0);
    }

    #[test]
    fn exit_without_shutdown_is_exit_code_1() {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || serve(&server).expect("serves"));
        client
            .sender
            .send(request(
                1,
                "initialize",
                serde_json::json!({"capabilities": {}}),
            ))
            .expect("send");
        response(&client, 1);
        client
            .sender
            .send(Notification::new(Exit::METHOD.to_string(), Value::Null).into())
            .expect("send");
        assert_eq!(thread.join().expect("joined"), 1);
    }

    #[test]
    fn every_code_action_has_a_kind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        let uri = uri::from_path(&path).expect("a file URI");
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || serve(&server).expect("serves"));
        let send = |m: Message| client.sender.send(m).expect("send");
        send(request(
            1,
            "initialize",
            serde_json::json!({"capabilities": {}, "rootUri": null}),
        ));
        assert!(response(&client, 1).response_result.is_ok());
        send(Notification::new("initialized".to_string(), serde_json::json!({})).into());
        send(
            Notification::new(
                "textDocument/didOpen".to_string(),
                serde_json::json!({"textDocument": {
                    "uri": uri, "languageId": "plaintext", "version": 1,
                    "text": "我局开展普法活动12次,覆盖群众3000人次。"
                }}),
            )
            .into(),
        );
        // Wait for the diagnostics: the check runs on its own thread.
        let diagnostics = client
            .receiver
            .iter()
            .find_map(|m| match m {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    Some(n.params)
                }
                _ => None,
            })
            .expect("diagnostics");
        assert!(!diagnostics["diagnostics"]
            .as_array()
            .expect("array")
            .is_empty());
        send(request(
            2,
            CodeActionRequest::METHOD,
            serde_json::json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 30}},
                "context": {"diagnostics": []}
            }),
        ));
        let actions = response(&client, 2).response_result.expect("actions");
        let actions = actions.as_array().expect("array");
        assert!(actions.len() >= 3, "{actions:?}");
        for action in actions {
            assert!(action["kind"].is_string(), "no kind: {action}");
        }
        let ignore = actions
            .iter()
            .find(|a| a["command"]["command"] == IGNORE_COMMAND)
            .expect("an ignore action");
        assert_eq!(ignore["kind"], "quickfix");
        assert_eq!(
            ignore["command"]["arguments"][1],
            "format/halfwidth-punctuation"
        );
        send(request(
            3,
            lsp_types::request::Shutdown::METHOD,
            Value::Null,
        ));
        assert!(response(&client, 3).response_result.is_ok());
        send(Notification::new(Exit::METHOD.to_string(), Value::Null).into());
        assert_eq!(thread.join().expect("joined"), 0);
    }

    #[test]
    fn applies_incremental_changes_in_utf16() {
        let mut text = "一𠀀二\n三".to_string();
        let mut lines = position::LineMap::new(&text);
        let change = |sl, sc, el, ec, new: &str| TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range::new(
                lsp_types::Position::new(sl, sc),
                lsp_types::Position::new(el, ec),
            )),
            range_length: None,
            text: new.to_string(),
        };
        // Replace 二 (after a surrogate pair), then insert on line 1.
        apply_changes(
            &mut text,
            &mut lines,
            vec![change(0, 3, 0, 4, "贰"), change(1, 1, 1, 1, "。")],
            Encoding::Utf16,
        );
        assert_eq!(text, "一𠀀贰\n三。");
        apply_changes(
            &mut text,
            &mut lines,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "新".to_string(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(text, "新");
    }
}
