//! What a user interface can ask a session to do.

use std::path::PathBuf;

use crate::protocol::types::Status;

use super::chat::{ChatTarget, ConversationId};
use super::transfers::TransferId;

/// A typed request; each protocol generation carries it out its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// NLN BSY IDL BRB AWY PHN LUN HDN (not FLN).
    SetStatus(Status),
    SetName(String),
    /// MSNP11+.
    SetPersonalMessage(String),
    /// Add to the forward and allow lists, optionally into a group (id or name).
    AddContact {
        email: String,
        group: Option<String>,
    },
    /// Remove from the forward list.
    RemoveContact {
        email: String,
    },
    Block {
        email: String,
    },
    Unblock {
        email: String,
    },
    /// Allow (and add) someone who added you.
    Accept {
        email: String,
    },
    /// Block someone who added you.
    Decline {
        email: String,
    },
    AddGroup {
        name: String,
    },
    /// `group` is an id or a name.
    RenameGroup {
        group: String,
        name: String,
    },
    RemoveGroup {
        group: String,
    },
    /// Move a contact into `group`, out of the groups it was in (`None`: no group).
    MoveContact {
        email: String,
        group: Option<String>,
    },
    /// A text message; long text goes out in several messages.
    SendMessage {
        to: ChatTarget,
        text: String,
    },
    Nudge {
        to: ChatTarget,
    },
    /// Call `email` into a conversation: the one named, the one-to-one conversation with
    /// a contact (opened for this if there is none yet), or (`None`) the one you last
    /// wrote in.
    Invite {
        conversation: Option<ChatTarget>,
        email: String,
    },
    /// You are typing in `conversation`; notifications go out at most every few seconds.
    Typing {
        conversation: ConversationId,
    },
    /// The last `count` lines of the chat log with `contact`, as an `Event::History`.
    History {
        contact: String,
        count: usize,
    },
    /// Send every failed message and nudge of `conversation` again, in order.
    Resend {
        conversation: ConversationId,
    },
    /// Leave the conversation's switchboards and forget it.
    CloseConversation {
        conversation: ConversationId,
    },
    /// Offer a file in a conversation (`None`: the one you last wrote in, to its one
    /// contact).
    SendFile {
        to: Option<ChatTarget>,
        path: PathBuf,
    },
    /// Accept a file offered to you (`None`: the newest offer waiting).
    AcceptFile {
        transfer: Option<TransferId>,
    },
    DeclineFile {
        transfer: Option<TransferId>,
    },
    /// Stop a transfer either way (`None`: the newest).
    CancelTransfer {
        transfer: Option<TransferId>,
    },
    /// What the session knows of a contact, as an `Event::ContactInfo`.
    Whois {
        email: String,
    },
    /// Fetch a contact's display picture if it is not cached, they are online and the
    /// version has pictures (MSNP9+); at most once per picture in a session. It arrives
    /// as an `Event::Picture`.
    FetchPicture {
        email: String,
    },
    /// While the session waits to reconnect: try the server now instead of waiting the
    /// delay out.
    Reconnect,
    /// Send OUT and end the session.
    SignOut,
}

impl Request {
    /// A short description for error messages: "add bob@example.com".
    pub fn describe(&self) -> String {
        match self {
            Request::SetStatus(status) => format!("set status {}", status.describe()),
            Request::SetName(_) => "change name".into(),
            Request::SetPersonalMessage(_) => "change personal message".into(),
            Request::AddContact { email, .. } => format!("add {email}"),
            Request::RemoveContact { email } => format!("remove {email}"),
            Request::Block { email } => format!("block {email}"),
            Request::Unblock { email } => format!("unblock {email}"),
            Request::Accept { email } => format!("accept {email}"),
            Request::Decline { email } => format!("decline {email}"),
            Request::AddGroup { name } => format!("create group {name}"),
            Request::RenameGroup { group, .. } => format!("rename group {group}"),
            Request::RemoveGroup { group } => format!("remove group {group}"),
            Request::MoveContact { email, .. } => format!("move {email}"),
            Request::SendMessage { to, .. } => format!("send a message to {}", target(to)),
            Request::Nudge { to } => format!("nudge {}", target(to)),
            Request::Invite { email, .. } => format!("invite {email}"),
            Request::Typing { .. } => "send a typing notification".into(),
            Request::History { contact, .. } => format!("read the chat log with {contact}"),
            Request::Resend { conversation } => format!("resend what failed in {conversation}"),
            Request::CloseConversation { conversation } => format!("close {conversation}"),
            Request::SendFile { path, .. } => format!("send {}", path.display()),
            Request::AcceptFile { .. } => "accept a file".into(),
            Request::DeclineFile { .. } => "decline a file".into(),
            Request::CancelTransfer { .. } => "cancel a transfer".into(),
            Request::Whois { email } => format!("show {email}"),
            Request::FetchPicture { email } => format!("fetch the picture of {email}"),
            Request::Reconnect => "reconnect".into(),
            Request::SignOut => "sign out".into(),
        }
    }
}

fn target(to: &ChatTarget) -> String {
    match to {
        ChatTarget::Contact(email) => email.clone(),
        ChatTarget::Conversation(conversation) => conversation.to_string(),
    }
}
