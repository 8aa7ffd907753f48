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
    assert!(
        h.notice().is_some_and(|n| n.contains("/resend")),
        "a failure on screen says how to try again: {:?}",
        h.notice()
    );
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

    h.submit("/resend");
    assert_eq!(
        h.sent(),
        [Request::Resend {
            conversation: conversation(7)
        }]
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

/// Someone not on our list who writes to us is shown, once they have joined, with the
/// name the switchboard gives and as online, not as their address and offline.
#[test]
fn a_stranger_in_a_one_to_one_tab_is_shown_as_the_switchboard_names_them() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(1, "cy@x.com"));
    let before = h.model().conversations.tabs()[0].participants[0].clone();
    assert_eq!(
        (before.friendly_name.as_str(), before.presence),
        ("cy@x.com", Presence::Offline),
        "nothing is known before the join"
    );
    h.apply(Event::Participants {
        conversation: conversation(1),
        present: vec![session::Participant {
            email: "cy@x.com".into(),
            name: "Cy 漢字".into(),
        }],
        joined: vec!["cy@x.com".into()],
        left: Vec::new(),
    });
    let tab = &h.model().conversations.tabs()[0];
    let [cy] = tab.participants.as_slice() else {
        panic!("one participant: {:?}", tab.participants);
    };
    assert_eq!(
        (cy.friendly_name.as_str(), cy.presence),
        ("Cy 漢字", Presence::Online)
    );
}

/// The last one to leave is named as they were in the conversation, also when they are
/// not a contact of ours.
#[test]
fn the_last_to_leave_keeps_the_name_they_had_in_the_conversation() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(1, "bob@x.com"));
    let cy = session::Participant {
        email: "cy@x.com".into(),
        name: "Cy".into(),
    };
    let bob = session::Participant {
        email: "bob@x.com".into(),
        name: "Bob".into(),
    };
    let roster =
        |present: Vec<session::Participant>, joined: &[&str], left: &[&str]| Event::Participants {
            conversation: conversation(1),
            present,
            joined: joined.iter().map(|e| (*e).to_owned()).collect(),
            left: left.iter().map(|e| (*e).to_owned()).collect(),
        };
    h.apply(roster(
        vec![bob.clone(), cy.clone()],
        &["bob@x.com", "cy@x.com"],
        &[],
    ));
    h.apply(roster(vec![cy], &[], &["bob@x.com"]));
    h.apply(roster(Vec::new(), &[], &["cy@x.com"]));
    let last = h.lines(0).into_iter().rev().find_map(|line| match line {
        ChatLine::System { event, .. } => Some(event),
        ChatLine::Message(_) => None,
    });
    assert_eq!(last, Some(SystemEvent::Left { name: "Cy".into() }));
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
fn logged_transfers_and_notices_come_back_as_lines_of_their_own() {
    let mut h = Harness::new(false);
    let entry = |direction, status: &str, text: &str| LogEntry {
        time: SystemTime::now() - Duration::from_secs(60),
        direction,
        sender: "bob@x.com".into(),
        status: Some(status.into()),
        text: text.into(),
    };
    h.apply(Event::History {
        contact: "bob@x.com".into(),
        entries: vec![
            entry(chatlog::Direction::Sent, "delivered", "here it comes"),
            entry(
                chatlog::Direction::Sent,
                "file done",
                "sent “a.bin” (3.0 KB) to bob@x.com",
            ),
            entry(
                chatlog::Direction::Received,
                "wink",
                "bob@x.com sent a wink — msntui cannot show winks yet",
            ),
        ],
    });
    let lines = h.lines(0);
    assert!(
        matches!(&lines[0], ChatLine::Message(message) if message.text == "here it comes"),
        "{lines:?}"
    );
    let events: Vec<&str> = lines[1..]
        .iter()
        .filter_map(|line| match line {
            ChatLine::System {
                event: SystemEvent::Notice(text),
                ..
            } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        events,
        [
            "sent “a.bin” (3.0 KB) to bob@x.com",
            "bob@x.com sent a wink — msntui cannot show winks yet"
        ]
    );
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

#[test]
fn an_offline_message_says_when_it_was_sent() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(4, "bob@x.com"));
    let sent = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_000_000);
    h.apply(Event::OfflineMessage(session::OfflineMessage {
        conversation: conversation(4),
        sender: "bob@x.com".into(),
        sender_name: "Bob".into(),
        sent,
        text: "while you were away".into(),
        unreadable: None,
    }));
    let lines = h.lines(0);
    let [ChatLine::System { event, time }, ChatLine::Message(message)] = lines.as_slice() else {
        panic!("a marking and a message expected: {lines:?}");
    };
    assert_eq!(
        *event,
        model::SystemEvent::OfflineMessage {
            sent: model::Timestamp(1_796_000_000)
        }
    );
    assert_eq!(
        (*time, message.time),
        (
            model::Timestamp(1_796_000_000),
            model::Timestamp(1_796_000_000)
        )
    );
    assert_eq!(message.text, "while you were away");
}

