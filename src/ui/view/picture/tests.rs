//! Graphics protocols put a whole escape sequence into one cell and mark the cells it
//! covers as skipped: through the diff backend the sequence must reach the terminal
//! whole, once, and a frame that changes nothing must write nothing.

use std::cell::RefCell;
use std::io;
use std::ops::Range;
use std::rc::Rc;

use image::{DynamicImage, Rgba, RgbaImage};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui_image::picker::{Picker, ProtocolType};

use super::*;
use crate::ui::diff_backend::{CellWriter, DiffBackend};
use crate::ui::model::Shown;
use crate::ui::pictures::{HEADER_SIZE, Tiles};

/// What was written, shared with the test.
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Written {
    fn take(&self) -> String {
        String::from_utf8_lossy(&std::mem::take(&mut *self.0.borrow_mut())).into_owned()
    }
}

impl io::Write for Written {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The crossterm backend writing into memory, with a fixed size instead of a tty's.
struct Bytes(CrosstermBackend<Written>);

impl Backend for Bytes {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.draw(content)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.0.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> io::Result<Size> {
        Ok(Size::new(30, 6))
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: Size::new(30, 6),
            pixels: Size::new(300, 120),
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.0.scroll_region_up(region, amount)
    }
    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.0.scroll_region_down(region, amount)
    }
}

impl CellWriter for Bytes {
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)], screen: &Buffer) -> io::Result<()> {
        self.0.write_cells(cells, screen)
    }
    fn set_scroll_region(&mut self, rows: Range<u16>) -> io::Result<()> {
        self.0.set_scroll_region(rows)
    }
    fn reset_scroll_region(&mut self) -> io::Result<()> {
        self.0.reset_scroll_region()
    }
    fn scroll_lines(&mut self, lines: u16, up: bool) -> io::Result<()> {
        self.0.scroll_lines(lines, up)
    }
}

fn tiles(protocol: ProtocolType) -> Tiles {
    let image = RgbaImage::from_fn(32, 32, |x, y| Rgba([(x * 8) as u8, (y * 8) as u8, 90, 255]));
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(protocol);
    Tiles::new(&picker, &DynamicImage::ImageRgba8(image)).unwrap()
}

/// Draws the header picture with a name beside it; returns what reached the terminal.
fn frame(terminal: &mut Terminal<DiffBackend<Bytes>>, written: &Written, tiles: &Tiles) -> String {
    let theme = Theme::from_settings(Some("1"), None);
    terminal
        .draw(|frame| {
            let area = Rect::new(0, 0, HEADER_SIZE.width, HEADER_SIZE.height);
            draw(frame, area, Shown::Picture(tiles), Place::Header, &theme);
            frame
                .buffer_mut()
                .set_string(12, 0, "Alice", ratatui::style::Style::new());
        })
        .unwrap();
    written.take()
}

fn terminal() -> (Terminal<DiffBackend<Bytes>>, Written) {
    let written = Written::default();
    let backend = Bytes(CrosstermBackend::new(written.clone()));
    (Terminal::new(DiffBackend::new(backend)).unwrap(), written)
}

#[test]
fn a_sixel_picture_is_written_whole_once_and_an_unchanged_frame_writes_nothing() {
    let tiles = tiles(ProtocolType::Sixel);
    let (mut terminal, written) = terminal();
    let first = frame(&mut terminal, &written, &tiles);
    assert_eq!(first.matches("\x1bP").count(), 1, "{first:?}");
    assert!(
        first.contains("\x1b\\") && first.contains("Alice"),
        "{first:?}"
    );
    assert_eq!(frame(&mut terminal, &written, &tiles), "");
}

#[test]
fn a_kitty_picture_is_sent_once_then_only_its_placeholders_stay() {
    let tiles = tiles(ProtocolType::Kitty);
    let (mut terminal, written) = terminal();
    let first = frame(&mut terminal, &written, &tiles);
    assert!(first.contains("\x1b_G"), "{first:?}");
    let second = frame(&mut terminal, &written, &tiles);
    assert!(!second.contains("\x1b_G"), "{second:?}");
    assert_eq!(frame(&mut terminal, &written, &tiles), "");
}

#[test]
fn half_blocks_are_plain_cells() {
    let tiles = tiles(ProtocolType::Halfblocks);
    let (mut terminal, written) = terminal();
    let first = frame(&mut terminal, &written, &tiles);
    assert!(first.contains('▀') || first.contains('▄'), "{first:?}");
    assert!(!first.contains("\x1bP") && !first.contains("\x1b_G"));
    assert_eq!(frame(&mut terminal, &written, &tiles), "");
}
