//! Display pictures between two msntui sessions through the bundled server, at MSNP15
//! (P2Pv1) and MSNP18 (P2Pv2): alice's picture is announced with her status; bob
//! fetches it when she joins his conversation, checks it and caches it by SHA1D;
//! `/whois` shows it; a new session of bob's finds it in the cache and never asks again.
//! Bob also fetches it with no conversation at all: when he looks at her (a contact
//! resting selected, `FetchPicture`) or asks `/whois`, once, and never again from the cache.

mod session_support;
mod support;

use std::path::Path;

use msntui::p2p::{DISPLAY_PICTURE, MsnObject};
use msntui::protocol::types::Status;
use msntui::server::RunningServer;
use msntui::session::{ChatTarget, ContactInfo, Direction, Event, PictureInfo, Request};
use session_support::process::{Headless, event, write_config};
use session_support::{Watched, config, is_presence};
use support::accounts::password_of;
use support::server::server;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

/// A small PNG-signed picture of 5,000 bytes: several P2P packets.
fn picture(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
    data.extend((0..4992).map(|n| (n * 7 % 256) as u8));
    let path = dir.join("alice.png");
    std::fs::write(&path, &data).unwrap();
    (path, data)
}

async fn online(watched: &mut Watched) {
    watched
        .until(
            "online",
            |e| matches!(e, Event::Profile(p) if p.status == Status::Online),
        )
        .await;
}

/// MSNSLP INVITEs for an MSNObject that `watched` sent.
fn object_requests(watched: &Watched) -> usize {
    watched
        .seen
        .iter()
        .filter(|e| {
            matches!(e, Event::Raw(raw) if raw.direction == Direction::Sent
                && raw.payload.as_deref().is_some_and(|p| p.contains("INVITE MSNMSGR") && p.contains("A4268EEC-FEC5-49E5-95C3-F126696BDBF6")))
        })
        .count()
}

/// Bob writes to alice and waits for her picture.
async fn talk_and_see(bob: &mut Watched) -> Event {
    bob.handle
        .send(Request::SendMessage {
            to: ChatTarget::Contact(ALICE.into()),
            text: "show me your face".into(),
        })
        .unwrap();
    bob.until(
        "alice's picture",
        |e| matches!(e, Event::Picture { email, .. } if email == ALICE),
    )
    .await
}

/// Alice online with a display picture and Bob online without one, their data under
/// `dir/alice` and `dir/bob`; the picture's bytes.
async fn alice_with_a_picture_and_bob(
    server: &RunningServer,
    version: u8,
    dir: &Path,
) -> (Watched, Watched, Vec<u8>) {
    let (path, data) = picture(dir);
    let mut alice_config = config(server, version, ALICE, &dir.join("alice"));
    alice_config.display_picture = Some(path);
    let mut alice = Watched::spawn(alice_config);
    online(&mut alice).await;
    let mut bob = Watched::spawn(config(server, version, BOB, &dir.join("bob")));
    online(&mut bob).await;
    (alice, bob, data)
}

async fn fetched_once(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let (_alice, mut bob, data) = alice_with_a_picture_and_bob(&server, version, dir.path()).await;
    let bob_data = dir.path().join("bob");

    let Event::Picture { sha1d, path, .. } = talk_and_see(&mut bob).await else {
        unreachable!()
    };
    assert_eq!(
        std::fs::read(&path).unwrap(),
        data,
        "the picture, byte for byte"
    );
    let expected = MsnObject::for_data(ALICE, DISPLAY_PICTURE, "0", &data);
    assert_eq!(sha1d, expected.sha1d);
    assert!(path.starts_with(bob_data.join("pictures")));
    assert_eq!(object_requests(&bob), 1);

    let info = whois(&mut bob, ALICE).await;
    assert_eq!(
        info.picture,
        Some(PictureInfo {
            sha1d: expected.sha1d.clone(),
            path: Some(path.clone()),
        })
    );

    // A new session of bob's: the cache has it, nothing is asked for.
    bob.handle.send(Request::SignOut).unwrap();
    bob.run_out().await;
    let mut bob = Watched::spawn(config(&server, version, BOB, &bob_data));
    online(&mut bob).await;
    let Event::Picture { path: again, .. } = talk_and_see(&mut bob).await else {
        unreachable!()
    };
    assert_eq!(again, path);
    assert_eq!(object_requests(&bob), 0, "never fetched twice");
}

#[tokio::test]
async fn fetched_checked_cached_and_never_fetched_twice_msnp15() {
    fetched_once(15).await;
}

#[tokio::test]
async fn fetched_checked_cached_and_never_fetched_twice_msnp18() {
    fetched_once(18).await;
}

/// Waits until `watched` has seen `email` come online (perhaps already).
async fn sees_online(watched: &mut Watched, email: &str) {
    let online = |e: &Event| is_presence(e, email, Status::Online);
    if !watched.seen.iter().any(online) {
        watched.until("the contact online", online).await;
    }
}

