//! A contact's picture, or a box saying why there is none, in a fixed area.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui_image::Image;
use ratatui_image::protocol::Protocol;

use crate::ui::model::Shown;
use crate::ui::text_width::wrap;
use crate::ui::theme::Theme;

/// Which encoding of the picture goes in the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Header,
    Card,
}

pub fn draw(frame: &mut Frame, area: Rect, shown: Shown<'_>, place: Place, theme: &Theme) {
    match shown {
        Shown::Picture(tiles) => {
            let protocol: &Protocol = match place {
                Place::Header => &tiles.header,
                Place::Card => &tiles.card,
            };
            frame.render_widget(Image::new(protocol), area);
        }
        Shown::Placeholder(label) => placeholder(frame, area, label, theme),
    }
}

fn placeholder(frame: &mut Frame, area: Rect, label: &str, theme: &Theme) {
    let block = Block::bordered().border_style(theme.dim());
    let inner = block.inner(area);
    let rows: Vec<Line<'static>> = wrap(label, usize::from(inner.width))
        .into_iter()
        .map(|row| Line::styled(row.trim().to_owned(), theme.dim()))
        .collect();
    let top = inner.height.saturating_sub(rows.len() as u16) / 2;
    frame.render_widget(block, area);
    let text_area = Rect {
        y: inner.y + top,
        height: inner.height - top,
        ..inner
    };
    frame.render_widget(Paragraph::new(rows).alignment(Alignment::Center), text_area);
}

#[cfg(test)]
mod tests;
