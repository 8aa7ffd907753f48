//! Writing prepared rows straight into the buffer: one line per row, cut at the right
//! edge, a line's own style across its whole row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

pub fn render_rows(buffer: &mut Buffer, area: Rect, lines: &[Line<'_>]) {
    for (row, line) in area.rows().zip(lines) {
        if line.style != Style::default() {
            buffer.set_style(row, line.style);
        }
        buffer.set_line(row.x, row.y, line, row.width);
    }
}
