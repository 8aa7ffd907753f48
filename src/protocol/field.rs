//! Reading and writing the space-separated fields of one command line.

use super::error::ParseError;

/// A value that occupies exactly one field of a command line.
pub trait Field: Sized {
    /// What the field is called in error messages ("trid", "e-mail", ...).
    const WHAT: &'static str;
    /// Parses the field as it appears on the wire.
    fn parse_field(text: &str) -> Option<Self>;
    /// Writes the field exactly as it goes on the wire (already encoded).
    fn write_field(&self, out: &mut Vec<u8>);
}

/// The fields of one line; almost every command has fewer than sixteen.
pub type FieldList<'a> = smallvec::SmallVec<[&'a str; 16]>;

/// Cursor over the fields after the command name.
///
/// For payload commands the trailing length field has already been removed by the
/// framing layer, so a variant's parser never sees it.
#[derive(Debug, Clone)]
pub struct Args<'a> {
    command: &'static str,
    fields: FieldList<'a>,
    pos: usize,
}

impl<'a> Args<'a> {
    pub fn new(command: &'static str, fields: impl Into<FieldList<'a>>) -> Self {
        let fields = fields.into();
        Self {
            command,
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
        self.fields.get(self.pos).copied()
    }

    /// Peeks `n` fields ahead (0 = next).
    pub fn peek_at(&self, n: usize) -> Option<&'a str> {
        self.fields.get(self.pos + n).copied()
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

    /// Takes and parses the next field.
    pub fn get<T: Field>(&mut self) -> Result<T, ParseError> {
        let text = self.text(T::WHAT)?;
        T::parse_field(text).ok_or_else(|| self.invalid(T::WHAT, text))
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
        let rest = self.fields[self.pos..]
            .iter()
            .map(|s| (*s).to_owned())
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
    fn args_report_missing_and_extra_fields() {
        let mut args = Args::new("XFR", vec!["5"]);
        assert_eq!(args.get::<u32>().unwrap(), 5);
        let missing = args.clone().text("kind").unwrap_err();
        assert!(missing.to_string().contains("XFR"), "{missing}");
        let extra = Args::new("OUT", vec!["A", "B"]).finish().unwrap_err();
        assert!(matches!(extra, ParseError::TooManyFields { extra: 2, .. }));
    }
}
