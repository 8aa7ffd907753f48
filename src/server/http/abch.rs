//! The address-book (`abservice.asmx`) and sharing (`SharingService.asmx`) SOAP services
//! (MSNP13+): request parsing, authentication, dispatch and faults. Like Escargot, both
//! paths answer every action.

use std::borrow::Cow;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use thiserror::Error;

use super::plain_response;
use super::soap::{AbFault, xml_response};
use super::{abservice, address_book, sharing};
use crate::protocol::xml::{Element, XmlError};
use crate::server::directory::{Directory, DirectoryError, StoreError};
use crate::server::{Shared, lock};

/// The only address book there is: the caller's own.
pub const DEFAULT_AB_ID: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug, Error)]
pub enum AbchError {
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("unknown or expired ticket")]
    BadTicket,
    #[error("delta sync requested")]
    FullSyncRequired,
    #[error("unsupported action")]
    UnknownAction,
    /// Escargot answers these with a bare HTTP 500.
    #[error("request refused: {0}")]
    Refused(&'static str),
    #[error("contact already exists")]
    ContactExists,
    #[error("contact does not exist")]
    NoContact,
    #[error("no account {0}")]
    InvalidUser(String),
    #[error("e-mail address lacks {0:?}")]
    BadEmail(char),
    #[error("group already exists")]
    GroupExists,
    #[error("group name too long")]
    GroupNameTooLong,
    #[error("member does not exist")]
    NoMember,
    #[error("user does not exist")]
    NoUser,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<XmlError> for AbchError {
    fn from(error: XmlError) -> Self {
        AbchError::Malformed(error.to_string())
    }
}

impl From<DirectoryError> for AbchError {
    fn from(error: DirectoryError) -> Self {
        match error {
            DirectoryError::NoSuchAccount(email) => AbchError::InvalidUser(email),
            DirectoryError::AlreadyListed(_) => AbchError::ContactExists,
            DirectoryError::NotListed(_) => AbchError::NoContact,
            DirectoryError::GroupExists(_) => AbchError::GroupExists,
            DirectoryError::GroupNameTooLong => AbchError::GroupNameTooLong,
            DirectoryError::OppositeList(_) => {
                AbchError::Refused("contact is on the opposite list")
            }
            DirectoryError::NoSuchGroup(_) => AbchError::Refused("no such group"),
            DirectoryError::NotInGroup => AbchError::Refused("contact is not in that group"),
            DirectoryError::ReverseListIsReadOnly => {
                AbchError::Refused("reverse list is read-only")
            }
        }
    }
}

impl AbchError {
    fn into_response(self, action: &str) -> Response {
        let (code, message): (&str, Cow<'_, str>) = match &self {
            AbchError::Refused(_) => {
                return plain_response(StatusCode::INTERNAL_SERVER_ERROR);
            }
            AbchError::Malformed(_) => ("BadArgument", "Malformed request".into()),
            AbchError::BadTicket => ("PassportAuthFail", "Passport authentication failed".into()),
            AbchError::FullSyncRequired => (
                "FullSyncRequired",
                "Full sync required.  Details: Delta syncs disabled.".into(),
            ),
            AbchError::UnknownAction => ("NotImplemented", "Unsupported SOAP action".into()),
            AbchError::ContactExists => ("ContactAlreadyExists", "Contact Already Exists ".into()),
            AbchError::NoContact => ("ContactDoesNotExist", "Contact Does Not Exist ".into()),
            AbchError::InvalidUser(email) => (
                "InvalidPassportUser",
                format!("The Passport user specified is invalid SignInName: {email}").into(),
            ),
            AbchError::BadEmail(missing) => (
                "BadEmailArgument",
                format!("Malformed email Argument Email missing '{missing}' character").into(),
            ),
            AbchError::GroupExists => ("GroupAlreadyExists", "Group Already Exists ".into()),
            AbchError::GroupNameTooLong => (
                "BadArgumentLength",
                "Argument Exceeded Allowed Length GroupName exceeded length".into(),
            ),
            AbchError::NoMember => ("MemberDoesNotExist", "Member does not exist ".into()),
            AbchError::NoUser => ("UserDoesNotExist", "User does not exist ".into()),
            AbchError::Store(error) => {
                tracing::error!(%error, "cannot save the directory");
                (
                    "InternalError",
                    "The address book could not be saved".into(),
                )
            }
        };
        let fault = AbFault {
            code,
            message: &message,
            action,
        };
        xml_response(StatusCode::INTERNAL_SERVER_ERROR, fault.to_xml())
    }
}

/// One authenticated call: who is asking, the action element, and where to point them.
pub struct Call<'a> {
    pub shared: &'a Shared,
    pub owner: String,
    pub action: &'a Element,
    /// `host:port` of this service, for `PreferredHostName`.
    pub host: &'a str,
}

impl Call<'_> {
    /// Applies a change to a copy of the directory and keeps it only if every step
    /// succeeded, so a multi-item request that fails half-way changes nothing.
    pub fn transact<T>(
        &self,
        change: impl FnOnce(&mut Directory, &str) -> Result<T, AbchError>,
    ) -> Result<T, AbchError> {
        lock(&self.shared.store).update(|directory| {
            let mut draft = directory.clone();
            let value = change(&mut draft, &self.owner)?;
            *directory = draft;
            Ok(value)
        })
    }
}

