//! Contact lists: SYN and its dump, privacy settings, and every list and group change,
//! in each generation's commands (ADD/REM, ADC/REM by GUID, ADL/RML).

use bytes::Bytes;
use thiserror::Error;

use crate::protocol::ServerCommand;
use crate::protocol::command::{
    Adc, AddPrompt, AddReply, AddRequest, AdgReply, AdgRequest, Blp, ContactId, GroupId, GroupList,
    Gtc, IndexedContact, ListNotice, Lsg, Lst, PayloadRequest, PrivacyMode, Prp, ReaReply,
    ReaRequest, RegReply, RegRequest, Rem, RmgReply, RmgRequest, Sequence, SynReply, SynRequest,
};
use crate::protocol::ml::{ContactListXml, MlContact, MlError};
use crate::protocol::types::{Address, ErrorCode, List, ListBits, Trid, UrlText};
use crate::server::directory::{Account, Directory, DirectoryError, Privacy, StoreError};
use crate::server::hub::Push;
use crate::server::lock;

use super::session::{Flow, NsSession};

/// The fixed list versions the recorded server sends from MSNP10.
const LIST_VERSION: &str = "2000-01-01T00:00:00.0-00:00";

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

    pub(super) fn on_syn(&mut self, syn: SynRequest) -> Flow {
        if self.version >= 13 {
            self.error(ErrorCode(502), syn.trid);
            return Flow::Continue;
        }
        let lines = {
            let store = lock(&self.shared.store);
            sync_lines(store.directory(), &self.email, self.version, syn.trid)
        };
        self.output.extend(lines);
        Flow::Continue
    }

    pub(super) fn on_gtc(&mut self, gtc: Gtc) -> Flow {
        if self.version >= 13 {
            return Flow::Close;
        }
        let ask = gtc.setting == AddPrompt::Ask;
        let email = self.email.clone();
        self.set_privacy_setting(
            gtc.sequence.trid,
            |account| account.ask_on_add == ask,
            |d| d.set_ask_on_add(&email, ask),
            |sequence| {
                ServerCommand::Gtc(Gtc {
                    sequence,
                    setting: gtc.setting,
                })
            },
        )
    }

    pub(super) fn on_blp(&mut self, blp: Blp) -> Flow {
        let privacy = match blp.mode {
            PrivacyMode::AllowOthers => Privacy::AllowOthers,
            PrivacyMode::BlockOthers => Privacy::BlockOthers,
        };
        let email = self.email.clone();
        self.set_privacy_setting(
            blp.sequence.trid,
            |account| account.privacy == privacy,
            |d| d.set_privacy(&email, privacy),
            |sequence| {
                ServerCommand::Blp(Blp {
                    sequence,
                    mode: blp.mode,
                })
            },
        )
    }

    /// GTC and BLP: 218 when the setting is already so (below MSNP13), else change it and
    /// echo it, with the list serial below MSNP10.
    fn set_privacy_setting(
        &mut self,
        trid: Option<Trid>,
        unchanged: impl FnOnce(&Account) -> bool,
        change: impl FnOnce(&mut Directory) -> Result<(), DirectoryError>,
        reply: impl FnOnce(Sequence) -> ServerCommand,
    ) -> Flow {
        let Some(trid) = trid else {
            return Flow::Continue;
        };
        let unchanged = lock(&self.shared.store)
            .directory()
            .account(&self.email)
            .is_some_and(unchanged);
        if unchanged && self.version < 13 {
            self.error(ErrorCode(218), trid);
            return Flow::Continue;
        }
        if self.change(trid, change).is_some() {
            let serial = (self.version < 10).then(|| self.serial());
            self.reply(reply(Sequence {
                trid: Some(trid),
                serial,
            }));
        }
        Flow::Continue
    }

    pub(super) fn on_prp(&mut self, prp: Prp) -> Flow {
        let Some(trid) = prp.sequence.trid else {
            return Flow::Continue;
        };
        if prp.key == "MFN" {
            if self.version < 10 {
                self.error(ErrorCode::NOT_EXPECTED, trid);
                return Flow::Continue;
            }
            let name = prp.value.clone().unwrap_or_default();
            let email = self.email.clone();
            if self
                .change(trid, |d| d.set_display_name(&email, name.as_str()))
                .is_none()
            {
                return Flow::Continue;
            }
            if self.first_chg_seen {
                self.announce_presence(true);
            }
        }
        let serial = (self.version < 10).then(|| self.serial());
        self.reply(ServerCommand::Prp(Prp {
            sequence: Sequence {
                trid: Some(trid),
                serial,
            },
            key: prp.key,
            value: prp.value,
        }));
        Flow::Continue
    }

    pub(super) fn on_rea(&mut self, rea: ReaRequest) -> Flow {
        if self.version >= 10 {
            self.error(ErrorCode(502), rea.trid);
            return Flow::Continue;
        }
        let (owner, target, name) = (
            self.email.clone(),
            rea.email.email.to_ascii_lowercase(),
            rea.name.clone(),
        );
        let own = target == owner;
        let changed = self.change(rea.trid, |d| {
            if own {
                d.set_display_name(&owner, name.as_str())
            } else {
                d.rename_contact(&owner, &target, name.as_str())
            }
        });
        if changed.is_some() {
            self.reply(ServerCommand::Rea(ReaReply {
                trid: rea.trid,
                serial: self.serial(),
                email: rea.email,
                name: rea.name,
            }));
            if own && self.first_chg_seen {
                self.announce_presence(true);
            }
        }
        Flow::Continue
    }

    pub(super) fn on_add(&mut self, add: AddRequest) -> Flow {
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

    pub(super) fn on_rem(&mut self, rem: Rem) -> Flow {
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

    pub(super) fn on_adc(&mut self, adc: Adc) -> Flow {
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

    pub(super) fn on_adg(&mut self, adg: AdgRequest) -> Flow {
        let owner = self.email.clone();
        let name = adg.name.as_str().to_owned();
        let Some(group) = self.change(adg.trid, |d| d.add_group(&owner, &name)) else {
            return Flow::Continue;
        };
        let reply = if self.version < 10 {
            AdgReply::Numbered {
                trid: adg.trid,
                serial: self.serial(),
                name: adg.name,
                group: group.number,
            }
        } else {
            AdgReply::Guid {
                trid: adg.trid,
                name: adg.name,
                guid: group.id,
                legacy_zero: true,
            }
        };
        self.reply(ServerCommand::Adg(reply));
        Flow::Continue
    }

    pub(super) fn on_rmg(&mut self, rmg: RmgRequest) -> Flow {
        let owner = self.email.clone();
        if rmg.group == GroupId::Number(0) {
            self.error(ErrorCode(230), rmg.trid);
            return Flow::Continue;
        }
        let id = rmg.group.to_string();
        if self
            .change(rmg.trid, |d| d.remove_group(&owner, &id))
            .is_some()
        {
            let serial = self.serial();
            self.reply(ServerCommand::Rmg(RmgReply {
                trid: rmg.trid,
                serial: Some(if self.version < 10 { serial } else { 1 }),
                group: rmg.group,
            }));
        }
        Flow::Continue
    }

    pub(super) fn on_reg(&mut self, reg: RegRequest) -> Flow {
        let owner = self.email.clone();
        let (id, name) = (reg.group.to_string(), reg.name.as_str().to_owned());
        let Some(group) = self.change(reg.trid, |d| d.rename_group(&owner, &id, &name)) else {
            return Flow::Continue;
        };
        let reply = if self.version < 10 {
            RegReply::Numbered {
                trid: reg.trid,
                serial: self.serial(),
                group: group.number,
                name: reg.name,
            }
        } else {
            RegReply::Guid {
                trid: reg.trid,
                serial: Some(1),
                name: reg.name,
                guid: group.id,
                legacy_zero: true,
            }
        };
        self.reply(ServerCommand::Reg(reply));
        Flow::Continue
    }

    /// ADL (`adding`) or RML: the MSNP13+ way to change lists, after the SOAP calls.
    pub(super) fn on_adl(&mut self, request: PayloadRequest, adding: bool) -> Flow {
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

    pub(super) fn on_fqy(&mut self, fqy: PayloadRequest) -> Flow {
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

    /// What follows a list change: the new contact's presence for the owner, and for
    /// the contact the news that it was added to (or removed from) someone's list.
    fn after_list_change(&mut self, list: List, contact: &str, added: bool) {
        if list != List::Forward {
            return;
        }
        if added {
            self.show_contact(contact);
        }
        self.notify_reverse_list(contact, added);
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
            hub.push(session, Push::Send(command));
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

/// The SYN reply and its dump in the shape of `version` (docs/protocol.md §3.2–3.4).
fn sync_lines(directory: &Directory, owner: &str, version: u8, trid: Trid) -> Vec<ServerCommand> {
    let Some(account) = directory.account(owner) else {
        return Vec::new();
    };
    let serial = directory.serial;
    let roster = directory.roster(owner);
    let stored_name = |email: &str| {
        account
            .contacts
            .get(email)
            .map(|c| c.stored_name.clone())
            .or_else(|| directory.account(email).map(|a| a.display_name.clone()))
            .unwrap_or_else(|| email.to_owned())
    };
    let ask = if account.ask_on_add {
        AddPrompt::Ask
    } else {
        AddPrompt::DoNotAsk
    };
    let mode = match account.privacy {
        Privacy::AllowOthers => PrivacyMode::AllowOthers,
        Privacy::BlockOthers => PrivacyMode::BlockOthers,
    };
    let group_numbers = |email: &str| -> GroupList {
        let ids = account
            .contacts
            .get(email)
            .map(|c| c.groups.clone())
            .unwrap_or_default();
        let numbers: Vec<GroupId> = account
            .groups
            .iter()
            .filter(|g| ids.contains(&g.id))
            .map(|g| GroupId::Number(g.number))
            .collect();
        GroupList(if numbers.is_empty() {
            vec![GroupId::Number(0)]
        } else {
            numbers
        })
    };
    let mut lines = Vec::new();
    match version {
        ..=7 => {
            lines.push(ServerCommand::Syn(SynReply::Serial { trid, serial }));
            let sequence = Sequence {
                trid: Some(trid),
                serial: Some(serial),
            };
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: sequence.clone(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp { sequence, mode }));
            if version >= 7 {
                let mut groups = vec![(0, "Other Contacts".to_owned())];
                groups.extend(account.groups.iter().map(|g| (g.number, g.name.clone())));
                let total = groups.len() as u32;
                for (index, (group, name)) in groups.into_iter().enumerate() {
                    lines.push(ServerCommand::Lsg(Lsg::Indexed {
                        trid,
                        serial,
                        index: index as u32 + 1,
                        total,
                        group,
                        name: UrlText::new(name),
                    }));
                }
            }
            for list in [List::Forward, List::Allow, List::Block, List::Reverse] {
                let members: Vec<&String> = roster
                    .iter()
                    .filter(|(_, bits)| bits.contains(list))
                    .map(|(e, _)| e)
                    .collect();
                let total = members.len() as u32;
                if members.is_empty() {
                    lines.push(ServerCommand::Lst(Lst::Indexed {
                        trid,
                        list,
                        serial,
                        index: 0,
                        total: 0,
                        contact: None,
                    }));
                }
                for (index, email) in members.into_iter().enumerate() {
                    let groups =
                        (version >= 7 && list == List::Forward).then(|| group_numbers(email));
                    lines.push(ServerCommand::Lst(Lst::Indexed {
                        trid,
                        list,
                        serial,
                        index: index as u32 + 1,
                        total,
                        contact: Some(IndexedContact {
                            email: Address::email(email.as_str()),
                            name: UrlText::new(stored_name(email)),
                            groups,
                        }),
                    }));
                }
            }
        }
        8..=9 => {
            lines.push(ServerCommand::Syn(SynReply::Counted {
                trid,
                serial,
                contacts: roster.len() as u32,
                groups: account.groups.len() as u32 + 1,
            }));
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: Sequence::default(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp {
                sequence: Sequence::default(),
                mode,
            }));
            lines.push(ServerCommand::Lsg(Lsg::Numbered {
                group: 0,
                name: UrlText::new("Other Contacts"),
            }));
            for group in &account.groups {
                lines.push(ServerCommand::Lsg(Lsg::Numbered {
                    group: group.number,
                    name: UrlText::new(group.name.clone()),
                }));
            }
            for (email, bits) in &roster {
                lines.push(ServerCommand::Lst(Lst::Counted {
                    email: Address::email(email.as_str()),
                    name: UrlText::new(stored_name(email)),
                    lists: *bits,
                    groups: bits.contains(List::Forward).then(|| group_numbers(email)),
                }));
            }
        }
        _ => {
            lines.push(ServerCommand::Syn(SynReply::Versioned {
                trid,
                list_version: LIST_VERSION.into(),
                settings_version: LIST_VERSION.into(),
                contacts: roster.len() as u32,
                groups: account.groups.len() as u32,
            }));
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: Sequence::default(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp {
                sequence: Sequence::default(),
                mode,
            }));
            lines.push(ServerCommand::Prp(Prp {
                sequence: Sequence::default(),
                key: "MFN".into(),
                value: Some(UrlText::new(account.display_name.clone())),
            }));
            for group in &account.groups {
                lines.push(ServerCommand::Lsg(Lsg::Guid {
                    name: UrlText::new(group.name.clone()),
                    guid: group.id.clone(),
                }));
            }
            for (email, bits) in &roster {
                let entry = account.contacts.get(email);
                let on_forward = bits.contains(List::Forward);
                let groups = entry.map(|c| {
                    GroupList(c.groups.iter().map(|g| GroupId::Guid(g.clone())).collect())
                });
                lines.push(ServerCommand::Lst(Lst::Tagged {
                    email: Address::email(email.as_str()),
                    name: Some(UrlText::new(stored_name(email))),
                    contact_guid: entry.filter(|_| on_forward).map(|c| c.id.clone()),
                    lists: *bits,
                    network: (version >= 12).then_some(1),
                    groups: if version >= 12 {
                        Some(groups.unwrap_or_default())
                    } else {
                        groups.filter(|g| !g.0.is_empty())
                    },
                }));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::directory::default_directory;

    fn wire(lines: Vec<ServerCommand>) -> Vec<String> {
        lines
            .into_iter()
            .map(|line| {
                String::from_utf8(line.to_bytes().to_vec())
                    .unwrap()
                    .trim_end_matches("\r\n")
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn sync_dumps_match_the_recordings() {
        let directory = default_directory();
        assert_eq!(
            wire(sync_lines(&directory, "alice@example.com", 2, Trid(5))),
            [
                "SYN 5 1",
                "GTC 5 1 A",
                "BLP 5 1 BL",
                "LST 5 FL 1 1 1 bob@example.com bob@example.com",
                "LST 5 AL 1 1 1 bob@example.com bob@example.com",
                "LST 5 BL 1 0 0",
                "LST 5 RL 1 1 1 bob@example.com bob@example.com",
            ]
        );
        assert_eq!(
            wire(sync_lines(&directory, "bob@example.com", 7, Trid(6)))[3..5],
            [
                "LSG 6 1 1 1 0 Other%20Contacts 0",
                "LST 6 FL 1 1 1 alice@example.com Alice%20Test 0"
            ]
        );
        assert_eq!(
            wire(sync_lines(&directory, "alice@example.com", 8, Trid(5))),
            [
                "SYN 5 1 1 1",
                "GTC A",
                "BLP BL",
                "LSG 0 Other%20Contacts 0",
                "LST bob@example.com bob@example.com 11 0"
            ]
        );
        let msnp12 = wire(sync_lines(&directory, "alice@example.com", 12, Trid(5)));
        assert_eq!(
            msnp12[0],
            format!("SYN 5 {LIST_VERSION} {LIST_VERSION} 1 0")
        );
        assert_eq!(msnp12[3], "PRP MFN Alice%20Test");
        assert!(
            msnp12[4].starts_with("LST N=bob@example.com F=bob@example.com C="),
            "{}",
            msnp12[4]
        );
        assert!(msnp12[4].ends_with(" 11 1 "), "{:?}", msnp12[4]);
    }

    #[test]
    fn reverse_list_notices_per_version() {
        let line = |version, added| {
            wire(vec![reverse_list_notice(
                version,
                "alice@example.com",
                "Alice Test",
                4,
                added,
            )])
            .remove(0)
        };
        assert_eq!(line(7, true), "ADD 0 RL 4 alice@example.com Alice%20Test");
        assert_eq!(
            line(12, true),
            "ADC 0 RL N=alice@example.com F=Alice%20Test"
        );
        assert_eq!(line(12, false), "REM 0 RL alice@example.com");
        assert!(line(15, true).starts_with("ADL 0 "));
    }
}
