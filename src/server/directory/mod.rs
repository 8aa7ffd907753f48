//! Accounts, their contact lists and groups: the bundled server's persistent state.

mod accounts_file;
mod defaults;
mod forward_listers;
mod offline;
mod store;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use accounts_file::{AccountsFileError, load_accounts_file};
pub use defaults::default_directory;
pub use offline::{Mailboxes, StoredOffline};
pub use store::{Store, StoreError};

use forward_listers::ForwardListers;

use crate::protocol::{List, ListBits};

/// What happens to people on neither the allow nor the block list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Privacy {
    AllowOthers,
    #[default]
    BlockOthers,
}

/// A server-driven account that answers by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    /// Repeats every message after a typing notification.
    Echo,
    /// Online with a status and personal message, never answers.
    Idle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// GUID, used from MSNP10.
    pub id: String,
    /// Small number, used up to MSNP9 (0 is "Other Contacts" and never stored).
    pub number: u32,
    pub name: String,
}

/// One entry of an account's contact list (RL is derived, never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The contact's GUID in this address book (`C=` in MSNP10–12 and the ABCH).
    pub id: String,
    pub lists: ListBits,
    /// The name this account stores for the contact.
    pub stored_name: String,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub personal_message: String,
    pub privacy: Privacy,
    /// GTC: ask when someone adds you.
    pub ask_on_add: bool,
    pub member_id: u64,
    pub contacts: BTreeMap<String, Contact>,
    pub groups: Vec<Group>,
    pub bot: Option<BotPresence>,
}

/// How a bot appears: always online with this status and personal message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotPresence {
    pub kind: BotKind,
    pub status: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DirectoryError {
    #[error("no account {0}")]
    NoSuchAccount(String),
    #[error("{0} is already on that list")]
    AlreadyListed(String),
    #[error("{0} is not on that list")]
    NotListed(String),
    #[error("{0} is on the opposite list")]
    OppositeList(String),
    #[error("group {0} does not exist")]
    NoSuchGroup(String),
    #[error("a group named {0} already exists")]
    GroupExists(String),
    #[error("group name too long")]
    GroupNameTooLong,
    #[error("contact is not in that group")]
    NotInGroup,
    #[error("the reverse list is kept by the server")]
    ReverseListIsReadOnly,
}

/// Every account. Mutations bump `serial`, the list version old clients store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredDirectory")]
pub struct Directory {
    accounts: BTreeMap<String, Account>,
    pub serial: u32,
    /// Offline messages waiting for their recipients.
    pub offline: Mailboxes,
    #[serde(skip_serializing)]
    forward_listers: ForwardListers,
}

/// The directory as persisted: the reverse-list index is rebuilt on load.
#[derive(Deserialize)]
struct StoredDirectory {
    accounts: BTreeMap<String, Account>,
    serial: u32,
    #[serde(default)]
    offline: Mailboxes,
}

impl From<StoredDirectory> for Directory {
    fn from(stored: StoredDirectory) -> Self {
        let mut directory = Self::new(stored.accounts);
        directory.serial = stored.serial;
        directory.offline = stored.offline;
        directory
    }
}

const MAX_GROUP_NAME: usize = 61;

impl Directory {
    /// A directory at list version 1.
    pub fn new(accounts: BTreeMap<String, Account>) -> Self {
        let forward_listers = ForwardListers::build(&accounts);
        Self {
            accounts,
            serial: 1,
            offline: Mailboxes::default(),
            forward_listers,
        }
    }

    pub fn account(&self, email: &str) -> Option<&Account> {
        self.accounts.get(&email.to_ascii_lowercase())
    }

    fn account_mut(&mut self, email: &str) -> Result<&mut Account, DirectoryError> {
        self.accounts
            .get_mut(&email.to_ascii_lowercase())
            .ok_or_else(|| DirectoryError::NoSuchAccount(email.to_owned()))
    }

    /// True when `password` is the account's password.
    pub fn check_password(&self, email: &str, password: &str) -> bool {
        self.account(email)
            .is_some_and(|account| account.password == password)
    }

    /// The list bits of `contact` in `owner`'s list, RL included.
    pub fn lists_of(&self, owner: &str, contact: &str) -> ListBits {
        let stored = self
            .account(owner)
            .and_then(|account| account.contacts.get(&contact.to_ascii_lowercase()))
            .map_or(ListBits(0), |entry| entry.lists);
        if self.has_on_forward_list(contact, owner) {
            stored.with(List::Reverse)
        } else {
            stored
        }
    }

