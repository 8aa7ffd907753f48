//! MSG payloads (docs/protocol.md §5.5, §5.6): a MIME-like header block, a blank line, a body.
//!
//! [`MimeMessage`] is the generic layer: headers in order and the body as bytes.
//! [`Message`] is the typed view, chosen by `Content-Type`; a body is only decoded as
//! text once its content type says it is text.

mod chunks;
mod client_caps;
mod datacast;
mod emoticon;
mod encoded_word;
mod error;
mod format;
mod invitation;
mod mail;
mod mime;
mod profile;
mod reassembly;
mod secret;
mod text;

use bytes::Bytes;

pub use chunks::{Chunk, ChunkPosition, Part};
pub use client_caps::ClientCaps;
pub use datacast::Datacast;
pub use emoticon::{CustomEmoticon, CustomEmoticons};
pub use encoded_word::decode_encoded_words;
pub use error::MessageError;
pub use format::{Color, Effects, TextFormat};
pub use invitation::Invitation;
pub use mail::{InitialEmail, MailActivity, MailData, MailDataKind, NewEmail, SystemMessage};
pub use mime::{ContentType, Headers, MimeMessage};
pub use profile::Profile;
pub use reassembly::{ChunkError, ChunkLimits, Incomplete, Outcome, Reassembly};
pub use secret::Secret;
pub use text::TextMessage;

/// The largest MSG payload a switchboard accepts (docs/protocol.md §5.3).
pub const MAX_PAYLOAD_LEN: usize = 1664;

const TYPING: &str = "text/x-msmsgscontrol";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Text(TextMessage),
    /// `user` is typing (`text/x-msmsgscontrol`).
    Typing {
        user: String,
    },
    Datacast(Datacast),
    Emoticons(CustomEmoticons),
    ClientCaps(ClientCaps),
    Profile(Profile),
    InitialEmail(InitialEmail),
    NewEmail(NewEmail),
    MailActivity(MailActivity),
    MailData(MailData),
    SystemMessage(SystemMessage),
    /// An MSNP2–8 invitation (`text/x-msmsgsinvite`).
    Invitation(Invitation),
    /// Any other content type (P2P, invitations, text in another charset, ...), kept as is.
    Unknown(MimeMessage),
}

impl Message {
    pub fn parse(payload: &[u8]) -> Result<Self, MessageError> {
        Self::from_mime(MimeMessage::parse(payload)?)
    }

    pub fn from_mime(mime: MimeMessage) -> Result<Self, MessageError> {
        let Some(content_type) = mime.content_type() else {
            return Ok(Message::Unknown(mime));
        };
        Ok(match content_type.media_type.as_str() {
            text::TEXT_PLAIN if content_type.is_utf8() => {
                Message::Text(TextMessage::from_mime(&mime)?)
            }
            TYPING => {
                // WLM 2009 says `RecordingUser` while a voice clip is being recorded.
                let user = mime
                    .headers
                    .get("TypingUser")
                    .or_else(|| mime.headers.get("RecordingUser"))
                    .ok_or(MessageError::MissingField {
                        field: "TypingUser",
                    })?;
                Message::Typing {
                    user: user.to_owned(),
                }
            }
            datacast::DATACAST => Message::Datacast(Datacast::from_mime(&mime)?),
            emoticon::EMOTICON => Message::Emoticons(CustomEmoticons::from_mime(&mime, false)?),
            emoticon::ANIMATED_EMOTICON => {
                Message::Emoticons(CustomEmoticons::from_mime(&mime, true)?)
            }
            client_caps::CLIENT_CAPS => Message::ClientCaps(ClientCaps::from_mime(&mime)?),
            profile::PROFILE => Message::Profile(Profile::from_mime(&mime)),
            mail::INITIAL_EMAIL => Message::InitialEmail(InitialEmail::from_mime(&mime)?),
            mail::NEW_EMAIL => Message::NewEmail(NewEmail::from_mime(&mime)?),
            mail::MAIL_ACTIVITY => Message::MailActivity(MailActivity::from_mime(&mime)?),
            mail::INITIAL_MAIL_DATA => {
                Message::MailData(MailData::from_mime(&mime, MailDataKind::Initial)?)
            }
            mail::OFFLINE_MESSAGE_DATA => {
                Message::MailData(MailData::from_mime(&mime, MailDataKind::OfflineMessages)?)
            }
            mail::SYSTEM_MESSAGE => Message::SystemMessage(SystemMessage::from_mime(&mime)?),
            invitation::INVITATION => Message::Invitation(Invitation::from_mime(&mime)?),
            _ => Message::Unknown(mime),
        })
    }

    /// A chat line in the default format.
    pub fn text(text: impl Into<String>) -> Self {
        Message::Text(TextMessage::new(text))
    }

    /// "`user` is typing"; send it with ack `U`.
    pub fn typing(user: impl Into<String>) -> Self {
        Message::Typing { user: user.into() }
    }

    /// Send it with ack `N`.
    pub fn nudge() -> Self {
        Message::Datacast(Datacast::Nudge)
    }

    pub fn to_mime(&self) -> MimeMessage {
        match self {
            Message::Text(text) => text.to_mime(),
            Message::Typing { user } => {
                let mut headers = Headers::for_content_type(TYPING);
                headers.push("TypingUser", user.as_str());
                MimeMessage::new(headers, Bytes::from_static(b"\r\n"))
            }
            Message::Datacast(datacast) => datacast.to_mime(),
            Message::Emoticons(emoticons) => emoticons.to_mime(),
            Message::ClientCaps(caps) => caps.to_mime(),
            Message::Profile(Profile { received, .. })
            | Message::InitialEmail(InitialEmail { received, .. })
            | Message::NewEmail(NewEmail { received, .. })
            | Message::MailActivity(MailActivity { received, .. })
            | Message::MailData(MailData { received, .. })
            | Message::SystemMessage(SystemMessage { received, .. })
            | Message::Invitation(Invitation { received, .. })
            | Message::Unknown(received) => received.clone(),
        }
    }

