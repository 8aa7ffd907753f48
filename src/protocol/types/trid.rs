use std::fmt;

use crate::protocol::field::{Field, parse_decimal};

/// Transaction id: chosen by the client, echoed in the server's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Trid(pub u32);

impl Field for Trid {
    const WHAT: &'static str = "trid";
    fn parse_field(text: &str) -> Option<Self> {
        parse_decimal(text).map(Trid)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.to_string().as_bytes());
    }
}

impl fmt::Display for Trid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
