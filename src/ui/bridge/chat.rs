//! Conversation events: who is there, messages both ways, notices, typing, nudges,
//! delivery and the chat log.

use std::time::{Duration, Instant};

use super::{Bridge, Sent, convert};
use crate::chatlog::LogEntry;
use crate::session::{
    self, Event, OfflineMessage, Outgoing, OutgoingMessage, ReceivedMessage, TransferState,
};
use crate::ui::model::{
    ChatLine, Delivery, MessageLine, Model, Participant, Presence, SystemEvent, Typing,
};

/// How long "is typing…" stays without news; the session reports the end itself sooner.
const TYPING_SHOWN: Duration = Duration::from_secs(7);
/// The status bar's word when something sent from the conversation on screen failed.
const RESEND_HINT: &str = "not delivered: /resend sends what failed in this conversation again";

/// A participant as the contact list knows them, else under `name`.
pub(super) fn participant(model: &Model, address: &str, name: &str) -> Participant {
    match model.contacts.get(address) {
        Some(contact) => Participant {
            address: contact.address.clone(),
            friendly_name: contact.friendly_name.clone(),
            presence: contact.presence,
        },
        None => Participant {
            address: address.to_owned(),
            friendly_name: name.to_owned(),
            presence: Presence::Online,
        },
    }
}

fn display_name(model: &Model, address: &str) -> String {
    model
        .contacts
        .get(address)
        .map_or_else(|| address.to_owned(), |c| c.friendly_name.clone())
}

impl Bridge {
    pub(super) fn apply_chat(&mut self, model: &mut Model, event: Event) {
        match event {
            Event::ConversationOpened { conversation, with } => {
                self.tab_for(model, conversation, &with);
            }
            Event::ConversationClosed { conversation } => {
                if let Some(tab) = self.to_ui.remove(&conversation) {
                    self.to_session.remove(&tab);
                }
            }
            Event::Participants {
                conversation,
                present,
                joined,
                left,
            } => {
                let addresses: Vec<String> = present.iter().map(|p| p.email.clone()).collect();
                let tab = self.tab_for(model, conversation, &addresses);
                let time = convert::now();
                for address in joined {
                    let name = present
                        .iter()
                        .find(|p| p.email.eq_ignore_ascii_case(&address))
                        .map_or_else(|| display_name(model, &address), |p| p.name.clone());
                    let who = participant(model, &address, &name);
                    model.participant_joined(tab, time, who);
                }
                for address in left {
                    model.participant_left(tab, time, &address);
                }
            }
            Event::MessageReceived(message) => self.received(model, message),
            Event::SentElsewhere(message) => {
                let tab = self.to_ui.get(&message.conversation).copied();
                if let Some(conversation) = tab.and_then(|tab| model.conversations.get_mut(tab)) {
                    conversation.push(convert::sent_elsewhere(message));
                }
            }
            Event::OfflineMessage(message) => self.received_offline(model, message),
            Event::Typing {
                conversation,
                email,
                typing,
            } => {
                let Some(&tab) = self.to_ui.get(&conversation) else {
                    return;
                };
                let name = display_name(model, &email);
                if let Some(tab) = model.conversations.get_mut(tab) {
                    if typing {
                        tab.set_typing(Typing {
                            address: email,
                            name,
                            until: Instant::now() + TYPING_SHOWN,
                        });
                    } else {
                        tab.typing
                            .retain(|t| !t.address.eq_ignore_ascii_case(&email));
                    }
                }
            }
            Event::Nudge {
                conversation,
                sender,
            } => {
                let tab = self.tab_for(model, conversation, std::slice::from_ref(&sender));
                let name = display_name(model, &sender);
                model.push_system(tab, convert::now(), SystemEvent::Nudge { name });
            }
            Event::NoticeReceived(received) => {
                let sender = std::slice::from_ref(&received.sender);
                let tab = self.tab_for(model, received.conversation, sender);
                let name = display_name(model, &received.sender);
                let notice = SystemEvent::Notice(received.notice.describe(&name));
                model.push_system(tab, convert::timestamp(received.time), notice);
            }
            Event::Transfer(transfer) => {
                let peer = std::slice::from_ref(&transfer.peer);
                let tab = self.tab_for(model, transfer.conversation, peer);
                let name = display_name(model, &transfer.peer);
                let text = transfer.describe(&name);
                let time = convert::now();
                let id = transfer.transfer.0;
                if let Some(conversation) = model.conversations.get_mut(tab) {
                    match &transfer.state {
                        TransferState::Offered => conversation.offer_transfer(id, time, text),
                        state => {
                            let offer = transfer.offer_line(&name);
                            conversation.show_transfer(id, time, text, &offer, state.is_final());
                        }
                    }
                }
            }
            Event::Outgoing(outgoing) => self.outgoing(model, outgoing),
            Event::Delivery { message, state, .. } => self.delivery(model, message, state),
            Event::History { contact, entries } => {
                let read = entries.len();
                let shown = history(model, &contact, entries);
                if self.history_requested.remove(&contact.to_ascii_lowercase()) {
                    let name = display_name(model, &contact);
                    model.status.notice = Some(history_told(&name, read, shown));
                }
            }
            Event::HistoryUnreadable { contact, reason } => {
                self.history_requested.remove(&contact.to_ascii_lowercase());
                model.status.notice = Some(reason);
            }
            _ => {}
        }
    }

