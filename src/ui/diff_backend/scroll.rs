//! Choosing a scroll: which band of rows to move, by how many lines and which way, so
//! that the fewest cells are left to rewrite. Every distance is tried, so a pane that
//! jumps by a block of lines is moved too; cells are compared by fingerprint, which
//! keeps trying them all cheap.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui::buffer::{Buffer, Cell};
/// About what the scrolling-region sequences and the cursor moves around them cost, in
/// cells; a scroll must save more than this.
const SCROLL_COST: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Content moves up, blank rows come in at the bottom: new lines at the end.
    Up,
    /// Content moves down, blank rows come in at the top.
    Down,
}

/// Rows `rows` of the screen moved by `lines`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scroll {
    pub rows: Range<u16>,
    pub lines: u16,
    pub direction: Direction,
}

impl Scroll {
    pub fn new(rows: Range<u16>, lines: u16, direction: Direction) -> Self {
        Scroll {
            rows,
            lines,
            direction,
        }
    }

    /// What a terminal does to its screen: rows move, blank rows come in.
    pub fn apply(&self, buffer: &mut Buffer) {
        let width = usize::from(buffer.area.width);
        let height = usize::from(buffer.area.height);
        let rows = usize::from(self.rows.start).min(height)..usize::from(self.rows.end).min(height);
        let moved = usize::from(self.lines).min(rows.len()) * width;
        let band = &mut buffer.content[rows.start * width..rows.end * width];
        let blank = band.len() - moved;
        match self.direction {
            Direction::Up => {
                band.rotate_left(moved);
                band[blank..].fill(Cell::EMPTY);
            }
            Direction::Down => {
                band.rotate_right(moved);
                band[..moved].fill(Cell::EMPTY);
            }
        }
    }
}

/// The scroll that leaves the fewest cells to rewrite between `shown` and `next`, if it
/// saves more than it costs.
pub fn cheapest_scroll(shown: &Buffer, next: &Buffer) -> Option<Scroll> {
    let height = usize::from(shown.area.height);
    if height < 2 || shown.area.width == 0 || shown.area != next.area {
        return None;
    }
    let screens = Screens::of(shown, next);
    let unchanged_cost: Vec<usize> = (0..height)
        .map(|y| differing(screens.shown_row(y), screens.next_row(y)))
        .collect();
    if unchanged_cost.iter().sum::<usize>() <= SCROLL_COST {
        return None;
    }
    let up = cheapest_in(&screens, &unchanged_cost, Direction::Up);
    let down = cheapest_in(&screens, &unchanged_cost, Direction::Down);
    [up, down]
        .into_iter()
        .flatten()
        .max_by_key(|(saved, _)| *saved)
        .map(|(_, scroll)| scroll)
}

/// Both screens as one fingerprint per cell: equal cells have equal fingerprints (a
/// rare collision only misjudges what a scroll saves; the diff after it is exact).
struct Screens {
    width: usize,
    shown: Vec<u64>,
    next: Vec<u64>,
    blank: u64,
}

impl Screens {
    fn of(shown: &Buffer, next: &Buffer) -> Self {
        Screens {
            width: usize::from(shown.area.width),
            shown: shown.content.iter().map(fingerprint).collect(),
            next: next.content.iter().map(fingerprint).collect(),
            blank: fingerprint(&Cell::EMPTY),
        }
    }

    fn shown_row(&self, y: usize) -> &[u64] {
        &self.shown[y * self.width..(y + 1) * self.width]
    }

    fn next_row(&self, y: usize) -> &[u64] {
        &self.next[y * self.width..(y + 1) * self.width]
    }
}

fn fingerprint(cell: &Cell) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    cell.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a: quick over the few bytes of a cell; a fingerprint needs no defence against
/// chosen collisions, since one only misjudges what a scroll saves.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn differing(a: &[u64], b: &[u64]) -> usize {
    a.iter().zip(b).filter(|(a, b)| a != b).count()
}

/// The best scroll one way, with the cells it saves. Rows are walked in the direction
/// content moves from (bottom-up for a scroll down), so both ways are the same problem:
/// for each distance, the best band is a maximum-sum run of per-row savings plus the
/// rows that come in blank, found in one pass.
fn cheapest_in(
    screens: &Screens,
    unchanged_cost: &[usize],
    direction: Direction,
) -> Option<(usize, Scroll)> {
    let height = unchanged_cost.len();
    let y_of = |i: usize| match direction {
        Direction::Up => i,
        Direction::Down => height - 1 - i,
    };
    // Saved by a blank row at i, instead of what the screen shows there now.
    let mut blank_prefix = vec![0isize; height + 1];
    for i in 0..height {
        let blank_cost = screens
            .next_row(y_of(i))
            .iter()
            .filter(|cell| **cell != screens.blank)
            .count();
        blank_prefix[i + 1] =
            blank_prefix[i] + unchanged_cost[y_of(i)] as isize - blank_cost as isize;
    }
    let mut best: Option<(usize, Scroll)> = None;
    for lines in 1..height {
        // Saved when row i shows the row `lines` further along.
        let mut moved_prefix = vec![0isize; height - lines + 1];
        for i in 0..height - lines {
            let moved_cost = differing(
                screens.shown_row(y_of(i + lines)),
                screens.next_row(y_of(i)),
            );
            moved_prefix[i + 1] =
                moved_prefix[i] + unchanged_cost[y_of(i)] as isize - moved_cost as isize;
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
                let start = lowest_start.1;
                let rows = match direction {
                    Direction::Up => start..end,
                    Direction::Down => height - end..height - start,
                };
                let rows = rows.start as u16..rows.end as u16;
                best = Some((saved as usize, Scroll::new(rows, lines as u16, direction)));
            }
        }
    }
    best
}
