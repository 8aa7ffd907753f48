//! One account signed in at two places at once (MSNP16+ endpoints, docs/protocol.md
//! §4.7): what one place says in a shared conversation is ours at the other, and a name
//! or personal message changed at one place shows at the other, which does not put its
//! older one back when it reconnects.

mod chat_support;
mod session_support;
mod support;

use msntui::chatlog::{Direction, SENT_ELSEWHERE};
use msntui::protocol::types::Status;
use msntui::session::{Direction as RawDirection, Event, Request};
use support::server::{same_ports, server, server_with};

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

/// MSNP16+: one account signed in at two places is two endpoints in the same
/// switchboard, and each gets what the other sends. That message is the account's own:
/// shown and logged as sent from another place, never as one received from ourselves.
#[tokio::test]
async fn our_own_message_from_another_place_is_ours_msnp18() {
    let server = server(false).await;
    let here_dir = tempfile::tempdir().unwrap();
    let there_dir = tempfile::tempdir().unwrap();
    let mut here = Chatter::sign_in(&server, 18, ALICE, here_dir.path()).await;
    let mut there = Chatter::sign_in(&server, 18, ALICE, there_dir.path()).await;
    let mut bob = Chatter::sign_in(&server, 18, BOB, here_dir.path()).await;

    let chats = bob
        .say_to_every_place(ALICE, &mut [&mut here, &mut there])
        .await;
    let (chat_here, chat_there) = (chats[0], chats[1]);
    here.say_in(chat_here, "answered here").await;
    assert_eq!(bob.hears(ALICE).await.text, "answered here");

    let seen = there
        .take(
            "the answer from the other place",
            |e| matches!(e, Event::SentElsewhere(m) if m.text == "answered here"),
        )
        .await;
    let Event::SentElsewhere(sent) = seen else {
        unreachable!()
    };
    assert_eq!(sent.conversation, chat_there);
    assert_eq!(sent.sender, ALICE);
    let from_ourselves = there
        .watched
        .seen
        .iter()
        .any(|e| matches!(e, Event::MessageReceived(m) if m.sender == ALICE));
    assert!(!from_ourselves, "our own message came as one received");

    let logged = there.log_with(BOB);
    let last = logged.last().expect("a logged line");
    assert_eq!(last.direction, Direction::Sent);
    assert_eq!(last.text, "answered here");
    assert_eq!(last.status.as_deref(), Some(SENT_ELSEWHERE));
}

/// A name or personal message set at one place is the account's: the other place's own
/// profile follows it, while its status stays its own.
#[tokio::test]
async fn a_name_and_personal_message_set_at_one_place_show_at_the_other_msnp18() {
    let server = server(false).await;
    let here_dir = tempfile::tempdir().unwrap();
    let there_dir = tempfile::tempdir().unwrap();
    let mut here = Chatter::sign_in(&server, 18, ALICE, here_dir.path()).await;
    let there = Chatter::sign_in(&server, 18, ALICE, there_dir.path()).await;

    there.request(Request::SetStatus(Status::Busy));
    there.request(Request::SetPersonalMessage("at the other place".into()));
    here.take(
        "the personal message from the other place",
        |e| matches!(e, Event::Profile(p) if p.personal_message == "at the other place"),
    )
    .await;
    there.request(Request::SetName("Alice Elsewhere".into()));
    let profile = here
        .take(
            "the name from the other place",
            |e| matches!(e, Event::Profile(p) if p.name == "Alice Elsewhere"),
        )
        .await;
    let Event::Profile(profile) = profile else {
        unreachable!()
    };
    assert_eq!(profile.personal_message, "at the other place");
    assert_eq!(
        profile.status,
        Status::Online,
        "the status is this place's own"
    );
}

/// A personal message replaced at another place is no longer this place's to restore:
/// after a reconnection this place does not send its old one back over the newer.
#[tokio::test]
async fn a_reconnection_does_not_restore_what_another_place_replaced_msnp18() {
    let old = server(false).await;
    let here_dir = tempfile::tempdir().unwrap();
    let there_dir = tempfile::tempdir().unwrap();
    let mut here = Chatter::sign_in(&old, 18, ALICE, here_dir.path()).await;
    let there = Chatter::sign_in(&old, 18, ALICE, there_dir.path()).await;
    here.request(Request::SetPersonalMessage("set here first".into()));
    here.take(
        "our own message",
        |e| matches!(e, Event::Profile(p) if p.personal_message == "set here first"),
    )
    .await;
    there.request(Request::SetPersonalMessage("replaced there".into()));
    here.take(
        "the newer message",
        |e| matches!(e, Event::Profile(p) if p.personal_message == "replaced there"),
    )
    .await;

    let options = same_ports(&old);
    old.shutdown().await;
    let restart = here.watched.seen.len();
    let _server = server_with(options).await;
    here.watched.signed_in().await;
    // Everything the start-up sends goes out before the first answer is read.
    here.watched
        .until("the answer to the endpoint data", |e| {
            matches!(e, Event::Raw(raw) if raw.direction == RawDirection::Received
                && raw.line.starts_with("UUX "))
        })
        .await;
    let restored_old = here.watched.seen[restart..].iter().any(|e| {
        matches!(e, Event::Raw(raw) if raw.direction == RawDirection::Sent
            && raw.payload.as_deref().is_some_and(|p| p.contains("set here first")))
    });
    assert!(!restored_old, "the replaced message was sent again");
}