    fn has_on_forward_list(&self, owner: &str, contact: &str) -> bool {
        self.account(owner)
            .and_then(|account| account.contacts.get(&contact.to_ascii_lowercase()))
            .is_some_and(|entry| entry.lists.contains(List::Forward))
    }

    /// Every contact of `owner` with its list bits (RL included), sorted by address.
    pub fn roster(&self, owner: &str) -> Vec<(String, ListBits)> {
        let owner = owner.to_ascii_lowercase();
        let mut emails: BTreeSet<&str> = self
            .account(&owner)
            .map(|account| account.contacts.keys().map(String::as_str).collect())
            .unwrap_or_default();
        emails.extend(self.forward_listers.of(&owner));
        emails
            .into_iter()
            .map(|email| (email.to_owned(), self.lists_of(&owner, email)))
            .filter(|(_, bits)| bits.0 != 0)
            .collect()
    }

    /// May `viewer` see `subject`'s presence and open chats with them?
    pub fn allows(&self, subject: &str, viewer: &str) -> bool {
        let Some(account) = self.account(subject) else {
            return false;
        };
        let bits = self.lists_of(subject, viewer);
        if bits.contains(List::Block) {
            return false;
        }
        bits.contains(List::Allow) || account.privacy == Privacy::AllowOthers
    }

    /// Adds `contact` to one of `owner`'s lists.
    pub fn add_to_list(
        &mut self,
        owner: &str,
        list: List,
        contact: &str,
        name: &str,
    ) -> Result<String, DirectoryError> {
        if list == List::Reverse {
            return Err(DirectoryError::ReverseListIsReadOnly);
        }
        let contact = contact.to_ascii_lowercase();
        if self.account(&contact).is_none() {
            return Err(DirectoryError::NoSuchAccount(contact));
        }
        let opposite = match list {
            List::Allow => Some(List::Block),
            List::Block => Some(List::Allow),
            _ => None,
        };
        let account = self.account_mut(owner)?;
        let entry = account
            .contacts
            .entry(contact.clone())
            .or_insert_with(|| Contact {
                id: new_guid(),
                lists: ListBits(0),
                stored_name: name.to_owned(),
                groups: Vec::new(),
            });
        if entry.lists.contains(list) {
            return Err(DirectoryError::AlreadyListed(contact));
        }
        if opposite.is_some_and(|other| entry.lists.contains(other)) {
            return Err(DirectoryError::OppositeList(contact));
        }
        entry.lists = entry.lists.with(list);
        let id = entry.id.clone();
        if list == List::Forward {
            self.forward_listers.insert(&contact, owner);
        }
        self.serial += 1;
        Ok(id)
    }

    /// Removes `contact` from one of `owner`'s lists (from FL: also from every group).
    pub fn remove_from_list(
        &mut self,
        owner: &str,
        list: List,
        contact: &str,
    ) -> Result<(), DirectoryError> {
        if list == List::Reverse {
            return Err(DirectoryError::ReverseListIsReadOnly);
        }
        let contact = contact.to_ascii_lowercase();
        let account = self.account_mut(owner)?;
        let entry = account
            .contacts
            .get_mut(&contact)
            .filter(|entry| entry.lists.contains(list))
            .ok_or_else(|| DirectoryError::NotListed(contact.clone()))?;
        entry.lists = entry.lists.without(list);
        if list == List::Forward {
            entry.groups.clear();
        }
        if entry.lists.0 == 0 {
            account.contacts.remove(&contact);
        }
        if list == List::Forward {
            self.forward_listers.remove(&contact, owner);
        }
        self.serial += 1;
        Ok(())
    }

    /// The address a contact GUID stands for in `owner`'s list.
    pub fn contact_by_id(&self, owner: &str, id: &str) -> Option<String> {
        self.account(owner)?
            .contacts
            .iter()
            .find(|(_, entry)| entry.id.eq_ignore_ascii_case(id))
            .map(|(email, _)| email.clone())
    }

    pub fn add_group(&mut self, owner: &str, name: &str) -> Result<Group, DirectoryError> {
        if name.len() > MAX_GROUP_NAME {
            return Err(DirectoryError::GroupNameTooLong);
        }
        let account = self.account_mut(owner)?;
        if account.groups.iter().any(|group| group.name == name) {
            return Err(DirectoryError::GroupExists(name.to_owned()));
        }
        let number = account
            .groups
            .iter()
            .map(|group| group.number)
            .max()
            .unwrap_or(0)
            + 1;
        let group = Group {
            id: new_guid(),
            number,
            name: name.to_owned(),
        };
        account.groups.push(group.clone());
        self.serial += 1;
        Ok(group)
    }

