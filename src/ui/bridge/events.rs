//! Session events that are not about conversations: the connection, the contact list,
//! presence, our own profile, errors and the protocol log.

use super::additions::is_answered;
use super::{Bridge, convert, replace_own_notice};
use crate::session::{self, ConnectionState, DisconnectReason, Event, Profile};
use crate::ui::model::{self, Group, Model, Presence};

impl Bridge {
    pub(super) fn apply_event(&mut self, model: &mut Model, event: Event) {
        match event {
            Event::State(state) => self.state(model, state),
            Event::SignedIn {
                version, profile, ..
            } => {
                model.status.protocol_version = Some(format!("MSNP{version}"));
                own_profile(model, &profile);
            }
            Event::ContactList(list) => replace_contacts(model, &list),
            Event::ContactChanged(contact) => {
                if is_answered(&contact) {
                    self.answered(model, &contact.email);
                }
                contact_changed(model, &contact);
            }
            Event::ContactRemoved { email } => {
                self.answered(model, &email);
                model.contacts.remove(&email);
            }
            Event::GroupChanged(group) => model
                .contacts
                .upsert_group(Group::new(group.id, group.name)),
            Event::GroupRemoved { id } => model.contacts.remove_group(&id),
            Event::AddedBy { email, name } => self.added_by(model, email, name),
            Event::RemovedBy { email } => {
                model.status.notice = Some(format!("{email} removed you from their list"));
            }
            Event::Presence(presence) => {
                model.set_presence(&presence.email, convert::presence(presence.status));
                if !presence.name.is_empty() {
                    model.set_friendly_name(&presence.email, &presence.name);
                }
            }
            Event::PersonalMessage {
                email,
                message,
                media,
            } => {
                let text = convert::personal_message(&message, media.as_deref());
                model
                    .contacts
                    .update(&email, |contact| contact.personal_message = text);
            }
            Event::Profile(profile) => own_profile(model, &profile),
            Event::Error(error) => {
                let message = match error.code {
                    Some(code) => format!("{} ({code})", error.message),
                    None => error.message,
                };
                model.status.notice = Some(message);
            }
            Event::FellBackToGateway {
                server,
                gateway,
                reason,
            } => {
                let text = format!(
                    "direct connection to {server} failed ({reason}): using the HTTP gateway {gateway}"
                );
                model
                    .protocol
                    .push(convert::transport_note(text.clone(), convert::now()));
                model.status.notice = Some(text);
            }
            Event::Raw(raw) => convert::protocol_entries(raw, convert::now())
                .into_iter()
                .for_each(|entry| model.protocol.push(entry)),
            Event::Ring(_) => {}
            Event::ContactInfo(info) => self.contact_info(model, info),
            Event::Picture { email, sha1d, path } => {
                self.picture_on_disk(model, &email, &sha1d, path);
            }
            chat => self.apply_chat(model, chat),
        }
    }

    fn state(&mut self, model: &mut Model, state: ConnectionState) {
        model.status.connection = match state {
            ConnectionState::Connecting { .. } => model::ConnectionState::Connecting,
            ConnectionState::SigningIn { .. } => model::ConnectionState::SigningIn,
            ConnectionState::Online => {
                if !self.protocol_pane.decided {
                    self.protocol_pane.decided = true;
                    model.panes.protocol_visible = self.protocol_pane.after_sign_in;
                }
                // Another notice since (the gateway fallback) stays.
                replace_own_notice(model, &mut self.lost_notice, None);
                model::ConnectionState::Online
            }
            ConnectionState::Reconnecting { delay, reason, .. } => {
                everyone_offline(model);
                let notice = format!("connection lost: {reason}");
                self.lost_notice = Some(notice.clone());
                model.status.notice = Some(notice);
                model::ConnectionState::Reconnecting {
                    in_seconds: delay.as_secs_f64().ceil() as u64,
                }
            }
            ConnectionState::Disconnected(reason) => {
                everyone_offline(model);
                let reason = (reason != DisconnectReason::SignedOut).then(|| reason.to_string());
                if reason.is_some() {
                    // The state and the "Signed out" box say why; the error's notice
                    // would only say it a second time below.
                    model.status.notice = None;
                }
                model::ConnectionState::SignedOut { reason }
            }
        };
    }

    /// The user showed or hid the protocol pane: that choice stands after sign-in.
    pub(super) fn protocol_pane_chosen(&mut self) {
        self.protocol_pane.decided = true;
    }
}

/// Without a connection nobody's presence is known; the next sign-in tells it again.
fn everyone_offline(model: &mut Model) {
    let addresses: Vec<String> = model
        .contacts
        .contacts()
        .iter()
        .map(|contact| contact.address.clone())
        .collect();
    for address in addresses {
        model.set_presence(&address, Presence::Offline);
    }
    model.status.own.presence = Presence::Offline;
}

fn own_profile(model: &mut Model, profile: &Profile) {
    let own = &mut model.status.own;
    own.address = profile.email.clone();
    own.friendly_name = profile.name.clone();
    own.personal_message = profile.personal_message.clone();
    own.presence = convert::presence(profile.status);
}

/// The contacts on our forward list, replacing whatever was shown before.
fn replace_contacts(model: &mut Model, list: &session::ContactList) {
    let listed: Vec<&session::Contact> = list.contacts.iter().filter(|c| on_list(c)).collect();
    let gone: Vec<String> = model
        .contacts
        .contacts()
        .iter()
        .filter(|shown| {
            !listed
                .iter()
                .any(|c| c.email.eq_ignore_ascii_case(&shown.address))
        })
        .map(|shown| shown.address.clone())
        .collect();
    gone.iter().for_each(|address| {
        model.contacts.remove(address);
    });
    let stale: Vec<String> = model
        .contacts
        .groups()
        .iter()
        .filter(|shown| !list.groups.iter().any(|group| group.id == shown.id))
        .map(|shown| shown.id.clone())
        .collect();
    stale.iter().for_each(|id| model.contacts.remove_group(id));
    for group in &list.groups {
        model
            .contacts
            .upsert_group(Group::new(group.id.clone(), group.name.clone()));
    }
    for contact in listed {
        contact_changed(model, contact);
    }
}

fn contact_changed(model: &mut Model, contact: &session::Contact) {
    if on_list(contact) {
        model.contacts.upsert(convert::contact(contact));
        model.set_presence(&contact.email, convert::presence(contact.status));
        model.set_friendly_name(&contact.email, &contact.name);
    } else {
        model.contacts.remove(&contact.email);
    }
}

fn on_list(contact: &session::Contact) -> bool {
    contact.on(crate::protocol::types::List::Forward)
}
