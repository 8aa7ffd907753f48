//! Shared helpers for integration tests.
#![allow(dead_code)] // each test binary uses a different subset

pub mod client;
pub mod config_file;
pub mod gateway_frames;
pub mod proxies;
pub mod replay;
pub mod transcripts;
