//! The ways a session fails or is refused: a wrong password and a sign-in elsewhere
//! (no retry), redirects, no common version, an unreachable server, server error codes
//! and requests that make no sense.

mod session_support;
mod support;

use std::sync::Arc;

use msntui::protocol::types::{List, Status};
use msntui::session::{ConnectionState, DisconnectReason, Event, Request};
use session_support::{Watched, config, config_for, fake};
use support::client::TestClient;
use support::server::server;

fn reconnecting(event: &Event) -> bool {
    matches!(event, Event::State(ConnectionState::Reconnecting { .. }))
}

#[tokio::test]
async fn a_wrong_password_stops_without_retrying() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    for version in [7, 8, 13, 15, 18] {
        let mut config = config(&server, version, "alice@example.com", data.path());
        config.password = msntui::protocol::message::Secret::new("not-the-password");
        let mut alice = Watched::spawn(config);
        let end = alice.run_out().await;
        let ConnectionState::Disconnected(DisconnectReason::AuthenticationFailed(reason)) = end
        else {
            panic!("MSNP{version}: {end:?}");
        };
        assert!(
            reason.contains("wrong e-mail address or password"),
            "{reason}"
        );
        assert!(
            !alice.seen.iter().any(reconnecting),
            "MSNP{version} retried"
        );
        assert!(
            alice
                .seen
                .iter()
                .any(|e| matches!(e, Event::Error(error) if error.message == reason)),
            "MSNP{version}: no error event"
        );
        assert!(!alice.transcript().contains("not-the-password"));
    }
}

#[tokio::test]
async fn signing_in_elsewhere_stops_reconnecting() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = Watched::spawn(config(&server, 12, "alice@example.com", data.path()));
    alice.signed_in().await;
    let _other = TestClient::signed_in(&server, "alice@example.com", 12).await;
    assert_eq!(
        alice.run_out().await,
        ConnectionState::Disconnected(DisconnectReason::OtherLocation)
    );
    assert!(!alice.seen.iter().any(reconnecting));
}

