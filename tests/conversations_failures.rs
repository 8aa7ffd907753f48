//! What you type is delivered or visibly failed, never dropped: messages to an offline
//! contact fail with the reason and can be resent, all those of a conversation at once
//! (below MSNP13; from MSNP13 on they are stored as offline messages, see
//! `offline_messages.rs`); killing the server while messages are queued leaves each of
//! them delivered or failed once it is back, and the log says which; what is written
//! while the connection is down waits for the reconnection.

mod chat_support;
mod session_support;
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use msntui::chatlog::Direction as LogDirection;
use msntui::session::{ChatTarget, Delivery, DisconnectReason, Event, MessageId, Request};
use support::link_switch::LinkSwitch;
use support::server::{same_ports, server, server_with};

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const CAROL: &str = "carol@example.com";
/// Long enough that the server goes away with some of it on the way.
const BURST: usize = 40;

async fn offline_contact_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let texts = ["are you there?", "hello?"];
    let mut failed = Vec::new();
    for text in texts {
        alice.send(BOB, text);
        let (conversation, message) = alice.queued().await;
        let Delivery::Failed(reason) = alice.outcome(message).await else {
            panic!("delivered to nobody")
        };
        assert_eq!(
            reason,
            "cannot reach bob@example.com: 217 (Contact is not online)"
        );
        failed.push((conversation, message, reason));
    }
    let conversation = failed[0].0;
    assert_eq!(failed[1].0, conversation, "one conversation");

    // Bob comes online; the failed messages kept their text and go out again, in order.
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    alice.request(Request::Resend { conversation });
    for (_, message, _) in &failed {
        assert_eq!(alice.outcome(*message).await, Delivery::Delivered);
        let resent_in = alice.watched.seen.iter().any(|e| {
            matches!(e, Event::Delivery { conversation: c, message: m, state: Delivery::Queued }
                if *c == conversation && m == message)
        });
        assert!(resent_in, "resent in the same conversation");
    }
    for text in texts {
        assert_eq!(bob.hears(ALICE).await.text, text);
    }
    alice.request(Request::Resend { conversation });
    let nothing = alice
        .take("a refused resend", |e| matches!(e, Event::Error(_)))
        .await;
    assert!(
        matches!(&nothing, Event::Error(e) if e.message.contains("nothing failed")),
        "{nothing:?}"
    );

    let log = alice.log_with(BOB);
    let lines: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|e| (e.text.as_str(), e.status.as_deref()))
        .collect();
    let failure = format!("failed: {}", failed[0].2);
    assert_eq!(
        lines,
        [
            (texts[0], Some(failure.as_str())),
            (texts[1], Some(failure.as_str())),
            (texts[0], Some("delivered")),
            (texts[1], Some("delivered")),
        ]
    );
    assert_eq!(bob.log_with(ALICE).len(), 2);
    alice.sign_out().await;
    bob.sign_out().await;
}

#[tokio::test]
async fn offline_contact_msnp7() {
    offline_contact_at(7).await;
}

#[tokio::test]
async fn offline_contact_msnp12() {
    offline_contact_at(12).await;
}

