//! The SOAP calls behind each MSNP13+ list request, and the model changes they make.
//! Returns the ADL/RML notices the NS must then receive.

use crate::protocol::types::{List, ListBits};
use crate::session::address_book::{AddressBook, AddressBookError, Role};
use crate::session::events::Event;
use crate::session::model::Group;
use crate::session::request::Request;

use super::context::Ctx;

/// `(adding, email, lists)` for one ADL or RML.
pub(crate) type Notice = (bool, String, ListBits);

fn bits(lists: &[List]) -> ListBits {
    lists
        .iter()
        .fold(ListBits(0), |bits, list| bits.with(*list))
}

pub(crate) async fn apply(
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
        // Profile changes and sign-out are not list changes; chat requests are carried
        // out by the conversation layer and never reach the NS.
        Request::SetStatus(_)
        | Request::SetName(_)
        | Request::SetPersonalMessage(_)
        | Request::SendMessage { .. }
        | Request::Nudge { .. }
        | Request::Invite { .. }
        | Request::Typing { .. }
        | Request::History { .. }
        | Request::Resend { .. }
        | Request::CloseConversation { .. }
        | Request::SendFile { .. }
        | Request::AcceptFile { .. }
        | Request::DeclineFile { .. }
        | Request::CancelTransfer { .. }
        | Request::Whois { .. }
        | Request::SignOut => {}
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
