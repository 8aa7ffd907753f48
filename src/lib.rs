//! msntui: a terminal MSN Messenger client for revival servers (MSNP2–MSNP18).

pub mod chatlog;
pub mod cli;
pub mod config;
pub mod headless;
pub mod interactive;
pub mod logging;
pub mod p2p;
pub mod probe;
pub mod protocol;
pub mod server;
pub mod session;
pub mod ui;
