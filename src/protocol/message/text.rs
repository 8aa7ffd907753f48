//! Plain text messages: `text/plain` with an optional `X-MMS-IM-Format`.

use bytes::Bytes;

use super::error::MessageError;
use super::format::TextFormat;
use super::mime::{Headers, MimeMessage};

pub(super) const TEXT_PLAIN: &str = "text/plain";
const CONTENT_TYPE: &str = "text/plain; charset=UTF-8";
const FORMAT_HEADER: &str = "X-MMS-IM-Format";
/// Headers a text message writes itself; any others are kept in `extra_headers`.
const OWN_HEADERS: &[&str] = &["MIME-Version", "Content-Type", FORMAT_HEADER];

/// A chat line. Rebuilt as `MIME-Version`, `Content-Type: text/plain; charset=UTF-8`,
/// `X-MMS-IM-Format` when there is a format, then `extra_headers`, a blank line and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMessage {
    pub text: String,
    pub format: Option<TextFormat>,
    /// Other headers in the order received (`User-Agent`, `Message-ID`, `Chunks`, ...).
    pub extra_headers: Headers,
}

impl TextMessage {
    /// A message in the default format.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            format: Some(TextFormat::default()),
            extra_headers: Headers::new(),
        }
    }

    /// Reads a `text/plain` payload whose charset is UTF-8 or absent.
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let text = std::str::from_utf8(&mime.body).map_err(|error| MessageError::BodyNotUtf8 {
            valid_up_to: error.valid_up_to(),
        })?;
        let extra_headers = mime
            .headers
            .iter()
            .filter(|(name, _)| !OWN_HEADERS.iter().any(|own| own.eq_ignore_ascii_case(name)))
            .collect();
        Ok(Self {
            text: text.to_owned(),
            format: mime.headers.get(FORMAT_HEADER).map(TextFormat::parse),
            extra_headers,
        })
    }

    pub fn to_mime(&self) -> MimeMessage {
        let mut headers = Headers::for_content_type(CONTENT_TYPE);
        if let Some(format) = &self.format {
            headers.push(FORMAT_HEADER, format.to_string());
        }
        for (name, value) in self.extra_headers.iter() {
            headers.push(name, value);
        }
        MimeMessage::new(headers, self.text.clone().into_bytes())
    }

    pub fn to_bytes(&self) -> Bytes {
        self.to_mime().to_bytes()
    }

    /// Cuts the text into messages whose payloads fit in `limit` bytes, headers included,
    /// cutting only between characters. Each piece keeps this message's format and headers.
    pub fn split(&self, limit: usize) -> Result<Vec<TextMessage>, MessageError> {
        let piece = |text: &str| TextMessage {
            text: text.to_owned(),
            ..self.clone()
        };
        let overhead = piece("").to_bytes().len();
        let no_room = MessageError::NoRoomForText { limit, overhead };
        let Some(room) = limit.checked_sub(overhead) else {
            return Err(no_room);
        };
        if self.text.is_empty() {
            return Ok(vec![piece("")]);
        }
        let mut pieces = Vec::new();
        let mut rest = self.text.as_str();
        while !rest.is_empty() {
            let mut end = room.min(rest.len());
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            if end == 0 {
                return Err(no_room);
            }
            let (head, tail) = rest.split_at(end);
            pieces.push(piece(head));
            rest = tail;
        }
        Ok(pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::{MAX_PAYLOAD_LEN, Message};

    const FORMATTED: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHi Alice! \xc3\xa9\xc3\xa8 unicode \xe2\x98\xba";

    fn parse_text(payload: &[u8]) -> TextMessage {
        match Message::parse(payload) {
            Ok(Message::Text(text)) => text,
            other => panic!("not a text message: {other:?}"),
        }
    }

    #[test]
    fn parses_and_rebuilds_a_formatted_message() {
        let message = parse_text(FORMATTED);
        assert_eq!(message.text, "Hi Alice! éè unicode ☺");
        let format = message.format.clone().expect("has a format");
        assert_eq!(format.font, "Arial");
        assert_eq!(format.charset, 0);
        assert_eq!(format.pitch_family, 0x22);
        assert!(message.extra_headers.is_empty());
        assert_eq!(message.to_bytes(), FORMATTED);
    }

    #[test]
    fn new_message_has_the_official_shape() {
        let built = TextMessage::new("Hello Bob, this is Alice (MSNP12)").to_bytes();
        assert_eq!(
            built,
            &b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\nHello Bob, this is Alice (MSNP12)"[..]
        );
        assert_eq!(built.len(), 150);
    }

    #[test]
    fn keeps_other_headers_and_a_missing_format() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nUser-Agent: pidgin/2.14\r\n\r\nhey";
        let message = parse_text(payload);
        assert_eq!(message.format, None);
        assert_eq!(message.extra_headers.get("user-agent"), Some("pidgin/2.14"));
        assert_eq!(message.to_bytes(), &payload[..]);
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let payload =
            b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nab\xffc";
        assert_eq!(
            Message::parse(payload),
            Err(MessageError::BodyNotUtf8 { valid_up_to: 2 })
        );
    }

    #[test]
    fn splits_long_multibyte_text_within_the_limit() {
        let text = "é☺a".repeat(5000 / 3 + 1);
        assert!(text.chars().count() >= 5000);
        let pieces = TextMessage::new(text.clone())
            .split(MAX_PAYLOAD_LEN)
            .expect("splits");
        assert!(pieces.len() > 1);
        for piece in &pieces {
            assert!(piece.to_bytes().len() <= MAX_PAYLOAD_LEN);
        }
        let joined: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn short_text_is_one_piece() {
        let message = TextMessage::new("hi");
        assert_eq!(message.split(MAX_PAYLOAD_LEN), Ok(vec![message.clone()]));
        let empty = TextMessage::new("");
        assert_eq!(empty.split(MAX_PAYLOAD_LEN), Ok(vec![empty.clone()]));
    }

    #[test]
    fn split_reports_when_headers_leave_no_room() {
        let message = TextMessage::new("☺");
        let overhead = TextMessage::new("").to_bytes().len();
        assert_eq!(
            message.split(overhead + 2),
            Err(MessageError::NoRoomForText {
                limit: overhead + 2,
                overhead
            })
        );
        assert!(message.split(10).is_err());
    }
}
