//! Field types and small command shapes shared by several commands.

use std::fmt;

use bytes::Bytes;
use smallvec::SmallVec;

use super::Fields;
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, Field, LineWriter, parse_decimal, split_at_byte};
use crate::protocol::types::{Address, Text, Trid};

/// The body of a payload command, or an error naming the command.
pub(crate) fn require_payload(
    args: &Args<'_>,
    payload: Option<Bytes>,
) -> Result<Bytes, ParseError> {
    payload.ok_or(ParseError::MissingPayload {
        command: args.command(),
    })
}

/// `host:port` of a server, as given by `XFR` and `RNG`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerAddress {
    pub host: String,
    pub port: u16,
}

impl ServerAddress {
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        Self {
            host: host.into(),
            port,
        }
    }
}

impl Field for ServerAddress {
    const WHAT: &'static str = "host:port";
    fn parse_field(text: &str) -> Option<Self> {
        let (host, port) = text.rsplit_once(':')?;
        let valid_host = !host.is_empty() && host.chars().all(|c| c.is_ascii_graphic());
        if !valid_host {
            return None;
        }
        Some(ServerAddress::new(host, parse_decimal(port)?))
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// A contact named by e-mail (MSNP2–9, AL/BL from MSNP10) or by contact GUID (FL, MSNP10+).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContactId {
    Email(Address),
    Guid(Text),
}

impl Field for ContactId {
    const WHAT: &'static str = "contact";
    fn parse_field(text: &str) -> Option<Self> {
        if text.contains('@') {
            Address::parse_field(text).map(ContactId::Email)
        } else if is_guid(text) {
            Some(ContactId::Guid(Text::new(text)))
        } else {
            None
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        match self {
            ContactId::Email(address) => address.write_field(out),
            ContactId::Guid(guid) => out.extend_from_slice(guid.as_bytes()),
        }
    }
}

/// A group: a small number up to MSNP9, a GUID from MSNP10.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupId {
    Number(u32),
    Guid(Text),
}

impl Field for GroupId {
    const WHAT: &'static str = "group";
    fn parse_field(text: &str) -> Option<Self> {
        match parse_decimal(text) {
            Some(number) => Some(GroupId::Number(number)),
            None => is_guid(text).then(|| GroupId::Guid(Text::new(text))),
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupId::Number(number) => write!(f, "{number}"),
            GroupId::Guid(guid) => f.write_str(guid),
        }
    }
}

/// Comma-separated group ids at the end of `LST`; may be present but empty. Inline
/// for the usual single group, so a contact list is read without an allocation each.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct GroupList(pub SmallVec<[GroupId; 1]>);

impl Field for GroupList {
    const WHAT: &'static str = "groups";
    fn parse_field(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(GroupList::default());
        }
        split_at_byte(text, b',')
            .map(GroupId::parse_field)
            .collect::<Option<SmallVec<_>>>()
            .map(GroupList)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        for (i, group) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            group.write_field(out);
        }
    }
}

/// A GUID with or without braces: hex digits and dashes in the 8-4-4-4-12 layout.
pub fn is_guid(text: &str) -> bool {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text)
        .as_bytes();
    inner.len() == 36
        && inner.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Keywords that stand alone in a field, such as `OK`.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl $name {
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }
        }

        impl $crate::protocol::field::Field for $name {
            const WHAT: &'static str = $what;
            fn parse_field(text: &str) -> Option<Self> {
                match text { $( $text => Some($name::$variant), )* _ => None }
            }
            fn write_field(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self.code().as_bytes());
            }
        }
    };
}
pub(crate) use keyword_enum;

keyword_enum! {
    /// How a switchboard message is acknowledged (docs/protocol.md §5.3).
    AckMode, "ack mode", {
        /// No reply at all (typing notifications).
        Unacknowledged = "U",
        /// `NAK` only on failure.
        NegativeOnly = "N",
        /// `ACK` on success, `NAK` on failure.
        Acknowledged = "A",
        /// P2P data: `ACK` or an error.
        Data = "D",
    }
}

/// `<TrID> OK`: the acknowledgement of ANS, UUN, SND, SDC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OkReply {
    pub trid: Trid,
}

impl Fields for OkReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        args.keyword("OK")?;
        Ok(Self { trid })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text("OK");
        None
    }
}

/// `<TrID>` alone: ACK, NAK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TridOnly {
    pub trid: Trid,
}

impl Fields for TridOnly {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self { trid: args.get()? })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        None
    }
}

/// `<TrID> <len>` + body: ADL, RML, FQY, UUX, PUT, DEL, SDG, VAS from the client, and
/// the server's `FQY`/`SDG 0 <len>`. The body is kept as bytes (XML or MIME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadRequest {
    pub trid: Trid,
    pub payload: Bytes,
}

impl Fields for PayloadRequest {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        Some(self.payload.clone())
    }
}

/// `<TrID> OK <len>` + body: the server's answer to PUT and DEL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadReply {
    pub trid: Trid,
    pub payload: Bytes,
}

impl Fields for PayloadReply {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        args.keyword("OK")?;
        Ok(Self {
            trid,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text("OK");
        Some(self.payload.clone())
    }
}

/// `<len>` + body alone: NOT (XML notification), IPG (mobile page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub payload: Bytes,
}

impl Fields for Notification {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, _line: &mut LineWriter) -> Option<Bytes> {
        Some(self.payload.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_and_groups() {
        assert!(is_guid("0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd"));
        assert!(is_guid("{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}"));
        assert!(!is_guid("bob@example.com"));
        let list = GroupList::parse_field("0,1").unwrap();
        assert_eq!(list.0.as_slice(), [GroupId::Number(0), GroupId::Number(1)]);
        assert_eq!(GroupList::parse_field("").unwrap().0.as_slice(), []);
        assert_eq!(GroupList::parse_field("x"), None);
    }

    #[test]
    fn server_addresses() {
        let address = ServerAddress::parse_field("127.0.0.1:1864").unwrap();
        assert_eq!(address, ServerAddress::new("127.0.0.1", 1864));
        assert_eq!(address.to_string(), "127.0.0.1:1864");
        assert_eq!(ServerAddress::parse_field("nohost"), None);
        assert_eq!(ServerAddress::parse_field("h:99999"), None);
    }
}
