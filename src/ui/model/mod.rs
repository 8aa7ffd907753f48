//! The UI's own model of the messenger: everything drawing reads, nothing it writes.
//!
//! The session fills it through the methods here; text fields keep what the network sent
//! and are sanitised only when drawn.

mod chat_lines;
mod clock;
mod contact_order;
mod contact_rows;
mod contacts;
mod conversation;
mod conversations;
mod panes;
mod pictures;
mod presence;
mod protocol_log;
mod scrollback;
mod sign_in;
mod status;

use std::time::Instant;

use jiff::tz::TimeZone;

pub use chat_lines::ChatLines;
pub use clock::{LocalDate, LocalTime, Timestamp};
pub use contact_rows::{ContactRow, UNGROUPED_NAME};
pub use contacts::{Contact, ContactList, Group};
pub use conversation::{
    ChatLine, Conversation, ConversationId, Delivery, MessageId, MessageLine, Participant, Rgb,
    SystemEvent, Typing,
};
pub use conversations::Conversations;
pub use panes::{Focus, NARROW_COLUMNS, Panes};
pub use pictures::{ContactCard, PictureState, Pictures, Shown};
pub use presence::Presence;
pub use protocol_log::{Direction, ProtocolEntry, ProtocolLog};
pub use scrollback::{ScrollPosition, Scrollback};
pub use sign_in::SignIn;
pub use status::{ConnectionState, OwnProfile, StatusBar};

/// A slash command as the help overlay and completion show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandHelp {
    /// With the slash: `/msg`.
    pub name: String,
    /// Arguments after the name: `<address> <text>`.
    pub usage: String,
    pub summary: String,
}

/// How much history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub lines_per_conversation: usize,
    pub protocol_lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lines_per_conversation: 100_000,
            protocol_lines: 100_000,
        }
    }
}

#[derive(Debug)]
pub struct Model {
    pub contacts: ContactList,
    pub conversations: Conversations,
    pub protocol: ProtocolLog,
    pub status: StatusBar,
    pub panes: Panes,
    pub commands: Vec<CommandHelp>,
    /// The zone times are shown in (UTC unless the front end sets the local one).
    pub time_zone: TimeZone,
    pub pictures: Pictures,
    /// The contact-info overlay, while it is open.
    pub card: Option<ContactCard>,
    bell_due: bool,
}

impl Model {
    pub fn new(own_address: impl Into<String>, limits: Limits) -> Self {
        Model {
            contacts: ContactList::default(),
            conversations: Conversations::with_capacity(limits.lines_per_conversation),
            protocol: ProtocolLog::with_capacity(limits.protocol_lines),
            status: StatusBar::new(own_address),
            panes: Panes::default(),
            commands: Vec::new(),
            time_zone: TimeZone::UTC,
            pictures: Pictures::default(),
            card: None,
            bell_due: false,
        }
    }

    /// The 1:1 conversation with `address`, opened if there is none.
    pub fn conversation_with(&mut self, address: &str) -> ConversationId {
        if let Some(id) = self.conversations.find_with(address) {
            return id;
        }
        let participant = match self.contacts.get(address) {
            Some(contact) => Participant {
                address: contact.address.clone(),
                friendly_name: contact.friendly_name.clone(),
                presence: contact.presence,
            },
            None => Participant {
                address: address.into(),
                friendly_name: address.into(),
                presence: Presence::Offline,
            },
        };
        self.conversations.open(vec![participant])
    }

    /// Shows the tab at `index` and marks what it holds as read.
    pub fn activate(&mut self, index: usize) {
        if !self.conversations.set_active(index) {
            return;
        }
        if let Some(conversation) = self.conversations.active_mut() {
            conversation.unread = 0;
            let addresses: Vec<String> = conversation
                .participants
                .iter()
                .map(|participant| participant.address.clone())
                .collect();
            addresses
                .iter()
                .for_each(|address| self.contacts.clear_unread(address));
        }
    }

    pub fn activate_id(&mut self, id: ConversationId) {
        if let Some(index) = self.conversations.position(id) {
            self.activate(index);
        }
    }

    /// Adds someone else's message; away from the open tab it counts as unread and rings.
    pub fn push_message(&mut self, id: ConversationId, message: MessageLine) {
        let in_view = self.conversations.active().map(|active| active.id) == Some(id);
        let sender = message.sender_address.clone();
        let Some(conversation) = self.conversations.get_mut(id) else {
            return;
        };
        conversation.push(ChatLine::Message(message));
        if !in_view {
            conversation.unread = conversation.unread.saturating_add(1);
            self.contacts.mark_unread(&sender);
            self.bell_due = true;
        }
    }