    /// Finds a group by GUID or by number.
    pub fn group(&self, owner: &str, id: &str) -> Option<&Group> {
        self.account(owner)?
            .groups
            .iter()
            .find(|group| group.id.eq_ignore_ascii_case(id) || group.number.to_string() == id)
    }

    pub fn remove_group(&mut self, owner: &str, id: &str) -> Result<Group, DirectoryError> {
        let group = self
            .group(owner, id)
            .cloned()
            .ok_or_else(|| DirectoryError::NoSuchGroup(id.to_owned()))?;
        let account = self.account_mut(owner)?;
        account.groups.retain(|existing| existing.id != group.id);
        for entry in account.contacts.values_mut() {
            entry.groups.retain(|member| *member != group.id);
        }
        self.serial += 1;
        Ok(group)
    }

    pub fn rename_group(
        &mut self,
        owner: &str,
        id: &str,
        name: &str,
    ) -> Result<Group, DirectoryError> {
        if name.len() > MAX_GROUP_NAME {
            return Err(DirectoryError::GroupNameTooLong);
        }
        let group_id = self
            .group(owner, id)
            .map(|group| group.id.clone())
            .ok_or_else(|| DirectoryError::NoSuchGroup(id.to_owned()))?;
        let account = self.account_mut(owner)?;
        let group = account
            .groups
            .iter_mut()
            .find(|group| group.id == group_id)
            .ok_or_else(|| DirectoryError::NoSuchGroup(id.to_owned()))?;
        group.name = name.to_owned();
        let renamed = group.clone();
        self.serial += 1;
        Ok(renamed)
    }

    /// Puts a forward-list contact into a group, or takes it out.
    pub fn set_membership(
        &mut self,
        owner: &str,
        contact: &str,
        group_id: &str,
        member: bool,
    ) -> Result<(), DirectoryError> {
        let group = self
            .group(owner, group_id)
            .map(|group| group.id.clone())
            .ok_or_else(|| DirectoryError::NoSuchGroup(group_id.to_owned()))?;
        let contact = contact.to_ascii_lowercase();
        let account = self.account_mut(owner)?;
        let entry = account
            .contacts
            .get_mut(&contact)
            .filter(|entry| entry.lists.contains(List::Forward))
            .ok_or_else(|| DirectoryError::NotListed(contact.clone()))?;
        let present = entry.groups.contains(&group);
        match (member, present) {
            (true, true) => return Err(DirectoryError::AlreadyListed(contact)),
            (false, false) => return Err(DirectoryError::NotInGroup),
            (true, false) => entry.groups.push(group),
            (false, true) => entry.groups.retain(|existing| *existing != group),
        }
        self.serial += 1;
        Ok(())
    }

    pub fn set_display_name(&mut self, owner: &str, name: &str) -> Result<(), DirectoryError> {
        self.account_mut(owner)?.display_name = name.to_owned();
        self.serial += 1;
        Ok(())
    }

    /// Changes the name `owner` stores for one of its contacts.
    pub fn rename_contact(
        &mut self,
        owner: &str,
        contact: &str,
        name: &str,
    ) -> Result<(), DirectoryError> {
        let contact = contact.to_ascii_lowercase();
        let entry = self
            .account_mut(owner)?
            .contacts
            .get_mut(&contact)
            .ok_or(DirectoryError::NotListed(contact))?;
        entry.stored_name = name.to_owned();
        self.serial += 1;
        Ok(())
    }

    pub fn set_personal_message(
        &mut self,
        owner: &str,
        message: &str,
    ) -> Result<(), DirectoryError> {
        self.account_mut(owner)?.personal_message = message.to_owned();
        self.serial += 1;
        Ok(())
    }

    pub fn set_privacy(&mut self, owner: &str, privacy: Privacy) -> Result<(), DirectoryError> {
        self.account_mut(owner)?.privacy = privacy;
        self.serial += 1;
        Ok(())
    }

    pub fn set_ask_on_add(&mut self, owner: &str, ask: bool) -> Result<(), DirectoryError> {
        self.account_mut(owner)?.ask_on_add = ask;
        self.serial += 1;
        Ok(())
    }
}

/// A fresh lower-case GUID.
pub fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests;
