//! A session against the bundled server, one test per sign-in generation: sign in, get
//! the list, see a second client's presence and personal message, change the profile,
//! add, remove, block and unblock, sign out.

mod session_support;
mod support;

use msntui::protocol::ServerCommand;
use msntui::protocol::types::{List, Status};
use msntui::session::{ConnectionState, DisconnectReason, Event, Request};
use session_support::{Watched, config, is_presence};
use support::client::TestClient;
use support::server::server;

fn changed(event: &Event, email: &str, check: impl Fn(&msntui::session::Contact) -> bool) -> bool {
    matches!(event, Event::ContactChanged(c) if c.email == email && check(c))
}

/// Adds `email` to the forward list and waits until the session says so.
async fn add_contact(session: &mut Watched, email: &str) {
    session
        .handle
        .send(Request::AddContact {
            email: email.into(),
            group: None,
        })
        .unwrap();
    session
        .until("the contact added", |e| {
            changed(e, email, |c| c.on(List::Forward))
        })
        .await;
}

/// The errors the session reported so far.
fn errors(session: &Watched) -> Vec<&Event> {
    session
        .seen
        .iter()
        .filter(|e| matches!(e, Event::Error(_)))
        .collect()
}

async fn full_cycle(version: u8) {
    let server = server(false).await;
    let data = tempfile::tempdir().expect("temp dir");
    let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
    assert_eq!(alice.signed_in().await, version);
    let Event::ContactList(list) = alice
        .until("the contact list", |e| matches!(e, Event::ContactList(_)))
        .await
    else {
        unreachable!()
    };
    let bob = list.contact("bob@example.com").expect("bob is listed");
    assert!(bob.on(List::Forward) && bob.on(List::Allow), "{bob:?}");
    alice
        .until(
            "online",
            |e| matches!(e, Event::Profile(p) if p.status == Status::Online),
        )
        .await;

    let mut bob = TestClient::signed_in(&server, "bob@example.com", version).await;
    bob.go_online(Status::Away).await;
    alice
        .until("bob away", |e| {
            is_presence(e, "bob@example.com", Status::Away)
        })
        .await;
    if version >= 11 {
        bob.set_personal_message("gone fishing").await;
        bob.set_personal_message("gone fishing").await;
        bob.set_personal_message("back").await;
        alice
            .until("bob's message", |e| {
                matches!(e, Event::PersonalMessage { email, message, .. }
                    if email == "bob@example.com" && message == "back")
            })
            .await;
        let told: Vec<&str> = alice
            .seen
            .iter()
            .filter_map(|e| match e {
                Event::PersonalMessage { email, message, .. } if email == "bob@example.com" => {
                    Some(message.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            told,
            ["gone fishing", "back"],
            "a message sent again is no news"
        );
    }

    alice.handle.set_status(Status::Busy).unwrap();
    alice
        .until(
            "busy",
            |e| matches!(e, Event::Profile(p) if p.status == Status::Busy),
        )
        .await;
    bob.wait_for("alice busy", |c| match c {
        ServerCommand::Nln(p) => p.address.email == "alice@example.com" && p.status == Status::Busy,
        _ => false,
    })
    .await;
    alice.handle.set_name("Alice Renamed").unwrap();
    alice
        .until(
            "renamed",
            |e| matches!(e, Event::Profile(p) if p.name == "Alice Renamed"),
        )
        .await;
    bob.wait_for("alice's new name", |c| match c {
        ServerCommand::Nln(p) => p.name.0 == "Alice Renamed",
        _ => false,
    })
    .await;
    if version >= 11 {
        alice.handle.set_personal_message("out to lunch").unwrap();
        alice
            .until(
                "message set",
                |e| matches!(e, Event::Profile(p) if p.personal_message == "out to lunch"),
            )
            .await;
        bob.wait_for("alice's message", |c| match c {
            ServerCommand::Ubx(ubx) => {
                ubx.address.email == "alice@example.com"
                    && String::from_utf8_lossy(&ubx.payload).contains("out to lunch")
            }
            _ => false,
        })
        .await;
    }

    let carol = "carol@example.com";
    add_contact(&mut alice, carol).await;
    alice
        .handle
        .send(Request::RemoveContact {
            email: carol.into(),
        })
        .unwrap();
    alice
        .until("carol removed", |e| {
            changed(e, carol, |c| !c.on(List::Forward))
                || matches!(e, Event::ContactRemoved { email } if email == carol)
        })
        .await;
    let bob_email = "bob@example.com";
    alice
        .handle
        .send(Request::Block {
            email: bob_email.into(),
        })
        .unwrap();
    alice
        .until("bob blocked", |e| {
            changed(e, bob_email, |c| c.on(List::Block) && !c.on(List::Allow))
        })
        .await;
    alice
        .handle
        .send(Request::Unblock {
            email: bob_email.into(),
        })
        .unwrap();
    alice
        .until("bob unblocked", |e| {
            changed(e, bob_email, |c| c.on(List::Allow) && !c.on(List::Block))
        })
        .await;

    let errors = errors(&alice);
    assert!(errors.is_empty(), "MSNP{version}: {errors:?}");
    if version >= 16 {
        let guid = std::fs::read_to_string(data.path().join("machine-guid")).expect("GUID kept");
        let usr = format!("USR 4 SSO S <redacted> <redacted> {}", guid.trim());
        assert!(
            alice
                .seen
                .iter()
                .any(|e| matches!(e, Event::Raw(raw) if raw.line == usr)),
            "the stored machine GUID was not sent"
        );
    }
    alice.handle.sign_out().unwrap();
    let end = alice.run_out().await;
    if std::env::var_os("SESSION_DUMP").is_some() {
        for event in &alice.seen {
            match event {
                Event::Raw(raw) => eprintln!("{:?} {} {:?}", raw.direction, raw.line, raw.payload),
                other => eprintln!("  {other:?}"),
            }
        }
    }
    assert_eq!(
        end,
        ConnectionState::Disconnected(DisconnectReason::SignedOut)
    );
}
#[tokio::test]
async fn msnp2_md5() {
    full_cycle(2).await;
}

#[tokio::test]
async fn msnp7_md5() {
    full_cycle(7).await;
}

#[tokio::test]
async fn msnp8_twn() {
    full_cycle(8).await;
}

#[tokio::test]
async fn msnp12_twn() {
    full_cycle(12).await;
}

#[tokio::test]
async fn msnp13_twn_and_address_book() {
    full_cycle(13).await;
}

#[tokio::test]
async fn msnp15_sso() {
    full_cycle(15).await;
}

#[tokio::test]
async fn msnp18_sso_and_machine_guid() {
    full_cycle(18).await;
}

/// A block asked for while the session signs in waits for the contact list: bob is on
/// alice's allow list, so blocking him takes him off it first (adding him to the block
/// list alone is refused with 219, "in the opposite list").
#[tokio::test]
async fn a_list_change_asked_for_during_sign_in_waits_for_the_list() {
    for version in [8, 12, 15] {
        let server = server(false).await;
        let data = tempfile::tempdir().expect("temp dir");
        let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
        let bob = "bob@example.com";
        alice
            .handle
            .send(Request::Block { email: bob.into() })
            .unwrap();
        alice
            .until("bob blocked", |e| {
                changed(e, bob, |c| c.on(List::Block) && !c.on(List::Allow))
                    || matches!(e, Event::Error(_))
            })
            .await;
        let errors = errors(&alice);
        assert!(errors.is_empty(), "MSNP{version}: {errors:?}");
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}

/// Someone who added us while we were offline is told of at sign-in, once the list is
/// whole (they are on our reverse or pending list only), at every generation.
#[tokio::test]
async fn who_added_us_while_we_were_away_is_told_at_sign_in() {
    for version in [8, 12, 15, 18] {
        let server = server(false).await;
        let data = tempfile::tempdir().expect("temp dir");
        let carol = "carol@example.com";
        let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
        alice.signed_in().await;
        add_contact(&mut alice, carol).await;
        alice.handle.sign_out().unwrap();
        alice.run_out().await;

        let mut carol_session = Watched::spawn(config(&server, version, carol, data.path()));
        carol_session
            .until(
                "alice's addition",
                |e| matches!(e, Event::AddedBy { email, .. } if email == "alice@example.com"),
            )
            .await;
        assert!(
            carol_session
                .seen
                .iter()
                .any(|e| matches!(e, Event::ContactList(_))),
            "MSNP{version}: told before the list was whole"
        );
        carol_session.handle.sign_out().unwrap();
        carol_session.run_out().await;
    }
}

/// A friendly name longer than servers take (387 bytes once URL-encoded) is refused with
/// its size before anything is sent; a name within the limit still goes out after it.
#[tokio::test]
async fn a_name_too_long_for_servers_is_refused_before_it_is_sent() {
    for version in [8, 15] {
        let server = server(false).await;
        let data = tempfile::tempdir().expect("temp dir");
        let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
        alice
            .until(
                "online",
                |e| matches!(e, Event::Profile(p) if p.status == Status::Online),
            )
            .await;
        // 43 characters, each 9 bytes once encoded: 387 bytes, the most that is taken.
        let longest = "漢".repeat(43);
        alice.handle.set_name(format!("{longest}字")).unwrap();
        let refused = alice
            .until("the refusal", |e| matches!(e, Event::Error(_)))
            .await;
        let Event::Error(error) = refused else {
            unreachable!("taken for being an error")
        };
        assert_eq!(
            error.message,
            "cannot change name: it takes 396 bytes on the wire, and servers take at most 387",
            "MSNP{version}"
        );
        alice.handle.set_name(longest.clone()).unwrap();
        alice
            .until(
                "renamed",
                |e| matches!(e, Event::Profile(p) if p.name == longest),
            )
            .await;
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}
