//! One task per switchboard connection (docs/protocol.md §5): sign in with the cookie (`USR`
//! for a session we open, `ANS` for an invitation), call contacts in, keep track of who
//! is there, send messages with TrID-tracked `ACK`/`NAK` (long ones in chunks from
//! MSNP9), put chunked messages back together, answer P2P packets and invitations it
//! cannot take (`incoming.rs`, `p2p.rs`), and report all of it to the conversation
//! layer. Raw lines go straight to the user interface, tagged with the conversation.

mod calls;
mod incoming;
mod login;
mod outbox;
mod p2p;
mod pictures;
mod roster;
mod task;
mod transfers;

use std::path::PathBuf;

use tokio::sync::mpsc;

use crate::p2p::MsnObject;
use crate::protocol::command::ServerAddress;
use crate::protocol::message::{Message, Secret, TextMessage};
use crate::session::chat::{ConversationId, MessageId, Participant};
use crate::session::config::Timing;
use crate::session::handle::EventSink;
use crate::session::notice::Notice;
use crate::session::pictures::OwnPicture;
use crate::session::redact::Redactor;
use crate::session::transfers::{TransferId, TransferIds};
use crate::session::transport::Connector;
use std::sync::Arc;

pub(crate) use pictures::PictureReport;
pub(crate) use transfers::TransferReport;

/// Tells the conversation layer's switchboards apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SwitchboardId(pub u64);

/// How we come into the session.
#[derive(Debug, Clone)]
pub(crate) enum Role {
    /// A new session from `XFR SB`: `USR`, then `CAL` each of these.
    Open { invite: Vec<String> },
    /// An invitation (`RNG`): `ANS` with its session id.
    Answer { session: String },
}

/// Everything a switchboard task starts with.
pub(crate) struct Setup {
    pub id: SwitchboardId,
    /// `None` while it only fetches a picture.
    pub conversation: Option<ConversationId>,
    pub server: ServerAddress,
    pub cookie: Secret,
    pub role: Role,
    /// Our account, lower case.
    pub account: String,
    /// Our machine GUID, which MSNP16+ switchboards want after the address.
    pub endpoint: Option<String>,
    /// The protocol version signed in with.
    pub version: u8,
    pub connection_id: u32,
    pub connector: Connector,
    pub timing: Timing,
    pub events: EventSink,
    pub redactor: Redactor,
    pub reports: mpsc::UnboundedSender<Report>,
    /// Numbers for the file transfers offered to us.
    pub transfer_ids: TransferIds,
    /// Where received files go.
    pub download_dir: PathBuf,
    /// Where contacts' pictures are cached (under `pictures/`).
    pub data_dir: PathBuf,
    /// Ours, served to contacts who ask for it.
    pub picture: Option<Arc<OwnPicture>>,
}

/// What the conversation layer asks of a running switchboard.
#[derive(Debug)]
pub(crate) enum Command {
    /// Send a text message (split to fit), with acknowledgement.
    Text {
        message: MessageId,
        text: TextMessage,
    },
    /// Send a nudge (acknowledged only by a `NAK` on failure).
    Nudge {
        message: MessageId,
    },
    Typing,
    Invite(String),
    /// Offer the file at `path` to `to`.
    SendFile {
        transfer: TransferId,
        path: PathBuf,
        to: String,
    },
    /// Accept (`true`) or decline a file offered to us.
    AnswerFile {
        transfer: TransferId,
        accept: bool,
    },
    CancelFile(TransferId),
    /// Ask `email` for their display picture `object`.
    FetchPicture {
        email: String,
        object: Box<MsnObject>,
    },
    /// Wait briefly for outstanding acknowledgements, then `OUT`.
    Leave,
}

/// What happened on a switchboard.
#[derive(Debug)]
pub(crate) enum Happening {
    /// Someone joined, or (all at once) who was there when we came.
    Joined(Vec<Participant>),
    Left(String),
    /// A `CAL` failed; `reason` (naming the contact) is meant for people.
    CallFailed {
        reason: String,
    },
    /// Every call failed or went unanswered before anyone joined.
    NobodyCame {
        reason: String,
    },
    Sent(MessageId),
    Delivered(MessageId),
    Failed {
        message: MessageId,
        reason: String,
    },
    Received {
        sender: String,
        sender_name: String,
        message: Box<Message>,
    },
    /// Something a person sent that is shown as a line, not as a message.
    Notice {
        sender: String,
        sender_name: String,
        notice: Notice,
    },
    /// A file transfer was offered, moved on, or ended.
    Transfer(TransferReport),
    /// A contact's display picture was fetched (or could not be).
    Picture(PictureReport),
    /// The task is over; nothing else follows.
    Closed {
        reason: String,
    },
}

#[derive(Debug)]
pub(crate) struct Report {
    pub switchboard: SwitchboardId,
    pub happening: Happening,
}

/// Starts a switchboard task; it ends (reporting `Closed`) on `Leave`, when the command
/// channel closes, or when the connection does.
pub(crate) fn spawn(setup: Setup) -> mpsc::UnboundedSender<Command> {
    let (commands, receiver) = mpsc::unbounded_channel();
    tokio::spawn(task::run(setup, receiver));
    commands
}
