//! What "Hotmail" tells us on the NS besides the profile (docs/protocol.md §5.6): mailbox counts,
//! new mail, moved mail, offline-message data and maintenance warnings.
//!
//! Their bodies are `Name: value` lines, read leniently. Each keeps the payload it came
//! from, so rebuilding gives back the bytes received.

use super::encoded_word::decode_encoded_words;
use super::error::MessageError;
use super::mime::{Headers, MimeMessage};

pub(super) const INITIAL_EMAIL: &str = "text/x-msmsgsinitialemailnotification";
pub(super) const NEW_EMAIL: &str = "text/x-msmsgsemailnotification";
pub(super) const MAIL_ACTIVITY: &str = "text/x-msmsgsactivemailnotification";
pub(super) const INITIAL_MAIL_DATA: &str = "text/x-msmsgsinitialmdatanotification";
pub(super) const OFFLINE_MESSAGE_DATA: &str = "text/x-msmsgsoimnotification";
pub(super) const SYSTEM_MESSAGE: &str = "application/x-msmsgssystemmessage";

/// Unread counts at sign-in (before MSNP11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitialEmail {
    pub inbox_unread: Option<u32>,
    pub folders_unread: Option<u32>,
    pub inbox_url: Option<String>,
    pub folders_url: Option<String>,
    pub post_url: Option<String>,
    pub(super) received: MimeMessage,
}

impl InitialEmail {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        Ok(Self {
            inbox_unread: fields.parsed("Inbox-Unread"),
            folders_unread: fields.parsed("Folders-Unread"),
            inbox_url: fields.non_empty("Inbox-URL"),
            folders_url: fields.non_empty("Folders-URL"),
            post_url: fields.non_empty("Post-URL"),
            received: mime.clone(),
        })
    }
}

/// A new e-mail arrived. `from` and `subject` are decoded from RFC 2047 encoded-words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    pub from: Option<String>,
    pub from_addr: Option<String>,
    pub subject: Option<String>,
    pub dest_folder: Option<String>,
    pub message_url: Option<String>,
    pub post_url: Option<String>,
    pub(super) received: MimeMessage,
}

impl NewEmail {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        let decoded = |name| {
            fields
                .non_empty(name)
                .map(|value| decode_encoded_words(&value))
        };
        Ok(Self {
            from: decoded("From"),
            from_addr: fields.non_empty("From-Addr"),
            subject: decoded("Subject"),
            dest_folder: fields.non_empty("Dest-Folder"),
            message_url: fields.non_empty("Message-URL"),
            post_url: fields.non_empty("Post-URL"),
            received: mime.clone(),
        })
    }
}

/// Mail was moved or deleted; `message_delta` is the change in the unread count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailActivity {
    pub src_folder: Option<String>,
    pub dest_folder: Option<String>,
    pub message_delta: Option<i32>,
    pub(super) received: MimeMessage,
}

