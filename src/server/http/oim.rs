//! `oim.asmx` `Store` / `Store2` (MSNP13+): a sender stores an offline message. The first
//! request of a session has no lock key and gets `AuthenticationFailed` with the fixed
//! `LockKeyChallenge`; like Escargot, any non-empty lock key is then accepted (the
//! recording shows a wrong one passing). Unlike Escargot, a bad ticket gets the plain
//! `AuthenticationFailed` (no challenge) that tells a client to renew its ticket.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::abch::{authenticate, soap_action};
use super::soap::{ENVELOPE_OPEN, xml_response};
use crate::protocol::message::decode_encoded_words;
use crate::protocol::offline::{
    LOCK_KEY_CHALLENGE, OIM_NAMESPACE, STORE2_NAMESPACE, StoreRequest, StoredContent,
};
use crate::server::directory::StoredOffline;
use crate::server::{Shared, lock, offline};

/// Why a `Store` was refused, as its fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    LockKeyChallenge,
    BadTicket,
    Unavailable,
    InvalidContent,
}

fn fault(namespace: &str, refusal: Refusal) -> Response {
    let body = match refusal {
        Refusal::InvalidContent => format!(
            "{ENVELOPE_OPEN}  <soap:Header>\n    <Machine xmlns=\"{OIM_NAMESPACE}\" name=\"BAYM-OW15\" ver=\"12.30.1623.0\"/>\n  </soap:Header>\n  <soap:Body>\n    <soap:Fault>\n      <faultcode xmlns:q0=\"{namespace}\">q0:InvalidContent</faultcode>\n      <faultstring>Exception of type 'System.Web.Services.Protocols.SoapException' was thrown.</faultstring>\n      <detail/>\n    </soap:Fault>\n  </soap:Body>\n</soap:Envelope>"
        ),
        Refusal::Unavailable => {
            soap_fault(namespace, "SystemUnavailable", "", "\t\t\t<detail />\n")
        }
        Refusal::BadTicket => soap_fault(
            namespace,
            "AuthenticationFailed",
            "\t\t\t<faultactor>https://ows.messenger.msn.com/OimWS/oim.asmx</faultactor>\n",
            &format!(
                "\t\t\t<detail>\n\t\t\t\t<RequiredAuthPolicy xmlns=\"{namespace}\">MBI_SSL</RequiredAuthPolicy>\n\t\t\t</detail>\n"
            ),
        ),
        Refusal::LockKeyChallenge => soap_fault(
            namespace,
            "AuthenticationFailed",
            "\t\t\t<faultactor>https://ows.messenger.msn.com/OimWS/oim.asmx</faultactor>\n",
            &format!(
                "\t\t\t<detail>\n\t\t\t\t<TweenerChallenge xmlns=\"{namespace}\">ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1</TweenerChallenge>\n\t\t\t\t<LockKeyChallenge xmlns=\"{namespace}\">{LOCK_KEY_CHALLENGE}</LockKeyChallenge>\n\t\t\t</detail>\n"
            ),
        ),
    };
    xml_response(StatusCode::INTERNAL_SERVER_ERROR, body)
}

fn soap_fault(namespace: &str, code: &str, actor: &str, detail: &str) -> String {
    format!(
        "{ENVELOPE_OPEN}\t<soap:Body>\n\t\t<soap:Fault>\n\t\t\t<faultcode xmlns:q0=\"{namespace}\">q0:{code}</faultcode>\n\t\t\t<faultstring>Exception of type System.Web.Services.Protocols.SoapException was thrown.</faultstring>\n{actor}{detail}\t\t</soap:Fault>\n\t</soap:Body>\n</soap:Envelope>"
    )
}

fn stored(namespace: &str, number: u32) -> Response {
    xml_response(
        StatusCode::OK,
        format!(
            "{ENVELOPE_OPEN}\t<soap:Header>\n\t\t<SequenceAcknowledgment xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\">\n\t\t\t<Identifier xmlns=\"http://schemas.xmlsoap.org/ws/2002/07/utility\">http://messenger.msn.com</Identifier>\n\t\t\t<AcknowledgmentRange Upper=\"{number}\" Lower=\"{number}\" />\n\t\t</SequenceAcknowledgment>\n\t</soap:Header>\n\t<soap:Body>\n\t\t<StoreResponse xmlns=\"{namespace}\">\n\t\t\t<PointsConsumed>0</PointsConsumed>\n\t\t</StoreResponse>\n\t</soap:Body>\n</soap:Envelope>"
        ),
    )
}

/// `POST /OimWS/oim.asmx`.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store2 = soap_action(&headers).as_deref() == Some("Store2");
    let namespace = if store2 {
        STORE2_NAMESPACE
    } else {
        OIM_NAMESPACE
    };
    match store(&shared, peer, &body) {
        Ok(number) => stored(namespace, number),
        Err(refusal) => {
            tracing::debug!(?refusal, "offline message refused");
            fault(namespace, refusal)
        }
    }
}

fn store(shared: &Shared, peer: SocketAddr, body: &[u8]) -> Result<u32, Refusal> {
    let request = StoreRequest::parse(body).map_err(|_| Refusal::InvalidContent)?;
    let sender = authenticate(shared, &request.ticket).ok_or(Refusal::BadTicket)?;
    if request.lock_key.is_empty() {
        return Err(Refusal::LockKeyChallenge);
    }
    let recipient = request.to.to_ascii_lowercase();
    let sender_name = {
        let store = lock(&shared.store);
        let directory = store.directory();
        if directory.account(&recipient).is_none() || !directory.allows(&sender, &recipient) {
            return Err(Refusal::Unavailable);
        }
        directory
            .account(&sender)
            .map(|account| account.display_name.clone())
            .unwrap_or_else(|| sender.clone())
    };
    let content = StoredContent::check(&request.content).ok_or(Refusal::InvalidContent)?;
    let name_valid = request.friendly_name.is_empty()
        || (request.friendly_name.starts_with("=?") && request.friendly_name.ends_with("?="));
    if content.sequence != Some(request.message_number) || !name_valid {
        return Err(Refusal::InvalidContent);
    }
    let friendly = decode_encoded_words(&request.friendly_name);
    let message = StoredOffline {
        id: uuid::Uuid::new_v4().to_string().to_ascii_uppercase(),
        sender,
        sender_name: if friendly.is_empty() {
            sender_name
        } else {
            friendly
        },
        received: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs()),
        origin: peer.ip().to_string(),
        headers: content
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect::<Vec<_>>()
            .join("\r\n"),
        body: content.body,
    };
    offline::deliver(shared, &recipient, message).map_err(|error| {
        tracing::error!(%error, "cannot save the directory");
        Refusal::Unavailable
    })?;
    Ok(request.message_number)
}
