//! A backend that remembers what the terminal shows, so output over a slow link costs
//! only what changed. A frame that changes nothing writes nothing (ratatui otherwise
//! resets colours and re-sends the cursor after every frame); a styled space that looks
//! blank is not written over a blank, and a row that ends blank is erased to its end. When rows move up, as a
//! conversation or the protocol log gains lines, they are moved with the terminal's
//! scrolling region (DECSTBM) if that costs fewer cells than rewriting them; cells of a
//! pane beside the moved one that the scroll disturbed are then written back. The region
//! stays in force after a scroll (nothing written relies on the whole screen scrolling),
//! so the next scroll of the same pane costs only its own few bytes.

use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};

use scroll::{Direction, Scroll, cheapest_scroll};

pub use ansi::{CellWriter, RESET_SCROLL_REGION};

mod ansi;
mod scroll;

/// About what moving the cursor and erasing to the end of a row cost, in cells.
const ERASE_COST: usize = 10;

pub struct DiffBackend<B> {
    inner: B,
    /// What the terminal shows.
    shown: Buffer,
    cursor_visible: Option<bool>,
    /// Where the cursor is, while nothing has been written since it was placed.
    cursor_at: Option<Position>,
    /// The scrolling region left in force, if not the whole screen.
    scroll_region: Option<Range<u16>>,
}

impl<B: CellWriter> DiffBackend<B> {
    pub fn new(inner: B) -> Self {
        DiffBackend {
            inner,
            shown: Buffer::empty(Rect::ZERO),
            cursor_visible: None,
            cursor_at: None,
            scroll_region: None,
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    fn forget_screen(&mut self) -> Result<(), B::Error> {
        self.shown = Buffer::empty(Rect::from((Position::ORIGIN, self.inner.size()?)));
        self.cursor_at = None;
        // After a suspend the shell has shown the cursor: state it again on the next frame.
        self.cursor_visible = None;
        self.reset_scroll_region()
    }

    fn reset_scroll_region(&mut self) -> Result<(), B::Error> {
        if self.scroll_region.take().is_some() {
            self.inner.reset_scroll_region()?;
        }
        Ok(())
    }

    fn scroll(&mut self, scroll: &Scroll) -> Result<(), B::Error> {
        if self.scroll_region.as_ref() != Some(&scroll.rows) {
            self.inner.set_scroll_region(scroll.rows.clone())?;
            self.scroll_region = Some(scroll.rows.clone());
        }
        self.inner
            .scroll_lines(scroll.lines, scroll.direction == Direction::Up)?;
        scroll.apply(&mut self.shown);
        Ok(())
    }
}

impl<B: CellWriter> Backend for DiffBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        let area = Rect::from((Position::ORIGIN, self.inner.size()?));
        if self.shown.area != area {
            self.shown = Buffer::empty(area);
            self.reset_scroll_region()?;
        }
        let mut next = self.shown.clone();
        for (x, y, cell) in content {
            if let Some(target) = next.cell_mut((x, y)) {
                *target = cell.clone();
            }
            reset_cells_covered_by(&mut next, x, y, cell);
        }
        if let Some(scroll) = cheapest_scroll(&self.shown, &next) {
            self.scroll(&scroll)?;
        }
        blank_invisible_runs(&self.shown, &mut next);
        let changes = self.shown.diff(&next);
        let erased = blank_tails(&next, &changes);
        let drawn: Vec<_> = changes
            .into_iter()
            .filter(|(x, y, _)| erased.iter().all(|tail| *y != tail.y || *x < tail.x))
            .collect();
        if !drawn.is_empty() {
            self.inner.write_cells(&drawn, &next)?;
        }
        for tail in erased {
            self.inner.set_cursor_position(tail)?;
            self.inner.clear_region(ClearType::UntilNewLine)?;
        }
        self.shown = next;
        self.cursor_at = None;
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.cursor_at = None;
        self.reset_scroll_region()?;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.cursor_visible == Some(false) {
            return Ok(());
        }
        self.cursor_visible = Some(false);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.cursor_visible == Some(true) {
            return Ok(());
        }
        self.cursor_visible = Some(true);
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.cursor_at == Some(position) {
            return Ok(());
        }
        self.inner.set_cursor_position(position)?;
        self.cursor_at = Some(position);
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.forget_screen()
    }

