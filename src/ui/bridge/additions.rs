//! People who added us and wait for an answer: one status-bar notice names them all
//! (several arrive together at sign-in), and it shrinks as each is answered.

use crate::protocol::types::List;
use crate::session;
use crate::ui::model::Model;

use super::{Bridge, replace_own_notice};

impl Bridge {
    pub(super) fn added_by(&mut self, model: &mut Model, email: String, name: String) {
        if !self
            .additions
            .iter()
            .any(|(known, _)| known.eq_ignore_ascii_case(&email))
        {
            self.additions.push((email, name));
        }
        let notice = self.additions_notice();
        model.status.notice.clone_from(&notice);
        self.shown_additions = notice;
    }

    /// `email` no longer waits: allowed, blocked or gone from the list.
    pub(super) fn answered(&mut self, model: &mut Model, email: &str) {
        let before = self.additions.len();
        self.additions
            .retain(|(known, _)| !known.eq_ignore_ascii_case(email));
        if self.additions.len() == before {
            return;
        }
        // Another notice since (an error) stays.
        let notice = self.additions_notice();
        replace_own_notice(model, &mut self.shown_additions, notice);
    }

    fn additions_notice(&self) -> Option<String> {
        match self.additions.as_slice() {
            [] => None,
            [(email, name)] => {
                // Membership lists (MSNP13+) carry no name: the address alone, then.
                let who = if name.eq_ignore_ascii_case(email) {
                    email.clone()
                } else {
                    format!("{name} ({email})")
                };
                Some(format!(
                    "{who} added you: /accept {email} or /decline {email}"
                ))
            }
            several => {
                let emails: Vec<&str> = several.iter().map(|(email, _)| email.as_str()).collect();
                Some(format!(
                    "{} people added you ({}): /accept EMAIL or /decline EMAIL",
                    several.len(),
                    emails.join(", ")
                ))
            }
        }
    }
}

/// True once `contact` has been answered: allowed or blocked.
pub(super) fn is_answered(contact: &session::Contact) -> bool {
    contact.on(List::Allow) || contact.on(List::Block)
}
