//! Session types to UI model types.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::chatlog::{self, LogEntry, SENT_ELSEWHERE};
use crate::protocol::message::{Color, TextFormat};
use crate::protocol::types::{List, Status};
use crate::session::{self, ConnectionKind, RawLine, ReceivedMessage};
use crate::ui::model::{
    ChatLine, Contact, Delivery, Direction, MessageId, MessageLine, Presence, ProtocolEntry, Rgb,
    SystemEvent, Timestamp,
};

/// Stands for the id of our own messages no delivery update will change (read back from
/// the chat log, or sent from another place); live messages count up from 0, so it never
/// matches one of them.
const NEVER_UPDATED: MessageId = MessageId(u64::MAX);

pub fn presence(status: Status) -> Presence {
    match status {
        Status::Online => Presence::Online,
        Status::Busy => Presence::Busy,
        Status::Idle => Presence::Idle,
        Status::BeRightBack => Presence::BeRightBack,
        Status::Away => Presence::Away,
        Status::OnThePhone => Presence::OnThePhone,
        Status::OutToLunch => Presence::OutToLunch,
        Status::Hidden => Presence::AppearOffline,
        Status::Offline => Presence::Offline,
    }
}

pub fn timestamp(time: SystemTime) -> Timestamp {
    let seconds = match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    };
    Timestamp(seconds)
}

pub fn now() -> Timestamp {
    timestamp(SystemTime::now())
}

pub fn delivery(state: &session::Delivery) -> Delivery {
    match state {
        session::Delivery::Queued => Delivery::Queued,
        session::Delivery::Sent => Delivery::Sent,
        session::Delivery::Delivered => Delivery::Delivered,
        session::Delivery::Failed(reason) => Delivery::Failed(reason.clone()),
        session::Delivery::StoredOffline => Delivery::StoredOffline,
    }
}

/// A personal message, with the "now playing" text after it when there is one.
pub fn personal_message(message: &str, media: Option<&str>) -> String {
    match media.filter(|media| !media.is_empty()) {
        Some(media) if message.is_empty() => format!("♫ {media}"),
        Some(media) => format!("{message} ♫ {media}"),
        None => message.to_owned(),
    }
}

pub fn contact(contact: &session::Contact) -> Contact {
    Contact {
        presence: presence(contact.status),
        personal_message: personal_message(&contact.personal_message, contact.media.as_deref()),
        groups: contact.groups.clone(),
        blocked: contact.on(List::Block),
        ..Contact::new(contact.email.clone(), contact.name.clone())
    }
}

/// Protocol pane entries for one frame: the command line, then each payload line.
pub fn protocol_entries(raw: RawLine, time: Timestamp) -> Vec<ProtocolEntry> {
    let kind = match raw.connection.kind {
        ConnectionKind::Notification => "NS",
        ConnectionKind::Switchboard => "SB",
    };
    let connection = format!("{kind} {}", raw.connection.id);
    let direction = match raw.direction {
        session::Direction::Sent => Direction::Outgoing,
        session::Direction::Received => Direction::Incoming,
    };
    let is_error = raw
        .line
        .split_whitespace()
        .next()
        .is_some_and(|word| word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit()));
    // A payload is one entry of its own, its lines kept: the pane folds it to one row.
    let payload = raw
        .payload
        .filter(|payload| !payload.trim().is_empty())
        .map(|payload| format!("  {}", payload.trim_end()));
    std::iter::once(raw.line)
        .chain(payload)
        .map(|line| ProtocolEntry {
            time,
            connection: connection.clone(),
            direction,
            line,
            is_error,
        })
        .collect()
}

/// A line of the session's own about how the NS connection travels, shown as an error so
/// that it stands out among the frames.
pub fn transport_note(text: String, time: Timestamp) -> ProtocolEntry {
    ProtocolEntry {
        time,
        connection: "NS".to_owned(),
        direction: Direction::Incoming,
        line: format!("# {text}"),
        is_error: true,
    }
}

/// One chat-log line as a conversation line; `own` is our own address. A line that
/// records an event (a file transfer's step, a wink) comes back as a line of its own,
/// not as a message someone wrote.
pub fn logged_line(entry: LogEntry, own: &str, own_name: &str) -> ChatLine {
    if entry
        .status
        .as_deref()
        .is_some_and(session::is_event_status)
    {
        return ChatLine::System {
            time: timestamp(entry.time),
            event: SystemEvent::Notice(entry.text),
        };
    }
    let sent = entry.direction == chatlog::Direction::Sent;
    let delivery = match entry.status.as_deref() {
        Some(status) if status.starts_with("failed") => Delivery::Failed(
            status
                .trim_start_matches("failed")
                .trim_start_matches(':')
                .trim()
                .to_owned(),
        ),
        Some("queued") => Delivery::Queued,
        Some("stored offline") => Delivery::StoredOffline,
        Some("sent" | SENT_ELSEWHERE) => Delivery::Sent,
        _ => Delivery::Delivered,
    };
    let (sender_address, sender_name) = if sent {
        (own.to_owned(), own_name.to_owned())
    } else {
        (entry.sender.clone(), entry.sender)
    };
    ChatLine::Message(MessageLine {
        time: timestamp(entry.time),
        sender_address: sender_address.into(),
        sender_name: sender_name.into(),
        text: entry.text,
        colour: None,
        own: sent.then_some((NEVER_UPDATED, delivery)),
    })
}

/// A message our own account sent from another place: ours, and sent.
pub fn sent_elsewhere(message: ReceivedMessage) -> ChatLine {
    ChatLine::Message(MessageLine {
        time: timestamp(message.time),
        colour: colour(message.format.as_ref()),
        sender_address: message.sender.into(),
        sender_name: message.sender_name.into(),
        text: message.text,
        own: Some((NEVER_UPDATED, Delivery::Sent)),
    })
}

/// The sender's text colour. Black is what official clients send by default, so it
/// means "the terminal's own colour" (black on a dark terminal would be unreadable).
pub fn colour(format: Option<&TextFormat>) -> Option<Rgb> {
    let color = format?.color;
    (color != Color::BLACK).then_some(Rgb(color.red, color.green, color.blue))
}
