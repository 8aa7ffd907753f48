//! Contact changes: adding, removing, blocking, answering and moving contacts. MSNP2–12
//! send ADD/REM by address with numeric groups up to MSNP9, ADC/REM with contact and
//! group GUIDs in MSNP10–12, and hear back the same commands (TrID 0 when someone added
//! you); MSNP13+ make the change in the address book over SOAP, then tell the NS with
//! ADL/RML (docs/protocol.md §3.6–3.7).

use crate::protocol::ClientCommand;
use crate::protocol::command::{Adc, AddReply, AddRequest, ContactId, GroupId, Rem};
use crate::protocol::types::{Address, List, ListBits, UrlText};
use crate::session::address_book::{AddressBook, AddressBookError, Role};
use crate::session::error::SessionError;
use crate::session::events::Event;
use crate::session::ns::context::Ctx;
use crate::session::ns::online::{GroupAfterAdd, Online, Pending};
use crate::session::ns::requests::on;
use crate::session::request::Request;

use super::{Notice, group_id};

impl Ctx {
    /// Tells the user of everyone who added us while we were away and still waits for
    /// an answer (on the reverse or pending list, on neither allow nor block), once the
    /// whole list is known; unless the list says not to ask (GTC N).
    pub(crate) fn tell_waiting_additions(&mut self) {
        if self.list.ask_on_add == Some(false) {
            return;
        }
        let waiting: Vec<(String, String)> = self
            .list
            .contacts
            .iter()
            .filter(|c| c.on(List::Reverse) || c.on(List::Pending))
            .filter(|c| !c.on(List::Allow) && !c.on(List::Block))
            .filter(|c| !self.additions_told.contains(&c.email.to_ascii_lowercase()))
            .map(|c| (c.email.clone(), c.name.clone()))
            .collect();
        for (email, name) in waiting {
            self.tell_addition(&email, &name);
        }
    }

    /// `email` added us. Remembered, so that a reconnection does not tell it again.
    fn tell_addition(&mut self, email: &str, name: &str) {
        self.additions_told.insert(email.to_ascii_lowercase());
        self.emit(Event::AddedBy {
            email: email.to_owned(),
            name: name.to_owned(),
        });
    }
}

