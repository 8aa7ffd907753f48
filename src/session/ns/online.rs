//! A signed-in connection: the start-up sequence of each generation, then one loop
//! over server commands, requests and the keep-alive timer.

use std::collections::HashMap;

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::connection::{Connection, trid_of};
use super::context::Ctx;
use super::keepalive::Keepalive;
use super::lists::Sync;
use super::signin::{SignedIn, answer};
use super::switchboards::{SwitchboardAnswer, SwitchboardGrant, next_request};
use crate::protocol::command::{XfrReply, XfrTarget};
use crate::protocol::message::Secret;
use crate::protocol::types::{ListBits, Status, Trid};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::address_book::AddressBook;
use crate::session::error::SessionError;
use crate::session::request::Request;

/// The longest wait for outstanding answers after a sign-out.
const MAX_DRAIN: Duration = Duration::from_secs(2);

/// How a signed-in connection ended.
pub(crate) enum Ended {
    SignedOut,
    /// An asynchronous `XFR NS`: sign in again at once, over there.
    Moved,
    Failed(SessionError),
}

/// What a transaction id was used for, to confirm it or explain its error.
#[derive(Debug, Clone)]
pub(crate) enum Pending {
    Status(Status),
    Name,
    PersonalMessage(String),
    /// A list or group change: the request's description.
    Change(String),
    /// Part of the start-up sequence.
    StartUp(&'static str),
}

/// A contact added on MSNP10–12, to be put into `group` once it has a GUID.
pub(crate) struct GroupAfterAdd {
    pub email: String,
    pub group: String,
}

/// An `FQY` asking which network `email` is on, before adding it to `lists`.
pub(crate) struct NetworkQuery {
    pub email: String,
    pub lists: ListBits,
    /// The request's description, for errors.
    pub what: String,
}

/// The answer to a [`NetworkQuery`]: the network id the `ADL` names.
pub(crate) struct NetworkAnswer {
    pub query: NetworkQuery,
    pub network: u32,
}

pub(crate) struct Online {
    pub conn: Connection,
    pub version: u8,
    pub pending: HashMap<Trid, Pending>,
    pub sync: Option<Sync>,
    /// List requests made while the list was still arriving (MSNP2–12): carried out
    /// once it is whole, since what they send depends on it.
    pub deferred: Vec<Request>,
    pub keepalive: Keepalive,
    pub address_book: Option<AddressBook>,
    /// MSNP10–12: contacts to put into a group once the server gave them a GUID.
    pub group_after_add: Vec<GroupAfterAdd>,
    /// MSNP14+: `FQY`s awaiting an answer.
    pub network_queries: HashMap<Trid, NetworkQuery>,
    /// Answered `FQY`s whose `ADL` is still to be sent.
    pub network_known: Vec<NetworkAnswer>,
    /// `XFR SB`s awaiting an answer, for the conversation layer.
    pub switchboards: HashMap<Trid, oneshot::Sender<SwitchboardAnswer>>,
}

pub(crate) async fn run(
    ctx: &mut Ctx,
    signed_in: SignedIn,
    requests: &mut mpsc::UnboundedReceiver<Request>,
) -> Ended {
    let SignedIn {
        conn,
        version,
        name,
        contacts_ticket,
        queued,
    } = signed_in;
    let timing = &ctx.config.timing;
    let keepalive = if conn.via_gateway {
        Keepalive::polled()
    } else {
        Keepalive::new(timing.ping_interval, timing.reply_timeout)
    };
    let mut online = Online {
        keepalive,
        conn,
        version,
        pending: HashMap::new(),
        sync: None,
        deferred: Vec::new(),
        address_book: None,
        group_after_add: Vec::new(),
        network_queries: HashMap::new(),
        network_known: Vec::new(),
        switchboards: HashMap::new(),
    };
    let ended = serve(&mut online, ctx, (name, contacts_ticket), queued, requests).await;
    ctx.save_known_names();
    // List requests still waiting for the list go the way of those made while offline.
    for request in std::mem::take(&mut online.deferred) {
        ctx.keep_for_later(request);
    }
    ended
}

/// Starts the session, then carries out requests and handles the server until the
/// connection is over.
async fn serve(
    online: &mut Online,
    ctx: &mut Ctx,
    (name, contacts_ticket): (Option<String>, Option<Secret>),
    queued: Vec<Request>,
    requests: &mut mpsc::UnboundedReceiver<Request>,
) -> Ended {
    if let Err(error) = online.start(ctx, name, contacts_ticket).await {
        return Ended::Failed(error);
    }
    // After a sign-out, answers still due are awaited (briefly) so that the requests
    // made just before it are confirmed.
    let drain = ctx.config.timing.reply_timeout.min(MAX_DRAIN);
    let mut leaving: Option<Instant> = None;
    for request in queued {
        if request == Request::SignOut {
            leaving = Some(Instant::now() + drain);
            break;
        }
        if let Err(error) = online.request(ctx, request).await {
            return Ended::Failed(error);
        }
    }
    loop {
        if let Some(until) = leaving
            && ((online.pending.is_empty() && online.sync.is_none()) || Instant::now() >= until)
        {
            online.conn.sign_out(drain).await;
            return Ended::SignedOut;
        }
        let deadline = match leaving {
            Some(until) => until.min(online.keepalive.deadline()),
            None => online.keepalive.deadline(),
        };
        let result = tokio::select! {
            incoming = online.conn.recv() => match incoming {
                Ok(Some(command)) => online.handle_and_follow_up(ctx, command).await,
                Ok(None) => Err(SessionError::Lost {
                    server: online.conn.server().to_owned(),
                    reason: "closed by the server".into(),
                }),
                Err(error) => Err(error),
            },
            request = requests.recv(), if leaving.is_none() => match request {
                None | Some(Request::SignOut) => {
                    leaving = Some(Instant::now() + drain);
                    Ok(None)
                }
                Some(request) => online.request(ctx, request).await.map(|()| None),
            },
            request = next_request(&mut ctx.switchboards), if leaving.is_none() => {
                online.ask_switchboard(request).await.map(|()| None)
            }
            () = tokio::time::sleep_until(deadline) => {
                if Instant::now() >= online.keepalive.deadline() {
                    // Names seen since the last ping are kept now: a crash loses a few.
                    ctx.save_known_names();
                    online.keepalive.fire(&mut online.conn).await.map(|()| None)
                } else {
                    Ok(None)
                }
            }
        };
        match result {
            Ok(None) => {}
            Ok(Some(_)) if leaving.is_some() => return Ended::SignedOut,
            Ok(Some(ended)) => return ended,
            Err(_) if leaving.is_some() => return Ended::SignedOut,
            Err(error) => return Ended::Failed(error),
        }
    }
}

impl Online {
    /// Sends a command under a new transaction id, remembering what it was for.
    pub async fn send(
        &mut self,
        pending: Pending,
        command: impl FnOnce(Trid) -> ClientCommand,
    ) -> Result<Trid, SessionError> {
        let trid = self.conn.trid();
        self.pending.insert(trid, pending);
        self.conn.send(command(trid)).await?;
        Ok(trid)
    }

