//! Sign-in: connect, follow `XFR NS`, negotiate the version, CVR/INF, then the auth of
//! the negotiated generation (MD5, TWN or SSO) up to `USR OK`.

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::authenticate::{Step, authenticate};
use super::connection::{Connection, trid_of};
use super::context::Ctx;
use crate::protocol::auth::{answer_challenge, product_for};
use crate::protocol::command::{
    ClientVersion, Command, Inf, Qry, ServerAddress, Ver, XfrReply, XfrTarget,
};
use crate::protocol::message::Secret;
use crate::protocol::types::{Address, Dialect, Trid};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::error::SessionError;
use crate::session::events::{ConnectionState, Event};
use crate::session::request::Request;

const MAX_REDIRECTS: usize = 5;

/// A connection that has just received `USR OK`.
pub(crate) struct SignedIn {
    pub conn: Connection,
    pub version: u8,
    /// The friendly name in `USR OK` (MSNP2–9).
    pub name: Option<String>,
    /// The ticket for the address book (MSNP13+): the TWN ticket, or the SSO contacts one.
    pub contacts_ticket: Option<Secret>,
    /// Requests that arrived during sign-in, to be carried out now.
    pub queued: Vec<Request>,
}

/// Signs in, keeping requests (a sign-out included) that arrive meanwhile for later;
/// `None` if every handle was dropped.
pub(crate) async fn sign_in_or_quit(
    ctx: &mut Ctx,
    requests: &mut mpsc::UnboundedReceiver<Request>,
) -> Result<Option<SignedIn>, SessionError> {
    let mut queued = Vec::new();
    let signing_in = sign_in(ctx);
    tokio::pin!(signing_in);
    loop {
        tokio::select! {
            result = &mut signing_in => {
                let mut signed_in = result?;
                signed_in.queued = queued;
                return Ok(Some(signed_in));
            }
            request = requests.recv() => match request {
                None => return Ok(None),
                // This is the attempt it asks for.
                Some(Request::Reconnect) => {}
                Some(request) => queued.push(request),
            },
        }
    }
}

async fn sign_in(ctx: &mut Ctx) -> Result<SignedIn, SessionError> {
    let mut target = ctx
        .moved_to
        .take()
        .unwrap_or_else(|| ServerAddress::new(ctx.config.host.clone(), ctx.config.port));
    for _ in 0..=MAX_REDIRECTS {
        ctx.state(ConnectionState::Connecting {
            server: target.to_string(),
        });
        let (mut conn, version) = connect(ctx, &target).await?;
        identify(ctx, &mut conn, version).await?;
        match authenticate(ctx, &mut conn, version).await? {
            Step::Redirect(server) => {
                tracing::info!(%server, "redirected to another notification server");
                target = server;
            }
            Step::Done {
                name,
                contacts_ticket,
            } => {
                return Ok(SignedIn {
                    conn,
                    version,
                    name,
                    contacts_ticket,
                    queued: Vec::new(),
                });
            }
        }
    }
    Err(SessionError::TooManyRedirects(MAX_REDIRECTS))
}

/// Opens the connection and agrees on a version. With `server.transport = "auto"`, a
/// direct connection that cannot be made, or is cut before `VER` is answered, is made
/// again through the HTTP gateway, which this session then keeps to.
async fn connect(ctx: &mut Ctx, target: &ServerAddress) -> Result<(Connection, u8), SessionError> {
    match open_and_offer(ctx, target).await {
        Err(error @ (SessionError::Connect { .. } | SessionError::Lost { .. }))
            if ctx.connector.may_fall_back() =>
        {
            let gateway = ctx.connector.fall_back();
            let reason = ctx.redactor.text(&error.to_string());
            tracing::info!(%reason, %gateway, "direct connection failed: using the HTTP gateway");
            ctx.emit(Event::FellBackToGateway {
                server: target.to_string(),
                gateway,
                reason,
            });
            open_and_offer(ctx, target).await
        }
        result => result,
    }
}

async fn open_and_offer(
    ctx: &mut Ctx,
    target: &ServerAddress,
) -> Result<(Connection, u8), SessionError> {
    let mut conn = ctx.open(target).await?;
    ctx.state(ConnectionState::SigningIn {
        server: target.to_string(),
    });
    let version = offer_versions(ctx, &mut conn).await?;
    Ok((conn, version))
}

/// Waits for the answer to `trid`, or an `XFR NS`; answers CHL on the way.
pub(crate) async fn reply(
    ctx: &Ctx,
    conn: &mut Connection,
    trid: Trid,
    version: Option<u8>,
) -> Result<ServerCommand, SessionError> {
    let deadline = Instant::now() + ctx.config.timing.reply_timeout;
    loop {
        let next = tokio::time::timeout_at(deadline, conn.recv())
            .await
            .map_err(|_| SessionError::Silent {
                server: conn.server().to_owned(),
            })??;
        let Some(command) = next else {
            return Err(SessionError::Lost {
                server: conn.server().to_owned(),
                reason: "closed by the server".into(),
            });
        };
        match &command {
            ServerCommand::Out(out) => {
                return Err(out
                    .reason
                    .map_or(SessionError::OutWithoutReason, SessionError::Out));
            }
            ServerCommand::Xfr(XfrReply {
                target: XfrTarget::Notification { .. },
                ..
            }) => return Ok(command),
            ServerCommand::Chl(chl) => {
                if let Some(version) = version {
                    answer(conn, version, &chl.challenge).await?;
                }
            }
            _ if trid_of(&command) == Some(trid) => return Ok(command),
            _ => {}
        }
    }
}

