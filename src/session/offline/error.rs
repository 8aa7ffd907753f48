//! Offline-message errors. None carries a ticket: requests are never quoted back.

use std::fmt;

use thiserror::Error;

use crate::protocol::offline::StoreFault;
use crate::session::auth::http::PostError;

/// The two offline-message services: storing (`oim.asmx`) and fetching (`rsi.asmx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Store,
    Fetch,
}

impl Endpoint {
    /// The `[services]` setting holding its address.
    fn setting(self) -> &'static str {
        match self {
            Endpoint::Store => "oim_url",
            Endpoint::Fetch => "rsi_url",
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Endpoint::Store => "oim.asmx",
            Endpoint::Fetch => "rsi.asmx",
        })
    }
}

#[derive(Debug, Error)]
pub(crate) enum OfflineError {
    #[error("{0} is not a valid offline-message service URL")]
    BadUrl(String),
    #[error("{0}: plain http:// is only allowed for a server on this machine")]
    InsecureUrl(String),
    #[error("{service}: {reason}; check {} in [services]", .service.setting())]
    Unreachable { service: Endpoint, reason: String },
    #[error("{service}: HTTP {status} without the expected answer; check {} in [services]", .service.setting())]
    Http { service: Endpoint, status: u16 },
    #[error("{service}: unreadable answer: {reason}")]
    Unreadable { service: Endpoint, reason: String },
    #[error("{service} refused our ticket")]
    TicketExpired { service: Endpoint },
    #[error("the server did not store it: {}", describe(.0))]
    Refused(StoreFault),
    #[error("the offline-message ticket was refused and cannot be renewed: {0}")]
    TicketRefused(String),
}

impl OfflineError {
    /// A SOAP post to `service` that got no readable answer.
    pub(super) fn posting(service: Endpoint, error: PostError) -> Self {
        match error {
            PostError::Unreachable(reason) => OfflineError::Unreachable { service, reason },
            other => OfflineError::Unreadable {
                service,
                reason: other.to_string(),
            },
        }
    }
}

fn describe(fault: &StoreFault) -> String {
    match fault {
        StoreFault::LockKey { .. } => "it refused our lock key".into(),
        StoreFault::Authentication => "it refused our ticket".into(),
        StoreFault::SystemUnavailable => {
            "the contact does not exist or does not take offline messages from you".into()
        }
        StoreFault::Throttled => "too many offline messages too fast, try again later".into(),
        StoreFault::InvalidContent => "it found the message malformed".into(),
        StoreFault::Other(code) => format!("it answered {code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_that_fails_is_named_with_its_setting() {
        let store = OfflineError::posting(
            Endpoint::Store,
            PostError::Unreachable("tcp connect error: Connection refused".into()),
        );
        assert_eq!(
            store.to_string(),
            "oim.asmx: tcp connect error: Connection refused; check oim_url in [services]"
        );
        let fetch = OfflineError::Http {
            service: Endpoint::Fetch,
            status: 404,
        };
        assert!(
            fetch.to_string().ends_with("check rsi_url in [services]"),
            "{fetch}"
        );
    }
}
