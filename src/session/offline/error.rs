//! Offline-message errors. None carries a ticket: requests are never quoted back.

use thiserror::Error;

use crate::protocol::offline::StoreFault;
use crate::session::auth::http::PostError;

#[derive(Debug, Error)]
pub(crate) enum OfflineError {
    #[error("{0} is not a valid offline-message service URL")]
    BadUrl(String),
    #[error("{0}: plain http:// is only allowed for a server on this machine")]
    InsecureUrl(String),
    #[error("{service}: {reason}")]
    Unreachable {
        service: &'static str,
        reason: String,
    },
    #[error("{service}: HTTP {status} without the expected answer")]
    Http { service: &'static str, status: u16 },
    #[error("{service}: unreadable answer: {reason}")]
    Unreadable {
        service: &'static str,
        reason: String,
    },
    #[error("{service} refused our ticket")]
    TicketExpired { service: &'static str },
    #[error("the server did not store it: {}", describe(.0))]
    Refused(StoreFault),
    #[error("the offline-message ticket was refused and cannot be renewed: {0}")]
    TicketRefused(String),
}

impl OfflineError {
    /// A SOAP post to `service` that got no readable answer.
    pub(super) fn posting(service: &'static str, error: PostError) -> Self {
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
