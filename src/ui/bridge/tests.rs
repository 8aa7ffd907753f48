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

struct Harness {
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
        self.bridge.apply(&mut self.app, event);
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
        (0..lines.len())
            .filter_map(|i| lines.get(i).cloned())
            .collect()
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

#[test]
fn contact_list_presence_and_personal_messages_reach_the_model() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(Event::PersonalMessage {
        email: "bob@x.com".into(),
        message: "out".into(),
        media: Some("Song".into()),
    });
    h.apply(Event::Presence(session::Presence {
        email: "amy@x.com".into(),
        status: Status::Busy,
        name: "Amy B".into(),
        capabilities: None,
        msn_object: None,
    }));
    let contacts = &h.model().contacts;
    assert_eq!(contacts.groups()[0].name, "Friends");
    let bob = contacts.get("bob@x.com").expect("bob");
    assert_eq!(
        (bob.presence, bob.groups.as_slice()),
        (Presence::Away, &["g1".to_owned()][..])
    );
    assert_eq!(bob.personal_message, "out ♫ Song");
    let amy = contacts.get("amy@x.com").expect("amy");
    assert_eq!(
        (amy.presence, amy.friendly_name.as_str()),
        (Presence::Busy, "Amy B")
    );

    let mut shorter = bob_list();
    shorter.contacts.truncate(1);
    shorter.groups.clear();
    h.apply(Event::ContactList(shorter));
    assert!(h.model().contacts.get("amy@x.com").is_none());
    assert!(h.model().contacts.groups().is_empty());
}

#[test]
fn connection_states_and_the_protocol_pane_during_sign_in() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    assert!(h.model().panes.protocol_visible);
    h.apply(Event::State(ConnectionState::SigningIn {
        server: "s:1".into(),
    }));
    assert_eq!(h.model().status.connection, Shown::SigningIn);
    h.apply(Event::State(ConnectionState::Online));
    assert!(!h.model().panes.protocol_visible);
    h.act(Action::ToggleProtocol);
    h.apply(Event::State(ConnectionState::Reconnecting {
        attempt: 1,
        delay: Duration::from_millis(1500),
        reason: "connection reset".into(),
    }));
    assert_eq!(
        h.model().status.connection,
        Shown::Reconnecting { in_seconds: 2 }
    );
    assert_eq!(h.notice(), Some("connection lost: connection reset"));
    assert!(
        h.model()
            .contacts
            .contacts()
            .iter()
            .all(|contact| contact.presence == Presence::Offline)
    );
    h.apply(Event::State(ConnectionState::Online));
    assert!(h.model().panes.protocol_visible, "the user's choice stands");
    assert_eq!(h.notice(), None);
    h.apply(Event::State(ConnectionState::Disconnected(
        DisconnectReason::OtherLocation,
    )));
    assert_eq!(
        h.model().status.connection.describe(),
        "signed out: signed in from another location"
    );
}

#[test]
fn a_message_goes_out_is_delivered_and_the_answer_comes_back() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.act(Action::OpenConversation("bob@x.com".into()));
    assert_eq!(
        h.sent(),
        [Request::History {
            contact: "bob@x.com".into(),
            count: HISTORY_LINES
        }]
    );
    h.submit("hi bob");
    assert_eq!(
        h.sent(),
        [Request::SendMessage {
            to: ChatTarget::Contact("bob@x.com".into()),
            text: "hi bob".into()
        }]
    );
    h.apply(opened(7, "bob@x.com"));
    assert_eq!(
        h.model().conversations.tabs().len(),
        1,
        "linked to the open tab"
    );
    h.apply(Event::Outgoing(OutgoingMessage {
        conversation: conversation(7),
        message: session::MessageId(3),
        time: SystemTime::now(),
        content: session::Outgoing::Text("hi bob".into()),
    }));
    h.apply(Event::Delivery {
        conversation: conversation(7),
        message: session::MessageId(3),
        state: Delivery::Failed("bob is offline".into()),
    });
    h.apply(Event::MessageReceived(ReceivedMessage {
        conversation: conversation(7),
        sender: "bob@x.com".into(),
        sender_name: "Bob".into(),
        time: SystemTime::now(),
        text: "hello".into(),
        format: None,
    }));
    let lines = h.lines(0);
    let [ChatLine::Message(own), ChatLine::Message(theirs)] = lines.as_slice() else {
        panic!("two messages expected: {lines:?}");
    };
    assert_eq!(
        own.own.as_ref().map(|(_, state)| state.clone()),
        Some(model::Delivery::Failed("bob is offline".into()))
    );
    assert_eq!(
        (theirs.sender_name.as_str(), theirs.text.as_str()),
        ("Bob", "hello")
    );

    h.act(Action::Typing);
    h.submit("again");
    assert_eq!(
        h.sent(),
        [
            Request::Typing {
                conversation: conversation(7)
            },
            Request::SendMessage {
                to: ChatTarget::Conversation(conversation(7)),
                text: "again".into()
            }
        ]
    );
}

