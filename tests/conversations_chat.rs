//! Two msntui sessions chatting through the bundled server, at MSNP7, 12, 13, 15 and
//! 18: a message each way (with its format), typing and nudges each way, a
//! 5,000-character message arriving whole and in order (one chunked message from
//! MSNP9), the other side leaving and the next message
//! re-opening the switchboard; then the chat logs hold exactly what was said. And a
//! message each way in every version from MSNP2 to MSNP18.

mod chat_support;
mod session_support;
mod support;

use msntui::chatlog::Direction as LogDirection;
use msntui::protocol::message::MAX_PAYLOAD_LEN;
use msntui::session::{Delivery, Direction, Event, Request};
use support::server::server;

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

fn typing(event: &Event, who: &str, state: bool) -> bool {
    matches!(event, Event::Typing { email, typing, .. } if email == who && *typing == state)
}

fn long_text() -> String {
    let text: String = (0..5000)
        .map(|n| match n % 7 {
            0 => 'é',
            1 => '☺',
            2 => '\n',
            _ => char::from(b'a' + (n % 26) as u8),
        })
        .collect();
    assert_eq!(text.chars().count(), 5000);
    text
}

async fn chat_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;

    // A message each way, format included.
    let at_alice = alice.say(BOB, "Hello Bob, this is Alice").await;
    let heard = bob.hears(ALICE).await;
    assert_eq!(heard.text, "Hello Bob, this is Alice");
    assert_eq!(heard.sender_name, "Alice Test");
    let format = heard.format.expect("a format");
    assert_eq!(format.font, "Segoe UI");
    let at_bob = heard.conversation;
    assert_eq!(bob.say(ALICE, "Hi Alice! éè unicode ☺").await, at_bob);
    assert_eq!(alice.hears(BOB).await.text, "Hi Alice! éè unicode ☺");

    // Typing each way: one notification however often the user types, ended by the
    // message that follows.
    let typed_before = alice.watched.raw_count(Direction::Sent, "MSG") as i64;
    for _ in 0..3 {
        alice.request(Request::Typing {
            conversation: at_alice,
        });
    }
    bob.take("alice typing", |e| typing(e, ALICE, true)).await;
    alice.say(BOB, "typed").await;
    bob.take("alice stopped typing", |e| typing(e, ALICE, false))
        .await;
    assert_eq!(bob.hears(ALICE).await.text, "typed");
    let typed = alice.watched.raw_count(Direction::Sent, "MSG") as i64 - typed_before;
    assert_eq!(typed, 2, "one typing notification and the message");
    bob.request(Request::Typing {
        conversation: at_bob,
    });
    alice.take("bob typing", |e| typing(e, BOB, true)).await;

    // Nudges each way; a nudge is not acknowledged, so it ends at "sent".
    alice.request(Request::Nudge {
        to: msntui::session::ChatTarget::Contact(BOB.into()),
    });
    let (_, nudge) = alice.queued().await;
    alice
        .take("nudge sent", |e| {
            matches!(e, Event::Delivery { message, state: Delivery::Sent, .. } if *message == nudge)
        })
        .await;
    bob.take(
        "alice's nudge",
        |e| matches!(e, Event::Nudge { sender, .. } if sender == ALICE),
    )
    .await;
    bob.request(Request::Nudge {
        to: msntui::session::ChatTarget::Conversation(at_bob),
    });
    let (nudged_in, _) = bob.queued().await;
    assert_eq!(nudged_in, at_bob);
    alice
        .take("bob's nudge", |e| matches!(e, Event::Nudge { sender, conversation } if sender == BOB && *conversation == at_alice))
        .await;

    // 5,000 characters: several payloads within the limit; from MSNP9 they are the
    // chunks of one message, put back together, before that separate messages.
    let long = long_text();
    let sent_before = alice.watched.raw_count(Direction::Sent, "MSG");
    alice.say(BOB, &long).await;
    assert!(alice.watched.raw_count(Direction::Sent, "MSG") > sent_before + 1);
    let mut arrived = String::new();
    let mut pieces = 0;
    while arrived.chars().count() < 5000 {
        arrived.push_str(&bob.hears(ALICE).await.text);
        pieces += 1;
    }
    assert_eq!(arrived, long);
    if version >= 9 {
        assert_eq!(pieces, 1, "one chunked message");
    } else {
        assert!(pieces > 1, "split into {pieces}");
    }
    for event in &alice.watched.seen {
        if let Event::Raw(raw) = event
            && raw.direction == Direction::Sent
            && raw.line.starts_with("MSG")
        {
            let length: usize = raw.line.rsplit(' ').next().unwrap().parse().unwrap();
            assert!(length <= MAX_PAYLOAD_LEN, "{}", raw.line);
            assert!(raw.conversation == Some(at_alice), "tagged: {raw:?}");
        }
    }

    // Switchboard cookies never reach the protocol pane.
    for chatter in [&alice, &bob] {
        let logins: Vec<&str> = chatter
            .watched
            .seen
            .iter()
            .filter_map(|e| match e {
                Event::Raw(raw)
                    if raw.direction == Direction::Sent
                        && (raw.line.starts_with("USR 1 ") || raw.line.starts_with("ANS 1 ")) =>
                {
                    Some(raw.line.as_str())
                }
                _ => None,
            })
            .collect();
        assert!(!logins.is_empty());
        for line in logins {
            let cookie = line.split(' ').nth(3).unwrap();
            assert_eq!(cookie, "<redacted>", "{line}");
        }
        for event in &chatter.watched.seen {
            if let Event::Raw(raw) = event
                && let Some(at) = raw.line.find(" CKI ")
            {
                assert!(
                    raw.line[at..].starts_with(" CKI <redacted>"),
                    "{}",
                    raw.line
                );
            }
        }
    }

    // Bob closes the conversation: alice's stays open, and her next message opens a
    // new switchboard that brings bob back.
    bob.request(Request::CloseConversation {
        conversation: at_bob,
    });
    alice
        .take("bob left", |e| {
            matches!(e, Event::Participants { left, present, .. } if left == &[BOB] && present.is_empty())
        })
        .await;
    let xfrs = alice.watched.raw_count(Direction::Sent, "XFR");
    assert_eq!(alice.say(BOB, "are you still there?").await, at_alice);
    assert_eq!(alice.watched.raw_count(Direction::Sent, "XFR"), xfrs + 1);
    let again = bob.hears(ALICE).await;
    assert_eq!(again.text, "are you still there?");
    assert_ne!(again.conversation, at_bob, "bob closed the old one");
    bob.say(ALICE, "yes").await;
    assert_eq!(alice.hears(BOB).await.text, "yes");

    let opened = |chatter: &Chatter| {
        chatter
            .watched
            .seen
            .iter()
            .filter(|e| matches!(e, Event::ConversationOpened { .. }))
            .count()
    };
    assert_eq!(opened(&alice), 1, "one conversation for alice throughout");
    assert_eq!(opened(&bob), 2, "bob closed his and got a new one");

    // The logs hold exactly the messages exchanged, in order, with their results.
    let said = [
        (ALICE, "Hello Bob, this is Alice"),
        (BOB, "Hi Alice! éè unicode ☺"),
        (ALICE, "typed"),
        (ALICE, long.as_str()),
        (ALICE, "are you still there?"),
        (BOB, "yes"),
    ];
    let alice_log = alice.log_with(BOB);
    let expected: Vec<(&str, &str)> = said.to_vec();
    let logged: Vec<(&str, &str)> = alice_log
        .iter()
        .map(|e| (e.sender.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(logged, expected);
    for entry in &alice_log {
        match entry.direction {
            LogDirection::Sent => assert_eq!(entry.status.as_deref(), Some("delivered")),
            LogDirection::Received => assert_eq!(entry.status, None),
        }
    }
    let bob_log = bob.log_with(ALICE);
    let received_long = bob_log.iter().filter(|e| e.sender == ALICE).count();
    assert_eq!(
        received_long,
        3 + pieces,
        "each piece is one received message"
    );
    let joined: String = bob_log
        .iter()
        .filter(|e| e.sender == ALICE)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        joined,
        format!("Hello Bob, this is Alicetyped{long}are you still there?")
    );

    // History reads the log back.
    alice.request(Request::History {
        contact: BOB.into(),
        count: 2,
    });
    let history = alice
        .take("history", |e| matches!(e, Event::History { .. }))
        .await;
    let Event::History { contact, entries } = history else {
        unreachable!()
    };
    assert_eq!(contact, BOB);
    assert_eq!(entries, alice_log[alice_log.len() - 2..]);

    alice.sign_out().await;
    bob.sign_out().await;
}

