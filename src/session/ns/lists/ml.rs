//! Membership lists: ADL and RML with their `<ml>` documents, and FQY (MSNP13+,
//! docs/protocol.md §3.7): the notices we send after each address-book change, and
//! the server's pushes when someone adds or removes you.

use crate::protocol::ClientCommand;
use crate::protocol::command::PayloadRequest;
use crate::protocol::field::Field;
use crate::protocol::ml::{ContactListXml, MlContact};
use crate::protocol::types::{List, ListBits, UrlText};
use crate::session::error::SessionError;
use crate::session::events::Event;
use crate::session::ns::context::Ctx;
use crate::session::ns::online::{NetworkAnswer, NetworkQuery, Online, Pending};

impl Online {
    pub(super) async fn list_notice(
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
    pub(in crate::session::ns) async fn notice(
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
    pub(super) async fn ask_network(
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
    pub(in crate::session::ns) fn on_network_answer(
        &mut self,
        trid: crate::protocol::types::Trid,
        payload: &[u8],
    ) {
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

    /// `ADL 0` / `RML 0` (MSNP13+): someone added or removed you.
    pub(super) fn on_push(&mut self, ctx: &mut Ctx, payload: &[u8], added: bool) {
        let document = match ContactListXml::parse(payload) {
            Ok(document) => document,
            Err(error) => {
                tracing::debug!(%error, "unreadable list push");
                return;
            }
        };
        for entry in document.contacts {
            let lists = entry.lists.unwrap_or(ListBits(List::Reverse.bit()));
            if added {
                let name = entry.friendly.as_deref().and_then(UrlText::parse_field);
                for list in lists.lists() {
                    self.listed(ctx, &entry.email, list, name.as_ref(), None, true);
                }
            } else {
                self.unlisted(ctx, &entry.email, lists, None, false);
                if lists.contains(List::Reverse) {
                    ctx.emit(Event::RemovedBy { email: entry.email });
                }
            }
        }
    }
}

pub(super) fn ml_contact(email: &str, lists: ListBits, network: u32) -> MlContact {
    MlContact {
        email: email.to_ascii_lowercase(),
        lists: Some(lists),
        network: Some(network),
        friendly: None,
    }
}