    /// Adds our own message as queued, written under our friendly name.
    pub fn push_own_message(
        &mut self,
        id: ConversationId,
        time: Timestamp,
        text: impl Into<String>,
    ) -> Option<MessageId> {
        let own = &self.status.own;
        let message = MessageLine {
            time,
            sender_address: own.address.as_str().into(),
            sender_name: own.friendly_name.clone().into(),
            text: text.into(),
            colour: None,
            own: None,
        };
        Some(self.conversations.get_mut(id)?.push_own(message))
    }

    /// Adds a system line; a nudge rings the bell.
    pub fn push_system(&mut self, id: ConversationId, time: Timestamp, event: SystemEvent) {
        if matches!(event, SystemEvent::Nudge { .. }) {
            self.bell_due = true;
        }
        if let Some(conversation) = self.conversations.get_mut(id) {
            conversation.push(ChatLine::System { time, event });
        }
    }

    /// `who` joined: added to the participants, or, when already there (the one contact
    /// of a one-to-one tab, someone back), shown as the switchboard now names them. The
    /// contact of a one-to-one tab joining each new switchboard gets no line unless they
    /// had left.
    pub fn participant_joined(&mut self, id: ConversationId, time: Timestamp, who: Participant) {
        let name = who.friendly_name.clone();
        let Some(conversation) = self.conversations.get_mut(id) else {
            return;
        };
        let one_to_one = conversation.participants.len() == 1;
        let known = conversation
            .participants
            .iter_mut()
            .find(|participant| participant.address.eq_ignore_ascii_case(&who.address));
        let shown = match known {
            Some(known) => {
                *known = who;
                !one_to_one || conversation.contact_left
            }
            None => {
                conversation.participants.push(who);
                true
            }
        };
        conversation.contact_left = false;
        if shown {
            conversation.push(ChatLine::System {
                time,
                event: SystemEvent::Joined { name },
            });
        }
    }

    /// `address` left: removed from the participants, except the last one, whom a
    /// one-to-one tab keeps (named as in the conversation) to write to again. Leaving
    /// says nothing of a contact's status, which presence keeps up to date; someone not
    /// on the list goes back to unknown, as before they joined.
    pub fn participant_left(&mut self, id: ConversationId, time: Timestamp, address: &str) {
        let stranger = self.contacts.get(address).is_none();
        let Some(conversation) = self.conversations.get_mut(id) else {
            return;
        };
        let Some(index) = conversation
            .participants
            .iter()
            .position(|participant| participant.address.eq_ignore_ascii_case(address))
        else {
            return;
        };
        let name = if conversation.participants.len() > 1 {
            conversation.participants.remove(index).friendly_name
        } else {
            conversation.contact_left = true;
            let kept = &mut conversation.participants[index];
            if stranger {
                kept.presence = Presence::Offline;
            }
            kept.friendly_name.clone()
        };
        conversation
            .typing
            .retain(|typing| !typing.address.eq_ignore_ascii_case(address));
        conversation.push(ChatLine::System {
            time,
            event: SystemEvent::Left { name },
        });
    }

    /// A presence change, in the contact list and in every conversation.
    pub fn set_presence(&mut self, address: &str, presence: Presence) {
        self.contacts
            .update(address, |contact| contact.presence = presence);
        self.each_participant(address, |participant| participant.presence = presence);
    }

    /// A friendly-name change, in the contact list and in every conversation.
    pub fn set_friendly_name(&mut self, address: &str, name: &str) {
        self.contacts
            .update(address, |contact| contact.friendly_name = name.into());
        self.each_participant(address, |participant| {
            participant.friendly_name = name.into()
        });
    }

    fn each_participant(&mut self, address: &str, change: impl Fn(&mut Participant)) {
        self.conversations
            .tabs_mut()
            .flat_map(|conversation| conversation.participants.iter_mut())
            .filter(|participant| participant.address.eq_ignore_ascii_case(address))
            .for_each(change);
    }

    /// Drops typing indicators that ran out; true if the screen changed.
    pub fn expire_typing(&mut self, now: Instant) -> bool {
        self.conversations
            .tabs_mut()
            .fold(false, |changed, conversation| {
                conversation.expire_typing(now) | changed
            })
    }

    /// Whether something rang the bell since the last call.
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell_due)
    }
}

#[cfg(test)]
mod tests;
