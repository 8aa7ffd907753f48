//! The conversation pane: a header with the participants (`conversation_header`), then
//! the newest lines that fit, and under them a typing line and, when scrolled back, a
//! "paused" marker. Beside another pane it scrolls by jumps (see
//! [`jump_scroll`](super::jump_scroll)).
//!
//! Lines are read backwards from the newest one in view and only until the pane is full,
//! so drawing costs the same with a hundred lines stored as with a hundred thousand.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::chat_rows::{Columns, RowStyle};
use super::conversation_header;
use super::jump_scroll::blank_rows_below;
use super::rows::render_rows;
use super::scroll_marker::paused_marker;
use crate::ui::model::{ChatLine, Conversation, Focus, Model};
use crate::ui::sanitize::{sanitize, short_name};
use crate::ui::text_width::{display_width, wrap};
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let focused = model.panes.focus == Focus::Conversation;
    let Some(conversation) = model.conversations.active() else {
        let title = Line::styled(" No conversation", theme.pane_title(focused));
        let hint = "Tab: contact list · ↑/↓: pick · Enter: chat · or /msg EMAIL TEXT · F1: help";
        let mut rows = vec![title, Line::raw("")];
        rows.extend(
            wrap(hint, usize::from(area.width).saturating_sub(1))
                .into_iter()
                .map(|row| Line::styled(format!(" {}", row.trim()), theme.dim())),
        );
        render_rows(frame.buffer_mut(), area, &rows);
        return;
    };
    let header_rows = conversation_header::draw(frame, area, model, conversation, focused, theme);
    let area = Rect {
        y: area.y + header_rows,
        height: area.height.saturating_sub(header_rows),
        ..area
    };
    let mut rows = Vec::new();
    let mut footer = Vec::new();
    if let Some(typing) = typing_line(conversation, theme) {
        footer.push(typing);
    }
    let position = conversation.lines.position();
    if position.is_paused() {
        footer.push(paused_marker(position, area.width, theme));
    }
    let room = usize::from(area.height).saturating_sub(rows.len());
    let line_rows = LineRows::new(model, conversation, theme, area.width);
    let beside_another_pane = area.width < frame.area().width;
    let blank_below = if beside_another_pane && !position.is_paused() {
        blank_rows_below(room, conversation.lines.len(), |index| {
            line_rows.of(index).map_or(0, |rows| rows.len())
        })
    } else {
        0
    };
    let body_height = room.saturating_sub(footer.len().max(blank_below));
    rows.extend(body_rows(&line_rows, body_height));
    // Right under the newest line, which is the pane's last row once the pane is full.
    rows.extend(footer);
    render_rows(frame.buffer_mut(), area, &rows);
}

fn widest_sender(model: &Model, conversation: &Conversation) -> usize {
    conversation
        .participants
        .iter()
        .map(|participant| display_width(&sanitize(&participant.friendly_name)))
        .chain([display_width(&sanitize(&model.status.own.friendly_name))])
        .max()
        .unwrap_or(0)
}

/// The rows each line of a conversation takes in a pane `width` wide.
struct LineRows<'a> {
    model: &'a Model,
    conversation: &'a Conversation,
    style: RowStyle<'a>,
    width: u16,
}

impl<'a> LineRows<'a> {
    fn new(model: &'a Model, conversation: &'a Conversation, theme: &'a Theme, width: u16) -> Self {
        let style = RowStyle {
            columns: Columns::new(usize::from(width), widest_sender(model, conversation)),
            zone: &model.time_zone,
            theme,
        };
        LineRows {
            model,
            conversation,
            style,
            width,
        }
    }

    /// The rows of line `index`, after a day separator when it starts a day.
    fn of(&self, index: usize) -> Option<Vec<Line<'static>>> {
        let lines = &self.conversation.lines;
        let zone = &self.model.time_zone;
        let line = lines.get(index)?;
        let mut rows = match &line {
            ChatLine::Message(message) => self.style.message(message),
            ChatLine::System { time, event } => self.style.system(*time, event),
        };
        let date = line.time().date(zone);
        let previous = index.checked_sub(1).and_then(|before| lines.time(before));
        if previous.is_none_or(|before| before.date(zone) != date) {
            rows.insert(0, self.style.day_separator(date, usize::from(self.width)));
        }
        Some(rows)
    }
}

fn body_rows(line_rows: &LineRows<'_>, height: usize) -> Vec<Line<'static>> {
    let lines = &line_rows.conversation.lines;
    let newest_visible = lines.position().newest_visible(lines.len());
    let mut newest_first: Vec<Line<'static>> = Vec::with_capacity(height + 4);
    let mut next = newest_visible;
    while let Some(index) = next {
        if newest_first.len() >= height {
            break;
        }
        let Some(rows) = line_rows.of(index) else {
            break;
        };
        newest_first.extend(rows.into_iter().rev());
        next = index.checked_sub(1);
    }
    newest_first.truncate(height);
    newest_first.reverse();
    let mut body = newest_first;
    // Scrolled to the oldest lines, the pane would end above its bottom: newer lines
    // fill the rest.
    let mut later = newest_visible.map(|index| index + 1);
    while let Some(index) = later {
        if body.len() >= height {
            break;
        }
        let Some(rows) = line_rows.of(index) else {
            break;
        };
        body.extend(rows);
        later = Some(index + 1);
    }
    body.truncate(height);
    body
}

fn typing_line(conversation: &Conversation, theme: &Theme) -> Option<Line<'static>> {
    let names: Vec<String> = conversation
        .typing
        .iter()
        .map(|typing| short_name(&typing.name))
        .collect();
    let text = match names.as_slice() {
        [] => return None,
        [one] => format!("{one} is typing…"),
        [first, second] => format!("{first} and {second} are typing…"),
        [first, rest @ ..] => format!("{first} and {} others are typing…", rest.len()),
    };
    Some(Line::styled(format!(" {text}"), theme.typing()))
}
