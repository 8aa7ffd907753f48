//! The switchboard: conversations between signed-in clients (and the server's bots).
//!
//! Clients arrive with a cookie from the NS (`XFR SB` → `USR`, `RNG` → `ANS`); the lines
//! they are sent follow each receiver's protocol version, as recorded from Escargot.

mod bots;
mod connection;
mod formats;
mod invite;
mod login;
mod registry;
mod session;

use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use super::Shared;
use super::listener::accept_loop;
pub use connection::run as serve_client;
pub use registry::Registry;

/// Serves switchboard connections on `listener` until `shutdown` turns true.
pub async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    registry: Arc<Registry>,
    shutdown: watch::Receiver<bool>,
) {
    let max = shared.options.max_connections;
    accept_loop(
        listener,
        "switchboard",
        max,
        shutdown,
        move |stream, peer, shutdown| {
            serve_client(
                Box::new(stream),
                peer,
                Arc::clone(&shared),
                Arc::clone(&registry),
                shutdown,
            )
        },
    )
    .await;
}
