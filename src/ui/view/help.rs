//! The help overlay: every key, then every slash command the model lists.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::ui::model::Model;
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{display_width, fit, wrap};
use crate::ui::theme::Theme;

/// Every key the interface knows, with what it does.
pub const KEYS: [(&str, &str); 27] = [
    ("Enter", "send the line; on a contact, open a conversation"),
    ("Alt+Enter", "start a new line in the message"),
    ("Tab", "complete a contact or /command; else next pane"),
    ("Shift+Tab", "previous pane"),
    ("Up / Down", "input history; in a pane, scroll or select"),
    ("Left / Right", "move the cursor"),
    ("Ctrl+A / Ctrl+E", "start / end of the line"),
    ("Alt+B / Alt+F", "one word left / right"),
    ("Ctrl+W", "delete the word before the cursor"),
    ("Ctrl+W (empty line)", "close the conversation"),
    ("Ctrl+U / Ctrl+K", "delete to the start / end of the line"),
    ("Backspace / Delete", "delete before / at the cursor"),
    ("Alt+1 … Alt+9", "jump to conversation 1 … 9"),
    ("Alt+← / Alt+→", "previous / next conversation"),
    ("Ctrl+P / Ctrl+N", "previous / next conversation"),
    ("Alt+A", "next conversation with unread messages"),
    ("PgUp / PgDn", "scroll the focused pane by half a screen"),
    ("Home / End", "oldest line / back to the live tail"),
    (
        "typing in a list",
        "filter contacts, or protocol lines by SB / USR",
    ),
    ("Enter (protocol pane)", "unfold / fold message payloads"),
    (
        "F4 (contact list)",
        "the selected contact's info and picture",
    ),
    (
        "Esc",
        "clear the filter; close this help or the contact info",
    ),
    ("F1 or ?", "show or hide this help"),
    ("F2 / F3", "show or hide the protocol pane / contact list"),
    ("Ctrl+L", "redraw the screen"),
    ("Ctrl+Z", "suspend to the shell (fg resumes)"),
    ("Ctrl+C", "quit"),
];

/// The key column fits the widest key or command usage within these bounds; a longer
/// usage gets a row of its own, its summary below it, so nothing is cut.
const KEY_COLUMN_RANGE: (usize, usize) = (16, 32);
/// On a narrow screen the key column shrinks so the text beside it keeps this many columns;
/// text that is still longer wraps onto rows of its own below.
const MIN_TEXT_COLUMN: usize = 20;
/// The overlay's widest, borders included.
const MAX_WIDTH: u16 = 84;

/// One row of help text, before styling.
enum Row {
    Heading(&'static str),
    /// A key or command usage, padded to the key column, and the start of its text.
    Entry(String, String),
    /// A key or command usage too long for the key column.
    Key(String),
    /// Text below its key, indented to the text column.
    Text(String),
    Blank,
}

/// Rows of help text on a screen this wide, for scrolling.
pub fn line_count(model: &Model, screen_width: u16) -> usize {
    rows(model, inner_width(screen_width)).len()
}

fn inner_width(screen_width: u16) -> usize {
    usize::from(screen_width.min(MAX_WIDTH).saturating_sub(2))
}

fn usages(model: &Model) -> Vec<String> {
    model
        .commands
        .iter()
        .map(|command| format!("{} {}", sanitize(&command.name), sanitize(&command.usage)))
        .collect()
}

fn key_column(usages: &[String], width: usize) -> usize {
    KEYS.iter()
        .map(|(key, _)| display_width(key))
        .chain(usages.iter().map(|usage| display_width(usage)))
        .max()
        .unwrap_or(0)
        .clamp(KEY_COLUMN_RANGE.0, KEY_COLUMN_RANGE.1)
        .min(width.saturating_sub(MIN_TEXT_COLUMN + 1))
}

fn rows(model: &Model, width: usize) -> Vec<Row> {
    let usages = usages(model);
    let key_column = key_column(&usages, width);
    let text_width = width.saturating_sub(key_column + 1);
    let indent = " ".repeat(key_column + 1);
    let entry = |key: String, text: &str| {
        let mut text_rows = wrap(text, text_width).into_iter();
        let mut rows = Vec::new();
        if display_width(&key) > key_column {
            rows.push(Row::Key(key));
        } else {
            let first = text_rows.next().unwrap_or_default();
            rows.push(Row::Entry(fit(&key, key_column, false), first.to_owned()));
        }
        rows.extend(text_rows.map(|row| Row::Text(format!("{indent}{row}"))));
        rows
    };
    let mut rows = vec![Row::Heading("Keys")];
    rows.extend(
        KEYS.iter()
            .flat_map(|(key, text)| entry((*key).to_owned(), text)),
    );
    rows.push(Row::Blank);
    rows.push(Row::Heading("Commands"));
    for (usage, command) in usages.into_iter().zip(&model.commands) {
        rows.extend(entry(usage, &sanitize(&command.summary)));
    }
    rows.push(Row::Blank);
    rows
}

fn styled(row: Row, theme: &Theme) -> Line<'static> {
    match row {
        Row::Heading(heading) => Line::styled(heading, theme.heading()),
        Row::Entry(key, text) => Line::from(vec![
            Span::styled(key, theme.key()),
            Span::raw(" "),
            Span::raw(text),
        ]),
        Row::Key(key) => Line::styled(key, theme.key()),
        Row::Text(text) => Line::raw(text),
        Row::Blank => Line::raw(""),
    }
}

