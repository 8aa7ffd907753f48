//! The contact list and profile as a session keeps them and reports them.

use crate::protocol::command::PrivacyMode;
use crate::protocol::types::{Capabilities, List, ListBits, Status};

/// One person on at least one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub email: String,
    /// The friendly (or stored) name, URL-decoded; the e-mail when none is known.
    pub name: String,
    /// FL/AL/BL/RL/PL membership.
    pub lists: ListBits,
    /// Ids of the groups the contact is in (numbers up to MSNP9, GUIDs later).
    pub groups: Vec<String>,
    /// Contact GUID (MSNP10+ forward-list entries, address book).
    pub guid: Option<String>,
    pub status: Status,
    pub capabilities: Option<Capabilities>,
    pub msn_object: Option<String>,
    pub personal_message: String,
    pub media: Option<String>,
}

impl Contact {
    pub fn new(email: impl Into<String>) -> Self {
        let email = email.into();
        Self {
            name: email.clone(),
            email,
            lists: ListBits::default(),
            groups: Vec::new(),
            guid: None,
            status: Status::Offline,
            capabilities: None,
            msn_object: None,
            personal_message: String::new(),
            media: None,
        }
    }

    pub fn on(&self, list: List) -> bool {
        self.lists.contains(list)
    }

    /// Takes the contact off `lists`; off the forward list it leaves its groups and
    /// loses its address-book id.
    pub fn drop_lists(&mut self, lists: ListBits) {
        self.lists = ListBits(self.lists.0 & !lists.0);
        if lists.contains(List::Forward) {
            self.groups.clear();
            self.guid = None;
        }
    }

    /// On the reverse or pending list but neither allowed nor blocked: waiting for an answer.
    pub fn awaiting_answer(&self) -> bool {
        (self.on(List::Pending) || self.on(List::Reverse))
            && !self.on(List::Allow)
            && !self.on(List::Block)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// Everything the server keeps about your lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactList {
    pub contacts: Vec<Contact>,
    pub groups: Vec<Group>,
    /// BLP: what happens to people on neither AL nor BL.
    pub privacy: Option<PrivacyMode>,
    /// GTC (MSNP2–12): whether to be asked when someone adds you.
    pub ask_on_add: Option<bool>,
}

impl ContactList {
    pub fn contact(&self, email: &str) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|c| c.email.eq_ignore_ascii_case(email))
    }

    pub fn contact_mut(&mut self, email: &str) -> Option<&mut Contact> {
        self.contacts
            .iter_mut()
            .find(|c| c.email.eq_ignore_ascii_case(email))
    }

    /// The contact, created (on no list) when unknown.
    pub fn entry(&mut self, email: &str) -> &mut Contact {
        let index = match self
            .contacts
            .iter()
            .position(|c| c.email.eq_ignore_ascii_case(email))
        {
            Some(index) => index,
            None => {
                self.contacts.push(Contact::new(email.to_ascii_lowercase()));
                self.contacts.len() - 1
            }
        };
        &mut self.contacts[index]
    }

    pub fn by_guid(&self, guid: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| {
            c.guid
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(guid))
        })
    }

    /// Drops a contact that is on no list any more; true when it was dropped.
    pub fn forget_if_unlisted(&mut self, email: &str) -> bool {
        let before = self.contacts.len();
        self.contacts
            .retain(|c| !(c.email.eq_ignore_ascii_case(email) && c.lists.0 == 0));
        self.contacts.len() != before
    }

    /// A group by id, or else by name (case-insensitive).
    pub fn group(&self, id_or_name: &str) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| g.id.eq_ignore_ascii_case(id_or_name))
            .or_else(|| {
                self.groups
                    .iter()
                    .find(|g| g.name.eq_ignore_ascii_case(id_or_name))
            })
    }

    pub fn upsert_group(&mut self, group: Group) {
        match self.groups.iter_mut().find(|g| g.id == group.id) {
            Some(existing) => *existing = group,
            None => self.groups.push(group),
        }
    }
}

/// Your own presence as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub email: String,
    pub name: String,
    pub status: Status,
    pub personal_message: String,
}
