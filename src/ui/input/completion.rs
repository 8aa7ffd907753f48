//! Tab completion of slash commands and contacts. Repeated Tab cycles through matches.
//! In a command's arguments a contact always completes to its address (commands take
//! addresses), matched by address or friendly name; in text, names complete too.

use super::editor::LineEditor;

/// A completion in progress: which candidates matched and which one is inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    start: usize,
    matches: Vec<Candidate>,
    shown: usize,
    /// The line as it stood after the last completion, to tell a repeated Tab apart.
    line: String,
}

/// What a completion inserts, and the friendly name to show beside an address.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    text: String,
    name: Option<String>,
}

/// A contact that can be completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCandidate {
    pub address: String,
    /// Already sanitised for the screen.
    pub name: String,
}

/// The candidates for the word before the cursor: commands at the start of the line,
/// contacts anywhere.
pub struct Candidates<'a> {
    pub commands: &'a [String],
    pub contacts: &'a [ContactCandidate],
}

impl Candidates<'_> {
    fn matching(&self, word: &str, at_start: bool, in_command: bool) -> Vec<Candidate> {
        let prefix = word.to_lowercase();
        let starts = |text: &str| text.to_lowercase().starts_with(&prefix);
        let mut matches: Vec<Candidate> = if at_start && word.starts_with('/') {
            self.commands
                .iter()
                .filter(|command| starts(command))
                .map(|command| Candidate {
                    text: command.clone(),
                    name: None,
                })
                .collect()
        } else if in_command {
            self.contacts
                .iter()
                .filter(|contact| starts(&contact.address) || starts(&contact.name))
                .map(|contact| Candidate {
                    text: contact.address.clone(),
                    name: Some(contact.name.clone()),
                })
                .collect()
        } else {
            self.contacts
                .iter()
                .flat_map(|contact| [&contact.address, &contact.name])
                .filter(|text| starts(text))
                .map(|text| Candidate {
                    text: text.clone(),
                    name: None,
                })
                .collect()
        };
        matches.sort_by_key(|candidate| candidate.text.to_lowercase());
        matches.dedup_by(|a, b| a.text == b.text);
        matches
    }
}

impl Completion {
    /// Completes the word before the cursor, or cycles when `previous` is still current.
    pub fn complete(
        editor: &mut LineEditor,
        previous: Option<Completion>,
        candidates: &Candidates<'_>,
    ) -> Option<Completion> {
        match previous {
            Some(previous) if previous.line == editor.text() => Some(previous.cycle(editor)),
            _ => Completion::start(editor, candidates),
        }
    }

    fn start(editor: &mut LineEditor, candidates: &Candidates<'_>) -> Option<Completion> {
        let (start, word) = editor.word_before_cursor();
        if word.is_empty() {
            return None;
        }
        let in_command = editor.text().trim_start().starts_with('/');
        let matches = candidates.matching(word, start == 0, in_command);
        let first = matches.first()?;
        editor.replace_before_cursor(start, &format!("{} ", first.text));
        Some(Completion {
            start,
            line: editor.text().to_owned(),
            matches,
            shown: 0,
        })
    }

    fn cycle(mut self, editor: &mut LineEditor) -> Completion {
        self.shown = (self.shown + 1) % self.matches.len();
        editor.replace_before_cursor(self.start, &format!("{} ", self.matches[self.shown].text));
        self.line = editor.text().to_owned();
        self
    }

    /// What was inserted, with the contact's name for an address: `dana@x — Dana (1/2)`.
    pub fn describe(&self) -> Option<String> {
        let shown = self.matches.get(self.shown)?;
        let name = shown.name.as_ref()?;
        let count = match self.matches.len() {
            1 => String::new(),
            total => format!(" ({}/{total}, Tab for the next)", self.shown + 1),
        };
        Some(format!("{} — {name}{count}", shown.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::action::Edit;

    fn typed(text: &str) -> LineEditor {
        let mut editor = LineEditor::default();
        text.chars().for_each(|c| editor.apply(&Edit::Insert(c)));
        editor
    }

    fn lists() -> (Vec<String>, Vec<ContactCandidate>) {
        let commands = ["/msg", "/me", "/nudge", "/status"]
            .map(String::from)
            .to_vec();
        let contacts = [
            ("bob@example.com", "Bobby"),
            ("amy@example.com", "Amélie"),
            ("dana@example.com", "Dana"),
        ]
        .map(|(address, name)| ContactCandidate {
            address: address.into(),
            name: name.into(),
        })
        .to_vec();
        (commands, contacts)
    }

    #[test]
    fn completes_commands_at_the_start_of_the_line() {
        let (commands, contacts) = lists();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        let mut editor = typed("/n");
        assert!(Completion::complete(&mut editor, None, &candidates).is_some());
        assert_eq!(editor.text(), "/nudge ");
    }

    #[test]
    fn completes_contacts_elsewhere_and_cycles_on_repeat() {
        let (commands, contacts) = lists();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        let mut editor = typed("hi BO");
        let first = Completion::complete(&mut editor, None, &candidates);
        assert_eq!(editor.text(), "hi bob@example.com ");
        let second = Completion::complete(&mut editor, first, &candidates);
        assert_eq!(editor.text(), "hi Bobby ");
        let third = Completion::complete(&mut editor, second, &candidates);
        assert_eq!(editor.text(), "hi bob@example.com ");
        assert!(third.is_some());
    }

    #[test]
    fn a_command_argument_completes_the_address_of_a_name() {
        let (commands, contacts) = lists();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        let mut editor = typed("/msg da");
        let completion = Completion::complete(&mut editor, None, &candidates);
        assert_eq!(editor.text(), "/msg dana@example.com ");
        assert_eq!(
            completion.and_then(|c| c.describe()).as_deref(),
            Some("dana@example.com — Dana")
        );
        let mut by_address = typed("/nudge BO");
        Completion::complete(&mut by_address, None, &candidates);
        assert_eq!(by_address.text(), "/nudge bob@example.com ");
    }

    #[test]
    fn an_edit_in_between_starts_a_new_completion() {
        let (commands, contacts) = lists();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        let mut editor = typed("am");
        let previous = Completion::complete(&mut editor, None, &candidates);
        assert_eq!(editor.text(), "amy@example.com ");
        editor.apply(&Edit::Insert('a'));
        editor.apply(&Edit::Insert('m'));
        Completion::complete(&mut editor, previous, &candidates);
        assert_eq!(editor.text(), "amy@example.com amy@example.com ");
    }

    #[test]
    fn no_match_or_no_word_changes_nothing() {
        let (commands, contacts) = lists();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        let mut editor = typed("zz");
        assert!(Completion::complete(&mut editor, None, &candidates).is_none());
        assert_eq!(editor.text(), "zz");
        let mut spaced = typed("hi ");
        assert!(Completion::complete(&mut spaced, None, &candidates).is_none());
        let mut slash_later = typed("say /n");
        assert!(Completion::complete(&mut slash_later, None, &candidates).is_none());
    }
}