pub fn draw(frame: &mut Frame, screen: Rect, model: &Model, first_line: usize, theme: &Theme) {
    let all = rows(model, inner_width(screen.width));
    let count = all.len();
    let height = u16::try_from(count + 2).unwrap_or(u16::MAX);
    let [area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(screen);
    let [area] = Layout::horizontal([Constraint::Max(MAX_WIDTH)])
        .flex(Flex::Center)
        .areas(area);
    let block = Block::bordered()
        .title(Line::styled(" Help — Esc closes ", theme.pane_title(true)))
        .border_style(theme.separator());
    let inner = block.inner(area);
    let room = usize::from(inner.height);
    let first_line = first_line.min(count.saturating_sub(room));
    let mut shown: Vec<Line<'static>> = all
        .into_iter()
        .skip(first_line)
        .take(room)
        .map(|row| styled(row, theme))
        .collect();
    if first_line + room < count && room > 0 {
        shown.pop();
        shown.push(Line::styled("↓ more: Down / PgDn", theme.dim()));
    }
    frame.render_widget(Clear, area);
    cut_wide_characters_left_of(frame.buffer_mut(), area);
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

/// A wide character just left of the overlay would spill over its border: blank it.
pub(super) fn cut_wide_characters_left_of(buffer: &mut Buffer, area: Rect) {
    let Some(x) = area.x.checked_sub(1) else {
        return;
    };
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((x, y))
            && display_width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_left_of_the_overlay_are_blanked() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 8, 2));
        buffer.set_string(0, 0, "a🎉bc", ratatui::style::Style::new());
        buffer.set_string(0, 1, "abcd", ratatui::style::Style::new());
        cut_wide_characters_left_of(&mut buffer, Rect::new(2, 0, 4, 2));
        assert_eq!(buffer[(1, 0)].symbol(), " ");
        assert_eq!(buffer[(1, 1)].symbol(), "b");
        cut_wide_characters_left_of(&mut buffer, Rect::new(0, 0, 4, 2));
        assert_eq!(buffer[(0, 0)].symbol(), "a");
    }

    #[test]
    fn the_readme_lists_every_key_as_the_help_does() {
        let readme = include_str!("../../../README.md");
        for (key, text) in KEYS {
            let row = format!("| {key} | {text} |");
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }

    /// The help's text as one line of words, drawn on a screen `width` columns wide and
    /// tall enough for all of it.
    fn words_shown(model: &Model, width: u16) -> String {
        let theme = Theme::from_settings(Some("1"), None);
        let height = u16::try_from(line_count(model, width) + 2).unwrap_or(u16::MAX);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
                .unwrap_or_else(|never| match never {});
        terminal
            .draw(|frame| draw(frame, frame.area(), model, 0, &theme))
            .unwrap_or_else(|never| match never {});
        let screen = terminal.backend().to_string().replace(['│', '"'], " ");
        screen.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn on_a_narrow_screen_every_key_and_its_text_are_shown_whole() {
        let model = Model::new("me@x", crate::ui::model::Limits::default());
        for width in [30, 40, 60] {
            let shown = words_shown(&model, width);
            for (key, text) in KEYS {
                assert!(
                    shown.contains(&format!("{key} {text}")),
                    "{width}: {key}\n{shown}"
                );
            }
        }
    }

    #[test]
    fn long_command_usages_are_shown_whole_at_80_columns() {
        let mut model = Model::new("me@x", crate::ui::model::Limits::default());
        crate::ui::bridge::Bridge::prepare(&mut model);
        let theme = Theme::from_settings(Some("1"), None);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .unwrap_or_else(|never| match never {});
        let mut text = String::new();
        let mut first = 0;
        while first < line_count(&model, 80) {
            terminal
                .draw(|frame| draw(frame, frame.area(), &model, first, &theme))
                .unwrap_or_else(|never| match never {});
            text.push_str(&terminal.backend().to_string());
            first += 10;
        }
        for usage in [
            "/status online|busy|idle|brb|away|phone|lunch|hidden",
            "/group add NAME | rename GROUP NAME | remove GROUP | move EMAIL [GROUP]",
        ] {
            assert!(text.contains(usage), "{usage} is cut:\n{text}");
        }
    }
}
