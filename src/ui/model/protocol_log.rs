//! The protocol log: raw lines in and out of every connection, with a filter.
//!
//! Entries are numbered as they arrive; the filter keeps the numbers of matching entries,
//! so a filtered view is drawn as cheaply as an unfiltered one.

use std::collections::VecDeque;

use super::clock::Timestamp;
use super::scrollback::ScrollPosition;
use super::sign_in::SignIn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Incoming,
    Outgoing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolEntry {
    pub time: Timestamp,
    /// The connection, e.g. `NS` or `SB 2`.
    pub connection: String,
    pub direction: Direction,
    /// The raw line, already redacted upstream.
    pub line: String,
    pub is_error: bool,
}

impl ProtocolEntry {
    /// The command word, e.g. `USR`.
    pub fn command(&self) -> &str {
        self.line.split_whitespace().next().unwrap_or("")
    }

    /// Matches a connection tag prefix (`SB`, `SB 2`) or a command (`USR`), ignoring case.
    pub fn matches(&self, filter: &str) -> bool {
        let filter = filter.trim();
        filter.is_empty()
            || self
                .connection
                .get(..filter.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(filter))
            || self.command().eq_ignore_ascii_case(filter)
    }
}

#[derive(Debug, Clone)]
pub struct ProtocolLog {
    entries: VecDeque<ProtocolEntry>,
    capacity: usize,
    first_number: u64,
    filter: String,
    matching: VecDeque<u64>,
    position: ScrollPosition,
    sign_in: SignIn,
}

impl ProtocolLog {
    /// Keeps at most `capacity` entries (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        ProtocolLog {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            first_number: 0,
            filter: String::new(),
            matching: VecDeque::new(),
            position: ScrollPosition::default(),
            sign_in: SignIn::default(),
        }
    }

    pub fn push(&mut self, entry: ProtocolEntry) {
        self.sign_in.observe(&entry);
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
            self.first_number += 1;
            if self
                .matching
                .front()
                .is_some_and(|&number| number < self.first_number)
            {
                self.matching.pop_front();
            }
        }
        let number = self.first_number + self.entries.len() as u64;
        let shown = entry.matches(&self.filter);
        self.entries.push_back(entry);
        if shown {
            self.matching.push_back(number);
            self.position.item_added(self.matching.len());
        }
    }

    /// The last completed sign-in handshake, for pinning.
    pub fn sign_in(&self) -> &SignIn {
        &self.sign_in
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Shows only matching entries, following the live tail again.
    pub fn set_filter(&mut self, filter: impl Into<String>) {
        self.filter = filter.into();
        self.matching = self
            .entries
            .iter()
            .zip(self.first_number..)
            .filter(|(entry, _)| entry.matches(&self.filter))
            .map(|(_, number)| number)
            .collect();
        self.position.follow();
    }

    /// Entries that pass the filter.
    pub fn shown_len(&self) -> usize {
        self.matching.len()
    }

    /// The `index`-th entry that passes the filter, oldest first.
    pub fn shown(&self, index: usize) -> Option<&ProtocolEntry> {
        let number = *self.matching.get(index)?;
        self.entries.get((number - self.first_number) as usize)
    }

    pub fn position(&self) -> ScrollPosition {
        self.position
    }

    pub fn scroll_up(&mut self, lines: usize) {
        self.position.scroll_up(lines, self.matching.len());
    }

    pub fn scroll_down(&mut self, lines: usize) {
        self.position.scroll_down(lines);
    }

    pub fn scroll_to_oldest(&mut self) {
        self.position.scroll_to_oldest(self.matching.len());
    }

    pub fn follow(&mut self) {
        self.position.follow();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(connection: &str, direction: Direction, line: &str) -> ProtocolEntry {
        ProtocolEntry {
            time: Timestamp(0),
            connection: connection.into(),
            direction,
            line: line.into(),
            is_error: false,
        }
    }

    fn sample(capacity: usize) -> ProtocolLog {
        let mut log = ProtocolLog::with_capacity(capacity);
        log.push(entry("NS", Direction::Outgoing, "VER 1 MSNP15 CVR0"));
        log.push(entry("NS", Direction::Incoming, "VER 1 MSNP15"));
        log.push(entry("SB 1", Direction::Outgoing, "USR 1 me@x 123.456"));
        log.push(entry("SB 2", Direction::Incoming, "JOI bob@x Bob"));
        log.push(entry("NS", Direction::Outgoing, "USR 2 SSO I me@x"));
        log
    }

    fn shown_lines(log: &ProtocolLog) -> Vec<&str> {
        (0..log.shown_len())
            .filter_map(|index| log.shown(index))
            .map(|entry| entry.line.as_str())
            .collect()
    }

    #[test]
    fn filters_by_connection_tag_prefix() {
        let mut log = sample(100);
        log.set_filter("sb");
        assert_eq!(shown_lines(&log), ["USR 1 me@x 123.456", "JOI bob@x Bob"]);
        log.set_filter("SB 2");
        assert_eq!(shown_lines(&log), ["JOI bob@x Bob"]);
    }

    #[test]
    fn filters_by_command() {
        let mut log = sample(100);
        log.set_filter("usr");
        assert_eq!(
            shown_lines(&log),
            ["USR 1 me@x 123.456", "USR 2 SSO I me@x"]
        );
        log.push(entry("NS", Direction::Incoming, "USR 2 OK me@x 1 0"));
        log.push(entry("NS", Direction::Incoming, "CHL 0 123"));
        assert_eq!(log.shown_len(), 3);
        log.set_filter("");
        assert_eq!(log.shown_len(), 7);
    }

    #[test]
    fn filtered_view_survives_entries_falling_off() {
        let mut log = sample(3);
        log.set_filter("NS");
        assert_eq!(shown_lines(&log), ["USR 2 SSO I me@x"]);
        log.push(entry("NS", Direction::Incoming, "CHL 0 1"));
        log.push(entry("NS", Direction::Incoming, "CHL 0 2"));
        log.push(entry("NS", Direction::Incoming, "CHL 0 3"));
        assert_eq!(shown_lines(&log), ["CHL 0 1", "CHL 0 2", "CHL 0 3"]);
    }

    #[test]
    fn paused_view_counts_new_matching_entries() {
        let mut log = sample(100);
        log.scroll_up(2);
        assert!(log.position().is_paused());
        log.push(entry("NS", Direction::Incoming, "QNG 50"));
        assert_eq!(log.position().unseen(), 1);
        assert_eq!(log.position().newest_visible(log.shown_len()), Some(2));
        log.follow();
        assert!(!log.position().is_paused());
    }
}
