//! Reading and writing the space-separated fields of one command line.

use bytes::Bytes;
use smallvec::SmallVec;

use super::error::ParseError;
use super::types::Text;

/// A value that occupies exactly one field of a command line.
pub trait Field: Sized {
    /// What the field is called in error messages ("trid", "e-mail", ...).
    const WHAT: &'static str;
    /// Parses the field as it appears on the wire.
    fn parse_field(text: &str) -> Option<Self>;
    /// Parses the field from `text` lying within `line`, the frame's buffer: values that
    /// keep long text share that buffer instead of copying it.
    fn parse_within(text: &str, _line: &Bytes) -> Option<Self> {
        Self::parse_field(text)
    }
    /// Writes the field exactly as it goes on the wire (already encoded).
    fn write_field(&self, out: &mut Vec<u8>);
}

/// Splits `text` at every `separator`, an ASCII byte.
pub fn split_at_byte(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match find_byte(current.as_bytes(), separator) {
            Some(at) => {
                rest = Some(&current[at + 1..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// The bytes of `word` (eight, read little-endian) equal to `needle`, each flagged by
/// its high bit. Exact: no carry from one byte reaches the next.
fn matching_bytes(word: &[u8], needle: u8) -> u64 {
    const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; 8]);
    let mut eight = [0; 8];
    eight.copy_from_slice(word);
    let zeroed = u64::from_le_bytes(eight) ^ u64::from_ne_bytes([needle; 8]);
    !(((zeroed & LOW_SEVEN) + LOW_SEVEN) | zeroed | LOW_SEVEN)
}

/// The first `needle` in `bytes`, eight bytes at a time. Fields are short, so this beats
/// a vectorised search that pays its setup once per field.
pub(crate) fn find_byte(bytes: &[u8], needle: u8) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        let found = matching_bytes(word, needle);
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    let tail = words.remainder();
    tail.iter()
        .position(|&byte| byte == needle)
        .map(|at| offset + at)
}

/// The space-separated fields of a line: its text and where each field ends. Offsets
/// rather than a list of `&str` keep it small: one is built and moved for every line.
#[derive(Debug, Clone)]
pub struct FieldSplit<'a> {
    text: &'a str,
    /// Where each field ends in `text`; the next one starts a byte later.
    ends: SmallVec<[u32; 16]>,
}

impl<'a> FieldSplit<'a> {
    /// No fields: a line that is only its command name.
    pub fn none() -> Self {
        Self {
            text: "",
            ends: SmallVec::new(),
        }
    }

    /// The fields of `text`, one more than it has spaces. One pass, eight bytes at a time.
    /// (Offsets are `u32`: a frame's line is at most [`MAX_LINE`](super::frame::MAX_LINE).)
    pub fn new(text: &'a str) -> Self {
        let mut ends = SmallVec::new();
        let mut words = text.as_bytes().chunks_exact(8);
        let mut offset = 0;
        for word in &mut words {
            let mut found = matching_bytes(word, b' ');
            while found != 0 {
                ends.push(offset + found.trailing_zeros() / 8);
                found &= found - 1;
            }
            offset += 8;
        }
        for (at, &byte) in words.remainder().iter().enumerate() {
            if byte == b' ' {
                ends.push(offset + at as u32);
            }
        }
        ends.push(text.len() as u32);
        Self { text, ends }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `n`.
    pub fn get(&self, n: usize) -> Option<&'a str> {
        let end = *self.ends.get(n)? as usize;
        let start = match n {
            0 => 0,
            _ => self.ends[n - 1] as usize + 1,
        };
        self.text.get(start..end)
    }

    /// Drops the last field.
    pub fn pop(&mut self) {
        self.ends.pop();
    }
}

/// Cursor over the fields after the command name.
///
/// For payload commands the trailing length field has already been removed by the
/// framing layer, so a variant's parser never sees it.
#[derive(Debug, Clone)]
pub struct Args<'a> {
    command: &'static str,
    /// The buffer the fields lie in.
    line: &'a Bytes,
    fields: FieldSplit<'a>,
    pos: usize,
}

impl<'a> Args<'a> {
    pub fn new(command: &'static str, line: &'a Bytes, fields: FieldSplit<'a>) -> Self {
        Self {
            command,
            line,
            fields,
            pos: 0,
        }
    }

