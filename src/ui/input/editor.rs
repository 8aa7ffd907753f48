//! A line editor with readline movement and deletion. The cursor is a byte offset that
//! always sits on a grapheme boundary.

use unicode_segmentation::UnicodeSegmentation;

use crate::ui::action::Edit;
use crate::ui::sanitize::sanitize_typed;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of the cursor in [`text`](Self::text).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the whole line, with the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = self.text.len();
    }

    /// Empties the line and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    /// The word the cursor is at the end of (no whitespace), with its start offset.
    pub fn word_before_cursor(&self) -> (usize, &str) {
        let before = &self.text[..self.cursor];
        let start = before.rfind(char::is_whitespace).map_or(0, |space| {
            space + before[space..].chars().next().map_or(1, char::len_utf8)
        });
        (start, &before[start..])
    }

    /// Replaces `start..cursor` with `replacement`, leaving the cursor after it.
    pub fn replace_before_cursor(&mut self, start: usize, replacement: &str) {
        self.text.replace_range(start..self.cursor, replacement);
        self.cursor = start + replacement.len();
    }

    pub fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Insert(c) if c.is_control() => {}
            Edit::Insert(c) => self.insert(&sanitize_typed(c.encode_utf8(&mut [0; 4]))),
            Edit::Paste(text) => self.insert(&normalise_paste(text)),
            Edit::Newline => self.insert("\n"),
            Edit::Backspace => self.delete_range(self.previous_boundary(), self.cursor),
            Edit::Delete => self.delete_range(self.cursor, self.next_boundary()),
            Edit::Left => self.cursor = self.previous_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::WordLeft => self.cursor = self.word_start_before(),
            Edit::WordRight => self.cursor = self.word_end_after(),
            Edit::Start => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::DeleteWordBefore => self.delete_range(self.word_start_before(), self.cursor),
            Edit::DeleteToStart => self.delete_range(0, self.cursor),
            Edit::DeleteToEnd => self.delete_range(self.cursor, self.text.len()),
        }
    }

    fn insert(&mut self, text: &str) {
        self.text.insert_str(self.cursor, text);
        self.cursor += text.len();
    }

    fn delete_range(&mut self, start: usize, end: usize) {
        self.text.replace_range(start..end, "");
        self.cursor = start;
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(start, _)| start)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |grapheme| self.cursor + grapheme.len())
    }

    fn word_start_before(&self) -> usize {
        let before = self.text[..self.cursor].trim_end();
        before.rfind(char::is_whitespace).map_or(0, |space| {
            space + before[space..].chars().next().map_or(1, char::len_utf8)
        })
    }

    fn word_end_after(&self) -> usize {
        let after = &self.text[self.cursor..];
        let word_start = after.len() - after.trim_start().len();
        let word_len = after[word_start..]
            .find(char::is_whitespace)
            .unwrap_or(after.len() - word_start);
        self.cursor + word_start + word_len
    }
}

