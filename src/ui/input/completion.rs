//! Tab completion of slash commands and contacts. Repeated Tab cycles through matches.

use super::editor::LineEditor;

/// A completion in progress: which candidates matched and which one is inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    start: usize,
    matches: Vec<String>,
    shown: usize,
    /// The line as it stood after the last completion, to tell a repeated Tab apart.
    line: String,
}

/// The candidates for the word before the cursor: commands at the start of the line,
/// contacts anywhere.
pub struct Candidates<'a> {
    pub commands: &'a [String],
    pub contacts: &'a [String],
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
        let pool = if start == 0 && word.starts_with('/') {
            candidates.commands
        } else {
            candidates.contacts
        };
        let prefix = word.to_lowercase();
        let mut matches: Vec<String> = pool
            .iter()
            .filter(|candidate| candidate.to_lowercase().starts_with(&prefix))
            .cloned()
            .collect();
        matches.sort_by_key(|candidate| candidate.to_lowercase());
        matches.dedup();
        let first = matches.first()?;
        editor.replace_before_cursor(start, &format!("{first} "));
        Some(Completion {
            start,
            line: editor.text().to_owned(),
            matches,
            shown: 0,
        })
    }

    fn cycle(mut self, editor: &mut LineEditor) -> Completion {
        self.shown = (self.shown + 1) % self.matches.len();
        editor.replace_before_cursor(self.start, &format!("{} ", self.matches[self.shown]));
        self.line = editor.text().to_owned();
        self
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

    fn lists() -> (Vec<String>, Vec<String>) {
        let commands = ["/msg", "/me", "/nudge", "/status"]
            .map(String::from)
            .to_vec();
        let contacts = ["bob@example.com", "Bobby", "amy@example.com", "Amélie"]
            .map(String::from)
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
