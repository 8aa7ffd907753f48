//! Presence: CHG and its initial flood, UUX, and telling watchers about changes.

use crate::protocol::ServerCommand;
use crate::protocol::command::{Chg, PayloadRequest, UuxAck};
use crate::protocol::field::Field;
use crate::protocol::message::MailDataKind;
use crate::protocol::personal::PersonalDocument;
use crate::protocol::types::{Capabilities, ErrorCode, List, Status, Trid};
use crate::server::directory::Directory;
use crate::server::hub::{Hub, OnlinePresence, Push};
use crate::server::lock;

use super::documents;
use super::formats::{EndpointView, offline_line, personal_document, personal_line, presence_line};
use super::lists::ChangeError;
use super::session::{Flow, NsSession};

/// Capabilities shown for the server's bots: an MSNC4 client with no features.
const BOT_CAPABILITIES: u32 = 0x4000_0000;

/// Everything needed to show one account's presence to a viewer.
struct Shown {
    name: String,
    message: String,
    presence: OnlinePresence,
    endpoints: Vec<EndpointView>,
}

fn shown(directory: &Directory, hub: &Hub, email: &str) -> Option<Shown> {
    let account = directory.account(email)?;
    let presence = match &account.bot {
        Some(bot) => OnlinePresence {
            status: bot_status(&bot.status),
            capabilities: Capabilities {
                flags: BOT_CAPABILITIES,
                extended: None,
            },
            object: None,
        },
        None => hub.visible_presence(email)?.2.clone(),
    };
    let endpoints = hub
        .sessions_of(email)
        .filter_map(|(_, info)| {
            Some(EndpointView {
                guid: info.endpoint.clone()?,
                capabilities: info.presence.as_ref()?.capabilities,
                name: info.endpoint_name.clone(),
                status: info.presence.as_ref()?.status,
            })
        })
        .collect();
    Some(Shown {
        name: account.display_name.clone(),
        message: account.personal_message.clone(),
        presence,
        endpoints,
    })
}

/// Bot statuses are checked when the accounts are loaded.
fn bot_status(code: &str) -> Status {
    Status::parse_field(code).unwrap_or(Status::Online)
}

impl NsSession {
    pub(super) fn on_chg(&mut self, chg: Chg) -> Flow {
        if chg.status == Status::Offline {
            self.error(ErrorCode::INVALID_PARAMETER, chg.trid);
            return Flow::Continue;
        }
        if self.version >= 8 && chg.capabilities.is_none() {
            // The recorded server ignores a CHG without capabilities from MSNP8 on.
            return Flow::Continue;
        }
        let Some(id) = self.id else {
            return Flow::Close;
        };
        let presence = OnlinePresence {
            status: chg.status,
            capabilities: chg.capabilities.unwrap_or_default(),
            object: chg.object.clone(),
        };
        if let Some(info) = lock(&self.shared.hub).session_mut(id) {
            info.presence = Some(presence);
        }
        self.reply(ServerCommand::Chg(chg.clone()));
        if !self.first_chg_seen {
            self.first_chg_seen = true;
            self.initial_presence(chg.trid);
            if self.version >= 11 {
                let waiting = crate::server::offline::summaries(&self.shared, &self.email);
                self.reply(documents::mail_data(MailDataKind::Initial, &waiting));
            }
        }
        self.announce_presence(true);
        Flow::Continue
    }

    /// The ILN flood answering the first CHG: every watched contact that is online.
    fn initial_presence(&mut self, trid: Trid) {
        let lines = {
            let store = lock(&self.shared.store);
            let hub = lock(&self.shared.hub);
            let directory = store.directory();
            let mut lines = Vec::new();
            for (contact, bits) in directory.roster(&self.email) {
                if !bits.contains(List::Forward) || !directory.allows(&contact, &self.email) {
                    continue;
                }
                let Some(shown) = shown(directory, &hub, &contact) else {
                    continue;
                };
                lines.push(presence_line(
                    self.version,
                    Some(trid),
                    &contact,
                    &shown.name,
                    &shown.presence,
                ));
                let document =
                    personal_document(self.version, &shown.message, &shown.endpoints, false);
                lines.extend(personal_line(self.version, &contact, document));
            }
            lines
        };
        self.output.extend(lines);
    }

    pub(super) fn on_uux(&mut self, uux: PayloadRequest) -> Flow {
        let document = match PersonalDocument::parse(&uux.payload) {
            Ok(document) => document,
            Err(error) => {
                tracing::info!(peer = %self.peer, %error, "ignoring malformed UUX");
                PersonalDocument::default()
            }
        };
        if let Some(message) = &document.message {
            let email = self.email.clone();
            let result = lock(&self.shared.store).update(|directory| {
                directory
                    .set_personal_message(&email, message)
                    .map_err(ChangeError::from)
            });
            if let Err(error) = result {
                tracing::warn!(%error, "could not store the personal message");
            }
        }
        if let Some(id) = self.id
            && let Some(name) = document.endpoint_name
            && let Some(info) = lock(&self.shared.hub).session_mut(id)
        {
            info.endpoint_name = Some(name);
        }
        self.reply(ServerCommand::Uux(UuxAck {
            trid: uux.trid,
            result: 0,
        }));
        self.announce_presence(false);
        Flow::Continue
    }

