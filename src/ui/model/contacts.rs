//! The contact list: contacts, their groups, the type-to-filter text and the selection.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::contact_order::Members;
use super::contact_rows::{ContactRow, RowKey, Rows};
use super::presence::Presence;

/// One contact as the UI shows it. Text fields hold what the network sent, unsanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub address: String,
    pub friendly_name: String,
    pub personal_message: String,
    pub presence: Presence,
    /// Ids of the groups the contact belongs to; none puts it under "Other Contacts".
    pub groups: Vec<String>,
    /// Messages from this contact not yet seen.
    pub unread: u32,
    /// On our block list: they cannot see us or talk to us.
    pub blocked: bool,
}

impl Contact {
    /// An offline contact with no groups, personal message or unread messages.
    pub fn new(address: impl Into<String>, friendly_name: impl Into<String>) -> Self {
        Contact {
            address: address.into(),
            friendly_name: friendly_name.into(),
            personal_message: String::new(),
            presence: Presence::Offline,
            groups: Vec::new(),
            unread: 0,
            blocked: false,
        }
    }
}

/// A contact group; folded groups show only their header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub folded: bool,
}

impl Group {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Group {
            id: id.into(),
            name: name.into(),
            folded: false,
        }
    }
}

/// Contacts and groups. Each group's members are kept sorted as contacts change; the
/// rows to draw are laid out from them once per frame that needs them.
#[derive(Debug)]
pub struct ContactList {
    pub(super) contacts: Vec<Contact>,
    index: HashMap<String, usize>,
    pub(super) groups: Vec<Group>,
    pub(super) ungrouped_folded: bool,
    filter: String,
    pub(super) members: Members,
    selected: Option<RowKey>,
    rows: OnceCell<Rows>,
}

impl Default for ContactList {
    fn default() -> Self {
        let mut members = Members::default();
        members.rebuild(&[], &[], "");
        ContactList {
            contacts: Vec::new(),
            index: HashMap::new(),
            groups: Vec::new(),
            ungrouped_folded: false,
            filter: String::new(),
            members,
            selected: None,
            rows: OnceCell::new(),
        }
    }
}

fn address_key(address: &str) -> String {
    address.to_ascii_lowercase()
}

impl ContactList {
    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Looks a contact up by address, ignoring ASCII case as the protocol does.
    pub fn get(&self, address: &str) -> Option<&Contact> {
        let position = *self.index.get(&address_key(address))?;
        self.contacts.get(position)
    }

    /// Adds a contact or replaces the one with the same address, keeping its unread count.
    pub fn upsert(&mut self, mut contact: Contact) {
        let key = address_key(&contact.address);
        let position = match self.index.get(&key).copied() {
            Some(position) => {
                let old = &self.contacts[position];
                self.members.remove(old, position, &self.groups);
                contact.unread = old.unread;
                self.contacts[position] = contact;
                position
            }
            None => {
                self.index.insert(key, self.contacts.len());
                self.contacts.push(contact);
                self.contacts.len() - 1
            }
        };
        self.members
            .insert(&self.contacts[position], position, &self.groups);
        self.invalidate();
    }

    /// Changes one contact in place; false if there is no such contact.
    pub fn update(&mut self, address: &str, change: impl FnOnce(&mut Contact)) -> bool {
        let Some(&position) = self.index.get(&address_key(address)) else {
            return false;
        };
        self.members
            .remove(&self.contacts[position], position, &self.groups);
        change(&mut self.contacts[position]);
        self.members
            .insert(&self.contacts[position], position, &self.groups);
        self.invalidate();
        true
    }

    pub fn remove(&mut self, address: &str) -> Option<Contact> {
        let position = self.index.remove(&address_key(address))?;
        self.members
            .remove(&self.contacts[position], position, &self.groups);
        let last = self.contacts.len() - 1;
        let removed = self.contacts.swap_remove(position);
        if let Some(moved) = self.contacts.get(position) {
            self.index.insert(address_key(&moved.address), position);
            self.members.remove(moved, last, &self.groups);
            self.members.insert(moved, position, &self.groups);
        }
        self.invalidate();
        Some(removed)
    }

