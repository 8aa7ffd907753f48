//! One connection (the NS, or a switchboard): typed commands in and out, each one
//! also reported (redacted) as a raw line, and transaction ids.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_util::codec::Framed;

use crate::protocol::command::{AdgReply, ListNotice, Out, RegReply, ServerAddress, SynReply};
use crate::protocol::types::Trid;
use crate::protocol::{BoxedStream, ClientCodec, ClientCommand, ServerCommand};
use crate::session::chat::ConversationId;
use crate::session::error::SessionError;
use crate::session::events::{ConnectionKind, ConnectionTag, Direction, Event, RawLine};
use crate::session::handle::EventSink;
use crate::session::redact::Redactor;
use crate::session::transport::Connector;

/// Connection ids of one session, NS and switchboards alike, counting up from 1.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnectionIds(Arc<AtomicU32>);

impl ConnectionIds {
    pub fn next(&self) -> u32 {
        self.0.fetch_add(1, Ordering::Relaxed) + 1
    }
}

pub(crate) struct Connection {
    framed: Framed<BoxedStream, ClientCodec>,
    pub tag: ConnectionTag,
    /// Carried by the HTTP gateway, whose polls keep it alive (no PNG needed).
    pub via_gateway: bool,
    /// The conversation a switchboard connection serves, for its raw lines.
    conversation: Option<ConversationId>,
    next_trid: u32,
    events: EventSink,
    pub redactor: Redactor,
}

impl Connection {
    pub async fn open(
        connector: &Connector,
        id: u32,
        kind: ConnectionKind,
        server: &ServerAddress,
        timeout: Duration,
        events: EventSink,
        redactor: Redactor,
    ) -> Result<Self, SessionError> {
        let opened = connector
            .open(kind, &server.host, server.port, timeout)
            .await?;
        Ok(Self {
            framed: Framed::new(opened.stream, ClientCodec::new()),
            tag: ConnectionTag {
                id,
                kind,
                server: server.to_string(),
            },
            via_gateway: opened.via_gateway,
            conversation: None,
            next_trid: 1,
            events,
            redactor,
        })
    }

    /// Tags the raw lines from now on with `conversation`.
    pub fn serving(mut self, conversation: Option<ConversationId>) -> Self {
        self.conversation = conversation;
        self
    }

    pub fn server(&self) -> &str {
        &self.tag.server
    }

    pub fn trid(&mut self) -> Trid {
        let trid = Trid(self.next_trid);
        self.next_trid = self.next_trid.wrapping_add(1).max(1);
        trid
    }

    pub async fn send(&mut self, command: ClientCommand) -> Result<(), SessionError> {
        self.announce(&command);
        self.framed
            .send(command)
            .await
            .map_err(|error| SessionError::lost(&self.tag.server, error))
    }

    /// Like `send`, but the command waits in the write buffer for the next `flush`
    /// (or for the buffer to fill), so that a burst goes out in few socket writes.
    pub async fn feed(&mut self, command: ClientCommand) -> Result<(), SessionError> {
        self.announce(&command);
        self.framed
            .feed(command)
            .await
            .map_err(|error| SessionError::lost(&self.tag.server, error))
    }

    pub async fn flush(&mut self) -> Result<(), SessionError> {
        self.framed
            .flush()
            .await
            .map_err(|error| SessionError::lost(&self.tag.server, error))
    }

    fn announce(&self, command: &ClientCommand) {
        let (line, payload) = self.redactor.sent(command);
        tracing::debug!(connection = %self.tag, "> {line}");
        self.raw(Direction::Sent, line, payload);
    }

    /// `OUT`, then the stream closed once it has gone out (over the gateway: once its
    /// request is answered), waiting at most `patience`.
    pub async fn sign_out(&mut self, patience: Duration) {
        if self.send(ClientCommand::Out(Out)).await.is_ok() {
            let _ = tokio::time::timeout(patience, self.framed.close()).await;
        }
    }

    /// The next well-formed command; `None` when the server closed the connection.
    /// Lines that do not parse are reported as raw lines and skipped.
    pub async fn recv(&mut self) -> Result<Option<ServerCommand>, SessionError> {
        loop {
            let Some(incoming) = self.framed.next().await else {
                return Ok(None);
            };
            let incoming = incoming.map_err(|error| SessionError::lost(&self.tag.server, error))?;
            let (line, payload) = self.redactor.received(&incoming.frame);
            tracing::debug!(connection = %self.tag, "< {line}");
            self.raw(Direction::Received, line.clone(), payload);
            match incoming.command {
                Ok(command) => return Ok(Some(command)),
                Err(error) => {
                    tracing::debug!(connection = %self.tag, %error, "skipping a line: {line}");
                }
            }
        }
    }

    fn raw(&self, direction: Direction, line: String, payload: Option<String>) {
        self.events.emit(Event::Raw(RawLine {
            connection: self.tag.clone(),
            direction,
            line,
            payload,
            conversation: self.conversation,
        }));
    }
}

/// The transaction id a server command answers, for the commands that answer one.
pub(crate) fn trid_of(command: &ServerCommand) -> Option<Trid> {
    use ServerCommand as S;
    let trid = match command {
        S::Ver(c) => Some(c.trid),
        S::Inf(c) => Some(c.trid),
        S::Cvr(c) => Some(c.trid),
        S::Usr(c) => Some(c.trid),
        S::Xfr(c) => Some(c.trid),
        S::Qry(c) => Some(c.trid),
        S::Gcf(c) => Some(c.trid),
        S::Syn(
            SynReply::Serial { trid, .. }
            | SynReply::Counted { trid, .. }
            | SynReply::Versioned { trid, .. },
        ) => Some(*trid),
        S::Gtc(c) => c.sequence.trid,
        S::Blp(c) => c.sequence.trid,
        S::Prp(c) => c.sequence.trid,
        S::Add(c) => Some(c.trid),
        S::Rem(c) => Some(c.trid),
        S::Adc(c) => Some(c.trid),
        S::Rea(c) => Some(c.trid),
        S::Chg(c) => Some(c.trid),
        S::Uux(c) => Some(c.trid),
        S::Url(c) => Some(c.trid),
        S::Fqy(c) => Some(c.trid),
        S::Rmg(c) => Some(c.trid),
        S::Adg(AdgReply::Numbered { trid, .. } | AdgReply::Guid { trid, .. }) => Some(*trid),
        S::Reg(RegReply::Numbered { trid, .. } | RegReply::Guid { trid, .. }) => Some(*trid),
        S::Adl(ListNotice::Ok { trid }) | S::Rml(ListNotice::Ok { trid }) => Some(*trid),
        S::Error(reply) => reply.trid,
        _ => None,
    };
    trid.filter(|trid| trid.0 != 0)
}
