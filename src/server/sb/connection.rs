//! One client socket on the switchboard: sign-in with a cookie, then CAL, MSG and OUT,
//! while lines from the session arrive through the member's outbox.

use std::net::SocketAddr;
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use thiserror::Error;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{Instant, sleep_until, timeout};
use tokio_util::codec::Framed;

use super::bots;
use super::formats::{self, Participant};
use super::invite::{self, Caller};
use super::login::{self, Admission, LoginError};
use super::registry::Registry;
use super::session::{Member, MemberId, OUTBOX_LEN, Outbound, Seat};
use crate::protocol::command::{
    AckMode, AnsRequest, Command, ErrorReply, MsgRequest, OkReply, TridOnly, UsrOutcome, UsrReply,
    UsrRequest, UsrStep,
};
use crate::protocol::message::{MAX_PAYLOAD_LEN, MimeMessage};
use crate::protocol::types::{ErrorCode, Trid, UrlText};
use crate::protocol::{BoxedStream, ClientCommand, FramingError, ServerCodec, ServerCommand};
use crate::server::Shared;
use crate::server::tokens::CookieUse;

type Transport = Framed<BoxedStream, ServerCodec>;

/// Most lines written from the outbox before one flush: a P2P transfer keeps a window of
/// MSGs queued, and one socket write for a burst of them costs far less than one each.
const MAX_BURST: usize = 64;

