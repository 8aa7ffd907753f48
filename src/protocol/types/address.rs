use std::fmt;

use bytes::Bytes;

use super::Text;
use crate::protocol::field::{Field, find_byte, parse_decimal};

/// A contact address as it appears on a command line: an e-mail, optionally with the
/// MSNP18 network prefix (`1:bob@example.com`) and an MSNP16+ endpoint or circle suffix
/// (`bob@example.com;{guid}`, `...;via=9:...@live.com`).
///
/// Parsing only requires a token free of spaces and control characters, so that a
/// server can answer a malformed address (`CAL 4 notanemail` → `208 4`) instead of
/// failing to read the line; [`Address::is_valid_email`] tells whether it is usable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    pub network: Option<u32>,
    pub email: Text,
    pub tag: Option<AddressTag>,
}

/// What follows the `;` of an address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AddressTag {
    /// Machine GUID of one endpoint, braces included, case as sent.
    Endpoint(Text),
    /// Anything else, such as `via=9:...@live.com` for circle members.
    Other(Text),
}

impl Address {
    /// A bare e-mail address with no prefix or suffix.
    pub fn email(email: impl Into<Text>) -> Self {
        Self {
            network: None,
            email: email.into(),
            tag: None,
        }
    }

    pub fn with_network(mut self, network: u32) -> Self {
        self.network = Some(network);
        self
    }

    pub fn with_endpoint(mut self, guid: impl Into<Text>) -> Self {
        self.tag = Some(AddressTag::Endpoint(guid.into()));
        self
    }

    /// The endpoint GUID, when the address names one.
    pub fn endpoint(&self) -> Option<&str> {
        match &self.tag {
            Some(AddressTag::Endpoint(guid)) => Some(guid),
            _ => None,
        }
    }

    /// True for `local@domain.tld` with no spaces and one `@`.
    pub fn is_valid_email(&self) -> bool {
        is_valid_email(&self.email)
    }
}

/// True for `local@domain.tld` with one `@`, a dot in the domain, no whitespace.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.chars().all(|c| c.is_ascii_graphic())
}

impl Address {
    /// Parses an address field, keeping its parts with `keep`.
    fn parse(text: &str, keep: impl Fn(&str) -> Text) -> Option<Self> {
        let bytes = text.as_bytes();
        // Printable ASCII, the usual address, needs no look at characters (and the fold
        // has no early exit, so it is vectorised).
        let ascii_graphic = bytes
            .iter()
            .fold(true, |all, byte| all & byte.is_ascii_graphic());
        if text.is_empty() || !(ascii_graphic || is_one_token(text)) {
            return None;
        }
        // `n:` before the e-mail; a colon after an `@` belongs to the tag.
        let (network, email_start) = match find_byte(bytes, b':') {
            Some(colon) if find_byte(&bytes[..colon], b'@').is_none() => {
                (Some(parse_decimal(&text[..colon])?), colon + 1)
            }
            _ => (None, 0),
        };
        // A parsed network prefix is all digits, so the first `;` follows it.
        let email_end = find_byte(bytes, b';').unwrap_or(text.len());
        let email = text.get(email_start..email_end)?;
        let tag = text.get(email_end + 1..).map(|tag| {
            if tag.starts_with('{') && tag.ends_with('}') {
                AddressTag::Endpoint(keep(tag))
            } else {
                AddressTag::Other(keep(tag))
            }
        });
        if email.is_empty() {
            return None;
        }
        Some(Address {
            network,
            email: keep(email),
            tag,
        })
    }
}

/// True when `text` has no whitespace or control characters.
fn is_one_token(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl Field for Address {
    const WHAT: &'static str = "address";
    fn parse_field(text: &str) -> Option<Self> {
        Address::parse(text, Text::new)
    }
    fn parse_within(text: &str, line: &Bytes) -> Option<Self> {
        Address::parse(text, |part| Text::within(line, part))
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(network) = self.network {
            write!(f, "{network}:")?;
        }
        f.write_str(&self.email)?;
        match &self.tag {
            Some(AddressTag::Endpoint(tag) | AddressTag::Other(tag)) => write!(f, ";{tag}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> Address {
        let address = Address::parse_field(text).expect(text);
        assert_eq!(address.to_string(), text);
        address
    }

    #[test]
    fn every_shape_round_trips() {
        assert_eq!(
            round_trip("bob@example.com"),
            Address::email("bob@example.com")
        );
        assert_eq!(round_trip("1:bob@example.com").network, Some(1));
        let with_epid = round_trip("bob@example.com;{B0B0B0B0-1111-4222-8333-444455556666}");
        assert_eq!(
            with_epid.endpoint(),
            Some("{B0B0B0B0-1111-4222-8333-444455556666}")
        );
        let circle =
            round_trip("1:bob@example.com;via=9:00000000-0000-0000-0009-0123456789ab@live.com");
        assert!(matches!(circle.tag, Some(AddressTag::Other(_))));
        assert!(!round_trip("notanemail").is_valid_email());
        assert!(round_trip("Hotmail").network.is_none());
    }

    #[test]
    fn rejects_what_cannot_be_one_field() {
        assert_eq!(Address::parse_field(""), None);
        assert_eq!(Address::parse_field("a\u{1b}b"), None);
        assert_eq!(Address::parse_field("a\u{a0}b@example.com"), None);
        assert_eq!(Address::parse_field("a\u{7f}b@example.com"), None);
        assert_eq!(Address::parse_field("x:bob@example.com"), None);
    }
}
