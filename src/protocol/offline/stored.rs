//! The text of one offline message: the RFC 822 message `GetMessage` returns (headers
//! folded over several lines, a base64 body in some charset), and the smaller MIME
//! message a client stores with `oim.asmx`.

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::date::parse_rfc2822;
use super::error::{BodyProblem, OfflineError};
use crate::protocol::message::{ContentType, Headers, MimeMessage, decode_encoded_words};

/// Base64 lines of stored content are this long (libpurple's `OIM_LINE_LEN`).
const LINE_LENGTH: usize = 76;
/// Longer body lines are refused by the service (Escargot: `InvalidContent`).
pub const MAX_BODY_LINE: usize = 77;

/// An offline message as `GetMessage` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineText {
    /// The address in `From:`, lower case.
    pub sender: String,
    /// The display name in `From:`, decoded; empty when there is none.
    pub sender_name: String,
    /// `Date:`, when readable.
    pub sent: Option<SystemTime>,
    pub run_id: Option<String>,
    pub sequence: Option<u32>,
    /// The text, or why it cannot be shown.
    pub body: Result<String, BodyProblem>,
}

/// Joins folded header lines (a line starting with a space or tab continues the last).
fn unfold(text: &str) -> Result<(String, &str), OfflineError> {
    let text = text.trim_start_matches(['\r', '\n']);
    let (head, body) = split_head(text).ok_or(OfflineError::NoBody)?;
    let mut unfolded = String::with_capacity(head.len());
    for (index, line) in head.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if index == 0 {
                return Err(OfflineError::Header(1));
            }
            unfolded.push(' ');
            unfolded.push_str(line.trim_start());
        } else {
            if index > 0 {
                unfolded.push_str("\r\n");
            }
            unfolded.push_str(line);
        }
    }
    unfolded.push_str("\r\n\r\n");
    Ok((unfolded, body))
}

/// Header block and body, split at the first empty line (CRLF or LF).
fn split_head(text: &str) -> Option<(&str, &str)> {
    let crlf = text.find("\r\n\r\n").map(|at| (at, 4));
    let lf = text.find("\n\n").map(|at| (at, 2));
    let (at, length) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&text[..at], &text[at + length..]))
}

fn headers_of(text: &str) -> Result<(Headers, &str), OfflineError> {
    let (head, body) = unfold(text)?;
    let parsed = MimeMessage::parse(head.as_bytes()).map_err(|error| match error {
        crate::protocol::message::MessageError::MalformedHeader { line_number, .. }
        | crate::protocol::message::MessageError::HeaderNotUtf8 { line_number } => {
            OfflineError::Header(line_number)
        }
        _ => OfflineError::NoBody,
    })?;
    Ok((parsed.headers, body))
}

impl OfflineText {
    /// Reads the `GetMessageResult` text (already XML-unescaped). Only a message without
    /// headers or sender is an error; a body that cannot be read is a [`BodyProblem`].
    pub fn parse(text: &str) -> Result<Self, OfflineError> {
        let (headers, body) = headers_of(text)?;
        let from = headers.get("From").unwrap_or_default();
        let (name, address) = match (from.rfind('<'), from.rfind('>')) {
            (Some(open), Some(close)) if open < close => {
                (from[..open].trim(), from[open + 1..close].trim())
            }
            _ => ("", from.trim()),
        };
        if !address.contains('@') || address.contains(char::is_whitespace) {
            return Err(OfflineError::NoSender(from.to_owned()));
        }
        Ok(Self {
            sender: address.to_ascii_lowercase(),
            sender_name: decode_encoded_words(name.trim_matches('"')),
            sent: headers.get("Date").and_then(parse_rfc2822),
            run_id: headers.non_empty("X-OIM-Run-Id"),
            sequence: headers.parsed("X-OIM-Sequence-Num"),
            body: decode_body(&headers, body),
        })
    }
}

/// The text of a body according to its headers; the `text/plain` part of a multipart one.
fn decode_body(headers: &Headers, body: &str) -> Result<String, BodyProblem> {
    let content_type = headers
        .get("Content-Type")
        .map_or_else(|| ContentType::parse("text/plain"), ContentType::parse);
    if content_type.media_type.starts_with("multipart/") {
        return text_part(headers, body);
    }
    if content_type.media_type != "text/plain" {
        return Err(BodyProblem::NotText(content_type.media_type));
    }
    let encoding = headers
        .get("Content-Transfer-Encoding")
        .unwrap_or("7bit")
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            BASE64
                .decode(compact.as_bytes())
                .map_err(|_| BodyProblem::NotBase64)?
        }
        "7bit" | "8bit" | "binary" => body.as_bytes().to_vec(),
        other => return Err(BodyProblem::UnknownEncoding(other.to_owned())),
    };
    decode_charset(content_type.charset.as_deref().unwrap_or("utf-8"), &bytes)
}

