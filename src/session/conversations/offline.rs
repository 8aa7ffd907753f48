//! Offline messages in conversations: those fetched for us are shown in the sender's
//! conversation and logged before the NS task may delete them. The log line carries the
//! server's id: a message fetched again after a crash (logged, not yet deleted) is shown
//! again but never logged twice. Ours go to the server's store when nobody came to a
//! one-to-one conversation (MSNP13+), and end `StoredOffline` or failed with the reason.

use std::collections::{BTreeSet, HashSet};
use std::time::SystemTime;

use tokio::sync::{mpsc, oneshot};

use super::Manager;
use crate::chatlog::{Direction, LogEntry, offline_status};
use crate::session::chat::{ConversationId, Delivery, MessageId, OfflineMessage};
use crate::session::events::Event;
use crate::session::offline::{Fetched, OfflineNews};

/// What became of one message sent to the store.
pub(super) struct StoreResult {
    message: MessageId,
    outcome: Result<(), String>,
}

pub(super) struct OfflineState {
    /// Ids shown in this session, for sessions without a chat log.
    seen: HashSet<String>,
    /// Messages on their way to the store.
    storing: BTreeSet<MessageId>,
    results: mpsc::UnboundedSender<StoreResult>,
}

impl OfflineState {
    pub fn new(results: mpsc::UnboundedSender<StoreResult>) -> Self {
        Self {
            seen: HashSet::new(),
            storing: BTreeSet::new(),
            results,
        }
    }
}

impl Manager {
    pub(super) fn offline_news(&mut self, news: OfflineNews) {
        match news {
            OfflineNews::Sending(service) => self.offline = service,
            OfflineNews::Fetched { fetched, logged } => self.show_offline(fetched, logged),
            OfflineNews::Problem(problem) => self.error(&problem),
        }
    }

    /// Shows and logs each new message; answers with the ids the server may forget.
    fn show_offline(&mut self, fetched: Fetched, logged: oneshot::Sender<Vec<String>>) {
        for problem in &fetched.problems {
            self.error(problem);
        }
        let mut deletable = Vec::new();
        for message in fetched.messages {
            if self.blocked.contains(&message.sender.to_ascii_lowercase()) {
                // The official service refuses to store these; revival servers do not.
                tracing::info!(sender = %message.sender, "offline message from a blocked contact deleted unread");
                deletable.push(message.id);
                continue;
            }
            if !self.offline_state.seen.insert(message.id.clone()) {
                deletable.push(message.id);
                continue;
            }
            let logged_before = match &self.log {
                Some(log) => match log.has_offline(&message.sender, &message.id) {
                    Ok(found) => found,
                    Err(error) => {
                        // Unsure whether it is logged: keep it on the server for later.
                        self.offline_state.seen.remove(&message.id);
                        self.error(&error.to_string());
                        continue;
                    }
                },
                None => false,
            };
            let conversation = self.conversation_with(&message.sender);
            let (text, unreadable) = match message.text {
                Ok(text) => (text, None),
                Err(problem) => (
                    format!(
                        "[an offline message from {} that msntui cannot show: {problem}]",
                        message.sender
                    ),
                    Some(problem),
                ),
            };
            let logged_ok = logged_before
                || self.log_offline(&message.sender, message.sent, &message.id, &text);
            if logged_ok {
                deletable.push(message.id);
            }
            self.emit(Event::OfflineMessage(OfflineMessage {
                conversation,
                sender: message.sender,
                sender_name: message.sender_name,
                sent: message.sent,
                text,
                unreadable,
            }));
        }
        let _ = logged.send(deletable);
    }

    /// Writes the message to the sender's log; true when it is safely there (or when no
    /// log is kept, so that nothing waits for one).
    fn log_offline(&self, sender: &str, sent: SystemTime, id: &str, text: &str) -> bool {
        let Some(log) = &self.log else {
            return true;
        };
        let entry = LogEntry {
            time: sent,
            direction: Direction::Received,
            sender: sender.to_owned(),
            status: Some(offline_status(id)),
            text: text.to_owned(),
        };
        match log.append(sender, &entry) {
            Ok(()) => true,
            Err(error) => {
                self.error(&format!(
                    "{error} (the offline message stays on the server)"
                ));
                false
            }
        }
    }

    /// Nobody came to the conversation: a one-to-one conversation's messages go to the
    /// server's store when it takes them, the rest fails with `reason`.
    pub(super) fn nobody_came(&mut self, id: ConversationId, reason: &str) {
        let service = match &self.offline {
            Ok(service) if service.can_store() => service.clone(),
            _ => return self.fail_queue(id, reason),
        };
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        let contact = match conversation.members.first() {
            Some(contact) if conversation.members.len() == 1 => contact.clone(),
            _ => return self.fail_queue(id, reason),
        };
        let queued: Vec<MessageId> = conversation.queue.drain(..).collect();
        let mut texts = Vec::new();
        for message in queued {
            match self.messages.text(message) {
                Some(text) => texts.push((message, text)),
                None => self.set_state(message, Delivery::Failed(reason.to_owned())),
            }
        }
        self.fail_queue(id, reason);
        if texts.is_empty() {
            return;
        }
        self.offline_state
            .storing
            .extend(texts.iter().map(|(message, _)| *message));
        let results = self.offline_state.results.clone();
        let reason = reason.to_owned();
        tokio::spawn(async move {
            for (message, text) in texts {
                let outcome = service
                    .store(&contact, &text)
                    .await
                    .map_err(|error| format!("{reason}; {error}"));
                let _ = results.send(StoreResult { message, outcome });
            }
        });
    }

    pub(super) fn stored(&mut self, result: StoreResult) {
        if !self.offline_state.storing.remove(&result.message) {
            return;
        }
        let state = match result.outcome {
            Ok(()) => Delivery::StoredOffline,
            Err(reason) => Delivery::Failed(reason),
        };
        self.set_state(result.message, state);
    }

    /// The session ends with messages on their way to the store: they may or may not
    /// have arrived, and are reported failed so that they can be sent again.
    pub(super) fn abandon_offline_stores(&mut self, reason: &str) {
        let storing = std::mem::take(&mut self.offline_state.storing);
        for message in storing {
            let reason = format!("{reason} before the offline message was confirmed");
            self.set_state(message, Delivery::Failed(reason));
        }
    }
}
