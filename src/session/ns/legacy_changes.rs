//! List and group changes the MSNP2–12 way: ADD/REM by address and numeric groups up
//! to MSNP9, ADC/REM with contact and group GUIDs in MSNP10–12.

use crate::protocol::ClientCommand;
use crate::protocol::command::{
    Adc, AddRequest, AdgRequest, ContactId, GroupId, RegRequest, Rem, RmgRequest,
};
use crate::protocol::types::{Address, List, UrlText};
use crate::session::error::SessionError;
use crate::session::request::Request;

use super::context::Ctx;
use super::online::{GroupAfterAdd, Online, Pending};
use super::requests::on;

impl Online {
    /// List and group changes, MSNP2–12.
    pub(super) async fn list_request(
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

fn group_id(ctx: &Ctx, group: &str) -> GroupId {
    let id = ctx.list.group(group).map_or(group, |g| g.id.as_str());
    match id.parse() {
        Ok(number) => GroupId::Number(number),
        Err(_) => GroupId::Guid(id.to_owned()),
    }
}
