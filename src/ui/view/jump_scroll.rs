//! Jump scrolling for a conversation pane that shares its rows with another pane.
//!
//! A terminal scrolls whole rows (tmux has no left and right margins), so moving such a
//! pane up by one line also moves the pane beside it, which must then be written again.
//! Instead the pane keeps blank rows below its newest line for the next ones to fill,
//! and when they run out its lines jump up by a block: one repaint per block of lines.

/// Below this many rows for lines, a pane follows its newest line row by row.
const MIN_ROWS: usize = 6;

/// Blank rows kept below the newest line, in a pane with `rows` rows for its lines,
/// after `lines` lines have arrived: from a third of the pane down to one, which leaves
/// room for a typing notice under the newest line.
pub fn blank_rows_below(rows: usize, lines: usize) -> usize {
    if rows < MIN_ROWS {
        return 0;
    }
    let block = rows / 3;
    block - lines.saturating_sub(1) % block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_lines_fill_the_blank_rows_then_the_pane_jumps_a_third() {
        let gaps: Vec<usize> = (1..=7).map(|lines| blank_rows_below(9, lines)).collect();
        assert_eq!(gaps, [3, 2, 1, 3, 2, 1, 3]);
    }

    #[test]
    fn a_small_pane_keeps_every_row_for_lines() {
        assert_eq!(blank_rows_below(MIN_ROWS - 1, 4), 0);
        assert_eq!(blank_rows_below(MIN_ROWS, 0), 2);
    }
}
