//! Contact changes: ADD, REM and ADC.

use crate::protocol::ServerCommand;
use crate::protocol::command::{Adc, AddReply, AddRequest, ContactId, Rem};
use crate::protocol::types::{ErrorCode, List};
use crate::server::lock;

use crate::server::ns::session::{Flow, NsSession};

impl NsSession {
    pub(in crate::server::ns) fn on_add(&mut self, add: AddRequest) -> Flow {
        if self.version >= 10 {
            return Flow::Close;
        }
        if add.list == List::Reverse {
            return Flow::Close;
        }
        let (owner, contact) = (self.email.clone(), add.email.email.to_ascii_lowercase());
        let name = add.name.as_str().to_owned();
        // Up to MSNP9, `ADD FL` of a contact already listed files it into a group.
        let already_listed = lock(&self.shared.store)
            .directory()
            .lists_of(&owner, &contact)
            .contains(add.list);
        let into_group =
            already_listed && add.list == List::Forward && add.group.is_some_and(|g| g != 0);
        if !into_group
            && self
                .change(add.trid, |d| {
                    d.add_to_list(&owner, add.list, &contact, &name)
                })
                .is_none()
        {
            return Flow::Continue;
        }
        if let Some(group) = add.group.filter(|group| *group != 0) {
            let group = group.to_string();
            if self
                .change(add.trid, |d| {
                    d.set_membership(&owner, &contact, &group, true)
                })
                .is_none()
            {
                return Flow::Continue;
            }
        }
        self.reply(ServerCommand::Add(AddReply {
            trid: add.trid,
            list: add.list,
            serial: self.serial(),
            email: add.email,
            name: add.name,
            group: add.group,
        }));
        if !into_group {
            self.after_list_change(add.list, &contact, true);
        }
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_rem(&mut self, rem: Rem) -> Flow {
        let owner = self.email.clone();
        let contact = match &rem.contact {
            ContactId::Email(address) => Some(address.email.to_ascii_lowercase()),
            ContactId::Guid(guid) => lock(&self.shared.store)
                .directory()
                .contact_by_id(&owner, guid),
        };
        let Some(contact) = contact else {
            self.error(ErrorCode(216), rem.trid);
            return Flow::Continue;
        };
        let done = match &rem.group {
            Some(group) if rem.list == List::Forward => {
                let group = group.to_string();
                self.change(rem.trid, |d| {
                    d.set_membership(&owner, &contact, &group, false)
                })
            }
            _ => self.change(rem.trid, |d| d.remove_from_list(&owner, rem.list, &contact)),
        };
        if done.is_none() {
            return Flow::Continue;
        }
        let serial = (self.version < 10).then(|| self.serial());
        let group_only = rem.group.is_some();
        self.reply(ServerCommand::Rem(Rem {
            serial,
            ..rem.clone()
        }));
        if !group_only {
            self.after_list_change(rem.list, &contact, false);
        }
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_adc(&mut self, adc: Adc) -> Flow {
        if self.version < 10 {
            return Flow::Close;
        }
        if adc.list == List::Reverse {
            return Flow::Close;
        }
        let owner = self.email.clone();
        if let (Some(guid), Some(group)) = (&adc.contact_guid, &adc.group) {
            let contact = lock(&self.shared.store)
                .directory()
                .contact_by_id(&owner, guid);
            let Some(contact) = contact else {
                self.error(ErrorCode(216), adc.trid);
                return Flow::Continue;
            };
            let group = group.clone();
            if self
                .change(adc.trid, |d| {
                    d.set_membership(&owner, &contact, &group, true)
                })
                .is_some()
            {
                self.reply(ServerCommand::Adc(adc));
            }
            return Flow::Continue;
        }
        let Some(address) = adc.email.clone() else {
            self.error(ErrorCode::INVALID_USER, adc.trid);
            return Flow::Continue;
        };
        let contact = address.email.to_ascii_lowercase();
        let name = adc
            .name
            .as_ref()
            .map_or(contact.clone(), |name| name.as_str().to_owned());
        let Some(id) = self.change(adc.trid, |d| {
            d.add_to_list(&owner, adc.list, &contact, &name)
        }) else {
            return Flow::Continue;
        };
        let contact_guid = (adc.list == List::Forward).then_some(id);
        self.reply(ServerCommand::Adc(Adc {
            contact_guid,
            ..adc.clone()
        }));
        self.after_list_change(adc.list, &contact, true);
        Flow::Continue
    }
}
