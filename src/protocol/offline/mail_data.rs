//! The `Mail-Data` XML (`<MD>`): one `<M>` per offline message, read leniently (element
//! order varies, unknown elements occur, a broken entry is skipped and counted).

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::date::parse_iso;
use super::error::OfflineError;
use crate::protocol::message::decode_encoded_words;
use crate::protocol::xml::{Element, escape};

/// More entries than this are not read: the rest stays on the server for next time.
pub const MAX_LISTED: usize = 200;
/// `M/T` of an offline message (other types are Hotmail e-mails).
const OIM_TYPE: &str = "11";
/// `M/S` of an offline message.
const OIM_STATUS: &str = "6";

/// One offline message as the list announces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineSummary {
    /// `M/I`: the id for `GetMessage` and `DeleteMessages`.
    pub id: String,
    /// `M/E`, lower case.
    pub sender: String,
    /// `M/N`, decoded from its RFC 2047 word.
    pub sender_name: String,
    /// `M/RT`, when given (initial notification and `GetMetadata`).
    pub received: Option<SystemTime>,
    /// `M/SZ`.
    pub size: Option<u32>,
}

/// What a `Mail-Data` document lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailDataList {
    pub messages: Vec<OfflineSummary>,
    /// `<M>` entries without a usable id or sender.
    pub skipped: usize,
    /// More than [`MAX_LISTED`] entries: only the first were read.
    pub truncated: bool,
}

impl MailDataList {
    /// Whether message `id` is in the list.
    pub fn holds(&self, id: &str) -> bool {
        self.messages
            .iter()
            .any(|message| message.id.eq_ignore_ascii_case(id))
    }

    /// Reads the `Mail-Data` XML. `too-large` is not XML: ask `GetMetadata` instead.
    pub fn parse(xml: &str) -> Result<Self, OfflineError> {
        let root = Element::parse(xml.trim().as_bytes())
            .map_err(|error| OfflineError::MailDataXml(error.to_string()))?;
        if root.name != "MD" {
            return Err(OfflineError::MailDataRoot(root.name));
        }
        let mut list = MailDataList::default();
        for entry in root
            .children_named("M")
            .filter(|entry| is_offline_message(entry))
        {
            if list.messages.len() == MAX_LISTED {
                list.truncated = true;
                break;
            }
            match summary(entry) {
                Some(summary) => list.messages.push(summary),
                None => list.skipped += 1,
            }
        }
        Ok(list)
    }
}

/// Entries of another type are e-mails, not offline messages.
fn is_offline_message(entry: &Element) -> bool {
    entry.child_text("T").is_none_or(|kind| kind == OIM_TYPE)
}

fn summary(entry: &Element) -> Option<OfflineSummary> {
    let id = entry.child_text("I").filter(|id| is_message_id(id))?;
    let sender = entry
        .child_text("E")
        .filter(|email| email.contains('@') && !email.contains(char::is_whitespace))?;
    // Escargot's live notification puts a space before `?=`, which RFC 2047 forbids.
    let name = entry
        .child_text("N")
        .unwrap_or_default()
        .replace(" ?=", "?=");
    Some(OfflineSummary {
        id: id.to_owned(),
        sender: sender.to_ascii_lowercase(),
        sender_name: decode_encoded_words(&name),
        received: entry.child_text("RT").and_then(parse_iso),
        size: entry.child_text("SZ").and_then(|size| size.parse().ok()),
    })
}

/// Ids are GUIDs on every server seen; anything with room for mischief is refused.
fn is_message_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-{}.".contains(&byte))
}

/// Which of the three shapes of the list the server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailDataShape {
    /// The initial notification: mailbox counts, quotas, `RT` per message.
    Initial,
    /// `GetMetadata`: quotas and `RT`, no mailbox counts.
    Metadata,
    /// The live `oimnotification`: no counts, no `RT`, folder `.!!OIM`, a subject.
    Live,
}

