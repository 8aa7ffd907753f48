//! The notification server: sign-in, contact lists, presence, switchboard requests.

mod connection;
pub(super) mod documents;
mod formats;
mod lists;
mod login;
mod offline;
mod presence;
mod services;
mod session;

use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use super::Shared;
use super::listener::accept_loop;
pub use connection::{Liveness, serve_client};

/// Serves NS connections on `listener` until `shutdown` turns true.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: watch::Receiver<bool>) {
    let max = shared.options.max_connections;
    accept_loop(
        listener,
        "NS",
        max,
        shutdown,
        move |stream, peer, shutdown| {
            serve_client(
                Box::new(stream),
                peer,
                Arc::clone(&shared),
                Liveness::Traffic,
                shutdown,
            )
        },
    )
    .await;
}
