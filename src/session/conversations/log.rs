//! The chat log: each message sent (once its delivery result is known) and received goes
//! into the log of every contact in the conversation, one line per message, flushed at
//! once; `History` reads the last lines back.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::Manager;
use crate::chatlog::{Direction, LogEntry, SENT_ELSEWHERE};
use crate::session::chat::{Delivery, ReceivedMessage};
use crate::session::events::Event;

impl Manager {
    pub(super) fn log_sent(
        &self,
        recipients: &[String],
        time: SystemTime,
        text: &str,
        state: &Delivery,
    ) {
        let entry = LogEntry {
            time,
            direction: Direction::Sent,
            sender: self.account.clone(),
            status: Some(state.to_string()),
            text: text.to_owned(),
        };
        self.append(recipients.iter().cloned().collect(), &entry);
    }

    /// Our own account's message from another place, logged as sent by us.
    pub(super) fn log_sent_elsewhere(&self, message: &ReceivedMessage) {
        let contacts = self
            .conversations
            .get(&message.conversation)
            .map(|conversation| conversation.members.clone())
            .unwrap_or_default();
        let entry = LogEntry {
            time: message.time,
            direction: Direction::Sent,
            sender: self.account.clone(),
            status: Some(SENT_ELSEWHERE.to_owned()),
            text: message.text.clone(),
        };
        self.append(contacts, &entry);
    }

    pub(super) fn log_received(&self, message: &ReceivedMessage) {
        let mut contacts: BTreeSet<String> = self
            .conversations
            .get(&message.conversation)
            .map(|conversation| conversation.members.clone())
            .unwrap_or_default();
        contacts.insert(message.sender.clone());
        let entry = LogEntry {
            time: message.time,
            direction: Direction::Received,
            sender: message.sender.clone(),
            status: None,
            text: message.text.clone(),
        };
        self.append(contacts, &entry);
    }

    pub(super) fn append(&self, contacts: BTreeSet<String>, entry: &LogEntry) {
        let Some(log) = &self.log else {
            return;
        };
        for contact in contacts.iter().filter(|c| **c != self.account) {
            if let Err(error) = log.append(contact, entry) {
                self.error(&error.to_string());
            }
        }
    }

    /// Reads the log off the task (it may be long) and answers with `Event::History`.
    pub(super) fn history(&self, contact: String, count: usize) {
        let contact = contact.to_ascii_lowercase();
        let Some(log) = self.log.clone() else {
            self.emit(Event::History {
                contact,
                entries: Vec::new(),
            });
            return;
        };
        let events = self.events.clone();
        tokio::task::spawn_blocking(move || match log.last(&contact, count) {
            Ok(entries) => events.emit(Event::History { contact, entries }),
            Err(error) => events.emit(Event::HistoryUnreadable {
                contact,
                reason: error.to_string(),
            }),
        });
    }
}
