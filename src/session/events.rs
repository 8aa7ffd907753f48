//! What a session tells its user interface: typed events, never terminal output.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::chatlog::LogEntry;
use crate::protocol::command::ServerAddress;
use crate::protocol::message::Secret;
use crate::protocol::types::{Capabilities, Status};

use super::chat::{
    ConversationId, Delivery, MessageId, OfflineMessage, OutgoingMessage, Participant,
    ReceivedMessage,
};
use super::model::{Contact, ContactList, Group, Profile};
use super::notice::ReceivedNotice;
use super::transfers::TransferEvent;

/// One thing that happened. The stream ends after [`ConnectionState::Disconnected`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The connection moved to another state.
    State(ConnectionState),
    /// Sign-in succeeded with this protocol version.
    SignedIn {
        version: u8,
        account: String,
        profile: Profile,
    },
    /// The whole contact list, after each sign-in.
    ContactList(ContactList),
    /// A contact was added to one of the lists, or changed (lists, name, groups).
    ContactChanged(Contact),
    /// A contact is on no list any more.
    ContactRemoved {
        email: String,
    },
    /// A group was created or renamed.
    GroupChanged(Group),
    GroupRemoved {
        id: String,
    },
    /// Someone added you to their list; answer with `Accept` or `Decline`.
    AddedBy {
        email: String,
        name: String,
    },
    /// Someone removed you from their list.
    RemovedBy {
        email: String,
    },
    /// A contact's status, name, capabilities or display picture.
    Presence(Presence),
    /// A contact's personal message and "now playing" text (MSNP11+).
    PersonalMessage {
        email: String,
        message: String,
        media: Option<String>,
    },
    /// Your own status, name or personal message, as the server confirmed it.
    Profile(Profile),
    /// Someone invites you to a conversation (answered by the conversation layer).
    Ring(Ring),
    /// A conversation appeared: you wrote to someone, someone who called you in said
    /// something, or you were called into a group. A call with one person who says
    /// nothing (a display-picture fetch) opens none.
    ConversationOpened {
        conversation: ConversationId,
        /// The contacts it is with (lower case).
        with: Vec<String>,
    },
    /// The conversation was closed at your request.
    ConversationClosed {
        conversation: ConversationId,
    },
    /// Who is in the conversation now, and who just came or went.
    Participants {
        conversation: ConversationId,
        present: Vec<Participant>,
        joined: Vec<String>,
        left: Vec<String>,
    },
    MessageReceived(ReceivedMessage),
    /// A message our own account sent from another place: from MSNP16 every endpoint of
    /// an account in a switchboard gets what the others send. It is ours, not news.
    SentElsewhere(ReceivedMessage),
    /// A message sent while we were offline, shown once and logged before the server
    /// forgets it.
    OfflineMessage(OfflineMessage),
    /// Something else a contact sent (a wink, a file offer, …), shown as a line.
    NoticeReceived(ReceivedNotice),
    /// A file offered, moving, or ended, either way.
    Transfer(TransferEvent),
    /// A contact's display picture is in the cache, checked against its SHA1D.
    Picture {
        email: String,
        sha1d: String,
        path: PathBuf,
    },
    /// The answer to `Request::Whois`.
    ContactInfo(ContactInfo),
    /// `email` started (`true`) or stopped typing; stopping is also reported when the
    /// notifications stop for about 6 s.
    Typing {
        conversation: ConversationId,
        email: String,
        typing: bool,
    },
    Nudge {
        conversation: ConversationId,
        sender: String,
    },
    /// A message or nudge of yours was queued; a resent one only goes back to
    /// `Delivery::Queued`.
    Outgoing(OutgoingMessage),
    /// What became of a message of yours, from `Queued` on.
    Delivery {
        conversation: ConversationId,
        message: MessageId,
        state: Delivery,
    },
    /// The last lines of the chat log with `contact`, oldest first.
    History {
        contact: String,
        entries: Vec<LogEntry>,
    },
    /// The chat log with `contact` could not be read (`reason`): the answer to a
    /// history request when there is none to give.
    HistoryUnreadable {
        contact: String,
        reason: String,
    },
    /// `server.transport = "auto"`: the direct connection to `server` failed (`reason`),
    /// so it and the rest of the session go through the HTTP gateway at `gateway`.
    FellBackToGateway {
        server: String,
        gateway: String,
        reason: String,
    },
    /// Something went wrong; the text is meant for people.
    Error(ErrorInfo),
    /// One protocol frame, secrets replaced by [`super::redact::MARKER`].
    Raw(RawLine),
}

/// What the session knows of a contact (`/whois`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInfo {
    pub email: String,
    pub name: String,
    pub status: Status,
    pub personal_message: String,
    /// Group names.
    pub groups: Vec<String>,
    /// Their display picture, when they announced one.
    pub picture: Option<PictureInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureInfo {
    pub sha1d: String,
    /// The cached file; `None` until it was fetched.
    pub path: Option<PathBuf>,
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    /// Opening the connection to `server` (redirects show again with the new server).
    Connecting { server: String },
    /// Connected; version, challenge and tickets are being exchanged.
    SigningIn { server: String },
    /// Signed in; requests are carried out.
    Online,
    /// The connection was lost; the next attempt starts after `delay`.
    Reconnecting {
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// The session is over; no more events follow.
    Disconnected(DisconnectReason),
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// You asked to sign out.
    SignedOut,
    /// The password (or account) was refused; retrying would not help.
    AuthenticationFailed(String),
    /// The account signed in somewhere else (`OUT OTH`).
    OtherLocation,
    /// Anything else that cannot be retried (no common version, bad configuration...).
    Failed(String),
}

impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisconnectReason::SignedOut => f.write_str("signed out"),
            DisconnectReason::AuthenticationFailed(reason) => {
                write!(f, "authentication failed: {reason}")
            }
            DisconnectReason::OtherLocation => f.write_str("signed in from another location"),
            DisconnectReason::Failed(reason) => f.write_str(reason),
        }
    }
}

/// A contact's presence as the server announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub email: String,
    pub status: Status,
    /// The friendly name, URL-decoded; empty in FLN.
    pub name: String,
    pub capabilities: Option<Capabilities>,
    /// The MSNObject XML (display picture), when the contact has one.
    pub msn_object: Option<String>,
}

/// An invitation to a switchboard session (`RNG`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ring {
    pub session: String,
    pub server: ServerAddress,
    /// The switchboard cookie: a secret, shown redacted.
    pub cookie: Secret,
    pub inviter: String,
    pub inviter_name: String,
}

/// A readable error, with the server's code when there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub message: String,
    /// The MSNP error code (`208`), when the server sent one.
    pub code: Option<u16>,
}

impl ErrorInfo {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: None,
        }
    }
}

impl fmt::Display for ErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Which connection a raw line belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectionTag {
    /// Counts up from 1 for the session's life (reconnections and redirects get new ids).
    pub id: u32,
    pub kind: ConnectionKind,
    /// `host:port` of the peer.
    pub server: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionKind {
    Notification,
    Switchboard,
}

impl fmt::Display for ConnectionTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ConnectionKind::Notification => "NS",
            ConnectionKind::Switchboard => "SB",
        };
        write!(f, "{kind}#{} {}", self.id, self.server)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Sent,
    Received,
}

/// One frame for the protocol pane: the command line and its payload, redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    pub connection: ConnectionTag,
    pub direction: Direction,
    /// The command line without its line end.
    pub line: String,
    /// The payload of a payload command, decoded lossily as UTF-8.
    pub payload: Option<String>,
    /// The conversation a switchboard line belongs to.
    pub conversation: Option<ConversationId>,
}
