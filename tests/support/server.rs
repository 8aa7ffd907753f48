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

/// Options for a server on the same ports as `old` (without CHL), to start once `old`
/// has shut down: a server that went away and came back.
pub fn same_ports(old: &RunningServer) -> ServerOptions {
    ServerOptions {
        ns_listen: old.ns,
        sb_listen: old.sb,
        http_listen: old.http,
        challenge_interval: None,
        ..ServerOptions::loopback()
    }
}
