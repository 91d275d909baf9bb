//! The stdio transport: `lsp-server`'s reader and writer of framed
//! messages, on threads of our own.

use crossbeam_channel::unbounded;
use lsp_server::{Connection, Message};
use lsp_types::notification::{Exit, Notification as _};
use std::io::{BufReader, ErrorKind, Write};

/// The stdio transport: `lsp-server`'s reader and writer of framed
/// messages, on threads of our own so that a message that is not JSON-RPC
/// (it has been read whole by then) is skipped instead of ending the server.
pub fn stdio_connection() -> (Connection, IoThreads) {
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

pub struct IoThreads {
    writer: std::thread::JoinHandle<()>,
}

impl IoThreads {
    /// Waits until every message for the client is written.
    pub fn join(self) {
        let _ = self.writer.join();
    }
}
