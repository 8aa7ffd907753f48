//! The address book (ABCH) and sharing service of MSNP13+ (docs/protocol.md §3.6): the client
//! side of `FindMembership`/`AddMember`/`DeleteMember` and the `AB*` calls, always as
//! full syncs of the user's own (all-zero GUID) address book.

mod call;
mod error;
mod model;
mod request;
pub mod response;
pub mod streamed;

use url::Url;

use self::call::Service;
use self::request::{AB_NAMESPACE, Request};
use super::auth::AuthClient;
use super::auth::http::PostError;
use super::service_url::ServiceUrlError;
use crate::protocol::message::Secret;
use crate::protocol::xml::Element;

pub use call::Call;
pub use error::AddressBookError;
pub use model::{Contact, Group, Me, Memberships, Role, Snapshot};

/// Larger answers are refused rather than buffered.
const MAX_ANSWER: usize = 16 << 20;

/// A signed-in user's address book and sharing service.
#[derive(Debug, Clone)]
pub struct AddressBook {
    client: AuthClient,
    address_book_url: Url,
    sharing_url: Url,
    /// The `contacts.msn.com` ticket.
    ticket: Secret,
}

fn service_url(text: &str) -> Result<Url, AddressBookError> {
    crate::session::service_url::service_url(text).map_err(|error| match error {
        ServiceUrlError::Bad(url) => AddressBookError::BadUrl(url),
        ServiceUrlError::Insecure(url) => AddressBookError::InsecureUrl(url),
    })
}

impl AddressBook {
    pub fn new(
        client: AuthClient,
        address_book_url: &str,
        sharing_url: &str,
        ticket: Secret,
    ) -> Result<Self, AddressBookError> {
        Ok(Self {
            client,
            address_book_url: service_url(address_book_url)?,
            sharing_url: service_url(sharing_url)?,
            ticket,
        })
    }

    /// Who is on the allow, block, reverse and pending lists.
    pub async fn memberships(&self) -> Result<Memberships, AddressBookError> {
        let (status, body) = self.fetch(request::find_membership()).await?;
        streamed::memberships(status, &body)
    }

    /// The whole address book: `ABFindAll` (MSNP13–17) or, when `paged`,
    /// `ABFindContactsPaged` (MSNP18).
    pub async fn contacts(&self, paged: bool) -> Result<Snapshot, AddressBookError> {
        let request = if paged {
            request::find_contacts_paged()
        } else {
            request::find_all()
        };
        let call = request.call;
        let (status, body) = self.fetch(request).await?;
        streamed::snapshot(call, status, &body)
    }

    /// Puts `email` on the forward list and returns its contact id.
    pub async fn add_contact(&self, email: &str) -> Result<String, AddressBookError> {
        response::guid(
            Call::ContactAdd,
            &self.send(request::contact_add(email)).await?,
        )
    }

    pub async fn delete_contact(&self, contact_id: &str) -> Result<(), AddressBookError> {
        self.change(request::contact_delete(contact_id)).await
    }

    pub async fn add_member(&self, role: Role, email: &str) -> Result<(), AddressBookError> {
        self.change(request::member_change(Call::AddMember, role, email))
            .await
    }

    pub async fn delete_member(&self, role: Role, email: &str) -> Result<(), AddressBookError> {
        self.change(request::member_change(Call::DeleteMember, role, email))
            .await
    }

    /// Creates a group and returns its id.
    pub async fn add_group(&self, name: &str) -> Result<String, AddressBookError> {
        response::guid(Call::GroupAdd, &self.send(request::group_add(name)).await?)
    }

    pub async fn delete_group(&self, group_id: &str) -> Result<(), AddressBookError> {
        self.change(request::group_delete(group_id)).await
    }

    pub async fn rename_group(&self, group_id: &str, name: &str) -> Result<(), AddressBookError> {
        self.change(request::group_rename(group_id, name)).await
    }

    pub async fn add_to_group(
        &self,
        group_id: &str,
        contact_id: &str,
    ) -> Result<(), AddressBookError> {
        let request = request::group_contact(Call::GroupContactAdd, group_id, contact_id);
        self.change(request).await
    }

    pub async fn remove_from_group(
        &self,
        group_id: &str,
        contact_id: &str,
    ) -> Result<(), AddressBookError> {
        let request = request::group_contact(Call::GroupContactDelete, group_id, contact_id);
        self.change(request).await
    }

    /// Renames the user through the `Me` contact.
    pub async fn set_display_name(&self, name: &str) -> Result<(), AddressBookError> {
        self.change(request::display_name_update(name)).await
    }

    /// Sends a call that answers with an empty `{action}Response`.
    async fn change(&self, request: Request) -> Result<(), AddressBookError> {
        let call = request.call;
        response::response(call, &self.send(request).await?).map(|_| ())
    }

    /// Posts `request` to its service and returns the SOAP body of a successful answer.
    /// Sends a request and reads its answer as an element tree (small answers).
    async fn send(&self, request: Request) -> Result<Element, AddressBookError> {
        let call = request.call;
        let (status, body) = self.fetch(request).await?;
        response::read(call, status, &body)
    }

    /// Sends a request and returns the answer's status and body.
    async fn fetch(&self, request: Request) -> Result<(u16, String), AddressBookError> {
        let call = request.call;
        let url = match call.service() {
            Service::Sharing => &self.sharing_url,
            Service::AddressBook => &self.address_book_url,
        };
        let answer = self
            .client
            .post_soap(
                url.clone(),
                &format!("{AB_NAMESPACE}/{call}"),
                request.envelope(&self.ticket),
                MAX_ANSWER,
            )
            .await
            .map_err(|error| match error {
                PostError::Unreachable(reason) => AddressBookError::Unreachable { call, reason },
                PostError::Certificate(reason) => AddressBookError::Certificate { call, reason },
                other => AddressBookError::UnexpectedAnswer {
                    call,
                    detail: other.to_string(),
                },
            })?;
        Ok((answer.status, answer.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticket_stays_out_of_debug_output() {
        let client = AuthClient::new(None).expect("client");
        let book = AddressBook::new(
            client,
            "https://contacts.msn.com/abservice/abservice.asmx",
            "https://contacts.msn.com/abservice/SharingService.asmx",
            Secret::new("t=SECRET-TICKET&p="),
        )
        .expect("valid URLs");
        assert!(!format!("{book:?}").contains("SECRET-TICKET"));
    }
}
