//! The contact the selection rests on: a second on the same contact (with the contact
//! list focused) lets the bridge fetch their picture. This only keeps time, as a deadline
//! for the event loop, so scrolling past thousands of contacts asks for nothing.

use std::time::{Duration, Instant};

/// How long the selection stays on a contact before it counts as resting there.
pub const REST: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Default)]
pub struct SelectionRest {
    /// The contact selected, lower case.
    contact: Option<String>,
    /// When the selection counts as resting; `None` once it has, or with no contact.
    deadline: Option<Instant>,
}

impl SelectionRest {
    /// The selection is on `contact` now (`None`: on no contact, or not in focus).
    pub fn at(&mut self, contact: Option<&str>, now: Instant) {
        let contact = contact.map(str::to_ascii_lowercase);
        if self.contact == contact {
            return;
        }
        self.deadline = contact.as_ref().map(|_| now + REST);
        self.contact = contact;
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// The contact the selection has just come to rest on, once.
    pub fn expire(&mut self, now: Instant) -> Option<String> {
        if self.deadline? > now {
            return None;
        }
        self.deadline = None;
        self.contact.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_while_the_selection_moves_then_one_contact_once_it_rests() {
        let start = Instant::now();
        let mut rest = SelectionRest::default();
        let step = REST / 4;
        for n in 0..40u32 {
            let now = start + step * n;
            assert_eq!(rest.expire(now), None, "step {n}: still moving");
            rest.at(Some(&format!("c{}@x.com", n % 7)), now);
        }
        let last = start + step * 39;
        assert_eq!(rest.deadline(), Some(last + REST));
        assert_eq!(rest.expire(last + REST / 2), None);
        assert_eq!(rest.expire(last + REST), Some("c4@x.com".to_owned()));
        assert_eq!(rest.expire(last + REST * 5), None, "only once");
        assert_eq!(rest.deadline(), None, "an idle list wakes nobody");
        rest.at(Some("C4@X.com"), last + REST * 6);
        assert_eq!(rest.deadline(), None, "the same contact, whatever the case");
    }

    #[test]
    fn leaving_the_list_cancels_and_coming_back_starts_again() {
        let start = Instant::now();
        let mut rest = SelectionRest::default();
        rest.at(Some("bob@x.com"), start);
        rest.at(None, start + REST / 2);
        assert_eq!(rest.deadline(), None);
        assert_eq!(rest.expire(start + REST * 2), None);
        rest.at(Some("bob@x.com"), start + REST * 2);
        assert_eq!(rest.expire(start + REST * 3), Some("bob@x.com".to_owned()));
    }
}
