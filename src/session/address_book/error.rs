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
    #[error("{call}: the server's certificate was rejected ({reason}); check ca_file in [server]")]
    Certificate { call: Call, reason: String },
    #[error("{call}: the server could not be reached: {reason}; check {} in [services]", .call.setting())]
    Unreachable { call: Call, reason: String },
    #[error("{call}: HTTP {status} without a SOAP fault; check {} in [services]", .call.setting())]
    Http { call: Call, status: u16 },
    #[error("{call}: unexpected answer: {detail}")]
    UnexpectedAnswer { call: Call, detail: String },
}

impl AddressBookError {
    /// True when asking again cannot help: a wrong URL, a missing service (HTTP 4xx),
    /// a certificate we do not trust.
    pub fn is_permanent(&self) -> bool {
        match self {
            AddressBookError::BadUrl(_)
            | AddressBookError::InsecureUrl(_)
            | AddressBookError::Certificate { .. } => true,
            AddressBookError::Http { status, .. } => (400..500).contains(status),
            AddressBookError::AuthenticationFailed { .. }
            | AddressBookError::FullSyncRequired { .. }
            | AddressBookError::Fault { .. }
            | AddressBookError::Unreachable { .. }
            | AddressBookError::UnexpectedAnswer { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_call_names_the_setting_of_its_own_service() {
        let unreachable = AddressBookError::Unreachable {
            call: Call::FindMembership,
            reason: "connection refused".into(),
        };
        assert!(
            unreachable
                .to_string()
                .ends_with("; check sharing_url in [services]"),
            "{unreachable}"
        );
        let missing = AddressBookError::Http {
            call: Call::FindAll,
            status: 404,
        };
        assert!(
            missing
                .to_string()
                .ends_with("; check address_book_url in [services]"),
            "{missing}"
        );
    }
}
