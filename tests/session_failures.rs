//! The ways a session fails: a refused password (no retry), a sign-in elsewhere (no
//! retry), a server killed and restarted (the session comes back by itself), a server
//! that goes silent, redirects, version and server errors.

mod session_support;
mod support;

use std::sync::Arc;
use std::time::Duration;

use msntui::protocol::ServerCommand;
use msntui::protocol::types::{List, Status};
use msntui::server::directory::{Store, default_directory};
use msntui::server::{ServerOptions, start};
use msntui::session::{ConnectionState, DisconnectReason, Event, Request};
use session_support::{Watched, config, config_for, fake};
use support::client::{TestClient, server};

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

        let options = ServerOptions {
            ns_listen: old.ns,
            sb_listen: old.sb,
            http_listen: old.http,
            challenge_interval: None,
            ..ServerOptions::loopback()
        };
        old.shutdown().await;
        alice.until("reconnecting", reconnecting).await;
        let server = start(options, Store::in_memory(default_directory()))
            .await
            .expect("the server restarts on the same ports");
        let started = tokio::time::Instant::now();
        assert_eq!(alice.signed_in().await, version);
        assert!(started.elapsed() < Duration::from_secs(5));

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
    let started = tokio::time::Instant::now();
    let Event::State(ConnectionState::Reconnecting { reason, .. }) =
        alice.until("reconnecting", reconnecting).await
    else {
        unreachable!()
    };
    assert!(reason.contains("stopped answering"), "{reason}");
    assert!(started.elapsed() < Duration::from_secs(3));
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
