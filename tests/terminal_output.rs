//! What the UI writes to a terminal, replayed in a terminal emulator (vt100): after every
//! frame of a conversation that scrolls, beside the contact list (jumps, the scrolling
//! region left in force) and across the full width, each cell the emulator shows is
//! the cell ratatui meant, at every size from a small SSH window to a large monitor.

use std::cell::RefCell;
use std::io::{self, Write};
use std::num::NonZeroU16;
use std::ops::Range;
use std::rc::Rc;
use std::time::{Duration, Instant};

use msntui::ui::diff_backend::{CellWriter, DiffBackend};
use msntui::ui::model::{
    ConnectionState, Contact, ConversationId, Delivery, Group, Limits, MessageLine, Model,
    Presence, Timestamp, Typing,
};
use msntui::ui::{Action, App, Attention, ColourMode, Theme};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 4] = [(40, 12), (80, 24), (120, 40), (200, 60)];
const ROUNDS: usize = 40;
const BOT: &str = "echo@example.com";

/// Bytes written so far, shared with the backend that writes them.
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A real terminal's backend, but of a fixed size rather than the size of the tty the
/// test runs in.
struct FixedSize {
    crossterm: CrosstermBackend<Written>,
    size: Size,
}

impl Backend for FixedSize {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.crossterm.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.crossterm.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.crossterm.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.crossterm.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.crossterm.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.crossterm.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.crossterm.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::ZERO,
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.crossterm)
    }

    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.crossterm.scroll_region_up(region, amount)
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.crossterm.scroll_region_down(region, amount)
    }
}

impl CellWriter for FixedSize {
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)], screen: &Buffer) -> io::Result<()> {
        self.crossterm.write_cells(cells, screen)
    }

    fn set_scroll_region(&mut self, rows: Range<u16>) -> io::Result<()> {
        self.crossterm.set_scroll_region(rows)
    }

    fn reset_scroll_region(&mut self) -> io::Result<()> {
        self.crossterm.reset_scroll_region()
    }

    fn scroll_lines(&mut self, lines: u16, up: bool) -> io::Result<()> {
        self.crossterm.scroll_lines(lines, up)
    }
}

/// The UI drawn through the diff backend into an emulator.
struct Screens {
    app: App,
    conversation: ConversationId,
    terminal: Terminal<DiffBackend<FixedSize>>,
    written: Written,
    emulator: vt100::Parser,
    bytes: usize,
}

impl Screens {
    fn new((width, height): (u16, u16), contacts_visible: bool) -> Screens {
        let mut model = Model::new("me@example.com", Limits::default());
        model.status.connection = ConnectionState::Online;
        model.status.own.friendly_name = "Sam".into();
        model
            .contacts
            .upsert_group(Group::new("friends", "Friends"));
        for (n, name) in ["Alice", "Bob", "Carol", "Dan", "Erin", "Fay"]
            .iter()
            .enumerate()
        {
            let address = format!("{}@example.com", name.to_lowercase());
            model.contacts.upsert(Contact {
                presence: [Presence::Online, Presence::Away, Presence::Busy][n % 3],
                groups: vec!["friends".into()],
                personal_message: format!("{name}'s day"),
                ..Contact::new(&address, *name)
            });
        }
        model.contacts.upsert(Contact {
            presence: Presence::Online,
            ..Contact::new(BOT, "Echo Bot")
        });
        model.panes.contacts_visible = contacts_visible;
        model.panes.protocol_visible = false;
        let conversation = model.conversation_with(BOT);
        model.activate_id(conversation);
        let mut app = App::new(
            model,
            Theme::new(ColourMode::TrueColour),
            Attention::default(),
        );
        app.update(Action::Resize { width, height });
        let written = Written::default();
        let terminal = Terminal::new(DiffBackend::new(FixedSize {
            crossterm: CrosstermBackend::new(written.clone()),
            size: Size::new(width, height),
        }));
        let Ok(terminal) = terminal else {
            panic!("terminal");
        };
        let rows = NonZeroU16::new(height).unwrap_or(NonZeroU16::MIN);
        let columns = NonZeroU16::new(width).unwrap_or(NonZeroU16::MIN);
        Screens {
            app,
            conversation,
            terminal,
            written,
            emulator: vt100::Parser::new(rows, columns, 0),
            bytes: 0,
        }
    }

    /// Draws a frame and compares every cell the emulator shows with the frame's.
    fn frame(&mut self, what: &str) {
        let app = &self.app;
        let meant = match self.terminal.draw(|frame| app.draw(frame)) {
            Ok(drawn) => drawn.buffer.clone(),
            Err(error) => panic!("{what}: {error}"),
        };
        let bytes = std::mem::take(&mut *self.written.0.borrow_mut());
        self.bytes += bytes.len();
        self.emulator.process(&bytes);
        let screen = self.emulator.screen();
        for y in 0..meant.area.height {
            for x in 0..meant.area.width {
                let Some(shown) = screen.cell(y, x) else {
                    panic!("{what}: no cell {x},{y}");
                };
                if shown.is_wide_continuation() {
                    continue;
                }
                let cell = &meant[(x, y)];
                assert_eq!(
                    Seen::of_emulator(shown),
                    Seen::of_buffer(cell),
                    "{what}: cell {x},{y} of\n{}",
                    screen.contents()
                );
            }
        }
    }

