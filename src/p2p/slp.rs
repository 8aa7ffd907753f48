//! MSNSLP messages (extensions §3.6): a SIP-like start line, `Name: value` headers, a
//! blank line, and a body of `Key: value` lines ending in a NUL byte that
//! `Content-Length` counts.

use super::error::P2pError;
use crate::protocol::message::Headers;

const VERSION: &str = "MSNSLP/1.0";
const SESSION_REQUEST: &str = "application/x-msnmsgr-sessionreqbody";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine {
    /// `INVITE MSNMSGR:carol@example.com MSNSLP/1.0`.
    Request { method: String, to: String },
    /// `MSNSLP/1.0 603 Decline`.
    Response { code: u16, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlpMessage {
    pub start: StartLine,
    pub headers: Headers,
    pub body: Headers,
}

impl SlpMessage {
    pub fn parse(bytes: &[u8]) -> Result<Self, P2pError> {
        let text = std::str::from_utf8(bytes).map_err(|_| P2pError::SlpNotText)?;
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or((text.trim_end_matches('\0'), ""));
        let mut lines = head.split("\r\n");
        let start = parse_start(lines.next().unwrap_or_default())?;
        let headers = fields(lines);
        let declared: Option<usize> = headers.parsed("Content-Length");
        let body = match declared {
            Some(length) => body.get(..length).unwrap_or(body),
            None => body,
        };
        let body = fields(body.split('\0').next().unwrap_or_default().split("\r\n"));
        Ok(Self {
            start,
            headers,
            body,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = String::new();
        for (name, value) in self.body.iter() {
            body.push_str(&format!("{name}: {value}\r\n"));
        }
        body.push_str("\r\n\0");
        let mut out = match &self.start {
            StartLine::Request { method, to } => format!("{method} MSNMSGR:{to} {VERSION}\r\n"),
            StartLine::Response { code, reason } => format!("{VERSION} {code} {reason}\r\n"),
        };
        for (name, value) in self.headers.iter() {
            if !name.eq_ignore_ascii_case("Content-Length") {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        out.push_str(&body);
        out.into_bytes()
    }

    pub fn is_invite(&self) -> bool {
        matches!(&self.start, StartLine::Request { method, .. } if method == "INVITE")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// The `603 Decline` answering this INVITE: same branch and call, sender and
    /// receiver swapped.
    pub fn decline(&self) -> Result<SlpMessage, P2pError> {
        let required = |name: &'static str| {
            self.headers
                .non_empty(name)
                .ok_or(P2pError::MissingField(name))
        };
        let mut headers = Headers::new();
        headers.push("To", required("From")?);
        headers.push("From", required("To")?);
        headers.push("Via", required("Via")?);
        headers.push("CSeq", "1 ");
        headers.push("Call-ID", required("Call-ID")?);
        headers.push("Max-Forwards", "0");
        headers.push("Content-Type", SESSION_REQUEST);
        let mut body = Headers::new();
        if let Some(session) = self.body.non_empty("SessionID") {
            body.push("SessionID", session);
        }
        Ok(SlpMessage {
            start: StartLine::Response {
                code: 603,
                reason: "Decline".to_owned(),
            },
            headers,
            body,
        })
    }
}

fn parse_start(line: &str) -> Result<StartLine, P2pError> {
    let bad = || P2pError::BadStartLine(line.to_owned());
    let mut words = line.splitn(3, ' ');
    let (first, second, third) = (words.next(), words.next(), words.next());
    match (first, second, third) {
        (Some(VERSION), Some(code), Some(reason)) => Ok(StartLine::Response {
            code: code.parse().map_err(|_| bad())?,
            reason: reason.to_owned(),
        }),
        (Some(method), Some(to), Some(VERSION)) => Ok(StartLine::Request {
            method: method.to_owned(),
            to: to
                .get(..8)
                .filter(|scheme| scheme.eq_ignore_ascii_case("MSNMSGR:"))
                .map(|_| to[8..].to_owned())
                .ok_or_else(bad)?,
        }),
        _ => Err(bad()),
    }
}

/// `Key: value` lines; others (blank, without a colon) are skipped.
fn fields<'a>(lines: impl Iterator<Item = &'a str>) -> Headers {
    lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim(), value.trim_start()))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The INVITE of `p2p-relay-msnp15` (Context shortened).
    const INVITE: &str = "INVITE MSNMSGR:carol@example.com MSNSLP/1.0\r\nTo: <msnmsgr:carol@example.com>\r\nFrom: <msnmsgr:alice@example.com>\r\nVia: MSNSLP/1.0/TLP ;branch={D3A4F752-358E-48DB-A504-87277AF3C7F4}\r\nCSeq: 0 \r\nCall-ID: {A82DBE42-A83D-43D1-B201-0A130903C8E6}\r\nMax-Forwards: 0\r\nContent-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: 111\r\n\r\nEUF-GUID: {A4268EEC-FEC5-49E5-95C3-F126696BDBF6}\r\nSessionID: 49424426\r\nAppID: 1\r\nContext: PG1zbm9iaiAvPg==\r\n\r\n\0";

    /// Carol's 200 OK from the same recording, with 603 Decline in its place.
    const DECLINE: &str = "MSNSLP/1.0 603 Decline\r\nTo: <msnmsgr:alice@example.com>\r\nFrom: <msnmsgr:carol@example.com>\r\nVia: MSNSLP/1.0/TLP ;branch={D3A4F752-358E-48DB-A504-87277AF3C7F4}\r\nCSeq: 1 \r\nCall-ID: {A82DBE42-A83D-43D1-B201-0A130903C8E6}\r\nMax-Forwards: 0\r\nContent-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: 24\r\n\r\nSessionID: 49424426\r\n\r\n\0";

    #[test]
    fn reads_an_invite_and_declines_it_in_the_recorded_shape() {
        let invite = SlpMessage::parse(INVITE.as_bytes()).unwrap();
        assert!(invite.is_invite());
        assert_eq!(
            invite.start,
            StartLine::Request {
                method: "INVITE".into(),
                to: "carol@example.com".into()
            }
        );
        assert_eq!(invite.body.get("AppID"), Some("1"));
        assert_eq!(invite.body.get("Context"), Some("PG1zbm9iaiAvPg=="));
        let decline = invite.decline().unwrap();
        assert_eq!(String::from_utf8(decline.to_bytes()).unwrap(), DECLINE);
        let reparsed = SlpMessage::parse(DECLINE.as_bytes()).unwrap();
        assert_eq!(reparsed.to_bytes(), decline.to_bytes());
    }

    #[test]
    fn hostile_messages_are_errors_not_panics() {
        assert!(matches!(
            SlpMessage::parse(b"\xff\xfe"),
            Err(P2pError::SlpNotText)
        ));
        assert!(matches!(
            SlpMessage::parse(b"HELLO\r\n\r\n"),
            Err(P2pError::BadStartLine(_))
        ));
        let no_call = SlpMessage::parse(b"INVITE MSNMSGR:a MSNSLP/1.0\r\nTo: a\r\nContent-Length: 999\r\n\r\nSessionID: 1\r\n\r\n\0").unwrap();
        assert_eq!(no_call.decline(), Err(P2pError::MissingField("From")));
        assert_eq!(no_call.body.get("SessionID"), Some("1"));
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "[A-Za-z0-9:;{}/. \\r\\n\\x00-]{0,300}") {
            if let Ok(message) = SlpMessage::parse(text.as_bytes()) {
                let _ = message.decline();
                let _ = message.to_bytes();
            }
        }
    }
}