/// Pasted line endings become `\n`; anything else a terminal would act on is made
/// visible, so the line holds only what it shows.
fn normalise_paste(text: &str) -> String {
    let lines = text.replace("\r\n", "\n").replace('\r', "\n");
    let safe: Vec<_> = lines.split('\n').map(sanitize_typed).collect();
    safe.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(text: &str, cursor: usize) -> LineEditor {
        LineEditor {
            text: text.into(),
            cursor,
        }
    }

    fn after(mut editor: LineEditor, edits: &[Edit]) -> (String, usize) {
        edits.iter().for_each(|edit| editor.apply(edit));
        (editor.text, editor.cursor)
    }

    #[test]
    fn inserts_at_the_cursor() {
        let edits = [
            Edit::Insert('a'),
            Edit::Insert('日'),
            Edit::Left,
            Edit::Insert('b'),
        ];
        assert_eq!(after(editor("", 0), &edits), ("ab日".into(), 2));
    }

    #[test]
    fn typed_controls_are_ignored_and_bidi_made_visible() {
        let edits = [Edit::Insert('\x1b'), Edit::Insert('\u{202e}')];
        assert_eq!(after(editor("", 0), &edits).0, "\u{FFFD}");
    }

    #[test]
    fn typed_and_pasted_emoji_sequences_are_kept_whole() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let typed: Vec<Edit> = format!("{family}👍🏽").chars().map(Edit::Insert).collect();
        let (text, _) = after(editor("", 0), &typed);
        assert_eq!(text, format!("{family}👍🏽"));
        let pasted = [Edit::Paste("🇫🇷 ☺\u{fe0f}".into()), Edit::Left, Edit::Left];
        assert_eq!(after(editor("", 0), &pasted), ("🇫🇷 ☺\u{fe0f}".into(), 8));
        let back = after(editor(&text, text.len()), &[Edit::Left, Edit::Backspace]);
        assert_eq!(back.0, "👍🏽", "one key takes the whole family");
    }

    #[test]
    fn ctrl_a_e_move_to_the_ends() {
        assert_eq!(
            after(editor("hello", 2), &[Edit::Start]),
            ("hello".into(), 0)
        );
        assert_eq!(after(editor("hello", 2), &[Edit::End]), ("hello".into(), 5));
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let line = "say hello  world";
        assert_eq!(
            after(editor(line, line.len()), &[Edit::DeleteWordBefore]),
            ("say hello  ".into(), 11)
        );
        assert_eq!(
            after(editor(line, 11), &[Edit::DeleteWordBefore]),
            ("say world".into(), 4)
        );
    }

    #[test]
    fn ctrl_u_and_ctrl_k_delete_to_the_ends() {
        assert_eq!(
            after(editor("abcdef", 2), &[Edit::DeleteToStart]),
            ("cdef".into(), 0)
        );
        assert_eq!(
            after(editor("abcdef", 2), &[Edit::DeleteToEnd]),
            ("ab".into(), 2)
        );
    }

    #[test]
    fn alt_b_and_alt_f_move_by_words() {
        let line = "one two  three";
        assert_eq!(after(editor(line, line.len()), &[Edit::WordLeft]).1, 9);
        assert_eq!(after(editor(line, 9), &[Edit::WordLeft]).1, 4);
        assert_eq!(after(editor(line, 0), &[Edit::WordRight]).1, 3);
        assert_eq!(after(editor(line, 3), &[Edit::WordRight]).1, 7);
        assert_eq!(
            after(editor(line, 7), &[Edit::WordRight, Edit::WordRight]).1,
            14
        );
    }

    #[test]
    fn backspace_and_delete_remove_whole_graphemes() {
        let text = "a👋🏽b";
        let emoji_end = text.len() - 1;
        assert_eq!(
            after(editor(text, emoji_end), &[Edit::Backspace]),
            ("ab".into(), 1)
        );
        assert_eq!(after(editor(text, 1), &[Edit::Delete]), ("ab".into(), 1));
        assert_eq!(after(editor(text, 0), &[Edit::Backspace]), (text.into(), 0));
        assert_eq!(
            after(editor(text, text.len()), &[Edit::Delete]),
            (text.into(), text.len())
        );
        assert_eq!(after(editor(text, 1), &[Edit::Right]).1, emoji_end);
    }

    #[test]
    fn paste_inserts_normalised_text_and_newline_is_literal() {
        let edits = [
            Edit::Paste("line one\r\nline\ttwo\x1b[31m\r".into()),
            Edit::Newline,
        ];
        assert_eq!(
            after(editor("", 0), &edits).0,
            "line one\nline two␛[31m\n\n"
        );
    }

    #[test]
    fn word_before_cursor_for_completion() {
        let line = editor("/msg bo", 7);
        assert_eq!(line.word_before_cursor(), (5, "bo"));
        assert_eq!(editor("hi ", 3).word_before_cursor(), (3, ""));
        let mut replaced = line.clone();
        replaced.replace_before_cursor(5, "bob@x ");
        assert_eq!((replaced.text(), replaced.cursor()), ("/msg bob@x ", 11));
    }
}
