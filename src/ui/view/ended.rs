//! The session has ended for good (a refused password, no common version, a server that
//! cannot be reached…): the whole reason, wrapped, over the conversation, and how to
//! leave. The protocol pane stays visible beside or below it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::ui::sanitize::sanitize;
use crate::ui::text_width::wrap;
use crate::ui::theme::Theme;

const WHAT_NEXT: &str = "msntui will not try again by itself. If the message names a setting, fix it in the config file, then start msntui again. Ctrl+C quits.";

pub fn draw(frame: &mut Frame, area: Rect, reason: &str, theme: &Theme) {
    let width = usize::from(area.width.saturating_sub(2));
    let reason = sanitize(reason);
    let mut lines: Vec<Line<'static>> = wrap(&reason, width)
        .into_iter()
        .map(|row| Line::styled(row.to_owned(), theme.error()))
        .collect();
    lines.push(Line::raw(""));
    lines.extend(
        wrap(WHAT_NEXT, width)
            .into_iter()
            .map(|row| Line::raw(row.to_owned())),
    );
    let rows = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let [area] = Layout::vertical([Constraint::Length(rows)])
        .flex(Flex::Center)
        .areas(area);
    let block = Block::bordered()
        .title(Line::styled(" Signed out ", theme.pane_title(true)))
        .border_style(theme.error());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
