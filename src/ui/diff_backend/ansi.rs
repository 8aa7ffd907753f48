//! Writing cells as ANSI text with as few bytes as a slow link deserves: one SGR
//! sequence per style change with only the parameters that changed, no cursor move
//! between adjacent cells and the shortest move otherwise, and a single reset at the end
//! only when a style is still set. Scrolling is split into setting the region and
//! moving its rows, so a region still in force is not sent again.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// A backend that can write a batch of changed cells and scroll a region itself.
pub trait CellWriter: Backend {
    /// Writes `cells`, in screen order, leaving the terminal's style at its default;
    /// `screen` is what the terminal shows once they are written. Moves the cursor only
    /// with absolute or same-row moves, so a scrolling region in force changes nothing.
    fn write_cells(
        &mut self,
        cells: &[(u16, u16, &Cell)],
        screen: &Buffer,
    ) -> Result<(), Self::Error>;

    /// Confines scrolling to `rows` (DECSTBM); the cursor goes to the top left.
    fn set_scroll_region(&mut self, rows: Range<u16>) -> Result<(), Self::Error>;

    /// Lets scrolling take the whole screen again.
    fn reset_scroll_region(&mut self) -> Result<(), Self::Error>;

    /// Moves the rows of the scrolling region up (`up`) or down by `lines`, letting
    /// blank rows in.
    fn scroll_lines(&mut self, lines: u16, up: bool) -> Result<(), Self::Error>;
}

impl<W: Write> CellWriter for CrosstermBackend<W> {
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)], screen: &Buffer) -> io::Result<()> {
        let mut text = String::new();
        encode(&mut text, cells, screen);
        self.writer_mut().write_all(text.as_bytes())
    }

    fn set_scroll_region(&mut self, rows: Range<u16>) -> io::Result<()> {
        write!(self.writer_mut(), "\x1b[{};{}r", rows.start + 1, rows.end)
    }

    fn reset_scroll_region(&mut self) -> io::Result<()> {
        self.writer_mut().write_all(RESET_SCROLL_REGION.as_bytes())
    }

    fn scroll_lines(&mut self, lines: u16, up: bool) -> io::Result<()> {
        let command = if up { 'S' } else { 'T' };
        write!(self.writer_mut(), "\x1b[{lines}{command}")
    }
}

/// DECSTBM without rows: scrolling takes the whole screen.
pub const RESET_SCROLL_REGION: &str = "\x1b[r";

/// The style the terminal draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// The ANSI text that draws `cells` of `screen` (writing to a `String` cannot fail).
pub fn encode(out: &mut String, cells: &[(u16, u16, &Cell)], screen: &Buffer) {
    let mut pen = Pen::DEFAULT;
    let mut cursor: Option<Position> = None;
    for &(x, y, cell) in cells {
        let at = Position { x, y };
        if cursor != Some(at) {
            move_cursor(out, cursor, at, |from| same_pen_text(screen, from, at, pen));
        }
        let wanted = Pen::of(cell);
        if wanted != pen {
            change_style(out, pen, wanted);
            pen = wanted;
        }
        out.push_str(cell.symbol());
        // After a wide character terminals disagree on where the cursor is: move next time.
        cursor = (cell.symbol().width() == 1).then_some(Position { x: x + 1, y });
    }
    if pen != Pen::DEFAULT {
        out.push_str("\x1b[m");
    }
}

