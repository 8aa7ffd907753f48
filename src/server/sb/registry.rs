//! Every open switchboard session of one server, by session id. Owned by the serve task
//! and shared with its connections; a session ends when its last client leaves.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;

use super::session::{Member, MemberId, Relayed, Session};
use crate::protocol::ServerCommand;
use crate::protocol::types::Trid;
use crate::server::lock;
use crate::server::tokens::random_hex;

/// Session ids look like the recorded ones: 31 hex characters.
const SESSION_ID_LEN: usize = 31;

#[derive(Debug, Default)]
pub struct Registry {
    sessions: Mutex<HashMap<String, Session>>,
    next_member: AtomicU64,
}

impl Registry {
    pub fn member_id(&self) -> MemberId {
        self.next_member.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Opens a new session with its first member; returns the session id.
    pub fn open(&self, creator: Member) -> String {
        let mut sessions = lock(&self.sessions);
        loop {
            if let Entry::Vacant(slot) = sessions.entry(random_hex(SESSION_ID_LEN)) {
                let id = slot.key().clone();
                slot.insert(Session::new(creator));
                return id;
            }
        }
    }

    /// Adds a member; `None` when the session is over. See [`Session::join`].
    pub fn join(&self, session: &str, member: Member, trid: Trid) -> Option<Vec<ServerCommand>> {
        self.update(session, |session| session.join(member, trid))
    }

    pub fn leave(&self, session: &str, member: MemberId) {
        self.update(session, |session| session.leave(member));
    }

    pub fn relay(&self, session: &str, from: MemberId, payload: Bytes) -> Relayed {
        self.update(session, |session| session.relay(from, payload))
            .unwrap_or_default()
    }

    /// Reads a session; `None` when it is over.
    pub fn inspect<T>(&self, session: &str, read: impl FnOnce(&Session) -> T) -> Option<T> {
        lock(&self.sessions).get(session).map(read)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.sessions).len()
    }

    fn update<T>(&self, id: &str, change: impl FnOnce(&mut Session) -> T) -> Option<T> {
        let mut sessions = lock(&self.sessions);
        let session = sessions.get_mut(id)?;
        let result = change(session);
        if !session.has_clients() {
            sessions.remove(id);
        }
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc;

    use super::*;
    use crate::server::sb::formats::Participant;
    use crate::server::sb::session::{Outbound, Seat};

    fn client(registry: &Registry, email: &str) -> (Member, mpsc::Receiver<Outbound>) {
        let (outbox, inbox) = mpsc::channel(4);
        let member = Member {
            id: registry.member_id(),
            who: Participant {
                email: email.into(),
                name: email.into(),
                endpoint: None,
                capabilities: Default::default(),
            },
            seat: Seat::Client {
                version: 12,
                outbox,
            },
        };
        (member, inbox)
    }

    #[test]
    fn a_session_ends_with_its_last_client() {
        let registry = Registry::default();
        let (alice, _alice_inbox) = client(&registry, "alice@example.com");
        let alice_id = alice.id;
        let session = registry.open(alice);
        assert_eq!(session.len(), 31);
        let (bob, _bob_inbox) = client(&registry, "bob@example.com");
        let bob_id = bob.id;
        assert!(registry.join(&session, bob, Trid(1)).is_some());
        registry.leave(&session, alice_id);
        assert_eq!(registry.len(), 1);
        registry.leave(&session, bob_id);
        assert_eq!(registry.len(), 0);
        let (carol, _carol_inbox) = client(&registry, "carol@example.com");
        assert!(registry.join(&session, carol, Trid(1)).is_none());
    }

    #[test]
    fn a_client_that_does_not_read_is_removed() {
        let registry = Registry::default();
        let (alice, _alice_inbox) = client(&registry, "alice@example.com");
        let alice_id = alice.id;
        let session = registry.open(alice);
        let (bob, mut bob_inbox) = client(&registry, "bob@example.com");
        registry.join(&session, bob, Trid(1));
        let payload = Bytes::from_static(b"\r\nhi");
        let delivered: Vec<usize> = (0..6)
            .map(|_| {
                registry
                    .relay(&session, alice_id, payload.clone())
                    .written
                    .len()
            })
            .collect();
        assert_eq!(delivered, [1, 1, 1, 1, 0, 0]);
        assert_eq!(
            registry.inspect(&session, |session| session.has_account("bob@example.com")),
            Some(false)
        );
        let mut received = 0;
        while bob_inbox.try_recv().is_ok() {
            received += 1;
        }
        assert_eq!(received, 4);
        assert!(bob_inbox.is_closed());
    }
}
