//! The bundled notification server over real loopback sockets: sign-in of every
//! generation, presence between two clients, list changes, and hostile clients.

mod support;

use bytes::Bytes;
use msntui::protocol::command::{
    Adc, AddRequest, ContactId, OutReason, PayloadRequest, Rem, SynRequest,
};
use msntui::protocol::types::{Address, List, Status, Trid, UrlText};
use msntui::protocol::{ClientCommand, ServerCommand};
use msntui::server::directory::{Store, default_directory};
use msntui::server::{ServerOptions, start};
use support::client::{SignInFailure, TestClient};
use support::server::server;

const GENERATIONS: [u8; 8] = [2, 7, 8, 12, 13, 15, 16, 18];

fn names_presence(command: &ServerCommand, email: &str, status: Status) -> bool {
    match command {
        ServerCommand::Nln(presence) => {
            presence.address.email == email && presence.status == status
        }
        ServerCommand::Iln(iln) => {
            iln.presence.address.email == email && iln.presence.status == status
        }
        _ => false,
    }
}

#[tokio::test]
async fn every_generation_signs_in_and_sees_presence() {
    let server = server(true).await;
    for version in GENERATIONS {
        let mut alice = TestClient::signed_in(&server, "alice@example.com", version).await;
        if version < 13 {
            let trid = alice.trid();
            let settings = (version >= 10).then(|| "0".to_owned());
            alice
                .send(ClientCommand::Syn(SynRequest {
                    trid,
                    list_version: "0".into(),
                    settings_version: settings,
                }))
                .await;
            alice
                .wait_for("bob in the list", |c| match c {
                    ServerCommand::Lst(lst) => format!("{lst:?}").contains("bob@example.com"),
                    _ => false,
                })
                .await;
        }
        alice.go_online(Status::Online).await;

        let mut bob = TestClient::signed_in(&server, "bob@example.com", version).await;
        bob.go_online(Status::Away).await;
        bob.wait_for("alice's initial presence", |c| {
            names_presence(c, "alice@example.com", Status::Online)
        })
        .await;
        alice
            .wait_for("bob coming online", |c| {
                names_presence(c, "bob@example.com", Status::Away)
            })
            .await;

        if version >= 11 {
            bob.set_personal_message("gone fishing").await;
            alice
                .wait_for("bob's personal message", |c| match c {
                    ServerCommand::Ubx(ubx) => {
                        ubx.address.email == "bob@example.com"
                            && ubx.payload.windows(12).any(|w| w == b"gone fishing")
                    }
                    _ => false,
                })
                .await;
            bob.set_personal_message("").await;
        }

        bob.send(ClientCommand::Out(msntui::protocol::command::Out))
            .await;
        alice
            .wait_for(
                "bob going offline",
                |c| matches!(c, ServerCommand::Fln(fln) if fln.address.email == "bob@example.com"),
            )
            .await;
        alice
            .send(ClientCommand::Out(msntui::protocol::command::Out))
            .await;
        assert!(
            alice.closed().await,
            "MSNP{version}: OUT closes the connection"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_passwords_are_refused_in_every_generation() {
    let server = server(false).await;
    for version in [7, 12, 15, 18] {
        let result =
            TestClient::sign_in(&server, "alice@example.com", "wrong-password", version).await;
        assert!(
            matches!(result, Err(SignInFailure::Refused)),
            "MSNP{version}: {:?}",
            result.err()
        );
    }
    let unknown = TestClient::sign_in(&server, "nobody@example.com", "x", 7).await;
    assert!(matches!(unknown, Err(SignInFailure::Refused)));
    server.shutdown().await;
}

#[tokio::test]
async fn signing_in_again_ends_the_first_session() {
    let server = server(false).await;
    let mut first = TestClient::signed_in(&server, "alice@example.com", 12).await;
    let _second = TestClient::signed_in(&server, "alice@example.com", 12).await;
    first
        .wait_for("OUT OTH", |c| matches!(c, ServerCommand::Out(out) if out.reason == Some(OutReason::OtherLocation)))
        .await;
    assert!(first.closed().await);
    server.shutdown().await;
}

#[tokio::test]
async fn challenges_are_answered_and_wrong_answers_disconnect() {
    let server = server(true).await;
    for version in [7, 12, 18] {
        let mut good = TestClient::signed_in(&server, "alice@example.com", version).await;
        good.wait_for("QRY acknowledgement", |c| {
            matches!(c, ServerCommand::Qry(_))
        })
        .await;
        assert!(
            good.received
                .iter()
                .any(|c| matches!(c, ServerCommand::Chl(_))),
            "MSNP{version}: a CHL was sent"
        );
    }
    let mut bad = match TestClient::sign_in(&server, "bob@example.com", "bobpass1", 12).await {
        Ok(mut client) => {
            client.wrong_answers = true;
            client
        }
        Err(failure) => panic!("sign-in failed: {failure:?}"),
    };
    bad.wait_for(
        "540",
        |c| matches!(c, ServerCommand::Error(e) if e.code.0 == 540),
    )
    .await;
    assert!(bad.closed().await, "a wrong answer disconnects");
    server.shutdown().await;
}

#[tokio::test]
async fn list_changes_in_each_generation_reach_the_other_side() {
    let server = server(false).await;
    // MSNP7: ADD to the FL tells the contact with ADD 0 RL.
    let mut carol = TestClient::signed_in(&server, "carol@example.com", 7).await;
    let mut alice = TestClient::signed_in(&server, "alice@example.com", 7).await;
    let trid = carol.trid();
    carol
        .send(ClientCommand::Add(AddRequest {
            trid,
            list: List::Forward,
            email: msntui::protocol::types::Address::email("alice@example.com"),
            name: UrlText::new("Alice"),
            group: None,
        }))
        .await;
    carol
        .wait_for(
            "ADD reply",
            |c| matches!(c, ServerCommand::Add(add) if add.trid == trid),
        )
        .await;
    alice
        .wait_for("ADD 0 RL", |c| matches!(c, ServerCommand::Add(add) if add.trid == Trid(0) && add.list == List::Reverse))
        .await;

    // MSNP12: ADC of an unknown account is 208, as recorded.
    let mut bob = TestClient::signed_in(&server, "bob@example.com", 12).await;
    let trid = bob.trid();
    bob.send(ClientCommand::Adc(Adc {
        trid,
        list: List::Forward,
        email: Some(msntui::protocol::types::Address::email(
            "nobody@example.com",
        )),
        name: Some(UrlText::new("nobody")),
        contact_guid: None,
        group: None,
    }))
    .await;
    bob.wait_for(
        "208",
        |c| matches!(c, ServerCommand::Error(e) if e.code.0 == 208 && e.trid == Some(trid)),
    )
    .await;

    // MSNP15: a block through ADL is acknowledged; a bad document closes with 241.
    let mut bob15 = TestClient::signed_in(&server, "bob@example.com", 15).await;
    let trid = bob15.trid();
    bob15
        .send(ClientCommand::Adl(PayloadRequest {
            trid,
            payload: Bytes::from_static(
                br#"<ml><d n="example.com"><c n="carol" l="4" t="1" /></d></ml>"#,
            ),
        }))
        .await;
    bob15
        .wait_for("ADL OK", |c| matches!(c, ServerCommand::Adl(_)))
        .await;
    let trid = bob15.trid();
    bob15
        .send(ClientCommand::Adl(PayloadRequest {
            trid,
            payload: Bytes::from_static(
                b"<ml><d n=\"example.com\"><c n=\"carol\" l=\"8\" t=\"1\" /></d></ml>",
            ),
        }))
        .await;
    bob15
        .wait_for(
            "241",
            |c| matches!(c, ServerCommand::Error(e) if e.code.0 == 241),
        )
        .await;
    assert!(bob15.closed().await);
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_clients_do_not_affect_others() {
    let server = server(false).await;
    let mut alice = TestClient::signed_in(&server, "alice@example.com", 12).await;
    alice.go_online(Status::Online).await;

    let mut flood = TestClient::connect(server.ns, 12, "flood").await;
    flood.send_raw(&vec![b'A'; 20_000]).await.unwrap();
    assert!(flood.closed().await, "an over-long line drops the client");

    let mut garbage = TestClient::connect(server.ns, 12, "garbage").await;
    garbage.send_raw(b"\xff\xfe\xfd 1\r\n").await.unwrap();
    assert!(
        garbage.closed().await,
        "bytes that are not text drop the client"
    );

    let mut early = TestClient::connect(server.ns, 12, "early").await;
    early
        .send_raw(b"USR 1 TWN I alice@example.com\r\n")
        .await
        .unwrap();
    assert!(
        early.closed().await,
        "a command before VER drops the client"
    );

    let trid = alice.trid();
    alice
        .send(ClientCommand::Png(msntui::protocol::command::Png))
        .await;
    alice
        .wait_for("QNG", |c| matches!(c, ServerCommand::Qng(_)))
        .await;
    let _ = trid;
    server.shutdown().await;
}

#[tokio::test]
async fn qng_asks_for_the_configured_ping_interval_from_msnp9() {
    let options = ServerOptions {
        challenge_interval: None,
        ping_interval: std::time::Duration::from_secs(7),
        ..ServerOptions::loopback()
    };
    let server = start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts");
    for (version, expected) in [(8, None), (9, Some(7))] {
        let mut alice = TestClient::signed_in(&server, "alice@example.com", version).await;
        alice
            .send(ClientCommand::Png(msntui::protocol::command::Png))
            .await;
        let qng = alice
            .wait_for("QNG", |c| matches!(c, ServerCommand::Qng(_)))
            .await;
        let ServerCommand::Qng(qng) = qng else {
            panic!("no QNG at MSNP{version}");
        };
        assert_eq!(qng.next_ping_secs, expected, "MSNP{version}");
    }
    server.shutdown().await;
}

/// Blocking someone makes us look offline to them at once (FLN), and unblocking shows
/// us again (NLN), as a sign-in afterwards would.
#[tokio::test]
async fn a_blocked_contact_sees_us_go_offline_and_come_back_when_unblocked() {
    let server = server(false).await;
    let mut alice = TestClient::signed_in(&server, "alice@example.com", 8).await;
    let mut bob = TestClient::signed_in(&server, "bob@example.com", 8).await;
    bob.go_online(Status::Online).await;
    alice.go_online(Status::Online).await;
    bob.wait_for(
        "alice online",
        |c| matches!(c, ServerCommand::Nln(p) if p.address.email == "alice@example.com"),
    )
    .await;
    let change = |alice: &mut TestClient, list: List, add: bool| {
        let trid = alice.trid();
        let bob = Address::email("bob@example.com");
        let command = if add {
            ClientCommand::Add(AddRequest {
                trid,
                list,
                email: bob.clone(),
                name: UrlText::new("bob@example.com"),
                group: None,
            })
        } else {
            ClientCommand::Rem(Rem {
                trid,
                list,
                serial: None,
                contact: ContactId::Email(bob),
                group: None,
            })
        };
        (trid, command)
    };
    for (list, add) in [(List::Allow, false), (List::Block, true)] {
        let (trid, command) = change(&mut alice, list, add);
        alice.send(command).await;
        alice
            .wait_for("the change", |c| {
                matches!(c, ServerCommand::Add(r) if r.trid == trid)
                    || matches!(c, ServerCommand::Rem(r) if r.trid == trid)
            })
            .await;
    }
    bob.wait_for(
        "alice offline",
        |c| matches!(c, ServerCommand::Fln(f) if f.address.email == "alice@example.com"),
    )
    .await;
    for (list, add) in [(List::Block, false), (List::Allow, true)] {
        let (_, command) = change(&mut alice, list, add);
        alice.send(command).await;
    }
    bob.wait_for(
        "alice back",
        |c| matches!(c, ServerCommand::Nln(p) if p.address.email == "alice@example.com"),
    )
    .await;
    server.shutdown().await;
}
