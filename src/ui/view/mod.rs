//! Drawing: pure functions from the model (and the input line) to a frame.
//!
//! Every piece of network text passes through [`sanitize`](crate::ui::sanitize::sanitize)
//! before it becomes a `Span`.

mod chat_rows;
mod contact_card;
mod contact_list;
mod conversation;
mod conversation_header;
mod ended;
mod help;
mod input;
mod jump_scroll;
mod layout;
mod picture;
mod protocol_pane;
mod rows;
mod scroll_marker;
mod status_bar;
mod tabs;

use ratatui::Frame;

pub use help::line_count as help_line_count;
pub use input::height as input_height;
use layout::SIDE_BY_SIDE_COLUMNS;
pub use layout::{BottomRows, areas, page_rows, too_small};
pub use status_bar::height as status_height;

use super::input::LineEditor;
use super::model::Model;
use super::text_width;
use super::theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, model: &Model, editor: &LineEditor, theme: &Theme) {
    let screen = frame.area();
    if too_small(screen) {
        too_small_notice(frame, screen, theme);
        return;
    }
    let conversation_open = model.conversations.active().is_some();
    let bottom = BottomRows {
        status: status_height(model, screen.width),
        input: input_height(editor, screen.width),
    };
    let areas = areas(screen, &model.panes, bottom, conversation_open);
    tabs::draw(frame, areas.tabs, model, theme);
    conversation::draw(frame, areas.conversation, model, theme);
    // Drawn after the conversation: on a narrow screen they cover it.
    if let Some(area) = areas.contacts {
        frame.render_widget(ratatui::widgets::Clear, area);
        contact_list::draw(frame, area, model, theme);
    }
    if let Some(area) = areas.protocol {
        frame.render_widget(ratatui::widgets::Clear, area);
        let side_by_side = screen.width >= SIDE_BY_SIDE_COLUMNS;
        protocol_pane::draw(frame, area, model, side_by_side, theme);
    }
    // Last of the panes, since nothing else matters once the session has ended for good;
    // but a protocol pane brought over the conversation on a narrow screen is read.
    let protocol_covers = areas.protocol == Some(areas.conversation);
    if let Some(reason) = model.status.connection.failure()
        && !protocol_covers
    {
        ended::draw(frame, &areas, reason, theme);
    }
    status_bar::draw(frame, areas.status, model, theme);
    input::draw(frame, areas.input, editor, model.panes.focus, theme);
    if let Some(card) = &model.card {
        contact_card::draw(frame, screen, model, card, theme);
    }
    if let Some(first_line) = model.panes.help {
        help::draw(frame, screen, model, first_line, theme);
    }
}

/// One centred line instead of a layout that cannot fit.
fn too_small_notice(frame: &mut Frame, screen: ratatui::layout::Rect, theme: &Theme) {
    let text = format!(
        "terminal too small: {}×{}, needs {}×{}",
        screen.width,
        screen.height,
        layout::MIN_COLUMNS,
        layout::MIN_ROWS
    );
    let shown = text_width::truncate(&text, usize::from(screen.width)).into_owned();
    let row = ratatui::layout::Rect::new(screen.x, screen.y + screen.height / 2, screen.width, 1);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(shown)
            .alignment(ratatui::layout::Alignment::Center)
            .style(theme.dim()),
        row,
    );
}
