//! The bundled server's HTTP services, in Escargot's shapes: the Passport 1.4 nexus and
//! login (TWN, MSNP8–14), the RST SOAP sign-in (SSO, MSNP15+), and the address-book and
//! sharing SOAP services (MSNP13+), the offline-message services `oim.asmx` (store)
//! and `rsi.asmx` (fetch, delete), and the HTTP polling gateway.

mod abch;
mod abservice;
mod address_book;
mod gateway;
mod gateway_sessions;
mod oim;
mod passport;
mod rsi;
mod rst;
mod rst_response;
mod sharing;
mod soap;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::Shared;
use super::sb::Registry;
use gateway_sessions::Sessions;

pub use crate::protocol::xml::{Element, XmlError};
pub use passport::PassportCredentials;
pub use rst::{RstError, RstRequest, TokenRequest};

/// Where the services answer; a client's `[services]` URLs are the base plus these.
pub const NEXUS_PATH: &str = "/rdr/pprdr.asp";
pub const RST_PATH: &str = "/RST.srf";
pub const ADDRESS_BOOK_PATH: &str = "/abservice/abservice.asmx";
pub const SHARING_PATH: &str = "/abservice/SharingService.asmx";
pub const OIM_PATH: &str = "/OimWS/oim.asmx";
pub const RSI_PATH: &str = "/rsi/rsi.asmx";

/// Larger request bodies are refused with 413.
pub const MAX_BODY: usize = 1 << 20;

fn router(shared: Arc<Shared>, gateway: Arc<Sessions>) -> Router {
    Router::new()
        .route(NEXUS_PATH, get(passport::nexus))
        .route("/nexus-mock", get(passport::nexus))
        .route("/login", get(passport::login))
        .route(RST_PATH, post(rst::rst))
        .route("/RST2.srf", post(rst::rst2))
        .route(ADDRESS_BOOK_PATH, post(abch::handle))
        .route(SHARING_PATH, post(abch::handle))
        .route(OIM_PATH, post(oim::handle))
        .route(RSI_PATH, post(rsi::handle))
        .route("/gateway/gateway.dll", gateway::route(gateway))
        .fallback(|| async { plain_response(StatusCode::NOT_FOUND) })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(refuse_declared_oversize))
        .with_state(shared)
}

/// Serves the HTTP services on `listener` until `shutdown` turns true (or its sender
/// goes away), then lets open requests finish. Gateway sessions reach the NS and the
/// `switchboards`.
pub async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    switchboards: Arc<Registry>,
    mut shutdown: watch::Receiver<bool>,
) {
    let gateway = Arc::new(Sessions::new(
        Arc::clone(&shared),
        switchboards,
        shutdown.clone(),
    ));
    let app =
        router(shared, Arc::clone(&gateway)).into_make_service_with_connect_info::<SocketAddr>();
    let stop = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
    };
    let serving = async {
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(%error, "HTTP service stopped");
        }
    };
    tokio::join!(serving, gateway.sweep());
}

/// Refuses a body whose declared length is too large before reading any of it, so the
/// client gets its 413 instead of a stalled upload (the body limit covers chunked ones).
async fn refuse_declared_oversize(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return plain_response(StatusCode::PAYLOAD_TOO_LARGE);
    }
    next.run(request).await
}

/// A bare status with aiohttp's default body (`404: Not Found`), as Escargot sends them.
fn plain_response(status: StatusCode) -> Response {
    let body = format!(
        "{}: {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    let content_type = HeaderValue::from_static("text/plain; charset=utf-8");
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}
