//! Sessions through the HTTP polling gateway of the bundled server, at MSNP8, 12, 15
//! and 18: sign-in, the contact list, a chat both ways, a reconnection after the server
//! restarts, and sign-out. The session's own NS port is closed, so nothing but the
//! gateway can carry it. And `auto`, which falls back to the gateway when the direct
//! port is closed or the connection is cut before `VER` is answered.

mod chat_support;
mod session_support;
mod support;

use msntui::server::directory::{Store, default_directory};
use msntui::server::{lock, start};
use msntui::session::{ConnectionState, Direction, Event, TransportMode};
use session_support::process::closed_port;
use session_support::via_gateway;
use support::server::{same_ports, server};

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

async fn gateway_session_at(version: u8) {
    let old = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let closed = closed_port();
    let http_base = old.shared.http_base.clone();
    let mut alice = Chatter::sign_in_with(&old, version, ALICE, dir.path(), |config| {
        via_gateway(config, &http_base);
        config.port = closed;
    })
    .await;
    alice
        .take("the contact list", |e| {
            matches!(e, Event::ContactList(list) if list.contacts.iter().any(|c| c.email == BOB))
        })
        .await;

    let mut bob = Chatter::sign_in(&old, version, BOB, dir.path()).await;
    alice.say(BOB, "Hello Bob, from behind a proxy").await;
    assert_eq!(
        bob.hears(ALICE).await.text,
        "Hello Bob, from behind a proxy"
    );
    bob.say(ALICE, "Hi Alice, over TCP").await;
    assert_eq!(alice.hears(BOB).await.text, "Hi Alice, over TCP");
    bob.sign_out().await;

    // The server goes away and comes back on the same ports: the failed poll is
    // reported and the session signs in again through the gateway.
    let options = same_ports(&old);
    old.shutdown().await;
    alice
        .take("reconnecting", |e| {
            matches!(e, Event::State(ConnectionState::Reconnecting { .. }))
        })
        .await;
    let restarted = start(options, Store::in_memory(default_directory()))
        .await
        .expect("the server restarts on the same ports");
    alice
        .wait_for("a second sign-in", |seen| {
            let sign_ins = seen
                .iter()
                .filter(|e| matches!(e, Event::SignedIn { .. }))
                .count();
            (sign_ins == 2).then_some(())
        })
        .await;

    alice.sign_out().await;
    assert!(
        lock(&restarted.shared.hub).is_empty(),
        "the OUT went out before the session ended"
    );
    assert_eq!(
        alice.watched.raw_count(Direction::Sent, "PNG"),
        0,
        "the polls keep it alive"
    );
    assert!(
        alice.watched.raw_count(Direction::Sent, "OUT") >= 1,
        "signed out with OUT"
    );
    restarted.shutdown().await;
}

#[tokio::test]
async fn msnp8_over_the_gateway() {
    gateway_session_at(8).await;
}

#[tokio::test]
async fn msnp12_over_the_gateway() {
    gateway_session_at(12).await;
}

#[tokio::test]
async fn msnp15_over_the_gateway() {
    gateway_session_at(15).await;
}

#[tokio::test]
async fn msnp18_over_the_gateway() {
    gateway_session_at(18).await;
}

#[tokio::test]
async fn auto_falls_back_to_the_gateway_when_the_connection_is_cut_before_ver() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    // A middlebox that accepts and hangs up at once.
    let cutter = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cut = cutter.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = cutter.accept().await {
            drop(stream);
        }
    });
    let http_base = server.shared.http_base.clone();
    let mut alice = Chatter::sign_in_with(&server, 18, ALICE, dir.path(), |config| {
        via_gateway(config, &http_base);
        config.network.transport = TransportMode::Auto;
        config.port = cut;
    })
    .await;
    let fell_back = alice
        .take("the fallback", |e| {
            matches!(e, Event::FellBackToGateway { .. })
        })
        .await;
    let Event::FellBackToGateway { reason, .. } = fell_back else {
        unreachable!()
    };
    assert!(reason.contains("lost"), "{reason}");
    alice.sign_out().await;
}

#[tokio::test]
async fn auto_falls_back_to_the_gateway_when_the_direct_port_is_closed() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let closed = closed_port();
    let http_base = server.shared.http_base.clone();
    let mut alice = Chatter::sign_in_with(&server, 15, ALICE, dir.path(), |config| {
        via_gateway(config, &http_base);
        config.network.transport = TransportMode::Auto;
        config.port = closed;
    })
    .await;
    let fell_back = alice
        .take("the fallback", |e| {
            matches!(e, Event::FellBackToGateway { .. })
        })
        .await;
    let Event::FellBackToGateway {
        server: to,
        gateway,
        reason,
    } = fell_back
    else {
        unreachable!()
    };
    assert_eq!(to, format!("127.0.0.1:{closed}"));
    assert_eq!(gateway, format!("{http_base}/gateway/gateway.dll"));
    assert!(reason.contains("cannot connect"), "{reason}");

    // Switchboards follow the NS onto the gateway.
    let mut bob = Chatter::sign_in(&server, 15, BOB, dir.path()).await;
    alice.say(BOB, "fell back").await;
    assert_eq!(bob.hears(ALICE).await.text, "fell back");
    alice.sign_out().await;
    bob.sign_out().await;
}
