//! Contacts' display pictures: remembered as announced (ILN/NLN, the contact list) and
//! fetched when the contact joins a conversation, or when the user looks at them (a
//! contact resting selected, `/whois`) over a switchboard of its own that opens no
//! conversation. Never when the cache has them, never twice for one picture in a
//! session (a declined or failed fetch is not retried), one fetch at a time per contact.

use super::links::Purpose;
use super::{Manager, NoSwitchboard, Reach};
use crate::p2p::MsnObject;
use crate::protocol::types::Status;
use crate::session::events::Event;
use crate::session::ns::SwitchboardGrant;
use crate::session::pictures;
use crate::session::switchboard::{Command, Happening, PictureReport, Report, Role, SwitchboardId};

/// MSNObjects, and so pictures over P2P, came with MSNP9.
const PICTURES_FROM: u8 = 9;

impl Manager {
    /// `email` announced `status` and `xml` as their picture (or none).
    pub(super) fn announced(&mut self, email: &str, status: Status, xml: Option<String>) {
        let email = email.to_ascii_lowercase();
        if status == Status::Offline {
            self.online.remove(&email);
        } else {
            self.online.insert(email.clone());
        }
        let object = xml.as_deref().and_then(|xml| MsnObject::parse(xml).ok());
        match object.filter(pictures::wanted) {
            Some(object) => {
                self.objects.insert(email, object);
            }
            None => {
                self.objects.remove(&email);
            }
        }
    }

    /// `email` joined switchboard `link`: their picture is fetched there if needed.
    pub(super) fn fetch_picture(&mut self, link: SwitchboardId, email: &str) {
        if let Some(object) = self.picture_to_fetch(email) {
            self.send_fetch(link, email, object);
        }
    }

    /// The user looks at `email`: their picture is fetched if they can send it, on a
    /// switchboard they are already in or on a new one.
    pub(super) fn want_picture(&mut self, email: &str) {
        let email = email.to_ascii_lowercase();
        let can_send = self.version >= PICTURES_FROM
            && self.reach == Reach::Online
            && self.ending.is_none()
            && self.online.contains(&email);
        if !can_send {
            return;
        }
        let Some(object) = self.picture_to_fetch(&email) else {
            return;
        };
        let shared = self
            .links
            .iter()
            .find(|(_, link)| link.ready() && link.present.contains_key(&email))
            .map(|(id, _)| *id);
        match shared {
            Some(link) => self.send_fetch(link, &email, object),
            None => self.ask_switchboard(Purpose::Picture(email)),
        }
    }

    /// `email`'s picture if it should be fetched now; a cached one is announced instead.
    fn picture_to_fetch(&mut self, email: &str) -> Option<MsnObject> {
        let object = self.objects.get(email)?.clone();
        if let Some(path) = pictures::cached(&self.config.data_dir, &object) {
            self.emit(Event::Picture {
                email: email.to_owned(),
                sha1d: object.sha1d,
                path,
            });
            return None;
        }
        let busy = self.links.values().any(|link| {
            link.fetching.contains(email) || link.purpose == Purpose::Picture(email.to_owned())
        });
        (!busy && self.fetched.insert(object.sha1d.clone())).then_some(object)
    }

    fn send_fetch(&mut self, link: SwitchboardId, email: &str, object: MsnObject) {
        let Some(link) = self.links.get_mut(&link) else {
            return;
        };
        link.fetching.insert(email.to_owned());
        link.command(Command::FetchPicture {
            email: email.to_owned(),
            object: Box::new(object),
        });
    }

    pub(super) fn picture_granted(
        &mut self,
        email: String,
        answer: Result<SwitchboardGrant, NoSwitchboard>,
    ) {
        match answer {
            Ok(grant) if self.ending.is_none() && self.reach == Reach::Online => {
                let role = Role::Open {
                    invite: vec![email.clone()],
                };
                self.spawn_link(Purpose::Picture(email), grant.server, grant.cookie, role);
            }
            Ok(_) => {}
            Err(reason) => {
                tracing::debug!(%email, %reason, "no switchboard for a display picture");
            }
        }
    }

    /// What a picture's own switchboard reports: it leaves once the picture is in (or
    /// refused), and becomes a conversation if the contact writes on it.
    pub(super) fn picture_link_report(&mut self, id: SwitchboardId, email: &str, report: Report) {
        if matches!(
            report.happening,
            Happening::Received { .. } | Happening::Notice { .. } | Happening::Transfer(_)
        ) {
            self.adopt(id, email);
            self.report(report);
            return;
        }
        match report.happening {
            Happening::Joined(people) => {
                let came = people.iter().any(|person| person.email == email);
                if let Some(link) = self.links.get_mut(&id) {
                    link.joined_once = true;
                    for person in people {
                        link.present.insert(person.email, person.name);
                    }
                }
                match self.objects.get(email).cloned().filter(|_| came) {
                    Some(object) => self.send_fetch(id, email, object),
                    None => self.leave(id),
                }
            }
            Happening::Picture(picture) => {
                self.picture_fetched(id, picture);
                self.leave(id);
            }
            Happening::Left(_) | Happening::NobodyCame { .. } => self.leave(id),
            Happening::Closed { .. } => {
                self.links.remove(&id);
            }
            _ => {}
        }
    }

    /// The contact wrote on a picture's switchboard: it is their conversation now.
    fn adopt(&mut self, id: SwitchboardId, email: &str) {
        let conversation = self.conversation_with(email);
        if let Some(link) = self.links.get_mut(&id) {
            link.purpose = Purpose::Conversation(conversation);
        }
        if let Some(entry) = self.conversations.get_mut(&conversation) {
            entry.links.push(id);
        }
        self.refresh_participants(conversation);
    }

    pub(super) fn picture_fetched(&mut self, link: SwitchboardId, report: PictureReport) {
        if let Some(link) = self.links.get_mut(&link) {
            link.fetching.remove(&report.email);
        }
        match report.outcome {
            Ok(path) => self.emit(Event::Picture {
                email: report.email,
                sha1d: report.object.sha1d,
                path,
            }),
            Err(reason) => {
                tracing::debug!(email = %report.email, %reason, "display picture not fetched");
            }
        }
    }
}
