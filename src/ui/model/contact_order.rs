//! Each group's shown contacts in display order, kept up to date one contact at a time:
//! a presence change moves one contact in a sorted set instead of re-sorting the list.

use std::collections::BTreeSet;

use super::contacts::{Contact, Group};

/// Where a contact sorts within a group: reachable first, then by name and address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct MemberKey {
    rank: u8,
    name: Box<str>,
    address: Box<str>,
    contact: usize,
}

impl MemberKey {
    fn of(contact: &Contact, position: usize) -> Self {
        MemberKey {
            rank: contact.presence.rank(),
            name: contact.friendly_name.to_lowercase().into(),
            address: contact.address.to_ascii_lowercase().into(),
            contact: position,
        }
    }
}

/// The members of every group that pass the filter, and how many contacts are reachable.
#[derive(Debug, Default)]
pub(super) struct Members {
    /// The filter text, lower case; empty shows everything.
    needle: String,
    /// One set per group, in the list's order, then one for "Other Contacts".
    slots: Vec<BTreeSet<MemberKey>>,
    reachable: usize,
}

impl Members {
    /// Sorts everything again: for a new filter or a change to the groups.
    pub(super) fn rebuild(&mut self, contacts: &[Contact], groups: &[Group], filter: &str) {
        self.needle = filter.to_lowercase();
        self.slots = vec![BTreeSet::new(); groups.len() + 1];
        self.reachable = 0;
        for (position, contact) in contacts.iter().enumerate() {
            self.insert(contact, position, groups);
        }
    }

    pub(super) fn insert(&mut self, contact: &Contact, position: usize, groups: &[Group]) {
        self.reachable += usize::from(contact.presence.is_reachable());
        if !self.passes_filter(contact) {
            return;
        }
        let key = MemberKey::of(contact, position);
        for slot in slots_of(contact, groups) {
            if let Some(members) = self.slots.get_mut(slot) {
                members.insert(key.clone());
            }
        }
    }

    /// Takes out a contact as it was inserted (same fields, same position).
    pub(super) fn remove(&mut self, contact: &Contact, position: usize, groups: &[Group]) {
        self.reachable -= usize::from(contact.presence.is_reachable());
        if !self.passes_filter(contact) {
            return;
        }
        let key = MemberKey::of(contact, position);
        for slot in slots_of(contact, groups) {
            if let Some(members) = self.slots.get_mut(slot) {
                members.remove(&key);
            }
        }
    }

    pub(super) fn is_filtering(&self) -> bool {
        !self.needle.is_empty()
    }

    pub(super) fn reachable(&self) -> usize {
        self.reachable
    }

    /// Positions of the shown members of slot `slot` (the groups' index, or their count
    /// for "Other Contacts"), in display order.
    pub(super) fn of_slot(&self, slot: usize) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .get(slot)
            .into_iter()
            .flatten()
            .map(|key| key.contact)
    }

    fn passes_filter(&self, contact: &Contact) -> bool {
        self.needle.is_empty()
            || [
                &contact.friendly_name,
                &contact.address,
                &contact.personal_message,
            ]
            .iter()
            .any(|field| field.to_lowercase().contains(&self.needle))
    }
}

/// The slots a contact is shown in: each known group it belongs to, or "Other Contacts".
fn slots_of(contact: &Contact, groups: &[Group]) -> Vec<usize> {
    let mut slots: Vec<usize> = groups
        .iter()
        .enumerate()
        .filter(|(_, group)| contact.groups.contains(&group.id))
        .map(|(slot, _)| slot)
        .collect();
    if slots.is_empty() {
        slots.push(groups.len());
    }
    slots
}