    fn model(&mut self) -> &mut Model {
        self.app.model_mut()
    }

    /// Our line, its delivery, the bot typing and its echo, a frame after each.
    fn round(&mut self, round: usize) {
        let id = self.conversation;
        let time = Timestamp(1_709_543_700 + round as i64 * 20);
        let text = text(round);
        let sent = self.model().push_own_message(id, time, text.as_str());
        self.frame(&format!("round {round}: our line"));
        for delivery in [Delivery::Sent, Delivery::Delivered] {
            if let (Some(sent), Some(conversation)) = (sent, self.model().conversations.get_mut(id))
            {
                conversation.set_delivery(sent, delivery);
            }
        }
        if let Some(conversation) = self.model().conversations.get_mut(id) {
            conversation.set_typing(Typing {
                address: BOT.into(),
                name: "Echo Bot".into(),
                until: Instant::now() + Duration::from_secs(60),
            });
        }
        self.frame(&format!("round {round}: delivered, the bot typing"));
        let echo = MessageLine {
            time,
            sender_address: BOT.into(),
            sender_name: "Echo Bot".into(),
            text,
            colour: None,
            own: None,
        };
        self.model().push_message(id, echo);
        self.frame(&format!("round {round}: the echo"));
    }
}

/// 40 letters, different in every round; every seventh is long enough to wrap, and every
/// third has wide characters (CJK and an emoji) among its letters.
fn text(round: usize) -> String {
    let letters: String = (0..40)
        .map(|n| char::from(b'a' + ((round * 7 + n * 3) % 26) as u8))
        .collect();
    let line = if round % 7 == 6 {
        format!("{letters} {letters} {letters}")
    } else {
        letters
    };
    match round % 3 {
        1 => format!("{} 漢字😀 {}", &line[..20], &line[20..]),
        _ => line,
    }
}

/// What a cell looks like: a blank shows only its background and the styles that mark
/// a space.
#[derive(Debug, PartialEq, Eq)]
struct Seen<'a> {
    symbol: &'a str,
    fg: Option<vt100::Color>,
    bg: vt100::Color,
    /// Bold, dim, italic, underlined, reversed.
    styles: [bool; 5],
}

impl<'a> Seen<'a> {
    fn new(symbol: &'a str, fg: vt100::Color, bg: vt100::Color, styles: [bool; 5]) -> Self {
        let blank = symbol == " ";
        let [bold, dim, italic, underlined, reversed] = styles;
        Seen {
            symbol,
            fg: (!blank).then_some(fg),
            bg,
            styles: if blank {
                [false, false, false, underlined, reversed]
            } else {
                [bold, dim, italic, underlined, reversed]
            },
        }
    }

    fn of_buffer(cell: &'a Cell) -> Self {
        let styles = [
            Modifier::BOLD,
            Modifier::DIM,
            Modifier::ITALIC,
            Modifier::UNDERLINED,
            Modifier::REVERSED,
        ]
        .map(|modifier| cell.modifier.contains(modifier));
        Seen::new(cell.symbol(), colour(cell.fg), colour(cell.bg), styles)
    }

    fn of_emulator(cell: &'a vt100::Cell) -> Self {
        let symbol = match cell.contents() {
            "" => " ",
            symbol => symbol,
        };
        let styles = [
            cell.bold(),
            cell.dim(),
            cell.italic(),
            cell.underline(),
            cell.inverse(),
        ];
        Seen::new(symbol, cell.fgcolor(), cell.bgcolor(), styles)
    }
}

fn colour(colour: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match colour {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(index) => vt100::Color::Idx(index),
        Color::Rgb(red, green, blue) => vt100::Color::Rgb(red, green, blue),
        named_colour => named
            .iter()
            .position(|candidate| *candidate == named_colour)
            .map_or(vt100::Color::Default, |index| {
                vt100::Color::Idx(index as u8)
            }),
    }
}

#[test]
fn a_scrolling_conversation_beside_the_contact_list_shows_every_cell_as_meant() {
    for size in SIZES {
        let mut screens = Screens::new(size, true);
        screens.frame("the first screen");
        (0..ROUNDS).for_each(|round| screens.round(round));
    }
}

#[test]
fn a_scrolling_full_width_conversation_shows_every_cell_as_meant() {
    for size in SIZES {
        let mut screens = Screens::new(size, false);
        screens.frame("the first screen");
        (0..ROUNDS).for_each(|round| screens.round(round));
    }
}

/// The cost the jumps save: beside the contact list a round costs about what it costs
/// at full width, where the terminal scrolls the conversation alone.
#[test]
fn beside_the_contact_list_a_round_costs_little_more_than_at_full_width() {
    let cost = |contacts_visible: bool| {
        let mut screens = Screens::new((120, 40), contacts_visible);
        (0..ROUNDS).for_each(|round| screens.round(round));
        let warm = screens.bytes;
        (ROUNDS..2 * ROUNDS).for_each(|round| screens.round(round));
        (screens.bytes - warm) / ROUNDS
    };
    let (beside, full_width) = (cost(true), cost(false));
    assert!(
        beside < full_width * 2,
        "{beside} bytes a round beside the contact list, {full_width} at full width"
    );
}
