//! The status bar: connection state, protocol version, our own presence, name and
//! personal message, and the unread total or a pointer to the help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::model::{ConnectionState, Model, OwnProfile};
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{display_width, truncate, truncate_measured, wrap};
use crate::ui::theme::Theme;

/// Rows a notice may take: the bar's own row and two more.
const MAX_ROWS: usize = 3;
/// Below this much room on the first row a long notice starts on the row after it.
const MIN_FIRST_ROOM: usize = 12;

/// The bar's texts before styling.
struct Parts {
    state: String,
    version: Option<String>,
    /// Our presence mark and the space after it.
    mark: String,
    right: String,
}

impl Parts {
    fn of(model: &Model) -> Self {
        let status = &model.status;
        // Signed in, the first word is our own status (away, busy…), not merely "online".
        let state = match &status.connection {
            ConnectionState::Online if status.auto_away => {
                format!("{} (auto-away)", status.own.presence.label())
            }
            ConnectionState::Online => status.own.presence.label().to_owned(),
            other => other.describe(),
        };
        Self {
            state: format!(" {} ", sanitize(&state)),
            version: status
                .protocol_version
                .as_ref()
                .map(|version| format!("│ {} ", sanitize(version))),
            mark: format!("{} ", status.own.presence.mark()),
            right: match model.conversations.total_unread() {
                0 => " F1 help ".to_owned(),
                count => format!(" {count} unread · Alt+A · F1 help "),
            },
        }
    }

    /// Columns left on the first row for the profile or the notice.
    fn room(&self, width: u16) -> usize {
        let used = display_width(&self.state)
            + self.version.as_deref().map_or(0, display_width)
            + display_width("│ ")
            + display_width(&self.mark)
            + display_width(&self.right);
        usize::from(width).saturating_sub(used)
    }
}

/// Rows the status bar takes at `width`: one, or up to three while a notice is longer
/// than its first row, so that an error can be read whole.
pub fn height(model: &Model, width: u16) -> u16 {
    let Some(notice) = &model.status.notice else {
        return 1;
    };
    let rows = notice_rows(&sanitize(notice), Parts::of(model).room(width), width).len();
    u16::try_from(rows).unwrap_or(1)
}

/// The notice cut into rows: the first fits `room`, the others the whole width after a
/// one-column indent; the last of [`MAX_ROWS`] ends in "…" when the text goes on.
fn notice_rows(notice: &str, room: usize, width: u16) -> Vec<String> {
    if display_width(notice) <= room {
        return vec![notice.to_owned()];
    }
    let (first, rest) = if room < MIN_FIRST_ROOM {
        ("", notice)
    } else {
        let first = wrap(notice, room).first().copied().unwrap_or_default();
        (first, notice[first.len()..].trim_start())
    };
    if rest.is_empty() {
        return vec![first.to_owned()];
    }
    let width = usize::from(width).saturating_sub(1);
    let wrapped = wrap(rest, width);
    let mut rows = vec![first.to_owned()];
    let last = MAX_ROWS - 1;
    if wrapped.len() <= last {
        rows.extend(wrapped.iter().map(|row| (*row).to_owned()));
    } else {
        rows.extend(wrapped[..last - 1].iter().map(|row| (*row).to_owned()));
        let remainder = wrapped[last - 1..]
            .iter()
            .map(|row| row.trim_end())
            .collect::<Vec<_>>()
            .join(" ");
        rows.push(truncate(&format!("{remainder}…"), width).into_owned());
    }
    rows
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let status = &model.status;
    let bar = theme.status_bar();
    let parts = Parts::of(model);
    let room = parts.room(area.width);
    let mut spans = vec![Span::styled(
        parts.state,
        theme.connection(&status.connection),
    )];
    if let Some(version) = parts.version {
        spans.push(Span::styled(version, bar));
    }
    let own = &status.own;
    spans.push(Span::styled("│ ", bar));
    spans.push(Span::styled(
        parts.mark,
        bar.patch(theme.presence(own.presence)),
    ));
    let (rows, style) = match &status.notice {
        Some(notice) => (
            notice_rows(&sanitize(notice), room, area.width),
            bar.patch(theme.error()),
        ),
        None => (vec![profile_text(own)], bar),
    };
    let mut rows = rows.into_iter();
    let first = rows.next().unwrap_or_default();
    let (first, first_width) = truncate_measured(&first, room);
    spans.push(Span::styled(first.into_owned(), style));
    spans.push(Span::styled(
        " ".repeat(room.saturating_sub(first_width)),
        bar,
    ));
    spans.push(Span::styled(parts.right, bar));
    let mut lines = vec![Line::from(spans)];
    lines.extend(rows.map(|row| Line::from(Span::styled(format!(" {row}"), style))));
    frame.render_widget(Paragraph::new(lines).style(bar), area);
}