    /// Only a whole-screen clear is tracked; the UI uses no other kind.
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        if clear_type == ClearType::All {
            self.forget_screen()?;
        }
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }

    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> Result<(), Self::Error> {
        self.scroll(&Scroll::new(region, amount, Direction::Up))?;
        self.cursor_at = None;
        Ok(())
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> Result<(), Self::Error> {
        self.scroll(&Scroll::new(region, amount, Direction::Down))?;
        self.cursor_at = None;
        Ok(())
    }
}

/// Resets the cells right of `cell`, put at (`x`, `y`), that it covers when it is wide, as
/// ratatui does when it draws one. Its diff never sends them, so without this the copy of
/// the screen would keep what they held before, hidden now, and show it again wherever a
/// later scroll or diff relies on it. Widths are ratatui's own: a picture's escape
/// sequence claims the one cell it forces.
fn reset_cells_covered_by(buffer: &mut Buffer, x: u16, y: u16, cell: &Cell) {
    for hidden_x in x.saturating_add(1)..x.saturating_add(cell.cell_width()) {
        if let Some(hidden) = buffer.cell_mut((hidden_x, y)) {
            hidden.reset();
        }
    }
}

/// A space that shows nothing but the default background: styles such as italic or a
/// foreground colour on it are invisible.
fn looks_blank(cell: &Cell) -> bool {
    const VISIBLE_ON_SPACE: Modifier = Modifier::REVERSED
        .union(Modifier::UNDERLINED)
        .union(Modifier::CROSSED_OUT);
    cell.symbol() == " "
        && cell.bg == Color::Reset
        && !cell.modifier.intersects(VISIBLE_ON_SPACE)
        && cell.diff_option == CellDiffOption::None
}

/// Makes runs of [`looks_blank`] cells plain blanks where that saves writing them: at
/// the end of a row (erased instead), or over blanks when longer than a cursor move.
fn blank_invisible_runs(shown: &Buffer, next: &mut Buffer) {
    let width = usize::from(next.area.width);
    for y in 0..usize::from(next.area.height) {
        let row_start = y * width;
        let mut x = 0;
        while x < width {
            let invisible = |x: usize| {
                let cell = &next.content[row_start + x];
                looks_blank(cell) && *cell != Cell::EMPTY
            };
            if !invisible(x) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && invisible(x) {
                x += 1;
            }
            let run = row_start + start..row_start + x;
            let over_blanks = shown.content[run.clone()]
                .iter()
                .all(|cell| *cell == Cell::EMPTY);
            let at_row_end = next.content[row_start + x..row_start + width]
                .iter()
                .all(looks_blank);
            if at_row_end || (over_blanks && run.len() > ERASE_COST) {
                next.content[run].fill(Cell::EMPTY);
            }
        }
    }
}

/// Where rows end in blanks that are cheaper to erase than to write: the first changed
/// cell of each such run, which goes on blank to the right edge.
fn blank_tails(next: &Buffer, changes: &[(u16, u16, &Cell)]) -> Vec<Position> {
    let mut tails = Vec::new();
    let mut changes = changes.iter().peekable();
    while let Some(&&(_, y, _)) = changes.peek() {
        let cells = row(next, usize::from(y));
        let blank_from = cells
            .iter()
            .rposition(|cell| *cell != Cell::EMPTY)
            .map_or(0, |last| last + 1);
        let mut first_blank_change = None;
        let mut blank_changes = 0;
        while let Some(&(x, _, _)) = changes.next_if(|(_, row_y, _)| *row_y == y) {
            if usize::from(x) >= blank_from {
                first_blank_change.get_or_insert(x);
                blank_changes += 1;
            }
        }
        if let Some(x) = first_blank_change
            && blank_changes > ERASE_COST
        {
            tails.push(Position { x, y });
        }
    }
    tails
}

fn row(buffer: &Buffer, y: usize) -> &[Cell] {
    let width = usize::from(buffer.area.width);
    &buffer.content[y * width..(y + 1) * width]
}

#[cfg(test)]
mod tests;
