//! Three msntui sessions in one conversation, at MSNP7, 12, 15 and 18: a third person
//! invited into a running chat, joins and leaves shown to everyone, messages reaching
//! all who are there; and two switchboards opened at once by both sides of a chat
//! showing as one conversation.

mod chat_support;
mod session_support;
mod support;

use msntui::session::{ChatTarget, ConversationId, Event, Request};
use support::server::server;

use chat_support::Chatter;

const DEMO: &str = "demo@msntui.local";
const ERIN: &str = "erin@msntui.local";
const FRANK: &str = "frank@msntui.local";
const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

fn participants(event: &Event, joined: &[&str], left: &[&str]) -> bool {
    matches!(event, Event::Participants { joined: j, left: l, .. } if j == joined && l == left)
}

fn present(event: &Event) -> Vec<String> {
    match event {
        Event::Participants { present, .. } => present.iter().map(|p| p.email.clone()).collect(),
        _ => Vec::new(),
    }
}

async fn three_party_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Chatter::sign_in(&server, version, DEMO, dir.path()).await;
    let mut erin = Chatter::sign_in(&server, version, ERIN, dir.path()).await;
    let mut frank = Chatter::sign_in(&server, version, FRANK, dir.path()).await;

    let chat = demo.say(ERIN, "hi erin").await;
    let at_erin = erin.hears(DEMO).await.conversation;

    // Demo calls frank in; everyone sees him join.
    demo.request(Request::Invite {
        conversation: Some(ChatTarget::Conversation(chat)),
        email: FRANK.into(),
    });
    let joined = demo
        .take("frank joined", |e| participants(e, &[FRANK], &[]))
        .await;
    assert_eq!(present(&joined), [ERIN, FRANK]);
    let seen_by_erin = erin
        .take("frank joined", |e| participants(e, &[FRANK], &[]))
        .await;
    assert_eq!(present(&seen_by_erin), [DEMO, FRANK]);
    let at_frank = match frank
        .take("frank's roster", |e| {
            matches!(e, Event::Participants { .. })
        })
        .await
    {
        Event::Participants {
            conversation,
            present,
            ..
        } => {
            let emails: Vec<&str> = present.iter().map(|p| p.email.as_str()).collect();
            assert_eq!(emails, [DEMO, ERIN]);
            conversation
        }
        _ => unreachable!(),
    };

    // A message reaches everyone else.
    demo.say_in(chat, "welcome frank").await;
    assert_eq!(erin.hears(DEMO).await.text, "welcome frank");
    assert_eq!(frank.hears(DEMO).await.text, "welcome frank");
    frank.say_in(at_frank, "thanks!").await;
    assert_eq!(demo.hears(FRANK).await.conversation, chat);
    assert_eq!(erin.hears(FRANK).await.conversation, at_erin);

    // Frank leaves: the others see it, and the chat goes on between the two.
    frank.request(Request::CloseConversation {
        conversation: at_frank,
    });
    demo.take("frank left", |e| participants(e, &[], &[FRANK]))
        .await;
    erin.take("frank left", |e| participants(e, &[], &[FRANK]))
        .await;
    assert_eq!(demo.say(ERIN, "just us").await, chat);
    assert_eq!(erin.hears(DEMO).await.text, "just us");

    // Each contact's log holds what was said while they were there.
    let texts = |chatter: &Chatter, contact: &str| -> Vec<String> {
        chatter
            .log_with(contact)
            .into_iter()
            .map(|e| format!("{}: {}", e.sender, e.text))
            .collect()
    };
    assert_eq!(
        texts(&demo, ERIN),
        [
            "demo@msntui.local: hi erin",
            "demo@msntui.local: welcome frank",
            "frank@msntui.local: thanks!",
            "demo@msntui.local: just us",
        ]
    );
    assert_eq!(
        texts(&demo, FRANK),
        [
            "demo@msntui.local: welcome frank",
            "frank@msntui.local: thanks!"
        ]
    );
    assert_eq!(
        texts(&frank, DEMO),
        [
            "demo@msntui.local: welcome frank",
            "frank@msntui.local: thanks!"
        ]
    );
    for chatter in [&mut demo, &mut erin, &mut frank] {
        chatter.sign_out().await;
    }
}

/// `/invite` in a one-to-one tab where nothing was written yet: the conversation opens
/// with its contact and the invited one both called, as official clients do.
#[tokio::test]
async fn inviting_into_a_chat_not_yet_written_in_calls_both() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Chatter::sign_in(&server, 15, DEMO, dir.path()).await;
    let mut erin = Chatter::sign_in(&server, 15, ERIN, dir.path()).await;
    let mut frank = Chatter::sign_in(&server, 15, FRANK, dir.path()).await;

    demo.request(Request::Invite {
        conversation: Some(ChatTarget::Contact(ERIN.into())),
        email: FRANK.into(),
    });
    let both = demo
        .take("erin and frank joined", |e| present(e) == [ERIN, FRANK])
        .await;
    let Event::Participants { conversation, .. } = both else {
        unreachable!("taken for being Participants")
    };
    demo.say_in(conversation, "hello both").await;
    assert_eq!(erin.hears(DEMO).await.text, "hello both");
    assert_eq!(frank.hears(DEMO).await.text, "hello both");
    for chatter in [&mut demo, &mut erin, &mut frank] {
        chatter.sign_out().await;
    }
}

#[tokio::test]
async fn three_party_msnp7() {
    three_party_at(7).await;
}

#[tokio::test]
async fn three_party_msnp12() {
    three_party_at(12).await;
}

#[tokio::test]
async fn three_party_msnp15() {
    three_party_at(15).await;
}

#[tokio::test]
async fn three_party_msnp18() {
    three_party_at(18).await;
}

/// Both sides write first: each opens a switchboard and is invited into the other's;
/// each sees one conversation, and every message arrives there.
async fn both_open_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    alice.send(BOB, "hello from alice");
    bob.send(ALICE, "hello from bob");
    let (at_alice, from_alice) = alice.queued().await;
    let (at_bob, from_bob) = bob.queued().await;
    assert!(alice.outcome(from_alice).await.is_final());
    assert!(bob.outcome(from_bob).await.is_final());
    assert_eq!(bob.hears(ALICE).await.conversation, at_bob);
    assert_eq!(alice.hears(BOB).await.conversation, at_alice);
    for n in 0..3 {
        assert_eq!(alice.say(BOB, &format!("again {n}")).await, at_alice);
        assert_eq!(bob.hears(ALICE).await.conversation, at_bob);
    }
    let conversations = |chatter: &Chatter| -> Vec<ConversationId> {
        chatter
            .watched
            .seen
            .iter()
            .filter_map(|e| match e {
                Event::ConversationOpened { conversation, .. } => Some(*conversation),
                _ => None,
            })
            .collect()
    };
    assert_eq!(conversations(&alice), [at_alice]);
    assert_eq!(conversations(&bob), [at_bob]);
    let joins = alice
        .watched
        .seen
        .iter()
        .filter(|e| participants(e, &[BOB], &[]))
        .count();
    assert_eq!(joins, 1, "bob on two switchboards is one participant");
    alice.sign_out().await;
    bob.sign_out().await;
}

#[tokio::test]
async fn both_open_msnp7() {
    both_open_at(7).await;
}

#[tokio::test]
async fn both_open_msnp18() {
    both_open_at(18).await;
}