/// The action named by `SOAPAction` (`"http://…/AddressBook/ABFindAll"` → `ABFindAll`).
pub(super) fn soap_action(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get("soapaction")?
        .to_str()
        .ok()?
        .trim()
        .trim_matches('"');
    let name = value.rsplit('/').next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The account behind a ticket: an SSO ticket (MSNP15+) or a TWN ticket (MSNP13–14).
pub(super) fn authenticate(shared: &Shared, ticket: &str) -> Option<String> {
    let mut tokens = lock(&shared.tokens);
    tokens
        .check_sso(ticket)
        .map(|grant| grant.email)
        .or_else(|| tokens.check_twn(ticket))
}

/// `deltasOnly` (ABFindAll) or `DeltasOnly` (ABFindContactsPaged) set to true.
fn wants_deltas(action: &Element) -> bool {
    ["deltasOnly", "DeltasOnly"]
        .iter()
        .filter_map(|name| action.find_text(name))
        .any(|value| value == "true" || value == "1")
}

/// `POST /abservice/abservice.asmx` and `/abservice/SharingService.asmx`.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let named = soap_action(&headers);
    let root = match Element::parse(&body) {
        Ok(root) => root,
        Err(error) => {
            tracing::debug!(%error, "malformed address-book request");
            return AbchError::from(error).into_response(named.as_deref().unwrap_or_default());
        }
    };
    let Some(action) = root.child("Body").and_then(|body| body.children.first()) else {
        return AbchError::Malformed("no SOAP body".into())
            .into_response(named.as_deref().unwrap_or_default());
    };
    let name = named.unwrap_or_else(|| action.name.clone());
    let ticket = root
        .find_text("TicketToken")
        .map(str::to_owned)
        .or_else(|| cookie(&headers, "MSPAuth"));
    let Some(owner) = ticket.and_then(|ticket| authenticate(&shared, &ticket)) else {
        tracing::debug!(action = %name, "address-book call with a bad ticket");
        return AbchError::BadTicket.into_response(&name);
    };
    tracing::debug!(action = %name, %owner, "address-book call");
    let host = shared
        .http_base
        .split_once("://")
        .map_or(shared.http_base.as_str(), |(_, host)| host);
    let call = Call {
        shared: &shared,
        owner,
        action,
        host,
    };
    match dispatch(&name, &call) {
        Ok(body) => xml_response(StatusCode::OK, body),
        Err(error) => {
            tracing::debug!(action = %name, %error, "address-book call refused");
            error.into_response(&name)
        }
    }
}

fn dispatch(name: &str, call: &Call<'_>) -> Result<String, AbchError> {
    if wants_deltas(call.action) {
        return Err(AbchError::FullSyncRequired);
    }
    let ab_id = call
        .action
        .find_text("abId")
        .or_else(|| call.action.find_text("ABId"));
    if ab_id.is_some_and(|id| id != DEFAULT_AB_ID) {
        return Err(AbchError::Refused("only the default address book exists"));
    }
    match name {
        "FindMembership" => sharing::find_membership(call),
        "AddMember" => sharing::add_member(call),
        "DeleteMember" => sharing::delete_member(call),
        "ABFindAll" => address_book::find_all(call),
        "ABFindContactsPaged" => address_book::find_contacts_paged(call),
        "ABContactAdd" => abservice::contact_add(call),
        "ABContactDelete" => abservice::contact_delete(call),
        "ABContactUpdate" => abservice::contact_update(call),
        "ABGroupAdd" => abservice::group_add(call),
        "ABGroupDelete" => abservice::group_delete(call),
        "ABGroupUpdate" => abservice::group_update(call),
        "ABGroupContactAdd" => abservice::group_contact_add(call),
        "ABGroupContactDelete" => abservice::group_contact_delete(call),
        _ => Err(AbchError::UnknownAction),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn reads_the_action_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "SOAPAction",
            HeaderValue::from_static("\"http://www.msn.com/webservices/AddressBook/ABFindAll\""),
        );
        assert_eq!(soap_action(&headers).as_deref(), Some("ABFindAll"));
        headers.insert("SOAPAction", HeaderValue::from_static("\"\""));
        assert_eq!(soap_action(&headers), None);
    }

    #[test]
    fn reads_the_mspauth_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("MSPProf=x; MSPAuth=t=abc&p=; other=1"),
        );
        assert_eq!(cookie(&headers, "MSPAuth").as_deref(), Some("t=abc&p="));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn spots_delta_requests() {
        let full =
            Element::parse(b"<ABFindAll><abId>x</abId><deltasOnly>false</deltasOnly></ABFindAll>")
                .expect("valid");
        assert!(!wants_deltas(&full));
        let paged = Element::parse(
            b"<ABFindContactsPaged><filterOptions><DeltasOnly>true</DeltasOnly></filterOptions></ABFindContactsPaged>",
        )
        .expect("valid");
        assert!(wants_deltas(&paged));
    }
}