/// The list in one of its shapes, for the server.
pub fn mail_data_xml(shape: MailDataShape, messages: &[OfflineSummary]) -> String {
    let mut xml = String::from("<MD>");
    if shape == MailDataShape::Initial {
        xml.push_str("<E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E>");
    }
    if shape != MailDataShape::Live {
        xml.push_str("<Q><QTM>409600</QTM><QNM>204800</QNM></Q>");
    }
    for message in messages {
        xml.push_str(&format!("<M><T>{OIM_TYPE}</T><S>{OIM_STATUS}</S>"));
        if let (Some(received), true) = (message.received, shape != MailDataShape::Live) {
            xml.push_str(&format!(
                "<RT>{}</RT>",
                humantime::format_rfc3339_seconds(received)
            ));
        }
        let folder = match shape {
            MailDataShape::Live => ".!!OIM",
            _ => "00000000-0000-0000-0000-000000000009",
        };
        let word_end = if shape == MailDataShape::Live {
            " ?="
        } else {
            "?="
        };
        xml.push_str(&format!(
            "<RS>0</RS><SZ>{}</SZ><E>{}</E><I>{}</I><F>{folder}</F><N>=?utf-8?B?{}{word_end}</N></M>",
            message.size.unwrap_or(0),
            escape(&message.sender),
            escape(&message.id),
            BASE64.encode(message.sender_name.as_bytes()),
        ));
    }
    if shape == MailDataShape::Live {
        xml.push_str("<SU> </SU>");
    }
    xml.push_str("</MD>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED_LIVE: &str = "<MD><M><T>11</T><S>6</S><RS>0</RS><SZ>955</SZ><E>alice@example.com</E><I>38C6B773-3E6A-4FE4-A21B-C95C5AAF7479</I><F>.!!OIM</F><N>=?utf-8?B?QWxpY2U= ?=</N></M><SU> </SU></MD>";

    #[test]
    fn reads_the_recorded_live_notification() {
        let list = MailDataList::parse(RECORDED_LIVE).unwrap();
        assert_eq!(
            list.messages,
            [OfflineSummary {
                id: "38C6B773-3E6A-4FE4-A21B-C95C5AAF7479".into(),
                sender: "alice@example.com".into(),
                sender_name: "Alice".into(),
                received: None,
                size: Some(955),
            }]
        );
        assert_eq!(
            mail_data_xml(MailDataShape::Live, &list.messages),
            RECORDED_LIVE
        );
    }

    #[test]
    fn reads_the_recorded_initial_list() {
        let xml = "<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q><M><T>11</T><S>6</S><RT>2026-11-30T06:33:28Z</RT><RS>0</RS><SZ>963</SZ><E>alice@example.com</E><I>4EFC8A4A-C5BF-4C05-946B-608780E6C829</I><F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M></MD>";
        let list = MailDataList::parse(xml).unwrap();
        assert_eq!(list.messages.len(), 1);
        assert_eq!(list.messages[0].received, parse_iso("2026-11-30T06:33:28Z"));
        assert_eq!(mail_data_xml(MailDataShape::Initial, &list.messages), xml);
    }

    #[test]
    fn broken_entries_are_skipped_not_fatal() {
        let xml = "<MD><M><T>1</T><I>E-MAIL</I><E>bob@example.com</E></M><M><E>bob@example.com</E></M><M><I>../../x</I><E>bob@example.com</E></M><M><I>1</I><E>no-at</E></M><M><I>2</I><E>Bob@Example.com</E><Extra/></M></MD>";
        let list = MailDataList::parse(xml).unwrap();
        assert_eq!(list.skipped, 3);
        assert_eq!(list.messages[0].sender, "bob@example.com");
        assert!(MailDataList::parse("too-large").is_err());
        assert!(MailDataList::parse("<Other/>").is_err());
        assert_eq!(
            MailDataList::parse("<MD/>").unwrap(),
            MailDataList::default()
        );
    }

    #[test]
    fn huge_lists_are_capped() {
        let entry = "<M><I>1</I><E>a@b.c</E></M>";
        let xml = format!("<MD>{}</MD>", entry.repeat(MAX_LISTED + 5));
        let list = MailDataList::parse(&xml).unwrap();
        assert_eq!(list.messages.len(), MAX_LISTED);
        assert!(list.truncated);
    }
}
