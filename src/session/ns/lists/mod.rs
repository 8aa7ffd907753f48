//! Contact lists, by command family as in `protocol/command/lists/` and
//! `server/ns/lists/`: the sign-in list (`sync`), settings (`settings`), contact and
//! group changes (`contacts`, `groups`) and membership lists (`ml`), each in every
//! generation's way (docs/protocol.md §3). Here: what they share — routing the
//! server's list commands and our list requests to the family that handles them.

mod contacts;
mod groups;
mod ml;
mod settings;
mod sync;

use crate::protocol::ServerCommand;
use crate::protocol::command::{GroupId, ListNotice};
use crate::protocol::types::{List, ListBits};
use crate::session::address_book::{AddressBook, AddressBookError};
use crate::session::error::SessionError;
use crate::session::request::Request;

use super::context::Ctx;
use super::online::Online;
pub(super) use sync::Sync;

/// `(adding, email, lists)` for one ADL or RML.
pub(crate) type Notice = (bool, String, ListBits);

impl Online {
    /// List changes the server reports: replies to our ADD/REM/ADC/ADG/RMG/REG, the
    /// "someone added you" notices (TrID 0), and MSNP13+ ADL/RML pushes.
    pub(super) fn on_list_command(&mut self, ctx: &mut Ctx, command: ServerCommand) {
        match command {
            ServerCommand::Add(add) => self.on_add(ctx, add),
            ServerCommand::Adc(adc) => self.on_adc(ctx, adc),
            ServerCommand::Rem(rem) => self.on_rem(ctx, rem),
            ServerCommand::Adg(reply) => groups::on_adg(ctx, reply),
            ServerCommand::Reg(reply) => groups::on_reg(ctx, reply),
            ServerCommand::Rmg(reply) => groups::forget_group(ctx, &reply.group.to_string()),
            ServerCommand::Adl(ListNotice::Push { payload, .. }) => {
                self.on_push(ctx, &payload, true)
            }
            ServerCommand::Rml(ListNotice::Push { payload, .. }) => {
                self.on_push(ctx, &payload, false)
            }
            _ => {}
        }
    }

    /// List and group changes, MSNP2–12.
    pub(super) async fn list_request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        if group_change(&request) {
            self.group_request(ctx, request).await
        } else {
            self.contact_request(ctx, request).await
        }
    }

    /// List and group changes, MSNP13+: SOAP first, then ADL/RML.
    pub(super) async fn address_book_request(
        &mut self,
        ctx: &mut Ctx,
        request: Request,
    ) -> Result<(), SessionError> {
        let Some(book) = self.address_book.clone() else {
            ctx.error(
                &format!("cannot {}: no address book", request.describe()),
                None,
            );
            return Ok(());
        };
        let what = request.describe();
        match apply(&book, ctx, request).await {
            Ok(notices) => {
                for (adding, email, lists) in notices {
                    if adding && lists.contains(List::Forward) && self.version >= 14 {
                        self.ask_network(&email, lists, &what).await?;
                    } else {
                        self.notice(adding, &email, lists, 1, &what).await?;
                    }
                }
            }
            Err(error) => ctx.error(&format!("cannot {what}: {error}"), None),
        }
        Ok(())
    }
}

fn group_change(request: &Request) -> bool {
    matches!(
        request,
        Request::AddGroup { .. } | Request::RenameGroup { .. } | Request::RemoveGroup { .. }
    )
}

/// The SOAP calls behind each MSNP13+ list request, and the model changes they make.
/// Returns the ADL/RML notices the NS must then receive.
async fn apply(
    book: &AddressBook,
    ctx: &mut Ctx,
    request: Request,
) -> Result<Vec<Notice>, AddressBookError> {
    match request {
        Request::AddContact { .. }
        | Request::RemoveContact { .. }
        | Request::Block { .. }
        | Request::Decline { .. }
        | Request::Unblock { .. }
        | Request::Accept { .. }
        | Request::MoveContact { .. } => contacts::apply(book, ctx, request).await,
        Request::AddGroup { .. } | Request::RenameGroup { .. } | Request::RemoveGroup { .. } => {
            groups::apply(book, ctx, request).await.map(|()| Vec::new())
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
        | Request::FetchPicture { .. }
        | Request::Reconnect
        | Request::SignOut => Ok(Vec::new()),
    }
}

/// How the wire names a group: by number when its id is one, else by GUID.
fn group_id(ctx: &Ctx, group: &str) -> GroupId {
    let id = ctx.list.group(group).map_or(group, |g| g.id.as_str());
    match id.parse() {
        Ok(number) => GroupId::Number(number),
        Err(_) => GroupId::Guid(id.into()),
    }
}
