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
mod edits;
pub mod position;
mod server;
mod state;
mod transport;
mod uri;

use crossbeam_channel::unbounded;
use lsp_server::{Connection, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, ExecuteCommandOptions,
    HoverProviderCapability, InitializeParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkDoneProgressOptions,
};
use position::Encoding;
use server::Server;
use state::State;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use transport::stdio_connection;

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

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_server::{ErrorCode, Message, Notification, Request, RequestId};
    use lsp_types::notification::{Exit, Notification as _};
    use lsp_types::request::{CodeActionRequest, ExecuteCommand, HoverRequest, Request as _};
    use serde_json::Value;

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
}
