//! The sign-in list, as each generation gets it: SYN and its dump (MSNP2–12) read into a
//! contact list — LST/LSG/BPR here, the GTC/BLP/PRP lines in `settings.rs` — in each
//! generation's format (docs/protocol.md §3.2–3.4); from MSNP13 the address book fetched
//! over SOAP and the initial ADL (docs/protocol.md §3.6–3.7).

use crate::protocol::ServerCommand;
use crate::protocol::command::{GroupList, Lsg, Lst, SynReply};
use crate::protocol::message::Secret;
use crate::protocol::ml::{ContactListXml, MlContact};
use crate::protocol::types::{List, ListBits, Trid, UrlText};
use crate::session::address_book::{AddressBook, Role, Snapshot};
use crate::session::error::SessionError;
use crate::session::model::{ContactList, Group};
use crate::session::ns::context::Ctx;
use crate::session::ns::online::Online;

use super::ml::ml_contact;

/// How many contacts one ADL carries, as libpurple splits the initial list.
const ADL_CHUNK: usize = 150;

const ROLES: [(Role, List); 4] = [
    (Role::Allow, List::Allow),
    (Role::Block, List::Block),
    (Role::Reverse, List::Reverse),
    (Role::Pending, List::Pending),
];

pub(crate) struct Sync {
    trid: Trid,
    pub(super) version: u8,
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
            ServerCommand::Gtc(_) | ServerCommand::Blp(_) | ServerCommand::Prp(_) => {
                self.take_setting(command)
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

    pub(super) fn ours(&self, trid: Option<Trid>) -> bool {
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
            Lsg::Guid { name, guid } => (guid.to_string(), name),
        };
        self.groups_seen += 1;
        self.list.upsert_group(Group {
            id,
            name: name.0.to_string(),
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
                let name = name
                    .clone()
                    .unwrap_or_else(|| UrlText::new(email.email.clone()));
                self.add(&email.email, &name, *lists, groups);
                if let Some(guid) = contact_guid {
                    self.list.entry(&email.email).guid = Some(guid.to_string());
                }
            }
        }
    }

    fn add(&mut self, email: &str, name: &UrlText, lists: ListBits, groups: &Option<GroupList>) {
        let contact = self.list.entry(email);
        // The forward list carries the name the user gave; keep it over others.
        if lists.contains(List::Forward) || contact.name == contact.email {
            contact.name = name.0.to_string();
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

impl Online {
    /// FindMembership and ABFindAll (ABFindContactsPaged from MSNP18) into the list
    /// (reported by the caller) and our own name.
    pub(in crate::session::ns) async fn load_address_book(
        &mut self,
        ctx: &mut Ctx,
        ticket: Option<Secret>,
    ) -> Result<(), SessionError> {
        let ticket = ticket.ok_or(SessionError::NoAddressBookTicket)?;
        let book = AddressBook::new(
            ctx.auth()?,
            &ctx.config.address_book_url,
            &ctx.config.sharing_url,
            ticket,
        )
        .map_err(|error| SessionError::Unexpected(error.to_string()))?;
        let members = book
            .memberships()
            .await
            .map_err(SessionError::AddressBook)?;
        let snapshot = book
            .contacts(self.version >= 18)
            .await
            .map_err(SessionError::AddressBook)?;
        let mut list = contact_list(&snapshot);
        for (role, bits) in ROLES {
            for email in members.members(role) {
                let contact = list.entry(email);
                contact.lists = contact.lists.with(bits);
            }
        }
        if ctx.wanted.name.is_none() && !snapshot.me.display_name.is_empty() {
            ctx.profile.name = snapshot.me.display_name.clone();
        }
        ctx.list = list;
        self.address_book = Some(book);
        Ok(())
    }

    /// The initial `ADL` (`l="1"`): FL/AL/BL of every contact, sent even when empty.
    pub(in crate::session::ns) async fn send_initial_list(
        &mut self,
        ctx: &Ctx,
    ) -> Result<(), SessionError> {
        let entries: Vec<MlContact> = ctx
            .list
            .contacts
            .iter()
            .filter(|c| c.lists.0 & 7 != 0)
            .map(|c| ml_contact(&c.email, ListBits(c.lists.0 & 7), 1))
            .collect();
        let mut chunks: Vec<Vec<MlContact>> = entries
            .chunks(ADL_CHUNK)
            .map(<[MlContact]>::to_vec)
            .collect();
        if chunks.is_empty() {
            chunks.push(Vec::new());
        }
        for contacts in chunks {
            let document = ContactListXml {
                initial: true,
                contacts,
            };
            self.list_notice(true, document, "send the contact list")
                .await?;
        }
        Ok(())
    }
}

fn contact_list(snapshot: &Snapshot) -> ContactList {
    let mut list = ContactList::default();
    for group in &snapshot.groups {
        list.upsert_group(Group {
            id: group.id.clone(),
            name: group.name.clone(),
        });
    }
    for entry in &snapshot.contacts {
        let contact = list.entry(&entry.email);
        if entry.is_messenger_user {
            contact.lists = contact.lists.with(List::Forward);
        }
        contact.guid = Some(entry.id.clone());
        contact.name = entry.display_name.clone();
        contact.groups = entry.group_ids.clone();
    }
    list
}

#[cfg(test)]
mod tests;
