//! [`Text`]: the text of a field as a typed command holds it, without a heap allocation
//! per field.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use bytes::Bytes;

/// Longest text kept inline: an e-mail address, a short name, a braced GUID.
const INLINE: usize = 38;

/// Immutable UTF-8 text. Short text (most fields) is stored inline, so parsing it costs
/// a copy of a few bytes and no allocation; longer text shares the buffer it was read
/// from (a frame's `Bytes`) instead of being copied. Compares, hashes and prints as the
/// `str` it holds.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    /// Always valid UTF-8: only built from a `&str` or a `String`.
    Shared(Bytes),
}

impl Text {
    /// A copy of `text`.
    pub fn new(text: &str) -> Self {
        Self::inline(text.as_bytes())
            .unwrap_or_else(|| Text(Repr::Shared(Bytes::copy_from_slice(text.as_bytes()))))
    }

    /// `text`, read from `buffer`: inline when short, else a slice of `buffer` (a copy
    /// when `text` does not lie within it).
    pub fn within(buffer: &Bytes, text: &str) -> Self {
        let inside = buffer.as_ptr_range();
        let range = text.as_bytes().as_ptr_range();
        match Self::inline(text.as_bytes()) {
            Some(inline) => inline,
            None if inside.start <= range.start && range.end <= inside.end => {
                Text(Repr::Shared(buffer.slice_ref(text.as_bytes())))
            }
            None => Text::new(text),
        }
    }

    /// Inline text from `bytes`, which must be UTF-8; `None` when they do not fit.
    fn inline(bytes: &[u8]) -> Option<Self> {
        let mut inline = [0; INLINE];
        inline.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Text(Repr::Inline {
            len: bytes.len() as u8,
            bytes: inline,
        }))
    }

    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Repr::Shared(bytes) => bytes,
        }
    }

    pub fn as_str(&self) -> &str {
        // Built only from `str`s, so the check never fails; it keeps the crate free of `unsafe`.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

/// As `str` hashes, so that maps keyed by `Text` can be searched with a `&str`.
impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::new(text)
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self::inline(text.as_bytes()).unwrap_or_else(|| Text(Repr::Shared(Bytes::from(text))))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.as_str().to_owned()
    }
}

impl From<&Text> for String {
    fn from(text: &Text) -> Self {
        text.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn short_text_is_inline_and_long_text_shares_the_buffer() {
        let line = Bytes::from(format!("NLN bob@example.com {}", "x".repeat(100)));
        let whole = std::str::from_utf8(&line).unwrap();
        let email = Text::within(&line, &whole[4..19]);
        let long = Text::within(&line, &whole[20..]);
        assert_eq!(email, "bob@example.com");
        assert!(matches!(email.0, Repr::Inline { .. }));
        assert_eq!(long.len(), 100);
        assert!(matches!(&long.0, Repr::Shared(shared) if shared.as_ptr() == line[20..].as_ptr()));
        let elsewhere = "y".repeat(100);
        assert_eq!(Text::within(&line, &elsewhere), elsewhere.as_str());
    }

    #[test]
    fn behaves_as_the_str_it_holds() {
        let long = "é".repeat(40);
        for text in ["", "bob@example.com", long.as_str()] {
            let held = Text::new(text);
            assert_eq!(held, Text::from(text.to_owned()));
            assert_eq!(held.as_str(), text);
            assert_eq!(format!("{held}|{held:?}"), format!("{text}|{text:?}"));
            assert_eq!(String::from(held), text);
        }
        let map = HashMap::from([(Text::new("bob@example.com"), 1)]);
        assert_eq!(map.get("bob@example.com"), Some(&1));
    }
}
