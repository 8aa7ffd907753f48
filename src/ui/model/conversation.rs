//! One conversation: its participants, its lines and who is typing.

use std::sync::Arc;
use std::time::Instant;

use super::chat_lines::ChatLines;
use super::clock::Timestamp;
use super::presence::Presence;

/// Identifies a conversation for as long as its tab is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConversationId(pub u64);

/// Identifies one of our own messages within a conversation, for delivery updates: the
/// conversation numbers them by their place among its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageId(pub u64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub address: String,
    pub friendly_name: String,
    pub presence: Presence,
}

/// A colour from the sender's message format (`X-MMS-IM-Format: CO=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// What became of a message we sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Queued,
    Sent,
    Delivered,
    Failed(String),
    /// Kept by the server as an offline message for a contact who was offline.
    StoredOffline,
}

/// One message. Stored, the sender's address, name and colour are shared by every line of
/// that sender in the conversation: a long conversation holds each only once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageLine {
    pub time: Timestamp,
    pub sender_address: Arc<str>,
    pub sender_name: Arc<str>,
    pub text: String,
    pub colour: Option<Rgb>,
    /// `Some` for our own messages, with their id and delivery state.
    pub own: Option<(MessageId, Delivery)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SystemEvent {
    Joined {
        name: String,
    },
    Left {
        name: String,
    },
    Nudge {
        name: String,
    },
    /// Anything else worth a line: "connection lost", "user is offline", …
    Notice(String),
    /// The next message was sent while we were offline, at `sent`.
    OfflineMessage {
        sent: Timestamp,
    },
    /// A line about file transfer `id`; a `live` one is rewritten as it progresses.
    Transfer {
        id: u64,
        text: String,
        live: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatLine {
    Message(MessageLine),
    System { time: Timestamp, event: SystemEvent },
}

impl ChatLine {
    pub fn time(&self) -> Timestamp {
        match self {
            ChatLine::Message(message) => message.time,
            ChatLine::System { time, .. } => *time,
        }
    }
}

/// "X is typing…", shown until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    pub address: String,
    pub name: String,
    pub until: Instant,
}

#[derive(Debug, Clone)]
pub struct Conversation {
    pub id: ConversationId,
    pub participants: Vec<Participant>,
    pub lines: ChatLines,
    pub typing: Vec<Typing>,
    /// Messages from others that arrived while another conversation was open.
    pub unread: u32,
    /// The contact of a one-to-one tab left the switchboard (the tab keeps them): their
    /// coming back is worth a line, as their leaving was. Otherwise a one-to-one tab
    /// shows no joins, since every new switchboard would add one.
    pub contact_left: bool,
}

impl Conversation {
    pub fn new(id: ConversationId, participants: Vec<Participant>, capacity: usize) -> Self {
        Conversation {
            id,
            participants,
            lines: ChatLines::with_capacity(capacity),
            typing: Vec::new(),
            unread: 0,
            contact_left: false,
        }
    }

    pub fn has_participant(&self, address: &str) -> bool {
        self.participant(address).is_some()
    }

    pub fn participant(&self, address: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|participant| participant.address.eq_ignore_ascii_case(address))
    }

    /// Adds a line; a message from someone ends their typing indicator.
    pub fn push(&mut self, line: ChatLine) {
        if let ChatLine::Message(message) = &line {
            self.typing
                .retain(|typing| !typing.address.eq_ignore_ascii_case(&message.sender_address));
        }
        self.lines.push(line);
    }

    /// Puts older lines (from the chat log) before the ones shown.
    pub fn prepend(&mut self, older: Vec<ChatLine>) {
        self.lines.prepend(older);
    }

    /// Adds one of our own messages, queued, and returns its id.
    pub fn push_own(&mut self, mut message: MessageLine) -> MessageId {
        let id = self.lines.next_own_id();
        message.own = Some((id, Delivery::Queued));
        self.push(ChatLine::Message(message));
        id
    }

    /// Updates the delivery state of one of our messages; false if it is no longer stored.
    pub fn set_delivery(&mut self, id: MessageId, delivery: Delivery) -> bool {
        self.lines.set_delivery(id, delivery)
    }

    /// Shows the offer of transfer `id`, with the commands that answer it.
    pub fn offer_transfer(&mut self, id: u64, time: Timestamp, text: String) {
        self.lines.push_offer(id, time, text);
    }

    /// Shows the state of transfer `id`: progress and its ending rewrite the transfer's
    /// live line in place (added when there is none); an ending leaves it as it is. The
    /// offer line becomes `offer`, so it names only the commands that still apply.
    pub fn show_transfer(
        &mut self,
        id: u64,
        time: Timestamp,
        text: String,
        offer: &str,
        ended: bool,
    ) {
        self.lines.rewrite_offer(id, offer, ended);
        if !self.lines.rewrite_transfer(id, time, &text, ended) {
            let event = SystemEvent::Transfer {
                id,
                text,
                live: !ended,
            };
            self.push(ChatLine::System { time, event });
        }
    }

    /// Shows (or extends) "name is typing…" until `until`.
    pub fn set_typing(&mut self, typing: Typing) {
        self.typing
            .retain(|known| !known.address.eq_ignore_ascii_case(&typing.address));
        self.typing.push(typing);
    }

    /// Drops typing indicators that ran out; true if any did.
    pub fn expire_typing(&mut self, now: Instant) -> bool {
        let before = self.typing.len();
        self.typing.retain(|typing| typing.until > now);
        self.typing.len() != before
    }

    pub fn next_typing_expiry(&self) -> Option<Instant> {
        self.typing.iter().map(|typing| typing.until).min()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn message(from: &str, text: &str) -> MessageLine {
        MessageLine {
            time: Timestamp(0),
            sender_address: from.into(),
            sender_name: from.into(),
            text: text.into(),
            colour: None,
            own: None,
        }
    }

    fn typing(address: &str, until: Instant) -> Typing {
        Typing {
            address: address.into(),
            name: address.into(),
            until,
        }
    }

    #[test]
    fn delivery_updates_find_our_message() {
        let mut conversation = Conversation::new(ConversationId(1), Vec::new(), 100);
        let first = conversation.push_own(message("me@x", "one"));
        let second = conversation.push_own(message("me@x", "two"));
        conversation.push(ChatLine::Message(message("bob@x", "reply")));
        assert!(conversation.set_delivery(first, Delivery::Failed("timeout".into())));
        assert!(conversation.set_delivery(second, Delivery::Delivered));
        let states: Vec<_> = (0..2)
            .filter_map(|index| match conversation.lines.get(index) {
                Some(ChatLine::Message(line)) => line.own.clone().map(|(_, state)| state),
                _ => None,
            })
            .collect();
        assert_eq!(
            states,
            [Delivery::Failed("timeout".into()), Delivery::Delivered]
        );
        assert!(!conversation.set_delivery(MessageId(99), Delivery::Sent));
    }

    #[test]
    fn typing_expires_and_ends_with_a_message() {
        let now = Instant::now();
        let mut conversation = Conversation::new(ConversationId(1), Vec::new(), 100);
        conversation.set_typing(typing("bob@x", now + Duration::from_secs(5)));
        conversation.set_typing(typing("amy@x", now + Duration::from_secs(2)));
        assert_eq!(
            conversation.next_typing_expiry(),
            Some(now + Duration::from_secs(2))
        );
        assert!(conversation.expire_typing(now + Duration::from_secs(3)));
        assert!(!conversation.expire_typing(now + Duration::from_secs(3)));
        conversation.push(ChatLine::Message(message("BOB@x", "hi")));
        assert!(conversation.typing.is_empty());
        assert_eq!(conversation.next_typing_expiry(), None);
    }

    fn from(address: &str, name: &str, text: &str) -> ChatLine {
        ChatLine::Message(MessageLine {
            time: Timestamp(0),
            sender_address: address.into(),
            sender_name: name.into(),
            text: text.into(),
            colour: None,
            own: None,
        })
    }

    fn sender(line: Option<ChatLine>) -> Option<Arc<str>> {
        match line {
            Some(ChatLine::Message(message)) => Some(message.sender_name),
            _ => None,
        }
    }

    #[test]
    fn lines_of_one_sender_share_its_name() {
        let mut conversation = Conversation::new(ConversationId(1), Vec::new(), 10);
        conversation.push(from("bob@x", "Bob", "one"));
        conversation.push(from("amy@x", "Amy", "two"));
        conversation.prepend(vec![from("bob@x", "Bob", "zero")]);
        conversation.push(from("bob@x", "Bob", "three"));
        let (Some(zero), Some(one), Some(three)) = (
            sender(conversation.lines.get(0)),
            sender(conversation.lines.get(1)),
            sender(conversation.lines.get(3)),
        ) else {
            panic!("lines missing");
        };
        assert!(Arc::ptr_eq(&zero, &one) && Arc::ptr_eq(&one, &three));
        assert_eq!(&*three, "Bob");
    }
}