/// Answers `CHL` with the product id and key of `version`.
pub(crate) async fn answer(
    conn: &mut Connection,
    version: u8,
    challenge: &str,
) -> Result<(), SessionError> {
    let product = product_for(version);
    let response = answer_challenge(version, challenge, product);
    let trid = conn.trid();
    conn.send(ClientCommand::Qry(Qry {
        trid,
        product_id: product.id.to_owned(),
        response: response.into(),
    }))
    .await
}

pub(super) fn unexpected(what: &str, command: &ServerCommand) -> SessionError {
    SessionError::Unexpected(format!("{} instead of {what}", command.name()))
}

/// `VER`: the highest offered version the server accepts.
async fn offer_versions(ctx: &Ctx, conn: &mut Connection) -> Result<u8, SessionError> {
    let offered = &ctx.config.protocols;
    let mut dialects: Vec<Dialect> = offered.iter().map(|v| Dialect::Msnp(*v)).collect();
    dialects.push(Dialect::Cvr0);
    let trid = conn.trid();
    conn.send(ClientCommand::Ver(Ver { trid, dialects }))
        .await?;
    let version = match reply(ctx, conn, trid, None).await? {
        ServerCommand::Ver(ver) => ver
            .dialects
            .iter()
            .filter_map(Dialect::version)
            .find(|version| offered.contains(version)),
        ServerCommand::Error(error) => return Err(SessionError::Refused(error.code)),
        other => return Err(unexpected("VER", &other)),
    };
    version.ok_or_else(|| SessionError::NoCommonVersion {
        offered: offered
            .iter()
            .map(|v| format!("MSNP{v}"))
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// `CVR` (MSNP3+) and `INF` (before MSNP8), as the negotiated version wants them.
async fn identify(ctx: &Ctx, conn: &mut Connection, version: u8) -> Result<(), SessionError> {
    if version >= 3 {
        let trid = conn.trid();
        conn.send(ClientCommand::Cvr(client_version(
            trid,
            version,
            &ctx.config.email,
        )))
        .await?;
        match reply(ctx, conn, trid, Some(version)).await? {
            ServerCommand::Cvr(_) => {}
            ServerCommand::Error(error) => return Err(SessionError::Refused(error.code)),
            other => return Err(unexpected("CVR", &other)),
        }
    }
    if version < 8 {
        let trid = conn.trid();
        conn.send(ClientCommand::Inf(Inf { trid })).await?;
        match reply(ctx, conn, trid, Some(version)).await? {
            ServerCommand::Inf(inf) if inf.packages.iter().any(|p| p == "MD5") => {}
            ServerCommand::Inf(_) => {
                return Err(SessionError::Unexpected(
                    "the server does not offer MD5 sign-in".into(),
                ));
            }
            ServerCommand::Error(error) => return Err(SessionError::Refused(error.code)),
            other => return Err(unexpected("INF", &other)),
        }
    }
    Ok(())
}

/// OS, OS version, name, build and brand of a version's official client.
fn official_client(
    version: u8,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match version {
        ..=7 => ("win", "4.10", "MSMSGS", "4.7.3001", "MSMSGS"),
        8..=10 => ("winnt", "5.1", "MSNMSGR", "6.0.0602", "MSMSGS"),
        11..=12 => ("winnt", "5.1", "MSNMSGR", "7.5.0324", "msmsgs"),
        13..=14 => ("winnt", "5.1", "MSNMSGR", "8.0.0812", "msmsgs"),
        15 => ("winnt", "5.1", "MSNMSGR", "8.5.1302", "msmsgs"),
        _ => ("winnt", "6.1", "MSNMSGR", "14.0.8117.0416", "msmsgs"),
    }
}

/// The build our client gives for `version` (`8.5.1302`), also in offline messages.
pub(crate) fn client_build(version: u8) -> &'static str {
    official_client(version).3
}

/// The client a version's official release identified as (as in the recordings).
fn client_version(trid: Trid, version: u8, email: &str) -> ClientVersion {
    let (os, os_version, name, client_version, brand) = official_client(version);
    ClientVersion {
        trid,
        locale: "0x0409".into(),
        os_type: os.into(),
        os_version: os_version.into(),
        arch: "i386".into(),
        client_name: name.into(),
        client_version: client_version.into(),
        brand: brand.into(),
        account: Some(Address::email(email)),
    }
}
