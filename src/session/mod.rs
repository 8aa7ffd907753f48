//! Client sessions, independent of any user interface: `Session::spawn` gives a handle
//! for requests and a stream of typed events (reference: tiny's `Client::new`).

pub mod address_book;
pub mod auth;
mod chat;
pub mod commands;
mod config;
mod conversations;
mod error;
mod events;
mod handle;
mod known_names;
pub mod machine_guid;
mod model;
mod notice;
mod ns;
mod offline;
pub mod pictures;
pub mod reconnect;
pub mod redact;
mod request;
pub mod service_url;
mod switchboard;
mod transfers;
mod transport;

use std::sync::Arc;

use tokio::sync::mpsc;

use pictures::OwnPicture;

pub use chat::{
    ChatTarget, ConversationId, Delivery, MessageId, OfflineMessage, Outgoing, OutgoingMessage,
    Participant, ReceivedMessage,
};
pub use config::{
    DEFAULT_GATEWAY_URL, DEFAULT_POLL_INTERVAL, Network, Proxy, SessionConfig, Timing,
    TransportMode,
};
pub use error::{Recovery, SessionError};
pub use events::{
    ConnectionKind, ConnectionState, ConnectionTag, ContactInfo, Direction, DisconnectReason,
    ErrorInfo, Event, PictureInfo, Presence, RawLine, Ring,
};
pub use handle::{SessionEnded, SessionHandle};
pub use model::{Contact, ContactList, Group, Profile};
pub use notice::{Notice, ReceivedNotice, is_event_status};
pub use request::Request;
pub use transfers::{Progress, TransferEvent, TransferId, TransferState};

/// A session with a notification server and its switchboards. It runs as tokio tasks
/// until it signs out or fails for good; the event stream ends then.
pub struct Session;

impl Session {
    /// Starts signing in. Must be called inside a tokio runtime.
    ///
    /// Requests reach the conversation layer first; it carries out the chat ones and
    /// passes the others to the NS task, which it asks for switchboards.
    pub fn spawn(config: SessionConfig) -> (SessionHandle, mpsc::UnboundedReceiver<Event>) {
        let (request_tx, request_rx) = mpsc::unbounded_channel();
        let (ns_request_tx, ns_request_rx) = mpsc::unbounded_channel();
        let (switchboard_tx, switchboard_rx) = mpsc::unbounded_channel();
        let (ns_event_tx, ns_event_rx) = mpsc::unbounded_channel();
        let (event_tx, event_rx) = mpsc::unbounded_channel();
        let (offline_tx, offline_rx) = mpsc::unbounded_channel();
        let events = handle::EventSink::new(event_tx);
        let ids = ns::connection::ConnectionIds::default();
        let connector = transport::Connector::new(&config);
        let picture = own_picture(&config, &events);
        let ctx = ns::Ctx::new(
            config.clone(),
            events.clone().watched_by(ns_event_tx),
            ids.clone(),
            connector.clone(),
            switchboard_rx,
            offline_tx,
            picture.clone(),
        );
        tokio::spawn(ns::run(ctx, ns_request_rx));
        let wiring = conversations::Wiring {
            requests: request_rx,
            ns_requests: ns_request_tx,
            switchboards: switchboard_tx,
            ns_events: ns_event_rx,
            offline: offline_rx,
        };
        tokio::spawn(conversations::run(
            config, events, ids, connector, wiring, picture,
        ));
        (SessionHandle::new(request_tx), event_rx)
    }
}

/// Our display picture, read once; an unusable one is reported and left out.
fn own_picture(config: &SessionConfig, events: &handle::EventSink) -> Option<Arc<OwnPicture>> {
    let path = config.display_picture.as_deref()?;
    match OwnPicture::load(path, &config.email.to_ascii_lowercase()) {
        Ok(picture) => Some(Arc::new(picture)),
        Err(error) => {
            events.emit(Event::Error(ErrorInfo::new(error.to_string())));
            None
        }
    }
}
