//! The sign-in handshake of the notification server (VER, CVR, USR … `USR OK`), kept
//! apart from the scrolling protocol log so the pane can pin it above the live tail:
//! a new user should see how msntui signed in without scrolling for it.

use super::protocol_log::{Direction, ProtocolEntry};

/// More lines than this are not a handshake worth pinning (a long redirect chain).
const MAX_LINES: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct SignIn {
    lines: Vec<ProtocolEntry>,
    complete: bool,
}

impl SignIn {
    /// The lines of the last completed sign-in; empty until one completes.
    pub fn lines(&self) -> &[ProtocolEntry] {
        if self.complete { &self.lines } else { &[] }
    }

    pub(super) fn observe(&mut self, entry: &ProtocolEntry) {
        if !entry.connection.starts_with("NS") {
            return;
        }
        let starts = entry.direction == Direction::Outgoing && entry.command() == "VER";
        if starts && (self.complete || self.lines.len() >= MAX_LINES) {
            self.lines.clear();
            self.complete = false;
        }
        if self.complete || (self.lines.is_empty() && !starts) || self.lines.len() >= MAX_LINES {
            return;
        }
        self.lines.push(entry.clone());
        let mut words = entry.line.split_whitespace();
        self.complete = entry.direction == Direction::Incoming
            && words.next() == Some("USR")
            && words.nth(1) == Some("OK");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Timestamp;

    fn entry(connection: &str, direction: Direction, line: &str) -> ProtocolEntry {
        ProtocolEntry {
            time: Timestamp(0),
            connection: connection.into(),
            direction,
            line: line.into(),
            is_error: false,
        }
    }

    #[test]
    fn keeps_the_handshake_from_ver_to_usr_ok() {
        use Direction::{Incoming, Outgoing};
        let mut sign_in = SignIn::default();
        sign_in.observe(&entry("NS 1", Incoming, "CHL 0 1"));
        sign_in.observe(&entry("NS 1", Outgoing, "VER 1 MSNP18 CVR0"));
        sign_in.observe(&entry("SB 2", Outgoing, "USR 1 x"));
        sign_in.observe(&entry("NS 1", Incoming, "VER 1 MSNP18"));
        assert!(sign_in.lines().is_empty(), "shown once complete");
        sign_in.observe(&entry("NS 1", Outgoing, "USR 2 SSO S t"));
        sign_in.observe(&entry("NS 1", Incoming, "USR 2 OK me@x 1 0"));
        sign_in.observe(&entry("NS 1", Incoming, "SBS 0 null"));
        let lines: Vec<&str> = sign_in.lines().iter().map(|e| e.line.as_str()).collect();
        assert_eq!(
            lines,
            [
                "VER 1 MSNP18 CVR0",
                "VER 1 MSNP18",
                "USR 2 SSO S t",
                "USR 2 OK me@x 1 0"
            ]
        );
        sign_in.observe(&entry("NS 2", Outgoing, "VER 1 MSNP18 CVR0"));
        assert!(sign_in.lines().is_empty(), "a new sign-in replaces the old");
    }
}
