//! `/whois EMAIL`: what the session knows of a contact, with their cached picture.

use super::context::Ctx;
use crate::p2p::MsnObject;
use crate::session::events::{ContactInfo, Event, PictureInfo};
use crate::session::pictures;

impl Ctx {
    pub fn whois(&self, email: &str) {
        let email = email.to_ascii_lowercase();
        let Some(contact) = self.list.contact(&email) else {
            self.error(
                &format!("cannot show {email}: not on your contact list"),
                None,
            );
            return;
        };
        let picture = contact
            .msn_object
            .as_deref()
            .and_then(|xml| MsnObject::parse(xml).ok())
            .map(|object| PictureInfo {
                path: pictures::cached(&self.config.data_dir, &object),
                sha1d: object.sha1d,
            });
        let groups = contact
            .groups
            .iter()
            .map(|id| {
                self.list
                    .group(id)
                    .map_or_else(|| id.clone(), |g| g.name.clone())
            })
            .collect();
        self.emit(Event::ContactInfo(ContactInfo {
            email,
            name: contact.name.clone(),
            status: contact.status,
            personal_message: contact.personal_message.clone(),
            groups,
            picture,
        }));
    }
}
