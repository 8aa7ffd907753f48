//! Keeping secrets out of raw-line events, logs and error messages.
//!
//! Two layers: fields known to hold a secret are replaced by position (tickets, the MBI
//! blob, the MD5 answer, switchboard cookies, `MSPAuth`-style profile headers), and any
//! value the session has learnt to be secret (the password, tickets) is replaced
//! wherever else it shows up.

use std::borrow::Cow;

use bytes::Bytes;

use crate::p2p::session_data_start;
use crate::protocol::ClientCommand;
use crate::protocol::RawFrame;
use crate::protocol::command::UsrStep;

/// What a secret is replaced with.
pub const MARKER: &str = "<redacted>";

/// Profile and notification headers whose values are credentials.
const SECRET_HEADERS: [&str; 6] = ["MSPAuth", "MSPProf", "MSPSec", "MSPRequ", "kv", "Ticket"];

/// Secrets shorter than this (in bytes) are replaced only where they stand alone: replaced
/// inside words too, a one-letter password would blank that letter in every line.
const SHORT_SECRET: usize = 6;

/// `text` with each occurrence of `secret` that no letter or digit touches replaced: the
/// password as a field, an XML element's text or a `pwd=` value, never part of a word.
fn replace_standalone(text: &str, secret: &str) -> String {
    let touches = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, _) in text.match_indices(secret) {
        let end = start + secret.len();
        if touches(text[..start].chars().next_back()) || touches(text[end..].chars().next()) {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(MARKER);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The secrets of one session.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces `secret` (and its URL- and XML-escaped forms) from now on.
    pub fn remember(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let encoded =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let escaped = quick_xml::escape::escape(secret).into_owned();
        for form in [secret.to_owned(), encoded, escaped] {
            if !self.secrets.contains(&form) {
                self.secrets.push(form);
            }
        }
        // Longest first, so that a secret containing another is replaced whole.
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// `text` with every remembered secret and every compact ticket replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if !out.contains(secret.as_str()) {
                continue;
            }
            out = if secret.len() < SHORT_SECRET {
                replace_standalone(&out, secret)
            } else {
                out.replace(secret.as_str(), MARKER)
            };
        }
        out.split(' ')
            .map(|word| if is_ticket(word) { MARKER } else { word })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The command line and payload of a command we send, redacted.
    pub fn sent(&self, command: &ClientCommand) -> (String, Option<String>) {
        let hidden = || MARKER.to_owned();
        let mut command = command.clone();
        match &mut command {
            ClientCommand::Usr(usr) => match &mut usr.step {
                UsrStep::Md5Response { hash } => *hash = hidden(),
                UsrStep::TwnTicket { ticket } | UsrStep::CircleTicket { ticket } => {
                    *ticket = hidden()
                }
                UsrStep::SsoResponse {
                    ticket, response, ..
                } => {
                    *ticket = hidden();
                    *response = hidden();
                }
                UsrStep::Switchboard { cookie, .. } => *cookie = hidden(),
                UsrStep::Initial { .. } => {}
            },
            ClientCommand::Ans(ans) => ans.cookie = hidden(),
            _ => {}
        }
        let bytes = command.to_bytes().freeze();
        let (line, payload) = split_frame(&bytes);
        (
            self.text(&line),
            payload.map(|p| self.text(&payload_text(p))),
        )
    }

    /// The command line and payload of a frame we received, redacted.
    pub fn received(&self, frame: &RawFrame) -> (String, Option<String>) {
        let line = String::from_utf8_lossy(frame.line());
        let mut fields: Vec<&str> = line.split(' ').collect();
        for i in 1..fields.len() {
            if fields[i - 1] == "CKI" {
                fields[i] = MARKER;
            }
        }
        let line = self.text(&fields.join(" "));
        let payload = frame
            .payload_slice()
            .map(|payload| self.text(&redact_headers(&payload_text(payload))));
        (line, payload)
    }
}

/// A compact Passport ticket: `t=...&p=...`.
fn is_ticket(word: &str) -> bool {
    word.len() > 4 && word.starts_with("t=") && word.contains("&p=")
}

fn redact_headers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let secret = line.split_once(':').is_some_and(|(name, _)| {
            SECRET_HEADERS
                .iter()
                .any(|header| name.trim().eq_ignore_ascii_case(header))
        });
        if secret && let Some((name, _)) = line.split_once(':') {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(MARKER);
            if line.ends_with("\r\n") {
                out.push_str("\r\n");
            } else if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Splits encoded bytes into the command line and the payload after it.
fn split_frame(bytes: &Bytes) -> (String, Option<&[u8]>) {
    match bytes.windows(2).position(|two| two == b"\r\n") {
        Some(end) if end + 2 < bytes.len() => (
            String::from_utf8_lossy(&bytes[..end]).into_owned(),
            Some(&bytes[end + 2..]),
        ),
        Some(end) => (String::from_utf8_lossy(&bytes[..end]).into_owned(), None),
        None => (String::from_utf8_lossy(bytes).into_owned(), None),
    }
}

/// A payload as text; P2P session data (file and picture bytes) as its MIME headers and
/// its length: binary is of no use in the protocol pane, and converting it per packet
/// cost a fifth of a transfer's time.
fn payload_text(payload: &[u8]) -> Cow<'_, str> {
    match session_data_start(payload) {
        Some(start) => Cow::Owned(format!(
            "{}({} bytes of P2P session data)",
            String::from_utf8_lossy(&payload[..start]),
            payload.len() - start
        )),
        None => String::from_utf8_lossy(payload),
    }
}

#[cfg(test)]
mod tests;
