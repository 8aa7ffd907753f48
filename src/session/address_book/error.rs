//! Address-book errors. None carries the ticket: requests are never quoted back.

use thiserror::Error;

use super::call::Call;

#[derive(Debug, Error)]
pub enum AddressBookError {
    #[error("{0} is not a valid address-book URL")]
    BadUrl(String),
    #[error("{0}: plain http:// is only allowed for a server on this machine")]
    InsecureUrl(String),
    #[error("{call}: the server refused the contacts ticket")]
    AuthenticationFailed { call: Call },
    #[error("{call}: the server wants a full sync")]
    FullSyncRequired { call: Call },
    #[error("{call}: SOAP fault {code}: {message}")]
    Fault {
        call: Call,
        code: String,
        message: String,
    },
    #[error("{call}: the server could not be reached: {reason}")]
    Unreachable { call: Call, reason: String },
    #[error("{call}: HTTP {status} without a SOAP fault")]
    Http { call: Call, status: u16 },
    #[error("{call}: unexpected answer: {detail}")]
    UnexpectedAnswer { call: Call, detail: String },
}
