//! Outgoing messages: queued until a switchboard has someone in it, then handed over in
//! order, each followed to a final state. Nothing is dropped: every message ends
//! delivered or failed with a reason, and a failed one keeps its text for `Resend`
//! (`/resend`).

use std::collections::HashMap;
use std::time::SystemTime;

use super::{Manager, Reach};
use crate::protocol::message::TextMessage;
use crate::session::chat::{ConversationId, Delivery, MessageId, Outgoing, OutgoingMessage};
use crate::session::events::Event;
use crate::session::switchboard::{Command, SwitchboardId};

pub(super) struct Entry {
    pub conversation: ConversationId,
    pub content: Outgoing,
    pub time: SystemTime,
    /// Who it was for when it was written: the logs it goes into.
    pub recipients: Vec<String>,
    pub state: Delivery,
}

/// Messages not yet delivered, and failed ones kept for resending.
#[derive(Default)]
pub(super) struct Messages {
    next: u64,
    entries: HashMap<MessageId, Entry>,
}

impl Messages {
    /// True once nothing more will happen to the message on its switchboard.
    pub fn settled(&self, message: MessageId) -> bool {
        self.entries
            .get(&message)
            .is_none_or(|entry| entry.state.is_final())
    }

    /// The text of a message (not of a nudge).
    pub fn text(&self, message: MessageId) -> Option<String> {
        match &self.entries.get(&message)?.content {
            Outgoing::Text(text) => Some(text.clone()),
            Outgoing::Nudge => None,
        }
    }

    /// What a switchboard is told to do with the message.
    fn command(&self, message: MessageId) -> Option<Command> {
        Some(match &self.entries.get(&message)?.content {
            Outgoing::Text(text) => Command::Text {
                message,
                text: TextMessage::new(text.clone()),
            },
            Outgoing::Nudge => Command::Nudge { message },
        })
    }
}

impl Manager {
    /// Queues a message (or nudge) in a conversation and sends it when it can.
    pub(super) fn queue(&mut self, id: ConversationId, content: Outgoing) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        self.messages.next += 1;
        let message = MessageId(self.messages.next);
        let time = SystemTime::now();
        let entry = Entry {
            conversation: id,
            content: content.clone(),
            time,
            recipients: conversation.members.iter().cloned().collect(),
            state: Delivery::Queued,
        };
        self.messages.entries.insert(message, entry);
        conversation.queue.push_back(message);
        conversation.typing_sent = None;
        self.last_used = Some(id);
        self.emit(Event::Outgoing(OutgoingMessage {
            conversation: id,
            message,
            time,
            content,
        }));
        self.emit(Event::Delivery {
            conversation: id,
            message,
            state: Delivery::Queued,
        });
        self.pump(id);
    }

    /// Queues every failed message (and nudge) of a conversation again, in the order
    /// they were written.
    pub(super) fn resend(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            self.error(&format!("cannot resend: there is no {id}"));
            return;
        };
        let mut failed: Vec<MessageId> = self
            .messages
            .entries
            .iter()
            .filter(|(_, entry)| {
                entry.conversation == id && matches!(entry.state, Delivery::Failed(_))
            })
            .map(|(message, _)| *message)
            .collect();
        if failed.is_empty() {
            self.error(&format!("cannot resend: nothing failed in {id}"));
            return;
        }
        failed.sort_unstable();
        conversation.queue.extend(failed.iter().copied());
        self.last_used = Some(id);
        for message in failed {
            if let Some(entry) = self.messages.entries.get_mut(&message) {
                entry.state = Delivery::Queued;
            }
            self.emit(Event::Delivery {
                conversation: id,
                message,
                state: Delivery::Queued,
            });
        }
        self.pump(id);
    }

    /// Moves a message on; a final state is logged, and a delivered message (or a sent
    /// nudge, which is never acknowledged) is forgotten.
    pub(super) fn set_state(&mut self, message: MessageId, state: Delivery) {
        let Some(entry) = self.messages.entries.get_mut(&message) else {
            return;
        };
        if entry.state.is_final() {
            return;
        }
        entry.state = state.clone();
        let conversation = entry.conversation;
        let nudge = entry.content == Outgoing::Nudge;
        let logged = match &entry.content {
            Outgoing::Text(text) if state.is_final() => {
                Some((entry.recipients.clone(), entry.time, text.clone()))
            }
            _ => None,
        };
        if let Some((recipients, time, text)) = logged {
            self.log_sent(&recipients, time, &text, &state);
        }
        let done = matches!(state, Delivery::Delivered | Delivery::StoredOffline)
            || (nudge && state == Delivery::Sent);
        if done {
            self.messages.entries.remove(&message);
        }
        self.emit(Event::Delivery {
            conversation,
            message,
            state,
        });
    }

    /// Fails what waits in a conversation (and its pending invitations) with `reason`.
    pub(super) fn fail_queue(&mut self, id: ConversationId, reason: &str) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        let queued: Vec<MessageId> = conversation.queue.drain(..).collect();
        let invites = std::mem::take(&mut conversation.invites);
        for message in queued {
            self.set_state(message, Delivery::Failed(reason.to_owned()));
        }
        self.fail_files(id, reason);
        for email in invites {
            self.error(&format!("cannot invite {email}: {reason}"));
        }
    }

    /// Forgets the failed messages of a closed conversation.
    pub(super) fn forget_failed(&mut self, id: ConversationId) {
        self.messages
            .entries
            .retain(|_, entry| entry.conversation != id || !entry.state.is_final());
    }

    /// Sends what waits, on a switchboard with someone in it, or gets one.
    pub(super) fn pump(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get(&id) else {
            return;
        };
        if !conversation.has_waiting() {
            return;
        }
        if let Some(link) = self.ready_link(id) {
            self.hand_over(id, link);
        } else if self.has_link(id) {
            // A switchboard is on its way; the first `JOI` brings the queue out.
        } else if self.ending.is_some() {
            self.fail_queue(id, "signed out");
        } else {
            match self.reach {
                Reach::Waiting => {}
                Reach::Online => self.request_switchboard(id),
                Reach::Over => self.fail_queue(id, "the session is over"),
            }
        }
    }

    fn hand_over(&mut self, id: ConversationId, link_id: SwitchboardId) {
        let (Some(conversation), Some(link)) = (
            self.conversations.get_mut(&id),
            self.links.get_mut(&link_id),
        ) else {
            return;
        };
        for email in std::mem::take(&mut conversation.invites) {
            if !link.command(Command::Invite(email.clone())) {
                conversation.invites.insert(email);
            }
        }
        while let Some(message) = conversation.queue.pop_front() {
            let Some(command) = self.messages.command(message) else {
                continue;
            };
            link.in_flight.insert(message);
            if !link.command(command) {
                // The task has just ended: the message waits for the next switchboard.
                link.in_flight.remove(&message);
                conversation.queue.push_front(message);
                break;
            }
        }
        let files: Vec<_> = conversation.files.drain(..).collect();
        let waiting = conversation.has_waiting();
        for file in files {
            let command = self.file_command(link_id, &file);
            let handed = self
                .links
                .get_mut(&link_id)
                .is_some_and(|link| link.command(command));
            if !handed && let Some(conversation) = self.conversations.get_mut(&id) {
                conversation.files.push_back(file);
            }
        }
        let waiting = waiting
            || self
                .conversations
                .get(&id)
                .is_some_and(|conversation| !conversation.files.is_empty());
        if waiting {
            self.pump(id);
        }
    }
}