    pub fn command(&self) -> &'static str {
        self.command
    }

    /// Number of fields not consumed yet.
    pub fn remaining(&self) -> usize {
        self.fields.len() - self.pos
    }

    /// Peeks at the next field without consuming it.
    pub fn peek(&self) -> Option<&'a str> {
        self.fields.get(self.pos)
    }

    /// Peeks `n` fields ahead (0 = next).
    pub fn peek_at(&self, n: usize) -> Option<&'a str> {
        self.fields.get(self.pos + n)
    }

    /// Takes the next field as raw text.
    pub fn text(&mut self, what: &'static str) -> Result<&'a str, ParseError> {
        let field = self.peek().ok_or(ParseError::MissingField {
            command: self.command,
            field: what,
        })?;
        self.pos += 1;
        Ok(field)
    }

    /// Takes the next field as an owned raw string.
    pub fn string(&mut self, what: &'static str) -> Result<String, ParseError> {
        self.text(what).map(str::to_owned)
    }

    /// Takes the next field as raw [`Text`], sharing the frame's buffer.
    pub fn raw_text(&mut self, what: &'static str) -> Result<Text, ParseError> {
        let text = self.text(what)?;
        Ok(self.keep(text))
    }

    /// `text`, a field (or part of one) of this line, as [`Text`].
    pub fn keep(&self, text: &str) -> Text {
        Text::within(self.line, text)
    }

    /// Takes and parses the next field.
    pub fn get<T: Field>(&mut self) -> Result<T, ParseError> {
        let text = self.text(T::WHAT)?;
        self.parse(T::WHAT, text)
    }

    /// Parses `text`, a field (or part of one) of this line, naming it `what` in errors.
    pub fn parse<T: Field>(&self, what: &'static str, text: &str) -> Result<T, ParseError> {
        T::parse_within(text, self.line).ok_or_else(|| self.invalid(what, text))
    }

    /// Parses the next field if there is one.
    pub fn opt<T: Field>(&mut self) -> Result<Option<T>, ParseError> {
        if self.peek().is_none() {
            return Ok(None);
        }
        self.get().map(Some)
    }

    /// Takes the next field if there is one, as raw text.
    pub fn opt_string(&mut self) -> Option<String> {
        let field = self.peek()?;
        self.pos += 1;
        Some(field.to_owned())
    }

    /// Takes a field that must be exactly `keyword`.
    pub fn keyword(&mut self, keyword: &'static str) -> Result<(), ParseError> {
        let text = self.text(keyword)?;
        if text == keyword {
            Ok(())
        } else {
            Err(self.invalid(keyword, text))
        }
    }

    /// Takes every remaining field as raw strings.
    pub fn rest(&mut self) -> Vec<String> {
        let rest = (self.pos..self.fields.len())
            .filter_map(|n| self.fields.get(n))
            .map(str::to_owned)
            .collect();
        self.pos = self.fields.len();
        rest
    }

    /// Parses every remaining field.
    pub fn rest_of<T: Field>(&mut self) -> Result<Vec<T>, ParseError> {
        let mut out = Vec::with_capacity(self.remaining());
        while self.peek().is_some() {
            out.push(self.get()?);
        }
        Ok(out)
    }

    /// An error for a field whose text is not what the command expects.
    pub fn invalid(&self, field: &'static str, text: &str) -> ParseError {
        ParseError::InvalidField {
            command: self.command,
            field,
            value: text.chars().take(64).collect(),
        }
    }

    /// Checks that every field was consumed.
    pub fn finish(self) -> Result<(), ParseError> {
        if self.pos == self.fields.len() {
            Ok(())
        } else {
            Err(ParseError::TooManyFields {
                command: self.command,
                extra: self.fields.len() - self.pos,
            })
        }
    }
}

/// Builds one command line field by field; the codec adds the payload length and line end.
#[derive(Debug, Default)]
pub struct LineWriter {
    line: Vec<u8>,
}

impl LineWriter {
    pub fn new(command: &str) -> Self {
        let mut line = Vec::with_capacity(64);
        line.extend_from_slice(command.as_bytes());
        Self { line }
    }

    /// Appends one typed field, preceded by a space.
    pub fn field<T: Field>(&mut self, value: &T) -> &mut Self {
        self.line.push(b' ');
        value.write_field(&mut self.line);
        self
    }