fn text_part(headers: &Headers, body: &str) -> Result<String, BodyProblem> {
    let value = headers.get("Content-Type").unwrap_or_default();
    let boundary = value
        .split(';')
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, boundary)| boundary.trim().trim_matches('"'))
        .filter(|boundary| !boundary.is_empty())
        .ok_or_else(|| BodyProblem::NotText("multipart without boundary".into()))?;
    let delimiter = format!("--{boundary}");
    body.split(delimiter.as_str())
        .skip(1)
        .filter_map(|part| headers_of(part).ok())
        .find(|(part_headers, _)| {
            part_headers
                .get("Content-Type")
                .is_none_or(|kind| ContentType::parse(kind).media_type == "text/plain")
        })
        .map_or_else(
            || Err(BodyProblem::NotText("multipart without a text part".into())),
            |(part_headers, part_body)| decode_body(&part_headers, part_body.trim_end()),
        )
}

fn decode_charset(charset: &str, bytes: &[u8]) -> Result<String, BodyProblem> {
    match charset.trim().to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" => {
            String::from_utf8(bytes.to_vec()).map_err(|_| BodyProblem::InvalidText("UTF-8".into()))
        }
        "us-ascii" | "ascii" => {
            if bytes.is_ascii() {
                Ok(String::from_utf8_lossy(bytes).into_owned())
            } else {
                Err(BodyProblem::InvalidText("ASCII".into()))
            }
        }
        "iso-8859-1" | "latin1" | "latin-1" => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        other => Err(BodyProblem::UnknownCharset(other.to_owned())),
    }
}

/// What a client stores: `text` as UTF-8, base64 in lines of 76, with the run id and
/// sequence number that must match `Sequence/MessageNumber`.
pub fn compose_content(text: &str, run_id: &str, sequence: u32) -> String {
    let encoded = BASE64.encode(text.as_bytes());
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(LINE_LENGTH)
        .filter_map(|line| std::str::from_utf8(line).ok())
        .collect();
    format!(
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\nX-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {run_id}\r\nX-OIM-Sequence-Num: {sequence}\r\n\r\n{}",
        lines.join("\r\n")
    )
}

/// The content of a `Store` request, checked the way the service checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContent {
    /// The client's header lines, in order.
    pub headers: Headers,
    /// The base64 body as sent, its line breaks removed.
    pub body: String,
    pub sequence: Option<u32>,
}

