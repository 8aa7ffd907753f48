//! The generic layer: `Name: value` lines, a blank line, then the body as bytes.
//!
//! Writing uses CRLF, `Name: value` and `Name:` for an empty value, which is the shape
//! clients and servers send; a payload in that shape is rebuilt byte for byte.

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;

use super::error::MessageError;

/// Headers whose values `Debug` must not show.
const SECRET_HEADERS: &[&str] = &["MSPAuth"];

/// Header lines in the order they came; names compare case-insensitively.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new() -> Self {
        Self::default()
    }

    /// `MIME-Version: 1.0` and `Content-Type`, the start of every payload we build.
    pub fn for_content_type(content_type: &str) -> Self {
        let mut headers = Self::new();
        headers.push("MIME-Version", "1.0");
        headers.push("Content-Type", content_type);
        headers
    }

    /// The value of the first header with this name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The first value with this name, unless it is empty.
    pub fn non_empty(&self, name: &str) -> Option<String> {
        self.get(name)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    }

    /// The first value with this name, if it parses as a `T` (surrounding spaces ignored).
    pub fn parsed<T: FromStr>(&self, name: &str) -> Option<T> {
        self.get(name).and_then(|value| value.trim().parse().ok())
    }

    /// Appends a header. The value must not contain CR or LF.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads header lines up to a blank line or the end of `input`.
    pub(super) fn parse_block(input: &[u8]) -> Result<(Headers, BlockEnd), MessageError> {
        let mut headers = Headers::new();
        let mut position = 0;
        let mut line_number = 0;
        while position < input.len() {
            line_number += 1;
            let rest = &input[position..];
            let (line, next) = match rest.iter().position(|&byte| byte == b'\n') {
                Some(offset) => (&rest[..offset], Some(position + offset + 1)),
                None => (rest, None),
            };
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match (line.is_empty(), next) {
                (true, Some(body_start)) => {
                    return Ok((headers, BlockEnd::BlankLine { body_start }));
                }
                (true, None) => break,
                (false, _) => {
                    let (name, value) = parse_line(line, line_number)?;
                    headers.push(name, value);
                }
            }
            position = next.unwrap_or(input.len());
        }
        Ok((headers, BlockEnd::EndOfInput))
    }

    /// Reads `Name: value` lines that form a whole body (datacasts, mail notifications).
    pub(super) fn parse_fields(body: &[u8]) -> Result<Headers, MessageError> {
        Self::parse_block(body).map(|(fields, _)| fields)
    }

    pub(super) fn write_to(&self, out: &mut Vec<u8>) {
        for (name, value) in self.iter() {
            out.extend_from_slice(name.as_bytes());
            out.push(b':');
            if !value.is_empty() {
                out.push(b' ');
                out.extend_from_slice(value.as_bytes());
            }
            out.extend_from_slice(b"\r\n");
        }
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(pairs: I) -> Self {
        Headers(
            pairs
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        )
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|(name, value)| {
                let secret = SECRET_HEADERS
                    .iter()
                    .any(|secret| secret.eq_ignore_ascii_case(name));
                (name, if secret { "<redacted>" } else { value })
            }))
            .finish()
    }
}

/// How a header block ended.
pub(super) enum BlockEnd {
    BlankLine { body_start: usize },
    EndOfInput,
}

fn parse_line(line: &[u8], line_number: usize) -> Result<(&str, &str), MessageError> {
    let text =
        std::str::from_utf8(line).map_err(|_| MessageError::HeaderNotUtf8 { line_number })?;
    let malformed = || MessageError::MalformedHeader {
        line_number,
        text: text.to_owned(),
    };
    let (name, value) = text.split_once(':').ok_or_else(malformed)?;
    if name.is_empty() || name.contains([' ', '\t']) {
        return Err(malformed());
    }
    Ok((name, value.trim_start_matches([' ', '\t'])))
}

/// A payload split into its headers and its undecoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MimeMessage {
    pub headers: Headers,
    pub body: Bytes,
}

impl MimeMessage {
    pub fn new(headers: Headers, body: impl Into<Bytes>) -> Self {
        Self {
            headers,
            body: body.into(),
        }
    }

