//! Client sessions, independent of any user interface: `Session::spawn` gives a handle
//! for requests and a stream of typed events (reference: tiny's `Client::new`).

pub mod address_book;
pub mod auth;
mod config;
mod error;
mod events;
mod handle;
pub mod machine_guid;
mod model;
mod ns;
pub mod reconnect;
pub mod redact;
mod request;
pub mod service_url;

use tokio::sync::mpsc;

pub use config::{SessionConfig, Timing};
pub use error::{Recovery, SessionError};
pub use events::{
    ConnectionKind, ConnectionState, ConnectionTag, Direction, DisconnectReason, ErrorInfo, Event,
    Presence, RawLine, Ring,
};
pub use handle::{SessionEnded, SessionHandle};
pub use model::{Contact, ContactList, Group, Profile};
pub use request::Request;

/// A session with a notification server. It runs as a tokio task until it signs out
/// or fails for good; the event stream ends then.
pub struct Session;

impl Session {
    /// Starts signing in. Must be called inside a tokio runtime.
    pub fn spawn(config: SessionConfig) -> (SessionHandle, mpsc::UnboundedReceiver<Event>) {
        let (request_tx, request_rx) = mpsc::unbounded_channel();
        let (event_tx, event_rx) = mpsc::unbounded_channel();
        let ctx = ns::Ctx::new(config, handle::EventSink::new(event_tx));
        tokio::spawn(ns::run(ctx, request_rx));
        (SessionHandle::new(request_tx), event_rx)
    }
}
