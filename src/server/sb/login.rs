//! Checking the first command of a switchboard connection: `USR` with an `XFR SB` cookie
//! (a new session) or `ANS` with an `RNG` cookie (joining one).

use thiserror::Error;

use super::formats::{ENDPOINTS_FROM, Participant, endpoint_key};
use crate::protocol::types::{Address, Capabilities};
use crate::server::hub::Hub;
use crate::server::tokens::{Cookie, CookieUse};
use crate::server::{Shared, lock};

/// Why a USR or ANS was refused with 911.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LoginError {
    #[error("unknown or expired cookie")]
    UnknownCookie,
    #[error("cookie was issued to {issued_to}, not {address}")]
    WrongAccount { issued_to: String, address: String },
    #[error("endpoint {given:?} does not match the cookie's {issued:?}")]
    WrongEndpoint {
        given: Option<String>,
        issued: Option<String>,
    },
    #[error("cookie is not for this kind of login")]
    WrongUse,
    #[error("session {0} is over")]
    SessionOver(String),
}

/// A client admitted to a switchboard.
#[derive(Debug, Clone)]
pub struct Admission {
    pub who: Participant,
    pub version: u8,
    /// The address as `USR OK` echoes it: with the endpoint from MSNP16.
    pub shown: Address,
}

/// Redeems `cookie` for `address`, expecting it to be of `usage`.
pub fn admit(
    shared: &Shared,
    address: &Address,
    cookie: &str,
    usage: &CookieUse,
) -> Result<Admission, LoginError> {
    let cookie: Cookie = lock(&shared.tokens)
        .redeem_cookie(cookie)
        .ok_or(LoginError::UnknownCookie)?;
    if !cookie.email.eq_ignore_ascii_case(&address.email) {
        return Err(LoginError::WrongAccount {
            issued_to: cookie.email,
            address: address.email.to_string(),
        });
    }
    let endpoints_apply = cookie.version >= ENDPOINTS_FROM;
    let endpoint = cookie.endpoint.as_deref().map(endpoint_key);
    if endpoints_apply && address.endpoint().map(endpoint_key) != endpoint {
        return Err(LoginError::WrongEndpoint {
            given: address.endpoint().map(str::to_owned),
            issued: cookie.endpoint,
        });
    }
    if cookie.usage != *usage {
        return Err(LoginError::WrongUse);
    }
    let email = cookie.email.to_ascii_lowercase();
    let endpoint = endpoint.filter(|_| endpoints_apply);
    let capabilities = capabilities_of(&lock(&shared.hub), &email, endpoint.as_deref());
    let shown = if endpoints_apply {
        address.clone()
    } else {
        Address::email(address.email.clone())
    };
    Ok(Admission {
        who: Participant {
            email,
            name: cookie.display_name,
            endpoint,
            capabilities,
        },
        version: cookie.version,
        shown,
    })
}

/// The capabilities the account's NS session (the one with `endpoint`, if given)
/// announced in CHG; none known gives 0.
fn capabilities_of(hub: &Hub, email: &str, endpoint: Option<&str>) -> Capabilities {
    hub.sessions_of(email)
        .filter(|(_, info)| {
            endpoint.is_none_or(|wanted| {
                info.endpoint.as_deref().map(endpoint_key).as_deref() == Some(wanted)
            })
        })
        .filter_map(|(id, info)| Some((id, info.presence.as_ref()?.capabilities)))
        .max_by_key(|(id, _)| *id)
        .map(|(_, capabilities)| capabilities)
        .unwrap_or_default()
}
