//! What an MSNSLP INVITE asks for (extensions §3.6–3.9), read from its EUF-GUID and
//! its base64 `Context`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::P2pError;
use super::slp::SlpMessage;

pub const MSN_OBJECT: &str = "{A4268EEC-FEC5-49E5-95C3-F126696BDBF6}";
pub const FILE_TRANSFER: &str = "{5D3E02AB-6190-11D3-BBBB-00C04F795683}";
const WEBCAM: [&str; 2] = [
    "{4BD96FC0-AB17-4425-A14A-439185962DC8}",
    "{1C9AA97E-9C05-4583-A3BD-908A196F1E92}",
];

/// The file-transfer context: a 574-byte (or longer) little-endian header.
const FILE_CONTEXT_MIN: usize = 574;
const FILE_NAME_AT: usize = 20;
const FILE_NAME_LEN: usize = 520;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Application {
    /// A request for one of our MSNObjects (display picture, emoticon, …), by its type.
    MsnObject {
        object_type: Option<u32>,
    },
    File(FileOffer),
    Webcam,
    Other {
        euf_guid: String,
    },
}

/// A file someone offers to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOffer {
    /// The bare file name, as sent (never to be used as a path unchecked).
    pub name: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub application: Application,
}

impl Invitation {
    pub fn from_slp(invite: &SlpMessage) -> Result<Self, P2pError> {
        let euf_guid = invite
            .body
            .non_empty("EUF-GUID")
            .ok_or(P2pError::MissingField("EUF-GUID"))?;
        let context = || {
            let text = invite.body.get("Context").unwrap_or_default();
            STANDARD
                .decode(text.trim())
                .map_err(|_| P2pError::InvalidField {
                    field: "Context",
                    value: text.chars().take(40).collect(),
                })
        };
        let application = match euf_guid.to_ascii_uppercase().as_str() {
            MSN_OBJECT => Application::MsnObject {
                object_type: context().ok().and_then(|xml| object_type(&xml)),
            },
            FILE_TRANSFER => Application::File(FileOffer::from_context(&context()?)?),
            guid if WEBCAM.contains(&guid) => Application::Webcam,
            _ => Application::Other { euf_guid },
        };
        Ok(Self { application })
    }
}

impl FileOffer {
    /// Reads the file-transfer context: size at byte 8, UTF-16LE name at byte 20.
    pub fn from_context(context: &[u8]) -> Result<Self, P2pError> {
        if context.len() < FILE_CONTEXT_MIN {
            return Err(P2pError::ShortFileContext { len: context.len() });
        }
        let mut size = [0; 8];
        size.copy_from_slice(&context[8..16]);
        let units: Vec<u16> = context[FILE_NAME_AT..FILE_NAME_AT + FILE_NAME_LEN]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .take_while(|unit| *unit != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let bare = name.rsplit(['/', '\\']).next().unwrap_or_default();
        Ok(Self {
            name: bare.to_owned(),
            size: u64::from_le_bytes(size),
        })
    }
}

/// The `Type` attribute of an `<msnobj …/>`, with or without its trailing NUL.
fn object_type(xml: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(xml).ok()?;
    let at = text.find(" Type=\"")? + " Type=\"".len();
    let rest = &text[at..];
    rest[..rest.find('"')?].parse().ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn invite(body: &str) -> SlpMessage {
        let text = format!(
            "INVITE MSNMSGR:carol@example.com MSNSLP/1.0\r\nTo: <msnmsgr:carol@example.com>\r\n\r\n{body}\r\n\0"
        );
        SlpMessage::parse(text.as_bytes()).unwrap()
    }

    /// The start of the WLM file context quoted in Escargot's source: 638 bytes,
    /// version 3, size 0, type 1, name `a.txt`.
    fn file_context(name: &str, size: u64) -> Vec<u8> {
        let mut context = vec![0; 638];
        context[..4].copy_from_slice(&638u32.to_le_bytes());
        context[4..8].copy_from_slice(&3u32.to_le_bytes());
        context[8..16].copy_from_slice(&size.to_le_bytes());
        context[16..20].copy_from_slice(&1u32.to_le_bytes());
        for (index, unit) in name.encode_utf16().enumerate() {
            context[20 + 2 * index..22 + 2 * index].copy_from_slice(&unit.to_le_bytes());
        }
        context
    }

    #[test]
    fn reads_a_file_offer() {
        let context = STANDARD.encode(file_context("C:\\Users\\bob\\a.txt", 1234));
        assert!(context.starts_with("fgIAAAMAAA"));
        let body = format!(
            "EUF-GUID: {{5D3E02AB-6190-11D3-BBBB-00C04F795683}}\r\nSessionID: 7\r\nAppID: 2\r\nContext: {context}\r\n"
        );
        assert_eq!(
            Invitation::from_slp(&invite(&body)).unwrap().application,
            Application::File(FileOffer {
                name: "a.txt".into(),
                size: 1234
            })
        );
    }

    #[test]
    fn reads_a_display_picture_request() {
        let context = STANDARD.encode("<msnobj Creator=\"carol@example.com\" Size=\"1500\" Type=\"3\" Location=\"TFR2C2.tmp\"/>\0");
        let body = format!(
            "EUF-GUID: {{A4268EEC-FEC5-49E5-95C3-F126696BDBF6}}\r\nSessionID: 1\r\nAppID: 1\r\nContext: {context}\r\n"
        );
        assert_eq!(
            Invitation::from_slp(&invite(&body)).unwrap().application,
            Application::MsnObject {
                object_type: Some(3)
            }
        );
    }

    #[test]
    fn bad_contexts_and_missing_guids_are_errors() {
        let short = format!(
            "EUF-GUID: {{5D3E02AB-6190-11D3-BBBB-00C04F795683}}\r\nContext: {}\r\n",
            STANDARD.encode([0; 100])
        );
        assert_eq!(
            Invitation::from_slp(&invite(&short)),
            Err(P2pError::ShortFileContext { len: 100 })
        );
        let not_base64 = "EUF-GUID: {5D3E02AB-6190-11D3-BBBB-00C04F795683}\r\nContext: !!!\r\n";
        assert!(matches!(
            Invitation::from_slp(&invite(not_base64)),
            Err(P2pError::InvalidField {
                field: "Context",
                ..
            })
        ));
        assert_eq!(
            Invitation::from_slp(&invite("SessionID: 1\r\n")),
            Err(P2pError::MissingField("EUF-GUID"))
        );
        let other = Invitation::from_slp(&invite(
            "EUF-GUID: {6A13AF9C-5308-4F35-923A-67E8DDA40C2F}\r\n",
        ));
        assert!(matches!(
            other,
            Ok(Invitation {
                application: Application::Other { .. }
            })
        ));
    }

    proptest! {
        #[test]
        fn file_contexts_never_panic(context in proptest::collection::vec(any::<u8>(), 0..700)) {
            if let Ok(offer) = FileOffer::from_context(&context) {
                prop_assert!(!offer.name.contains(['/', '\\']));
            }
        }
    }
}
