//! A backend that remembers what the terminal shows, so output over a slow link costs
//! only what changed. A frame that changes nothing writes nothing (ratatui otherwise
//! resets colours and re-sends the cursor after every frame). When rows move up, as a
//! conversation or the protocol log gains lines, they are moved with the terminal's
//! scrolling region (DECSTBM) if that costs fewer cells than rewriting them; cells of a
//! pane beside the moved one that the scroll disturbed are then written back.

use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

/// Rows moved at most by one scroll: more new lines than this in one frame are rare.
const MAX_SCROLL_LINES: u16 = 8;
/// About what moving the cursor and erasing to the end of a row cost, in cells.
const ERASE_COST: usize = 10;
/// About what the scrolling-region sequences and the cursor moves around them cost, in
/// cells; a scroll must save more than this.
const SCROLL_COST: usize = 24;

pub struct DiffBackend<B> {
    inner: B,
    /// What the terminal shows.
    shown: Buffer,
    cursor_visible: Option<bool>,
    /// Where the cursor is, while nothing has been written since it was placed.
    cursor_at: Option<Position>,
}

/// Rows `rows` of the screen moved up by `lines`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scroll {
    rows: Range<u16>,
    lines: u16,
}

impl<B: Backend> DiffBackend<B> {
    pub fn new(inner: B) -> Self {
        DiffBackend {
            inner,
            shown: Buffer::empty(Rect::ZERO),
            cursor_visible: None,
            cursor_at: None,
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    fn forget_screen(&mut self) -> Result<(), B::Error> {
        self.shown = Buffer::empty(Rect::from((Position::ORIGIN, self.inner.size()?)));
        self.cursor_at = None;
        Ok(())
    }
}

impl<B: Backend> Backend for DiffBackend<B> {
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
        }
        let mut next = self.shown.clone();
        for (x, y, cell) in content {
            if let Some(target) = next.cell_mut((x, y)) {
                *target = cell.clone();
            }
        }
        if let Some(scroll) = cheapest_scroll(&self.shown, &next) {
            self.inner
                .scroll_region_up(scroll.rows.clone(), scroll.lines)?;
            scroll_up(&mut self.shown, &scroll);
        }
        let changes = self.shown.diff(&next);
        let erased = blank_tails(&next, &changes);
        let drawn: Vec<_> = changes
            .into_iter()
            .filter(|(x, y, _)| erased.iter().all(|tail| *y != tail.y || *x < tail.x))
            .collect();
        if !drawn.is_empty() {
            self.inner.draw(drawn.into_iter())?;
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
        self.inner.scroll_region_up(region.clone(), amount)?;
        scroll_up(
            &mut self.shown,
            &Scroll {
                rows: region,
                lines: amount,
            },
        );
        self.cursor_at = None;
        Ok(())
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> Result<(), Self::Error> {
        self.inner.scroll_region_down(region, amount)?;
        self.forget_screen()
    }
}

/// The scroll that leaves the fewest cells to rewrite between `shown` and `next`, if it
/// saves more than it costs. For each distance, the best band of rows is a maximum-sum
/// run of per-row savings, found in one pass.
fn cheapest_scroll(shown: &Buffer, next: &Buffer) -> Option<Scroll> {
    let height = usize::from(shown.area.height);
    let width = usize::from(shown.area.width);
    if height < 2 || width == 0 {
        return None;
    }
    let differing = |a: &[Cell], b: &[Cell]| a.iter().zip(b).filter(|(a, b)| a != b).count();
    let unchanged_cost: Vec<usize> = (0..height)
        .map(|y| differing(row(shown, y), row(next, y)))
        .collect();
    if unchanged_cost.iter().sum::<usize>() <= SCROLL_COST {
        return None;
    }
    let blank_cost: Vec<usize> = (0..height)
        .map(|y| {
            row(next, y)
                .iter()
                .filter(|cell| **cell != Cell::EMPTY)
                .count()
        })
        .collect();
    let mut best: Option<(usize, Scroll)> = None;
    for lines in 1..=usize::from(MAX_SCROLL_LINES).min(height - 1) {
        // moved[y]: cells saved when row y shows the row `lines` below it.
        let mut moved_prefix = vec![0isize; height - lines + 1];
        for y in 0..height - lines {
            let saved = unchanged_cost[y] as isize
                - differing(row(shown, y + lines), row(next, y)) as isize;
            moved_prefix[y + 1] = moved_prefix[y] + saved;
        }
        let mut blank_prefix = vec![0isize; height + 1];
        for y in 0..height {
            blank_prefix[y + 1] =
                blank_prefix[y] + unchanged_cost[y] as isize - blank_cost[y] as isize;
        }
        let mut lowest_start = (0isize, 0usize);
        for end in lines + 1..=height {
            let latest_start = end - lines - 1;
            if moved_prefix[latest_start] < lowest_start.0 {
                lowest_start = (moved_prefix[latest_start], latest_start);
            }
            let saved = moved_prefix[end - lines] - lowest_start.0 + blank_prefix[end]
                - blank_prefix[end - lines];
            let better = best.as_ref().is_none_or(|(most, _)| saved > *most as isize);
            if saved > SCROLL_COST as isize && better {
                let rows = lowest_start.1 as u16..end as u16;
                best = Some((
                    saved as usize,
                    Scroll {
                        rows,
                        lines: lines as u16,
                    },
                ));
            }
        }
    }
    best.map(|(_, scroll)| scroll)
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

/// What a terminal does to its screen for `scroll`: rows move up, blank rows come in.
fn scroll_up(buffer: &mut Buffer, scroll: &Scroll) {
    let width = usize::from(buffer.area.width);
    let rows = usize::from(scroll.rows.start)
        ..usize::from(scroll.rows.end).min(usize::from(buffer.area.height));
    let lines = usize::from(scroll.lines).min(rows.len());
    let band = &mut buffer.content[rows.start * width..rows.end * width];
    band.rotate_left(lines * width);
    let vacated = band.len() - lines * width;
    band[vacated..].fill(Cell::EMPTY);
}

#[cfg(test)]
mod tests;
