//! Chat requests from the user interface; the others go on to the NS task.

use super::Manager;
use crate::protocol::types::is_valid_email;
use crate::session::chat::{ChatTarget, ConversationId, Outgoing};
use crate::session::events::Event;
use crate::session::request::Request;
use crate::session::switchboard::SwitchboardId;

impl Manager {
    pub(super) fn request(&mut self, request: Request) {
        match request {
            Request::SendMessage { to, text } => {
                if text.is_empty() {
                    self.error("cannot send an empty message");
                } else if let Some(id) = self.target(&to, "send a message") {
                    self.queue(id, Outgoing::Text(text));
                }
            }
            Request::Nudge { to } => {
                if let Some(id) = self.target(&to, "nudge") {
                    self.queue(id, Outgoing::Nudge);
                }
            }
            Request::Invite {
                conversation,
                email,
            } => self.invite(conversation, &email),
            Request::Typing { conversation } => self.user_typing(conversation),
            Request::History { contact, count } => self.history(contact, count),
            Request::Resend { conversation } => self.resend(conversation),
            Request::CloseConversation { conversation } => self.close(conversation),
            Request::SendFile { to, path } => self.send_file(to, path),
            Request::AcceptFile { transfer } => self.accept_file(transfer),
            Request::DeclineFile { transfer } => self.decline_file(transfer),
            Request::CancelTransfer { transfer } => self.cancel_file(transfer),
            Request::FetchPicture { email } => self.want_picture(&email),
            Request::Whois { email } => {
                self.want_picture(&email);
                let _ = self.ns_requests.send(Request::Whois { email });
            }
            Request::SignOut => self.sign_out(),
            Request::Block { email } => {
                self.leave_chats_alone_with(&email);
                let _ = self.ns_requests.send(Request::Block { email });
            }
            other => {
                let _ = self.ns_requests.send(other);
            }
        }
    }

    /// The conversation a message goes to; `None` (reported) when there is none.
    pub(super) fn target(&mut self, to: &ChatTarget, what: &str) -> Option<ConversationId> {
        match to {
            ChatTarget::Contact(email) => {
                let email = self.contact(email, what)?;
                Some(self.conversation_with(&email))
            }
            ChatTarget::Conversation(id) if self.conversations.contains_key(id) => Some(*id),
            ChatTarget::Conversation(id) => {
                self.error(&format!("cannot {what}: there is no {id}"));
                None
            }
        }
    }

    /// `email` in lower case, if it names someone else.
    fn contact(&self, email: &str, what: &str) -> Option<String> {
        let email = email.to_ascii_lowercase();
        if !is_valid_email(&email) {
            self.error(&format!(
                "cannot {what}: {email:?} is not an e-mail address"
            ));
            return None;
        }
        if email == self.account {
            self.error(&format!("cannot {what}: that is your own address"));
            return None;
        }
        Some(email)
    }

    fn invite(&mut self, conversation: Option<ChatTarget>, email: &str) {
        let what = format!("invite {email}");
        let Some(email) = self.contact(email, &what) else {
            return;
        };
        let id = match conversation {
            // `target` reports why there is none.
            Some(target) => match self.target(&target, &what) {
                Some(id) => id,
                None => return,
            },
            None => match self.last_used {
                Some(id) => id,
                None => {
                    self.error(&format!("cannot {what}: write to someone first"));
                    return;
                }
            },
        };
        let Some(entry) = self.conversations.get_mut(&id) else {
            self.error(&format!("cannot {what}: there is no {id}"));
            return;
        };
        if entry.present.contains_key(&email) {
            self.error(&format!("cannot {what}: already in the conversation"));
            return;
        }
        entry.invites.insert(email);
        self.pump(id);
    }

    /// Blocking someone ends the switchboards where they are the only other one, so what
    /// they write next needs a new one, which the server refuses while they are blocked.
    fn leave_chats_alone_with(&mut self, email: &str) {
        let email = email.to_ascii_lowercase();
        let links: Vec<SwitchboardId> = self
            .conversations
            .values()
            .filter(|conversation| {
                conversation.members.len() == 1 && conversation.members.contains(&email)
            })
            .flat_map(|conversation| conversation.links.iter().copied())
            .collect();
        for link in links {
            self.leave(link);
        }
    }

    fn close(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get(&id) else {
            self.error(&format!("cannot close: there is no {id}"));
            return;
        };
        let links = conversation.links.clone();
        self.fail_queue(id, "the conversation was closed");
        for link in links {
            self.leave(link);
        }
        self.conversations.remove(&id);
        self.forget_failed(id);
        self.forget_typing(id);
        if self.last_used == Some(id) {
            self.last_used = None;
        }
        self.emit(Event::ConversationClosed { conversation: id });
    }
}
