//! The service documents the NS sends: the profile and mail-data messages from
//! "Hotmail", and the GCF policy file.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::protocol::ServerCommand;
use crate::protocol::command::MsgFrom;
use crate::protocol::message::MailDataKind;
use crate::protocol::offline::{MailDataShape, OfflineSummary, mail_data_xml};
use crate::protocol::types::{Address, UrlText};

fn from_hotmail(payload: String) -> ServerCommand {
    ServerCommand::Msg(MsgFrom {
        sender: Address::email("Hotmail"),
        sender_name: UrlText::new("Hotmail"),
        payload: Bytes::from(payload),
    })
}

/// The `text/x-msmsgsprofile` message sent right after `USR OK`, with the header set
/// the recorded server sends. `MSPAuth` carries the session's ticket key.
pub fn profile(member_id: u64, ticket_key: &str, peer: SocketAddr, version: u8) -> ServerCommand {
    let login_time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let lines = [
        "MIME-Version: 1.0".to_owned(),
        "Content-Type: text/x-msmsgsprofile; charset=UTF-8".to_owned(),
        format!("LoginTime: {login_time}"),
        "EmailEnabled: 0".to_owned(),
        format!("MemberIdHigh: {}", member_id >> 32),
        format!("MemberIdLow: {}", member_id & 0xFFFF_FFFF),
        "lang_preference: 1033".to_owned(),
        "preferredEmail:".to_owned(),
        "country:".to_owned(),
        "PostalCode:".to_owned(),
        "Gender:".to_owned(),
        "Kid: 0".to_owned(),
        "Age:".to_owned(),
        "BDayPre:".to_owned(),
        "Birthday:".to_owned(),
        "Wallet:".to_owned(),
        "Flags: 536872513".to_owned(),
        "sid: 507".to_owned(),
        format!("MSPAuth: {ticket_key}Y6+msntuiSessionTicket&p="),
        format!("ClientIP: {}", peer.ip()),
        format!("ClientPort: {}", peer.port()),
        "ABCHMigrated: 1".to_owned(),
        format!("MPOPEnabled: {}", u8::from(version >= 16)),
    ];
    from_hotmail(format!("{}\r\n\r\n", lines.join("\r\n")))
}

/// Above this many waiting offline messages `Mail-Data` says `too-large` (Escargot's rule).
const MAX_MAIL_DATA: usize = 25;

/// A `Mail-Data` notification (MSNP11+) listing `messages` in the shape of its kind.
pub fn mail_data(kind: MailDataKind, messages: &[OfflineSummary]) -> ServerCommand {
    let (content_type, shape) = match kind {
        MailDataKind::Initial => (
            "text/x-msmsgsinitialmdatanotification",
            MailDataShape::Initial,
        ),
        MailDataKind::OfflineMessages => ("text/x-msmsgsoimnotification", MailDataShape::Live),
    };
    let data = if messages.len() > MAX_MAIL_DATA {
        "too-large".to_owned()
    } else {
        mail_data_xml(shape, messages)
    };
    from_hotmail(format!(
        "MIME-Version: 1.0\r\nContent-Type: {content_type}; charset=UTF-8\r\n\r\nMail-Data: {data}\r\n"
    ))
}

/// `count` offline messages were deleted (moved to the trash, as Hotmail put it).
pub fn offline_deleted(count: usize) -> ServerCommand {
    from_hotmail(format!(
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\n\
         Src-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\nMessage-Delta: {count}\r\n"
    ))
}

/// The policy document pushed as `GCF 0 <len>` during MSNP13+ sign-in and returned for
/// `GCF TrID Shields.xml`: no client is blocked.
pub fn policies() -> Bytes {
    Bytes::from_static(
        b"<Policies>\r\n\
\t<Policy type=\"SHIELDS\"><config> <shield><cli maj=\"7\" min=\"0\" minbld=\"0\" maxbld=\"9999\" deny=\" \" /></shield> <block></block></config></Policy>\r\n\
\t<Policy type=\"ABCH\"><policy><set id=\"push\" service=\"ABCH\" priority=\"200\"><r id=\"pushstorage\" threshold=\"180000\" /></set></policy></Policy>\r\n\
\t<Policy type=\"P2P\"><ObjStr SndDly=\"1\" /></Policy>\r\n\
</Policies>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_has_the_recorded_headers() {
        let peer: SocketAddr = "127.0.0.1:37278".parse().unwrap();
        let ServerCommand::Msg(message) =
            profile(0xBC3A_1685_46F8_B9D6, "ecfc0c2837329ff5ce20", peer, 12)
        else {
            panic!("not a MSG");
        };
        let text = String::from_utf8(message.payload.to_vec()).unwrap();
        assert!(text.starts_with(
            "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n"
        ));
        assert!(text.contains("\r\nClientPort: 37278\r\n"));
        assert!(text.contains("\r\nMPOPEnabled: 0\r\n\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }

    #[test]
    fn mail_data_is_byte_exact() {
        let ServerCommand::Msg(message) = mail_data(MailDataKind::Initial, &[]) else {
            panic!("not a MSG");
        };
        assert_eq!(message.payload.len(), 195);
        let ServerCommand::Msg(message) = offline_deleted(1) else {
            panic!("not a MSG");
        };
        assert_eq!(message.payload.len(), 148);
    }
}