impl Online {
    /// Contact changes, MSNP2–12.
    pub(super) async fn contact_request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        let what = request.describe();
        let legacy = self.version < 10;
        match request {
            Request::AddContact { email, group } => {
                let group = group.and_then(|g| ctx.list.group(&g).map(|g| g.id.clone()));
                self.add_to(
                    List::Forward,
                    &email,
                    group.clone().filter(|_| legacy),
                    &what,
                )
                .await?;
                if !legacy && let Some(group) = group {
                    self.group_after_add.push(GroupAfterAdd {
                        email: email.to_ascii_lowercase(),
                        group,
                    });
                }
                if !on(ctx, &email, List::Allow) && !on(ctx, &email, List::Block) {
                    self.add_to(List::Allow, &email, None, &what).await?;
                }
            }
            Request::RemoveContact { email } => {
                let id = self.contact_id(ctx, &email);
                self.remove_from(List::Forward, id, None, &what).await?;
            }
            Request::Block { email } | Request::Decline { email } => {
                if on(ctx, &email, List::Allow) {
                    let id = ContactId::Email(Address::email(email.clone()));
                    self.remove_from(List::Allow, id, None, &what).await?;
                }
                self.add_to(List::Block, &email, None, &what).await?;
                self.leave_pending(ctx, &email, &what).await?;
            }
            Request::Unblock { email } => {
                let id = ContactId::Email(Address::email(email.clone()));
                self.remove_from(List::Block, id, None, &what).await?;
                self.add_to(List::Allow, &email, None, &what).await?;
            }
            Request::Accept { email } => {
                if !on(ctx, &email, List::Allow) {
                    self.add_to(List::Allow, &email, None, &what).await?;
                }
                if !on(ctx, &email, List::Forward) {
                    self.add_to(List::Forward, &email, None, &what).await?;
                }
                self.leave_pending(ctx, &email, &what).await?;
            }
            Request::MoveContact { email, group } => {
                self.move_contact(ctx, &email, group, &what).await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn move_contact(
        &mut self,
        ctx: &mut Ctx,
        email: &str,
        group: Option<String>,
        what: &str,
    ) -> Result<(), SessionError> {
        let target = group.and_then(|g| ctx.list.group(&g).map(|g| g.id.clone()));
        let Some(contact) = ctx.list.contact(email).cloned() else {
            return Ok(());
        };
        if let Some(target) = target.clone().filter(|t| !contact.groups.contains(t)) {
            if self.version < 10 {
                self.add_to(List::Forward, email, Some(target), what)
                    .await?;
            } else if let Some(guid) = contact.guid.clone() {
                self.group_contact(guid, target, what).await?;
            }
        }
        for old in contact
            .groups
            .iter()
            .filter(|g| Some(*g) != target.as_ref())
        {
            let id = self.contact_id(ctx, email);
            let old = group_id(ctx, old);
            self.remove_from(List::Forward, id, Some(old), what).await?;
        }
        Ok(())
    }

    /// `ADC TrID FL C=<guid> <group>`: puts a listed contact into a group (MSNP10–12).
    pub(in crate::session::ns) async fn group_contact(
        &mut self,
        guid: String,
        group: String,
        what: &str,
    ) -> Result<(), SessionError> {
        self.send(Pending::Change(what.to_owned()), |trid| {
            ClientCommand::Adc(Adc {
                trid,
                list: List::Forward,
                email: None,
                name: None,
                contact_guid: Some(guid),
                group: Some(group),
            })
        })
        .await
        .map(drop)
    }

    /// MSNP10–12 mark people who added you with PL; answering takes them off it.
    async fn leave_pending(
        &mut self,
        ctx: &Ctx,
        email: &str,
        what: &str,
    ) -> Result<(), SessionError> {
        if self.version >= 10 && on(ctx, email, List::Pending) {
            let id = ContactId::Email(Address::email(email));
            self.remove_from(List::Pending, id, None, what).await?;
        }
        Ok(())
    }

    async fn add_to(
        &mut self,
        list: List,
        email: &str,
        group: Option<String>,
        what: &str,
    ) -> Result<(), SessionError> {
        let address = Address::email(email.to_ascii_lowercase());
        let name = UrlText::new(email.to_ascii_lowercase());
        let pending = Pending::Change(what.to_owned());
        if self.version < 10 {
            let group = group
                .and_then(|g| g.parse().ok())
                .filter(|_| self.version >= 7);
            self.send(pending, |trid| {
                ClientCommand::Add(AddRequest {
                    trid,
                    list,
                    email: address,
                    name,
                    group,
                })
            })
            .await?;
        } else {
            let name = (list == List::Forward).then_some(name);
            self.send(pending, |trid| {
                ClientCommand::Adc(Adc {
                    trid,
                    list,
                    email: Some(address),
                    name,
                    contact_guid: None,
                    group: None,
                })
            })
            .await?;
        }
        Ok(())
    }

    async fn remove_from(
        &mut self,
        list: List,
        contact: ContactId,
        group: Option<GroupId>,
        what: &str,
    ) -> Result<(), SessionError> {
        self.send(Pending::Change(what.to_owned()), |trid| {
            ClientCommand::Rem(Rem {
                trid,
                list,
                serial: None,
                contact,
                group,
            })
        })
        .await
        .map(drop)
    }

    /// How REM names a forward-list contact: its GUID from MSNP10, else its address.
    fn contact_id(&self, ctx: &Ctx, email: &str) -> ContactId {
        match ctx.list.contact(email).and_then(|c| c.guid.clone()) {
            Some(guid) if self.version >= 10 => ContactId::Guid(guid.into()),
            _ => ContactId::Email(Address::email(email.to_ascii_lowercase())),
        }
    }

    /// The server's `ADD`: a reply to ours, or (TrID 0) its own notice.
    pub(super) fn on_add(&mut self, ctx: &mut Ctx, add: AddReply) {
        let group = add.group.map(|g| g.to_string());
        let pushed = add.trid.0 == 0;
        self.listed(
            ctx,
            &add.email.email,
            add.list,
            Some(&add.name),
            group,
            pushed,
        );
    }

    /// The server's `ADC`: a reply to ours, or (TrID 0) its own notice.
    pub(super) fn on_adc(&mut self, ctx: &mut Ctx, adc: Adc) {
        let email = match (&adc.email, &adc.contact_guid) {
            (Some(address), _) => Some(address.email.to_string()),
            (None, Some(guid)) => ctx.list.by_guid(guid).map(|c| c.email.clone()),
            (None, None) => None,
        };
        let Some(email) = email else {
            return;
        };
        if let Some(guid) = adc
            .contact_guid
            .clone()
            .filter(|_| adc.list == List::Forward)
        {
            ctx.list.entry(&email).guid = Some(guid);
        }
        let pushed = adc.trid.0 == 0;
        self.listed(ctx, &email, adc.list, adc.name.as_ref(), adc.group, pushed);
    }

    /// `email` is now on `list` (and in `group`); `pushed` for the server's own notices.
    pub(super) fn listed(
        &mut self,
        ctx: &mut Ctx,
        email: &str,
        list: List,
        name: Option<&UrlText>,
        group: Option<String>,
        pushed: bool,
    ) {
        let contact = ctx.list.entry(email);
        contact.lists = contact.lists.with(list);
        if let Some(name) = name.filter(|n| !n.0.is_empty())
            && (list == List::Forward || list == List::Reverse || contact.name == contact.email)
        {
            contact.name = name.0.to_string();
        }
        if let Some(group) = group.filter(|g| list == List::Forward && !g.is_empty())
            && !contact.groups.contains(&group)
        {
            contact.groups.push(group);
        }
        let contact = contact.clone();
        if pushed && list == List::Reverse {
            ctx.tell_addition(&contact.email, &contact.name);
        }
        ctx.emit(Event::ContactChanged(contact));
    }

    pub(super) fn on_rem(&mut self, ctx: &mut Ctx, rem: Rem) {
        let email = match &rem.contact {
            ContactId::Email(address) => Some(address.email.to_string()),
            ContactId::Guid(guid) => ctx.list.by_guid(guid).map(|c| c.email.clone()),
        };
        let Some(email) = email else {
            return;
        };
        let group_only = rem.list == List::Forward && rem.group.is_some();
        self.unlisted(
            ctx,
            &email,
            ListBits(0).with(rem.list),
            rem.group,
            group_only,
        );
        if rem.trid.0 == 0 && rem.list == List::Reverse {
            ctx.emit(Event::RemovedBy { email });
        }
    }

    /// Takes `email` off `lists` (or only out of `group`).
    pub(super) fn unlisted(
        &mut self,
        ctx: &mut Ctx,
        email: &str,
        lists: ListBits,
        group: Option<GroupId>,
        group_only: bool,
    ) {
        let Some(contact) = ctx.list.contact_mut(email) else {
            return;
        };
        if group_only {
            if let Some(group) = group {
                let id = group.to_string();
                contact.groups.retain(|g| *g != id);
            }
        } else {
            contact.drop_lists(lists);
        }
        let contact = contact.clone();
        ctx.report_contact(contact);
    }
}

fn bits(lists: &[List]) -> ListBits {
    lists
        .iter()
        .fold(ListBits(0), |bits, list| bits.with(*list))
}

/// The SOAP calls behind a contact change, MSNP13+, and the model changes they make.
/// Returns the ADL/RML notices the NS must then receive.
pub(super) async fn apply(
    book: &AddressBook,
    ctx: &mut Ctx,
    request: Request,
) -> Result<Vec<Notice>, AddressBookError> {
    let mut notices = Vec::new();
    let on =
        |ctx: &Ctx, email: &str, list: List| ctx.list.contact(email).is_some_and(|c| c.on(list));
    match request {
        Request::AddContact { email, group } => {
            let email = email.to_ascii_lowercase();
            let guid = book.add_contact(&email).await?;
            let mut added = vec![List::Forward];
            if !on(ctx, &email, List::Allow) && !on(ctx, &email, List::Block) {
                book.add_member(Role::Allow, &email).await?;
                added.push(List::Allow);
            }
            let group = group.and_then(|g| ctx.list.group(&g).map(|g| g.id.clone()));
            if let Some(group) = &group {
                book.add_to_group(group, &guid).await?;
            }
            let contact = ctx.list.entry(&email);
            contact.guid = Some(guid);
            contact.lists = ListBits(contact.lists.0 | bits(&added).0);
            contact.groups.extend(group);
            let contact = contact.clone();
            ctx.emit(Event::ContactChanged(contact));
            notices.push((true, email, bits(&added)));
        }
        Request::RemoveContact { email } => {
            let guid = ctx.list.contact(&email).and_then(|c| c.guid.clone());
            if let Some(guid) = guid {
                book.delete_contact(&guid).await?;
            }
            change(ctx, &email, &[], &[List::Forward]);
            notices.push((false, email.to_ascii_lowercase(), bits(&[List::Forward])));
        }
        Request::Block { email } | Request::Decline { email } => {
            let email = email.to_ascii_lowercase();
            if on(ctx, &email, List::Allow) {
                book.delete_member(Role::Allow, &email).await?;
                notices.push((false, email.clone(), bits(&[List::Allow])));
            }
            book.add_member(Role::Block, &email).await?;
            if on(ctx, &email, List::Pending) {
                book.delete_member(Role::Pending, &email).await?;
            }
            change(ctx, &email, &[List::Block], &[List::Allow, List::Pending]);
            notices.push((true, email, bits(&[List::Block])));
        }
        Request::Unblock { email } => {
            let email = email.to_ascii_lowercase();
            book.delete_member(Role::Block, &email).await?;
            book.add_member(Role::Allow, &email).await?;
            change(ctx, &email, &[List::Allow], &[List::Block]);
            notices.push((false, email.clone(), bits(&[List::Block])));
            notices.push((true, email, bits(&[List::Allow])));
        }
        Request::Accept { email } => {
            let email = email.to_ascii_lowercase();
            let mut added = Vec::new();
            if !on(ctx, &email, List::Allow) {
                book.add_member(Role::Allow, &email).await?;
                added.push(List::Allow);
            }
            if on(ctx, &email, List::Pending) {
                book.delete_member(Role::Pending, &email).await?;
            }
            if !on(ctx, &email, List::Forward) {
                let guid = book.add_contact(&email).await?;
                ctx.list.entry(&email).guid = Some(guid);
                added.push(List::Forward);
            }
            change(ctx, &email, &added, &[List::Pending]);
            if !added.is_empty() {
                notices.push((true, email, bits(&added)));
            }
        }
        Request::MoveContact { email, group } => {
            let target = group.and_then(|g| ctx.list.group(&g).map(|g| g.id.clone()));
            let Some(contact) = ctx.list.contact(&email).cloned() else {
                return Ok(notices);
            };
            let Some(guid) = contact.guid.clone() else {
                return Ok(notices);
            };
            if let Some(target) = target.as_ref().filter(|t| !contact.groups.contains(t)) {
                book.add_to_group(target, &guid).await?;
            }
            for old in contact
                .groups
                .iter()
                .filter(|g| Some(*g) != target.as_ref())
            {
                book.remove_from_group(old, &guid).await?;
            }
            if let Some(entry) = ctx.list.contact_mut(&email) {
                entry.groups = target.into_iter().collect();
                let entry = entry.clone();
                ctx.emit(Event::ContactChanged(entry));
            }
        }
        _ => {}
    }
    Ok(notices)
}

/// Adds and removes list bits, reporting the contact (or its removal).
fn change(ctx: &mut Ctx, email: &str, add: &[List], remove: &[List]) {
    let contact = ctx.list.entry(email);
    contact.lists = ListBits(contact.lists.0 | bits(add).0);
    contact.drop_lists(bits(remove));
    let contact = contact.clone();
    ctx.report_contact(contact);
}
