//! `POST /gateway/gateway.dll`: the HTTP polling gateway, in Escargot's shape (extensions
//! §4.3). A request without `SessionID` opens a session (`Server=NS` an NS one, anything
//! else an SB one); every other body goes to the session's connection, and every
//! response carries whatever the connection has written meanwhile.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};

use super::gateway_sessions::{Session, Sessions, Target};
use super::plain_response;
use crate::server::Shared;

const MESSENGER_HEADER: HeaderName = HeaderName::from_static("x-msn-messenger");
const CONTENT_TYPE_MESSENGER: &str = "application/x-msn-messenger";

/// The route's handlers, with the session table as their state.
pub(super) fn route(sessions: Arc<Sessions>) -> MethodRouter<Arc<Shared>> {
    post(handle).options(preflight).with_state(sessions)
}

async fn handle(
    State(sessions): State<Arc<Sessions>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let session = match query.get("SessionID") {
        Some(id) => match sessions.get(id) {
            Some(session) => session,
            None => return plain_response(StatusCode::BAD_REQUEST),
        },
        None => {
            let target = match query.get("Server").map(String::as_str) {
                Some("NS") => Target::Notification,
                _ => Target::Switchboard,
            };
            let ip = query.get("IP").cloned().unwrap_or_default();
            sessions.open(target, ip, peer)
        }
    };
    // A poll's body (there should be none) is not fed to the connection.
    let body = if query.get("Action").map(String::as_str) == Some("poll") {
        Bytes::new()
    } else {
        body
    };
    let answer = session.exchange(body).await;
    respond(&session, answer)
}

fn respond(session: &Session, answer: Bytes) -> Response {
    let messenger = format!("SessionID={}; GW-IP={}", session.id, session.gateway_ip);
    let Ok(messenger) = HeaderValue::from_str(&messenger) else {
        return plain_response(StatusCode::BAD_REQUEST);
    };
    let mut response = (
        [
            (MESSENGER_HEADER, messenger),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(CONTENT_TYPE_MESSENGER),
            ),
        ],
        answer,
    )
        .into_response();
    cors(&mut response);
    response
}

async fn preflight() -> Response {
    let mut response = StatusCode::OK.into_response();
    cors(&mut response);
    response
}

/// For browser clients, as Escargot sends them.
fn cors(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("X-MSN-Messenger"),
    );
}