    async fn handle_and_follow_up(
        &mut self,
        ctx: &mut Ctx,
        command: ServerCommand,
    ) -> Result<Option<Ended>, SessionError> {
        let ended = self.handle(ctx, command).await?;
        if self.sync.is_none() {
            for request in std::mem::take(&mut self.deferred) {
                self.request(ctx, request).await?;
            }
        }
        let ready: Vec<(String, GroupAfterAdd)> = self
            .group_after_add
            .iter()
            .filter_map(|waiting| {
                let guid = ctx.list.contact(&waiting.email)?.guid.clone()?;
                Some((
                    guid,
                    GroupAfterAdd {
                        email: waiting.email.clone(),
                        group: waiting.group.clone(),
                    },
                ))
            })
            .collect();
        for (guid, GroupAfterAdd { email, group }) in ready {
            self.group_after_add
                .retain(|waiting| waiting.email != email);
            self.group_contact(guid, group, &format!("add {email} to a group"))
                .await?;
        }
        for answer in std::mem::take(&mut self.network_known) {
            let NetworkAnswer {
                query: NetworkQuery { email, lists, what },
                network,
            } = answer;
            // Only what is still true: the contact may have been removed meanwhile.
            let current = ctx.list.contact(&email).map_or(0, |c| c.lists.0);
            let lists = ListBits(lists.0 & current);
            if lists.0 != 0 {
                self.notice(true, &email, lists, network, &what).await?;
            }
        }
        Ok(ended)
    }

    /// Handles one server command; `Some` when the connection is over.
    async fn handle(
        &mut self,
        ctx: &mut Ctx,
        command: ServerCommand,
    ) -> Result<Option<Ended>, SessionError> {
        if let Some(sync) = &mut self.sync {
            if sync.take(&command) {
                if sync.complete() {
                    self.finish_sync(ctx);
                }
                return Ok(None);
            }
            if sync.started() {
                self.finish_sync(ctx);
            }
        }
        let pending = trid_of(&command).and_then(|trid| self.pending.remove(&trid));
        match command {
            ServerCommand::Chl(chl) => answer(&mut self.conn, self.version, &chl.challenge).await?,
            ServerCommand::Qng(qng) => self.keepalive.answered(qng.next_ping_secs),
            ServerCommand::Out(out) => {
                return Err(out
                    .reason
                    .map_or(SessionError::OutWithoutReason, SessionError::Out));
            }
            ServerCommand::Xfr(XfrReply {
                target: XfrTarget::Notification { server, .. },
                ..
            }) => {
                ctx.moved_to = Some(server);
                return Ok(Some(Ended::Moved));
            }
            ServerCommand::Xfr(XfrReply {
                trid,
                target: XfrTarget::Switchboard { server, cookie, .. },
            }) => {
                let grant = SwitchboardGrant {
                    server,
                    cookie: Secret::new(cookie),
                };
                self.answer_switchboard(Some(trid), Ok(grant));
            }
            ServerCommand::Error(reply) => {
                if !self.answer_switchboard(reply.trid, Err(reply.code)) {
                    self.on_error(ctx, reply, pending);
                }
            }
            other => self.on_command(ctx, other, pending),
        }
        Ok(None)
    }
}