    pub fn to_bytes(&self) -> Bytes {
        self.to_mime().to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const ALICE_TYPING: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: alice@example.com\r\n\r\n\r\n";

    #[test]
    fn typing_matches_the_wire_bytes() {
        assert_eq!(
            Message::typing("alice@example.com").to_bytes(),
            ALICE_TYPING
        );
        assert_eq!(ALICE_TYPING.len(), 90);
        assert_eq!(Message::typing("bob@example.com").to_bytes().len(), 88);
        assert_eq!(
            Message::parse(ALICE_TYPING),
            Ok(Message::typing("alice@example.com"))
        );
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let payload = b"mime-version: 1.0\r\ncontent-type: TEXT/X-MSMSGSCONTROL\r\ntypinguser: bob@example.com\r\n\r\n\r\n";
        assert_eq!(
            Message::parse(payload),
            Ok(Message::typing("bob@example.com"))
        );
    }

    #[test]
    fn recording_a_voice_clip_counts_as_typing() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nRecordingUser: bob@example.com\r\n\r\n\r\n";
        assert_eq!(
            Message::parse(payload),
            Ok(Message::typing("bob@example.com"))
        );
    }

    #[test]
    fn typing_without_user_is_an_error() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\n\r\n\r\n";
        assert_eq!(
            Message::parse(payload),
            Err(MessageError::MissingField {
                field: "TypingUser"
            })
        );
    }

    #[test]
    fn unknown_content_types_keep_their_bytes() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n\x00\x01\xfe\xff";
        let parsed = Message::parse(payload).expect("parses");
        let Message::Unknown(mime) = &parsed else {
            panic!("not unknown: {parsed:?}");
        };
        assert_eq!(
            mime.content_type()
                .map(|content_type| content_type.media_type),
            Some("application/x-msnmsgrp2p".to_owned())
        );
        assert_eq!(mime.body, &b"\x00\x01\xfe\xff"[..]);
        assert_eq!(parsed.to_bytes(), &payload[..]);
    }

    #[test]
    fn text_in_another_charset_stays_bytes() {
        let payload =
            b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\ncaf\xe9";
        assert!(matches!(Message::parse(payload), Ok(Message::Unknown(_))));
    }

    #[test]
    fn missing_content_type_is_unknown() {
        let payload = b"Message-ID: {1}\r\nChunk: 1\r\n\r\nrest of a long text";
        assert!(matches!(Message::parse(payload), Ok(Message::Unknown(_))));
    }

    fn text_format() -> impl Strategy<Value = TextFormat> {
        (
            any::<String>(),
            any::<[bool; 4]>(),
            any::<[u8; 3]>(),
            any::<u8>(),
            any::<u8>(),
            any::<bool>(),
        )
            .prop_map(
                |(
                    font,
                    [bold, italic, underline, strikethrough],
                    [red, green, blue],
                    charset,
                    pitch_family,
                    right_to_left,
                )| {
                    TextFormat {
                        font,
                        effects: Effects {
                            bold,
                            italic,
                            underline,
                            strikethrough,
                        },
                        color: Color { red, green, blue },
                        charset,
                        pitch_family,
                        right_to_left,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn parse_never_panics(payload in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = Message::parse(&payload);
        }

        #[test]
        fn parse_never_panics_on_header_like_input(
            lines in proptest::collection::vec("[A-Za-z:;= \\r\\n\\t=?é/-]{0,40}", 0..8),
            content_type in prop_oneof![
                Just("text/plain"), Just("text/x-msmsgscontrol"), Just("text/x-msnmsgr-datacast"),
                Just("text/x-mms-emoticon"), Just("text/x-msmsgsprofile"),
                Just("text/x-msmsgsemailnotification"), Just("application/x-msmsgssystemmessage"),
            ],
        ) {
            let payload = format!("Content-Type: {content_type}\r\n{}", lines.join("\r\n"));
            let _ = Message::parse(payload.as_bytes());
        }

        #[test]
        fn text_messages_rebuild_identically(text in any::<String>(), format in proptest::option::of(text_format())) {
            let message = TextMessage { text, format, extra_headers: Headers::new() };
            let built = message.to_bytes();
            let parsed = Message::parse(&built);
            prop_assert_eq!(&parsed, &Ok(Message::Text(message)));
            let rebuilt = parsed.map(|parsed| parsed.to_bytes());
            prop_assert_eq!(rebuilt, Ok(built));
        }

        #[test]
        fn format_text_is_stable(format in text_format()) {
            let written = format.to_string();
            let reparsed = TextFormat::parse(&written);
            prop_assert_eq!(reparsed.to_string(), written);
            prop_assert_eq!(reparsed, format);
        }

        #[test]
        fn split_pieces_fit_and_reassemble(text in any::<String>(), limit in 200..=MAX_PAYLOAD_LEN) {
            let pieces = TextMessage::new(text.clone()).split(limit);
            prop_assert!(pieces.is_ok());
            let pieces = pieces.unwrap_or_default();
            for piece in &pieces {
                prop_assert!(piece.to_bytes().len() <= limit);
            }
            let joined: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
            prop_assert_eq!(joined, text);
        }
    }
}
