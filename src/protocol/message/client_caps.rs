//! `text/x-clientcaps`: third-party clients describe themselves in `Name: value` lines.

use super::error::MessageError;
use super::mime::{Headers, MimeMessage};

pub(super) const CLIENT_CAPS: &str = "text/x-clientcaps";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCaps {
    /// `Client-Name`, `Chat-Logging`, ... in order.
    pub fields: Headers,
}

impl ClientCaps {
    pub fn client_name(&self) -> Option<&str> {
        self.fields.get("Client-Name")
    }

    /// `Y` (logs), `N` (does not) or `S` (logs securely).
    pub fn chat_logging(&self) -> Option<&str> {
        self.fields.get("Chat-Logging")
    }

    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        Ok(Self {
            fields: Headers::parse_fields(&mime.body)?,
        })
    }

    pub fn to_mime(&self) -> MimeMessage {
        let mut body = Vec::new();
        self.fields.write_to(&mut body);
        MimeMessage::new(Headers::for_content_type(CLIENT_CAPS), body)
    }
}

#[cfg(test)]
mod tests {
    use crate::protocol::message::Message;

    #[test]
    fn parses_and_rebuilds_client_caps() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: Kopete/0.12\r\nChat-Logging: Y\r\n";
        let parsed = Message::parse(payload).expect("parses");
        let Message::ClientCaps(caps) = &parsed else {
            panic!("not client caps: {parsed:?}");
        };
        assert_eq!(caps.client_name(), Some("Kopete/0.12"));
        assert_eq!(caps.chat_logging(), Some("Y"));
        assert_eq!(parsed.to_bytes(), &payload[..]);
    }
}
