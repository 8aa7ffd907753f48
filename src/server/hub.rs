//! Who is signed in: every live NS session, its presence, and a channel to push
//! commands to it. Pushes never block: a session that cannot keep up is dropped.

use std::collections::HashMap;

use tokio::sync::mpsc;

use crate::protocol::ServerCommand;
use crate::protocol::command::OutReason;
use crate::protocol::types::{Capabilities, MsnObjectText, Status};

/// How many pushed commands may wait for a slow client before it is dropped.
pub const PUSH_QUEUE: usize = 1024;

/// Something another task asks a session to do.
#[derive(Debug, Clone)]
pub enum Push {
    Send(ServerCommand),
    /// End the session, telling the client why with `OUT <reason>`.
    Close(Option<OutReason>),
}

pub type SessionId = u64;

/// What others see of a signed-in session once it has sent CHG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlinePresence {
    pub status: Status,
    pub capabilities: Capabilities,
    /// `None` when the client's CHG had no MSNObject field at all.
    pub object: Option<MsnObjectText>,
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub email: String,
    pub version: u8,
    pub endpoint: Option<String>,
    pub presence: Option<OnlinePresence>,
    /// Endpoint name and similar data from MSNP16+ `PrivateEndpointData`.
    pub endpoint_name: Option<String>,
    tx: mpsc::Sender<Push>,
}

#[derive(Debug, Default)]
pub struct Hub {
    sessions: HashMap<SessionId, SessionInfo>,
    next_id: SessionId,
}

impl Hub {
    /// Registers a signed-in session; returns its id and the receiving end of its pushes.
    pub fn register(
        &mut self,
        email: &str,
        version: u8,
        endpoint: Option<String>,
    ) -> (SessionId, mpsc::Receiver<Push>) {
        let (tx, rx) = mpsc::channel(PUSH_QUEUE);
        self.next_id += 1;
        self.sessions.insert(
            self.next_id,
            SessionInfo {
                email: email.to_ascii_lowercase(),
                version,
                endpoint,
                presence: None,
                endpoint_name: None,
                tx,
            },
        );
        (self.next_id, rx)
    }

    pub fn unregister(&mut self, id: SessionId) -> Option<SessionInfo> {
        self.sessions.remove(&id)
    }

    pub fn session(&self, id: SessionId) -> Option<&SessionInfo> {
        self.sessions.get(&id)
    }

    pub fn session_mut(&mut self, id: SessionId) -> Option<&mut SessionInfo> {
        self.sessions.get_mut(&id)
    }

    /// Every session of one account.
    pub fn sessions_of<'a>(
        &'a self,
        email: &'a str,
    ) -> impl Iterator<Item = (SessionId, &'a SessionInfo)> + 'a {
        self.sessions
            .iter()
            .filter(move |(_, info)| info.email.eq_ignore_ascii_case(email))
            .map(|(id, info)| (*id, info))
    }

    /// The presence others see for an account: its most recently signed-in session
    /// that has sent CHG. `None` means offline (hidden counts as offline for others).
    pub fn visible_presence<'a>(
        &'a self,
        email: &'a str,
    ) -> Option<(SessionId, &'a SessionInfo, &'a OnlinePresence)> {
        self.sessions_of(email)
            .filter_map(|(id, info)| info.presence.as_ref().map(|presence| (id, info, presence)))
            .filter(|(_, _, presence)| presence.status != Status::Hidden)
            .max_by_key(|(id, _, _)| *id)
    }

    /// Queues a push; a session whose queue is full is dropped as too slow.
    pub fn push(&mut self, id: SessionId, push: Push) {
        let Some(info) = self.sessions.get(&id) else {
            return;
        };
        if let Err(mpsc::error::TrySendError::Full(_)) = info.tx.try_send(push) {
            tracing::warn!(email = %info.email, "dropping a client that does not read its pushes");
            self.sessions.remove(&id);
        }
    }

    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}
