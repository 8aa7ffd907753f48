//! The senders of a conversation's messages, each held once: a line refers to its sender
//! by a four-byte id instead of holding the address and name itself.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ui::model::Rgb;

/// Who wrote a message and how: the address, the name shown and the text colour.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Sender {
    pub(super) address: Arc<str>,
    pub(super) name: Arc<str>,
    pub(super) colour: Option<Rgb>,
}

/// Index of a sender in its [`Senders`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SenderId(u32);

/// Senders in use, counted, so that one no line refers to any more is let go.
#[derive(Debug, Clone, Default)]
pub(super) struct Senders {
    slots: Vec<Option<(Sender, u32)>>,
    free: Vec<SenderId>,
    ids: HashMap<Sender, SenderId>,
}

impl Senders {
    /// The id of `sender`, counting one more line that refers to it.
    pub(super) fn hold(&mut self, sender: Sender) -> SenderId {
        if let Some(&id) = self.ids.get(&sender) {
            if let Some((_, uses)) = self.slot_mut(id) {
                *uses += 1;
            }
            return id;
        }
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                // A conversation holds fewer lines than u32 counts: each sender has one.
                self.slots.push(None);
                SenderId(u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX))
            }
        };
        self.ids.insert(sender.clone(), id);
        if let Some(slot) = self.slots.get_mut(id.0 as usize) {
            *slot = Some((sender, 1));
        }
        id
    }

    /// Counts one line fewer referring to `id`, letting the sender go after the last.
    pub(super) fn release(&mut self, id: SenderId) {
        let Some((_, uses)) = self.slot_mut(id) else {
            return;
        };
        *uses -= 1;
        if *uses > 0 {
            return;
        }
        if let Some(Some((sender, _))) = self.slots.get_mut(id.0 as usize).map(Option::take) {
            self.ids.remove(&sender);
            self.free.push(id);
        }
    }

    pub(super) fn get(&self, id: SenderId) -> Option<&Sender> {
        let (sender, _) = self.slots.get(id.0 as usize)?.as_ref()?;
        Some(sender)
    }

    fn slot_mut(&mut self, id: SenderId) -> Option<&mut (Sender, u32)> {
        self.slots.get_mut(id.0 as usize)?.as_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender(name: &str) -> Sender {
        Sender {
            address: "bob@x".into(),
            name: name.into(),
            colour: None,
        }
    }

    #[test]
    fn one_sender_is_held_once_until_its_last_line_goes() {
        let mut senders = Senders::default();
        let first = senders.hold(sender("Bob"));
        let again = senders.hold(sender("Bob"));
        let renamed = senders.hold(sender("Bobby"));
        assert_eq!(first, again);
        assert_ne!(first, renamed);
        senders.release(first);
        assert_eq!(senders.get(first).map(|held| &*held.name), Some("Bob"));
        senders.release(again);
        assert_eq!(senders.get(first), None);
        let reused = senders.hold(sender("Amy"));
        assert_eq!(reused, first, "the freed slot is used again");
        assert_eq!(senders.slots.len(), 2);
    }
}