/// The shortest of: writing again the unchanged cells up to `to` (`rewrite`, given where
/// the cursor is), a move forward along the row the cursor is known to be on (cells come
/// in screen order), and an absolute move (CUP) leaving out parameters that default to 1.
fn move_cursor(
    out: &mut String,
    from: Option<Position>,
    to: Position,
    rewrite: impl Fn(Position) -> Option<String>,
) {
    let absolute = match (to.y, to.x) {
        (0, 0) => "\x1b[H".to_owned(),
        (y, 0) => format!("\x1b[{}H", y + 1),
        (y, x) => format!("\x1b[{};{}H", y + 1, x + 1),
    };
    let along_row = from.filter(|from| from.y == to.y && from.x < to.x);
    let forward = along_row.map(|from| match to.x - from.x {
        1 => "\x1b[C".to_owned(),
        distance => format!("\x1b[{distance}C"),
    });
    // Rewriting more than three cells costs more than a move.
    let rewritten = along_row
        .filter(|from| to.x - from.x <= 3)
        .and_then(rewrite);
    let shortest = [rewritten, forward]
        .into_iter()
        .flatten()
        .chain([absolute])
        .min_by_key(String::len);
    out.extend(shortest);
}

/// The text of `screen` from `from` up to `to` on one row, if every cell there is a
/// narrow one drawn with `pen`, so writing it again moves the cursor and changes nothing.
fn same_pen_text(screen: &Buffer, from: Position, to: Position, pen: Pen) -> Option<String> {
    (from.x..to.x)
        .map(|x| {
            let cell = screen.cell((x, to.y))?;
            let plain = Pen::of(cell) == pen
                && cell.diff_option == CellDiffOption::None
                && cell.symbol().width() == 1;
            plain.then(|| cell.symbol())
        })
        .collect()
}

/// Writes the SGR sequence from `from` to `to`: the changed parameters, or a reset and
/// `to`'s own ones when that is shorter.
fn change_style(out: &mut String, from: Pen, to: Pen) {
    let changed = style_params(from, to).join(";");
    let from_reset = style_params(Pen::DEFAULT, to);
    // An empty SGR is a reset, the shortest way back to the default style.
    let reset = if from_reset.is_empty() {
        String::new()
    } else {
        format!("0;{}", from_reset.join(";"))
    };
    let params = if reset.len() < changed.len() {
        reset
    } else {
        changed
    };
    if from != to {
        let _ = write!(out, "\x1b[{params}m");
    }
}

