//! Who has an account on their forward list (its reverse list), kept as an index so a
//! roster or a presence change never scans every account.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Account;
use crate::protocol::List;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ForwardListers(HashMap<String, BTreeSet<String>>);

impl ForwardListers {
    pub(super) fn build(accounts: &BTreeMap<String, Account>) -> Self {
        let mut index = Self::default();
        for (owner, account) in accounts {
            for (contact, entry) in &account.contacts {
                if entry.lists.contains(List::Forward) {
                    index.insert(contact, owner);
                }
            }
        }
        index
    }

    pub(super) fn insert(&mut self, contact: &str, owner: &str) {
        self.0
            .entry(contact.to_ascii_lowercase())
            .or_default()
            .insert(owner.to_ascii_lowercase());
    }

    pub(super) fn remove(&mut self, contact: &str, owner: &str) {
        let contact = contact.to_ascii_lowercase();
        if let Some(owners) = self.0.get_mut(&contact) {
            owners.remove(&owner.to_ascii_lowercase());
            if owners.is_empty() {
                self.0.remove(&contact);
            }
        }
    }

    /// Every account with `contact` (lower case) on its forward list.
    pub(super) fn of<'a>(&'a self, contact: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .get(contact)
            .into_iter()
            .flat_map(|owners| owners.iter().map(String::as_str))
    }
}
