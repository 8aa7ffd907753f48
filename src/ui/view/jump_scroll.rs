//! Jump scrolling for a conversation pane that shares its rows with another pane.
//!
//! A terminal scrolls whole rows (tmux has no left and right margins), so moving such a
//! pane up by one line also moves the pane beside it, which must then be written again.
//! Instead the pane keeps blank rows below its newest line for the next ones to fill,
//! and when they run out its lines jump up by a block: one repaint per block of lines.

/// Below this many rows for lines, a pane follows its newest line row by row.
const MIN_ROWS: usize = 6;
/// Lines are packed into blocks afresh every this many blocks' worth of lines, so a
/// frame measures a bounded number of lines, however long the conversation.
const BLOCKS_PER_ROUND: usize = 4;

/// Blank rows kept below the newest line, in a pane with `room` rows for lines, after
/// `lines` lines have arrived, line `index` taking `rows_of(index)` rows. Lines are
/// packed into blocks that fill a third of the pane less one row (kept for a typing
/// notice under the newest line); the newest block starts that third above the bottom,
/// so the pane moves only when a block is full, by the rows of that block.
pub fn blank_rows_below(room: usize, lines: usize, rows_of: impl Fn(usize) -> usize) -> usize {
    if room < MIN_ROWS {
        return 0;
    }
    let block_rows = room / 3;
    let rows_for_lines = block_rows - 1;
    let round = BLOCKS_PER_ROUND * rows_for_lines;
    let first = lines.saturating_sub(1) / round * round;
    let mut filled = 0;
    for index in first..lines {
        let rows = rows_of(index);
        if filled > 0 && filled + rows > rows_for_lines {
            filled = 0;
        }
        filled += rows;
    }
    block_rows.saturating_sub(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_lines_fill_the_blank_rows_then_the_pane_jumps_a_third() {
        let gaps: Vec<usize> = (1..=7)
            .map(|lines| blank_rows_below(12, lines, |_| 1))
            .collect();
        assert_eq!(gaps, [3, 2, 1, 3, 2, 1, 3]);
    }

    #[test]
    fn a_line_that_does_not_fit_its_block_starts_the_next() {
        let fourth_takes_two = |index: usize| if index == 3 { 2 } else { 1 };
        let gaps: Vec<usize> = (1..=4)
            .map(|lines| blank_rows_below(15, lines, fourth_takes_two))
            .collect();
        assert_eq!(gaps, [4, 3, 2, 5 - 2]);
        assert_eq!(blank_rows_below(12, 1, |_| 9), 0, "longer than a block");
    }

    #[test]
    fn a_small_pane_keeps_every_row_for_lines() {
        assert_eq!(blank_rows_below(MIN_ROWS - 1, 4, |_| 1), 0);
        assert_eq!(blank_rows_below(MIN_ROWS, 1, |_| 1), 1);
    }
}
