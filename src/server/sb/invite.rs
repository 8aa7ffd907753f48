//! CAL: inviting someone into a session. People are rung on every NS session they have
//! (each RNG with its own cookie); bots join at once.

use std::sync::Arc;

use super::bots::BOT_CAPABILITIES;
use super::formats::{self, ENDPOINTS_FROM, Participant, endpoint_key};
use super::registry::Registry;
use super::session::{Member, Seat};
use crate::protocol::types::{Address, ErrorCode, Status, Trid};
use crate::server::directory::BotKind;
use crate::server::hub::Push;
use crate::server::tokens::{Cookie, CookieUse};
use crate::server::{Shared, lock};

const ALREADY_THERE: ErrorCode = ErrorCode(215);

/// Who is calling, from where.
pub struct Caller<'a> {
    pub session: &'a str,
    pub who: &'a Participant,
    pub version: u8,
}

/// Invites `invitee`; `Ok` means the caller is told `RINGING`.
pub fn call(
    shared: &Shared,
    registry: &Arc<Registry>,
    caller: &Caller<'_>,
    invitee: &Address,
    trid: Trid,
) -> Result<(), ErrorCode> {
    if !invitee.is_valid_email() {
        return Err(ErrorCode::INVALID_USER);
    }
    let email = invitee.email.to_ascii_lowercase();
    // MSNP16+ clients may CAL themselves to bring in their other endpoints.
    let own_endpoints = email == caller.who.email && caller.version >= ENDPOINTS_FROM;
    let (present, endpoints) = registry
        .inspect(caller.session, |session| {
            (session.has_account(&email), session.endpoints_of(&email))
        })
        .ok_or(ErrorCode::NOT_ONLINE)?;
    if present && !own_endpoints {
        return Err(ALREADY_THERE);
    }
    let (name, bot) = {
        let store = lock(&shared.store);
        let directory = store.directory();
        let account = directory
            .account(&email)
            .filter(|_| own_endpoints || directory.allows(&email, &caller.who.email))
            .ok_or(ErrorCode::NOT_ONLINE)?;
        (
            account.display_name.clone(),
            account.bot.as_ref().map(|bot| bot.kind),
        )
    };
    match bot {
        Some(kind) => add_bot(registry, caller.session, email, name, kind, trid),
        None => ring(shared, caller, &email, &name, &endpoints, present),
    }
}

fn add_bot(
    registry: &Registry,
    session: &str,
    email: String,
    name: String,
    kind: BotKind,
    trid: Trid,
) -> Result<(), ErrorCode> {
    let bot = Member {
        id: registry.member_id(),
        who: Participant {
            email,
            name,
            endpoint: None,
            capabilities: BOT_CAPABILITIES,
        },
        seat: Seat::Bot(kind),
    };
    registry
        .join(session, bot, trid)
        .map(drop)
        .ok_or(ErrorCode::NOT_ONLINE)
}

/// Sends RNG to each visible NS session of `email` not already in the session.
fn ring(
    shared: &Shared,
    caller: &Caller<'_>,
    email: &str,
    name: &str,
    present_endpoints: &[String],
    present: bool,
) -> Result<(), ErrorCode> {
    let targets: Vec<_> = {
        let hub = lock(&shared.hub);
        hub.sessions_of(email)
            .filter(|(_, info)| {
                info.presence
                    .as_ref()
                    .is_some_and(|presence| presence.status != Status::Hidden)
            })
            .filter(|(_, info)| {
                info.endpoint
                    .as_deref()
                    .is_none_or(|endpoint| !present_endpoints.contains(&endpoint_key(endpoint)))
            })
            .map(|(id, info)| (id, info.version, info.endpoint.clone()))
            .collect()
    };
    if targets.is_empty() {
        return Err(if present {
            ALREADY_THERE
        } else {
            ErrorCode::NOT_ONLINE
        });
    }
    let rings: Vec<_> = {
        let mut tokens = lock(&shared.tokens);
        targets
            .into_iter()
            .map(|(id, version, endpoint)| {
                let cookie = tokens.issue_cookie(Cookie {
                    email: email.to_owned(),
                    endpoint,
                    display_name: name.to_owned(),
                    version,
                    usage: CookieUse::Invitation {
                        session: caller.session.to_owned(),
                    },
                });
                let rng = formats::ring(
                    version,
                    caller.session,
                    &shared.switchboard,
                    cookie,
                    caller.who,
                );
                (id, rng)
            })
            .collect()
    };
    let mut hub = lock(&shared.hub);
    for (id, rng) in rings {
        hub.push(id, Push::send(rng));
    }
    Ok(())
}
