use std::time::{Duration, SystemTime};

use tokio::sync::mpsc;

use super::*;
use crate::chatlog::{self, LogEntry};
use crate::protocol::types::{List, ListBits, Status};
use crate::session::{
    ChatTarget, ConnectionState, ContactList, Delivery, DisconnectReason, OutgoingMessage,
    ReceivedMessage,
};
use crate::ui::event_loop::Session as _;
use crate::ui::model::{ChatLine, ConnectionState as Shown, Limits, Presence, SystemEvent};
use crate::ui::{Attention, Theme};

pub(super) struct Harness {
    bridge: Bridge,
    app: App,
    requests: mpsc::UnboundedReceiver<Request>,
}

impl Harness {
    fn new(protocol_pane_after_sign_in: bool) -> Self {
        let (sender, requests) = mpsc::unbounded_channel();
        let mut model = Model::new("me@x.com", Limits::default());
        Bridge::prepare(&mut model);
        Harness {
            bridge: Bridge::new(SessionHandle::new(sender), protocol_pane_after_sign_in),
            app: App::new(
                model,
                Theme::from_settings(Some("1"), None),
                Attention::default(),
            ),
            requests,
        }
    }

    fn apply(&mut self, event: Event) {
        self.bridge.apply(&mut self.app, event.into());
    }

    fn act(&mut self, action: Action) {
        self.app.update(action.clone());
        self.bridge.act(&mut self.app, &action);
    }

    fn submit(&mut self, line: &str) {
        self.act(Action::Submit(line.to_owned()));
    }

    fn model(&self) -> &Model {
        self.app.model()
    }

    fn sent(&mut self) -> Vec<Request> {
        std::iter::from_fn(|| self.requests.try_recv().ok()).collect()
    }

    fn lines(&self, tab: usize) -> Vec<ChatLine> {
        let lines = &self.model().conversations.tabs()[tab].lines;
        (0..lines.len()).filter_map(|i| lines.get(i)).collect()
    }

    fn notice(&self) -> Option<&str> {
        self.model().status.notice.as_deref()
    }
}

fn contact(email: &str, name: &str, status: Status, groups: &[&str]) -> session::Contact {
    let mut contact = session::Contact::new(email);
    contact.name = name.into();
    contact.status = status;
    contact.lists = ListBits::default().with(List::Forward);
    contact.groups = groups.iter().map(|g| (*g).to_owned()).collect();
    contact
}

fn bob_list() -> ContactList {
    ContactList {
        contacts: vec![
            contact("bob@x.com", "Bob", Status::Away, &["g1"]),
            contact("amy@x.com", "Amy", Status::Offline, &[]),
        ],
        groups: vec![session::Group {
            id: "g1".into(),
            name: "Friends".into(),
        }],
        ..ContactList::default()
    }
}

fn conversation(n: u64) -> session::ConversationId {
    session::ConversationId(n)
}

fn opened(n: u64, with: &str) -> Event {
    Event::ConversationOpened {
        conversation: conversation(n),
        with: vec![with.into()],
    }
}

mod chat;
mod commands;
mod connection;
mod pictures;
