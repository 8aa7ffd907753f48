//! The row of numbered conversation tabs, scrolled so the open one is always in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::model::{Conversation, Model};
use crate::ui::sanitize::short_name;
use crate::ui::text_width::{display_width, truncate};
use crate::ui::theme::Theme;

const TITLE_WIDTH: usize = 18;
const MORE_ON_THE_LEFT: &str = "‹ ";

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let tabs = model.conversations.tabs();
    let active = model.conversations.active_index();
    let labels: Vec<String> = tabs
        .iter()
        .enumerate()
        .map(|(index, tab)| label(index, tab))
        .collect();
    let width = usize::from(area.width);
    let mut first = 0;
    if let Some(active) = active {
        let span_width = |from: usize| -> usize {
            labels[from..=active]
                .iter()
                .map(|label| display_width(label) + 1)
                .sum()
        };
        while first < active && span_width(first) + display_width(MORE_ON_THE_LEFT) > width {
            first += 1;
        }
    }
    let mut spans = Vec::new();
    if first > 0 {
        spans.push(Span::styled(MORE_ON_THE_LEFT, theme.dim()));
    }
    for (index, label) in labels.into_iter().enumerate().skip(first) {
        let unread = tabs[index].unread > 0;
        spans.push(Span::styled(
            label,
            theme.tab(Some(index) == active, unread),
        ));
        spans.push(Span::raw(" "));
    }
    if tabs.is_empty() {
        spans.push(Span::styled(" msntui", theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn label(index: usize, tab: &Conversation) -> String {
    let names: Vec<String> = tab
        .participants
        .iter()
        .map(|participant| short_name(&participant.friendly_name))
        .collect();
    let title = if names.is_empty() {
        "(empty)".to_owned()
    } else {
        names.join(", ")
    };
    let unread = match tab.unread {
        0 => String::new(),
        count => format!(" ({count})"),
    };
    format!(" {}:{}{unread} ", index + 1, truncate(&title, TITLE_WIDTH))
}
