//! URL-encoded parameters: friendly names, group names, MSNObjects (docs/protocol.md §1.2, §4.4).

use std::fmt;

use percent_encoding::{
    AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode,
};

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
pub struct UrlText(pub String);

impl UrlText {
    pub fn new(text: impl Into<String>) -> Self {
        UrlText(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Decodes `%XX` sequences as UTF-8; `None` when the result is not UTF-8.
fn decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MsnObjectText {
    None,
    Object(String),
}

impl Field for MsnObjectText {
    const WHAT: &'static str = "msnobj";
    fn parse_field(text: &str) -> Option<Self> {
        // `%30` decodes to `0` as well: no object, or it would be written back as none.
        match decode(text)? {
            none if none == "0" => Some(MsnObjectText::None),
            xml => Some(MsnObjectText::Object(xml)),
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        match self {
            MsnObjectText::None => out.push(b'0'),
            MsnObjectText::Object(xml) => encode_into(xml, OBJECT_ESCAPES, out),
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
        assert_eq!(object, MsnObjectText::Object("<msnobj/>".into()));
        assert_eq!(wire(&object), "%3Cmsnobj%2F%3E");
        assert_eq!(wire(&MsnObjectText::parse_field("0").unwrap()), "0");
        // Found by `cargo fuzz run msn_object`: an encoded `0` is no object either.
        assert_eq!(MsnObjectText::parse_field("%30"), Some(MsnObjectText::None));
    }
}
