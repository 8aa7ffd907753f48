//! `text/x-msnmsgr-datacast`: nudges, winks, voice clips, action messages (MSN 7+).
//!
//! The body is itself a block of fields: `ID: <n>`, optionally `Data: <...>`, a blank line.

use super::error::MessageError;
use super::mime::{Headers, MimeMessage};

pub(super) const DATACAST: &str = "text/x-msnmsgr-datacast";

const NUDGE: u32 = 1;
const WINK: u32 = 2;
const VOICE_CLIP: u32 = 3;
const ACTION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Datacast {
    Nudge,
    /// `data` is the wink's MSNObject XML.
    Wink {
        data: String,
    },
    /// `data` is the clip's MSNObject XML.
    VoiceClip {
        data: String,
    },
    /// An "action message" (`/me`-like text).
    Action {
        text: String,
    },
    Other {
        id: u32,
        data: Option<String>,
    },
}

impl Datacast {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        let id_text = fields
            .get("ID")
            .ok_or(MessageError::MissingField { field: "ID" })?;
        let id = id_text
            .trim()
            .parse()
            .map_err(|_| MessageError::InvalidField {
                field: "ID",
                value: id_text.to_owned(),
            })?;
        let data = fields.get("Data").map(str::to_owned);
        Ok(match (id, data) {
            (NUDGE, _) => Datacast::Nudge,
            (WINK, Some(data)) => Datacast::Wink { data },
            (VOICE_CLIP, Some(data)) => Datacast::VoiceClip { data },
            (ACTION, Some(text)) => Datacast::Action { text },
            (id, data) => Datacast::Other { id, data },
        })
    }

    pub fn to_mime(&self) -> MimeMessage {
        let (id, data) = match self {
            Datacast::Nudge => (NUDGE, None),
            Datacast::Wink { data } => (WINK, Some(data)),
            Datacast::VoiceClip { data } => (VOICE_CLIP, Some(data)),
            Datacast::Action { text } => (ACTION, Some(text)),
            Datacast::Other { id, data } => (*id, data.as_ref()),
        };
        let mut fields = Headers::new();
        fields.push("ID", id.to_string());
        if let Some(data) = data {
            fields.push("Data", data.as_str());
        }
        let mut body = Vec::new();
        fields.write_to(&mut body);
        body.extend_from_slice(b"\r\n");
        MimeMessage::new(Headers::for_content_type(DATACAST), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::Message;

    const NUDGE_PAYLOAD: &[u8] =
        b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";

    #[test]
    fn nudge_matches_the_wire_bytes() {
        let built = Message::nudge().to_bytes();
        assert_eq!(built, NUDGE_PAYLOAD);
        assert_eq!(built.len(), 69);
        assert_eq!(
            Message::parse(NUDGE_PAYLOAD),
            Ok(Message::Datacast(Datacast::Nudge))
        );
    }

    #[test]
    fn parses_winks_and_actions() {
        let wink = b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 2\r\nData: <msnobj Type=\"8\"/>\r\n\r\n";
        let parsed = Message::parse(wink).expect("parses");
        assert_eq!(
            parsed,
            Message::Datacast(Datacast::Wink {
                data: "<msnobj Type=\"8\"/>".to_owned()
            })
        );
        assert_eq!(parsed.to_bytes(), &wink[..]);

        let action = Datacast::Action {
            text: "waves".to_owned(),
        };
        assert_eq!(
            Message::parse(&action.to_mime().to_bytes()),
            Ok(Message::Datacast(action))
        );
    }

    #[test]
    fn unknown_ids_are_kept() {
        let payload =
            b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 7\r\n\r\n";
        assert_eq!(
            Message::parse(payload),
            Ok(Message::Datacast(Datacast::Other { id: 7, data: None }))
        );
    }

    #[test]
    fn missing_or_bad_id_is_an_error() {
        let missing = b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\n\r\n";
        assert_eq!(
            Message::parse(missing),
            Err(MessageError::MissingField { field: "ID" })
        );
        let bad =
            b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: one\r\n\r\n";
        assert!(matches!(
            Message::parse(bad),
            Err(MessageError::InvalidField { field: "ID", .. })
        ));
    }
}