    /// Adds a group or renames the one with the same id, keeping whether it is folded.
    pub fn upsert_group(&mut self, mut group: Group) {
        match self.groups.iter_mut().find(|known| known.id == group.id) {
            Some(known) => {
                group.folded = known.folded;
                *known = group;
            }
            None => {
                self.groups.push(group);
                self.sort_members();
            }
        }
        self.invalidate();
    }

    pub fn remove_group(&mut self, id: &str) {
        self.groups.retain(|group| group.id != id);
        self.sort_members();
        self.invalidate();
    }

    /// The type-to-filter text; empty shows everything.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_filter(&mut self, filter: impl Into<String>) {
        self.filter = filter.into();
        self.sort_members();
        self.invalidate();
    }

    /// The rows to draw: group headers and the contacts under them.
    pub fn rows(&self) -> &[ContactRow] {
        &self.cached_rows().rows
    }

    /// Contacts that are not offline.
    pub fn reachable_count(&self) -> usize {
        self.members.reachable()
    }

    /// Index into [`rows`](Self::rows) of the selected row.
    pub fn selected_index(&self) -> usize {
        self.cached_rows().selected
    }

    pub fn selected_row(&self) -> Option<ContactRow> {
        self.rows().get(self.selected_index()).copied()
    }

    /// The contact on the selected row (none when it is a group's).
    pub fn selected_contact(&self) -> Option<&Contact> {
        match self.selected_row()? {
            ContactRow::Contact { contact, .. } => self.contacts.get(contact),
            ContactRow::Group { .. } => None,
        }
    }

    /// Moves the selection by `delta` rows, stopping at either end.
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.rows().len().saturating_sub(1);
        let target = self.selected_index().saturating_add_signed(delta).min(last);
        self.select(target);
    }

    pub fn select_first(&mut self) {
        self.select(0);
    }

    /// Selects the first contact row, so Enter after filtering opens the best match.
    pub fn select_first_contact(&mut self) {
        let first = self
            .rows()
            .iter()
            .position(|row| matches!(row, ContactRow::Contact { .. }));
        self.select(first.unwrap_or(0));
    }

    pub fn select_last(&mut self) {
        self.select(self.rows().len().saturating_sub(1));
    }

    /// Folds or unfolds the group at the selected row (or the group of the selected contact).
    pub fn toggle_selected_group(&mut self) {
        let group = match self.selected_row() {
            Some(ContactRow::Group { group, .. } | ContactRow::Contact { group, .. }) => group,
            None => return,
        };
        let folded = match group {
            Some(position) => self.groups.get_mut(position).map(|found| &mut found.folded),
            None => Some(&mut self.ungrouped_folded),
        };
        if let Some(folded) = folded {
            *folded = !*folded;
        }
        let group_id = group.and_then(|position| self.groups.get(position));
        self.selected = Some(RowKey::Group(group_id.map(|found| found.id.clone())));
        self.invalidate();
    }

    /// Raises the unread count of a contact by one.
    pub fn mark_unread(&mut self, address: &str) {
        self.update(address, |contact| {
            contact.unread = contact.unread.saturating_add(1)
        });
    }

    pub fn clear_unread(&mut self, address: &str) {
        let has_unread = self.get(address).is_some_and(|contact| contact.unread > 0);
        if has_unread {
            self.update(address, |contact| contact.unread = 0);
        }
    }

    fn select(&mut self, index: usize) {
        let key = self.rows().get(index).map(|row| row.key(self));
        self.selected = key;
        if let Some(rows) = self.rows.get_mut() {
            rows.selected = index.min(rows.rows.len().saturating_sub(1));
        }
    }

    fn cached_rows(&self) -> &Rows {
        self.rows
            .get_or_init(|| Rows::build(self, self.selected.as_ref()))
    }

    fn sort_members(&mut self) {
        self.members
            .rebuild(&self.contacts, &self.groups, &self.filter);
    }

    fn invalidate(&mut self) {
        self.rows.take();
    }
}