#[tokio::test]
async fn xfr_ns_redirects_are_followed() {
    let real = server(false).await;
    let target = real.ns;
    let redirector = fake::start(Arc::new(move |line: &str| {
        let t = fake::trid(line);
        match line.split(' ').next().unwrap_or_default() {
            "VER" => vec![format!("VER {t} MSNP12")],
            "CVR" => vec![format!(
                "CVR {t} 7.5.0324 7.5.0324 7.5.0324 http://x http://x"
            )],
            "USR" => vec![format!("XFR {t} NS {target} 0 127.0.0.1:1863")],
            _ => Vec::new(),
        }
    }))
    .await;
    let data = tempfile::tempdir().unwrap();
    let config = config_for(
        redirector,
        &real.shared.http_base,
        12,
        "alice@example.com",
        "alicepass1",
        data.path(),
    );
    let mut alice = Watched::spawn(config);
    assert_eq!(alice.signed_in().await, 12);
    let servers: Vec<String> = alice
        .seen
        .iter()
        .filter_map(|e| match e {
            Event::State(ConnectionState::Connecting { server }) => Some(server.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(servers, [redirector.to_string(), target.to_string()]);
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}

#[tokio::test]
async fn no_common_version_is_final() {
    let address = fake::start(Arc::new(|line: &str| {
        vec![format!("VER {} 0", fake::trid(line))]
    }))
    .await;
    let data = tempfile::tempdir().unwrap();
    let mut config = config_for(
        address,
        "http://127.0.0.1:9",
        18,
        "alice@example.com",
        "pw",
        data.path(),
    );
    config.protocols = vec![18, 17, 16];
    let mut alice = Watched::spawn(config);
    let end = alice.run_out().await;
    let ConnectionState::Disconnected(DisconnectReason::Failed(reason)) = end else {
        panic!("{end:?}");
    };
    assert!(reason.contains("MSNP18 MSNP17 MSNP16"), "{reason}");
}

#[tokio::test]
async fn an_unreachable_server_is_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let data = tempfile::tempdir().unwrap();
    let config = config_for(
        address,
        "http://127.0.0.1:9",
        12,
        "alice@example.com",
        "pw",
        data.path(),
    );
    let mut alice = Watched::spawn(config);
    let end = alice.run_out().await;
    let ConnectionState::Disconnected(DisconnectReason::Failed(reason)) = end else {
        panic!("{end:?}");
    };
    assert!(
        reason.starts_with(&format!("cannot connect to {address}")),
        "{reason}"
    );
}

#[tokio::test]
async fn server_errors_are_shown_with_their_meaning() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    for version in [8, 12] {
        let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
        alice.signed_in().await;
        alice
            .handle
            .send(Request::AddContact {
                email: "nobody@example.com".into(),
                group: None,
            })
            .unwrap();
        let Event::Error(error) = alice
            .until("an error", |e| matches!(e, Event::Error(_)))
            .await
        else {
            unreachable!()
        };
        let code = if version < 10 { 205 } else { 208 };
        assert_eq!(error.code, Some(code), "{error:?}");
        assert!(
            error.message.starts_with("cannot add nobody@example.com: "),
            "{error:?}"
        );
        assert!(error.message.contains("(Invalid"), "{error:?}");
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}

#[tokio::test]
async fn malformed_requests_are_refused_before_sending() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = Watched::spawn(config(&server, 8, "alice@example.com", data.path()));
    alice.signed_in().await;
    for (request, expected) in [
        (
            Request::AddContact {
                email: "not-an-address".into(),
                group: None,
            },
            "is not an e-mail address",
        ),
        (
            Request::SetPersonalMessage("hi".into()),
            "need MSNP11 or later",
        ),
        (
            Request::RemoveContact {
                email: "carol@example.com".into(),
            },
            "not on your list",
        ),
        (Request::SetStatus(Status::Offline), "sign out instead"),
        (
            Request::RenameGroup {
                group: "Nope".into(),
                name: "x".into(),
            },
            "no group",
        ),
        (
            Request::Unblock {
                email: "bob@example.com".into(),
            },
            "not blocked",
        ),
    ] {
        alice.handle.send(request.clone()).unwrap();
        let Event::Error(error) = alice
            .until("an error", |e| matches!(e, Event::Error(_)))
            .await
        else {
            unreachable!()
        };
        assert!(error.message.contains(expected), "{request:?}: {error:?}");
    }
    let bob = "bob@example.com";
    alice
        .handle
        .send(Request::Block { email: bob.into() })
        .unwrap();
    alice
        .until(
            "blocked",
            |e| matches!(e, Event::ContactChanged(c) if c.email == bob && c.on(List::Block)),
        )
        .await;
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}

/// A list change waiting for the list is not lost in silence when the connection drops
/// before the list is whole: it is reported like one made while offline.
#[tokio::test]
async fn a_list_change_waiting_for_the_list_is_reported_when_the_connection_drops() {
    let unreachable = std::net::SocketAddr::from(([127, 0, 0, 1], 9));
    let ns = fake::start_acting(fake::msnp7(unreachable, |line: &str| {
        (fake::command(line) == "SYN").then(|| {
            let t = fake::trid(line);
            vec![
                fake::Act::Line(format!("SYN {t} 5")),
                fake::Act::Line(format!("LST {t} FL 5 1 2 bob@example.com Bob 0")),
                fake::Act::Close,
            ]
        })
    }))
    .await;
    let data = tempfile::tempdir().unwrap();
    let config = config_for(
        ns,
        "http://127.0.0.1:9",
        7,
        "alice@example.com",
        "alicepass1",
        data.path(),
    );
    let mut alice = Watched::spawn(config);
    alice
        .handle
        .send(Request::Block {
            email: "bob@example.com".into(),
        })
        .unwrap();
    alice
        .until("the block reported", |e| {
            matches!(e, Event::Error(error)
                if error.message == "cannot block bob@example.com while not connected")
        })
        .await;
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}
