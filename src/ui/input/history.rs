//! Input history, walked with Up/Down; the line being written is kept as a draft.

const MAX_ENTRIES: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct History {
    entries: Vec<String>,
    cursor: Option<usize>,
    draft: String,
}

impl History {
    /// Remembers a sent line (not an empty one, nor a repeat of the last).
    pub fn record(&mut self, line: &str) {
        self.cursor = None;
        self.draft.clear();
        if line.trim().is_empty() || self.entries.last().is_some_and(|last| last == line) {
            return;
        }
        if self.entries.len() == MAX_ENTRIES {
            self.entries.remove(0);
        }
        self.entries.push(line.to_owned());
    }

    /// The entry before the one shown; `current` is kept as the draft when leaving it.
    pub fn older(&mut self, current: &str) -> Option<&str> {
        let index = match self.cursor {
            None => {
                self.draft = current.to_owned();
                self.entries.len().checked_sub(1)?
            }
            Some(index) => index.saturating_sub(1),
        };
        self.cursor = Some(index);
        self.entries.get(index).map(String::as_str)
    }

    /// The entry after the one shown, or the draft after the newest.
    pub fn newer(&mut self) -> Option<&str> {
        let index = self.cursor?;
        if index + 1 < self.entries.len() {
            self.cursor = Some(index + 1);
            self.entries.get(index + 1).map(String::as_str)
        } else {
            self.cursor = None;
            Some(&self.draft)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_back_and_returns_to_the_draft() {
        let mut history = History::default();
        history.record("first");
        history.record("second");
        assert_eq!(history.older("draft"), Some("second"));
        assert_eq!(history.older("second"), Some("first"));
        assert_eq!(history.older("first"), Some("first"));
        assert_eq!(history.newer(), Some("second"));
        assert_eq!(history.newer(), Some("draft"));
        assert_eq!(history.newer(), None);
    }

    #[test]
    fn skips_empty_lines_and_repeats() {
        let mut history = History::default();
        history.record("same");
        history.record("same");
        history.record("   ");
        assert_eq!(history.older(""), Some("same"));
        assert_eq!(history.older("same"), Some("same"));
        assert_eq!(history.newer(), Some(""));
    }

    #[test]
    fn empty_history_leaves_the_line_alone() {
        let mut history = History::default();
        assert_eq!(history.older("typing"), None);
        assert_eq!(history.newer(), None);
    }

    #[test]
    fn keeps_a_bounded_number_of_entries() {
        let mut history = History::default();
        (0..MAX_ENTRIES + 10).for_each(|n| history.record(&n.to_string()));
        let mut oldest = String::new();
        while let Some(entry) = history.older(&oldest) {
            if entry == oldest {
                break;
            }
            oldest = entry.to_owned();
        }
        assert_eq!(oldest, "10");
    }
}
