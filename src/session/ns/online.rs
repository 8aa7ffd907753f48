//! A signed-in connection: the start-up sequence of each generation, then one loop
//! over server commands, requests and the keep-alive timer.

use std::collections::HashMap;

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::connection::{Connection, trid_of};
use super::context::Ctx;
use super::keepalive::Keepalive;
use super::signin::{SignedIn, answer};
use super::sync::Sync;
use crate::protocol::command::{Out, XfrReply, XfrTarget};
use crate::protocol::types::{Status, Trid};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::address_book::AddressBook;
use crate::session::error::SessionError;
use crate::session::events::{ConnectionState, Event};
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

pub(crate) struct Online {
    pub conn: Connection,
    pub version: u8,
    pub pending: HashMap<Trid, Pending>,
    pub sync: Option<Sync>,
    pub keepalive: Keepalive,
    pub address_book: Option<AddressBook>,
    /// MSNP10–12: contacts to put into a group once the server gave them a GUID.
    pub group_after_add: Vec<(String, String)>,
}

pub(crate) async fn run(
    ctx: &mut Ctx,
    signed_in: SignedIn,
    requests: &mut mpsc::UnboundedReceiver<Request>,
) -> Ended {
    let timing = &ctx.config.timing;
    let mut online = Online {
        keepalive: Keepalive::new(timing.ping_interval, timing.reply_timeout),
        conn: signed_in.conn,
        version: signed_in.version,
        pending: HashMap::new(),
        sync: None,
        address_book: None,
        group_after_add: Vec::new(),
    };
    let queued = signed_in.queued;
    if let Err(error) = online
        .start(ctx, signed_in.name, signed_in.contacts_ticket)
        .await
    {
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
            let _ = online.conn.send(ClientCommand::Out(Out)).await;
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
            () = tokio::time::sleep_until(deadline) => {
                if Instant::now() >= online.keepalive.deadline() {
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
        let ready: Vec<(String, String, String)> = self
            .group_after_add
            .iter()
            .filter_map(|(email, group)| {
                let guid = ctx.list.contact(email)?.guid.clone()?;
                Some((email.clone(), guid, group.clone()))
            })
            .collect();
        for (email, guid, group) in ready {
            self.group_after_add.retain(|(e, _)| *e != email);
            self.group_contact(guid, group, &format!("add {email} to a group"))
                .await?;
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
            ServerCommand::Error(reply) => self.on_error(ctx, reply, pending),
            other => self.on_command(ctx, other, pending),
        }
        Ok(None)
    }

    fn on_error(
        &mut self,
        ctx: &Ctx,
        reply: crate::protocol::command::ErrorReply,
        pending: Option<Pending>,
    ) {
        let what = match &pending {
            Some(Pending::Status(status)) => format!("set status {}", status.describe()),
            Some(Pending::Name) => "change name".to_owned(),
            Some(Pending::PersonalMessage(_)) => "change personal message".to_owned(),
            Some(Pending::Change(what)) => what.clone(),
            Some(Pending::StartUp(what)) => (*what).to_owned(),
            None => {
                ctx.error(&format!("server error {}", reply.code), Some(reply.code.0));
                return;
            }
        };
        ctx.error(
            &format!("cannot {what}: {}", reply.code),
            Some(reply.code.0),
        );
    }

    /// Everything but errors and connection control.
    fn on_command(&mut self, ctx: &mut Ctx, command: ServerCommand, pending: Option<Pending>) {
        use ServerCommand as S;
        match command {
            S::Iln(iln) => self.on_presence(ctx, iln.presence),
            S::Nln(presence) => self.on_presence(ctx, presence),
            S::Fln(fln) => self.on_offline(ctx, &fln.address.email),
            S::Ubx(ubx) => self.on_personal(ctx, &ubx.address.email, &ubx.payload),
            S::Chg(chg) => {
                if matches!(pending, Some(Pending::Status(_))) || ctx.profile.status != chg.status {
                    ctx.profile.status = chg.status;
                    ctx.emit(Event::Profile(ctx.profile.clone()));
                }
            }
            S::Prp(prp) if prp.key == "MFN" => {
                if let Some(name) = prp.value {
                    self.own_name(ctx, name.0);
                }
            }
            S::Rea(rea) if rea.email.email.eq_ignore_ascii_case(&ctx.config.email) => {
                self.own_name(ctx, rea.name.0);
            }
            S::Uux(_) => {
                if let Some(Pending::PersonalMessage(text)) = pending {
                    ctx.profile.personal_message = text;
                    ctx.emit(Event::Profile(ctx.profile.clone()));
                }
            }
            S::Rng(rng) => ctx.emit(Event::Ring(crate::session::events::Ring {
                session: rng.session,
                server: rng.server,
                cookie: crate::protocol::message::Secret::new(rng.cookie),
                inviter: rng.inviter.email,
                inviter_name: rng.inviter_name.0,
            })),
            other => self.on_list_command(ctx, other),
        }
    }

    fn own_name(&mut self, ctx: &mut Ctx, name: String) {
        if ctx.profile.name != name {
            ctx.profile.name = name;
            ctx.emit(Event::Profile(ctx.profile.clone()));
        }
    }

    fn finish_sync(&mut self, ctx: &mut Ctx) {
        let Some(sync) = self.sync.take() else {
            return;
        };
        ctx.list = sync.list;
        ctx.emit(Event::ContactList(ctx.list.clone()));
        if let Some(name) = sync.own_name {
            self.own_name(ctx, name);
        }
    }

    /// Marks the session online, for the user interface.
    pub fn announce(&self, ctx: &Ctx) {
        ctx.emit(Event::SignedIn {
            version: self.version,
            account: ctx.config.email.clone(),
            profile: ctx.profile.clone(),
        });
        ctx.state(ConnectionState::Online);
    }
}