impl StoredContent {
    /// `None` for content the service refuses (`InvalidContent`).
    pub fn check(content: &str) -> Option<Self> {
        let (headers, body) = headers_of(content).ok()?;
        let is = |name: &str, expected: &str| {
            headers
                .get(name)
                .is_some_and(|value| value.trim().eq_ignore_ascii_case(expected))
        };
        let run_id = headers.get("X-OIM-Run-Id")?.trim().to_owned();
        let guid = run_id
            .as_str()
            .trim_start_matches('{')
            .trim_end_matches('}');
        let sequence = match headers.get("X-OIM-Sequence-Num") {
            Some(value) => Some(value.trim().parse().ok()?),
            None => None,
        };
        let valid = is("MIME-Version", "1.0")
            && headers
                .get("Content-Type")
                .is_some_and(|kind| ContentType::parse(kind).media_type == "text/plain")
            && is("Content-Transfer-Encoding", "base64")
            && is("X-OIM-Message-Type", "OfflineMessage")
            && uuid::Uuid::parse_str(guid).is_ok()
            && body
                .lines()
                .all(|line| line.trim_end().len() <= MAX_BODY_LINE)
            && decode_body(&headers, body).is_ok();
        valid.then(|| Self {
            sequence,
            body: body.split_whitespace().collect(),
            headers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = "X-Message-Info: cwRBnLifKNE8dVZlNj6AiX8142B67OTjG9BFMLMyzuui1H4Xx7m3NQ==\r\nReceived: from OIM-SSI02.phx.gbl ([65.54.237.206]) by oim1-f1.hotmail.com with Microsoft SMTPSVC(6.0.3790.211);\r\n\t Sun, 29 Nov 2026 22:33:28 -0800\r\nFrom: =?utf-8?B?QWxpY2U=?= <alice@example.com>\r\nTo: carol@example.com\r\nSubject: \r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\nX-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {92B4D1F3-402B-41B8-989D-F7CE97E6F871}\r\nX-OIM-Sequence-Num: 2\r\nDate: 29 Nov 2026 22:33:28 -0800\r\n\r\nU2Vjb25kIG9uZSwgd2l0aCBub24tQVNDSUk6IEdyw7zDn2UsIG5hw692ZSBjYWbDqSDimLog4oCU\r\nIGFuZCBhIGxpbmUgYnJlYWsNCmhlcmUsIGxvbmcgZW5vdWdoIHRvIHdyYXAgdGhlIGJhc2U2NC4=";

    #[test]
    fn reads_the_recorded_message() {
        let text = OfflineText::parse(RECORDED).unwrap();
        assert_eq!(text.sender, "alice@example.com");
        assert_eq!(text.sender_name, "Alice");
        assert_eq!(text.sequence, Some(2));
        assert_eq!(
            text.run_id.as_deref(),
            Some("{92B4D1F3-402B-41B8-989D-F7CE97E6F871}")
        );
        assert_eq!(text.sent, parse_rfc2822("30 Nov 2026 06:33:28 +0000"));
        let body = text.body.unwrap();
        assert!(
            body.starts_with("Second one, with non-ASCII: Grüße"),
            "{body}"
        );
        assert!(body.contains("line break\r\nhere"));
    }

    fn with_body(content_type: &str, encoding: &str, body: &str) -> OfflineText {
        OfflineText::parse(&format!(
            "From: <bob@example.com>\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{body}"
        ))
        .unwrap()
    }

    #[test]
    fn unreadable_bodies_are_problems_not_failures() {
        let not_utf8 = BASE64.encode([0xC3, 0x28, 0xFF]);
        assert_eq!(
            with_body("text/plain; charset=UTF-8", "base64", &not_utf8).body,
            Err(BodyProblem::InvalidText("UTF-8".into()))
        );
        assert_eq!(
            with_body("text/plain; charset=UTF-8", "base64", "%%%").body,
            Err(BodyProblem::NotBase64)
        );
        assert_eq!(
            with_body("text/plain; charset=koi8-r", "base64", "aGk=").body,
            Err(BodyProblem::UnknownCharset("koi8-r".into()))
        );
        assert_eq!(
            with_body("text/plain; charset=iso-8859-1", "base64", "Y2Fm6Q==").body,
            Ok("café".into())
        );
        assert_eq!(
            with_body("image/gif", "base64", "aGk=").body,
            Err(BodyProblem::NotText("image/gif".into()))
        );
    }

    #[test]
    fn multipart_gives_its_text_part() {
        let text = with_body(
            "multipart/alternative; boundary=\"b1\"",
            "7bit",
            "--b1\r\nContent-Type: text/html\r\n\r\n<b>x</b>\r\n--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b1--\r\n",
        );
        assert_eq!(text.body, Ok("hello".into()));
    }

    #[test]
    fn messages_without_sender_or_headers_are_errors() {
        assert_eq!(
            OfflineText::parse("no headers at all"),
            Err(OfflineError::NoBody)
        );
        assert!(matches!(
            OfflineText::parse("To: x@y.z\r\n\r\nhi"),
            Err(OfflineError::NoSender(_))
        ));
        assert_eq!(
            OfflineText::parse("\tfolded\r\n\r\n"),
            Err(OfflineError::Header(1))
        );
    }

    #[test]
    fn composed_content_passes_the_service_checks() {
        let text = "x".repeat(200) + " Grüße";
        let content = compose_content(&text, "{92B4D1F3-402B-41B8-989D-F7CE97E6F871}", 3);
        let checked = StoredContent::check(&content).unwrap();
        assert_eq!(checked.sequence, Some(3));
        assert!(content.lines().all(|line| line.trim_end().len() <= 76));
        let (head, body) = content.split_once("\r\n\r\n").unwrap();
        let long_line = format!("{head}\r\n\r\n{}", body.replace("\r\n", ""));
        assert!(StoredContent::check(&long_line).is_none());
        assert!(StoredContent::check(&content.replace("OfflineMessage", "Other")).is_none());
    }
}