    /// A message or nudge of ours moved on. A failure in the conversation on screen
    /// says in the status bar how to try again.
    fn delivery(
        &mut self,
        model: &mut Model,
        message: session::MessageId,
        state: session::Delivery,
    ) {
        let tab = match self.sent.get(&message) {
            Some(&Sent::Message(tab, id)) => {
                if let Some(conversation) = model.conversations.get_mut(tab) {
                    conversation.set_delivery(id, convert::delivery(&state));
                }
                tab
            }
            Some(&Sent::Nudge(tab)) => {
                if let session::Delivery::Failed(reason) = &state {
                    let notice = SystemEvent::Notice(format!("nudge not delivered: {reason}"));
                    model.push_system(tab, convert::now(), notice);
                }
                tab
            }
            None => return,
        };
        match state {
            session::Delivery::Failed(_)
                if model.conversations.active().map(|a| a.id) == Some(tab) =>
            {
                model.status.notice = Some(RESEND_HINT.into());
            }
            // A delivered or stored message never changes again; a failed one may be
            // resent.
            session::Delivery::Delivered | session::Delivery::StoredOffline => {
                self.sent.remove(&message);
            }
            _ => {}
        }
    }

    fn received(&mut self, model: &mut Model, message: ReceivedMessage) {
        let sender = std::slice::from_ref(&message.sender);
        let tab = self.tab_for(model, message.conversation, sender);
        let line = MessageLine {
            time: convert::timestamp(message.time),
            colour: convert::colour(message.format.as_ref()),
            sender_address: message.sender.into(),
            sender_name: message.sender_name.into(),
            text: message.text,
            own: None,
        };
        model.push_message(tab, line);
    }

    /// An offline message: a line saying when it was sent, then the message itself.
    fn received_offline(&mut self, model: &mut Model, message: OfflineMessage) {
        let sender = std::slice::from_ref(&message.sender);
        let tab = self.tab_for(model, message.conversation, sender);
        let sent = convert::timestamp(message.sent);
        model.push_system(tab, sent, SystemEvent::OfflineMessage { sent });
        let line = MessageLine {
            time: sent,
            colour: None,
            sender_address: message.sender.into(),
            sender_name: message.sender_name.into(),
            text: message.text,
            own: None,
        };
        model.push_message(tab, line);
    }

    fn outgoing(&mut self, model: &mut Model, outgoing: OutgoingMessage) {
        let Some(&tab) = self.to_ui.get(&outgoing.conversation) else {
            return;
        };
        let time = convert::timestamp(outgoing.time);
        if let Some(&Sent::Message(tab, id)) = self.sent.get(&outgoing.message) {
            if let Some(tab) = model.conversations.get_mut(tab) {
                tab.set_delivery(id, Delivery::Queued);
            }
            return;
        }
        let sent = match outgoing.content {
            Outgoing::Text(text) => match model.push_own_message(tab, time, text) {
                Some(id) => Sent::Message(tab, id),
                None => return,
            },
            Outgoing::Nudge => {
                let notice = SystemEvent::Notice("you sent a nudge".into());
                model.push_system(tab, time, notice);
                Sent::Nudge(tab)
            }
        };
        self.sent.insert(outgoing.message, sent);
    }
}

/// Puts the chat log before what the conversation already shows; entries from the second
/// its first line was written in and later are already on screen.
/// What `/history` brought: `read` lines of the log, `shown` of them older than the
/// tab's first line.
fn history_told(name: &str, read: usize, shown: usize) -> String {
    match (read, shown) {
        (0, _) => format!("no chat log with {name}"),
        (1, 0) => format!("the one line of the chat log with {name} is already shown"),
        (_, 0) => format!(
            "the last {read} lines of the chat log with {name} are already shown: /history EMAIL COUNT reads more"
        ),
        (_, 1) => format!("1 older line of the chat log with {name} is shown above"),
        _ => format!("{shown} older lines of the chat log with {name} are shown above"),
    }
}

/// Puts the logged lines older than the tab's first line before it; returns how many.
fn history(model: &mut Model, contact: &str, entries: Vec<LogEntry>) -> usize {
    let tab = model.conversation_with(contact);
    let own = model.status.own.clone();
    let Some(conversation) = model.conversations.get(tab) else {
        return 0;
    };
    let first_shown = conversation.lines.time(0);
    let older: Vec<ChatLine> = entries
        .into_iter()
        .map(|entry| convert::logged_line(entry, &own.address, &own.friendly_name))
        .filter(|line| first_shown.is_none_or(|first| line.time() < first))
        .map(|line| match line {
            // The log keeps addresses; show the names the contact list knows, as live
            // lines do.
            ChatLine::Message(mut message) if message.own.is_none() => {
                message.sender_name = display_name(model, &message.sender_address).into();
                ChatLine::Message(message)
            }
            other => other,
        })
        .collect();
    let shown = older.len();
    if shown > 0
        && let Some(conversation) = model.conversations.get_mut(tab)
    {
        conversation.prepend(older);
    }
    shown
}
