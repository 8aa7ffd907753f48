//! One conversation: whom it is with, its switchboards (two with the same contact are
//! one conversation), and what waits to be sent.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use tokio::time::Instant;

use super::Manager;
use super::transfers::PendingFile;
use crate::session::chat::{ConversationId, MessageId, Participant};
use crate::session::events::Event;
use crate::session::switchboard::SwitchboardId;

#[derive(Default)]
pub(super) struct Conversation {
    /// Whom a new switchboard calls: who was there last (lower case).
    pub members: BTreeSet<String>,
    /// Who is there now, with names, as last reported.
    pub present: BTreeMap<String, String>,
    /// Newest last.
    pub links: Vec<SwitchboardId>,
    /// An `XFR SB` is under way.
    pub requesting: bool,
    /// Waiting for a switchboard with someone in it.
    pub queue: VecDeque<MessageId>,
    /// To call once a switchboard is up.
    pub invites: BTreeSet<String>,
    /// Files to offer once a switchboard has someone in it.
    pub files: VecDeque<PendingFile>,
    /// When our last typing notification went out.
    pub typing_sent: Option<Instant>,
    /// Switchboards in a row that closed without delivering anything.
    pub fruitless_links: u32,
    /// The user interface knows of it (`ConversationOpened` went out).
    pub announced: bool,
}

impl Conversation {
    /// Who is there now, as the events name them.
    fn participants(&self) -> Vec<Participant> {
        self.present
            .iter()
            .map(|(email, name)| Participant {
                email: email.clone(),
                name: name.clone(),
            })
            .collect()
    }

    /// True while messages, invitations or files wait for a switchboard.
    pub fn has_waiting(&self) -> bool {
        !self.queue.is_empty() || !self.invites.is_empty() || !self.files.is_empty()
    }
}

impl Manager {
    /// The conversation with `email` alone (the one last used, if several), or a new one,
    /// shown to the user.
    pub(super) fn conversation_with(&mut self, email: &str) -> ConversationId {
        let id = self.quiet_conversation_with(email);
        self.announce(id);
        id
    }

    /// The conversation a message from `sender` belongs to, shown to the user: its own,
    /// or, when the user closed that one, the one with the sender alone.
    pub(super) fn conversation_for(
        &mut self,
        conversation: ConversationId,
        sender: &str,
    ) -> ConversationId {
        let id = if self.conversations.contains_key(&conversation) {
            conversation
        } else {
            self.quiet_conversation_with(sender)
        };
        self.announce(id);
        id
    }

    /// As [`Self::conversation_with`], but a new conversation stays hidden until
    /// something is said in it: a contact who calls us to a switchboard may only want
    /// our display picture, and official clients open no window for that.
    pub(super) fn quiet_conversation_with(&mut self, email: &str) -> ConversationId {
        let email = email.to_ascii_lowercase();
        let alone = |conversation: &Conversation| {
            conversation.members.len() == 1 && conversation.members.contains(&email)
        };
        if let Some(id) = self
            .last_used
            .filter(|id| self.conversations.get(id).is_some_and(alone))
        {
            return id;
        }
        if let Some((id, _)) = self
            .conversations
            .iter()
            .rev()
            .find(|(_, conversation)| alone(conversation))
        {
            return *id;
        }
        let id = ConversationId(self.next_conversation);
        self.next_conversation += 1;
        let conversation = Conversation {
            members: BTreeSet::from([email]),
            ..Conversation::default()
        };
        self.conversations.insert(id, conversation);
        id
    }

    /// True when the user interface has been told of `id` and it is still open.
    pub(super) fn is_shown(&self, id: ConversationId) -> bool {
        self.conversations
            .get(&id)
            .is_some_and(|conversation| conversation.announced)
    }

    /// Tells the user interface of a conversation the first time it has something to
    /// show: `ConversationOpened`, then who came in meanwhile.
    pub(super) fn announce(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        if conversation.announced {
            return;
        }
        conversation.announced = true;
        let with = conversation.members.iter().cloned().collect();
        let present = conversation.participants();
        self.emit(Event::ConversationOpened {
            conversation: id,
            with,
        });
        if !present.is_empty() {
            let joined = present.iter().map(|person| person.email.clone()).collect();
            self.emit(Event::Participants {
                conversation: id,
                present,
                joined,
                left: Vec::new(),
            });
        }
    }

    /// Reports who is there after a switchboard changed; those who were there last
    /// are the ones the next switchboard calls.
    pub(super) fn refresh_participants(&mut self, id: ConversationId) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        let now: BTreeMap<String, String> = conversation
            .links
            .iter()
            .filter_map(|link| self.links.get(link))
            .flat_map(|link| link.present.iter())
            .map(|(email, name)| (email.clone(), name.clone()))
            .collect();
        let joined: Vec<String> = now
            .keys()
            .filter(|email| !conversation.present.contains_key(*email))
            .cloned()
            .collect();
        let left: Vec<String> = conversation
            .present
            .keys()
            .filter(|email| !now.contains_key(*email))
            .cloned()
            .collect();
        if joined.is_empty() && left.is_empty() {
            return;
        }
        if !now.is_empty() {
            conversation.members = now.keys().cloned().collect();
        }
        conversation.present = now;
        if !conversation.announced {
            // Being called into a group is news; one caller waits until they speak.
            if conversation.present.len() > 1 {
                self.announce(id);
            }
            return;
        }
        let present = conversation.participants();
        for email in &left {
            self.typing_stopped(id, email);
        }
        self.emit(Event::Participants {
            conversation: id,
            present,
            joined,
            left,
        });
    }

    /// The newest switchboard of the conversation with someone in it.
    pub(super) fn ready_link(&self, id: ConversationId) -> Option<SwitchboardId> {
        let conversation = self.conversations.get(&id)?;
        conversation
            .links
            .iter()
            .rev()
            .copied()
            .find(|link| self.links.get(link).is_some_and(|link| link.ready()))
    }

    /// True while a switchboard of the conversation is usable or on its way.
    pub(super) fn has_link(&self, id: ConversationId) -> bool {
        self.conversations.get(&id).is_some_and(|conversation| {
            conversation.requesting
                || conversation
                    .links
                    .iter()
                    .any(|link| self.links.get(link).is_some_and(|link| !link.leaving))
        })
    }
}
