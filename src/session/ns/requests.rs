//! Carrying out requests: profile changes for every version, and list changes the
//! MSNP2–12 way (ADD/REM up to MSNP9, ADC/REM with GUIDs in MSNP10–12).

use crate::protocol::ClientCommand;
use crate::protocol::command::{
    Adc, AddRequest, AdgRequest, Chg, ContactId, GroupId, PayloadRequest, Prp, ReaRequest,
    RegRequest, Rem, RmgRequest, Sequence,
};
use crate::protocol::types::{Address, List, Status, UrlText, is_valid_email};
use crate::session::error::SessionError;
use crate::session::request::Request;

use super::context::Ctx;
use super::online::{Online, Pending};
use super::presence::{own_capabilities, personal_document};

impl Online {
    pub(super) async fn request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        match request {
            Request::SetStatus(Status::Offline) => {
                ctx.error("cannot set status offline: sign out instead", None);
            }
            Request::SetStatus(status) => {
                ctx.wanted.status = status;
                self.send_status(status).await?;
            }
            Request::SetName(name) => {
                ctx.wanted.name = Some(name.clone());
                self.send_name(ctx, &name).await?;
                self.store_name(ctx, &name).await;
            }
            Request::SetPersonalMessage(text) => {
                if self.version < 11 {
                    ctx.error(
                        &format!(
                            "personal messages need MSNP11 or later (this is MSNP{})",
                            self.version
                        ),
                        None,
                    );
                } else {
                    ctx.wanted.personal_message = Some(text.clone());
                    self.send_personal_message(ctx, &text).await?;
                }
            }
            Request::SignOut => {}
            request => {
                if let Some(problem) = check(ctx, self.version, &request) {
                    ctx.error(&format!("cannot {}: {problem}", request.describe()), None);
                } else if self.version >= 13 {
                    self.address_book_request(ctx, request).await?;
                } else {
                    self.list_request(ctx, request).await?;
                }
            }
        }
        Ok(())
    }

    pub(super) async fn send_status(&mut self, status: Status) -> Result<(), SessionError> {
        let (capabilities, object) = own_capabilities(self.version);
        self.send(Pending::Status(status), |trid| {
            ClientCommand::Chg(Chg {
                trid,
                status,
                capabilities,
                object,
            })
        })
        .await
        .map(drop)
    }

    pub(super) async fn send_name(&mut self, ctx: &Ctx, name: &str) -> Result<(), SessionError> {
        let name = UrlText::new(name);
        let pending = Pending::Name;
        if self.version < 10 {
            let email = Address::email(ctx.config.email.clone());
            self.send(pending, |trid| {
                ClientCommand::Rea(ReaRequest { trid, email, name })
            })
            .await
        } else {
            self.send(pending, |trid| {
                ClientCommand::Prp(Prp {
                    sequence: Sequence {
                        trid: Some(trid),
                        serial: None,
                    },
                    key: "MFN".into(),
                    value: Some(name),
                })
            })
            .await
        }
        .map(drop)
    }

    pub(super) async fn send_personal_message(
        &mut self,
        ctx: &mut Ctx,
        text: &str,
    ) -> Result<(), SessionError> {
        let guid = if self.version >= 16 {
            Some(ctx.machine_guid()?)
        } else {
            None
        };
        let payload = personal_document(text, guid.as_deref());
        self.send(Pending::PersonalMessage(text.to_owned()), |trid| {
            ClientCommand::Uux(PayloadRequest {
                trid,
                payload: payload.into(),
            })
        })
        .await
        .map(drop)
    }

    /// List and group changes, MSNP2–12.
    async fn list_request(&mut self, ctx: &mut Ctx, request: Request) -> Result<(), SessionError> {
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
                    self.group_after_add
                        .push((email.to_ascii_lowercase(), group));
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
            Request::AddGroup { name } => {
                let name = UrlText::new(name);
                self.send(Pending::Change(what), |trid| {
                    ClientCommand::Adg(AdgRequest {
                        trid,
                        name,
                        legacy_zero: legacy,
                    })
                })
                .await?;
            }
            Request::RenameGroup { group, name } => {
                let group = group_id(ctx, &group);
                let name = UrlText::new(name);
                self.send(Pending::Change(what), |trid| {
                    ClientCommand::Reg(RegRequest {
                        trid,
                        group,
                        name,
                        legacy_zero: legacy,
                    })
                })
                .await?;
            }
            Request::RemoveGroup { group } => {
                let group = group_id(ctx, &group);
                self.send(Pending::Change(what), |trid| {
                    ClientCommand::Rmg(RmgRequest { trid, group })
                })
                .await?;
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
    pub(super) async fn group_contact(
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
            Some(guid) if self.version >= 10 => ContactId::Guid(guid),
            _ => ContactId::Email(Address::email(email.to_ascii_lowercase())),
        }
    }
}

fn on(ctx: &Ctx, email: &str, list: List) -> bool {
    ctx.list.contact(email).is_some_and(|c| c.on(list))
}

fn group_id(ctx: &Ctx, group: &str) -> GroupId {
    let id = ctx.list.group(group).map_or(group, |g| g.id.as_str());
    match id.parse() {
        Ok(number) => GroupId::Number(number),
        Err(_) => GroupId::Guid(id.to_owned()),
    }
}

/// Why a list request cannot be carried out, checked before anything is sent.
fn check(ctx: &Ctx, version: u8, request: &Request) -> Option<String> {
    let listed = |email: &str, list: List| on(ctx, email, list);
    let group_known = |group: &str| ctx.list.group(group).is_some();
    let email = match request {
        Request::AddContact { email, .. }
        | Request::RemoveContact { email }
        | Request::Block { email }
        | Request::Unblock { email }
        | Request::Accept { email }
        | Request::Decline { email }
        | Request::MoveContact { email, .. } => Some(email.as_str()),
        _ => None,
    };
    if let Some(email) = email
        && !is_valid_email(email)
    {
        return Some(format!("{email:?} is not an e-mail address"));
    }
    let groups = matches!(
        request,
        Request::AddGroup { .. } | Request::RenameGroup { .. } | Request::RemoveGroup { .. }
    ) || matches!(request, Request::MoveContact { .. })
        || matches!(request, Request::AddContact { group: Some(_), .. });
    if groups && version < 7 {
        return Some(format!(
            "groups need MSNP7 or later (this is MSNP{version})"
        ));
    }
    match request {
        Request::AddContact { email, group } => {
            if listed(email, List::Forward) {
                return Some("already on your list".into());
            }
            group
                .as_deref()
                .filter(|g| !group_known(g))
                .map(|g| format!("there is no group {g:?}"))
        }
        Request::RemoveContact { email } | Request::MoveContact { email, .. }
            if !listed(email, List::Forward) =>
        {
            Some("not on your list".into())
        }
        Request::MoveContact {
            group: Some(group), ..
        } if !group_known(group) => Some(format!("there is no group {group:?}")),
        Request::Block { email } if listed(email, List::Block) => Some("already blocked".into()),
        Request::Unblock { email } if !listed(email, List::Block) => Some("not blocked".into()),
        Request::RenameGroup { group, .. } | Request::RemoveGroup { group }
            if !group_known(group) =>
        {
            Some(format!("there is no group {group:?}"))
        }
        _ => None,
    }
}
