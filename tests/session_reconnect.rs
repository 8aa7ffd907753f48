//! A lost connection comes back by itself: a server killed and restarted on the same
//! ports, a server that stops answering.

mod session_support;
mod support;

use std::time::Duration;

use msntui::protocol::ServerCommand;
use msntui::protocol::types::Status;
use msntui::session::Direction;
use msntui::session::{ConnectionState, DisconnectReason, Event, Request};
use session_support::{Watched, config, config_for, fake};
use support::client::TestClient;
use support::link_switch::LinkSwitch;
use support::server::{same_ports, server, server_with};

fn reconnecting(event: &Event) -> bool {
    matches!(event, Event::State(ConnectionState::Reconnecting { .. }))
}

#[tokio::test]
async fn a_restarted_server_gets_the_session_back_with_its_profile() {
    for version in [7, 15] {
        let old = server(false).await;
        let data = tempfile::tempdir().unwrap();
        let mut alice = Watched::spawn(config(&old, version, "alice@example.com", data.path()));
        alice.signed_in().await;
        alice.handle.set_status(Status::Busy).unwrap();
        alice.handle.set_name("Alice Restored").unwrap();
        if version >= 11 {
            alice.handle.set_personal_message("still here").unwrap();
        }
        alice
            .until("profile set", |e| {
                matches!(e, Event::Profile(p) if p.name == "Alice Restored" && p.status == Status::Busy
                    && (version < 11 || p.personal_message == "still here"))
            })
            .await;

        let options = same_ports(&old);
        old.shutdown().await;
        alice.until("reconnecting", reconnecting).await;
        let server = server_with(options).await;
        assert_eq!(alice.signed_in().await, version);
        let attempts = alice
            .seen
            .iter()
            .filter_map(|e| match e {
                Event::State(ConnectionState::Reconnecting { attempt, .. }) => Some(*attempt),
                _ => None,
            })
            .max();
        assert!(
            attempts.is_some_and(|attempts| attempts <= 3),
            "MSNP{version}: back after {attempts:?} attempts"
        );

        let mut bob = TestClient::signed_in(&server, "bob@example.com", version).await;
        bob.go_online(Status::Online).await;
        let restored = bob
            .wait_for("alice, busy and renamed", |c| match c {
                ServerCommand::Iln(iln) => iln.presence.address.email == "alice@example.com",
                ServerCommand::Nln(p) => {
                    p.address.email == "alice@example.com" && p.name.0 == "Alice Restored"
                }
                _ => false,
            })
            .await;
        let presence = match restored {
            ServerCommand::Iln(iln) => iln.presence,
            ServerCommand::Nln(p) => p,
            _ => unreachable!(),
        };
        assert_eq!(presence.status, Status::Busy, "MSNP{version}");
        assert_eq!(presence.name.0, "Alice Restored", "MSNP{version}");
        if version >= 11 {
            bob.wait_for("alice's message", |c| match c {
                ServerCommand::Ubx(ubx) => {
                    String::from_utf8_lossy(&ubx.payload).contains("still here")
                }
                _ => false,
            })
            .await;
        }
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}

#[tokio::test]
async fn a_silent_server_is_noticed_and_left() {
    let address = fake::start(fake::goes_silent()).await;
    let data = tempfile::tempdir().unwrap();
    let mut config = config_for(
        address,
        "http://127.0.0.1:9",
        7,
        "alice@example.com",
        "pw",
        data.path(),
    );
    config.timing.ping_interval = Duration::from_millis(200);
    config.timing.reply_timeout = Duration::from_millis(400);
    let mut alice = Watched::spawn(config);
    alice.signed_in().await;
    let Event::State(ConnectionState::Reconnecting { reason, .. }) =
        alice.until("reconnecting", reconnecting).await
    else {
        unreachable!()
    };
    assert!(reason.contains("stopped answering"), "{reason}");
    assert!(
        alice
            .seen
            .iter()
            .any(|e| matches!(e, Event::Raw(raw) if raw.line == "PNG"))
    );
    alice.handle.sign_out().unwrap();
    assert_eq!(
        alice.run_out().await,
        ConnectionState::Disconnected(DisconnectReason::SignedOut)
    );
}

#[tokio::test]
async fn a_missing_address_book_stops_with_its_reason_instead_of_signing_in_again() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut config = config(&server, 15, "alice@example.com", data.path());
    config.address_book_url = format!("{}/no/such/abservice.asmx", server.shared.http_base);
    let mut alice = Watched::spawn(config);
    let ConnectionState::Disconnected(DisconnectReason::Failed(reason)) = alice.run_out().await
    else {
        panic!("expected a failure: {:#?}", alice.seen);
    };
    assert!(reason.contains("HTTP 404"), "{reason}");
    assert!(reason.contains("address_book_url"), "{reason}");
    assert_eq!(
        alice.raw_count(Direction::Sent, "VER "),
        1,
        "one connection"
    );
    assert!(!alice.seen.iter().any(reconnecting));
}

#[tokio::test]
async fn connections_that_drop_right_after_sign_in_back_off_further_each_time() {
    let address = fake::start(fake::drops_after_sign_in()).await;
    let data = tempfile::tempdir().unwrap();
    let config = config_for(
        address,
        "http://127.0.0.1:9",
        7,
        "alice@example.com",
        "pw",
        data.path(),
    );
    let mut alice = Watched::spawn(config);
    let mut retries = Vec::new();
    while retries.len() < 3 {
        if let Event::State(ConnectionState::Reconnecting {
            attempt,
            delay,
            reason,
        }) = alice.until("reconnecting", reconnecting).await
        {
            assert!(!reason.is_empty());
            retries.push((attempt, delay));
        }
    }
    let attempts: Vec<u32> = retries.iter().map(|(attempt, _)| *attempt).collect();
    assert_eq!(attempts, [1, 2, 3], "{retries:?}");
    assert!(retries[2].1 > retries[0].1, "{retries:?}");
    assert_eq!(alice.raw_count(Direction::Sent, "VER "), 3);
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}

/// `/reconnect` cuts a long reconnection delay short once the network is back; while
/// connected it only says so.
#[tokio::test]
async fn reconnect_tries_at_once_instead_of_waiting_the_delay_out() {
    let server = server(false).await;
    let switch = LinkSwitch::start(server.ns).await;
    let data = tempfile::tempdir().unwrap();
    let mut config = config_for(
        switch.address(),
        &server.shared.http_base,
        12,
        "alice@example.com",
        "alicepass1",
        data.path(),
    );
    // Longer than `Watched::until` waits: only the request can bring the session back.
    config.timing.backoff_min = Duration::from_secs(600);
    config.timing.backoff_max = Duration::from_secs(600);
    let mut alice = Watched::spawn(config);
    alice.signed_in().await;
    alice.handle.send(Request::Reconnect).unwrap();
    alice
        .until("the answer while connected", |e| {
            matches!(e, Event::Error(error) if error.message == "cannot reconnect: already connected")
        })
        .await;

    switch.down();
    alice.until("reconnecting", reconnecting).await;
    switch.up();
    alice.handle.send(Request::Reconnect).unwrap();
    assert_eq!(alice.signed_in().await, 12);
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}
