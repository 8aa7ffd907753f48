//! `XFR SB` for the conversation layer: it asks through a channel, the NS sends the
//! request and hands the switchboard's address and cookie (or the error) back. A
//! request still waiting when the connection ends is dropped, which tells the asker.

use std::future::pending;

use tokio::sync::{mpsc, oneshot};

use crate::protocol::ClientCommand;
use crate::protocol::command::{ServerAddress, XfrKind, XfrRequest};
use crate::protocol::message::Secret;
use crate::protocol::types::{ErrorCode, Trid};
use crate::session::error::SessionError;

use super::online::Online;

/// Where to open a new switchboard session, as `XFR SB` gave it.
#[derive(Debug)]
pub(crate) struct SwitchboardGrant {
    pub server: ServerAddress,
    pub cookie: Secret,
}

/// The NS's answer: a grant, or the error code it sent instead.
pub(crate) type SwitchboardAnswer = Result<SwitchboardGrant, ErrorCode>;

/// One request for a new switchboard.
#[derive(Debug)]
pub(crate) struct SwitchboardRequest {
    pub answer: oneshot::Sender<SwitchboardAnswer>,
}

/// The next request; never, once the conversation layer has gone.
pub(super) async fn next_request(
    requests: &mut Option<mpsc::UnboundedReceiver<SwitchboardRequest>>,
) -> SwitchboardRequest {
    if let Some(receiver) = requests {
        if let Some(request) = receiver.recv().await {
            return request;
        }
        *requests = None;
    }
    pending().await
}

impl Online {
    pub(super) async fn ask_switchboard(
        &mut self,
        request: SwitchboardRequest,
    ) -> Result<(), SessionError> {
        // Asked before a reconnection, and given up on meanwhile.
        if request.answer.is_closed() {
            return Ok(());
        }
        let trid = self.conn.trid();
        self.switchboards.insert(trid, request.answer);
        self.conn
            .send(ClientCommand::Xfr(XfrRequest {
                trid,
                kind: XfrKind::Switchboard,
            }))
            .await
    }

    /// Passes on the answer to an `XFR SB`; false when `trid` was not one.
    pub(super) fn answer_switchboard(
        &mut self,
        trid: Option<Trid>,
        answer: SwitchboardAnswer,
    ) -> bool {
        let Some(waiting) = trid.and_then(|trid| self.switchboards.remove(&trid)) else {
            return false;
        };
        // The asker may have stopped waiting; the cookie then simply goes unused.
        let _ = waiting.send(answer);
        true
    }
}
