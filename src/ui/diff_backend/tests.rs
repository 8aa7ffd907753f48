use std::convert::Infallible;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::*;

/// A test terminal that also notes every call that would write to a real one.
struct Recording {
    screen: TestBackend,
    calls: Vec<String>,
    /// The scrolling region in force, if set.
    region: Option<Range<u16>>,
}

impl Backend for Recording {
    type Error = Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Infallible>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<_> = content.collect();
        self.calls.push(format!("draw {}", cells.len()));
        self.screen.draw(cells.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Infallible> {
        self.screen.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Infallible> {
        self.calls.push("hide".into());
        self.screen.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Infallible> {
        self.calls.push("show".into());
        self.screen.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Infallible> {
        self.screen.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Infallible> {
        let position = position.into();
        self.calls
            .push(format!("cursor {},{}", position.x, position.y));
        self.screen.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Infallible> {
        self.calls.push("clear".into());
        self.screen.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Infallible> {
        self.calls.push("clear".into());
        self.screen.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Infallible> {
        self.screen.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Infallible> {
        self.screen.window_size()
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }

    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> Result<(), Infallible> {
        self.set_scroll_region(region)?;
        self.scroll_lines(amount, true)?;
        self.reset_scroll_region()
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> Result<(), Infallible> {
        self.set_scroll_region(region)?;
        self.scroll_lines(amount, false)?;
        self.reset_scroll_region()
    }
}

impl CellWriter for Recording {
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)], _: &Buffer) -> Result<(), Infallible> {
        self.draw(cells.iter().copied())
    }

    fn set_scroll_region(&mut self, rows: Range<u16>) -> Result<(), Infallible> {
        self.calls
            .push(format!("region {}..{}", rows.start, rows.end));
        self.region = Some(rows);
        Ok(())
    }

    fn reset_scroll_region(&mut self) -> Result<(), Infallible> {
        self.calls.push("region reset".into());
        self.region = None;
        Ok(())
    }

    fn scroll_lines(&mut self, lines: u16, up: bool) -> Result<(), Infallible> {
        let region = self.region.clone().unwrap_or(0..self.screen.size()?.height);
        let way = if up { "up" } else { "down" };
        self.calls.push(format!("scroll {way} by {lines}"));
        if up {
            self.screen.scroll_region_up(region, lines)
        } else {
            self.screen.scroll_region_down(region, lines)
        }
    }
}

fn terminal(width: u16, height: u16) -> Terminal<DiffBackend<Recording>> {
    let recording = Recording {
        screen: TestBackend::new(width, height),
        calls: Vec::new(),
        region: None,
    };
    match Terminal::new(DiffBackend::new(recording)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    }
}

fn calls(terminal: &mut Terminal<DiffBackend<Recording>>) -> Vec<String> {
    std::mem::take(&mut terminal.backend_mut().inner.calls)
}

/// Lines `first..last` of a log, with a fixed pane on the left when `beside` is given.
fn draw_log(
    terminal: &mut Terminal<DiffBackend<Recording>>,
    lines: Range<usize>,
    beside: Option<&[&str]>,
) {
    let frame = terminal.draw(|frame| {
        let area = frame.area();
        let log = match beside {
            Some(side) => {
                let [left, right] =
                    Layout::horizontal([Constraint::Length(12), Constraint::Fill(1)]).areas(area);
                let text: Vec<Line> = side.iter().map(|line| Line::from(*line)).collect();
                frame.render_widget(
                    Paragraph::new(text).block(Block::default().borders(Borders::RIGHT)),
                    left,
                );
                right
            }
            None => area,
        };
        let text: Vec<Line> = lines.clone().map(|n| Line::from(log_line(n))).collect();
        frame.render_widget(Paragraph::new(text), log);
        frame.set_cursor_position((0, area.height - 1));
    });
    assert!(frame.is_ok());
}

/// 26 letters that differ from one line to the next in every column.
fn log_line(n: usize) -> String {
    (0..26)
        .map(|column| char::from(b'a' + ((n * 7 + column * 3) % 26) as u8))
        .collect()
}

fn screens_match(terminal: &Terminal<DiffBackend<Recording>>) {
    let shown = terminal.backend().inner().screen.buffer();
    assert_eq!(
        shown,
        &terminal.backend().shown,
        "the terminal shows what was meant"
    );
}

#[test]
fn a_frame_that_changes_nothing_writes_nothing() {
    let mut terminal = terminal(40, 10);
    draw_log(&mut terminal, 0..5, None);
    assert_eq!(calls(&mut terminal), ["draw 130", "show", "cursor 0,9"]);
    draw_log(&mut terminal, 0..5, None);
    assert!(calls(&mut terminal).is_empty());
}

#[test]
fn new_lines_in_a_full_width_log_scroll_and_cost_their_own_cells() {
    let mut terminal = terminal(40, 10);
    draw_log(&mut terminal, 0..10, None);
    calls(&mut terminal);
    draw_log(&mut terminal, 2..12, None);
    let written = calls(&mut terminal);
    assert_eq!(written[..2], ["region 0..10", "scroll up by 2"]);
    assert_eq!(written[2], "draw 52", "two new lines of 26 cells");
    screens_match(&terminal);
}

#[test]
fn the_scrolling_region_stays_in_force_for_the_next_scroll() {
    let mut terminal = terminal(40, 10);
    draw_log(&mut terminal, 0..10, None);
    draw_log(&mut terminal, 1..11, None);
    calls(&mut terminal);
    draw_log(&mut terminal, 2..12, None);
    let written = calls(&mut terminal);
    assert_eq!(written[0], "scroll up by 1", "{written:?}");
    screens_match(&terminal);
    assert!(terminal.clear().is_ok());
    assert!(calls(&mut terminal).contains(&"region reset".to_owned()));
}

#[test]
fn a_log_that_jumps_by_many_lines_beside_a_pane_scrolls_once() {
    let mut terminal = terminal(50, 30);
    let side = ["Contacts", "  Alice", "  Bob"];
    draw_log(&mut terminal, 0..30, Some(&side));
    calls(&mut terminal);
    draw_log(&mut terminal, 12..30, Some(&side));
    let written = calls(&mut terminal);
    assert_eq!(written[..2], ["region 0..30", "scroll up by 12"]);
    assert_eq!(
        written[2], "draw 28",
        "the side pane's 16 letters and its border on the 12 rows that came in blank"
    );
    screens_match(&terminal);
}

#[test]
fn a_fixed_pane_beside_the_log_is_written_back_where_the_scroll_moved_it() {
    let mut terminal = terminal(50, 10);
    let side = ["Contacts", "  Alice", "  Bob"];
    draw_log(&mut terminal, 0..10, Some(&side));
    calls(&mut terminal);
    draw_log(&mut terminal, 1..11, Some(&side));
    let written = calls(&mut terminal);
    assert!(written[1].starts_with("scroll"), "{written:?}");
    screens_match(&terminal);
}

#[test]
fn a_busy_pane_wider_than_the_log_makes_rewriting_cheaper_than_scrolling() {
    let mut terminal = terminal(20, 10);
    let side: Vec<String> = (100..110).map(log_line).collect();
    let side: Vec<&str> = side.iter().map(String::as_str).collect();
    draw_log(&mut terminal, 0..10, Some(&side));
    calls(&mut terminal);
    draw_log(&mut terminal, 1..11, Some(&side));
    let written = calls(&mut terminal);
    assert!(
        !written.iter().any(|call| call.starts_with("scroll")),
        "{written:?}"
    );
    screens_match(&terminal);
}

#[test]
fn a_row_that_ends_blank_is_erased_rather_than_written_with_spaces() {
    let mut terminal = terminal(60, 10);
    draw_log(&mut terminal, 0..10, None);
    calls(&mut terminal);
    draw_log(&mut terminal, 0..0, None);
    let written = calls(&mut terminal);
    assert!(written.contains(&"clear".to_owned()), "{written:?}");
    assert!(
        !written.iter().any(|call| call.starts_with("draw")),
        "{written:?}"
    );
    screens_match(&terminal);
}

#[test]
fn styled_spaces_that_look_blank_are_not_written() {
    let mut terminal = terminal(40, 4);
    let frame = terminal.draw(|frame| {
        let row = Rect::new(0, 1, 40, 1);
        let italic = Style::new().italic().fg(Color::Red);
        frame.render_widget(Paragraph::new("typing…").style(italic), row);
        frame.render_widget(
            Block::new().style(Style::new().reversed()),
            Rect::new(0, 3, 2, 1),
        );
    });
    assert!(frame.is_ok());
    assert_eq!(
        calls(&mut terminal)[0],
        "draw 9",
        "seven letters and two reversed blanks"
    );
}

#[test]
fn lines_coming_back_into_view_scroll_down() {
    let mut terminal = terminal(40, 10);
    draw_log(&mut terminal, 2..12, None);
    calls(&mut terminal);
    draw_log(&mut terminal, 1..11, None);
    let written = calls(&mut terminal);
    assert_eq!(written[..2], ["region 0..10", "scroll down by 1"]);
    assert_eq!(written[2], "draw 26", "one line of 26 cells");
    screens_match(&terminal);
}

#[test]
fn a_clear_forgets_the_screen() {
    let mut terminal = terminal(40, 10);
    draw_log(&mut terminal, 0..5, None);
    assert!(terminal.clear().is_ok());
    calls(&mut terminal);
    draw_log(&mut terminal, 0..5, None);
    assert_eq!(calls(&mut terminal)[0], "draw 130");
    screens_match(&terminal);
}
