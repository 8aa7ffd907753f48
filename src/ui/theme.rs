//! Styles for every element, in three colour modes.
//!
//! The interface uses only the 16 ANSI colours, so it follows the terminal's palette.
//! Monochrome (for `NO_COLOR`) keeps bold, dim, italic and reverse only; every element
//! still reads correctly because presence and direction also have marks.

use ratatui::style::{Color, Modifier, Style};

use super::model::{ConnectionState, Delivery, Direction, Presence, Rgb};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourMode {
    Monochrome,
    /// The 16 ANSI colours; message format colours are mapped to the nearest one.
    Sixteen,
    /// As `Sixteen`, but message format colours are shown exactly.
    TrueColour,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColourMode,
}

const ANSI_PALETTE: [(Color, Rgb); 16] = [
    (Color::Black, Rgb(0, 0, 0)),
    (Color::Red, Rgb(205, 0, 0)),
    (Color::Green, Rgb(0, 205, 0)),
    (Color::Yellow, Rgb(205, 205, 0)),
    (Color::Blue, Rgb(0, 0, 238)),
    (Color::Magenta, Rgb(205, 0, 205)),
    (Color::Cyan, Rgb(0, 205, 205)),
    (Color::Gray, Rgb(229, 229, 229)),
    (Color::DarkGray, Rgb(127, 127, 127)),
    (Color::LightRed, Rgb(255, 0, 0)),
    (Color::LightGreen, Rgb(0, 255, 0)),
    (Color::LightYellow, Rgb(255, 255, 0)),
    (Color::LightBlue, Rgb(92, 92, 255)),
    (Color::LightMagenta, Rgb(255, 0, 255)),
    (Color::LightCyan, Rgb(0, 255, 255)),
    (Color::White, Rgb(255, 255, 255)),
];

impl Theme {
    pub fn new(mode: ColourMode) -> Self {
        Theme { mode }
    }

    /// Reads `NO_COLOR` and `COLORTERM` from the environment.
    pub fn from_env() -> Self {
        let no_color = std::env::var("NO_COLOR").ok();
        let colorterm = std::env::var("COLORTERM").ok();
        Theme::from_settings(no_color.as_deref(), colorterm.as_deref())
    }

    /// `NO_COLOR` set to anything non-empty wins; `COLORTERM=truecolor|24bit` allows RGB.
    pub fn from_settings(no_color: Option<&str>, colorterm: Option<&str>) -> Self {
        let mode = if no_color.is_some_and(|value| !value.is_empty()) {
            ColourMode::Monochrome
        } else if matches!(colorterm, Some("truecolor" | "24bit")) {
            ColourMode::TrueColour
        } else {
            ColourMode::Sixteen
        };
        Theme::new(mode)
    }

    fn coloured(&self, colour: Color) -> Style {
        match self.mode {
            ColourMode::Monochrome => Style::new(),
            ColourMode::Sixteen | ColourMode::TrueColour => Style::new().fg(colour),
        }
    }

