use super::*;
use crate::ui::model::Rgb;

fn message(from: &str, text: &str) -> MessageLine {
    MessageLine {
        time: Timestamp(7),
        sender_address: from.into(),
        sender_name: from.to_uppercase().into(),
        text: text.into(),
        colour: Some(Rgb(1, 2, 3)),
        own: None,
    }
}

fn system(event: SystemEvent) -> ChatLine {
    ChatLine::System {
        time: Timestamp(3),
        event,
    }
}

fn all(lines: &ChatLines) -> Vec<ChatLine> {
    (0..lines.len())
        .filter_map(|index| lines.get(index))
        .collect()
}

fn texts(lines: &ChatLines) -> Vec<String> {
    all(lines)
        .into_iter()
        .map(|line| match line {
            ChatLine::Message(message) => message.text,
            ChatLine::System { event, .. } => format!("{event:?}"),
        })
        .collect()
}

#[test]
fn every_kind_of_line_comes_back_as_it_was_pushed() {
    let lines = vec![
        ChatLine::Message(message("bob@x", "hi 日本語 🎉")),
        system(SystemEvent::Joined { name: "Amy".into() }),
        system(SystemEvent::Left { name: "Amy".into() }),
        system(SystemEvent::Nudge { name: "Bob".into() }),
        system(SystemEvent::Notice("connection lost".into())),
        system(SystemEvent::OfflineMessage {
            sent: Timestamp(-5),
        }),
        system(SystemEvent::Transfer {
            id: 9,
            text: "photo.jpg: 10%".into(),
            live: true,
        }),
        system(SystemEvent::Transfer {
            id: 10,
            text: "offered".into(),
            live: false,
        }),
        ChatLine::Message(message("amy@x", "")),
    ];
    let mut stored = ChatLines::with_capacity(100);
    lines.iter().cloned().for_each(|line| stored.push(line));
    assert_eq!(all(&stored), lines);
    assert_eq!(stored.time(5), Some(Timestamp(3)));
}

#[test]
fn our_messages_are_found_by_id_and_keep_a_failure_reason() {
    let mut lines = ChatLines::with_capacity(3);
    let first = lines.next_own_id();
    lines.push(ChatLine::Message(MessageLine {
        own: Some((first, Delivery::Queued)),
        ..message("me@x", "one")
    }));
    let second = lines.next_own_id();
    lines.push(ChatLine::Message(MessageLine {
        own: Some((second, Delivery::Queued)),
        ..message("me@x", "two")
    }));
    lines.push(ChatLine::Message(message("bob@x", "reply")));
    assert!(lines.set_delivery(first, Delivery::Failed("timeout".into())));
    assert!(lines.set_delivery(second, Delivery::Delivered));
    let own = |lines: &ChatLines, index| match lines.get(index) {
        Some(ChatLine::Message(message)) => message.own,
        _ => None,
    };
    assert_eq!(
        own(&lines, 0),
        Some((first, Delivery::Failed("timeout".into())))
    );
    assert_eq!(own(&lines, 1), Some((second, Delivery::Delivered)));
    assert!(
        lines.set_delivery(first, Delivery::Sent),
        "a failed message is resent"
    );
    assert_eq!(own(&lines, 0), Some((first, Delivery::Sent)));
    assert!(lines.extras.is_empty(), "the reason went with the failure");
    assert!(!lines.set_delivery(lines.next_own_id(), Delivery::Sent));
    lines.push(ChatLine::Message(message("bob@x", "pushes the first out")));
    assert!(!lines.set_delivery(first, Delivery::Delivered));
    let reply = MessageId(first.0 + 2);
    assert!(
        !lines.set_delivery(reply, Delivery::Sent),
        "not one of ours"
    );
}

#[test]
fn a_transfer_is_rewritten_in_place_until_it_ends() {
    let mut lines = ChatLines::with_capacity(10);
    lines.push(system(SystemEvent::Transfer {
        id: 4,
        text: "0%".into(),
        live: true,
    }));
    lines.push(ChatLine::Message(message("bob@x", "nice")));
    assert!(lines.rewrite_transfer(4, Timestamp(8), "50%", false));
    assert!(lines.rewrite_transfer(4, Timestamp(9), "done", true));
    assert!(!lines.rewrite_transfer(4, Timestamp(9), "again", true));
    let done = SystemEvent::Transfer {
        id: 4,
        text: "done".into(),
        live: false,
    };
    assert_eq!(
        lines.get(0),
        Some(ChatLine::System {
            time: Timestamp(9),
            event: done
        })
    );
    assert_eq!(lines.len(), 2);
}

#[test]
fn a_dropped_live_transfer_is_no_longer_rewritten() {
    let mut lines = ChatLines::with_capacity(1);
    lines.push(system(SystemEvent::Transfer {
        id: 4,
        text: "0%".into(),
        live: true,
    }));
    lines.push(ChatLine::Message(message("bob@x", "later")));
    assert!(!lines.rewrite_transfer(4, Timestamp(8), "50%", false));
    assert!(lines.live_transfers.is_empty() && lines.extras.is_empty());
}

