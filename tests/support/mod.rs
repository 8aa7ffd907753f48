//! Shared helpers for integration tests.
#![allow(dead_code)] // each test binary uses a different subset

pub mod accounts;
pub mod client;
pub mod config_file;
pub mod fault_proxy;
pub mod gateway_frames;
pub mod link_switch;
pub mod proxies;
pub mod replay;
pub mod replay_http;
pub mod server;
pub mod tmux;
pub mod transcripts;
