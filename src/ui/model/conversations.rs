//! Open conversations as numbered tabs, one of them active.

use std::time::Instant;

use super::conversation::{Conversation, ConversationId, Participant};

#[derive(Debug, Clone)]
pub struct Conversations {
    tabs: Vec<Conversation>,
    active: usize,
    next_id: u64,
    capacity: usize,
}

impl Conversations {
    /// Each conversation keeps at most `capacity` lines.
    pub fn with_capacity(capacity: usize) -> Self {
        Conversations {
            tabs: Vec::new(),
            active: 0,
            next_id: 1,
            capacity,
        }
    }

    /// Opens a new tab after the others without switching to it.
    pub fn open(&mut self, participants: Vec<Participant>) -> ConversationId {
        let id = ConversationId(self.next_id);
        self.next_id += 1;
        self.tabs
            .push(Conversation::new(id, participants, self.capacity));
        id
    }

    /// The conversation whose only participant is `address`.
    pub fn find_with(&self, address: &str) -> Option<ConversationId> {
        self.tabs
            .iter()
            .find(|tab| tab.participants.len() == 1 && tab.has_participant(address))
            .map(|tab| tab.id)
    }

    pub fn tabs(&self) -> &[Conversation] {
        &self.tabs
    }

    pub fn tabs_mut(&mut self) -> impl Iterator<Item = &mut Conversation> {
        self.tabs.iter_mut()
    }

    pub fn get(&self, id: ConversationId) -> Option<&Conversation> {
        self.tabs.iter().find(|tab| tab.id == id)
    }

    pub fn get_mut(&mut self, id: ConversationId) -> Option<&mut Conversation> {
        self.tabs.iter_mut().find(|tab| tab.id == id)
    }

    pub fn position(&self, id: ConversationId) -> Option<usize> {
        self.tabs.iter().position(|tab| tab.id == id)
    }

    pub fn active(&self) -> Option<&Conversation> {
        self.tabs.get(self.active)
    }

    pub fn active_mut(&mut self) -> Option<&mut Conversation> {
        self.tabs.get_mut(self.active)
    }

    /// Tab index (0-based) of the active conversation.
    pub fn active_index(&self) -> Option<usize> {
        (self.active < self.tabs.len()).then_some(self.active)
    }

    /// Makes the tab at `index` active; false if there is none.
    pub fn set_active(&mut self, index: usize) -> bool {
        let exists = index < self.tabs.len();
        if exists {
            self.active = index;
        }
        exists
    }

    /// Index of the tab `step` places away from the active one, wrapping around.
    pub fn neighbour(&self, step: isize) -> Option<usize> {
        let count = self.tabs.len() as isize;
        (count > 0).then(|| (self.active as isize + step).rem_euclid(count) as usize)
    }

    /// The first tab after the active one (wrapping) that has unread messages.
    pub fn next_unread(&self) -> Option<usize> {
        let count = self.tabs.len();
        (1..=count)
            .map(|step| (self.active + step) % count)
            .find(|&index| self.tabs[index].unread > 0)
    }

    /// Closes a tab; the active tab stays the same conversation where it can.
    pub fn close(&mut self, id: ConversationId) -> Option<Conversation> {
        let index = self.position(id)?;
        let closed = self.tabs.remove(index);
        if index < self.active || self.active >= self.tabs.len() {
            self.active = self.active.saturating_sub(1);
        }
        Some(closed)
    }

    pub fn total_unread(&self) -> u32 {
        self.tabs.iter().map(|tab| tab.unread).sum()
    }

    /// The nearest moment a typing indicator runs out.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.tabs
            .iter()
            .filter_map(Conversation::next_typing_expiry)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::super::presence::Presence;
    use super::*;

    fn with(address: &str) -> Vec<Participant> {
        vec![Participant {
            address: address.into(),
            friendly_name: address.into(),
            presence: Presence::Online,
        }]
    }

    fn three_tabs() -> (Conversations, [ConversationId; 3]) {
        let mut conversations = Conversations::with_capacity(10);
        let ids = [
            conversations.open(with("a@x")),
            conversations.open(with("b@x")),
            conversations.open(with("c@x")),
        ];
        (conversations, ids)
    }

    #[test]
    fn neighbours_wrap_around() {
        let (conversations, _) = three_tabs();
        assert_eq!(conversations.neighbour(-1), Some(2));
        assert_eq!(conversations.neighbour(1), Some(1));
        assert_eq!(Conversations::with_capacity(1).neighbour(1), None);
    }

    #[test]
    fn next_unread_skips_read_tabs_and_wraps() {
        let (mut conversations, [first, _, _]) = three_tabs();
        conversations.set_active(1);
        assert_eq!(conversations.next_unread(), None);
        if let Some(tab) = conversations.get_mut(first) {
            tab.unread = 2;
        }
        assert_eq!(conversations.next_unread(), Some(0));
    }

    #[test]
    fn closing_keeps_the_active_conversation() {
        let (mut conversations, [first, second, third]) = three_tabs();
        conversations.set_active(2);
        conversations.close(first);
        assert_eq!(conversations.active().map(|tab| tab.id), Some(third));
        conversations.close(third);
        assert_eq!(conversations.active().map(|tab| tab.id), Some(second));
        conversations.close(second);
        assert!(conversations.active().is_none());
    }

    #[test]
    fn finds_one_to_one_conversations_by_address() {
        let (conversations, [_, second, _]) = three_tabs();
        assert_eq!(conversations.find_with("B@X"), Some(second));
        assert_eq!(conversations.find_with("z@x"), None);
    }
}
