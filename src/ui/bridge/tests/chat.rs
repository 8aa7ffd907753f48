use super::*;

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
        (&*theirs.sender_name, theirs.text.as_str()),
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
fn history_names_senders_as_the_contact_list_does() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(Event::History {
        contact: "bob@x.com".into(),
        entries: vec![LogEntry {
            time: SystemTime::now() - Duration::from_secs(60),
            direction: chatlog::Direction::Received,
            sender: "bob@x.com".into(),
            status: None,
            text: "logged".into(),
        }],
    });
    let names: Vec<String> = h
        .lines(0)
        .into_iter()
        .filter_map(|line| match line {
            ChatLine::Message(message) => Some(message.sender_name.to_string()),
            ChatLine::System { .. } => None,
        })
        .collect();
    assert_eq!(names, ["Bob"]);
}