/// Why a connection ended.
#[derive(Debug, Error)]
enum Ended {
    #[error("client sent OUT")]
    Out,
    #[error("client disconnected")]
    Disconnected,
    #[error("server shutting down")]
    Shutdown,
    #[error("no USR or ANS within the login timeout")]
    LoginTimeout,
    #[error("silent for longer than the idle timeout")]
    IdleTimeout,
    #[error("first command was {0}, not USR or ANS")]
    NotSignedIn(String),
    #[error("refused: {0}")]
    Refused(#[from] LoginError),
    #[error("MSG payload of {0} bytes is over the limit")]
    Oversized(usize),
    #[error("P2P message sent with ack type {0}, not D")]
    P2pNotData(&'static str),
    #[error("removed from the session: it could not keep up")]
    Removed,
    #[error(transparent)]
    Framing(#[from] FramingError),
}

/// A signed-in connection's place in a session.
struct Joined {
    session: String,
    member: MemberId,
    who: Participant,
    version: u8,
}

struct Connection {
    framed: Transport,
    shared: Arc<Shared>,
    registry: Arc<Registry>,
}

/// Serves one accepted socket until it closes, logging why.
pub async fn run(
    stream: BoxedStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    registry: Arc<Registry>,
    shutdown: watch::Receiver<bool>,
) {
    let mut connection = Connection {
        framed: Framed::new(stream, ServerCodec::new()),
        shared,
        registry,
    };
    let (joined, outbox) = match connection.sign_in().await {
        Ok(signed_in) => signed_in,
        Err(ended) => {
            tracing::info!(%peer, reason = %ended, "switchboard client dropped before joining");
            return;
        }
    };
    let ended = connection.chat(&joined, outbox, shutdown).await;
    connection.registry.leave(&joined.session, joined.member);
    match ended {
        Ended::Out | Ended::Disconnected | Ended::Shutdown => {
            tracing::debug!(%peer, email = %joined.who.email, reason = %ended, "switchboard client left");
        }
        _ => {
            tracing::info!(%peer, email = %joined.who.email, reason = %ended, "switchboard client dropped");
        }
    }
}

impl Connection {
    async fn send(&mut self, line: ServerCommand) -> Result<(), Ended> {
        Ok(self.framed.send(line).await?)
    }

    async fn refuse(&mut self, trid: Trid, error: LoginError) -> Ended {
        let reply = ServerCommand::Error(ErrorReply::new(ErrorCode::AUTH_FAILED, trid));
        match self.send(reply).await {
            Ok(()) => Ended::Refused(error),
            Err(ended) => ended,
        }
    }

    /// Reads the first command: USR opens a session, ANS joins one.
    async fn sign_in(&mut self) -> Result<(Joined, mpsc::Receiver<Outbound>), Ended> {
        let first = timeout(self.shared.options.login_timeout, self.framed.next())
            .await
            .map_err(|_| Ended::LoginTimeout)?
            .ok_or(Ended::Disconnected)??;
        let command = first
            .command
            .map_err(|error| Ended::NotSignedIn(format!("an unreadable line ({error})")))?;
        match command {
            ClientCommand::Usr(UsrRequest {
                trid,
                step: UsrStep::Switchboard { address, cookie },
            }) => match login::admit(&self.shared, &address, &cookie, &CookieUse::NewSwitchboard) {
                Ok(admission) => self.open(trid, admission).await,
                Err(error) => Err(self.refuse(trid, error).await),
            },
            ClientCommand::Usr(UsrRequest { trid, .. }) => {
                Err(self.refuse(trid, LoginError::WrongUse).await)
            }
            ClientCommand::Ans(answer) => self.answer(answer).await,
            other => Err(Ended::NotSignedIn(other.name())),
        }
    }

    fn member(&self, admission: &Admission) -> (Member, mpsc::Receiver<Outbound>) {
        let (outbox, inbox) = mpsc::channel(OUTBOX_LEN);
        let member = Member {
            id: self.registry.member_id(),
            who: admission.who.clone(),
            seat: Seat::Client {
                version: admission.version,
                outbox,
            },
        };
        (member, inbox)
    }

    async fn open(
        &mut self,
        trid: Trid,
        admission: Admission,
    ) -> Result<(Joined, mpsc::Receiver<Outbound>), Ended> {
        let (member, inbox) = self.member(&admission);
        let member_id = member.id;
        let session = self.registry.open(member);
        let joined = Joined {
            session,
            member: member_id,
            who: admission.who,
            version: admission.version,
        };
        let reply = ServerCommand::Usr(UsrReply {
            trid,
            outcome: UsrOutcome::Ok {
                address: admission.shown,
                friendly: Some(UrlText::new(joined.who.name.clone())),
                verified: None,
                restricted: None,
            },
        });
        if let Err(ended) = self.send(reply).await {
            self.registry.leave(&joined.session, joined.member);
            return Err(ended);
        }
        Ok((joined, inbox))
    }

    async fn answer(
        &mut self,
        answer: AnsRequest,
    ) -> Result<(Joined, mpsc::Receiver<Outbound>), Ended> {
        let usage = CookieUse::Invitation {
            session: answer.session.clone(),
        };
        let admission = match login::admit(&self.shared, &answer.address, &answer.cookie, &usage) {
            Ok(admission) => admission,
            Err(error) => return Err(self.refuse(answer.trid, error).await),
        };
        let (member, inbox) = self.member(&admission);
        let joined = Joined {
            session: answer.session,
            member: member.id,
            who: admission.who,
            version: admission.version,
        };
        let Some(roster) = self.registry.join(&joined.session, member, answer.trid) else {
            let error = LoginError::SessionOver(joined.session);
            return Err(self.refuse(answer.trid, error).await);
        };
        let ok = ServerCommand::Ans(OkReply { trid: answer.trid });
        for line in roster.into_iter().chain([ok]) {
            if let Err(ended) = self.send(line).await {
                self.registry.leave(&joined.session, joined.member);
                return Err(ended);
            }
        }
        Ok((joined, inbox))
    }

    /// The signed-in loop; returns why it ended.
    async fn chat(
        &mut self,
        joined: &Joined,
        mut inbox: mpsc::Receiver<Outbound>,
        mut shutdown: watch::Receiver<bool>,
    ) -> Ended {
        let idle = self.shared.options.idle_timeout;
        let mut deadline = Instant::now() + idle;
        // ACK and NAK, sent once the relayed message is written to the others' sockets.
        let (replies, mut late_replies) = mpsc::unbounded_channel();
        let mut receipts = Vec::with_capacity(MAX_BURST);
        loop {
            let step = tokio::select! {
                incoming = self.framed.next() => {
                    deadline = Instant::now() + idle;
                    match incoming {
                        None => Err(Ended::Disconnected),
                        Some(Err(error)) => Err(error.into()),
                        Some(Ok(incoming)) => match incoming.command {
                            Ok(command) => self.handle(joined, command, &replies).await,
                            Err(error) => {
                                tracing::debug!(email = %joined.who.email, %error, "unreadable switchboard line ignored");
                                Ok(())
                            }
                        },
                    }
                }
                outbound = inbox.recv() => match outbound {
                    Some(first) => self.deliver(first, &mut inbox, &mut receipts).await,
                    None => Err(Ended::Removed),
                },
                Some(reply) = late_replies.recv() => {
                    self.burst(reply, || late_replies.try_recv().ok(), |line| line).await
                }
                () = sleep_until(deadline) => Err(Ended::IdleTimeout),
                _ = shutdown.changed() => Err(Ended::Shutdown),
            };
            if let Err(ended) = step {
                return ended;
            }
        }
    }

    /// Writes `first` and what else waits in the outbox with one flush, then tells the
    /// senders their lines are out.
    async fn deliver(
        &mut self,
        first: Outbound,
        inbox: &mut mpsc::Receiver<Outbound>,
        receipts: &mut Vec<oneshot::Sender<()>>,
    ) -> Result<(), Ended> {
        let line_of = |outbound: Outbound| {
            receipts.extend(outbound.written);
            outbound.line
        };
        self.burst(first, || inbox.try_recv().ok(), line_of).await?;
        for receipt in receipts.drain(..) {
            let _ = receipt.send(());
        }
        Ok(())
    }

    /// Writes `first` and the items `next` has ready, up to `MAX_BURST` lines, then
    /// flushes once.
    async fn burst<T>(
        &mut self,
        first: T,
        mut next: impl FnMut() -> Option<T>,
        mut line_of: impl FnMut(T) -> ServerCommand,
    ) -> Result<(), Ended> {
        let mut item = Some(first);
        let mut lines = 0;
        while let Some(current) = item {
            self.framed.feed(line_of(current)).await?;
            lines += 1;
            item = if lines < MAX_BURST { next() } else { None };
        }
        Ok(self.framed.flush().await?)
    }

    async fn handle(
        &mut self,
        joined: &Joined,
        command: ClientCommand,
        replies: &mpsc::UnboundedSender<ServerCommand>,
    ) -> Result<(), Ended> {
        match command {
            ClientCommand::Cal(cal) => {
                let caller = Caller {
                    session: &joined.session,
                    who: &joined.who,
                    version: joined.version,
                };
                let reply = match invite::call(
                    &self.shared,
                    &self.registry,
                    &caller,
                    &cal.invitee,
                    cal.trid,
                ) {
                    Ok(()) => formats::ringing(cal.trid, &joined.session),
                    Err(code) => ServerCommand::Error(ErrorReply::new(code, cal.trid)),
                };
                self.send(reply).await
            }
            ClientCommand::Msg(message) => self.relay(joined, message, replies).await,
            ClientCommand::Out(_) => Err(Ended::Out),
            other => {
                tracing::debug!(email = %joined.who.email, command = %other.name(), "switchboard command ignored");
                Ok(())
            }
        }
    }

    async fn relay(
        &mut self,
        joined: &Joined,
        message: MsgRequest,
        replies: &mpsc::UnboundedSender<ServerCommand>,
    ) -> Result<(), Ended> {
        if message.payload.len() > MAX_PAYLOAD_LEN {
            return Err(Ended::Oversized(message.payload.len()));
        }
        if message.ack != AckMode::Data && is_p2p(&message.payload) {
            return Err(Ended::P2pNotData(message.ack.code()));
        }
        let mut relayed = self
            .registry
            .relay(&joined.session, joined.member, message.payload);
        bots::react(
            &self.registry,
            &joined.session,
            std::mem::take(&mut relayed.to_bots),
        );
        if matches!(message.ack, AckMode::Unacknowledged) {
            return Ok(());
        }
        let trid = TridOnly { trid: message.trid };
        let answer = move |reached: bool| match (message.ack, reached) {
            (AckMode::NegativeOnly, true) => None,
            (_, true) => Some(ServerCommand::Ack(trid)),
            (_, false) => Some(ServerCommand::Nak(trid)),
        };
        if relayed.written.is_empty() {
            // Only bots, or nobody: the answer is known now, and goes before theirs.
            return match answer(relayed.bots > 0) {
                Some(reply) => self.send(reply).await,
                None => Ok(()),
            };
        }
        let replies = replies.clone();
        tokio::spawn(async move {
            if let Some(reply) = answer(relayed.reached_anyone().await) {
                let _ = replies.send(reply);
            }
        });
        Ok(())
    }
}

/// True for a P2P packet (`application/x-msnmsgrp2p`), which must travel with ack `D`.
fn is_p2p(payload: &[u8]) -> bool {
    MimeMessage::parse(payload)
        .ok()
        .and_then(|mime| mime.content_type())
        .is_some_and(|kind| kind.media_type == crate::p2p::CONTENT_TYPE)
}
