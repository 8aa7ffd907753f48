//! Drawing: pure functions from the model (and the input line) to a frame.
//!
//! Every piece of network text passes through [`sanitize`](crate::ui::sanitize::sanitize)
//! before it becomes a `Span`.

mod chat_rows;
mod contact_list;
mod conversation;
mod ended;
mod help;
mod input;
mod layout;
mod protocol_pane;
mod rows;
mod scroll_marker;
mod status_bar;
mod tabs;

use ratatui::Frame;

pub use help::line_count as help_line_count;
pub use input::height as input_height;
use layout::SIDE_BY_SIDE_COLUMNS;
pub use layout::{areas, page_rows};

use super::input::LineEditor;
use super::model::Model;
use super::theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, model: &Model, editor: &LineEditor, theme: &Theme) {
    let screen = frame.area();
    let areas = areas(screen, &model.panes, input_height(editor, screen.width));
    tabs::draw(frame, areas.tabs, model, theme);
    if let Some(area) = areas.contacts {
        contact_list::draw(frame, area, model, theme);
    }
    conversation::draw(frame, areas.conversation, model, theme);
    if let Some(reason) = model.status.connection.failure() {
        ended::draw(frame, areas.conversation, reason, theme);
    }
    if let Some(area) = areas.protocol {
        let side_by_side = screen.width >= SIDE_BY_SIDE_COLUMNS;
        protocol_pane::draw(frame, area, model, side_by_side, theme);
    }
    status_bar::draw(frame, areas.status, model, theme);
    input::draw(frame, areas.input, editor, model.panes.focus, theme);
    if let Some(first_line) = model.panes.help {
        help::draw(frame, screen, model, first_line, theme);
    }
}