#[test]
fn an_offer_keeps_its_time_and_changes_its_text_until_the_transfer_ends() {
    let mut lines = ChatLines::with_capacity(4);
    lines.push_offer(5, Timestamp(1), "offer — /accept-file 5".into());
    lines.rewrite_offer(5, "offer — /cancel 5", false);
    lines.rewrite_offer(5, "offer", true);
    lines.rewrite_offer(5, "offer — /cancel 5", false);
    let Some(ChatLine::System { time, event }) = lines.get(0) else {
        panic!("{:?}", lines.get(0));
    };
    let text = match event {
        SystemEvent::Transfer { text, live, .. } if !live => text,
        other => panic!("{other:?}"),
    };
    assert_eq!((time, text.as_str()), (Timestamp(1), "offer"));
    assert!(lines.offers.is_empty());
}

#[test]
fn a_dropped_offer_is_no_longer_rewritten() {
    let mut lines = ChatLines::with_capacity(1);
    lines.push_offer(6, Timestamp(1), "offer".into());
    lines.push(ChatLine::Message(message("bob@x", "later")));
    lines.rewrite_offer(6, "offer — /cancel 6", false);
    assert!(lines.offers.is_empty());
    assert!(matches!(lines.get(0), Some(ChatLine::Message(_))));
}

#[test]
fn older_lines_go_before_and_keep_their_numbers_apart() {
    let mut lines = ChatLines::with_capacity(4);
    let own = lines.next_own_id();
    lines.push(ChatLine::Message(MessageLine {
        own: Some((own, Delivery::Queued)),
        ..message("me@x", "now")
    }));
    let logged = ChatLine::Message(MessageLine {
        own: Some((MessageId(u64::MAX), Delivery::Failed("lost".into()))),
        ..message("me@x", "logged")
    });
    let older = vec![
        ChatLine::Message(message("bob@x", "too old to fit")),
        system(SystemEvent::Notice("a".into())),
        system(SystemEvent::OfflineMessage { sent: Timestamp(1) }),
        logged,
    ];
    lines.prepend(older);
    assert_eq!(
        texts(&lines)[1..],
        ["OfflineMessage { sent: Timestamp(1) }", "logged", "now"]
    );
    assert!(lines.set_delivery(own, Delivery::Delivered));
    let Some(ChatLine::Message(logged)) = lines.get(2) else {
        panic!("the logged message is kept");
    };
    assert_eq!(
        logged.own.map(|(_, state)| state),
        Some(Delivery::Failed("lost".into()))
    );
}

#[test]
fn texts_stay_right_as_old_lines_drop_and_the_buffer_is_rebuilt() {
    let mut lines = ChatLines::with_capacity(100);
    for n in 0..20_000 {
        lines.push(ChatLine::Message(message(
            &format!("user{}@x", n % 150),
            &format!("line {n} {}", "x".repeat(n % 40)),
        )));
    }
    let kept = texts(&lines);
    assert_eq!(kept.len(), 100);
    assert_eq!(kept[99], format!("line 19999 {}", "x".repeat(19_999 % 40)));
    let Some(ChatLine::Message(newest)) = lines.get(99) else {
        panic!("a message");
    };
    assert_eq!(&*newest.sender_name, "USER49@X");
}

mod against_plain_lines {
    use std::collections::VecDeque;

    use proptest::prelude::*;

    use super::*;

    /// What the lines should be, kept the plain way: whole lines in a bounded deque, each
    /// of our messages with the id it was given.
    struct Plain {
        lines: VecDeque<(Option<MessageId>, ChatLine)>,
        capacity: usize,
    }

    impl Plain {
        fn push(&mut self, id: Option<MessageId>, line: ChatLine) {
            if self.lines.len() == self.capacity {
                self.lines.pop_front();
            }
            self.lines.push_back((id, line));
        }

        fn set_delivery(&mut self, id: MessageId, delivery: Delivery) -> bool {
            let found = self.lines.iter_mut().find(|(own, _)| *own == Some(id));
            match found {
                Some((_, ChatLine::Message(message))) => {
                    message.own = Some((id, delivery));
                    true
                }
                _ => false,
            }
        }

