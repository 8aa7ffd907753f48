//! Coming into a switchboard: connect to the address the NS gave (never a port of our
//! own), then `USR` with the cookie for a session we open, or `ANS` for an invitation,
//! whose `IRO` lines up to `ANS OK` say who is already there (docs/protocol.md §5.1–5.2).

use thiserror::Error;
use tokio::time::{Instant, timeout_at};

use super::roster::Arrival;
use super::{Role, Setup};
use crate::protocol::command::Command as _;
use crate::protocol::command::{AnsRequest, OkReply, UsrOutcome, UsrReply, UsrRequest, UsrStep};
use crate::protocol::types::{Address, ErrorCode};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::error::SessionError;
use crate::session::events::ConnectionKind;
use crate::session::ns::connection::Connection;

#[derive(Debug, Error)]
pub(super) enum LoginError {
    #[error(transparent)]
    Connection(#[from] SessionError),
    #[error("the switchboard refused us: {0}")]
    Refused(ErrorCode),
}

/// A signed-in switchboard connection and whoever it named on the way in.
pub(super) struct Admitted {
    pub conn: Connection,
    pub present: Vec<Arrival>,
}

pub(super) async fn sign_in(setup: &Setup) -> Result<Admitted, LoginError> {
    let mut conn = Connection::open(
        &setup.connector,
        setup.connection_id,
        ConnectionKind::Switchboard,
        &setup.server,
        setup.timing.connect_timeout,
        setup.events.clone(),
        setup.redactor.clone(),
    )
    .await?
    .serving(setup.conversation);
    let mut address = Address::email(setup.account.clone());
    if let Some(guid) = &setup.endpoint {
        address = address.with_endpoint(guid.clone());
    }
    let cookie = setup.cookie.expose().to_owned();
    let trid = conn.trid();
    let command = match &setup.role {
        Role::Open { .. } => ClientCommand::Usr(UsrRequest {
            trid,
            step: UsrStep::Switchboard { address, cookie },
        }),
        Role::Answer { session } => ClientCommand::Ans(AnsRequest {
            trid,
            address,
            cookie,
            session: session.clone(),
        }),
    };
    conn.send(command).await?;
    let deadline = Instant::now() + setup.timing.reply_timeout;
    let server = conn.server().to_owned();
    let mut present = Vec::new();
    loop {
        let next =
            timeout_at(deadline, conn.recv())
                .await
                .map_err(|_| SessionError::Silent {
                    server: server.clone(),
                })??;
        let Some(command) = next else {
            return Err(SessionError::Lost {
                server,
                reason: "closed by the server".into(),
            }
            .into());
        };
        match command {
            ServerCommand::Usr(UsrReply {
                trid: answered,
                outcome: UsrOutcome::Ok { .. },
            })
            | ServerCommand::Ans(OkReply { trid: answered })
                if answered == trid =>
            {
                return Ok(Admitted { conn, present });
            }
            ServerCommand::Iro(iro) => present.push(iro.into()),
            ServerCommand::Joi(joi) => present.push(joi.into()),
            ServerCommand::Error(error) if error.trid == Some(trid) => {
                return Err(LoginError::Refused(error.code));
            }
            other => {
                tracing::debug!(command = %other.name(), "ignored while joining a switchboard")
            }
        }
    }
}
