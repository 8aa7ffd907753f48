//! `text/x-msmsgsinvite`: the invitations of MSNP2–8 clients (MSNFTP file transfer,
//! NetMeeting, voice), a block of `Name: value` fields (extensions §5).

use super::error::MessageError;
use super::mime::{Headers, MimeMessage};

pub(super) const INVITATION: &str = "text/x-msmsgsinvite";
const CONTENT_TYPE: &str = "text/x-msmsgsinvite; charset=UTF-8";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// `INVITE`, `ACCEPT` or `CANCEL`.
    pub command: String,
    pub cookie: String,
    pub application: Option<String>,
    pub file: Option<String>,
    pub file_size: Option<u64>,
    pub received: MimeMessage,
}

impl Invitation {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        let required = |field: &'static str| {
            fields
                .non_empty(field)
                .ok_or(MessageError::MissingField { field })
        };
        Ok(Self {
            command: required("Invitation-Command")?,
            cookie: required("Invitation-Cookie")?,
            application: fields.non_empty("Application-Name"),
            file: fields.non_empty("Application-File"),
            file_size: fields.parsed("Application-FileSize"),
            received: mime.clone(),
        })
    }

    pub fn is_invite(&self) -> bool {
        self.command.eq_ignore_ascii_case("INVITE")
    }

    /// The answer that turns the invitation down (`Cancel-Code: REJECT`).
    pub fn reject(&self) -> MimeMessage {
        let mut fields = Headers::new();
        fields.push("Invitation-Command", "CANCEL");
        fields.push("Invitation-Cookie", self.cookie.as_str());
        fields.push("Cancel-Code", "REJECT");
        let mut body = Vec::new();
        fields.write_to(&mut body);
        body.extend_from_slice(b"\r\n");
        MimeMessage::new(Headers::for_content_type(CONTENT_TYPE), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::Message;

    const FILE_OFFER: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\nApplication-Name: File Transfer\r\nApplication-GUID: {5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\nInvitation-Command: INVITE\r\nInvitation-Cookie: 39191\r\nApplication-File: notes.txt\r\nApplication-FileSize: 2048\r\nConnectivity: N\r\n\r\n";

    #[test]
    fn reads_a_file_offer_and_rejects_it() {
        let Ok(Message::Invitation(offer)) = Message::parse(FILE_OFFER) else {
            panic!("not an invitation");
        };
        assert!(offer.is_invite());
        assert_eq!(offer.application.as_deref(), Some("File Transfer"));
        assert_eq!(offer.file.as_deref(), Some("notes.txt"));
        assert_eq!(offer.file_size, Some(2048));
        assert_eq!(
            offer.reject().to_bytes(),
            &b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\nInvitation-Command: CANCEL\r\nInvitation-Cookie: 39191\r\nCancel-Code: REJECT\r\n\r\n"[..]
        );
        let Ok(Message::Invitation(cancel)) = Message::parse(&offer.reject().to_bytes()) else {
            panic!("the rejection does not parse");
        };
        assert!(!cancel.is_invite());
    }

    #[test]
    fn an_invitation_without_a_cookie_is_an_error() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite\r\n\r\nInvitation-Command: INVITE\r\n\r\n";
        assert_eq!(
            Message::parse(payload),
            Err(MessageError::MissingField {
                field: "Invitation-Cookie"
            })
        );
    }
}
