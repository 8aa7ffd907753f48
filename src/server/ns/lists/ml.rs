//! ADL, RML and FQY with their `<ml>` documents (MSNP13+, docs/protocol.md §3.7).

use bytes::Bytes;

use crate::protocol::ServerCommand;
use crate::protocol::command::{ListNotice, PayloadRequest};
use crate::protocol::ml::{ContactListXml, MlContact, MlError};
use crate::protocol::types::{ErrorCode, List, ListBits, Trid};
use crate::server::lock;

use crate::server::ns::session::{Flow, NsSession};

impl NsSession {
    /// ADL (`adding`) or RML: the MSNP13+ way to change lists, after the SOAP calls.
    pub(in crate::server::ns) fn on_adl(&mut self, request: PayloadRequest, adding: bool) -> Flow {
        let document = match ContactListXml::parse(&request.payload) {
            Ok(document) => document,
            Err(MlError::EmptyDomain) => {
                self.error(ErrorCode(240), request.trid);
                return Flow::Close;
            }
            Err(error) => {
                tracing::info!(peer = %self.peer, %error, "dropping client: bad contact list XML");
                self.error(ErrorCode(241), request.trid);
                return Flow::Close;
            }
        };
        let writable = ListBits(List::Forward.bit() | List::Allow.bit() | List::Block.bit());
        if document
            .contacts
            .iter()
            .any(|c| c.lists.is_some_and(|bits| bits.0 & !writable.0 != 0))
        {
            self.error(ErrorCode(241), request.trid);
            return Flow::Close;
        }
        if !document.initial {
            for contact in &document.contacts {
                if !self.apply_ml_entry(request.trid, contact, adding) {
                    return Flow::Continue;
                }
            }
        }
        let notice = ListNotice::Ok { trid: request.trid };
        self.reply(if adding {
            ServerCommand::Adl(notice)
        } else {
            ServerCommand::Rml(notice)
        });
        Flow::Continue
    }

    fn apply_ml_entry(&mut self, trid: Trid, entry: &MlContact, adding: bool) -> bool {
        let owner = self.email.clone();
        let contact = entry.email.to_ascii_lowercase();
        if lock(&self.shared.store)
            .directory()
            .account(&contact)
            .is_none()
        {
            self.error(ErrorCode::INVALID_USER, trid);
            return false;
        }
        for list in entry.lists.unwrap_or_default().lists() {
            let present = lock(&self.shared.store)
                .directory()
                .lists_of(&owner, &contact)
                .contains(list);
            // The SOAP calls may already have made the change; ADL/RML confirm it.
            if present != adding {
                let name = contact.clone();
                let done = self.change(trid, |d| {
                    if adding {
                        d.add_to_list(&owner, list, &contact, &name).map(drop)
                    } else {
                        d.remove_from_list(&owner, list, &contact)
                    }
                });
                if done.is_none() {
                    return false;
                }
            }
            self.after_list_change(list, &contact, adding);
        }
        true
    }

    pub(in crate::server::ns) fn on_fqy(&mut self, fqy: PayloadRequest) -> Flow {
        let Ok(mut document) = ContactListXml::parse(&fqy.payload) else {
            self.error(ErrorCode(241), fqy.trid);
            return Flow::Continue;
        };
        for contact in &mut document.contacts {
            contact.network = Some(1);
            contact.lists = None;
        }
        self.reply(ServerCommand::Fqy(PayloadRequest {
            trid: fqy.trid,
            payload: Bytes::from(document.to_bytes()),
        }));
        Flow::Continue
    }
}
