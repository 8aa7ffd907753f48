//! Switchboard requests, challenges and relayed notifications: XFR, QRY, UUN.

use crate::protocol::ServerCommand;
use crate::protocol::auth::answer_challenge;
use crate::protocol::auth::challenge::key_for;
use crate::protocol::command::{
    OkReply, QryAck, Ubn, Uun, XfrKind, XfrReply, XfrRequest, XfrTarget,
};
use crate::protocol::types::{ErrorCode, Status};
use crate::server::hub::Push;
use crate::server::lock;
use crate::server::tokens::{Cookie, CookieUse};

use super::session::{Flow, NsSession};

impl NsSession {
    pub(super) fn on_xfr(&mut self, xfr: XfrRequest) -> Flow {
        if xfr.kind != XfrKind::Switchboard {
            self.error(ErrorCode::INVALID_PARAMETER, xfr.trid);
            return Flow::Continue;
        }
        let status = self.id.and_then(|id| {
            lock(&self.shared.hub)
                .session(id)
                .and_then(|info| info.presence.as_ref().map(|p| p.status))
        });
        let allowed = match status {
            None => false,
            Some(Status::Hidden) => self.version >= 13,
            Some(_) => true,
        };
        if !allowed {
            self.error(ErrorCode(913), xfr.trid);
            return Flow::Continue;
        }
        let display_name = lock(&self.shared.store)
            .directory()
            .account(&self.email)
            .map(|account| account.display_name.clone())
            .unwrap_or_default();
        let cookie = lock(&self.shared.tokens).issue_cookie(Cookie {
            email: self.email.clone(),
            endpoint: self.endpoint.clone(),
            display_name,
            version: self.version,
            usage: CookieUse::NewSwitchboard,
        });
        self.reply(ServerCommand::Xfr(XfrReply {
            trid: xfr.trid,
            target: XfrTarget::Switchboard {
                server: self.shared.switchboard.clone(),
                cookie,
                host: (self.version >= 13).then(|| "messenger.msn.com".to_owned()),
                direct: (self.version >= 14).then_some(true),
            },
        }));
        Flow::Continue
    }

    /// Checks the answer to our CHL; a QRY we did not ask for is ignored, as the
    /// recorded server does.
    pub(super) fn on_qry(&mut self, qry: crate::protocol::command::Qry) -> Flow {
        let Some(challenge) = self.pending_challenge.take() else {
            return Flow::Continue;
        };
        let expected = key_for(&qry.product_id)
            .map(|product| answer_challenge(self.version, &challenge, product));
        if expected.as_deref().map(str::as_bytes) == Some(&qry.response[..]) {
            self.reply(ServerCommand::Qry(QryAck { trid: qry.trid }));
            Flow::Continue
        } else {
            tracing::info!(peer = %self.peer, product = %qry.product_id, "dropping client: wrong challenge answer");
            self.error(ErrorCode(540), qry.trid);
            Flow::Close
        }
    }

    /// True while a challenge we sent is still unanswered.
    pub fn challenge_pending(&self) -> bool {
        self.pending_challenge.is_some()
    }

    pub(super) fn on_uun(&mut self, uun: Uun) -> Flow {
        let target = uun.to.email.to_ascii_lowercase();
        let allowed = lock(&self.shared.store)
            .directory()
            .allows(&target, &self.email);
        let mut hub = lock(&self.shared.hub);
        let sessions: Vec<u64> = hub
            .sessions_of(&target)
            .filter(|(_, info)| {
                info.version >= 13
                    && uun.to.endpoint().is_none_or(|e| {
                        info.endpoint
                            .as_deref()
                            .is_some_and(|mine| mine.eq_ignore_ascii_case(e))
                    })
            })
            .map(|(id, _)| id)
            .collect();
        if !allowed || sessions.is_empty() {
            drop(hub);
            self.error(ErrorCode::NOT_ONLINE, uun.trid);
            return Flow::Continue;
        }
        let mut from = crate::protocol::types::Address::email(&self.email);
        if let Some(endpoint) = &self.endpoint {
            from = from.with_endpoint(endpoint.clone());
        }
        for session in sessions {
            hub.push(
                session,
                Push::send(ServerCommand::Ubn(Ubn {
                    from: from.clone(),
                    kind: uun.kind,
                    payload: uun.payload.clone(),
                })),
            );
        }
        drop(hub);
        self.reply(ServerCommand::Uun(OkReply { trid: uun.trid }));
        Flow::Continue
    }
}
