//! Sending: `Store` (MSNP13–15) or `Store2` (MSNP16+) to `oim.asmx`, one message at a
//! time. The first request of a session has no lock key; the service answers with a
//! challenge, whose CHL answer is the key for the rest of the session. A refused ticket
//! is renewed once (MSNP15+, through RST).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use tokio::sync::Mutex;
use url::Url;

use super::renew::Ticket;
use super::{Endpoint, MAX_ANSWER, OfflineError, OfflineService, Sender};
use crate::protocol::auth::{answer_challenge, product_for};
use crate::protocol::message::Secret;
use crate::protocol::offline::{
    StoreAnswer, StoreFault, StoreRequest, compose_content, store_action, store_envelope,
};
use crate::session::ns::client_build;

const SERVICE: Endpoint = Endpoint::Store;
/// The historic service limits the friendly name it shows.
const MAX_FRIENDLY_NAME: usize = 48;

#[derive(Debug)]
pub(super) struct Storing {
    url: Url,
    sender: Sender,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    ticket: Secret,
    /// Empty until the service gave a challenge.
    lock_key: String,
    /// One GUID per session (`X-OIM-Run-Id`).
    run_id: String,
    /// Messages stored so far in this run: the next one's sequence number follows.
    stored: u32,
}

impl Storing {
    pub fn new(url: Url, ticket: Secret, sender: Sender) -> Self {
        Self {
            url,
            sender,
            state: Mutex::new(State {
                ticket,
                lock_key: String::new(),
                run_id: format!("{{{}}}", uuid::Uuid::new_v4().to_string().to_uppercase()),
                stored: 0,
            }),
        }
    }

    fn request(
        &self,
        state: &State,
        from: &str,
        to: &str,
        number: u32,
        content: &str,
    ) -> StoreRequest {
        let version = self.sender.version;
        let name: String = self
            .sender
            .friendly_name
            .chars()
            .take(MAX_FRIENDLY_NAME)
            .collect();
        let ticket = state.ticket.expose();
        StoreRequest {
            from: from.to_owned(),
            friendly_name: format!("=?utf-8?B?{}?=", BASE64.encode(name.as_bytes())),
            to: to.to_owned(),
            ticket: if ticket.starts_with("t=") {
                ticket.to_owned()
            } else {
                format!("t={ticket}&p=")
            },
            app_id: product_for(version).id.to_owned(),
            lock_key: state.lock_key.clone(),
            message_number: number,
            msnp_version: format!("MSNP{version}"),
            build: client_build(version).to_owned(),
            content: content.to_owned(),
        }
    }
}

impl OfflineService {
    /// Stores `text` for `to`. Messages are stored in the order this is called.
    pub async fn store(&self, to: &str, text: &str) -> Result<(), OfflineError> {
        let Some(storing) = &self.inner.storing else {
            return Err(OfflineError::Refused(StoreFault::Other(
                "no offline messages at this protocol version".into(),
            )));
        };
        let version = storing.sender.version;
        let mut state = storing.state.lock().await;
        let number = state.stored + 1;
        let content = compose_content(text, &state.run_id, number);
        let (mut rekeyed, mut renewed) = (false, false);
        loop {
            let from = &self.inner.credentials.email;
            let request = storing.request(&state, from, to, number, &content);
            let answer = self
                .inner
                .client
                .post_soap(
                    storing.url.clone(),
                    &store_action(version >= 16),
                    store_envelope(&request),
                    MAX_ANSWER,
                )
                .await
                .map_err(|error| OfflineError::posting(SERVICE, error))?;
            match StoreAnswer::parse(answer.status, &answer.body) {
                StoreAnswer::Stored => {
                    state.stored = number;
                    return Ok(());
                }
                StoreAnswer::Fault(StoreFault::LockKey { challenge }) if !rekeyed => {
                    state.lock_key = answer_challenge(version, &challenge, product_for(version));
                    rekeyed = true;
                }
                StoreAnswer::Fault(StoreFault::Authentication) if !renewed => {
                    state.ticket = self.renew(Ticket::Store).await?;
                    renewed = true;
                }
                StoreAnswer::Fault(fault) => return Err(OfflineError::Refused(fault)),
            }
        }
    }
}
