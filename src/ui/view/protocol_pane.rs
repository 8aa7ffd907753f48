//! The protocol pane: `time tag → line`, newest at the bottom, with its filter in the title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::rows::render_rows;
use super::scroll_marker::paused_marker;
use crate::ui::model::{Direction, Focus, Model, ProtocolEntry};
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{fit, wrap};
use crate::ui::theme::Theme;

const TAG_WIDTH: usize = 5;
/// `HH:MM:SS ` + tag + ` → `.
const PREFIX_WIDTH: usize = 9 + TAG_WIDTH + 3;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, side_by_side: bool, theme: &Theme) {
    let borders = if side_by_side {
        Borders::LEFT
    } else {
        Borders::TOP
    };
    let block = Block::new()
        .borders(borders)
        .border_style(theme.separator());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let log = &model.protocol;
    let focused = model.panes.focus == Focus::Protocol;
    let filter = match log.filter() {
        "" if focused => "· type to filter by connection or command".to_owned(),
        "" => String::new(),
        text => format!("· filter: {}", sanitize(text)),
    };
    let title = Line::from(vec![
        Span::styled(" Protocol ", theme.pane_title(focused)),
        Span::styled(filter, theme.dim()),
    ]);
    let position = log.position();
    let footer = position
        .is_paused()
        .then(|| paused_marker(position, inner.width, theme));
    let height = usize::from(inner.height).saturating_sub(1 + usize::from(footer.is_some()));
    let width = usize::from(inner.width);

    let mut newest_first: Vec<Line<'static>> = Vec::with_capacity(height + 4);
    let mut next = position.newest_visible(log.shown_len());
    while let Some(index) = next {
        if newest_first.len() >= height {
            break;
        }
        let Some(entry) = log.shown(index) else {
            break;
        };
        newest_first.extend(entry_rows(entry, model, width, theme).into_iter().rev());
        next = index.checked_sub(1);
    }
    newest_first.truncate(height);
    newest_first.reverse();
    let mut body = newest_first;
    // Scrolled to the oldest entries, the pane would end above its bottom: newer
    // entries fill the rest.
    let mut later = position
        .newest_visible(log.shown_len())
        .map(|index| index + 1);
    while let Some(index) = later {
        if body.len() >= height {
            break;
        }
        let Some(entry) = log.shown(index) else {
            break;
        };
        body.extend(entry_rows(entry, model, width, theme));
        later = Some(index + 1);
    }
    body.truncate(height);

    let mut rows = vec![title];
    rows.extend(body);
    rows.resize(1 + height, Line::raw(""));
    rows.extend(footer);
    render_rows(frame.buffer_mut(), inner, &rows);
}

fn entry_rows(
    entry: &ProtocolEntry,
    model: &Model,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (arrow, line_style) = match entry.direction {
        Direction::Outgoing => ("→", theme.direction(Direction::Outgoing)),
        Direction::Incoming => ("←", theme.direction(Direction::Incoming)),
    };
    let line_style = if entry.is_error {
        theme.error()
    } else {
        line_style
    };
    let time = entry.time.time(&model.time_zone).hours_minutes_seconds();
    let tag = fit(&sanitize(&entry.connection), TAG_WIDTH, false);
    let text = sanitize(&entry.line);
    let pieces = wrap(&text, width.saturating_sub(PREFIX_WIDTH).max(1));
    pieces
        .into_iter()
        .enumerate()
        .map(|(index, piece)| {
            let prefix = if index == 0 {
                vec![
                    Span::styled(format!("{time} "), theme.dim()),
                    Span::styled(tag.clone(), theme.dim()),
                    Span::styled(format!(" {arrow} "), line_style),
                ]
            } else {
                vec![Span::raw(" ".repeat(PREFIX_WIDTH))]
            };
            let mut spans = prefix;
            spans.push(Span::styled(piece.to_owned(), line_style));
            Line::from(spans)
        })
        .collect()
}
