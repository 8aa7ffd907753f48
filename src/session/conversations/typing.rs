//! Typing notifications: ours go out at most every few seconds while the user types;
//! theirs make a "typing" state that ends with their message, their leaving, or about
//! 6 s without another notification.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::time::Instant;

use super::Manager;
use crate::session::chat::ConversationId;
use crate::session::events::Event;
use crate::session::switchboard::Command;

/// The least time between two of our notifications (official clients: 4–5 s).
const SEND_EVERY: Duration = Duration::from_secs(5);
/// How long someone counts as typing after their last notification.
const EXPIRES_AFTER: Duration = Duration::from_secs(6);

/// Who is typing where, until when.
#[derive(Default)]
pub(super) struct Typing {
    until: BTreeMap<(ConversationId, String), Instant>,
}

impl Typing {
    /// A notification from `email`; true when they had not been typing.
    fn heard(&mut self, conversation: ConversationId, email: &str, now: Instant) -> bool {
        self.until
            .insert((conversation, email.to_owned()), now + EXPIRES_AFTER)
            .is_none()
    }

    /// True when `email` had been typing.
    fn stopped(&mut self, conversation: ConversationId, email: &str) -> bool {
        self.until
            .remove(&(conversation, email.to_owned()))
            .is_some()
    }

    fn expire(&mut self, now: Instant) -> Vec<(ConversationId, String)> {
        let over: Vec<(ConversationId, String)> = self
            .until
            .iter()
            .filter(|(_, until)| **until <= now)
            .map(|(key, _)| key.clone())
            .collect();
        for key in &over {
            self.until.remove(key);
        }
        over
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.until.values().min().copied()
    }

    fn forget(&mut self, conversation: ConversationId) {
        self.until.retain(|(id, _), _| *id != conversation);
    }
}

/// Whether a notification may go out now, given when the last one did.
fn due(last: Option<Instant>, now: Instant) -> bool {
    last.is_none_or(|last| now.duration_since(last) >= SEND_EVERY)
}

impl Manager {
    /// Tells the others in `id` that we are typing, at most every five seconds, once
    /// the switchboard is ready (a notification is worth nothing later).
    pub(super) fn user_typing(&mut self, id: ConversationId) {
        let now = Instant::now();
        let Some(conversation) = self.conversations.get(&id) else {
            self.error(&format!(
                "cannot send a typing notification: there is no {id}"
            ));
            return;
        };
        let due = due(conversation.typing_sent, now);
        let Some(link) = self.ready_link(id).filter(|_| due) else {
            return;
        };
        let sent = self
            .links
            .get_mut(&link)
            .is_some_and(|link| link.command(Command::Typing));
        if let (true, Some(conversation)) = (sent, self.conversations.get_mut(&id)) {
            conversation.typing_sent = Some(now);
        }
    }

    pub(super) fn typing_heard(&mut self, id: ConversationId, email: &str) {
        if self.typing.heard(id, email, Instant::now()) {
            self.typing_event(id, email, true);
        }
    }

    pub(super) fn typing_stopped(&mut self, id: ConversationId, email: &str) {
        if self.typing.stopped(id, email) {
            self.typing_event(id, email, false);
        }
    }

    pub(super) fn expire_typing(&mut self) {
        for (id, email) in self.typing.expire(Instant::now()) {
            self.typing_event(id, &email, false);
        }
    }

    pub(super) fn forget_typing(&mut self, id: ConversationId) {
        self.typing.forget(id);
    }

    fn typing_event(&self, conversation: ConversationId, email: &str, typing: bool) {
        self.emit(Event::Typing {
            conversation,
            email: email.to_owned(),
            typing,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_lasts_six_seconds_after_the_last_notification() {
        let mut typing = Typing::default();
        let start = Instant::now();
        let bob = ConversationId(1);
        assert!(typing.heard(bob, "bob@example.com", start));
        assert!(!typing.heard(bob, "bob@example.com", start + Duration::from_secs(4)));
        assert_eq!(typing.deadline(), Some(start + Duration::from_secs(10)));
        assert!(typing.expire(start + Duration::from_secs(9)).is_empty());
        assert_eq!(
            typing.expire(start + Duration::from_secs(10)),
            [(bob, "bob@example.com".to_owned())]
        );
        assert!(!typing.stopped(bob, "bob@example.com"));
        assert!(typing.heard(bob, "bob@example.com", start));
        assert!(typing.stopped(bob, "bob@example.com"), "a message ends it");
    }

    #[test]
    fn ours_go_out_at_most_every_five_seconds() {
        let start = Instant::now();
        assert!(due(None, start));
        assert!(!due(Some(start), start + Duration::from_secs(4)));
        assert!(due(Some(start), start + SEND_EVERY));
    }
}