        fn rewrite_transfer(&mut self, id: u64, at: Timestamp, new: &str, ended: bool) -> bool {
            let live = self.lines.iter_mut().rev().find(|(_, line)| {
                matches!(line, ChatLine::System { event: SystemEvent::Transfer { id: found, live: true, .. }, .. } if *found == id)
            });
            let Some((
                _,
                ChatLine::System {
                    time,
                    event: SystemEvent::Transfer { text, live, .. },
                },
            )) = live
            else {
                return false;
            };
            (*time, *text, *live) = (at, new.to_owned(), !ended);
            true
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Message {
            sender: u8,
            text: String,
        },
        Own {
            text: String,
        },
        Notice(String),
        Offered {
            id: u64,
        },
        Progress {
            id: u64,
            text: String,
            ended: bool,
        },
        Deliver {
            pick: prop::sample::Index,
            state: u8,
        },
        Older(Vec<(u8, String)>),
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-zé🎉]{0,6}",
            1 => (1usize..4).prop_map(|size| "long ".repeat(size * 8_000)),
        ]
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..3, text()).prop_map(|(sender, text)| Step::Message { sender, text }),
            text().prop_map(|text| Step::Own { text }),
            text().prop_map(Step::Notice),
            (0u64..3).prop_map(|id| Step::Offered { id }),
            (0u64..3, text(), any::<bool>()).prop_map(|(id, text, ended)| Step::Progress {
                id,
                text,
                ended
            }),
            (any::<prop::sample::Index>(), 0u8..5)
                .prop_map(|(pick, state)| Step::Deliver { pick, state }),
            proptest::collection::vec((0u8..3, "[a-z]{0,4}"), 0..5).prop_map(Step::Older),
        ]
    }

    fn from(sender: u8, text: String) -> ChatLine {
        ChatLine::Message(MessageLine {
            colour: (sender == 2).then_some(Rgb(9, 9, 9)),
            ..message(&format!("s{sender}@x"), &text)
        })
    }

    fn delivery(state: u8) -> Delivery {
        match state {
            0 => Delivery::Queued,
            1 => Delivery::Sent,
            2 => Delivery::Delivered,
            3 => Delivery::StoredOffline,
            _ => Delivery::Failed(format!("reason {state}")),
        }
    }

    /// The line with the id of our message left out: the plain lines know it only for
    /// messages we pushed.
    fn without_id(line: ChatLine) -> ChatLine {
        match line {
            ChatLine::Message(message) => ChatLine::Message(MessageLine {
                own: message.own.map(|(_, state)| (MessageId(0), state)),
                ..message
            }),
            other => other,
        }
    }

    proptest! {
        #[test]
        fn compact_lines_read_back_as_plain_lines_would(
            capacity in 1usize..6,
            steps in proptest::collection::vec(step(), 1..60),
        ) {
            let mut lines = ChatLines::with_capacity(capacity);
            let mut plain = Plain { lines: VecDeque::new(), capacity };
            let mut ours = Vec::new();
            for step in steps {
                match step {
                    Step::Message { sender, text } => {
                        lines.push(from(sender, text.clone()));
                        plain.push(None, from(sender, text));
                    }
                    Step::Own { text } => {
                        let id = lines.next_own_id();
                        let line = ChatLine::Message(MessageLine {
                            own: Some((id, Delivery::Queued)),
                            ..message("me@x", &text)
                        });
                        lines.push(line.clone());
                        plain.push(Some(id), line);
                        ours.push(id);
                    }
                    Step::Notice(text) => {
                        lines.push(system(SystemEvent::Notice(text.clone())));
                        plain.push(None, system(SystemEvent::Notice(text)));
                    }
                    Step::Offered { id } => {
                        let offered = system(SystemEvent::Transfer { id, text: "offered".into(), live: false });
                        lines.push(offered.clone());
                        plain.push(None, offered);
                    }
                    Step::Progress { id, text, ended } => {
                        let rewritten = lines.rewrite_transfer(id, Timestamp(5), &text, ended);
                        prop_assert_eq!(rewritten, plain.rewrite_transfer(id, Timestamp(5), &text, ended));
                        if !rewritten {
                            let live = system(SystemEvent::Transfer { id, text, live: !ended });
                            lines.push(live.clone());
                            plain.push(None, live);
                        }
                    }
                    Step::Deliver { pick, state } => {
                        let id = if ours.is_empty() { MessageId(0) } else { *pick.get(&ours) };
                        prop_assert_eq!(
                            lines.set_delivery(id, delivery(state)),
                            plain.set_delivery(id, delivery(state))
                        );
                    }
                    Step::Older(older) => {
                        let older: Vec<ChatLine> = older.into_iter().map(|(sender, text)| from(sender, text)).collect();
                        let room = capacity - plain.lines.len();
                        let skip = older.len().saturating_sub(room);
                        older.iter().skip(skip).rev().for_each(|line| plain.lines.push_front((None, line.clone())));
                        lines.prepend(older);
                    }
                }
                prop_assert_eq!(lines.len(), plain.lines.len());
                for (index, (id, expected)) in plain.lines.iter().enumerate() {
                    let stored = lines.get(index);
                    if let (Some(id), Some(ChatLine::Message(stored))) = (id, &stored) {
                        prop_assert_eq!(stored.own.as_ref().map(|(own, _)| *own), Some(*id));
                    }
                    prop_assert_eq!(stored.map(without_id), Some(without_id(expected.clone())));
                }
            }
        }
    }
}
