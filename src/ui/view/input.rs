//! The input line: a prompt, the text wrapped to the width, and the terminal cursor.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::MAX_INPUT_ROWS;
use crate::ui::input::LineEditor;
use crate::ui::model::Focus;
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{display_width, wrap};
use crate::ui::theme::Theme;

const PROMPT: &str = "> ";
const CONTINUATION: &str = "  ";

/// A row of the input as shown: where it starts in the text, and the text.
struct Row<'a> {
    start: usize,
    text: &'a str,
}

/// The line as drawn, and the cursor's byte offset in it. Typed text keeps its emoji
/// sequences, which the screen shows taken apart, as it shows every message.
fn shown(editor: &LineEditor) -> (Cow<'_, str>, usize) {
    let cursor = sanitize(&editor.text()[..editor.cursor()]).len();
    (sanitize(editor.text()), cursor)
}

fn rows(text: &str, width: u16) -> Vec<Row<'_>> {
    let room = usize::from(width)
        .saturating_sub(display_width(PROMPT))
        .max(2);
    let mut rows = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        for piece in wrap(line, room) {
            let start = line_start + (piece.as_ptr() as usize - line.as_ptr() as usize);
            rows.push(Row { start, text: piece });
        }
        line_start += line.len() + 1;
    }
    rows
}

/// Rows the input needs at this width.
pub fn height(editor: &LineEditor, width: u16) -> u16 {
    let (text, _) = shown(editor);
    u16::try_from(rows(&text, width).len()).unwrap_or(MAX_INPUT_ROWS)
}

pub fn draw(frame: &mut Frame, area: Rect, editor: &LineEditor, focus: Focus, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let (text, cursor) = shown(editor);
    let all = rows(&text, area.width);
    let cursor_row = all.iter().rposition(|row| row.start <= cursor).unwrap_or(0);
    let visible = usize::from(area.height);
    let first = (cursor_row + 1).saturating_sub(visible);
    let lines: Vec<Line<'_>> = all
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, row)| {
            let lead = if index == 0 { PROMPT } else { CONTINUATION };
            Line::from(vec![Span::styled(lead, theme.key()), Span::raw(row.text)])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    if focus == Focus::Input {
        let row = &all[cursor_row];
        let column = display_width(PROMPT) + display_width(&text[row.start..cursor]);
        let x = area.x
            + u16::try_from(column)
                .unwrap_or(u16::MAX)
                .min(area.width - 1);
        let y = area.y + u16::try_from(cursor_row - first).unwrap_or(0);
        frame.set_cursor_position(Position { x, y });
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::ui::action::Edit;
    use crate::ui::theme::ColourMode;

    /// The line as the screen shows it, and the cursor's column.
    fn drawn(text: &str, lefts: usize) -> (String, u16) {
        let mut editor = LineEditor::default();
        editor.apply(&Edit::Paste(text.into()));
        (0..lefts).for_each(|_| editor.apply(&Edit::Left));
        let mut terminal = Terminal::new(TestBackend::new(30, 1)).expect("a test terminal");
        let theme = Theme::new(ColourMode::Monochrome);
        let frame = terminal.draw(|frame| draw(frame, frame.area(), &editor, Focus::Input, &theme));
        assert!(frame.is_ok());
        let cursor = terminal
            .get_cursor_position()
            .map_or(0, |position| position.x);
        let shown = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|cell| cell.symbol())
            .collect();
        (shown, cursor)
    }

    #[test]
    fn emoji_sequences_are_drawn_apart_and_the_cursor_follows_what_is_drawn() {
        let (shown, end) = drawn("a👨\u{200d}👧🇫🇷b", 0);
        // A wide character's second cell is blank in the buffer.
        assert!(shown.starts_with("> a👨 👧 FRb"), "{shown:?}");
        assert_eq!(end, 2 + 1 + 4 + 2 + 1);
        assert_eq!(drawn("a👨\u{200d}👧🇫🇷b", 2).1, 2 + 1 + 4, "before the flag");
        assert_eq!(drawn("a👨\u{200d}👧🇫🇷b", 3).1, 2 + 1, "before the family");
    }
}
