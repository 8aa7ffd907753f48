//! Contacts' display pictures: remembered as announced (ILN/NLN, the contact list) and
//! fetched by the switchboard of the first conversation they join, unless the cache
//! has them already or they were asked for before in this session.

use super::Manager;
use crate::p2p::MsnObject;
use crate::session::events::Event;
use crate::session::pictures;
use crate::session::switchboard::{Command, PictureReport, SwitchboardId};

impl Manager {
    /// `email` announced `xml` as their picture (or none).
    pub(super) fn announced(&mut self, email: &str, xml: Option<String>) {
        let object = xml.as_deref().and_then(|xml| MsnObject::parse(xml).ok());
        match object.filter(pictures::wanted) {
            Some(object) => {
                self.objects.insert(email.to_ascii_lowercase(), object);
            }
            None => {
                self.objects.remove(&email.to_ascii_lowercase());
            }
        }
    }

    /// `email` joined switchboard `link`: their picture is fetched there if needed.
    pub(super) fn fetch_picture(&mut self, link: SwitchboardId, email: &str) {
        let Some(object) = self.objects.get(email) else {
            return;
        };
        if let Some(path) = pictures::cached(&self.config.data_dir, object) {
            let event = Event::Picture {
                email: email.to_owned(),
                sha1d: object.sha1d.clone(),
                path,
            };
            self.emit(event);
            return;
        }
        if !self.fetched.insert(object.sha1d.clone()) {
            return;
        }
        let command = Command::FetchPicture {
            email: email.to_owned(),
            object: Box::new(object.clone()),
        };
        if let Some(link) = self.links.get_mut(&link) {
            link.command(command);
        }
    }

    pub(super) fn picture_fetched(&mut self, report: PictureReport) {
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
