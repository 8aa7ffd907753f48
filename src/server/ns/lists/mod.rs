//! Contact lists: SYN and its dump, privacy settings, and every list and group change,
//! in each generation's commands (ADD/REM, ADC/REM by GUID, ADL/RML).

mod contacts;
mod groups;
mod ml;
mod settings;
mod sync;
#[cfg(test)]
mod tests;

use bytes::Bytes;
use thiserror::Error;

use crate::protocol::ServerCommand;
use crate::protocol::command::{Adc, AddReply, ContactId, ListNotice, Rem};
use crate::protocol::ml::{ContactListXml, MlContact};
use crate::protocol::types::{Address, ErrorCode, List, ListBits, Trid, UrlText};
use crate::server::directory::{Directory, DirectoryError, StoreError};
use crate::server::hub::Push;
use crate::server::lock;

use super::session::NsSession;

#[derive(Debug, Error)]
pub(super) enum ChangeError {
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl NsSession {
    fn change<T>(
        &mut self,
        trid: Trid,
        change: impl FnOnce(&mut Directory) -> Result<T, DirectoryError>,
    ) -> Option<T> {
        let result = lock(&self.shared.store)
            .update(|directory| change(directory).map_err(ChangeError::from));
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                let code = match &error {
                    ChangeError::Directory(DirectoryError::NoSuchAccount(_))
                        if self.version < 10 =>
                    {
                        205
                    }
                    ChangeError::Directory(DirectoryError::NoSuchAccount(_)) => 208,
                    ChangeError::Directory(DirectoryError::AlreadyListed(_)) => 215,
                    ChangeError::Directory(DirectoryError::NotListed(_)) => 216,
                    ChangeError::Directory(DirectoryError::OppositeList(_)) => 219,
                    ChangeError::Directory(DirectoryError::NoSuchGroup(_)) => 224,
                    ChangeError::Directory(DirectoryError::NotInGroup) => 225,
                    ChangeError::Directory(DirectoryError::GroupExists(_)) => 228,
                    ChangeError::Directory(DirectoryError::GroupNameTooLong) => 229,
                    ChangeError::Directory(DirectoryError::ReverseListIsReadOnly) => 201,
                    ChangeError::Store(store) => {
                        tracing::error!(error = %store, "state not saved");
                        500
                    }
                };
                self.error(ErrorCode(code), trid);
                None
            }
        }
    }

    fn serial(&self) -> u32 {
        lock(&self.shared.store).directory().serial
    }

    /// What follows a list change: for a forward-list change, the new contact's
    /// presence for the owner and, for the contact, the news that it was added to (or
    /// removed from) someone's list; for an allow or block change, the owner's presence
    /// as the contact may now see it.
    fn after_list_change(&mut self, list: List, contact: &str, added: bool) {
        match list {
            List::Forward => {
                if added {
                    self.show_contact(contact);
                }
                self.notify_reverse_list(contact, added);
            }
            List::Allow | List::Block => self.show_self_to(contact),
            List::Reverse | List::Pending => {}
        }
    }

    fn notify_reverse_list(&mut self, contact: &str, added: bool) {
        let (name, serial) = {
            let store = lock(&self.shared.store);
            let directory = store.directory();
            let name = directory
                .account(&self.email)
                .map(|a| a.display_name.clone())
                .unwrap_or_default();
            (name, directory.serial)
        };
        let mut hub = lock(&self.shared.hub);
        let sessions: Vec<(u64, u8)> = hub
            .sessions_of(contact)
            .map(|(id, info)| (id, info.version))
            .collect();
        for (session, version) in sessions {
            let command = reverse_list_notice(version, &self.email, &name, serial, added);
            hub.push(session, Push::send(command));
        }
    }
}

/// "X added you" / "X removed you" in the receiver's version.
fn reverse_list_notice(
    version: u8,
    email: &str,
    name: &str,
    serial: u32,
    added: bool,
) -> ServerCommand {
    let address = Address::email(email);
    match (version, added) {
        (..=9, true) => ServerCommand::Add(AddReply {
            trid: Trid(0),
            list: List::Reverse,
            serial,
            email: address,
            name: UrlText::new(name),
            group: None,
        }),
        (..=12, true) => ServerCommand::Adc(Adc {
            trid: Trid(0),
            list: List::Reverse,
            email: Some(address),
            name: Some(UrlText::new(name)),
            contact_guid: None,
            group: None,
        }),
        (..=12, false) => ServerCommand::Rem(Rem {
            trid: Trid(0),
            list: List::Reverse,
            serial: (version < 10).then_some(serial),
            contact: ContactId::Email(address),
            group: None,
        }),
        (_, added) => {
            let document = ContactListXml {
                initial: false,
                contacts: vec![MlContact {
                    email: email.to_owned(),
                    lists: Some(ListBits(List::Reverse.bit())),
                    network: Some(1),
                    friendly: added.then(|| percent_name(name)),
                }],
            };
            let notice = ListNotice::Push {
                trid: Trid(0),
                payload: Bytes::from(document.to_bytes()),
            };
            if added {
                ServerCommand::Adl(notice)
            } else {
                ServerCommand::Rml(notice)
            }
        }
    }
}

fn percent_name(name: &str) -> String {
    let mut out = Vec::new();
    crate::protocol::field::Field::write_field(&UrlText::new(name), &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
