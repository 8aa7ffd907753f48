use std::fmt;

use crate::protocol::field::{Field, parse_decimal};

/// One of the contact lists (docs/protocol.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Forward,
    Allow,
    Block,
    Reverse,
    Pending,
}

impl List {
    pub const ALL: [List; 5] = [
        List::Forward,
        List::Allow,
        List::Block,
        List::Reverse,
        List::Pending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            List::Forward => "FL",
            List::Allow => "AL",
            List::Block => "BL",
            List::Reverse => "RL",
            List::Pending => "PL",
        }
    }

    pub fn bit(self) -> u8 {
        match self {
            List::Forward => 1,
            List::Allow => 2,
            List::Block => 4,
            List::Reverse => 8,
            List::Pending => 16,
        }
    }
}

impl Field for List {
    const WHAT: &'static str = "list";
    fn parse_field(text: &str) -> Option<Self> {
        List::ALL.into_iter().find(|list| list.code() == text)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.code().as_bytes());
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of lists as the OR of their bits (`11` = FL+AL+RL).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ListBits(pub u8);

impl ListBits {
    pub fn contains(self, list: List) -> bool {
        self.0 & list.bit() != 0
    }

    pub fn with(self, list: List) -> Self {
        ListBits(self.0 | list.bit())
    }

    pub fn without(self, list: List) -> Self {
        ListBits(self.0 & !list.bit())
    }

    pub fn lists(self) -> impl Iterator<Item = List> {
        List::ALL
            .into_iter()
            .filter(move |list| self.contains(*list))
    }
}

impl Field for ListBits {
    const WHAT: &'static str = "list bits";
    fn parse_field(text: &str) -> Option<Self> {
        parse_decimal::<u8>(text)
            .filter(|bits| *bits < 32)
            .map(ListBits)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.to_string().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_name_their_lists() {
        let bits = ListBits(11);
        let lists: Vec<_> = bits.lists().collect();
        assert_eq!(lists, [List::Forward, List::Allow, List::Reverse]);
        assert!(!bits.contains(List::Block));
        assert_eq!(bits.with(List::Block).without(List::Reverse), ListBits(7));
        assert_eq!(ListBits::parse_field("32"), None);
    }
}
