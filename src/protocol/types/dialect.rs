use std::fmt;

use crate::protocol::field::{Field, parse_decimal};

/// A protocol dialect named in `VER`: `MSNPn`, the `CVR0` pseudo-dialect, the `0` a
/// server answers when it accepts none of those offered, or any other token a peer
/// sent (kept as sent; servers match dialect names case-insensitively, so `msnp8`
/// still means MSNP8 — see [`Dialect::version`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    Msnp(u8),
    Cvr0,
    None,
    Other(String),
}

impl Dialect {
    /// The MSNP version number this dialect names, whatever its letter case.
    pub fn version(&self) -> Option<u8> {
        match self {
            Dialect::Msnp(version) => Some(*version),
            Dialect::Other(text) => {
                let prefix = text.get(..4)?;
                prefix
                    .eq_ignore_ascii_case("MSNP")
                    .then(|| parse_decimal(&text[4..]))
                    .flatten()
            }
            Dialect::Cvr0 | Dialect::None => None,
        }
    }
}

impl Field for Dialect {
    const WHAT: &'static str = "dialect";
    fn parse_field(text: &str) -> Option<Self> {
        match text {
            "" => None,
            "CVR0" => Some(Dialect::Cvr0),
            "0" => Some(Dialect::None),
            _ => Some(
                text.strip_prefix("MSNP")
                    .and_then(parse_decimal)
                    .map_or_else(|| Dialect::Other(text.to_owned()), Dialect::Msnp),
            ),
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dialect::Msnp(n) => write!(f, "MSNP{n}"),
            Dialect::Cvr0 => f.write_str("CVR0"),
            Dialect::None => f.write_str("0"),
            Dialect::Other(text) => f.write_str(text),
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match Dialect::parse_field(text)
            .as_ref()
            .and_then(Dialect::version)
        {
            Some(version) => Ok(Dialect::Msnp(version)),
            None => Err(format!("{text:?} is not a protocol version such as MSNP15")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_keep_their_spelling() {
        let lower = Dialect::parse_field("msnp8").unwrap();
        assert_eq!(lower.to_string(), "msnp8");
        assert_eq!(lower.version(), Some(8));
        assert_eq!(Dialect::parse_field("MSNP18"), Some(Dialect::Msnp(18)));
        assert_eq!(Dialect::parse_field("0"), Some(Dialect::None));
        assert_eq!("msnp15".parse::<Dialect>(), Ok(Dialect::Msnp(15)));
        assert!("MSNPx".parse::<Dialect>().is_err());
    }
}
