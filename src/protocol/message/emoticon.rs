//! `text/x-mms-emoticon` and `text/x-mms-animemoticon`: custom emoticons announced
//! before the text that uses them, as `shortcut<TAB>msnobject<TAB>` pairs.

use super::error::MessageError;
use super::mime::{Headers, MimeMessage};

pub(super) const EMOTICON: &str = "text/x-mms-emoticon";
pub(super) const ANIMATED_EMOTICON: &str = "text/x-mms-animemoticon";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomEmoticons {
    pub animated: bool,
    pub emoticons: Vec<CustomEmoticon>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomEmoticon {
    pub shortcut: String,
    /// The MSNObject XML, not URL-encoded.
    pub msn_object: String,
}

impl CustomEmoticons {
    /// Reads the pairs; a shortcut without an object at the end is dropped.
    pub(super) fn from_mime(mime: &MimeMessage, animated: bool) -> Result<Self, MessageError> {
        let body = std::str::from_utf8(&mime.body).map_err(|error| MessageError::BodyNotUtf8 {
            valid_up_to: error.valid_up_to(),
        })?;
        let mut parts = body.split('\t');
        let mut emoticons = Vec::new();
        while let (Some(shortcut), Some(msn_object)) = (parts.next(), parts.next()) {
            emoticons.push(CustomEmoticon {
                shortcut: shortcut.to_owned(),
                msn_object: msn_object.to_owned(),
            });
        }
        Ok(Self {
            animated,
            emoticons,
        })
    }

    pub fn to_mime(&self) -> MimeMessage {
        let content_type = if self.animated {
            ANIMATED_EMOTICON
        } else {
            EMOTICON
        };
        let body: String = self
            .emoticons
            .iter()
            .map(|emoticon| format!("{}\t{}\t", emoticon.shortcut, emoticon.msn_object))
            .collect();
        MimeMessage::new(Headers::for_content_type(content_type), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::Message;

    #[test]
    fn parses_and_rebuilds_shortcut_object_pairs() {
        let payload = b"MIME-Version: 1.0\r\nContent-Type: text/x-mms-emoticon\r\n\r\n:cat:\t<msnobj Type=\"2\"/>\t(y)\t<msnobj Type=\"2\" SHA1D=\"x\"/>\t";
        let parsed = Message::parse(payload).expect("parses");
        let Message::Emoticons(list) = &parsed else {
            panic!("not an emoticon list: {parsed:?}");
        };
        assert!(!list.animated);
        assert_eq!(list.emoticons.len(), 2);
        assert_eq!(list.emoticons[0].shortcut, ":cat:");
        assert_eq!(
            list.emoticons[1].msn_object,
            "<msnobj Type=\"2\" SHA1D=\"x\"/>"
        );
        assert_eq!(parsed.to_bytes(), &payload[..]);
    }

    #[test]
    fn animated_list_keeps_its_content_type() {
        let list = CustomEmoticons {
            animated: true,
            emoticons: vec![CustomEmoticon {
                shortcut: ":x:".to_owned(),
                msn_object: "<msnobj/>".to_owned(),
            }],
        };
        let bytes = list.to_mime().to_bytes();
        assert!(
            bytes
                .starts_with(b"MIME-Version: 1.0\r\nContent-Type: text/x-mms-animemoticon\r\n\r\n")
        );
        assert_eq!(Message::parse(&bytes), Ok(Message::Emoticons(list)));
    }
}
