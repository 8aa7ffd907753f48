//! The protocol pane: `time tag → line`, newest at the bottom, with its filter in the title.
//! Message payloads are folded to one row (Enter unfolds them), and the sign-in
//! handshake stays pinned at the top while the pane follows the live tail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::rows::render_rows;
use super::scroll_marker::paused_marker;
use crate::ui::model::{Direction, Focus, Model, ProtocolEntry};
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{display_width, fit, truncate, wrap};
use crate::ui::theme::Theme;

const TAG_WIDTH: usize = 5;
/// `HH:MM:SS ` + tag + ` → `.
const PREFIX_WIDTH: usize = 9 + TAG_WIDTH + 3;
/// The live tail keeps at least this many rows below a pinned sign-in.
const MIN_LIVE_ROWS: usize = 3;

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
    let mut height = usize::from(inner.height).saturating_sub(1 + usize::from(footer.is_some()));
    let width = usize::from(inner.width);
    let unfolded = model.panes.payloads_unfolded;
    let pinned = pinned_sign_in(model, height, width, theme);
    height -= pinned.len();
    // Pinned lines are not repeated in the tail below them.
    let pinned_entries = if pinned.is_empty() {
        &[][..]
    } else {
        log.sign_in().lines()
    };

    let mut newest_first: Vec<Line<'static>> = Vec::with_capacity(height + 4);
    let mut next = position.newest_visible(log.shown_len());
    while let Some(index) = next {
        if newest_first.len() >= height {
            break;
        }
        let Some(entry) = log.shown(index) else {
            break;
        };
        next = index.checked_sub(1);
        if pinned_entries.contains(entry) {
            continue;
        }
        newest_first.extend(
            entry_rows(entry, model, width, unfolded, theme)
                .into_iter()
                .rev(),
        );
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
        body.extend(entry_rows(entry, model, width, unfolded, theme));
        later = Some(index + 1);
    }
    body.truncate(height);

    let mut rows = vec![title];
    rows.extend(pinned);
    let body_start = rows.len();
    rows.extend(body);
    rows.resize(body_start + height, Line::raw(""));
    rows.extend(footer);
    render_rows(frame.buffer_mut(), inner, &rows);
}

/// The sign-in handshake, one row a line, and a rule under it: only while the pane
/// follows the unfiltered tail and the tail keeps some rows.
fn pinned_sign_in(model: &Model, height: usize, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let log = &model.protocol;
    let lines = log.sign_in().lines();
    let fits = lines.len() + 1 + MIN_LIVE_ROWS <= height;
    let more_than_sign_in = log.shown_len() > lines.len();
    if lines.is_empty() || !fits || !more_than_sign_in {
        return Vec::new();
    }
    if log.position().is_paused() || !log.filter().is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<Line<'static>> = lines
        .iter()
        .map(|entry| {
            let mut spans = prefix(entry, model, theme);
            let text = sanitize(&entry.line);
            let room = width.saturating_sub(PREFIX_WIDTH);
            spans.push(Span::styled(
                truncate(&text, room).into_owned(),
                line_style(entry, theme),
            ));
            Line::from(spans)
        })
        .collect();
    let label = "── sign-in above · latest below ";
    let rule = format!(
        "{label}{}",
        "─".repeat(width.saturating_sub(display_width(label)))
    );
    let rule = truncate(&rule, width).into_owned();
    rows.push(Line::styled(rule, theme.separator()));
    rows
}

fn line_style(entry: &ProtocolEntry, theme: &Theme) -> ratatui::style::Style {
    if entry.is_error {
        theme.error()
    } else {
        theme.direction(entry.direction)
    }
}

fn prefix(entry: &ProtocolEntry, model: &Model, theme: &Theme) -> Vec<Span<'static>> {
    let arrow = match entry.direction {
        Direction::Outgoing => "→",
        Direction::Incoming => "←",
    };
    let time = entry.time.time(&model.time_zone).hours_minutes_seconds();
    vec![
        Span::styled(format!("{time} "), theme.dim()),
        Span::styled(
            fit(&sanitize(&entry.connection), TAG_WIDTH, false),
            theme.dim(),
        ),
        Span::styled(format!(" {arrow} "), line_style(entry, theme)),
    ]
}

/// A payload on one row: its size, then its text with the line breaks (and the spaces
/// between XML tags) taken out.
fn folded(payload: &str) -> String {
    let mut text = format!("[{} bytes] ", payload.trim().len());
    for line in payload
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        let between_tags = text.ends_with('>') && line.starts_with('<');
        if !text.ends_with(' ') && !between_tags {
            text.push(' ');
        }
        text.push_str(line);
    }
    text
}

fn entry_rows(
    entry: &ProtocolEntry,
    model: &Model,
    width: usize,
    unfolded: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let room = width.saturating_sub(PREFIX_WIDTH).max(1);
    if entry.line.contains('\n') {
        let style = theme.dim();
        let mut rows = vec![Line::from(vec![
            Span::raw(" ".repeat(PREFIX_WIDTH)),
            Span::styled(
                truncate(&sanitize(&folded(&entry.line)), room).into_owned(),
                style,
            ),
        ])];
        if unfolded {
            rows = entry
                .line
                .lines()
                .flat_map(|line| {
                    let line = sanitize(line).into_owned();
                    wrap(&line, room)
                        .into_iter()
                        .map(|piece| {
                            Line::from(vec![
                                Span::raw(" ".repeat(PREFIX_WIDTH)),
                                Span::styled(piece.to_owned(), style),
                            ])
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        return rows;
    }
    entry_line_rows(entry, model, room, theme)
}

fn entry_line_rows(
    entry: &ProtocolEntry,
    model: &Model,
    room: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let style = line_style(entry, theme);
    let text = sanitize(&entry.line);
    wrap(&text, room)
        .into_iter()
        .enumerate()
        .map(|(index, piece)| {
            let mut spans = if index == 0 {
                prefix(entry, model, theme)
            } else {
                vec![Span::raw(" ".repeat(PREFIX_WIDTH))]
            };
            spans.push(Span::styled(piece.to_owned(), style));
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_folds_to_one_row_with_its_xml_joined() {
        let payload = "  <Data>\r\n  <PSM>hi there</PSM>\n  <CurrentMedia></CurrentMedia>\n</Data>";
        assert_eq!(
            folded(payload),
            "[69 bytes] <Data><PSM>hi there</PSM><CurrentMedia></CurrentMedia></Data>"
        );
        assert_eq!(
            folded("  MIME-Version: 1.0\nContent-Type: text/plain\n\nhello"),
            "[49 bytes] MIME-Version: 1.0 Content-Type: text/plain hello"
        );
    }

    #[test]
    fn an_unfolded_payload_shows_every_line() {
        use crate::ui::model::{Limits, Timestamp};
        let model = Model::new("me@x", Limits::default());
        let theme = Theme::from_settings(Some("1"), None);
        let payload = ProtocolEntry {
            time: Timestamp(0),
            connection: "NS 1".into(),
            direction: Direction::Incoming,
            line: "  <Data>\n<PSM>hi</PSM>\n</Data>".into(),
            is_error: false,
        };
        assert_eq!(entry_rows(&payload, &model, 80, false, &theme).len(), 1);
        let unfolded = entry_rows(&payload, &model, 80, true, &theme);
        let texts: Vec<String> = unfolded.iter().map(|row| row.to_string()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[1].ends_with("<PSM>hi</PSM>"), "{texts:?}");
    }
}
