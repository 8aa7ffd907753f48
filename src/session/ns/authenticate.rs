//! The auth step of each generation, between `USR I` and `USR OK`: MD5 (MSNP2–7),
//! Passport 1.4 TWN (MSNP8–14) and RST/MBI SSO (MSNP15+, machine GUID from MSNP16).

use super::connection::Connection;
use super::context::Ctx;
use super::signin::reply;
use crate::protocol::auth::{mbi_response, md5_response};
use crate::protocol::command::{
    AuthPackage, ServerAddress, UsrOutcome, UsrRequest, UsrStep, XfrReply, XfrTarget,
};
use crate::protocol::message::Secret;
use crate::protocol::types::{Address, ErrorCode};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::error::SessionError;
use crate::session::offline::OfflineTickets;

pub(super) enum Step {
    Redirect(ServerAddress),
    Done {
        name: Option<String>,
        contacts_ticket: Option<Secret>,
    },
}

pub(super) async fn authenticate(
    ctx: &mut Ctx,
    conn: &mut Connection,
    version: u8,
) -> Result<Step, SessionError> {
    let package = match version {
        ..=7 => AuthPackage::Md5,
        8..=14 => AuthPackage::Tweener,
        _ => AuthPackage::SingleSignOn,
    };
    let email = ctx.config.email.clone();
    let trid = conn.trid();
    conn.send(ClientCommand::Usr(UsrRequest {
        trid,
        step: UsrStep::Initial {
            package,
            account: Address::email(email.clone()),
        },
    }))
    .await?;
    let challenge = match reply(ctx, conn, trid, Some(version)).await? {
        ServerCommand::Usr(usr) => usr.outcome,
        ServerCommand::Xfr(XfrReply {
            target: XfrTarget::Notification { server, .. },
            ..
        }) => return Ok(Step::Redirect(server)),
        ServerCommand::Error(error) => return Err(refusal(error.code)),
        other => return Err(super::signin::unexpected("the USR challenge", &other)),
    };
    let password = ctx.config.password.clone();
    let (step, contacts_ticket) = match challenge {
        UsrOutcome::Md5Challenge { salt } => {
            let hash = md5_response(&salt, password.expose());
            conn.redactor.remember(&hash);
            (UsrStep::Md5Response { hash }, None)
        }
        UsrOutcome::TwnChallenge { challenge } => {
            // Tickets may expire within seconds: fetch it now, send it at once.
            let ticket = ctx
                .auth()?
                .twn_ticket(&ctx.config.nexus_url, &email, &password, &challenge)
                .await?;
            conn.redactor.remember(ticket.expose());
            ctx.redactor.remember(ticket.expose());
            ctx.offline_tickets = Some(OfflineTickets {
                fetch: ticket.clone(),
                store: ticket.clone(),
            });
            let step = UsrStep::TwnTicket {
                ticket: ticket.expose().to_owned(),
            };
            (step, Some(ticket))
        }
        UsrOutcome::SsoChallenge { policy, nonce, .. } => {
            let tokens = ctx
                .auth()?
                .sso_tokens(&ctx.config.rst_url, &email, &password, &policy)
                .await?;
            for secret in [&tokens.messenger_ticket, &tokens.messenger_secret]
                .into_iter()
                .chain(tokens.contacts_ticket.as_ref())
                .chain(tokens.fetch_ticket.as_ref())
                .chain(tokens.store_ticket.as_ref())
            {
                conn.redactor.remember(secret.expose());
                ctx.redactor.remember(secret.expose());
            }
            ctx.offline_tickets = tokens
                .fetch_ticket
                .clone()
                .zip(tokens.store_ticket.clone())
                .map(|(fetch, store)| OfflineTickets { fetch, store });
            let response = mbi_response(tokens.messenger_secret.expose(), &nonce, rand::random())
                .map_err(|error| {
                SessionError::Unexpected(format!("cannot answer the MBI challenge: {error}"))
            })?;
            conn.redactor.remember(&response);
            let machine_guid = if version >= 16 {
                Some(ctx.machine_guid()?)
            } else {
                None
            };
            let step = UsrStep::SsoResponse {
                ticket: tokens.messenger_ticket.expose().to_owned(),
                response,
                machine_guid,
            };
            (step, tokens.contacts_ticket)
        }
        UsrOutcome::Ok { .. } => {
            return Err(SessionError::Unexpected(
                "USR OK before any authentication".into(),
            ));
        }
    };
    let trid = conn.trid();
    conn.send(ClientCommand::Usr(UsrRequest { trid, step }))
        .await?;
    match reply(ctx, conn, trid, Some(version)).await? {
        ServerCommand::Usr(usr) => match usr.outcome {
            UsrOutcome::Ok { friendly, .. } => Ok(Step::Done {
                name: friendly.map(|name| name.0.into()),
                contacts_ticket,
            }),
            _ => Err(SessionError::Unexpected(
                "a second challenge instead of USR OK".into(),
            )),
        },
        ServerCommand::Error(error) => Err(refusal(error.code)),
        other => Err(super::signin::unexpected("USR OK", &other)),
    }
}

fn refusal(code: ErrorCode) -> SessionError {
    if code.is_auth_failure() {
        SessionError::BadCredentials(format!("the server answered {code}"))
    } else {
        SessionError::Refused(code)
    }
}