/// The SGR parameters that turn `from` into `to`.
fn style_params(from: Pen, to: Pen) -> Vec<String> {
    let mut params: Vec<String> = Vec::new();
    let removed = from.modifier - to.modifier;
    let mut added = to.modifier - from.modifier;
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        params.push("22".into());
        added |= to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    for (modifier, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(modifier) {
            params.push(off.into());
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        params.push("25".into());
        added |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    for (modifier, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if added.contains(modifier) {
            params.push(on.into());
        }
    }
    if from.fg != to.fg {
        params.push(colour(to.fg, Layer::Foreground));
    }
    if from.bg != to.bg {
        params.push(colour(to.bg, Layer::Background));
    }
    if from.underline != to.underline {
        params.push(colour(to.underline, Layer::Underline));
    }
    params
}

#[derive(Clone, Copy)]
enum Layer {
    Foreground,
    Background,
    Underline,
}

/// The SGR parameters that set `colour` on `layer`.
fn colour(colour: Color, layer: Layer) -> String {
    let (base, bright, extended, reset) = match layer {
        Layer::Foreground => (30, 90, 38, 39),
        Layer::Background => (40, 100, 48, 49),
        Layer::Underline => (0, 0, 58, 59),
    };
    let named = |index: u8| {
        if matches!(layer, Layer::Underline) {
            format!("{extended};5;{index}")
        } else if index < 8 {
            (base + u16::from(index)).to_string()
        } else {
            (bright + u16::from(index) - 8).to_string()
        }
    };
    match colour {
        Color::Reset => reset.to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(index) => format!("{extended};5;{index}"),
        Color::Rgb(red, green, blue) => format!("{extended};2;{red};{green};{blue}"),
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU16;

    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn emulated(text: &str, width: u16) -> vt100::Parser {
        let rows = NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN);
        let columns = NonZeroU16::new(width).unwrap_or(NonZeroU16::MIN);
        let mut parser = vt100::Parser::new(rows, columns, 0);
        parser.process(text.as_bytes());
        parser
    }

    fn expected_colour(colour: Color) -> vt100::Color {
        match colour {
            Color::Reset => vt100::Color::Default,
            Color::Red => vt100::Color::Idx(1),
            Color::LightCyan => vt100::Color::Idx(14),
            Color::Indexed(index) => vt100::Color::Idx(index),
            Color::Rgb(red, green, blue) => vt100::Color::Rgb(red, green, blue),
            _ => vt100::Color::Default,
        }
    }

    #[test]
    fn a_terminal_shows_every_cell_with_its_style() {
        let styles = [
            Style::new(),
            Style::new().bold().fg(Color::Red),
            Style::new().dim().italic(),
            Style::new().bold(),
            Style::new().fg(Color::Indexed(6)).bg(Color::Rgb(1, 2, 3)),
            Style::new().reversed().underlined(),
            Style::new().fg(Color::LightCyan),
            Style::new(),
        ];
        let mut buffer = Buffer::empty(Rect::new(0, 0, 60, 2));
        let words = [
            "plain", "bold red", "dim", "bold", "colour", "rev", "cyan", "end",
        ];
        let mut x = 0;
        for (word, style) in words.iter().zip(styles) {
            buffer.set_string(x, 0, word, style);
            x += word.len() as u16;
        }
        buffer.set_string(0, 1, "日本 ok", Style::new().italic());
        let cells: Vec<(u16, u16, &Cell)> = Buffer::empty(buffer.area).diff(&buffer);
        let mut text = String::new();
        encode(&mut text, &cells, &buffer);
        let parser = emulated(&text, 60);
        let screen = parser.screen();
        for &(x, y, cell) in &cells {
            let Some(shown) = screen.cell(y, x) else {
                panic!("no cell at {x},{y}");
            };
            let at = format!("{x},{y} {:?}", cell.symbol());
            assert_eq!(shown.contents(), cell.symbol(), "{at}");
            assert_eq!(shown.fgcolor(), expected_colour(cell.fg), "{at}");
            assert_eq!(shown.bgcolor(), expected_colour(cell.bg), "{at}");
            assert_eq!(shown.bold(), cell.modifier.contains(Modifier::BOLD), "{at}");
            assert_eq!(shown.dim(), cell.modifier.contains(Modifier::DIM), "{at}");
            assert_eq!(
                shown.italic(),
                cell.modifier.contains(Modifier::ITALIC),
                "{at}"
            );
            assert_eq!(
                shown.underline(),
                cell.modifier.contains(Modifier::UNDERLINED),
                "{at}"
            );
            assert_eq!(
                shown.inverse(),
                cell.modifier.contains(Modifier::REVERSED),
                "{at}"
            );
        }
    }

    #[test]
    fn a_style_left_set_is_reset_once_and_adjacent_cells_need_no_moves() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(2, 0, "ab", Style::new().bold());
        let cells = Buffer::empty(buffer.area).diff(&buffer);
        let mut text = String::new();
        encode(&mut text, &cells, &buffer);
        assert_eq!(text, "\x1b[1;3H\x1b[1mab\x1b[m");
    }

    #[test]
    fn moves_are_the_shortest_way_to_the_cell_even_rewriting_a_gap() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 2));
        buffer.set_string(4, 0, "d", Style::new());
        buffer.set_string(0, 1, "a", Style::new());
        buffer.set_string(3, 1, "b", Style::new());
        buffer.set_string(25, 1, "c", Style::new());
        let cells = Buffer::empty(buffer.area).diff(&buffer);
        let mut text = String::new();
        encode(&mut text, &cells, &buffer);
        assert_eq!(text, "\x1b[1;5Hd\x1b[2Ha  b\x1b[21Cc");
        let parser = emulated(&text, 30);
        assert_eq!(
            parser.screen().contents(),
            "    d\na  b                     c"
        );
    }
}
