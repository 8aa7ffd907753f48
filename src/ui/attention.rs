//! Getting the user's attention: the terminal bell and the window title. Both are returned
//! as the text to write, so the caller decides where it goes and tests can read it.

use super::model::Model;
use super::sanitize::sanitize;
use super::text_width::truncate;

/// BEL: most terminals beep, flash or mark the tab urgent.
pub const BELL: &str = "\x07";
const TITLE_NAME_WIDTH: usize = 40;

/// The OSC 0 sequence that sets the window and icon title to
/// `(3) msntui — Name`, or `msntui — Name` with nothing unread.
pub fn window_title(unread: u32, own_name: &str) -> String {
    let name = truncate(&sanitize(own_name), TITLE_NAME_WIDTH).into_owned();
    let title = match unread {
        0 => format!("msntui — {name}"),
        count => format!("({count}) msntui — {name}"),
    };
    format!("\x1b]0;{title}\x07")
}

/// Which attention signals are on, and the title last written.
#[derive(Debug, Clone, Default)]
pub struct Attention {
    pub bell: bool,
    pub title: bool,
    last_title: Option<String>,
}

impl Attention {
    pub fn new(bell: bool, title: bool) -> Self {
        Attention {
            bell,
            title,
            last_title: None,
        }
    }

    /// What to write now: a bell if one is due, the title if it changed.
    pub fn output(&mut self, model: &mut Model) -> String {
        let mut output = String::new();
        if model.take_bell() && self.bell {
            output.push_str(BELL);
        }
        if self.title {
            let unread = model.conversations.total_unread();
            let title = window_title(unread, &model.status.own.friendly_name);
            if self.last_title.as_ref() != Some(&title) {
                output.push_str(&title);
                self.last_title = Some(title);
            }
        }
        output
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::{Limits, MessageLine, Timestamp};

    #[test]
    fn title_shows_the_unread_count_and_cannot_be_escaped() {
        assert_eq!(window_title(0, "Me"), "\x1b]0;msntui — Me\x07");
        assert_eq!(window_title(3, "Me"), "\x1b]0;(3) msntui — Me\x07");
        let hostile = window_title(0, "x\x07\x1b]0;pwned\x1b\\");
        assert_eq!(hostile.matches('\x1b').count(), 1);
        assert_eq!(hostile.matches('\x07').count(), 1);
    }

    #[test]
    fn bell_rings_once_per_message_elsewhere_and_title_only_on_change() {
        let mut model = Model::new("me@x", Limits::default());
        model.status.own.friendly_name = "Me".into();
        let first = model.conversations.open(Vec::new());
        let second = model.conversations.open(Vec::new());
        model.activate_id(first);
        let mut attention = Attention::new(true, true);
        assert_eq!(attention.output(&mut model), window_title(0, "Me"));
        assert_eq!(attention.output(&mut model), "");
        let message = MessageLine {
            time: Timestamp(0),
            sender_address: "bob@x".into(),
            sender_name: "Bob".into(),
            text: "hi".into(),
            colour: None,
            own: None,
        };
        model.push_message(second, message);
        assert_eq!(
            attention.output(&mut model),
            format!("{BELL}{}", window_title(1, "Me"))
        );
        assert_eq!(attention.output(&mut model), "");
    }

    #[test]
    fn disabled_signals_write_nothing() {
        let mut model = Model::new("me@x", Limits::default());
        let mut attention = Attention::new(false, false);
        let id = model.conversations.open(Vec::new());
        model.push_system(
            id,
            Timestamp(0),
            crate::ui::model::SystemEvent::Nudge { name: "B".into() },
        );
        assert_eq!(attention.output(&mut model), "");
    }
}
