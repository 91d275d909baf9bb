//! The server's handlers: requests and notifications from the client,
//! answered on the main thread; checks run on the worker
//! ([`super::state::check_worker`]).

use super::edits::{apply_changes, fix_all_action, fix_all_edit, workspace_edit};
use super::state::{self, Document, State};
use super::{config_edit, convert, uri, FIX_ALL_KIND, IGNORE_COMMAND};
use crate::engine::config::{Config, CONFIG_NAMES};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, CodeActionResolveRequest, ExecuteCommand, HoverRequest, RegisterCapability,
    Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandParams, FileSystemWatcher,
    GlobPattern, Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, MessageType,
    Registration, RegistrationParams, ShowMessageParams, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Server {
    pub state: Arc<State>,
    /// Documents to check, for the worker thread.
    pub jobs: Sender<Uri>,
    pub folders: Vec<PathBuf>,
    pub watch_dynamically: bool,
    /// The client takes `documentChanges` (edits tied to a version).
    pub versioned_edits: bool,
    /// The client resolves a code action's edit (`codeAction/resolve`).
    pub resolves_edits: bool,
    pub next_request: i32,
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
    pub fn main_loop(&mut self, receiver: &Receiver<Message>) -> i32 {
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
        let diagnostic_of = |finding: &crate::finding::Finding| {
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
        crate::write::replace(&file, edited.as_bytes(), None)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(file)
    }
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_NAMES.contains(&n))
}
