//! MSNP13+: the contact list lives in the address book and sharing service (SOAP);
//! the NS only hears about it through ADL/RML (docs/protocol.md §3.6–3.7).

use crate::protocol::ClientCommand;
use crate::protocol::command::PayloadRequest;
use crate::protocol::message::Secret;
use crate::protocol::ml::{ContactListXml, MlContact};
use crate::protocol::types::{List, ListBits};
use crate::session::address_book::{AddressBook, Role, Snapshot};
use crate::session::error::SessionError;
use crate::session::model::{ContactList, Group};
use crate::session::request::Request;

use super::context::Ctx;
use super::online::{NetworkAnswer, NetworkQuery, Online, Pending};

/// How many contacts one ADL carries, as libpurple splits the initial list.
const ADL_CHUNK: usize = 150;

const ROLES: [(Role, List); 4] = [
    (Role::Allow, List::Allow),
    (Role::Block, List::Block),
    (Role::Reverse, List::Reverse),
    (Role::Pending, List::Pending),
];

impl Online {
    /// FindMembership and ABFindAll (ABFindContactsPaged from MSNP18) into the list
    /// (reported by the caller) and our own name.
    pub(super) async fn load_address_book(
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
    pub(super) async fn send_initial_list(&mut self, ctx: &Ctx) -> Result<(), SessionError> {
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

    async fn list_notice(
        &mut self,
        adding: bool,
        document: ContactListXml,
        what: &str,
    ) -> Result<(), SessionError> {
        let payload = document.to_bytes();
        self.send(Pending::Change(what.to_owned()), |trid| {
            let request = PayloadRequest {
                trid,
                payload: payload.into(),
            };
            if adding {
                ClientCommand::Adl(request)
            } else {
                ClientCommand::Rml(request)
            }
        })
        .await
        .map(drop)
    }

    /// `ADL`/`RML` for one contact on `lists`, of network `network` (1: Messenger).
    pub(super) async fn notice(
        &mut self,
        adding: bool,
        email: &str,
        lists: ListBits,
        network: u32,
        what: &str,
    ) -> Result<(), SessionError> {
        let document = ContactListXml {
            initial: false,
            contacts: vec![ml_contact(email, lists, network)],
        };
        self.list_notice(adding, document, what).await
    }

    /// `FQY` (MSNP14+): asks which network a new contact is on; the ADL follows the answer.
    async fn ask_network(
        &mut self,
        email: &str,
        lists: ListBits,
        what: &str,
    ) -> Result<(), SessionError> {
        let mut document = ContactListXml::default();
        document.contacts.push(MlContact {
            email: email.to_ascii_lowercase(),
            lists: None,
            network: None,
            friendly: None,
        });
        let payload = document.to_bytes();
        let trid = self
            .send(Pending::Change(what.to_owned()), |trid| {
                ClientCommand::Fqy(PayloadRequest {
                    trid,
                    payload: payload.into(),
                })
            })
            .await?;
        let query = NetworkQuery {
            email: email.to_ascii_lowercase(),
            lists,
            what: what.to_owned(),
        };
        self.network_queries.insert(trid, query);
        Ok(())
    }

    /// The answer to an `FQY`: the network of each contact asked about.
    pub(super) fn on_network_answer(&mut self, trid: crate::protocol::types::Trid, payload: &[u8]) {
        let Some(query) = self.network_queries.remove(&trid) else {
            return;
        };
        let email = &query.email;
        let network = ContactListXml::parse(payload)
            .ok()
            .and_then(|document| {
                document
                    .contacts
                    .into_iter()
                    .find(|c| c.email.eq_ignore_ascii_case(email))
            })
            .and_then(|c| c.network)
            .unwrap_or(1);
        self.network_known.push(NetworkAnswer { query, network });
    }

    /// The address-book half of a name change (MSNP13+); failures are reported only.
    pub(super) async fn store_name(&mut self, ctx: &Ctx, name: &str) {
        if let Some(book) = &self.address_book
            && let Err(error) = book.set_display_name(name).await
        {
            ctx.error(
                &format!("cannot store the name in the address book: {error}"),
                None,
            );
        }
    }

    /// List and group changes, MSNP13+: SOAP first, then ADL/RML.
    pub(super) async fn address_book_request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        let Some(book) = self.address_book.clone() else {
            ctx.error(
                &format!("cannot {}: no address book", request.describe()),
                None,
            );
            return Ok(());
        };
        let what = request.describe();
        match super::abch_changes::apply(&book, ctx, request).await {
            Ok(notices) => {
                for (adding, email, lists) in notices {
                    if adding && lists.contains(List::Forward) && self.version >= 14 {
                        self.ask_network(&email, lists, &what).await?;
                    } else {
                        self.notice(adding, &email, lists, 1, &what).await?;
                    }
                }
            }
            Err(error) => ctx.error(&format!("cannot {what}: {error}"), None),
        }
        Ok(())
    }
}

fn ml_contact(email: &str, lists: ListBits, network: u32) -> MlContact {
    MlContact {
        email: email.to_ascii_lowercase(),
        lists: Some(lists),
        network: Some(network),
        friendly: None,
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