/// Asks for `email`'s information (`/whois`) and waits for it.
async fn whois(watched: &mut Watched, email: &str) -> ContactInfo {
    watched
        .handle
        .send(Request::Whois {
            email: email.into(),
        })
        .unwrap();
    let info = watched
        .until("whois", |e| matches!(e, Event::ContactInfo(_)))
        .await;
    let Event::ContactInfo(info) = info else {
        unreachable!()
    };
    info
}

async fn picture_event(watched: &mut Watched) -> (String, std::path::PathBuf) {
    let event = watched
        .until(
            "alice's picture",
            |e| matches!(e, Event::Picture { email, .. } if email == ALICE),
        )
        .await;
    let Event::Picture { sha1d, path, .. } = event else {
        unreachable!()
    };
    (sha1d, path)
}

fn opened_conversations(watched: &Watched) -> usize {
    watched
        .seen
        .iter()
        .filter(|e| matches!(e, Event::ConversationOpened { .. }))
        .count()
}

async fn fetched_on_request(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, data) =
        alice_with_a_picture_and_bob(&server, version, dir.path()).await;
    sees_online(&mut bob, ALICE).await;

    let fetch = Request::FetchPicture {
        email: ALICE.into(),
    };
    bob.handle.send(fetch.clone()).unwrap();
    let (sha1d, path) = picture_event(&mut bob).await;
    assert_eq!(std::fs::read(&path).unwrap(), data);
    let expected = MsnObject::for_data(ALICE, DISPLAY_PICTURE, "0", &data);
    assert_eq!(sha1d, expected.sha1d);
    assert_eq!(object_requests(&bob), 1);
    assert_eq!(
        opened_conversations(&bob),
        0,
        "no conversation for a picture"
    );
    // Alice was called in before her picture went out: that showed her nothing.
    alice
        .for_a_while(std::time::Duration::from_millis(300))
        .await;
    assert_eq!(
        opened_conversations(&alice),
        0,
        "no conversation at the picture's owner"
    );

    // Asked again, and by /whois: the cache answers.
    bob.handle.send(fetch).unwrap();
    assert_eq!(picture_event(&mut bob).await.1, path);
    let info = whois(&mut bob, ALICE).await;
    assert_eq!(info.picture.and_then(|picture| picture.path), Some(path));
    bob.for_a_while(std::time::Duration::from_millis(300)).await;
    assert_eq!(object_requests(&bob), 1, "never fetched twice");
    bob.handle.send(Request::SignOut).unwrap();
    bob.run_out().await;

    // `/whois` with an empty cache: the information at once, the picture after it.
    let carol_data = dir.path().join("carol");
    let mut bob = Watched::spawn(config(&server, version, BOB, &carol_data));
    online(&mut bob).await;
    sees_online(&mut bob, ALICE).await;
    let info = whois(&mut bob, ALICE).await;
    assert_eq!(
        info.picture,
        Some(PictureInfo {
            sha1d: expected.sha1d.clone(),
            path: None,
        })
    );
    let (_, path) = picture_event(&mut bob).await;
    assert!(path.starts_with(carol_data.join("pictures")));
    assert_eq!(object_requests(&bob), 1);
    assert_eq!(opened_conversations(&bob), 0);
}

#[tokio::test]
async fn fetched_when_looked_at_without_a_conversation_msnp15() {
    fetched_on_request(15).await;
}

#[tokio::test]
async fn fetched_when_looked_at_without_a_conversation_msnp18() {
    fetched_on_request(18).await;
}

/// Headless `/whois`: `contact_info` at once without the picture's path, then the
/// `picture` event once it is fetched.
#[tokio::test]
async fn headless_whois_prints_the_info_then_fetches_the_picture() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, data) = picture(dir.path());
    let mut alice_config = config(&server, 15, ALICE, &dir.path().join("alice"));
    alice_config.display_picture = Some(path);
    let mut alice = Watched::spawn(alice_config);
    online(&mut alice).await;
    let home = dir.path().join("bob");
    std::fs::create_dir_all(&home).unwrap();
    let bob_config = write_config(&home, &server, BOB, password_of(BOB), "MSNP15");
    let mut bob = Headless::start_with_env(&bob_config, &[], &[("HOME", home.as_path())]);
    bob.until("alice online", |v| {
        event(v, "presence") && v["email"] == ALICE && v["status"] == "NLN"
    })
    .await;
    bob.say(&format!("/whois {ALICE}")).await;
    let info = bob.until("whois", |v| event(v, "contact_info")).await;
    assert!(info["picture_sha1d"].is_string());
    assert!(info["picture_path"].is_null(), "not fetched yet: {info}");
    let fetched = bob.until("the picture", |v| event(v, "picture")).await;
    assert_eq!(fetched["sha1d"], info["picture_sha1d"]);
    let cached = fetched["path"].as_str().expect("a path");
    assert_eq!(std::fs::read(cached).unwrap(), data);
    bob.quit().await;
}
