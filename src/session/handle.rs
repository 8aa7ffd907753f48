//! The two ends a user interface holds: a handle to send requests, and the event stream.

use tokio::sync::mpsc;

use super::events::{ConnectionState, Event};
use super::request::Request;
use crate::protocol::types::Status;

/// Sends requests to a running session. Cheap to clone; dropping every clone signs out.
#[derive(Debug, Clone)]
pub struct SessionHandle {
    requests: mpsc::UnboundedSender<Request>,
}

/// The session has ended; its requests go nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the session has ended")]
pub struct SessionEnded;

impl SessionHandle {
    pub(crate) fn new(requests: mpsc::UnboundedSender<Request>) -> Self {
        Self { requests }
    }

    pub fn send(&self, request: Request) -> Result<(), SessionEnded> {
        self.requests.send(request).map_err(|_| SessionEnded)
    }

    pub fn set_status(&self, status: Status) -> Result<(), SessionEnded> {
        self.send(Request::SetStatus(status))
    }

    pub fn set_name(&self, name: impl Into<String>) -> Result<(), SessionEnded> {
        self.send(Request::SetName(name.into()))
    }

    pub fn set_personal_message(&self, message: impl Into<String>) -> Result<(), SessionEnded> {
        self.send(Request::SetPersonalMessage(message.into()))
    }

    pub fn sign_out(&self) -> Result<(), SessionEnded> {
        self.send(Request::SignOut)
    }

    /// True once the session task has finished.
    pub fn is_closed(&self) -> bool {
        self.requests.is_closed()
    }
}

/// The session's side of the event channel.
#[derive(Debug, Clone)]
pub(crate) struct EventSink {
    events: mpsc::UnboundedSender<Event>,
    /// The NS's sink only: a copy of the events the conversation layer acts on (sign-in,
    /// state, invitations, presence, the lists). It also takes `Disconnected` in place of
    /// the user interface, and passes it on once its switchboards are closed, so that it
    /// stays the last event.
    conversations: Option<mpsc::UnboundedSender<Event>>,
}

impl EventSink {
    pub(crate) fn new(events: mpsc::UnboundedSender<Event>) -> Self {
        Self {
            events,
            conversations: None,
        }
    }

    pub(crate) fn watched_by(self, conversations: mpsc::UnboundedSender<Event>) -> Self {
        Self {
            conversations: Some(conversations),
            ..self
        }
    }

    /// Sends an event; a user interface that stopped listening is not an error.
    pub(crate) fn emit(&self, event: Event) {
        if let Some(conversations) = &self.conversations {
            match event {
                Event::State(ConnectionState::Disconnected(_)) => {
                    if let Err(unsent) = conversations.send(event) {
                        let _ = self.events.send(unsent.0);
                    }
                    return;
                }
                Event::SignedIn { .. }
                | Event::State(_)
                | Event::Ring(_)
                | Event::Presence(_)
                | Event::ContactList(_)
                | Event::ContactChanged(_)
                | Event::ContactRemoved { .. } => {
                    let _ = conversations.send(event.clone());
                }
                _ => {}
            }
        }
        let _ = self.events.send(event);
    }
}