    /// Appends a field if it is present.
    pub fn opt<T: Field>(&mut self, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.field(value);
        }
        self
    }

    /// Appends a raw, already wire-safe field.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.line.push(b' ');
        self.line.extend_from_slice(text.as_bytes());
        self
    }

    /// Appends raw fields.
    pub fn texts(&mut self, texts: &[String]) -> &mut Self {
        for text in texts {
            self.text(text);
        }
        self
    }

    pub fn into_line(self) -> Vec<u8> {
        self.line
    }
}

impl Field for String {
    const WHAT: &'static str = "text";
    fn parse_field(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
}

impl Field for u32 {
    const WHAT: &'static str = "number";
    fn parse_field(text: &str) -> Option<Self> {
        parse_decimal(text)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl Field for u64 {
    const WHAT: &'static str = "number";
    fn parse_field(text: &str) -> Option<Self> {
        parse_decimal(text)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

/// Parses plain ASCII decimal digits; rejects signs, spaces and leading zeros (except "0")
/// so that every accepted value re-encodes to the same text.
pub fn parse_decimal<T: std::str::FromStr>(text: &str) -> Option<T> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

/// `0`/`1` flags such as USR OK's "verified".
impl Field for bool {
    const WHAT: &'static str = "flag";
    fn parse_field(text: &str) -> Option<Self> {
        match text {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.push(if *self { b'1' } else { b'0' });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rejects_non_canonical_forms() {
        assert_eq!(parse_decimal::<u32>("42"), Some(42));
        assert_eq!(parse_decimal::<u32>("0"), Some(0));
        assert_eq!(parse_decimal::<u32>("042"), None);
        assert_eq!(parse_decimal::<u32>("+4"), None);
        assert_eq!(parse_decimal::<u32>(""), None);
        assert_eq!(parse_decimal::<u32>("99999999999"), None);
    }

    #[test]
    fn finds_the_first_byte_in_any_position() {
        for length in 0..20 {
            for at in 0..length {
                let mut bytes = vec![b'x'; length];
                bytes[at] = b' ';
                bytes[length - 1] = b' ';
                assert_eq!(find_byte(&bytes, b' '), Some(at), "{length} {at}");
            }
            assert_eq!(find_byte(&vec![0xa0; length], b' '), None);
        }
        assert_eq!(find_byte("é é".as_bytes(), b' '), Some(2));
    }

    #[test]
    fn fields_split_at_every_space() {
        let fields = |text| {
            let split = FieldSplit::new(text);
            (0..=split.len()).map(|n| split.get(n)).collect::<Vec<_>>()
        };
        assert_eq!(fields("a b"), [Some("a"), Some("b"), None]);
        assert_eq!(
            fields("a  é "),
            [Some("a"), Some(""), Some("é"), Some(""), None]
        );
        assert_eq!(fields(""), [Some(""), None]);
        let long = "VER 1 MSNP18 MSNP17 CVR0 ! !! x";
        let expected: Vec<_> = long.split(' ').map(Some).chain([None]).collect();
        assert_eq!(fields(long), expected);
        assert!(FieldSplit::none().is_empty());
    }

    #[test]
    fn args_report_missing_and_extra_fields() {
        let line = Bytes::from_static(b"XFR 5");
        let mut args = Args::new("XFR", &line, FieldSplit::new("5"));
        assert_eq!(args.get::<u32>().unwrap(), 5);
        let missing = args.clone().text("kind").unwrap_err();
        assert!(missing.to_string().contains("XFR"), "{missing}");
        let extra = Args::new("OUT", &line, FieldSplit::new("A B"))
            .finish()
            .unwrap_err();
        assert!(matches!(extra, ParseError::TooManyFields { extra: 2, .. }));
    }

    proptest::proptest! {
        /// Any text, spaces anywhere (runs, ends, beside multi-byte characters): the
        /// same fields as `str::split`.
        #[test]
        fn splits_as_str_split_does(text in "[ a!é☺\\x7f\\xa0]{0,40}") {
            let split = FieldSplit::new(&text);
            let fields: Vec<_> = (0..split.len()).filter_map(|n| split.get(n)).collect();
            let expected: Vec<_> = text.split(' ').collect();
            proptest::prop_assert_eq!(fields, expected);
        }
    }
}
