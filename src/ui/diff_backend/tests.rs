use std::convert::Infallible;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::*;

/// A test terminal that also notes every call that would write to a real one.
struct Recording {
    screen: TestBackend,
    calls: Vec<String>,
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
        self.calls.push(format!(
            "scroll {}..{} by {amount}",
            region.start, region.end
        ));
        self.screen.scroll_region_up(region, amount)
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> Result<(), Infallible> {
        self.calls.push(format!(
            "scroll down {}..{} by {amount}",
            region.start, region.end
        ));
        self.screen.scroll_region_down(region, amount)
    }
}

impl CellWriter for Recording {
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)]) -> Result<(), Infallible> {
        self.draw(cells.iter().copied())
    }
}

fn terminal(width: u16, height: u16) -> Terminal<DiffBackend<Recording>> {
    let recording = Recording {
        screen: TestBackend::new(width, height),
        calls: Vec::new(),
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
    assert_eq!(written[0], "scroll 0..10 by 2");
    assert_eq!(written[1], "draw 52", "two new lines of 26 cells");
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
    assert!(written[0].starts_with("scroll"), "{written:?}");
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
    assert_eq!(written[0], "scroll down 0..10 by 1", "{written:?}");
    assert_eq!(written[1], "draw 26", "one line of 26 cells");
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
