//! Messages from the others: text (logged, and ending their typing state), typing
//! notifications, nudges; and what our own account says from another place
//! (docs/protocol.md §4.7). The switchboard turns every other kind a person sends into
//! a notice (see `notices.rs`); what still reaches here is technical and only traced.

use std::time::SystemTime;

use super::Manager;
use crate::protocol::message::{Datacast, Message};
use crate::session::chat::{ConversationId, ReceivedMessage};
use crate::session::events::Event;

impl Manager {
    pub(super) fn received(
        &mut self,
        conversation: ConversationId,
        sender: String,
        sender_name: String,
        message: Box<Message>,
    ) {
        // A switchboard of a conversation the user closed may still bring a message:
        // it opens the conversation with the sender again rather than vanish. Only
        // what a person says shows a conversation; typing and technical messages leave
        // it hidden.
        if sender.eq_ignore_ascii_case(&self.account) {
            self.ours_from_elsewhere(conversation, sender_name, *message);
            return;
        }
        match *message {
            Message::Text(text) => {
                let id = self.conversation_for(conversation, &sender);
                self.typing_stopped(id, &sender);
                let received = ReceivedMessage {
                    conversation: id,
                    sender,
                    sender_name,
                    time: SystemTime::now(),
                    text: text.text,
                    format: text.format,
                };
                self.log_received(&received);
                self.emit(Event::MessageReceived(received));
            }
            // Typing alone shows nothing new: a caller may type and give up, and official
            // clients open a window only at the first message.
            Message::Typing { .. } => {
                if self.is_shown(conversation) {
                    self.typing_heard(conversation, &sender);
                }
            }
            Message::Datacast(Datacast::Nudge) => {
                let id = self.conversation_for(conversation, &sender);
                self.emit(Event::Nudge {
                    conversation: id,
                    sender,
                });
            }
            other => trace_technical(&sender, &other),
        }
    }

    /// What another endpoint of our own account said in a conversation we are in: its
    /// text is shown and logged as ours; its typing and the rest are not news to us.
    fn ours_from_elsewhere(
        &mut self,
        conversation: ConversationId,
        name: String,
        message: Message,
    ) {
        let Message::Text(text) = message else {
            trace_technical(&self.account, &message);
            return;
        };
        if !self.conversations.contains_key(&conversation) {
            tracing::debug!(%conversation, "our own message in a conversation closed here");
            return;
        }
        self.announce(conversation);
        let sent = ReceivedMessage {
            conversation,
            sender: self.account.clone(),
            sender_name: name,
            time: SystemTime::now(),
            text: text.text,
            format: text.format,
        };
        self.log_sent_elsewhere(&sent);
        self.emit(Event::SentElsewhere(sent));
    }
}

fn trace_technical(sender: &str, message: &Message) {
    let kind = message
        .to_mime()
        .content_type()
        .map_or_else(|| "untyped".to_owned(), |kind| kind.media_type);
    tracing::debug!(%sender, %kind, "technical switchboard message");
}
