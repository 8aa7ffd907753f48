//! The input line: a prompt, the text wrapped to the width, and the terminal cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::MAX_INPUT_ROWS;
use crate::ui::input::LineEditor;
use crate::ui::model::Focus;
use crate::ui::text_width::{display_width, wrap};
use crate::ui::theme::Theme;

const PROMPT: &str = "> ";
const CONTINUATION: &str = "  ";

/// A row of the input as shown: where it starts in the text, and the text.
struct Row<'a> {
    start: usize,
    text: &'a str,
}

fn rows(editor: &LineEditor, width: u16) -> Vec<Row<'_>> {
    let text = editor.text();
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
    u16::try_from(rows(editor, width).len()).unwrap_or(MAX_INPUT_ROWS)
}

pub fn draw(frame: &mut Frame, area: Rect, editor: &LineEditor, focus: Focus, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let all = rows(editor, area.width);
    let cursor = editor.cursor();
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
        let column = display_width(PROMPT) + display_width(&editor.text()[row.start..cursor]);
        let x = area.x
            + u16::try_from(column)
                .unwrap_or(u16::MAX)
                .min(area.width - 1);
        let y = area.y + u16::try_from(cursor_row - first).unwrap_or(0);
        frame.set_cursor_position(Position { x, y });
    }
}