    /// Tells everyone watching this account (and, from MSNP16, its own endpoints) about
    /// its presence; `status_changed` is false when only the personal message changed.
    pub(super) fn announce_presence(&mut self, status_changed: bool) {
        let store = lock(&self.shared.store);
        let mut hub = lock(&self.shared.hub);
        let directory = store.directory();
        let me = shown(directory, &hub, &self.email);
        let watchers: Vec<(u64, u8, bool)> = watchers(directory, &hub, &self.email);
        for (session, version, own) in watchers {
            let mut commands = Vec::new();
            match &me {
                None if !own && status_changed => commands.push(offline_line(version, &self.email)),
                None => {}
                Some(shown) => {
                    // Contacts see NLN only when the status changed; the account's own
                    // MSNP16+ endpoints get it with every UBX, as recorded.
                    if status_changed || own {
                        commands.push(presence_line(
                            version,
                            None,
                            &self.email,
                            &shown.name,
                            &shown.presence,
                        ));
                    }
                    if version >= 16 || !status_changed {
                        let document =
                            personal_document(version, &shown.message, &shown.endpoints, own);
                        commands.extend(personal_line(version, &self.email, document));
                    }
                }
            }
            for command in commands {
                hub.push(session, Push::send(command));
            }
        }
    }

    /// After the last session of this account ended: watchers see it go offline.
    pub(super) fn announce_offline_if_gone(&mut self) {
        let store = lock(&self.shared.store);
        let mut hub = lock(&self.shared.hub);
        if hub.visible_presence(&self.email).is_some() {
            return;
        }
        let directory = store.directory();
        for (session, version, own) in watchers(directory, &hub, &self.email) {
            if !own {
                hub.push(session, Push::send(offline_line(version, &self.email)));
            }
        }
    }

    /// Sends a contact's current presence to this session, after it was added to the FL.
    pub(super) fn show_contact(&mut self, contact: &str) {
        let lines = {
            let store = lock(&self.shared.store);
            let hub = lock(&self.shared.hub);
            let directory = store.directory();
            if !self.first_chg_seen || !directory.allows(contact, &self.email) {
                return;
            }
            let Some(shown) = shown(directory, &hub, contact) else {
                return;
            };
            presence_lines(self.version, contact, &shown)
        };
        self.output.extend(lines);
    }

    /// After an allow or block change: `contact`, if they watch us, sees us as they now
    /// may, online or (blocked) offline, as they would at their next sign-in.
    pub(super) fn show_self_to(&mut self, contact: &str) {
        let store = lock(&self.shared.store);
        let mut hub = lock(&self.shared.hub);
        let directory = store.directory();
        if !directory
            .lists_of(&self.email, contact)
            .contains(List::Reverse)
        {
            return;
        }
        let Some(me) = shown(directory, &hub, &self.email) else {
            return;
        };
        let allowed = directory.allows(&self.email, contact);
        let watching: Vec<(u64, u8)> = hub
            .sessions_of(contact)
            .filter(|(_, info)| info.presence.is_some())
            .map(|(session, info)| (session, info.version))
            .collect();
        for (session, version) in watching {
            let lines = if allowed {
                presence_lines(version, &self.email, &me)
            } else {
                vec![offline_line(version, &self.email)]
            };
            for line in lines {
                hub.push(session, Push::send(line));
            }
        }
    }
}

/// `email`'s presence and personal message as a contact of theirs at `version` sees them.
fn presence_lines(version: u8, email: &str, shown: &Shown) -> Vec<ServerCommand> {
    let mut lines = vec![presence_line(
        version,
        None,
        email,
        &shown.name,
        &shown.presence,
    )];
    let document = personal_document(version, &shown.message, &shown.endpoints, false);
    lines.extend(personal_line(version, email, document));
    lines
}

/// Sessions that see `email`'s presence: (session, its version, whether it is `email`'s
/// own MSNP16+ endpoint). Watchers have `email` on their FL and are allowed by it.
fn watchers(directory: &Directory, hub: &Hub, email: &str) -> Vec<(u64, u8, bool)> {
    let mut out = Vec::new();
    for (contact, bits) in directory.roster(email) {
        if !bits.contains(List::Reverse) || !directory.allows(email, &contact) {
            continue;
        }
        for (session, info) in hub.sessions_of(&contact) {
            if info.presence.is_some() {
                out.push((session, info.version, false));
            }
        }
    }
    for (session, info) in hub.sessions_of(email) {
        if info.version >= 16 && info.presence.is_some() {
            out.push((session, info.version, true));
        }
    }
    out
}
