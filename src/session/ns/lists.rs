//! List changes the server reports: replies to our ADD/REM/ADC/ADG/RMG/REG, the
//! "someone added you" notices (TrID 0), and MSNP13+ ADL/RML pushes.

use crate::protocol::ServerCommand;
use crate::protocol::command::{AdgReply, ContactId, GroupId, ListNotice, RegReply, Rem};
use crate::protocol::field::Field;
use crate::protocol::ml::ContactListXml;
use crate::protocol::types::{List, ListBits, UrlText};
use crate::session::events::Event;
use crate::session::model::Group;

use super::context::Ctx;
use super::online::Online;

impl Online {
    pub(super) fn on_list_command(&mut self, ctx: &mut Ctx, command: ServerCommand) {
        match command {
            ServerCommand::Add(add) => {
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
            ServerCommand::Adc(adc) => {
                let email = match (&adc.email, &adc.contact_guid) {
                    (Some(address), _) => Some(address.email.clone()),
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
            ServerCommand::Rem(rem) => self.on_rem(ctx, rem),
            ServerCommand::Adg(reply) => {
                let group = match reply {
                    AdgReply::Numbered { name, group, .. } => Group {
                        id: group.to_string(),
                        name: name.0,
                    },
                    AdgReply::Guid { name, guid, .. } => Group {
                        id: guid,
                        name: name.0,
                    },
                };
                ctx.list.upsert_group(group.clone());
                ctx.emit(Event::GroupChanged(group));
            }
            ServerCommand::Reg(reply) => {
                let group = match reply {
                    RegReply::Numbered { name, group, .. } => Group {
                        id: group.to_string(),
                        name: name.0,
                    },
                    RegReply::Guid { name, guid, .. } => Group {
                        id: guid,
                        name: name.0,
                    },
                };
                ctx.list.upsert_group(group.clone());
                ctx.emit(Event::GroupChanged(group));
            }
            ServerCommand::Rmg(reply) => forget_group(ctx, &reply.group.to_string()),
            ServerCommand::Adl(ListNotice::Push { payload, .. }) => {
                self.on_push(ctx, &payload, true)
            }
            ServerCommand::Rml(ListNotice::Push { payload, .. }) => {
                self.on_push(ctx, &payload, false)
            }
            _ => {}
        }
    }

    /// `email` is now on `list` (and in `group`); `pushed` for the server's own notices.
    fn listed(
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
            contact.name = name.0.clone();
        }
        if let Some(group) = group.filter(|g| list == List::Forward && !g.is_empty())
            && !contact.groups.contains(&group)
        {
            contact.groups.push(group);
        }
        let contact = contact.clone();
        if pushed && list == List::Reverse {
            ctx.emit(Event::AddedBy {
                email: contact.email.clone(),
                name: contact.name.clone(),
            });
        }
        ctx.emit(Event::ContactChanged(contact));
    }

    fn on_rem(&mut self, ctx: &mut Ctx, rem: Rem) {
        let email = match &rem.contact {
            ContactId::Email(address) => Some(address.email.clone()),
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

    /// `ADL 0` / `RML 0` (MSNP13+): someone added or removed you.
    fn on_push(&mut self, ctx: &mut Ctx, payload: &[u8], added: bool) {
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

fn forget_group(ctx: &mut Ctx, id: &str) {
    ctx.list.groups.retain(|g| g.id != id);
    for contact in &mut ctx.list.contacts {
        contact.groups.retain(|g| g != id);
    }
    ctx.emit(Event::GroupRemoved { id: id.to_owned() });
}