    pub fn parse(payload: &[u8]) -> Result<Self, MessageError> {
        match Headers::parse_block(payload)? {
            (headers, BlockEnd::BlankLine { body_start }) => Ok(Self {
                headers,
                body: Bytes::copy_from_slice(&payload[body_start..]),
            }),
            (_, BlockEnd::EndOfInput) => Err(MessageError::MissingBlankLine),
        }
    }

    pub fn content_type(&self) -> Option<ContentType> {
        self.headers.get("Content-Type").map(ContentType::parse)
    }

    pub fn to_bytes(&self) -> Bytes {
        let mut out = Vec::with_capacity(self.body.len() + 64 * self.headers.len());
        self.headers.write_to(&mut out);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        Bytes::from(out)
    }
}

/// A `Content-Type` value: the media type, lower-cased, and its charset parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentType {
    pub media_type: String,
    pub charset: Option<String>,
}

impl ContentType {
    pub fn parse(value: &str) -> Self {
        let mut parts = value.split(';');
        let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let charset = parts
            .filter_map(|parameter| parameter.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, charset)| charset.trim().trim_matches('"').to_owned());
        Self {
            media_type,
            charset,
        }
    }

    /// True when the body may be read as UTF-8: the charset says so or is absent.
    pub fn is_utf8(&self) -> bool {
        self.charset.as_deref().is_none_or(|charset| {
            charset.eq_ignore_ascii_case("utf-8") || charset.eq_ignore_ascii_case("utf8")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE_START: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1795503583\r\npreferredEmail:\r\nKid: 0\r\n\r\n";

    #[test]
    fn round_trips_headers_with_empty_values() {
        let message = MimeMessage::parse(PROFILE_START).expect("parses");
        assert_eq!(message.headers.len(), 5);
        assert_eq!(message.headers.get("preferredemail"), Some(""));
        assert_eq!(message.headers.get("KID"), Some("0"));
        assert!(message.body.is_empty());
        assert_eq!(message.to_bytes(), PROFILE_START);
    }

    #[test]
    fn accepts_bare_line_feeds() {
        let message = MimeMessage::parse(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhi\n")
            .expect("parses");
        assert_eq!(message.headers.get("content-type"), Some("text/plain"));
        assert_eq!(message.body, &b"hi\n"[..]);
    }

    #[test]
    fn body_keeps_its_bytes() {
        let message =
            MimeMessage::parse(b"Content-Type: application/x-msnmsgrp2p\r\n\r\n\x00\xff\r\n")
                .expect("parses");
        assert_eq!(message.body, &b"\x00\xff\r\n"[..]);
    }

    #[test]
    fn reports_missing_blank_line() {
        assert_eq!(
            MimeMessage::parse(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n"),
            Err(MessageError::MissingBlankLine)
        );
        assert_eq!(MimeMessage::parse(b""), Err(MessageError::MissingBlankLine));
    }

    #[test]
    fn reports_malformed_header_lines() {
        assert_eq!(
            MimeMessage::parse(b"MIME-Version: 1.0\r\nno colon here\r\n\r\n"),
            Err(MessageError::MalformedHeader {
                line_number: 2,
                text: "no colon here".to_owned()
            })
        );
        assert!(matches!(
            MimeMessage::parse(b": value\r\n\r\n"),
            Err(MessageError::MalformedHeader { line_number: 1, .. })
        ));
        assert_eq!(
            MimeMessage::parse(b"Name: \xff\r\n\r\n"),
            Err(MessageError::HeaderNotUtf8 { line_number: 1 })
        );
    }

    #[test]
    fn parses_content_type_and_charset() {
        let content_type = ContentType::parse("Text/Plain; Charset=\"utf-8\"");
        assert_eq!(content_type.media_type, "text/plain");
        assert_eq!(content_type.charset.as_deref(), Some("utf-8"));
        assert!(content_type.is_utf8());
        assert!(ContentType::parse("text/plain").is_utf8());
        assert!(!ContentType::parse("text/plain; charset=ISO-8859-1").is_utf8());
    }

    #[test]
    fn debug_hides_passport_cookie() {
        let headers: Headers = [("MSPAuth", "t=secret-ticket&p=")].into_iter().collect();
        let shown = format!("{headers:?}");
        assert!(!shown.contains("secret-ticket"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
