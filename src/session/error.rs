//! Why a connection or a sign-in failed, and whether trying again can help.

use thiserror::Error;

use crate::protocol::FramingError;
use crate::protocol::command::OutReason;
use crate::protocol::types::ErrorCode;

use super::address_book::AddressBookError;
use super::auth::AuthError;

#[derive(Debug, Error)]
pub enum SessionError {
    #[error("cannot connect to {server}: {reason} (check host and port in [server])")]
    Connect { server: String, reason: String },
    #[error("the connection to {server} was lost: {reason}")]
    Lost { server: String, reason: String },
    #[error("{server} stopped answering")]
    Silent { server: String },
    #[error(
        "the server accepts none of the offered versions ({offered}); check protocols in [server]"
    )]
    NoCommonVersion { offered: String },
    #[error(
        "wrong e-mail address or password ({0}); check email and password_command in [account]"
    )]
    BadCredentials(String),
    #[error(transparent)]
    Auth(AuthError),
    #[error("the server refused the sign-in: {0}")]
    Refused(ErrorCode),
    #[error("the server ended the session: {}", .0.describe())]
    Out(OutReason),
    #[error("the server closed the connection without a reason")]
    OutWithoutReason,
    #[error("more than {0} redirections to other servers")]
    TooManyRedirects(usize),
    #[error("unexpected answer during sign-in: {0}")]
    Unexpected(String),
    #[error("cannot keep the machine GUID in {path}: {reason}")]
    MachineGuid { path: String, reason: String },
    #[error("address book: {0}")]
    AddressBook(AddressBookError),
    #[error("sign-in gave no ticket for the address book")]
    NoAddressBookTicket,
}

/// What the session does after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Try again after a delay.
    Retry,
    /// Stop: the credentials were refused.
    StopAuth,
    /// Stop: the account signed in elsewhere.
    StopOtherLocation,
    /// Stop: retrying cannot help.
    Stop,
}

impl SessionError {
    pub fn recovery(&self) -> Recovery {
        match self {
            SessionError::Connect { .. }
            | SessionError::Lost { .. }
            | SessionError::Silent { .. }
            | SessionError::OutWithoutReason
            | SessionError::NoAddressBookTicket => Recovery::Retry,
            SessionError::AddressBook(error) if error.is_permanent() => Recovery::Stop,
            SessionError::AddressBook(_) => Recovery::Retry,
            SessionError::Out(OutReason::OtherLocation) => Recovery::StopOtherLocation,
            SessionError::Out(_) => Recovery::Retry,
            SessionError::BadCredentials(_) => Recovery::StopAuth,
            SessionError::Auth(AuthError::BadCredentials) => Recovery::StopAuth,
            SessionError::Auth(AuthError::Unreachable { .. }) => Recovery::Retry,
            SessionError::Auth(AuthError::UnexpectedAnswer { .. }) => Recovery::Retry,
            SessionError::Auth(AuthError::HttpStatus { status, .. }) if *status < 500 => {
                Recovery::Stop
            }
            SessionError::Auth(AuthError::HttpStatus { .. }) => Recovery::Retry,
            SessionError::Auth(_) => Recovery::Stop,
            SessionError::Refused(code) if code.is_auth_failure() => Recovery::StopAuth,
            SessionError::Refused(code) if matches!(code.0, 600..=605 | 910..=922) => {
                Recovery::Retry
            }
            SessionError::Refused(_)
            | SessionError::NoCommonVersion { .. }
            | SessionError::TooManyRedirects(_)
            | SessionError::Unexpected(_)
            | SessionError::MachineGuid { .. } => Recovery::Stop,
        }
    }

    /// The MSNP error code behind the failure, if any.
    pub fn code(&self) -> Option<u16> {
        match self {
            SessionError::Refused(code) => Some(code.0),
            _ => None,
        }
    }

    pub(crate) fn lost(server: &str, error: FramingError) -> Self {
        SessionError::Lost {
            server: server.to_owned(),
            reason: error.to_string(),
        }
    }
}

impl From<AuthError> for SessionError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::BadCredentials => {
                SessionError::BadCredentials("the login service refused them".into())
            }
            other => SessionError::Auth(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::address_book::Call;

    #[test]
    fn a_service_that_is_missing_stops_and_one_that_is_down_is_retried() {
        let auth = |status| {
            SessionError::Auth(AuthError::HttpStatus {
                service: crate::session::auth::AuthService::TokenService,
                status,
            })
        };
        assert_eq!(auth(404).recovery(), Recovery::Stop);
        assert_eq!(auth(503).recovery(), Recovery::Retry);
        let book = |status| {
            SessionError::AddressBook(AddressBookError::Http {
                call: Call::FindAll,
                status,
            })
        };
        assert_eq!(book(404).recovery(), Recovery::Stop);
        assert_eq!(book(502).recovery(), Recovery::Retry);
        let certificate = SessionError::Auth(AuthError::Certificate {
            service: crate::session::auth::AuthService::TokenService,
            reason: "invalid peer certificate: UnknownIssuer".into(),
        });
        assert_eq!(certificate.recovery(), Recovery::Stop);
        assert!(certificate.to_string().contains("ca_file"));
    }
}
