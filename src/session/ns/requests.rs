//! Carrying out requests: profile changes for every version, checks that a list
//! request makes sense, then the generation's way of changing lists.

use crate::protocol::ClientCommand;
use crate::protocol::command::{Chg, PayloadRequest, Prp, ReaRequest, Sequence};
use crate::protocol::types::{Address, List, MAX_FRIENDLY_NAME, Status, UrlText, is_valid_email};
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
                self.send_status(ctx, status).await?;
            }
            Request::SetName(name) => {
                let encoded = UrlText::new(name.as_str()).encoded_len();
                if encoded > MAX_FRIENDLY_NAME {
                    ctx.error(
                        &format!(
                            "cannot change name: it takes {encoded} bytes on the wire, and \
                             servers take at most {MAX_FRIENDLY_NAME}"
                        ),
                        None,
                    );
                    return Ok(());
                }
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
            Request::Whois { email } => ctx.whois(&email),
            Request::Reconnect => ctx.error("cannot reconnect: already connected", None),
            Request::SignOut => {}
            request if self.sync.is_some() => self.deferred.push(request),
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

    pub(super) async fn send_status(
        &mut self,
        ctx: &Ctx,
        status: Status,
    ) -> Result<(), SessionError> {
        let picture = ctx.picture.as_ref().map(|picture| &picture.object);
        let (capabilities, object) = own_capabilities(self.version, picture);
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
}

pub(super) fn on(ctx: &Ctx, email: &str, list: List) -> bool {
    ctx.list.contact(email).is_some_and(|c| c.on(list))
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
        // Groups are named case-insensitively in commands, so two may not differ by case.
        Request::AddGroup { name } | Request::RenameGroup { name, .. } => {
            let renamed = match request {
                Request::RenameGroup { group, .. } => ctx.list.group(group).map(|g| &g.id),
                _ => None,
            };
            ctx.list
                .groups
                .iter()
                .any(|g| g.name.eq_ignore_ascii_case(name) && Some(&g.id) != renamed)
                .then(|| format!("there is already a group {name:?}"))
        }
        _ => None,
    }
}
