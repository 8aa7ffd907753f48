//! The chat side of the session API: conversations, messages and what became of them.

use std::fmt;
use std::time::SystemTime;

use crate::protocol::message::TextFormat;

/// One conversation, for as long as the session runs; it outlives its switchboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConversationId(pub u64);

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "conversation {}", self.0)
    }
}

/// One outgoing message or nudge, for delivery updates and resending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(pub u64);

/// Where a message or nudge goes: the conversation with a contact (opened when there is
/// none), or a conversation already open (a multi-party one, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatTarget {
    Contact(String),
    Conversation(ConversationId),
}

/// What became of an outgoing message. `Delivered` and `Failed` are final; a nudge,
/// sent without acknowledgement as official clients do, ends at `Sent` unless it fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting for a switchboard and for someone to join it.
    Queued,
    /// Written to the switchboard; the acknowledgement is due.
    Sent,
    /// The switchboard acknowledged it (`ACK`).
    Delivered,
    /// Not delivered, with the reason; the text is kept for resending.
    Failed(String),
    /// The contact was offline: the server keeps it as an offline message (MSNP13+).
    StoredOffline,
}

impl Delivery {
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Delivery::Delivered | Delivery::Failed(_) | Delivery::StoredOffline
        )
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delivery::Queued => f.write_str("queued"),
            Delivery::Sent => f.write_str("sent"),
            Delivery::Delivered => f.write_str("delivered"),
            Delivery::Failed(reason) => write!(f, "failed: {reason}"),
            Delivery::StoredOffline => f.write_str("stored offline"),
        }
    }
}

/// Someone in a conversation, as the switchboard named them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub email: String,
    /// The friendly name, URL-decoded.
    pub name: String,
}

/// A text message someone sent us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMessage {
    pub conversation: ConversationId,
    pub sender: String,
    pub sender_name: String,
    pub time: SystemTime,
    pub text: String,
    /// Font, effects and colour (`X-MMS-IM-Format`), when the sender gave them.
    pub format: Option<TextFormat>,
}

/// A message a contact sent while we were offline, fetched from the server's store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineMessage {
    pub conversation: ConversationId,
    pub sender: String,
    pub sender_name: String,
    /// When the server received it.
    pub sent: SystemTime,
    /// The text, or a placeholder line saying why it cannot be shown.
    pub text: String,
    /// Why the text could not be read, when it could not.
    pub unreadable: Option<String>,
}

/// What we asked to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    Text(String),
    Nudge,
}

/// A message or nudge we queued; its [`Delivery`] changes follow as separate events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub conversation: ConversationId,
    pub message: MessageId,
    pub time: SystemTime,
    pub content: Outgoing,
}
