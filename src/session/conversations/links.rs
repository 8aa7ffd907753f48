//! The conversations' switchboards: asking the NS for a new one, answering invitations,
//! and what the switchboard tasks report.

use std::collections::{BTreeMap, BTreeSet};

use tokio::sync::{mpsc, oneshot};

use super::{Granted, Manager, NoSwitchboard, Reach};
use crate::protocol::command::ServerAddress;
use crate::protocol::message::Secret;
use crate::session::chat::{ConversationId, Delivery, MessageId};
use crate::session::events::Ring;
use crate::session::ns::SwitchboardRequest;
use crate::session::switchboard::{self, Command, Happening, Report, Role, Setup, SwitchboardId};

/// What a switchboard was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Purpose {
    Conversation(ConversationId),
    /// Only to fetch this contact's picture, with no conversation on screen; the first
    /// message, notice or file on it makes it a conversation.
    Picture(String),
}

/// The conversation layer's side of one switchboard task.
pub(super) struct Link {
    pub purpose: Purpose,
    /// Contacts whose picture it is fetching.
    pub fetching: BTreeSet<String>,
    commands: mpsc::UnboundedSender<Command>,
    /// Who is there: lower-case e-mail and name.
    pub present: BTreeMap<String, String>,
    /// Someone came: the switchboard has served its purpose.
    pub joined_once: bool,
    /// Told to leave, or its task is gone: it takes no more commands.
    pub leaving: bool,
    /// Handed over, and neither delivered nor failed yet.
    pub in_flight: BTreeSet<MessageId>,
    /// A message was delivered through it.
    pub delivered_any: bool,
}

/// Switchboards in a row that may close without delivering anything before the
/// messages waiting for one fail: a switchboard that breaks every time must not be
/// reopened for ever.
const MAX_FRUITLESS_LINKS: u32 = 3;

impl Link {
    pub fn ready(&self) -> bool {
        !self.leaving && !self.present.is_empty()
    }

    /// Passes a command on; false (and the link given up) when its task has ended.
    pub fn command(&mut self, command: Command) -> bool {
        if self.leaving || self.commands.send(command).is_err() {
            self.leaving = true;
            return false;
        }
        true
    }
}

impl Manager {
    /// A switchboard for conversation `id`.
    pub(super) fn request_switchboard(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        conversation.requesting = true;
        self.ask_switchboard(Purpose::Conversation(id));
    }

    /// Asks the NS for a switchboard (`XFR SB`); the answer comes back as `Granted`.
    pub(super) fn ask_switchboard(&mut self, purpose: Purpose) {
        let (answer, answered) = oneshot::channel();
        // A refused send drops `answer`, which reads below as a lost connection.
        let _ = self
            .switchboard_requests
            .send(SwitchboardRequest { answer });
        let granted = self.granted.clone();
        let wait = self.config.timing.reply_timeout;
        let asked_in = self.sign_ins;
        tokio::spawn(async move {
            let answer = match tokio::time::timeout(wait, answered).await {
                Ok(Ok(Ok(grant))) => Ok(grant),
                // Servers refuse XFR while we appear offline (HDN): say what to change.
                Ok(Ok(Err(code))) if code.0 == 913 => Err(NoSwitchboard::Refused(format!(
                    "you appear offline, and no conversation starts while you do \
                     (/status online): {code}"
                ))),
                Ok(Ok(Err(code))) => Err(NoSwitchboard::Refused(format!(
                    "the server gave no switchboard: {code}"
                ))),
                Ok(Err(_)) => Err(NoSwitchboard::Lost),
                Err(_) => Err(NoSwitchboard::Unanswered),
            };
            let _ = granted.send(Granted {
                purpose,
                asked_in,
                answer,
            });
        });
    }

    pub(super) fn granted(&mut self, granted: Granted) {
        let id = match granted.purpose {
            Purpose::Conversation(id) => id,
            Purpose::Picture(email) => return self.picture_granted(email, granted.answer),
        };
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        conversation.requesting = false;
        match granted.answer {
            Ok(grant) if self.ending.is_none() => {
                if !conversation.has_waiting() {
                    return;
                }
                let invites = std::mem::take(&mut conversation.invites);
                let invite = conversation.members.union(&invites).cloned().collect();
                let purpose = Purpose::Conversation(id);
                self.spawn_link(purpose, grant.server, grant.cookie, Role::Open { invite });
            }
            Ok(_) => {}
            // Asked of a connection that was replaced since: ask the new one.
            Err(NoSwitchboard::Lost | NoSwitchboard::Unanswered)
                if self.ending.is_none() && granted.asked_in != self.sign_ins =>
            {
                self.pump(id)
            }
            // The connection went: the reconnection's sign-in asks again.
            Err(NoSwitchboard::Lost) if self.ending.is_none() => {}
            Err(reason) => self.fail_queue(id, &reason.to_string()),
        }
    }

    /// `RNG`: the conversation with the inviter takes the invitation, so that two
    /// switchboards with the same contact are one conversation.
    pub(super) fn ring(&mut self, ring: Ring) {
        if self.ending.is_some() || self.reach != Reach::Online {
            return;
        }
        let id = self.quiet_conversation_with(&ring.inviter);
        let role = Role::Answer {
            session: ring.session,
        };
        self.spawn_link(Purpose::Conversation(id), ring.server, ring.cookie, role);
    }

