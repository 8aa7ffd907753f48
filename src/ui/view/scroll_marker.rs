//! The marker a pane shows while scrolled away from its live tail.

use ratatui::text::Line;

use crate::ui::model::ScrollPosition;
use crate::ui::text_width::fit;
use crate::ui::theme::Theme;

/// `⏸ paused · 3 new below · End returns to live`, across the pane.
pub fn paused_marker(position: ScrollPosition, width: u16, theme: &Theme) -> Line<'static> {
    let news = match position.unseen() {
        0 => String::new(),
        count => format!(" · {count} new below"),
    };
    let text = format!(" ⏸ paused{news} · End returns to live");
    Line::styled(fit(&text, usize::from(width), false), theme.paused())
}
