//! The JSON lines of chat events: conversations, participants, messages, typing,
//! nudges, delivery states and history.

use std::time::SystemTime;

use serde::Serialize;

use crate::chatlog::{self, LogEntry};
use crate::protocol::message::TextFormat;
use crate::session::{Delivery, Event, Outgoing, Participant};

#[derive(Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum ChatJson<'a> {
    ConversationOpened {
        conversation: u64,
        with: &'a [String],
    },
    ConversationClosed {
        conversation: u64,
    },
    Participants {
        conversation: u64,
        present: Vec<ParticipantJson<'a>>,
        joined: &'a [String],
        left: &'a [String],
    },
    Message {
        conversation: u64,
        sender: &'a str,
        sender_name: &'a str,
        time: String,
        text: &'a str,
        format: Option<FormatJson<'a>>,
    },
    /// Our own account's message from another place, in a conversation we are in.
    SentElsewhere {
        conversation: u64,
        time: String,
        text: &'a str,
        format: Option<FormatJson<'a>>,
    },
    /// Sent while we were offline; `unreadable` says why `text` is a placeholder.
    OfflineMessage {
        conversation: u64,
        sender: &'a str,
        sender_name: &'a str,
        sent: String,
        text: &'a str,
        unreadable: Option<&'a str>,
    },
    /// Something else a contact sent (a wink, a file offer, …): `text` is the line shown.
    Notice {
        conversation: u64,
        sender: &'a str,
        sender_name: &'a str,
        time: String,
        kind: &'static str,
        text: String,
    },
    Typing {
        conversation: u64,
        email: &'a str,
        typing: bool,
    },
    Nudge {
        conversation: u64,
        sender: &'a str,
    },
    Outgoing {
        conversation: u64,
        message: u64,
        time: String,
        kind: &'static str,
        text: Option<&'a str>,
    },
    Delivery {
        conversation: u64,
        message: u64,
        state: &'static str,
        reason: Option<&'a str>,
    },
    History {
        contact: &'a str,
        entries: Vec<EntryJson<'a>>,
    },
}

#[derive(Serialize)]
struct ParticipantJson<'a> {
    email: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct FormatJson<'a> {
    font: &'a str,
    bold: bool,
    italic: bool,
    underline: bool,
    strikethrough: bool,
    /// `#rrggbb`.
    color: String,
    right_to_left: bool,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    time: String,
    direction: &'static str,
    sender: &'a str,
    status: Option<&'a str>,
    text: &'a str,
}

fn time(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

fn format(format: &TextFormat) -> FormatJson<'_> {
    let (red, green, blue) = format.color.rgb();
    FormatJson {
        font: &format.font,
        bold: format.effects.bold,
        italic: format.effects.italic,
        underline: format.effects.underline,
        strikethrough: format.effects.strikethrough,
        color: format!("#{red:02x}{green:02x}{blue:02x}"),
        right_to_left: format.right_to_left,
    }
}

fn participant(participant: &Participant) -> ParticipantJson<'_> {
    ParticipantJson {
        email: &participant.email,
        name: &participant.name,
    }
}

fn entry(entry: &LogEntry) -> EntryJson<'_> {
    EntryJson {
        time: time(entry.time),
        direction: match entry.direction {
            chatlog::Direction::Sent => "sent",
            chatlog::Direction::Received => "received",
        },
        sender: &entry.sender,
        status: entry.status.as_deref(),
        text: &entry.text,
    }
}