    pub(super) fn spawn_link(
        &mut self,
        purpose: Purpose,
        server: ServerAddress,
        cookie: Secret,
        role: Role,
    ) {
        let id = SwitchboardId(self.next_switchboard);
        self.next_switchboard += 1;
        tracing::debug!(?purpose, %server, "opening a switchboard");
        let conversation = match &purpose {
            Purpose::Conversation(conversation) => Some(*conversation),
            Purpose::Picture(_) => None,
        };
        let commands = switchboard::spawn(Setup {
            id,
            conversation,
            server,
            cookie,
            role,
            account: self.account.clone(),
            endpoint: self.endpoint.clone(),
            version: self.version,
            connection_id: self.ids.next(),
            connector: self.connector.clone(),
            timing: self.config.timing.clone(),
            events: self.events.clone(),
            redactor: self.redactor.clone(),
            reports: self.reports.clone(),
            transfer_ids: self.transfer_ids.clone(),
            download_dir: self.config.download_dir.clone(),
            data_dir: self.config.data_dir.clone(),
            picture: self.picture.clone(),
        });
        self.links.insert(
            id,
            Link {
                purpose,
                fetching: BTreeSet::new(),
                commands,
                present: BTreeMap::new(),
                joined_once: false,
                leaving: false,
                in_flight: BTreeSet::new(),
                delivered_any: false,
            },
        );
        if let Some(entry) = conversation.and_then(|id| self.conversations.get_mut(&id)) {
            entry.links.push(id);
        }
    }

    pub(super) fn leave(&mut self, link: SwitchboardId) {
        if let Some(link) = self.links.get_mut(&link)
            && !link.leaving
        {
            link.command(Command::Leave);
            link.leaving = true;
        }
    }

    pub(super) fn report(&mut self, report: Report) {
        let id = report.switchboard;
        let Some(link) = self.links.get_mut(&id) else {
            return;
        };
        let conversation = match &link.purpose {
            Purpose::Conversation(conversation) => *conversation,
            Purpose::Picture(email) => {
                let email = email.clone();
                return self.picture_link_report(id, &email, report);
            }
        };
        match report.happening {
            Happening::Joined(people) => {
                link.joined_once = true;
                let emails: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
                for participant in people {
                    link.present.insert(participant.email, participant.name);
                }
                for email in emails {
                    self.fetch_picture(id, &email);
                }
                self.refresh_participants(conversation);
                self.pump(conversation);
            }
            Happening::Left(email) => {
                link.present.remove(&email);
                if link.present.is_empty() {
                    self.leave(id);
                }
                self.refresh_participants(conversation);
            }
            Happening::CallFailed { reason } => {
                // Before anyone came, `NobodyCame` tells the waiting messages why.
                if !link.present.is_empty() {
                    self.error(&reason);
                }
            }
            Happening::NobodyCame { reason } => {
                self.leave(id);
                self.nobody_came(conversation, &reason);
            }
            Happening::Sent(message) => self.progress(id, message, Delivery::Sent),
            Happening::Delivered(message) => self.progress(id, message, Delivery::Delivered),
            Happening::Failed { message, reason } => {
                self.progress(id, message, Delivery::Failed(reason));
            }
            Happening::Received {
                sender,
                sender_name,
                message,
            } => self.received(conversation, sender, sender_name, message),
            Happening::Notice {
                sender,
                sender_name,
                notice,
            } => self.noticed(conversation, sender, sender_name, notice),
            Happening::Transfer(transfer) => self.transfer_report(id, conversation, transfer),
            Happening::Picture(picture) => self.picture_fetched(id, picture),
            Happening::Closed { reason } => self.closed(id, &reason),
        }
    }

    fn progress(&mut self, link: SwitchboardId, message: MessageId, state: Delivery) {
        if state == Delivery::Delivered
            && let Some(link) = self.links.get_mut(&link)
        {
            link.delivered_any = true;
        }
        self.set_state(message, state);
        if self.messages.settled(message)
            && let Some(link) = self.links.get_mut(&link)
        {
            link.in_flight.remove(&message);
        }
    }

    /// A switchboard task ended: what it still carried failed; what waits goes on a
    /// new switchboard, unless this one never got anyone to come.
    fn closed(&mut self, id: SwitchboardId, reason: &str) {
        let Some(link) = self.links.remove(&id) else {
            return;
        };
        let Purpose::Conversation(conversation) = link.purpose else {
            return;
        };
        let lost = format!("the switchboard closed before confirming it ({reason})");
        for message in link.in_flight {
            self.set_state(message, Delivery::Failed(lost.clone()));
        }
        let mut fruitless = 0;
        if let Some(entry) = self.conversations.get_mut(&conversation) {
            entry.links.retain(|link| *link != id);
            entry.fruitless_links = if link.delivered_any {
                0
            } else {
                entry.fruitless_links + 1
            };
            fruitless = entry.fruitless_links;
            if !entry.announced && entry.links.is_empty() {
                // Called in for nothing the user saw (a display picture): it goes unseen.
                self.conversations.remove(&conversation);
                return;
            }
        }
        self.refresh_participants(conversation);
        if link.joined_once && fruitless >= MAX_FRUITLESS_LINKS {
            if let Some(entry) = self.conversations.get_mut(&conversation) {
                entry.fruitless_links = 0;
            }
            let reason = format!("the switchboard closed {fruitless} times in a row ({reason})");
            self.fail_queue(conversation, &reason);
        } else if !link.joined_once && !self.has_link(conversation) {
            self.nobody_came(conversation, reason);
        } else {
            self.pump(conversation);
        }
    }
}
