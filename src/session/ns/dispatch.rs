//! Server commands other than connection control: presence, profile confirmations,
//! list changes, invitations and error replies.

use crate::protocol::ServerCommand;
use crate::protocol::command::ErrorReply;
use crate::protocol::message::Secret;
use crate::session::events::{ConnectionState, Event, Ring};

use super::context::Ctx;
use super::online::{Online, Pending};

impl Online {
    pub(super) fn on_error(&mut self, ctx: &Ctx, reply: ErrorReply, pending: Option<Pending>) {
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
    pub(super) fn on_command(
        &mut self,
        ctx: &mut Ctx,
        command: ServerCommand,
        pending: Option<Pending>,
    ) {
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
                    self.own_name(ctx, name.0.into());
                }
            }
            S::Rea(rea) if rea.email.email.eq_ignore_ascii_case(&ctx.config.email) => {
                self.own_name(ctx, rea.name.0.into());
            }
            S::Uux(_) => {
                if let Some(Pending::PersonalMessage(text)) = pending {
                    ctx.profile.personal_message = text;
                    ctx.emit(Event::Profile(ctx.profile.clone()));
                }
            }
            S::Rng(rng) => ctx.emit(Event::Ring(Ring {
                session: rng.session,
                server: rng.server,
                cookie: Secret::new(rng.cookie),
                inviter: rng.inviter.email.into(),
                inviter_name: rng.inviter_name.0.into(),
            })),
            S::Fqy(fqy) => self.on_network_answer(fqy.trid, &fqy.payload),
            S::Msg(message) => self.on_service_message(ctx, &message),
            other => self.on_list_command(ctx, other),
        }
    }

    pub(super) fn own_name(&mut self, ctx: &mut Ctx, name: String) {
        if ctx.profile.name != name {
            ctx.profile.name = name;
            ctx.emit(Event::Profile(ctx.profile.clone()));
        }
    }

    pub(super) fn finish_sync(&mut self, ctx: &mut Ctx) {
        let Some(sync) = self.sync.take() else {
            return;
        };
        ctx.list = sync.list;
        ctx.list_ready();
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