#[test]
fn joins_leaves_typing_and_nudges_show_in_the_conversation() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(1, "bob@x.com"));
    let participant = |email: &str, name: &str| session::Participant {
        email: email.into(),
        name: name.into(),
    };
    h.apply(Event::Participants {
        conversation: conversation(1),
        present: vec![
            participant("bob@x.com", "Bob"),
            participant("amy@x.com", "Amy"),
        ],
        joined: vec!["amy@x.com".into()],
        left: Vec::new(),
    });
    h.apply(Event::Typing {
        conversation: conversation(1),
        email: "bob@x.com".into(),
        typing: true,
    });
    assert_eq!(h.model().conversations.tabs()[0].typing[0].name, "Bob");
    h.apply(Event::Nudge {
        conversation: conversation(1),
        sender: "bob@x.com".into(),
    });
    h.apply(Event::Participants {
        conversation: conversation(1),
        present: vec![participant("bob@x.com", "Bob")],
        joined: Vec::new(),
        left: vec!["amy@x.com".into()],
    });
    h.apply(Event::Participants {
        conversation: conversation(1),
        present: Vec::new(),
        joined: Vec::new(),
        left: vec!["bob@x.com".into()],
    });
    let events: Vec<SystemEvent> = h
        .lines(0)
        .into_iter()
        .filter_map(|line| match line {
            ChatLine::System { event, .. } => Some(event),
            ChatLine::Message(_) => None,
        })
        .collect();
    assert_eq!(
        events,
        [
            SystemEvent::Joined { name: "Amy".into() },
            SystemEvent::Nudge { name: "Bob".into() },
            SystemEvent::Left { name: "Amy".into() },
            SystemEvent::Left { name: "Bob".into() },
        ]
    );
    let tab = &h.model().conversations.tabs()[0];
    assert_eq!(tab.participants.len(), 1, "a 1:1 tab keeps its contact");
}

#[test]
fn history_goes_before_what_the_conversation_shows() {
    let mut h = Harness::new(false);
    let now = SystemTime::now();
    h.apply(Event::MessageReceived(ReceivedMessage {
        conversation: conversation(2),
        sender: "bob@x.com".into(),
        sender_name: "Bob".into(),
        time: now,
        text: "new".into(),
        format: None,
    }));
    let entry = |ago: u64, direction, text: &str| LogEntry {
        time: now - Duration::from_secs(ago),
        direction,
        sender: "bob@x.com".into(),
        status: None,
        text: text.into(),
    };
    h.apply(Event::History {
        contact: "bob@x.com".into(),
        entries: vec![
            entry(60, chatlog::Direction::Sent, "old question"),
            entry(30, chatlog::Direction::Received, "old answer"),
            entry(0, chatlog::Direction::Received, "new"),
        ],
    });
    let texts: Vec<String> = h
        .lines(0)
        .into_iter()
        .filter_map(|line| match line {
            ChatLine::Message(message) => Some(message.text),
            ChatLine::System { .. } => None,
        })
        .collect();
    assert_eq!(texts, ["old question", "old answer", "new"]);
}

#[test]
fn commands_become_requests_or_explanations() {
    let mut h = Harness::new(false);
    h.submit("/status away");
    h.submit("/group add Work");
    assert_eq!(
        h.sent(),
        [
            Request::SetStatus(Status::Away),
            Request::AddGroup {
                name: "Work".into()
            }
        ]
    );
    h.submit("/frobnicate");
    assert_eq!(h.notice(), Some("unknown command /frobnicate"));
    h.submit("/add not-an-address");
    assert_eq!(
        h.notice(),
        Some("\"not-an-address\" is not an e-mail address")
    );
    h.submit("hello?");
    assert!(
        h.notice()
            .is_some_and(|n| n.starts_with("no conversation is open"))
    );
    h.submit("/nudge");
    assert!(
        h.notice()
            .is_some_and(|n| n.starts_with("no conversation is open"))
    );
    assert!(h.sent().is_empty());

    h.submit("/msg bob@x.com hi there");
    assert_eq!(
        h.model()
            .conversations
            .active()
            .map(|t| t.participants[0].address.as_str()),
        Some("bob@x.com")
    );
    assert!(h.sent().contains(&Request::SendMessage {
        to: ChatTarget::Contact("bob@x.com".into()),
        text: "hi there".into()
    }));
    h.submit("/nudge");
    assert_eq!(
        h.sent(),
        [Request::Nudge {
            to: ChatTarget::Contact("bob@x.com".into())
        }]
    );
}

#[test]
fn screen_commands_are_handled_by_the_ui() {
    let mut h = Harness::new(false);
    h.apply(Event::State(ConnectionState::Online));
    h.submit("/debug");
    assert!(h.model().panes.protocol_visible);
    h.submit("/debug filter SB");
    assert_eq!(h.model().protocol.filter(), "SB");
    h.submit("/debug sideways");
    assert_eq!(h.notice(), Some("usage: /debug [filter TEXT]"));
    h.submit("/help");
    assert!(h.model().panes.help.is_some());
    h.apply(opened(4, "bob@x.com"));
    h.sent();
    h.submit("/close");
    assert!(h.model().conversations.tabs().is_empty());
    assert_eq!(
        h.sent(),
        [Request::CloseConversation {
            conversation: conversation(4)
        }]
    );
    h.submit("/quit");
    assert_eq!(h.sent(), [Request::SignOut]);
    assert!(h.app.should_quit());
}