#[test]
fn notices_become_lines_under_the_contact_list_name() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(Event::NoticeReceived(session::ReceivedNotice {
        conversation: conversation(4),
        sender: "bob@x.com".into(),
        sender_name: "ignored".into(),
        time: SystemTime::now(),
        notice: session::Notice::Wink,
    }));
    let lines = h.lines(0);
    let [ChatLine::System { event, .. }] = lines.as_slice() else {
        panic!("one system line expected: {lines:?}");
    };
    assert_eq!(
        *event,
        SystemEvent::Notice("Bob sent a wink — msntui cannot show winks yet".into())
    );
}

/// Events of transfer `id` of `name` with bob, in conversation 4.
fn transfer_with_bob(
    id: u64,
    name: &str,
    size: u64,
    incoming: bool,
) -> impl Fn(session::TransferState) -> Event {
    move |state| {
        Event::Transfer(session::TransferEvent {
            conversation: conversation(4),
            transfer: session::TransferId(id),
            peer: "bob@x.com".into(),
            name: name.into(),
            size,
            incoming,
            state,
        })
    }
}

/// The transfer lines of the first tab.
fn transfer_texts(h: &Harness) -> Vec<String> {
    h.lines(0)
        .iter()
        .filter_map(|line| match line {
            ChatLine::System {
                event: SystemEvent::Transfer { text, .. },
                ..
            } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_transfer_shows_its_offer_and_one_line_that_progresses_in_place() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    let transfer = transfer_with_bob(2, "a\u{1b}[2J.txt", 2048, true);
    let progress = |transferred| {
        session::TransferState::Progress(session::Progress {
            transferred,
            rate: 1024,
            left: Some(std::time::Duration::from_secs(1)),
        })
    };
    h.apply(transfer(session::TransferState::Offered));
    h.apply(transfer(progress(512)));
    h.apply(transfer(progress(1024)));
    assert_eq!(
        transfer_texts(&h),
        [
            "Bob offers the file “a\u{1b}[2J.txt” (2.0 KB) — /cancel 2 to stop",
            "“a\u{1b}[2J.txt”: 50% of 2.0 KB, 1.0 KB/s, 1s left",
        ],
        "once accepted, the offer names the command that still applies"
    );
    h.apply(transfer(session::TransferState::Cancelled {
        by_peer: true,
    }));
    h.apply(transfer(session::TransferState::Offered));
    assert_eq!(
        transfer_texts(&h),
        [
            "Bob offers the file “a\u{1b}[2J.txt” (2.0 KB)",
            "Bob cancelled the transfer of “a\u{1b}[2J.txt”",
            "Bob offers the file “a\u{1b}[2J.txt” (2.0 KB) — /accept-file 2 or /decline-file 2",
        ],
        "an ended transfer's offer names no command"
    );
}

/// Our own offer, answered before anything moved, keeps no "/cancel" once it has ended.
#[test]
fn an_offer_declined_at_once_names_no_command_any_more() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    let transfer = transfer_with_bob(3, "me.png", 4096, false);
    h.apply(transfer(session::TransferState::Offered));
    h.apply(transfer(session::TransferState::Declined { by_peer: true }));
    assert_eq!(
        transfer_texts(&h),
        ["offering “me.png” (4.0 KB) to Bob", "Bob declined “me.png”",]
    );
}

#[test]
fn send_without_an_address_goes_to_the_open_conversation() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.act(Action::OpenConversation("bob@x.com".into()));
    h.sent();
    h.submit("/send \"my file.txt\"");
    assert_eq!(
        h.sent(),
        [Request::SendFile {
            to: Some(ChatTarget::Contact("bob@x.com".into())),
            path: "my file.txt".into(),
        }]
    );
}

