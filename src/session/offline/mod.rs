//! Offline messages on the client side (extensions §2): fetching those sent to us from
//! `rsi.asmx` (MSNP11+) and deleting them once logged, and storing ours with `oim.asmx`
//! (MSNP13+) when a contact is offline. The NS task builds the service at sign-in; the
//! conversation layer shows, logs and stores through it.

mod error;
mod fetch;
mod renew;
mod store;

use std::sync::Arc;

use tokio::sync::{Mutex, oneshot};
use url::Url;

use super::auth::AuthClient;
use super::service_url::ServiceUrlError;
use crate::protocol::message::Secret;

pub(crate) use error::{Endpoint, OfflineError};
pub(crate) use fetch::Fetched;
use store::Storing;

/// Larger answers are refused rather than buffered.
const MAX_ANSWER: usize = 4 << 20;

/// The tickets the two services take, from the sign-in.
#[derive(Debug, Clone)]
pub(crate) struct OfflineTickets {
    /// `PassportCookie` of `rsi.asmx`: the `messenger.msn.com` ticket, or the TWN ticket.
    pub fetch: Secret,
    /// `Ticket/@passport` of `oim.asmx`: `messengersecure.live.com`, or the TWN ticket.
    pub store: Secret,
}

/// Who we are, and where a refused ticket is renewed.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    pub email: String,
    pub password: Secret,
    /// RST, from MSNP15; `None` before, where only a new sign-in gives new tickets.
    pub rst_url: Option<String>,
}

/// How we appear in the messages we store (MSNP13+).
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    pub version: u8,
    pub friendly_name: String,
}

/// The services of one signed-in session. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct OfflineService {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: AuthClient,
    rsi_url: Url,
    credentials: Credentials,
    /// The `rsi.asmx` ticket, held by one fetch at a time, so that two announcements
    /// never fetch one message twice (and a renewal serves the next fetch).
    fetch_ticket: Mutex<Secret>,
    /// `None` below MSNP13, where offline messages cannot be sent.
    storing: Option<Storing>,
}

fn service_url(text: &str) -> Result<Url, OfflineError> {
    crate::session::service_url::service_url(text).map_err(|error| match error {
        ServiceUrlError::Bad(url) => OfflineError::BadUrl(url),
        ServiceUrlError::Insecure(url) => OfflineError::InsecureUrl(url),
    })
}

impl OfflineService {
    /// The service for fetching; storing too when `sender` is given (MSNP13+).
    pub fn new(
        client: AuthClient,
        rsi_url: &str,
        oim_url: &str,
        tickets: OfflineTickets,
        credentials: Credentials,
        sender: Option<Sender>,
    ) -> Result<Self, OfflineError> {
        let rsi_url = service_url(rsi_url)?;
        let storing = match sender {
            Some(sender) => Some(Storing::new(service_url(oim_url)?, tickets.store, sender)),
            None => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                rsi_url,
                credentials,
                fetch_ticket: Mutex::new(tickets.fetch),
                storing,
            }),
        })
    }

    /// True when messages can be stored (MSNP13+).
    pub fn can_store(&self) -> bool {
        self.inner.storing.is_some()
    }
}

/// What the NS task tells the conversation layer about offline messages.
#[derive(Debug)]
pub(crate) enum OfflineNews {
    /// Signed in: storing goes through this service (MSNP13+), or is impossible (why).
    Sending(Result<OfflineService, String>),
    /// Fetched messages to show and log; the layer answers with the ids that are safe
    /// to delete on the server (logged, or seen before).
    Fetched {
        fetched: Fetched,
        logged: oneshot::Sender<Vec<String>>,
    },
    /// Something went wrong out of sight (a delete, a fetch); meant for people.
    Problem(String),
}
