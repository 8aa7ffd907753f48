use super::*;

fn message(from: &str, text: &str) -> MessageLine {
    MessageLine {
        time: Timestamp(0),
        sender_address: from.into(),
        sender_name: from.into(),
        text: text.into(),
        colour: None,
        own: None,
    }
}

fn model_with_bob() -> Model {
    let mut model = Model::new("me@x", Limits::default());
    model.contacts.upsert(Contact {
        presence: Presence::Online,
        ..Contact::new("bob@x", "Bob")
    });
    model
}

#[test]
fn messages_away_from_the_open_tab_are_unread_and_ring() {
    let mut model = model_with_bob();
    let bob = model.conversation_with("bob@x");
    let other = model.conversations.open(Vec::new());
    model.activate_id(other);
    model.push_message(bob, message("bob@x", "hi"));
    assert_eq!(model.conversations.total_unread(), 1);
    assert_eq!(model.contacts.get("bob@x").map(|c| c.unread), Some(1));
    assert!(model.take_bell());
    assert!(!model.take_bell());

    model.activate_id(bob);
    assert_eq!(model.conversations.total_unread(), 0);
    assert_eq!(model.contacts.get("bob@x").map(|c| c.unread), Some(0));
    model.push_message(bob, message("bob@x", "still there?"));
    assert!(!model.take_bell());
}

#[test]
fn reuses_the_one_to_one_conversation_with_a_contact() {
    let mut model = model_with_bob();
    let first = model.conversation_with("bob@x");
    assert_eq!(model.conversation_with("BOB@x"), first);
    let participant = &model.conversations.tabs()[0].participants[0];
    assert_eq!(participant.friendly_name, "Bob");
    assert_eq!(participant.presence, Presence::Online);
}

#[test]
fn presence_and_names_reach_every_conversation() {
    let mut model = model_with_bob();
    let bob = model.conversation_with("bob@x");
    model.set_presence("bob@x", Presence::Busy);
    model.set_friendly_name("bob@x", "Robert");
    let participant = &model
        .conversations
        .get(bob)
        .map(|c| c.participants[0].clone());
    assert_eq!(
        participant
            .as_ref()
            .map(|p| (p.friendly_name.as_str(), p.presence)),
        Some(("Robert", Presence::Busy))
    );
    assert_eq!(
        model.contacts.get("bob@x").map(|c| c.presence),
        Some(Presence::Busy)
    );
}

#[test]
fn joins_and_leaves_change_participants_and_add_lines() {
    let mut model = model_with_bob();
    let bob = model.conversation_with("bob@x");
    let amy = Participant {
        address: "amy@x".into(),
        friendly_name: "Amy".into(),
        presence: Presence::Away,
    };
    model.participant_joined(bob, Timestamp(1), amy);
    model.participant_left(bob, Timestamp(2), "BOB@X");
    let Some(conversation) = model.conversations.get(bob) else {
        panic!("conversation is open");
    };
    let names: Vec<&str> = conversation
        .participants
        .iter()
        .map(|p| p.friendly_name.as_str())
        .collect();
    assert_eq!(names, ["Amy"]);
    assert_eq!(
        conversation.lines.get(1),
        Some(ChatLine::System {
            time: Timestamp(2),
            event: SystemEvent::Left { name: "Bob".into() }
        })
    );
}

/// Each new switchboard of a one-to-one chat has the contact join again: only a return
/// after they left is worth a line.
#[test]
fn a_one_to_one_tab_shows_its_contact_joining_only_after_they_left() {
    let mut model = model_with_bob();
    let bob = model.conversation_with("bob@x");
    let robert = |name: &str| Participant {
        address: "BOB@X".into(),
        friendly_name: name.into(),
        presence: Presence::Online,
    };
    model.participant_joined(bob, Timestamp(1), robert("Bob"));
    model.participant_left(bob, Timestamp(2), "bob@x");
    model.participant_joined(bob, Timestamp(3), robert("Robert"));
    model.participant_joined(bob, Timestamp(4), robert("Robert"));
    let Some(conversation) = model.conversations.get(bob) else {
        panic!("conversation is open");
    };
    let lines: Vec<ChatLine> = (0..conversation.lines.len())
        .filter_map(|at| conversation.lines.get(at))
        .collect();
    let system = |time, event| ChatLine::System {
        time: Timestamp(time),
        event,
    };
    assert_eq!(
        lines,
        [
            system(2, SystemEvent::Left { name: "Bob".into() }),
            system(
                3,
                SystemEvent::Joined {
                    name: "Robert".into()
                }
            ),
        ]
    );
    assert_eq!(conversation.participants, [robert("Robert")]);
}

#[test]
fn own_messages_use_our_name_and_start_queued() {
    let mut model = model_with_bob();
    model.status.own.friendly_name = "Me!".into();
    let bob = model.conversation_with("bob@x");
    let id = model.push_own_message(bob, Timestamp(5), "hello");
    assert!(id.is_some());
    match model.conversations.get(bob).and_then(|c| c.lines.get(0)) {
        Some(ChatLine::Message(line)) => {
            assert_eq!(&*line.sender_name, "Me!");
            assert_eq!(
                line.own.as_ref().map(|(_, state)| state),
                Some(&Delivery::Queued)
            );
        }
        other => panic!("expected our message, got {other:?}"),
    }
}

#[test]
fn nudges_ring_and_typing_expiry_reports_change() {
    let mut model = model_with_bob();
    let bob = model.conversation_with("bob@x");
    model.push_system(bob, Timestamp(0), SystemEvent::Nudge { name: "Bob".into() });
    assert!(model.take_bell());
    let now = Instant::now();
    if let Some(conversation) = model.conversations.get_mut(bob) {
        conversation.set_typing(Typing {
            address: "bob@x".into(),
            name: "Bob".into(),
            until: now,
        });
    }
    assert_eq!(model.conversations.next_deadline(), Some(now));
    assert!(model.expire_typing(now));
    assert!(!model.expire_typing(now));
}