/// Blocking someone in the middle of a chat ends it: they see us leave, and what they
/// write next is not delivered to us (no switchboard calls us; at MSNP13+ it may be
/// stored offline, since Escargot's `oim.asmx` checks only the sender's lists).
async fn blocking_ends_the_chat_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    alice.say(BOB, "hi bob").await;
    bob.hears(ALICE).await;

    bob.request(Request::Block {
        email: ALICE.into(),
    });
    alice
        .take(
            "bob leaving",
            |e| matches!(e, Event::Participants { left, .. } if left == &[BOB]),
        )
        .await;
    alice.send(BOB, "are you still there?");
    let (_, message) = alice.queued().await;
    let outcome = alice.outcome(message).await;
    assert!(
        matches!(outcome, Delivery::Failed(_) | Delivery::StoredOffline),
        "MSNP{version}: {outcome:?}"
    );
    alice.sign_out().await;
    bob.sign_out().await;
}

#[tokio::test]
async fn blocking_ends_the_chat_msnp12() {
    blocking_ends_the_chat_at(12).await;
}

#[tokio::test]
async fn blocking_ends_the_chat_msnp18() {
    blocking_ends_the_chat_at(18).await;
}

#[tokio::test]
async fn chat_msnp7() {
    chat_at(7).await;
}

#[tokio::test]
async fn chat_msnp12() {
    chat_at(12).await;
}

#[tokio::test]
async fn chat_msnp13() {
    chat_at(13).await;
}

#[tokio::test]
async fn chat_msnp15() {
    chat_at(15).await;
}

#[tokio::test]
async fn chat_msnp18() {
    chat_at(18).await;
}

/// The switchboard works in every version, MSNP2 to MSNP18: a message each way.
#[tokio::test]
async fn a_message_each_way_in_every_version() {
    for version in 2..=18 {
        let server = server(false).await;
        let dir = tempfile::tempdir().unwrap();
        let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
        let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
        alice.say(BOB, &format!("hello at MSNP{version}")).await;
        assert_eq!(
            bob.hears(ALICE).await.text,
            format!("hello at MSNP{version}")
        );
        bob.say(ALICE, "and back").await;
        assert_eq!(alice.hears(BOB).await.text, "and back");
        alice.sign_out().await;
        bob.sign_out().await;
    }
}