async fn server_killed_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    alice.say(BOB, "before").await;
    bob.hears(ALICE).await;

    // A burst in a running conversation and a message for one still to be opened; the
    // server goes away as soon as the first of the burst is through.
    let mut texts: BTreeMap<MessageId, String> = BTreeMap::new();
    for n in 0..BURST {
        alice.send(BOB, &format!("burst {n} {}", "x".repeat(3000)));
    }
    alice.request(Request::SendMessage {
        to: ChatTarget::Contact(CAROL.into()),
        text: "hello carol".into(),
    });
    alice
        .wait_for("the first of the burst delivered", |seen| {
            let delivered = seen
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        Event::Delivery {
                            state: Delivery::Delivered,
                            ..
                        }
                    )
                })
                .count();
            (delivered >= 2).then_some(())
        })
        .await;
    let options = same_ports(&server);
    server.shutdown().await;
    let queued = alice
        .wait_for("every message queued", |seen| {
            let queued: Vec<(MessageId, String)> = seen
                .iter()
                .filter_map(|e| match e {
                    Event::Outgoing(outgoing) => match &outgoing.content {
                        msntui::session::Outgoing::Text(text) if text != "before" => {
                            Some((outgoing.message, text.clone()))
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            (queued.len() == BURST + 1).then_some(queued)
        })
        .await;
    texts.extend(queued);
    // What had not reached a switchboard waits for the server to come back.
    let _back = server_with(options).await;
    let mut outcomes = BTreeMap::new();
    for message in texts.keys() {
        outcomes.insert(*message, alice.outcome(*message).await);
    }
    assert!(outcomes.values().any(|o| *o == Delivery::Delivered));
    for (message, outcome) in &outcomes {
        assert!(outcome.is_final(), "{message:?}: {outcome:?}");
        if let Delivery::Failed(reason) = outcome {
            assert!(!reason.is_empty());
        }
    }
    let carol_message = texts
        .iter()
        .find(|(_, text)| *text == "hello carol")
        .map(|(message, _)| *message)
        .unwrap();
    // Carol was never reachable: her message failed, or from MSNP13 on it may have been
    // stored offline before the server went away.
    assert!(
        matches!(
            outcomes[&carol_message],
            Delivery::Failed(_) | Delivery::StoredOffline
        ),
        "{:?}",
        outcomes[&carol_message]
    );

    // The logs say what became of each message: bob's has the delivered ones.
    let logged_with_bob: Vec<(String, String)> = alice
        .log_with(BOB)
        .into_iter()
        .filter(|e| e.direction == LogDirection::Sent)
        .map(|e| (e.text, e.status.unwrap_or_default()))
        .collect();
    let mut expected = vec![("before".to_owned(), "delivered".to_owned())];
    for (message, text) in &texts {
        if *message != carol_message {
            expected.push((text.clone(), outcomes[message].to_string()));
        }
    }
    let mut logged_sorted = logged_with_bob.clone();
    logged_sorted.sort();
    expected.sort();
    assert_eq!(logged_sorted, expected);
    let carol_log = alice.log_with(CAROL);
    assert_eq!(carol_log.len(), 1);
    assert_eq!(
        carol_log[0].status.as_deref(),
        Some(outcomes[&carol_message].to_string().as_str())
    );

    alice.sign_out().await;
    bob.sign_out().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_msnp7() {
    server_killed_at(7).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_msnp12() {
    server_killed_at(12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_msnp15() {
    server_killed_at(15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_msnp18() {
    server_killed_at(18).await;
}

/// The NS ends the session (the account signed in elsewhere) while a conversation is
/// open and a message waits: the message fails, the switchboard is left, and
/// `Disconnected` still comes last.
#[tokio::test]
async fn signed_in_elsewhere_mid_conversation() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 12, ALICE, dir.path()).await;
    let mut bob = Chatter::sign_in(&server, 12, BOB, dir.path()).await;
    alice.say(BOB, "one").await;
    bob.hears(ALICE).await;
    alice.send(CAROL, "never sent");
    let (_, waiting) = alice.queued().await;
    let _elsewhere = support::client::TestClient::signed_in(&server, ALICE, 12).await;
    assert_eq!(alice.ends().await, DisconnectReason::OtherLocation);
    let outcome = alice.watched.seen.iter().rev().find_map(|e| match e {
        Event::Delivery { message, state, .. } if *message == waiting => Some(state.clone()),
        _ => None,
    });
    assert!(matches!(outcome, Some(Delivery::Failed(_))), "{outcome:?}");
    assert!(
        alice.watched.seen.iter().any(
            |e| matches!(e, Event::Raw(raw) if raw.line == "OUT" && raw.conversation.is_some())
        ),
        "the switchboard was left"
    );
    bob.sign_out().await;
}

fn reconnecting(event: &Event) -> bool {
    matches!(
        event,
        Event::State(msntui::session::ConnectionState::Reconnecting { .. })
    )
}

/// The latest delivery state of `message` seen so far.
fn last_state(chatter: &Chatter, message: MessageId) -> Option<Delivery> {
    chatter.watched.seen.iter().rev().find_map(|e| match e {
        Event::Delivery {
            message: m, state, ..
        } if *m == message => Some(state.clone()),
        _ => None,
    })
}

/// A message written while our connection is down (the server and the contact stay up)
/// waits, marked queued, for the reconnection and is delivered after it (and the log
/// says so). Signing out while one waits fails it with the reason.
async fn written_while_reconnecting_at(version: u8) {
    let server = server(false).await;
    let switch = LinkSwitch::start(server.ns).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in_with(&server, version, ALICE, dir.path(), |config| {
        config.port = switch.address().port();
    })
    .await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;

    switch.down();
    alice.take("reconnecting", reconnecting).await;
    alice.send(BOB, "written while away");
    let (_, waiting) = alice.queued().await;
    alice.watched.for_a_while(Duration::from_millis(500)).await;
    assert_eq!(last_state(&alice, waiting), Some(Delivery::Queued));

    switch.up();
    assert_eq!(alice.outcome(waiting).await, Delivery::Delivered);
    assert_eq!(bob.hears(ALICE).await.text, "written while away");
    let logged = alice.log_with(BOB);
    let last = logged.last().expect("logged");
    assert_eq!(
        (last.text.as_str(), last.status.as_deref()),
        ("written while away", Some("delivered"))
    );

    switch.down();
    alice.take("reconnecting again", reconnecting).await;
    alice.send(CAROL, "never sent");
    let (_, never) = alice.queued().await;
    alice.request(Request::SignOut);
    assert_eq!(alice.ends().await, DisconnectReason::SignedOut);
    assert_eq!(
        last_state(&alice, never),
        Some(Delivery::Failed("signed out".into()))
    );
    bob.sign_out().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn written_while_reconnecting_msnp7() {
    written_while_reconnecting_at(7).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn written_while_reconnecting_msnp18() {
    written_while_reconnecting_at(18).await;
}