/// The line of a chat event; `None` for the other events.
pub(super) fn line(event: &Event) -> Option<String> {
    let json = match event {
        Event::ConversationOpened { conversation, with } => ChatJson::ConversationOpened {
            conversation: conversation.0,
            with,
        },
        Event::ConversationClosed { conversation } => ChatJson::ConversationClosed {
            conversation: conversation.0,
        },
        Event::Participants {
            conversation,
            present,
            joined,
            left,
        } => ChatJson::Participants {
            conversation: conversation.0,
            present: present.iter().map(participant).collect(),
            joined,
            left,
        },
        Event::MessageReceived(message) => ChatJson::Message {
            conversation: message.conversation.0,
            sender: &message.sender,
            sender_name: &message.sender_name,
            time: time(message.time),
            text: &message.text,
            format: message.format.as_ref().map(format),
        },
        Event::SentElsewhere(message) => ChatJson::SentElsewhere {
            conversation: message.conversation.0,
            time: time(message.time),
            text: &message.text,
            format: message.format.as_ref().map(format),
        },
        Event::OfflineMessage(message) => ChatJson::OfflineMessage {
            conversation: message.conversation.0,
            sender: &message.sender,
            sender_name: &message.sender_name,
            sent: time(message.sent),
            text: &message.text,
            unreadable: message.unreadable.as_deref(),
        },
        Event::NoticeReceived(received) => ChatJson::Notice {
            conversation: received.conversation.0,
            sender: &received.sender,
            sender_name: &received.sender_name,
            time: time(received.time),
            kind: received.notice.kind(),
            text: received.notice.describe(&received.sender_name),
        },
        Event::Typing {
            conversation,
            email,
            typing,
        } => ChatJson::Typing {
            conversation: conversation.0,
            email,
            typing: *typing,
        },
        Event::Nudge {
            conversation,
            sender,
        } => ChatJson::Nudge {
            conversation: conversation.0,
            sender,
        },
        Event::Outgoing(outgoing) => ChatJson::Outgoing {
            conversation: outgoing.conversation.0,
            message: outgoing.message.0,
            time: time(outgoing.time),
            kind: match outgoing.content {
                Outgoing::Text(_) => "text",
                Outgoing::Nudge => "nudge",
            },
            text: match &outgoing.content {
                Outgoing::Text(text) => Some(text),
                Outgoing::Nudge => None,
            },
        },
        Event::Delivery {
            conversation,
            message,
            state,
        } => ChatJson::Delivery {
            conversation: conversation.0,
            message: message.0,
            state: match state {
                Delivery::Queued => "queued",
                Delivery::Sent => "sent",
                Delivery::Delivered => "delivered",
                Delivery::Failed(_) => "failed",
                Delivery::StoredOffline => "stored_offline",
            },
            reason: match state {
                Delivery::Failed(reason) => Some(reason),
                _ => None,
            },
        },
        Event::History { contact, entries } => ChatJson::History {
            contact,
            entries: entries.iter().map(entry).collect(),
        },
        _ => return None,
    };
    serde_json::to_string(&json).ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::session::{ConversationId, MessageId, ReceivedMessage};

    #[test]
    fn messages_carry_their_format() {
        let received = Event::MessageReceived(ReceivedMessage {
            conversation: ConversationId(2),
            sender: "bob@example.com".into(),
            sender_name: "Bob".into(),
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_500_000),
            text: "hi ☺".into(),
            format: Some(TextFormat::parse("FN=Arial; EF=BI; CO=ff; CS=0; PF=22")),
        });
        assert_eq!(
            line(&received).unwrap(),
            r##"{"event":"message","conversation":2,"sender":"bob@example.com","sender_name":"Bob","time":"2026-11-24T06:00:00Z","text":"hi ☺","format":{"font":"Arial","bold":true,"italic":true,"underline":false,"strikethrough":false,"color":"#ff0000","right_to_left":false}}"##
        );
    }

    /// A script signed in at two places must not take its own words for a contact's.
    #[test]
    fn our_message_from_another_place_is_not_a_message_event() {
        let elsewhere = Event::SentElsewhere(ReceivedMessage {
            conversation: ConversationId(2),
            sender: "me@example.com".into(),
            sender_name: "Me".into(),
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_500_000),
            text: "from the laptop".into(),
            format: None,
        });
        assert_eq!(
            line(&elsewhere).unwrap(),
            r#"{"event":"sent_elsewhere","conversation":2,"time":"2026-11-24T06:00:00Z","text":"from the laptop","format":null}"#
        );
    }

    #[test]
    fn notices_carry_their_kind_and_line() {
        let wink = Event::NoticeReceived(crate::session::ReceivedNotice {
            conversation: ConversationId(3),
            sender: "bob@example.com".into(),
            sender_name: "Bob".into(),
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_500_000),
            notice: crate::session::Notice::Wink,
        });
        assert_eq!(
            line(&wink).unwrap(),
            r#"{"event":"notice","conversation":3,"sender":"bob@example.com","sender_name":"Bob","time":"2026-11-24T06:00:00Z","kind":"wink","text":"Bob sent a wink — msntui cannot show winks yet"}"#
        );
    }

    #[test]
    fn failures_give_their_reason() {
        let failed = Event::Delivery {
            conversation: ConversationId(1),
            message: MessageId(7),
            state: Delivery::Failed("cannot reach bob@example.com: 217".into()),
        };
        assert_eq!(
            line(&failed).unwrap(),
            r#"{"event":"delivery","conversation":1,"message":7,"state":"failed","reason":"cannot reach bob@example.com: 217"}"#
        );
        assert_eq!(
            line(&Event::Error(crate::session::ErrorInfo::new("x"))),
            None
        );
    }

    #[test]
    fn offline_messages_say_when_they_were_sent() {
        let stored = Event::Delivery {
            conversation: ConversationId(1),
            message: MessageId(8),
            state: Delivery::StoredOffline,
        };
        assert_eq!(
            line(&stored).unwrap(),
            r#"{"event":"delivery","conversation":1,"message":8,"state":"stored_offline","reason":null}"#
        );
        let offline = Event::OfflineMessage(crate::session::OfflineMessage {
            conversation: ConversationId(3),
            sender: "bob@example.com".into(),
            sender_name: "Bob".into(),
            sent: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_500_000),
            text: "[unreadable]".into(),
            unreadable: Some("its body is not valid base64".into()),
        });
        assert_eq!(
            line(&offline).unwrap(),
            r#"{"event":"offline_message","conversation":3,"sender":"bob@example.com","sender_name":"Bob","sent":"2026-11-24T06:00:00Z","text":"[unreadable]","unreadable":"its body is not valid base64"}"#
        );
    }
}
