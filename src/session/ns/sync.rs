//! Reading a SYN dump (MSNP2–12) into a contact list: LST/LSG/GTC/BLP/PRP/BPR in each
//! generation's format (docs/protocol.md §3.2–3.4).

use crate::protocol::ServerCommand;
use crate::protocol::command::{AddPrompt, GroupList, Lsg, Lst, SynReply};
use crate::protocol::types::{List, ListBits, Trid, UrlText};
use crate::session::model::{ContactList, Group};

pub(crate) struct Sync {
    trid: Trid,
    version: u8,
    started: bool,
    /// Contacts and groups announced by the SYN reply (MSNP8+).
    expected: Option<(u32, u32)>,
    contacts_seen: u32,
    groups_seen: u32,
    /// Lists whose last `LST` arrived (MSNP2–7).
    lists_done: ListBits,
    pub list: ContactList,
    /// `PRP MFN` in the dump (MSNP10–12): our own friendly name.
    pub own_name: Option<String>,
}

impl Sync {
    pub fn new(trid: Trid, version: u8) -> Self {
        Self {
            trid,
            version,
            started: false,
            expected: None,
            contacts_seen: 0,
            groups_seen: 0,
            lists_done: ListBits::default(),
            list: ContactList::default(),
            own_name: None,
        }
    }

    pub fn started(&self) -> bool {
        self.started
    }

    /// True once every announced line has arrived.
    pub fn complete(&self) -> bool {
        if !self.started {
            return false;
        }
        match self.expected {
            Some((contacts, groups)) => {
                self.contacts_seen >= contacts && self.groups_seen >= groups
            }
            None => {
                let all = [List::Forward, List::Allow, List::Block, List::Reverse];
                all.iter().all(|list| self.lists_done.contains(*list))
            }
        }
    }

    /// Takes a line of the dump; false when `command` is not part of it.
    pub fn take(&mut self, command: &ServerCommand) -> bool {
        match command {
            ServerCommand::Syn(reply) => self.on_reply(reply),
            ServerCommand::Gtc(gtc) if self.ours(gtc.sequence.trid) => {
                self.list.ask_on_add = Some(gtc.setting == AddPrompt::Ask);
                true
            }
            ServerCommand::Blp(blp) if self.ours(blp.sequence.trid) => {
                self.list.privacy = Some(blp.mode);
                true
            }
            ServerCommand::Prp(prp) if self.ours(prp.sequence.trid) || self.version < 8 => {
                if prp.key == "MFN" {
                    self.own_name = prp.value.as_ref().map(|name| name.0.clone());
                }
                true
            }
            ServerCommand::Bpr(_) => self.started,
            ServerCommand::Lsg(lsg) if self.started => {
                self.on_group(lsg);
                true
            }
            ServerCommand::Lst(lst) if self.started => {
                self.on_contact(lst);
                true
            }
            _ => false,
        }
    }

    fn ours(&self, trid: Option<Trid>) -> bool {
        self.started && trid.is_none_or(|trid| trid == self.trid)
    }

    fn on_reply(&mut self, reply: &SynReply) -> bool {
        let (trid, expected) = match reply {
            SynReply::Serial { trid, .. } => (*trid, None),
            SynReply::Counted {
                trid,
                contacts,
                groups,
                ..
            }
            | SynReply::Versioned {
                trid,
                contacts,
                groups,
                ..
            } => (*trid, Some((*contacts, *groups))),
        };
        if trid != self.trid {
            return false;
        }
        self.started = true;
        self.expected = expected;
        true
    }

    fn on_group(&mut self, lsg: &Lsg) {
        let (id, name) = match lsg {
            Lsg::Indexed { group, name, .. } | Lsg::Numbered { group, name } => {
                (group.to_string(), name)
            }
            Lsg::Guid { name, guid } => (guid.clone(), name),
        };
        self.groups_seen += 1;
        self.list.upsert_group(Group {
            id,
            name: name.0.clone(),
        });
    }

    fn on_contact(&mut self, lst: &Lst) {
        match lst {
            Lst::Indexed {
                list,
                index,
                total,
                contact,
                ..
            } => {
                if index >= total {
                    self.lists_done = self.lists_done.with(*list);
                }
                if let Some(contact) = contact {
                    let bits = ListBits(0).with(*list);
                    self.add(&contact.email.email, &contact.name, bits, &contact.groups);
                }
            }
            Lst::Counted {
                email,
                name,
                lists,
                groups,
            } => {
                self.contacts_seen += 1;
                self.add(&email.email, name, *lists, groups);
            }
            Lst::Tagged {
                email,
                name,
                contact_guid,
                lists,
                groups,
                ..
            } => {
                self.contacts_seen += 1;
                let name = name.clone().unwrap_or_else(|| UrlText::new(&email.email));
                self.add(&email.email, &name, *lists, groups);
                if let Some(guid) = contact_guid {
                    self.list.entry(&email.email).guid = Some(guid.clone());
                }
            }
        }
    }

    fn add(&mut self, email: &str, name: &UrlText, lists: ListBits, groups: &Option<GroupList>) {
        let contact = self.list.entry(email);
        // The forward list carries the name the user gave; keep it over others.
        if lists.contains(List::Forward) || contact.name == contact.email {
            contact.name = name.0.clone();
        }
        contact.lists = ListBits(contact.lists.0 | lists.0);
        if let Some(groups) = groups {
            for group in &groups.0 {
                let id = group.to_string();
                if !contact.groups.contains(&id) {
                    contact.groups.push(id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
