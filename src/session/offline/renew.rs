//! A ticket a service refused is renewed through RST (MSNP15+); both services ask for
//! it once per request, then resend.

use super::{OfflineError, OfflineService};
use crate::protocol::message::Secret;

/// The policy of the tickets asked for again.
const RENEWAL_POLICY: &str = "MBI_KEY_OLD";

/// Which service's ticket to renew.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ticket {
    /// `messenger.msn.com`, for `rsi.asmx`.
    Fetch,
    /// `messengersecure.live.com`, for `oim.asmx`.
    Store,
}

impl OfflineService {
    /// A fresh ticket for one service; before MSNP15 (TWN) only a new sign-in gives one.
    pub(super) async fn renew(&self, ticket: Ticket) -> Result<Secret, OfflineError> {
        let credentials = &self.inner.credentials;
        let Some(rst_url) = &credentials.rst_url else {
            return Err(OfflineError::TicketRefused(
                "before MSNP15 only a new sign-in gives a new ticket".into(),
            ));
        };
        let tokens = self
            .inner
            .client
            .sso_tokens(
                rst_url,
                &credentials.email,
                &credentials.password,
                RENEWAL_POLICY,
            )
            .await
            .map_err(|error| OfflineError::TicketRefused(error.to_string()))?;
        let (fresh, host) = match ticket {
            Ticket::Fetch => (tokens.fetch_ticket, "messenger.msn.com"),
            Ticket::Store => (tokens.store_ticket, "messengersecure.live.com"),
        };
        fresh.ok_or_else(|| OfflineError::TicketRefused(format!("no {host} ticket")))
    }
}