impl MailActivity {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        Ok(Self {
            src_folder: fields.non_empty("Src-Folder"),
            dest_folder: fields.non_empty("Dest-Folder"),
            message_delta: fields.parsed("Message-Delta"),
            received: mime.clone(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailDataKind {
    /// `text/x-msmsgsinitialmdatanotification`, at sign-in.
    Initial,
    /// `text/x-msmsgsoimnotification`, when an offline message arrives.
    OfflineMessages,
}

/// The `Mail-Data` XML (MSNP11+): `<MD>` with mail counts `<E>` and offline messages `<M>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailData {
    pub kind: MailDataKind,
    pub xml: String,
    pub(super) received: MimeMessage,
}

impl MailData {
    pub(super) fn from_mime(mime: &MimeMessage, kind: MailDataKind) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        let xml = fields
            .get("Mail-Data")
            .ok_or(MessageError::MissingField { field: "Mail-Data" })?;
        Ok(Self {
            kind,
            xml: xml.to_owned(),
            received: mime.clone(),
        })
    }

    /// The server sent `too-large` instead of the XML: fetch it with the OIM service.
    pub fn too_large(&self) -> bool {
        self.xml.trim() == "too-large"
    }
}

/// A service announcement: kind 1 means "going down for maintenance in `minutes`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemMessage {
    pub kind: u32,
    /// `Arg1`.
    pub minutes: Option<u32>,
    pub(super) received: MimeMessage,
}

impl SystemMessage {
    pub(super) fn from_mime(mime: &MimeMessage) -> Result<Self, MessageError> {
        let fields = Headers::parse_fields(&mime.body)?;
        let kind_text = fields
            .get("Type")
            .ok_or(MessageError::MissingField { field: "Type" })?;
        let kind = kind_text
            .trim()
            .parse()
            .map_err(|_| MessageError::InvalidField {
                field: "Type",
                value: kind_text.to_owned(),
            })?;
        Ok(Self {
            kind,
            minutes: fields.parsed("Arg1"),
            received: mime.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::Message;

    fn parse(payload: &[u8]) -> Message {
        let parsed = Message::parse(payload).expect("parses");
        assert_eq!(parsed.to_bytes(), payload, "rebuilds the same bytes");
        parsed
    }

    #[test]
    fn reads_initial_mail_data() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialmdatanotification; charset=UTF-8\r\n\r\nMail-Data: <MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q></MD>\r\n";
        let Message::MailData(data) = parse(payload) else {
            panic!("not mail data");
        };
        assert_eq!(data.kind, MailDataKind::Initial);
        assert!(data.xml.starts_with("<MD><E><I>0</I>"));
        assert!(data.xml.ends_with("</Q></MD>"));
        assert!(!data.too_large());
    }

    #[test]
    fn reads_offline_message_notification() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsoimnotification; charset=UTF-8\r\n\r\nMail-Data: too-large\r\n\r\n";
        let Message::MailData(data) = parse(payload) else {
            panic!("not mail data");
        };
        assert_eq!(data.kind, MailDataKind::OfflineMessages);
        assert!(data.too_large());
    }

    #[test]
    fn reads_initial_email_counts() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification; charset=UTF-8\r\n\r\nInbox-Unread: 3\r\nFolders-Unread: 1\r\nInbox-URL: /cgi-bin/HoTMaiL\r\nFolders-URL: /cgi-bin/folders\r\nPost-URL: http://www.hotmail.com\r\n\r\n";
        let Message::InitialEmail(email) = parse(payload) else {
            panic!("not an initial e-mail notification");
        };
        assert_eq!(email.inbox_unread, Some(3));
        assert_eq!(email.folders_unread, Some(1));
        assert_eq!(email.inbox_url.as_deref(), Some("/cgi-bin/HoTMaiL"));
        assert_eq!(email.post_url.as_deref(), Some("http://www.hotmail.com"));
    }

    #[test]
    fn decodes_new_email_sender_and_subject() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\nFrom: =?utf-8?Q?Ren=C3=A9e?=\r\nMessage-URL: /cgi-bin/getmsg?msg=1\r\nPost-URL: http://www.hotmail.com\r\nSubject: =?utf-8?B?Q2Fmw6kg4piV?=\r\nDest-Folder: ACTIVE\r\nFrom-Addr: renee@example.com\r\nid: 2\r\n\r\n";
        let Message::NewEmail(email) = parse(payload) else {
            panic!("not a new e-mail notification");
        };
        assert_eq!(email.from.as_deref(), Some("Renée"));
        assert_eq!(email.subject.as_deref(), Some("Café ☕"));
        assert_eq!(email.from_addr.as_deref(), Some("renee@example.com"));
        assert_eq!(email.dest_folder.as_deref(), Some("ACTIVE"));
        assert_eq!(email.message_url.as_deref(), Some("/cgi-bin/getmsg?msg=1"));
    }

    #[test]
    fn reads_mail_activity() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\nSrc-Folder: ACTIVE\r\nDest-Folder: trAsH\r\nMessage-Delta: 1\r\n\r\n";
        let Message::MailActivity(activity) = parse(payload) else {
            panic!("not a mail activity notification");
        };
        assert_eq!(activity.src_folder.as_deref(), Some("ACTIVE"));
        assert_eq!(activity.dest_folder.as_deref(), Some("trAsH"));
        assert_eq!(activity.message_delta, Some(1));
    }

    #[test]
    fn reads_maintenance_warning() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n";
        let Message::SystemMessage(system) = parse(payload) else {
            panic!("not a system message");
        };
        assert_eq!(system.kind, 1);
        assert_eq!(system.minutes, Some(5));
    }

    #[test]
    fn system_message_without_type_is_an_error() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nArg1: 5\r\n";
        assert_eq!(
            Message::parse(payload),
            Err(MessageError::MissingField { field: "Type" })
        );
    }
}
