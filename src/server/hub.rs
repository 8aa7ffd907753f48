//! Who is signed in: every live NS session, its presence, and a channel to push
//! commands to it. Pushes never block: a session that cannot keep up is dropped.

use std::collections::{BTreeSet, HashMap};

use tokio::sync::mpsc;

use crate::protocol::ServerCommand;
use crate::protocol::command::OutReason;
use crate::protocol::types::{Capabilities, MsnObjectText, Status};

/// How many pushed commands may wait for a slow client before it is dropped.
pub const PUSH_QUEUE: usize = 1024;

/// Something another task asks a session to do.
#[derive(Debug, Clone)]
pub enum Push {
    /// Boxed: commands are large and most queued pushes are small.
    Send(Box<ServerCommand>),
    /// End the session, telling the client why with `OUT <reason>`.
    Close(Option<OutReason>),
}

impl Push {
    pub fn send(command: ServerCommand) -> Self {
        Push::Send(Box::new(command))
    }
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
    /// Session ids by lower-case account, so lookups never scan every session.
    by_account: HashMap<String, BTreeSet<SessionId>>,
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
        let email = email.to_ascii_lowercase();
        self.by_account
            .entry(email.clone())
            .or_default()
            .insert(self.next_id);
        self.sessions.insert(
            self.next_id,
            SessionInfo {
                email,
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
        let info = self.sessions.remove(&id)?;
        if let Some(ids) = self.by_account.get_mut(&info.email) {
            ids.remove(&id);
            if ids.is_empty() {
                self.by_account.remove(&info.email);
            }
        }
        Some(info)
    }

    pub fn session(&self, id: SessionId) -> Option<&SessionInfo> {
        self.sessions.get(&id)
    }

    pub fn session_mut(&mut self, id: SessionId) -> Option<&mut SessionInfo> {
        self.sessions.get_mut(&id)
    }

    /// Every session of one account, oldest first.
    pub fn sessions_of<'a>(
        &'a self,
        email: &str,
    ) -> impl Iterator<Item = (SessionId, &'a SessionInfo)> + 'a {
        let ids = match self.by_account.get(email) {
            Some(ids) => Some(ids),
            None => self.by_account.get(&email.to_ascii_lowercase()),
        };
        ids.into_iter()
            .flatten()
            .filter_map(|id| Some((*id, self.sessions.get(id)?)))
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
            self.unregister(id);
        }
    }

    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_of_finds_an_account_in_any_case_until_it_leaves() {
        let mut hub = Hub::default();
        let (first, _first_rx) = hub.register("Alice@Example.com", 15, None);
        let (_other, _other_rx) = hub.register("bob@example.com", 15, None);
        let (second, _second_rx) = hub.register("alice@example.com", 18, None);
        let ids = |hub: &Hub| -> Vec<SessionId> {
            hub.sessions_of("ALICE@example.COM")
                .map(|(id, _)| id)
                .collect()
        };
        assert_eq!(ids(&hub), [first, second]);
        hub.unregister(first);
        assert_eq!(ids(&hub), [second]);
        hub.unregister(second);
        assert!(ids(&hub).is_empty());
        assert_eq!(hub.len(), 1);
    }

    #[test]
    fn a_client_that_does_not_read_its_pushes_leaves_the_index() {
        let mut hub = Hub::default();
        let (id, _rx) = hub.register("alice@example.com", 8, None);
        for _ in 0..=PUSH_QUEUE {
            hub.push(id, Push::Close(None));
        }
        assert!(hub.session(id).is_none());
        assert_eq!(hub.sessions_of("alice@example.com").count(), 0);
    }
}
