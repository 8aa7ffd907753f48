//! Starting the bundled server for a test: the built-in accounts, free loopback ports.

use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, start};

/// A server with the built-in accounts on free loopback ports; `challenges` keeps the
/// periodic CHL (otherwise never sent, as Escargot does).
pub async fn server(challenges: bool) -> RunningServer {
    let mut options = ServerOptions::loopback();
    if !challenges {
        options.challenge_interval = None;
    }
    server_with(options).await
}

/// A server with the built-in accounts and these options.
pub async fn server_with(options: ServerOptions) -> RunningServer {
    start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts")
}
