//! The session has ended for good (a refused password, no common version, a server that
//! cannot be reached…): the whole reason, wrapped, over the conversation, and how to
//! leave. The protocol pane stays visible beside or below it; when the conversation is
//! too short for the box, the box covers the top of the pane below, whose newest lines
//! (the exchange that failed) stay in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use super::layout::Areas;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::ui::sanitize::sanitize;
use crate::ui::text_width::wrap;
use crate::ui::theme::Theme;

const WHAT_NEXT: &str = "msntui will not try again by itself. If the message names a setting, fix it in the config file, then start msntui again. Ctrl+C quits.";

pub fn draw(frame: &mut Frame, areas: &Areas, reason: &str, theme: &Theme) {
    let conversation = areas.conversation;
    let width = usize::from(conversation.width.saturating_sub(2));
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
    let area = if rows <= conversation.height {
        let [area] = Layout::vertical([Constraint::Length(rows)])
            .flex(Flex::Center)
            .areas(conversation);
        area
    } else {
        let room = with_pane_below(conversation, areas.protocol);
        Rect {
            height: rows.min(room.height),
            ..room
        }
    };
    let block = Block::bordered()
        .title(Line::styled(" Signed out ", theme.pane_title(true)))
        .border_style(theme.error());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The conversation and, when the protocol pane lies right below it, that pane too.
fn with_pane_below(conversation: Rect, protocol: Option<Rect>) -> Rect {
    match protocol {
        Some(pane)
            if pane.x == conversation.x
                && pane.width == conversation.width
                && pane.y == conversation.bottom() =>
        {
            conversation.union(pane)
        }
        _ => conversation,
    }
}
