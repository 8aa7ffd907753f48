//! Group changes: ADG, RMG and REG with numeric groups (MSNP7–9) or group GUIDs
//! (MSNP10–12), and from MSNP13 the address book's group calls over SOAP
//! (docs/protocol.md §3.6).

use crate::protocol::ClientCommand;
use crate::protocol::command::{AdgReply, AdgRequest, RegReply, RegRequest, RmgRequest};
use crate::protocol::types::UrlText;
use crate::session::address_book::{AddressBook, AddressBookError};
use crate::session::error::SessionError;
use crate::session::events::Event;
use crate::session::model::Group;
use crate::session::ns::context::Ctx;
use crate::session::ns::online::{Online, Pending};
use crate::session::request::Request;

use super::group_id;

impl Online {
    /// Group changes, MSNP7–12.
    pub(super) async fn group_request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        let what = request.describe();
        let legacy = self.version < 10;
        match request {
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
            _ => {}
        }
        Ok(())
    }
}

/// The server's `ADG`: a group was added.
pub(super) fn on_adg(ctx: &mut Ctx, reply: AdgReply) {
    let group = match reply {
        AdgReply::Numbered { name, group, .. } => Group {
            id: group.to_string(),
            name: name.0.into(),
        },
        AdgReply::Guid { name, guid, .. } => Group {
            id: guid,
            name: name.0.into(),
        },
    };
    ctx.list.upsert_group(group.clone());
    ctx.emit(Event::GroupChanged(group));
}

/// The server's `REG`: a group was renamed.
pub(super) fn on_reg(ctx: &mut Ctx, reply: RegReply) {
    let group = match reply {
        RegReply::Numbered { name, group, .. } => Group {
            id: group.to_string(),
            name: name.0.into(),
        },
        RegReply::Guid { name, guid, .. } => Group {
            id: guid,
            name: name.0.into(),
        },
    };
    ctx.list.upsert_group(group.clone());
    ctx.emit(Event::GroupChanged(group));
}

pub(super) fn forget_group(ctx: &mut Ctx, id: &str) {
    ctx.list.groups.retain(|g| g.id != id);
    for contact in &mut ctx.list.contacts {
        contact.groups.retain(|g| g != id);
    }
    ctx.emit(Event::GroupRemoved { id: id.to_owned() });
}

/// The SOAP calls behind a group change, MSNP13+, and the model changes they make; no
/// ADL/RML follows.
pub(super) async fn apply(
    book: &AddressBook,
    ctx: &mut Ctx,
    request: Request,
) -> Result<(), AddressBookError> {
    match request {
        Request::AddGroup { name } => {
            let id = book.add_group(&name).await?;
            let group = Group { id, name };
            ctx.list.upsert_group(group.clone());
            ctx.emit(Event::GroupChanged(group));
        }
        Request::RenameGroup { group, name } => {
            if let Some(id) = ctx.list.group(&group).map(|g| g.id.clone()) {
                book.rename_group(&id, &name).await?;
                let group = Group { id, name };
                ctx.list.upsert_group(group.clone());
                ctx.emit(Event::GroupChanged(group));
            }
        }
        Request::RemoveGroup { group } => {
            if let Some(id) = ctx.list.group(&group).map(|g| g.id.clone()) {
                book.delete_group(&id).await?;
                ctx.list.groups.retain(|g| g.id != id);
                for contact in &mut ctx.list.contacts {
                    contact.groups.retain(|g| *g != id);
                }
                ctx.emit(Event::GroupRemoved { id });
            }
        }
        _ => {}
    }
    Ok(())
}
