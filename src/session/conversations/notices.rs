//! Notices: what a contact sent that is shown as a line (a wink, a declined file offer,
//! a message that arrived incomplete). Each is passed on and written to the chat log.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::Manager;
use crate::chatlog::{Direction, LogEntry};
use crate::session::chat::ConversationId;
use crate::session::events::Event;
use crate::session::notice::{Notice, ReceivedNotice};

impl Manager {
    pub(super) fn noticed(
        &mut self,
        conversation: ConversationId,
        sender: String,
        sender_name: String,
        notice: Notice,
    ) {
        let id = self.conversation_for(conversation, &sender);
        let received = ReceivedNotice {
            conversation: id,
            sender,
            sender_name,
            time: SystemTime::now(),
            notice,
        };
        self.log_notice(&received);
        self.emit(Event::NoticeReceived(received));
    }

    /// One line, the notice's kind as its status: `< bob@… [wink] bob@… sent a wink — …`.
    fn log_notice(&self, received: &ReceivedNotice) {
        let mut contacts: BTreeSet<String> = self
            .conversations
            .get(&received.conversation)
            .map(|conversation| conversation.members.clone())
            .unwrap_or_default();
        contacts.insert(received.sender.clone());
        let entry = LogEntry {
            time: received.time,
            direction: Direction::Received,
            sender: received.sender.clone(),
            status: Some(received.notice.kind().to_owned()),
            text: received.notice.describe(&received.sender),
        };
        self.append(contacts, &entry);
    }
}
