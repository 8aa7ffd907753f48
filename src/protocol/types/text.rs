//! URL-encoded parameters: friendly names, group names, MSNObjects (docs/protocol.md §1.2, §4.4).

use std::fmt;

use percent_encoding::{
    AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode,
};

use bytes::Bytes;
use smallvec::SmallVec;

use super::Text;
use crate::protocol::field::Field;

/// What we escape in names: `%`, space and control characters, as Escargot's writer does.
/// Non-ASCII characters go out as `%XX` UTF-8 bytes, as the official clients send them;
/// `@` and other printable ASCII stay as they are, so addresses used as names read well.
const NAME_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'%');

/// MSNObjects are quoted with everything but unreserved characters escaped (`%3Cmsnobj%2F%3E`).
const OBJECT_ESCAPES: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A URL-encoded parameter, held decoded. Encoding on the way out escapes `%`, spaces,
/// CR, LF and every other control character, so the value can never break the line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct UrlText(pub Text);

impl UrlText {
    pub fn new(text: impl Into<Text>) -> Self {
        UrlText(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many bytes it takes on the wire, once encoded.
    pub fn encoded_len(&self) -> usize {
        let mut encoded = Vec::new();
        self.write_field(&mut encoded);
        encoded.len()
    }
}

/// The longest friendly name servers take, in bytes once URL-encoded (as libpurple's
/// `BUDDY_ALIAS_MAXLEN`).
pub const MAX_FRIENDLY_NAME: usize = 387;

/// Decodes `%XX` sequences as UTF-8 (a `%` without two hex digits stays as it is);
/// `None` when the result is not UTF-8. Names are short: they are decoded on the stack
/// and stored inline.
fn decode(text: &str) -> Option<Text> {
    let mut decoded: SmallVec<[u8; 64]> = SmallVec::new();
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        match escaped_byte(byte, tail) {
            Some(escaped) => {
                decoded.push(escaped);
                rest = &tail[2..];
            }
            None => {
                decoded.push(byte);
                rest = tail;
            }
        }
    }
    std::str::from_utf8(&decoded).ok().map(Text::new)
}

/// The byte `%XX` stands for, when `byte` is `%` and `tail` starts with two hex digits.
fn escaped_byte(byte: u8, tail: &[u8]) -> Option<u8> {
    let (b'%', [high, low, ..]) = (byte, tail) else {
        return None;
    };
    let digit = |hex: u8| char::from(hex).to_digit(16);
    Some((digit(*high)? * 16 + digit(*low)?) as u8)
}

/// Appends `text` percent-encoded, copying whole runs that need no escaping.
fn encode_into(text: &str, escapes: &'static AsciiSet, out: &mut Vec<u8>) {
    for piece in utf8_percent_encode(text, escapes) {
        out.extend_from_slice(piece.as_bytes());
    }
}

impl Field for UrlText {
    const WHAT: &'static str = "name";
    fn parse_field(text: &str) -> Option<Self> {
        decode(text).map(UrlText)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        encode_into(&self.0, NAME_ESCAPES, out);
    }
}

impl fmt::Display for UrlText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The MSNObject field of CHG/ILN/NLN: `0` for none, otherwise a URL-encoded XML element.
/// The element is kept as it was on the wire, sharing the frame's buffer (presence lines
/// carry it every time, few are read), and decoded by [`MsnObjectText::xml`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MsnObjectText {
    None,
    Object { encoded: Text },
}

impl MsnObjectText {
    /// The field for an MSNObject's XML.
    pub fn from_xml(xml: &str) -> Self {
        let mut encoded = Vec::with_capacity(xml.len() * 2);
        encode_into(xml, OBJECT_ESCAPES, &mut encoded);
        let encoded = String::from_utf8_lossy(&encoded).into_owned();
        MsnObjectText::Object {
            encoded: encoded.into(),
        }
    }

    /// The decoded XML element; `None` for `0` (plain or encoded as `%30`), or when it
    /// does not decode to UTF-8.
    pub fn xml(&self) -> Option<String> {
        match self {
            MsnObjectText::None => None,
            MsnObjectText::Object { encoded } => percent_decode_str(encoded)
                .decode_utf8()
                .ok()
                .filter(|xml| xml != "0")
                .map(|xml| xml.into_owned()),
        }
    }

    fn parse(text: &str, keep: impl FnOnce(&str) -> Text) -> Option<Self> {
        Some(match text {
            "0" => MsnObjectText::None,
            _ => MsnObjectText::Object {
                encoded: keep(text),
            },
        })
    }
}

impl Field for MsnObjectText {
    const WHAT: &'static str = "msnobj";
    fn parse_field(text: &str) -> Option<Self> {
        Self::parse(text, Text::new)
    }
    fn parse_within(text: &str, line: &Bytes) -> Option<Self> {
        Self::parse(text, |text| Text::within(line, text))
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        match self {
            MsnObjectText::None => out.push(b'0'),
            MsnObjectText::Object { encoded } => out.extend_from_slice(encoded.as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<T: Field>(value: &T) -> String {
        let mut out = Vec::new();
        value.write_field(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_never_break_the_line() {
        let name = UrlText::new("50% off\r\nOUT\tnow é");
        let encoded = wire(&name);
        assert_eq!(encoded, "50%25%20off%0D%0AOUT%09now%20%C3%A9");
        assert!(!encoded.contains([' ', '\r', '\n']));
        assert_eq!(UrlText::parse_field(&encoded), Some(name));
    }

    #[test]
    fn names_decode_liberally() {
        assert_eq!(
            UrlText::parse_field("Alice%20Test").unwrap().as_str(),
            "Alice Test"
        );
        assert_eq!(UrlText::parse_field("%C3%A9").unwrap().as_str(), "é");
        assert_eq!(UrlText::parse_field("%FF"), None);
    }

    #[test]
    fn msn_objects_are_fully_quoted() {
        let object = MsnObjectText::parse_field("%3Cmsnobj%2F%3E").unwrap();
        assert_eq!(object, MsnObjectText::from_xml("<msnobj/>"));
        assert_eq!(object.xml().as_deref(), Some("<msnobj/>"));
        assert_eq!(wire(&object), "%3Cmsnobj%2F%3E");
        assert_eq!(wire(&MsnObjectText::parse_field("0").unwrap()), "0");
        assert_eq!(MsnObjectText::parse_field("0").unwrap().xml(), None);
    }

    #[test]
    fn msn_objects_keep_their_wire_form_and_decode_on_access() {
        let lower = "%3cmsnobj%2f%3e%20%C3%A9";
        let object = MsnObjectText::parse_field(lower).unwrap();
        assert_eq!(wire(&object), lower);
        assert_eq!(object.xml().as_deref(), Some("<msnobj/> é"));
        let broken = MsnObjectText::parse_field("%3Cmsnobj%FF%2F%3E").unwrap();
        assert_eq!(wire(&broken), "%3Cmsnobj%FF%2F%3E");
        assert_eq!(broken.xml(), None);
        // Found by `cargo fuzz run msn_object`: `%30` is kept as sent and means no object.
        let zero = MsnObjectText::parse_field("%30").unwrap();
        assert_eq!(wire(&zero), "%30");
        assert_eq!(zero.xml(), None);
    }
}
