//! The socket side of one NS connection: reads commands with timeouts, writes replies
//! and pushes, sends periodic challenges, and cleans up however the connection ends.

use std::net::SocketAddr;
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_util::codec::Framed;

use crate::protocol::command::{OutNotice, OutReason};
use crate::protocol::{BoxedStream, ClientCommand, ServerCodec, ServerCommand};
use crate::server::Shared;
use crate::server::hub::Push;

use super::session::{Flow, NsSession};

type Connection = Framed<BoxedStream, ServerCodec>;

/// How long a client has to answer a CHL.
const ANSWER_WINDOW: std::time::Duration = std::time::Duration::from_secs(60);

async fn send_all(framed: &mut Connection, commands: Vec<ServerCommand>) -> bool {
    for command in commands {
        if framed.feed(command).await.is_err() {
            return false;
        }
    }
    framed.flush().await.is_ok()
}

/// Who notices a client that went away without a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// A TCP client: dropped after `idle_timeout` without a command.
    Traffic,
    /// An HTTP gateway session: its polls carry no command, and the gateway's sweeper
    /// ends the session when they stop.
    Gateway,
}

/// Serves one NS client until it leaves, is dropped, or the server shuts down.
pub async fn serve_client(
    stream: BoxedStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    liveness: Liveness,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut framed = Framed::new(stream, ServerCodec::new());
    let mut session = NsSession::new(Arc::clone(&shared), peer);
    let options = shared.options.clone();
    let far_future = Instant::now() + std::time::Duration::from_secs(86_400 * 365);
    let mut next_challenge = far_future;
    let mut awaiting_answer = false;
    loop {
        let wait = if session.signed_in() {
            match liveness {
                Liveness::Traffic => options.idle_timeout,
                Liveness::Gateway => far_future - Instant::now(),
            }
        } else {
            options.login_timeout
        };
        let push = async {
            match session.pushes.as_mut() {
                Some(pushes) => pushes.recv().await,
                None => std::future::pending().await,
            }
        };
        let flow = tokio::select! {
            incoming = timeout(wait, framed.next()) => match incoming {
                Err(_) => {
                    tracing::info!(%peer, "dropping client: idle for {wait:?}");
                    Flow::Close
                }
                Ok(None) => Flow::Close,
                Ok(Some(Err(error))) => {
                    tracing::info!(%peer, %error, "dropping client: unreadable stream");
                    Flow::Close
                }
                Ok(Some(Ok(incoming))) => match incoming.command {
                    Ok(ClientCommand::Unknown(frame)) => {
                        tracing::debug!(%peer, command = %frame.command_name(), "ignoring unknown command");
                        Flow::Continue
                    }
                    Ok(command) => session.handle(command),
                    Err(error) => {
                        let name = incoming.frame.command_name();
                        tracing::info!(%peer, %error, "malformed command");
                        // The recorded server hangs up on a bad VER or CHG, and on bytes
                        // that are not text; other malformed lines are ignored.
                        if matches!(name.as_str(), "VER" | "CHG") || matches!(error, crate::protocol::ParseError::BadUtf8) {
                            Flow::Close
                        } else {
                            Flow::Continue
                        }
                    }
                },
            },
            pushed = push => match pushed {
                Some(Push::Send(command)) => {
                    session.output.push(*command);
                    Flow::Continue
                }
                Some(Push::Close(reason)) => {
                    session.output.push(ServerCommand::Out(OutNotice { reason }));
                    Flow::Close
                }
                None => {
                    tracing::info!(%peer, "dropping client: too slow to read its notifications");
                    Flow::Close
                }
            },
            _ = sleep_until(next_challenge) => {
                if session.challenge_pending() {
                    tracing::info!(%peer, "dropping client: challenge not answered");
                    Flow::Close
                } else {
                    session.send_challenge();
                    Flow::Continue
                }
            },
            _ = shutdown.changed() => {
                session.output.push(ServerCommand::Out(OutNotice { reason: Some(OutReason::ServerShutdown) }));
                Flow::Close
            }
        };
        if let (Some(interval), true) = (options.challenge_interval, session.signed_in()) {
            let pending = session.challenge_pending();
            if pending && !awaiting_answer {
                next_challenge = Instant::now() + ANSWER_WINDOW;
            } else if !pending && (awaiting_answer || next_challenge == far_future) {
                next_challenge = Instant::now() + interval;
            }
            awaiting_answer = pending;
        }
        let output = std::mem::take(&mut session.output);
        if !send_all(&mut framed, output).await || flow == Flow::Close {
            break;
        }
    }
    session.finish();
}
