//! The MSNSLP messages of a file-transfer session (extensions §3.6, §3.9): the INVITE
//! that offers a file and the BYE that ends the session. The answers to an INVITE are
//! built from it (`SlpMessage::decline`, `FileTransfer::accept`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::p2p::{FILE_TRANSFER, MSN_OBJECT, MsnObject, SlpMessage, StartLine};
use crate::protocol::message::Headers;

const SESSION_REQUEST: &str = "application/x-msnmsgr-sessionreqbody";
const SESSION_CLOSE: &str = "application/x-msnmsgr-sessionclosebody";

fn guid() -> String {
    format!("{{{}}}", uuid::Uuid::new_v4()).to_ascii_uppercase()
}

fn headers(from: &str, to: &str, call_id: &str, content_type: &str) -> Headers {
    let mut headers = Headers::new();
    headers.push("To", format!("<msnmsgr:{to}>"));
    headers.push("From", format!("<msnmsgr:{from}>"));
    headers.push("Via", format!("MSNSLP/1.0/TLP ;branch={}", guid()));
    headers.push("CSeq", "0 ");
    headers.push("Call-ID", call_id);
    headers.push("Max-Forwards", "0");
    headers.push("Content-Type", content_type);
    headers
}

/// An INVITE offering a file, with the identifiers the session goes by.
pub struct Invite {
    pub message: SlpMessage,
    pub call_id: String,
    pub session_id: u32,
}

/// Offers the file described by `context` from `from` to `to` (`email` or `email;{guid}`).
pub fn invite(from: &str, to: &str, context: &[u8]) -> Invite {
    session_invite(from, to, FILE_TRANSFER, super::FILE_APP_ID, context)
}

/// Asks `to` for `object`; the context is its XML with a NUL, as MSN 7 and WLM send it.
pub fn object_invite(from: &str, to: &str, object: &MsnObject, app_id: u32) -> Invite {
    let mut context = object.to_xml().into_bytes();
    context.push(0);
    session_invite(from, to, MSN_OBJECT, app_id, &context)
}

fn session_invite(from: &str, to: &str, euf_guid: &str, app_id: u32, context: &[u8]) -> Invite {
    let call_id = guid();
    let session_id = rand::random_range(1..u32::MAX);
    let mut body = Headers::new();
    body.push("EUF-GUID", euf_guid);
    body.push("SessionID", session_id.to_string());
    body.push("AppID", app_id.to_string());
    body.push("Context", STANDARD.encode(context));
    let message = SlpMessage {
        start: StartLine::Request {
            method: "INVITE".to_owned(),
            to: to.to_owned(),
        },
        headers: headers(from, to, &call_id, SESSION_REQUEST),
        body,
    };
    Invite {
        message,
        call_id,
        session_id,
    }
}

/// Ends session `session_id` of call `call_id`.
pub fn bye(from: &str, to: &str, call_id: &str, session_id: u32) -> SlpMessage {
    let mut body = Headers::new();
    body.push("SessionID", session_id.to_string());
    SlpMessage {
        start: StartLine::Request {
            method: "BYE".to_owned(),
            to: to.to_owned(),
        },
        headers: headers(from, to, call_id, SESSION_CLOSE),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::p2p::transfer::file_context;
    use crate::p2p::{Application, Invitation};

    #[test]
    fn an_invite_reads_back_as_the_offer() {
        let invite = invite(
            "alice@example.com",
            "bob@example.com",
            &file_context("a.txt", 42),
        );
        let parsed = SlpMessage::parse(&invite.message.to_bytes()).unwrap();
        assert!(parsed.is_invite());
        assert_eq!(parsed.header("Call-ID"), Some(invite.call_id.as_str()));
        let Application::File(offer) = Invitation::from_slp(&parsed).unwrap().application else {
            panic!("not a file offer");
        };
        assert_eq!((offer.name.as_str(), offer.size), ("a.txt", 42));
        let session = invite.session_id.to_string();
        assert_eq!(parsed.body.get("SessionID"), Some(session.as_str()));
        let bye = bye("alice@example.com", "bob@example.com", &invite.call_id, 7);
        let parsed = SlpMessage::parse(&bye.to_bytes()).unwrap();
        assert!(matches!(&parsed.start, StartLine::Request { method, .. } if method == "BYE"));
        assert_eq!(parsed.header("Call-ID"), Some(invite.call_id.as_str()));
    }
}
