use std::fmt;

use crate::protocol::field::{Field, parse_decimal};

/// Presence status codes (docs/protocol.md §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Online,
    Busy,
    Idle,
    BeRightBack,
    Away,
    OnThePhone,
    OutToLunch,
    Hidden,
    Offline,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Online,
        Status::Busy,
        Status::Idle,
        Status::BeRightBack,
        Status::Away,
        Status::OnThePhone,
        Status::OutToLunch,
        Status::Hidden,
        Status::Offline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Online => "NLN",
            Status::Busy => "BSY",
            Status::Idle => "IDL",
            Status::BeRightBack => "BRB",
            Status::Away => "AWY",
            Status::OnThePhone => "PHN",
            Status::OutToLunch => "LUN",
            Status::Hidden => "HDN",
            Status::Offline => "FLN",
        }
    }

    /// Human wording for the UI.
    pub fn describe(self) -> &'static str {
        match self {
            Status::Online => "online",
            Status::Busy => "busy",
            Status::Idle => "idle",
            Status::BeRightBack => "be right back",
            Status::Away => "away",
            Status::OnThePhone => "on the phone",
            Status::OutToLunch => "out to lunch",
            Status::Hidden => "appear offline",
            Status::Offline => "offline",
        }
    }
}

impl Field for Status {
    const WHAT: &'static str = "status";
    fn parse_field(text: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|status| status.code() == text)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.code().as_bytes());
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Client capabilities: one number up to MSNP15, `caps:extcaps` from MSNP16 (§4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Capabilities {
    pub flags: u32,
    pub extended: Option<u32>,
}

/// Extended capability of a client that speaks P2Pv2 (libpurple `MSN_EXT_CAP_P2PV2`).
const EXTENDED_P2PV2: u32 = 0x20;

impl Capabilities {
    /// The MSNC client-to-client protocol level held in bits 28–31.
    pub fn msnc_level(self) -> u32 {
        self.flags >> 28
    }

    /// True when the client announces P2Pv2 (MSNP16+ `caps:extcaps` with bit 0x20).
    pub fn speaks_p2pv2(self) -> bool {
        self.extended
            .is_some_and(|extended| extended & EXTENDED_P2PV2 != 0)
    }
}

impl Field for Capabilities {
    const WHAT: &'static str = "capabilities";
    fn parse_field(text: &str) -> Option<Self> {
        match text.split_once(':') {
            Some((flags, extended)) => Some(Capabilities {
                flags: parse_decimal(flags)?,
                extended: Some(parse_decimal(extended)?),
            }),
            None => Some(Capabilities {
                flags: parse_decimal(text)?,
                extended: None,
            }),
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl fmt::Display for Capabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.extended {
            Some(extended) => write!(f, "{}:{}", self.flags, extended),
            None => write!(f, "{}", self.flags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p2pv2_is_an_extended_capability() {
        let speaks = |text| Capabilities::parse_field(text).unwrap().speaks_p2pv2();
        assert!(speaks("2789003324:48"));
        assert!(speaks("0:32"));
        assert!(!speaks("2789003324:16"));
        assert!(!speaks("2789003324:0"));
        assert!(!speaks("2789003324"));
    }

    #[test]
    fn capabilities_keep_their_shape() {
        let caps = Capabilities::parse_field("2789003324:48").unwrap();
        assert_eq!(caps.extended, Some(48));
        assert_eq!(caps.to_string(), "2789003324:48");
        assert_eq!(
            Capabilities::parse_field("1073741824")
                .unwrap()
                .msnc_level(),
            4
        );
        assert_eq!(Capabilities::parse_field("1:"), None);
    }

    #[test]
    fn unknown_status_is_rejected() {
        assert_eq!(Status::parse_field("XYZ"), None);
        assert_eq!(Status::parse_field("AWY"), Some(Status::Away));
    }
}