/// A tab opened from the contact list has no conversation in the session until someone
/// writes: an invitation names its contact, never the conversation written in last.
#[test]
fn invite_in_a_tab_not_yet_written_in_goes_to_its_contact() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(7, "carol@x.com"));
    h.act(Action::OpenConversation("bob@x.com".into()));
    h.sent();
    h.submit("/invite dan@x.com");
    assert_eq!(
        h.sent(),
        [Request::Invite {
            conversation: Some(ChatTarget::Contact("bob@x.com".into())),
            email: "dan@x.com".into(),
        }]
    );
}

/// What our own account said from another place is shown as ours, already sent, and is
/// no news: no unread count, no bell.
#[test]
fn our_message_from_another_place_is_ours_and_no_news() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(opened(7, "bob@x.com"));
    h.apply(opened(8, "carol@x.com"));
    h.app.model_mut().activate(0);
    h.apply(Event::SentElsewhere(ReceivedMessage {
        conversation: conversation(8),
        sender: "me@x.com".into(),
        sender_name: "Me".into(),
        time: SystemTime::now(),
        text: "typed on the laptop".into(),
        format: None,
    }));
    let lines = h.lines(1);
    let [ChatLine::Message(line)] = lines.as_slice() else {
        panic!("one message expected: {lines:?}");
    };
    assert_eq!(
        (&*line.sender_name, line.text.as_str()),
        ("Me", "typed on the laptop")
    );
    assert!(matches!(line.own, Some((_, model::Delivery::Sent))));
    assert_eq!(h.model().conversations.total_unread(), 0);
    assert!(!h.app.model_mut().take_bell());
    // Whereas carol's answer, in the same tab out of view, is news.
    h.apply(Event::MessageReceived(ReceivedMessage {
        conversation: conversation(8),
        sender: "carol@x.com".into(),
        sender_name: "Carol".into(),
        time: SystemTime::now(),
        text: "hi".into(),
        format: None,
    }));
    assert_eq!(h.model().conversations.total_unread(), 1);
}

#[test]
fn writing_to_or_reading_the_log_with_ourselves_opens_no_tab() {
    let mut h = Harness::new(false);
    for line in ["/msg ME@x.com hello", "/history me@x.com"] {
        h.submit(line);
        assert!(h.sent().is_empty(), "{line}");
        assert!(h.model().conversations.tabs().is_empty(), "{line}");
        assert!(
            h.notice()
                .is_some_and(|n| n.ends_with("that is your own address")),
            "{line}: {:?}",
            h.notice()
        );
    }
}

#[test]
fn history_says_what_it_brought() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    let entry = |ago: u64, text: &str| LogEntry {
        time: SystemTime::now() - Duration::from_secs(ago),
        direction: chatlog::Direction::Received,
        sender: "bob@x.com".into(),
        status: None,
        text: text.into(),
    };
    let asked = |h: &mut Harness, entries: Vec<LogEntry>| {
        h.submit("/history bob@x.com");
        h.sent();
        h.apply(Event::History {
            contact: "bob@x.com".into(),
            entries,
        });
        h.notice().map(str::to_owned)
    };
    assert_eq!(
        asked(&mut h, Vec::new()).as_deref(),
        Some("no chat log with Bob")
    );
    assert_eq!(
        asked(&mut h, vec![entry(60, "older"), entry(30, "old")]).as_deref(),
        Some("2 older lines of the chat log with Bob are shown above")
    );
    assert_eq!(
        asked(&mut h, vec![entry(60, "older"), entry(30, "old")]).as_deref(),
        Some(
            "the last 2 lines of the chat log with Bob are already shown: /history EMAIL COUNT reads more"
        )
    );
    h.app.model_mut().status.notice = None;
    h.apply(Event::History {
        contact: "bob@x.com".into(),
        entries: vec![entry(90, "asked for by opening the tab")],
    });
    assert_eq!(
        h.notice(),
        None,
        "only /history is answered in the status bar"
    );
}

#[test]
fn an_unreadable_chat_log_is_the_answer_to_history() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.submit("/history bob@x.com");
    h.sent();
    let reason = "cannot read chat log /data/logs/bob@x.com.log: Permission denied (os error 13)";
    h.apply(Event::HistoryUnreadable {
        contact: "bob@x.com".into(),
        reason: reason.into(),
    });
    assert_eq!(h.notice(), Some(reason));
    h.app.model_mut().status.notice = None;
    h.apply(Event::History {
        contact: "bob@x.com".into(),
        entries: Vec::new(),
    });
    assert_eq!(
        h.notice(),
        None,
        "/history was answered: a later load says nothing"
    );
}