    pub fn presence(&self, presence: Presence) -> Style {
        match presence {
            Presence::Online => self.coloured(Color::Green),
            Presence::Busy | Presence::OnThePhone => self.coloured(Color::Red),
            Presence::Offline | Presence::AppearOffline => self.dim(),
            _ => self.coloured(Color::Yellow),
        }
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn separator(&self) -> Style {
        self.dim()
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        let title = Style::new().add_modifier(Modifier::BOLD);
        if focused {
            title.add_modifier(Modifier::REVERSED)
        } else {
            title
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn tab(&self, active: bool, unread: bool) -> Style {
        match (active, unread) {
            (true, _) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, true) => self.coloured(Color::Yellow).add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }

    pub fn unread_badge(&self) -> Style {
        self.coloured(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn sender(&self, own: bool) -> Style {
        let colour = if own { Color::Cyan } else { Color::Magenta };
        self.coloured(colour).add_modifier(Modifier::BOLD)
    }

    /// Message text, in the sender's format colour where the mode allows.
    pub fn message_text(&self, colour: Option<Rgb>) -> Style {
        match (self.mode, colour) {
            (ColourMode::TrueColour, Some(Rgb(r, g, b))) => Style::new().fg(Color::Rgb(r, g, b)),
            (ColourMode::Sixteen, Some(rgb)) => Style::new().fg(nearest_ansi(rgb)),
            _ => Style::new(),
        }
    }

    pub fn system(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn typing(&self) -> Style {
        self.system()
    }

    pub fn delivery(&self, delivery: &Delivery) -> Style {
        match delivery {
            Delivery::Queued => self.dim(),
            Delivery::Sent => Style::new(),
            Delivery::Delivered => self.coloured(Color::Green),
            Delivery::Failed(_) => self.error(),
            Delivery::StoredOffline => self.dim(),
        }
    }

    pub fn direction(&self, direction: Direction) -> Style {
        match direction {
            Direction::Outgoing => self.coloured(Color::Cyan),
            Direction::Incoming => self.coloured(Color::Green),
        }
    }

    pub fn error(&self) -> Style {
        let error = self.coloured(Color::LightRed).add_modifier(Modifier::BOLD);
        match self.mode {
            ColourMode::Monochrome => error.add_modifier(Modifier::REVERSED),
            ColourMode::Sixteen | ColourMode::TrueColour => error,
        }
    }

    /// The "paused" marker shown when a pane is scrolled away from its live tail.
    pub fn paused(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn status_bar(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn connection(&self, state: &ConnectionState) -> Style {
        let colour = match state {
            ConnectionState::Online => Color::Green,
            ConnectionState::SignedOut { .. } => Color::Red,
            _ => Color::Yellow,
        };
        self.status_bar()
            .patch(self.coloured(colour))
            .add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.coloured(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

fn nearest_ansi(Rgb(r, g, b): Rgb) -> Color {
    let distance = |Rgb(pr, pg, pb): Rgb| {
        let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
        d(r, pr) + d(g, pg) + d(b, pb)
    };
    ANSI_PALETTE
        .iter()
        .min_by_key(|(_, rgb)| distance(*rgb))
        .map_or(Color::Reset, |(colour, _)| *colour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_selects_monochrome_and_colorterm_true_colour() {
        assert_eq!(
            Theme::from_settings(Some("1"), Some("truecolor")).mode,
            ColourMode::Monochrome
        );
        assert_eq!(
            Theme::from_settings(Some(""), None).mode,
            ColourMode::Sixteen
        );
        assert_eq!(
            Theme::from_settings(None, Some("24bit")).mode,
            ColourMode::TrueColour
        );
    }

    #[test]
    fn monochrome_uses_no_colour_at_all() {
        let theme = Theme::new(ColourMode::Monochrome);
        let styles = [
            theme.presence(Presence::Online),
            theme.presence(Presence::Busy),
            theme.message_text(Some(Rgb(255, 0, 0))),
            theme.direction(Direction::Incoming),
            theme.direction(Direction::Outgoing),
            theme.error(),
            theme.delivery(&Delivery::Delivered),
            theme.connection(&ConnectionState::Online),
            theme.tab(false, true),
        ];
        assert!(
            styles
                .iter()
                .all(|style| style.fg.is_none() && style.bg.is_none())
        );
        assert!(theme.error().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn sixteen_colour_mode_maps_format_colours_to_the_ansi_palette() {
        let theme = Theme::new(ColourMode::Sixteen);
        assert_eq!(
            theme.message_text(Some(Rgb(250, 10, 10))).fg,
            Some(Color::LightRed)
        );
        assert_eq!(
            theme.message_text(Some(Rgb(0, 0, 128))).fg,
            Some(Color::Blue)
        );
        assert_eq!(theme.message_text(None).fg, None);
        let true_colour = Theme::new(ColourMode::TrueColour);
        assert_eq!(
            true_colour.message_text(Some(Rgb(1, 2, 3))).fg,
            Some(Color::Rgb(1, 2, 3))
        );
    }

    #[test]
    fn directions_differ_in_colour() {
        let theme = Theme::new(ColourMode::Sixteen);
        assert_ne!(
            theme.direction(Direction::Incoming),
            theme.direction(Direction::Outgoing)
        );
    }
}
