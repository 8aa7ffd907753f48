//! Which picture each contact shows and how far along each picture is, by SHA1D; and
//! the contact-info overlay.

use std::collections::HashMap;
use std::sync::Arc;

use super::presence::Presence;
use crate::ui::pictures::Tiles;

/// A picture as the UI knows it.
#[derive(Debug, Clone)]
pub enum PictureState {
    Decoding,
    Ready(Arc<Tiles>),
    /// It could not be read or decoded; the reason is for the contact-info overlay.
    Bad(String),
}

/// What to draw where a contact's picture goes.
#[derive(Debug, Clone, Copy)]
pub enum Shown<'a> {
    Picture(&'a Tiles),
    Placeholder(&'static str),
}

#[derive(Debug, Default)]
pub struct Pictures {
    /// Drawn at all: the front end turns them on (`ui.show_pictures`).
    pub enabled: bool,
    /// Contact address (lower case) to the SHA1D of their picture.
    contacts: HashMap<String, String>,
    states: HashMap<String, PictureState>,
}

impl Pictures {
    pub fn set_contact(&mut self, address: &str, sha1d: &str) {
        self.contacts
            .insert(address.to_ascii_lowercase(), sha1d.to_owned());
    }

    /// The SHA1D of `address`'s picture, once it is on disk.
    pub fn of_contact(&self, address: &str) -> Option<&str> {
        self.contacts
            .get(&address.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Marks `sha1d` as being decoded; false when it was already asked for.
    pub fn start_decoding(&mut self, sha1d: &str) -> bool {
        if self.states.contains_key(sha1d) {
            return false;
        }
        self.states.insert(sha1d.to_owned(), PictureState::Decoding);
        true
    }

    pub fn finished(&mut self, sha1d: String, state: PictureState) {
        self.states.insert(sha1d, state);
    }

    pub fn state(&self, sha1d: &str) -> Option<&PictureState> {
        self.states.get(sha1d)
    }

    /// What goes where `sha1d`'s picture is drawn (`None`: no picture announced).
    pub fn shown(&self, sha1d: Option<&str>) -> Shown<'_> {
        match sha1d.and_then(|sha1d| self.states.get(sha1d)) {
            None => Shown::Placeholder("no picture"),
            Some(PictureState::Decoding) => Shown::Placeholder("loading"),
            Some(PictureState::Ready(tiles)) => Shown::Picture(tiles),
            Some(PictureState::Bad(_)) => Shown::Placeholder("bad picture"),
        }
    }

    /// What goes where `address`'s picture is drawn.
    pub fn shown_for(&self, address: &str) -> Shown<'_> {
        self.shown(self.of_contact(address))
    }
}

/// The contact-info overlay (`/whois`, or F4 on the contact list). Text is what the
/// network sent, sanitised when drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    pub address: String,
    pub friendly_name: String,
    pub presence: Presence,
    pub personal_message: String,
    pub groups: Vec<String>,
    /// The SHA1D of the picture they announced, if any.
    pub picture: Option<String>,
    /// Whether that picture is in the cache yet.
    pub picture_fetched: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_image::picker::Picker;

    #[test]
    fn a_picture_is_decoded_once_and_shown_by_state() {
        let mut pictures = Pictures::default();
        assert!(matches!(
            pictures.shown_for("bob@x.com"),
            Shown::Placeholder("no picture")
        ));
        pictures.set_contact("Bob@X.com", "abc");
        assert!(pictures.start_decoding("abc"));
        assert!(!pictures.start_decoding("abc"));
        assert!(matches!(
            pictures.shown_for("bob@x.com"),
            Shown::Placeholder("loading")
        ));
        pictures.finished("abc".into(), PictureState::Bad("damaged".into()));
        assert!(matches!(
            pictures.shown_for("bob@x.com"),
            Shown::Placeholder("bad picture")
        ));
        let image = image::DynamicImage::new_rgb8(4, 4);
        let tiles = Tiles::new(&Picker::halfblocks(), &image).unwrap();
        pictures.finished("abc".into(), PictureState::Ready(Arc::new(tiles)));
        assert!(matches!(pictures.shown_for("bob@x.com"), Shown::Picture(_)));
    }
}
