//! What a contact sent that is not a text message msntui can show: a wink, a file offer,
//! a message that arrived incomplete, … Each becomes a line saying what arrived.

use std::time::SystemTime;

use super::chat::ConversationId;

/// Something a contact sent, shown as a line rather than as a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedNotice {
    pub conversation: ConversationId,
    pub sender: String,
    pub sender_name: String,
    pub time: SystemTime,
    pub notice: Notice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Wink,
    VoiceClip,
    /// Handwriting (ink as ISF or as a GIF).
    Ink,
    /// An "action message" (WLM 2009), shown as "Bob waves".
    Action {
        text: String,
    },
    /// Custom emoticons announced for the next message, which shows their shortcuts.
    CustomEmoticons {
        shortcuts: Vec<String>,
    },
    /// A file offered over P2P or MSNFTP.
    FileOffer {
        name: String,
        size: Option<u64>,
        declined: bool,
    },
    /// A request for our display picture or another of our objects over P2P.
    ObjectRequest {
        declined: bool,
    },
    /// Any other invitation (webcam, activities, NetMeeting, …).
    Invitation {
        application: String,
        declined: bool,
    },
    /// A chunked message of which only some parts arrived; they were shown before.
    IncompleteMessage {
        received: usize,
        expected: Option<u32>,
        reason: String,
    },
    /// A message that could not be read at all.
    Unreadable {
        reason: String,
    },
    /// A content type msntui does not know.
    Unknown {
        content_type: String,
    },
}

/// Every kind [`Notice::kind`] names.
const KINDS: [&str; 11] = [
    "wink",
    "voice_clip",
    "ink",
    "action",
    "custom_emoticons",
    "file_offer",
    "object_request",
    "invitation",
    "incomplete_message",
    "unreadable",
    "unknown",
];

/// How the chat-log status of a file transfer's step starts ("file offered", "file done").
pub(crate) const TRANSFER_STATUS: &str = "file ";

/// Whether a chat-log line with this status records something that happened (a notice,
/// a file transfer's step) rather than a message someone wrote: its text describes it.
pub fn is_event_status(status: &str) -> bool {
    status.starts_with(TRANSFER_STATUS) || KINDS.contains(&status)
}

impl Notice {
    /// A short name for the kind: the chat log's status and headless's `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Wink => "wink",
            Notice::VoiceClip => "voice_clip",
            Notice::Ink => "ink",
            Notice::Action { .. } => "action",
            Notice::CustomEmoticons { .. } => "custom_emoticons",
            Notice::FileOffer { .. } => "file_offer",
            Notice::ObjectRequest { .. } => "object_request",
            Notice::Invitation { .. } => "invitation",
            Notice::IncompleteMessage { .. } => "incomplete_message",
            Notice::Unreadable { .. } => "unreadable",
            Notice::Unknown { .. } => "unknown",
        }
    }

    /// The line shown for it, `who` being the sender's name.
    pub fn describe(&self, who: &str) -> String {
        let declined = |declined: &bool| if *declined { "; declined" } else { "" };
        match self {
            Notice::Wink => format!("{who} sent a wink — msntui cannot show winks yet"),
            Notice::VoiceClip => {
                format!("{who} sent a voice clip — msntui cannot play voice clips yet")
            }
            Notice::Ink => {
                format!("{who} sent a handwritten message — msntui cannot show handwriting yet")
            }
            Notice::Action { text } => format!("{who} {text}"),
            Notice::CustomEmoticons { shortcuts } => format!(
                "{who} uses custom emoticons {} — msntui shows them as their shortcut text",
                shortcuts.join(" ")
            ),
            Notice::FileOffer {
                name,
                size,
                declined: was_declined,
            } => {
                let size = size.map(|size| format!(" ({})", file_size(size)));
                format!(
                    "{who} offered the file “{name}”{} — msntui cannot receive files yet{}",
                    size.unwrap_or_default(),
                    declined(was_declined)
                )
            }
            Notice::ObjectRequest {
                declined: was_declined,
            } => format!(
                "{who} asked for your display picture or emoticons — msntui cannot send them yet{}",
                declined(was_declined)
            ),
            Notice::Invitation {
                application,
                declined: was_declined,
            } => format!(
                "{who} sent an invitation ({application}) — msntui cannot take part yet{}",
                declined(was_declined)
            ),
            Notice::IncompleteMessage {
                received,
                expected,
                reason,
            } => {
                let expected = expected.map_or_else(|| "?".to_owned(), |n| n.to_string());
                format!(
                    "{who}'s long message arrived incomplete ({received} of {expected} parts, {reason}): the rest is missing"
                )
            }
            Notice::Unreadable { reason } => {
                format!("{who} sent a message msntui could not read: {reason}")
            }
            Notice::Unknown { content_type } => {
                format!("{who} sent something msntui cannot show yet ({content_type})")
            }
        }
    }
}

pub(crate) fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_notice_and_transfer_step_is_an_event_in_the_chat_log() {
        let every = [
            Notice::Wink,
            Notice::VoiceClip,
            Notice::Ink,
            Notice::Action {
                text: "waves".into(),
            },
            Notice::CustomEmoticons { shortcuts: vec![] },
            Notice::FileOffer {
                name: "a".into(),
                size: None,
                declined: true,
            },
            Notice::ObjectRequest { declined: true },
            Notice::Invitation {
                application: "webcam".into(),
                declined: true,
            },
            Notice::IncompleteMessage {
                received: 1,
                expected: None,
                reason: "lost".into(),
            },
            Notice::Unreadable { reason: "x".into() },
            Notice::Unknown {
                content_type: "x/y".into(),
            },
        ];
        assert_eq!(every.len(), KINDS.len());
        for notice in &every {
            assert!(is_event_status(notice.kind()), "{notice:?}");
        }
        assert!(is_event_status("file done"));
        for message in [
            "delivered",
            "queued",
            "failed: offline",
            "offline 42",
            "sent",
        ] {
            assert!(!is_event_status(message), "{message}");
        }
    }

    #[test]
    fn lines_say_what_arrived() {
        assert_eq!(
            Notice::Wink.describe("Bob"),
            "Bob sent a wink — msntui cannot show winks yet"
        );
        let offer = Notice::FileOffer {
            name: "a.txt".into(),
            size: Some(3 * 1024 * 1024),
            declined: true,
        };
        assert_eq!(
            offer.describe("Bob"),
            "Bob offered the file “a.txt” (3.0 MB) — msntui cannot receive files yet; declined"
        );
        assert_eq!(offer.kind(), "file_offer");
        let incomplete = Notice::IncompleteMessage {
            received: 2,
            expected: Some(3),
            reason: "timed out".into(),
        };
        assert_eq!(
            incomplete.describe("Bob"),
            "Bob's long message arrived incomplete (2 of 3 parts, timed out): the rest is missing"
        );
        assert_eq!(file_size(10), "10 bytes");
    }
}
