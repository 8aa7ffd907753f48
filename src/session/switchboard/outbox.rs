//! Messages on the wire awaiting `ACK`/`NAK`. A long text goes out in pieces, each under
//! its own TrID: it is delivered once every piece is acknowledged, and failed at the
//! first `NAK` (or error) or when an acknowledgement is overdue.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::protocol::types::Trid;
use crate::session::chat::MessageId;

struct Waiting {
    pieces: usize,
    deadline: Instant,
}

pub(super) struct Outbox {
    timeout: Duration,
    pieces: HashMap<Trid, MessageId>,
    messages: HashMap<MessageId, Waiting>,
}

impl Outbox {
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            pieces: HashMap::new(),
            messages: HashMap::new(),
        }
    }

    /// One piece of `message` went out under `trid`.
    pub fn sent(&mut self, trid: Trid, message: MessageId) {
        self.pieces.insert(trid, message);
        let deadline = Instant::now() + self.timeout;
        let waiting = self.messages.entry(message).or_insert(Waiting {
            pieces: 0,
            deadline,
        });
        waiting.pieces += 1;
        waiting.deadline = deadline;
    }

    /// An `ACK`; the message once all its pieces are acknowledged.
    pub fn acknowledged(&mut self, trid: Trid) -> Option<MessageId> {
        let message = self.pieces.remove(&trid)?;
        let waiting = self.messages.get_mut(&message)?;
        waiting.pieces -= 1;
        if waiting.pieces > 0 {
            return None;
        }
        self.messages.remove(&message);
        Some(message)
    }

    /// A `NAK` or an error for `trid`: the message it was part of, now failed.
    pub fn refused(&mut self, trid: Trid) -> Option<MessageId> {
        let message = self.pieces.remove(&trid)?;
        self.forget(message);
        Some(message)
    }

    /// Messages whose acknowledgement is overdue, now failed.
    pub fn expire(&mut self, now: Instant) -> Vec<MessageId> {
        let overdue: Vec<MessageId> = self
            .messages
            .iter()
            .filter(|(_, waiting)| waiting.deadline <= now)
            .map(|(message, _)| *message)
            .collect();
        for message in &overdue {
            self.forget(*message);
        }
        overdue
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.messages.values().map(|waiting| waiting.deadline).min()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    fn forget(&mut self, message: MessageId) {
        self.messages.remove(&message);
        self.pieces.retain(|_, piece_of| *piece_of != message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivered_when_every_piece_is_acknowledged() {
        let mut outbox = Outbox::new(Duration::from_secs(5));
        outbox.sent(Trid(5), MessageId(1));
        outbox.sent(Trid(6), MessageId(1));
        outbox.sent(Trid(7), MessageId(2));
        assert_eq!(outbox.acknowledged(Trid(5)), None);
        assert_eq!(outbox.acknowledged(Trid(7)), Some(MessageId(2)));
        assert_eq!(outbox.acknowledged(Trid(6)), Some(MessageId(1)));
        assert!(outbox.is_empty());
        assert_eq!(outbox.acknowledged(Trid(6)), None);
    }

    #[test]
    fn one_refused_piece_fails_the_message() {
        let mut outbox = Outbox::new(Duration::from_secs(5));
        outbox.sent(Trid(5), MessageId(1));
        outbox.sent(Trid(6), MessageId(1));
        assert_eq!(outbox.refused(Trid(6)), Some(MessageId(1)));
        assert_eq!(outbox.acknowledged(Trid(5)), None);
        assert!(outbox.is_empty());
    }

    #[test]
    fn overdue_messages_expire() {
        let mut outbox = Outbox::new(Duration::from_secs(5));
        outbox.sent(Trid(5), MessageId(1));
        assert!(outbox.expire(Instant::now()).is_empty());
        let later = Instant::now() + Duration::from_secs(6);
        assert_eq!(outbox.expire(later), [MessageId(1)]);
        assert_eq!(outbox.deadline(), None);
    }
}