fn profile_text(own: &OwnProfile) -> String {
    let mut profile = format!(
        "{} ({})",
        sanitize(&own.friendly_name),
        own.presence.label()
    );
    if !own.personal_message.is_empty() {
        profile.push_str(&format!(" — {}", sanitize(&own.personal_message)));
    }
    profile
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::input::LineEditor;
    use crate::ui::model::Limits;

    const LONG: &str = "cannot add bob@example.com: ABContactAdd: the server could not be \
        reached: error sending request: client error (Connect): tcp connect error: \
        Connection refused (os error 111)";

    /// The whole screen drawn at `width`×20 with `notice`, as rows of text.
    fn screen(notice: &str, width: u16) -> Vec<String> {
        let mut model = Model::new("me@x", Limits::default());
        model.status.notice = Some(notice.to_owned());
        let theme = Theme::from_settings(Some("1"), None);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 20))
            .unwrap_or_else(|never| match never {});
        terminal
            .draw(|frame| crate::ui::view::draw(frame, &model, &LineEditor::default(), &theme))
            .unwrap_or_else(|never| match never {});
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// The words of the status bar's rows, without the help pointer at the right.
    fn words(rows: &[String]) -> String {
        let text = rows.join(" ").replacen(" F1 help ", " ", 1);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The status bar's rows: from the one with the connection state to the one above
    /// the input line (the last row).
    fn bar(rows: &[String]) -> &[String] {
        let first = rows
            .iter()
            .position(|row| row.starts_with(" connecting │"))
            .unwrap_or(rows.len());
        &rows[first..rows.len() - 1]
    }

    #[test]
    fn a_long_notice_is_shown_whole_below_the_body() {
        for (width, height) in [(120, 2), (100, 2), (80, 3)] {
            let rows = screen(LONG, width);
            let bar = bar(&rows);
            assert_eq!(bar.len(), height, "{width}: {rows:#?}");
            assert!(bar[0].contains("cannot add"), "{bar:#?}");
            assert!(bar[0].ends_with(" F1 help "), "{bar:#?}");
            assert!(words(bar).contains(LONG), "{width}: {bar:#?}");
        }
    }

    #[test]
    fn a_notice_wider_than_its_row_only_by_a_trailing_space_keeps_one_row() {
        assert_eq!(
            notice_rows("abcdefghijklmnop ", 16, 80),
            ["abcdefghijklmnop"]
        );
    }

    #[test]
    fn a_short_notice_keeps_the_bar_on_one_row() {
        let rows = screen("unknown command /frobnicate", 80);
        assert_eq!(bar(&rows).len(), 1);
        assert!(rows[18].contains("unknown command /frobnicate"));
    }

    #[test]
    fn a_notice_longer_than_three_rows_ends_in_an_ellipsis() {
        let rows = screen(&LONG.repeat(4), 60);
        let bar = bar(&rows);
        assert_eq!(bar.len(), 3);
        assert!(bar[0].contains("cannot add"));
        assert!(bar[2].trim_end().ends_with('…'), "{bar:#?}");
        let url = "the service could not be reached at https://login.example.com/RST.srf: \
            failed to look up the address; check rst_url in [services]";
        let rows = notice_rows(url, 12, 40);
        assert_eq!(rows.len(), 3, "{rows:#?}");
        assert!(!rows[2].contains("  "), "words keep one space: {rows:#?}");
    }
}
