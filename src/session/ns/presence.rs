//! Contacts' presence (ILN/NLN/FLN in every version's format) and personal messages
//! (UBX), and the capabilities we announce ourselves.

use crate::p2p::MsnObject;
use crate::protocol::command::Presence as PresenceLine;
use crate::protocol::personal::PersonalDocument;
use crate::protocol::types::{Capabilities, MsnObjectText, Status};
use crate::session::events::{Event, Presence};

use super::context::Ctx;
use super::online::Online;

/// The capabilities (and MSNObject: our display picture, from MSNP9) a client of
/// `version` sends with CHG, as the official clients of the recordings did.
pub(crate) fn own_capabilities(
    version: u8,
    picture: Option<&MsnObject>,
) -> (Option<Capabilities>, Option<MsnObjectText>) {
    let caps = |flags, extended| Capabilities { flags, extended };
    let object = |otherwise| match picture {
        Some(object) => Some(MsnObjectText::from_xml(&object.to_xml())),
        None => otherwise,
    };
    match version {
        ..=7 => (None, None),
        8 => (Some(caps(0, None)), None),
        9..=15 => (Some(caps(0x4000_0000, None)), object(None)),
        _ => (
            Some(caps(2_789_003_324, Some(48))),
            object(Some(MsnObjectText::None)),
        ),
    }
}

fn msn_object(object: Option<MsnObjectText>) -> Option<String> {
    object.as_ref().and_then(MsnObjectText::xml)
}

impl Online {
    pub(super) fn on_presence(&mut self, ctx: &mut Ctx, line: PresenceLine) {
        let email = line.address.email.to_ascii_lowercase();
        if email.eq_ignore_ascii_case(&ctx.config.email) {
            // Our own presence, sent to every endpoint (MSNP16+, docs/protocol.md §4.7):
            // the name follows a change made at another place, which is also no longer
            // ours to restore after a reconnection. The status does not follow: the
            // server reports the account's, which need not be this endpoint's.
            let name: String = line.name.0.into();
            if ctx.profile.name != name {
                ctx.wanted.name = None;
            }
            self.own_name(ctx, name);
            return;
        }
        let presence = Presence {
            email: email.clone(),
            status: line.status,
            name: line.name.0.into(),
            capabilities: line.capabilities,
            msn_object: msn_object(line.object),
        };
        ctx.known_names.remember(&email, &presence.name);
        if let Some(contact) = ctx.list.contact_mut(&email) {
            contact.status = presence.status;
            contact.name = presence.name.clone();
            contact.capabilities = presence.capabilities;
            contact.msn_object = presence.msn_object.clone();
        }
        ctx.emit(Event::Presence(presence));
    }

    pub(super) fn on_offline(&mut self, ctx: &mut Ctx, email: &str) {
        if email.eq_ignore_ascii_case(&ctx.config.email) {
            return;
        }
        let name = match ctx.list.contact_mut(email) {
            Some(contact) => {
                contact.status = Status::Offline;
                contact.name.clone()
            }
            None => String::new(),
        };
        ctx.emit(Event::Presence(Presence {
            email: email.to_ascii_lowercase(),
            status: Status::Offline,
            name,
            capabilities: None,
            msn_object: None,
        }));
    }

    pub(super) fn on_personal(&mut self, ctx: &mut Ctx, email: &str, payload: &[u8]) {
        let document = if payload.is_empty() {
            PersonalDocument::default()
        } else {
            match PersonalDocument::parse(payload) {
                Ok(document) => document,
                Err(error) => {
                    tracing::debug!(%email, %error, "unreadable personal message");
                    return;
                }
            }
        };
        let message = document.message.unwrap_or_default();
        if email.eq_ignore_ascii_case(&ctx.config.email) {
            // Ours, as another place of the account may have changed it.
            if ctx.profile.personal_message != message {
                ctx.wanted.personal_message = None;
                ctx.profile.personal_message = message;
                ctx.emit(Event::Profile(ctx.profile.clone()));
            }
            return;
        }
        let media = document
            .current_media
            .filter(|media| media.enabled)
            .map(|media| media.display())
            .filter(|text| !text.is_empty());
        if let Some(contact) = ctx.list.contact_mut(email) {
            // Servers send it again with every UUX, which also carries endpoint data.
            if contact.personal_message == message && contact.media == media {
                return;
            }
            contact.personal_message = message.clone();
            contact.media = media.clone();
        }
        ctx.emit(Event::PersonalMessage {
            email: email.to_ascii_lowercase(),
            message,
            media,
        });
    }
}

/// The UUX document carrying a personal message (MSNP11+).
pub(crate) fn personal_document(message: &str, machine_guid: Option<&str>) -> String {
    let mut xml = format!(
        "<Data><PSM>{}</PSM><CurrentMedia></CurrentMedia>",
        quick_xml::escape::escape(message)
    );
    if let Some(guid) = machine_guid {
        xml.push_str(&format!("<MachineGuid>{guid}</MachineGuid>"));
    }
    xml.push_str("</Data>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_documents_escape_and_parse_back() {
        let xml = personal_document(
            "fish & <chips>",
            Some("{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}"),
        );
        let document = PersonalDocument::parse(xml.as_bytes()).unwrap();
        assert_eq!(document.message.as_deref(), Some("fish & <chips>"));
        assert!(document.machine_guid.is_some());
    }

    #[test]
    fn capabilities_follow_the_recordings() {
        assert_eq!(own_capabilities(7, None), (None, None));
        assert_eq!(
            own_capabilities(12, None)
                .0
                .map(|c| c.to_string())
                .as_deref(),
            Some("1073741824")
        );
        assert_eq!(
            own_capabilities(18, None)
                .0
                .map(|c| c.to_string())
                .as_deref(),
            Some("2789003324:48")
        );
        let picture = MsnObject::for_data("alice@example.com", 3, "0", b"png");
        let announced = Some(MsnObjectText::from_xml(&picture.to_xml()));
        assert_eq!(own_capabilities(15, Some(&picture)).1, announced);
        assert_eq!(own_capabilities(18, Some(&picture)).1, announced);
        assert_eq!(
            own_capabilities(8, Some(&picture)).1,
            None,
            "MSNP9 and later"
        );
    }
}
