//! No secret leaves a session in the clear: the password, the MD5 answer, Passport and
//! RST tickets, binary secrets, the MBI blob, MSPAuth and switchboard cookies are all
//! absent from the events (raw lines included) and from the tracing output.

mod session_support;
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use msntui::protocol::ClientCommand;
use msntui::protocol::auth::md5_response;
use msntui::protocol::command::Cal;
use msntui::protocol::types::{Address, Status};
use msntui::session::{Direction, Event, redact::MARKER};
use session_support::recorder::Recorder;
use session_support::{Watched, config_for};
use support::accounts::password_of as password;
use support::client::TestClient;
use support::server::server;

/// The MBI blob's fixed header, base64.
const MBI_PREFIX: &str = "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAA";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bob opens a switchboard and invites alice: her NS receives an RNG with a cookie.
async fn ring_alice(bob: &mut TestClient) {
    let mut sb = bob.open_switchboard().await;
    sb.send(ClientCommand::Cal(Cal {
        trid: msntui::protocol::types::Trid(2),
        invitee: Address::email("alice@example.com"),
    }))
    .await
    .expect("CAL");
    let _ringing = sb.next().await;
}

async fn no_secret_escapes(version: u8) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = server(false).await;
    let recorder = Recorder::start(&server.shared.http_base).await;
    let data = tempfile::tempdir().expect("temp dir");
    let email = "alice@example.com";
    let config = config_for(
        server.ns,
        &recorder.base,
        version,
        email,
        password(email),
        data.path(),
    );
    let mut alice = Watched::spawn(config);
    alice.signed_in().await;
    alice
        .until(
            "online",
            |e| matches!(e, Event::Profile(p) if p.status == Status::Online),
        )
        .await;
    let mut bob = TestClient::signed_in(&server, "bob@example.com", version).await;
    bob.go_online(Status::Online).await;
    ring_alice(&mut bob).await;
    let Event::Ring(ring) = alice
        .until("the invitation", |e| matches!(e, Event::Ring(_)))
        .await
    else {
        unreachable!()
    };
    alice.handle.sign_out().expect("sign out");
    alice.run_out().await;

    let mut secrets = recorder.secrets();
    secrets.push(password(email).to_owned());
    secrets.push(ring.cookie.expose().to_owned());
    for event in &alice.seen {
        if let Event::Raw(raw) = event
            && raw.direction == Direction::Received
            && let Some(salt) = raw.line.strip_prefix("USR 4 MD5 S ")
        {
            secrets.push(md5_response(salt, password(email)));
        }
    }
    match version {
        ..=7 => assert!(secrets.len() >= 3, "no MD5 answer found"),
        8..=14 => assert!(
            secrets.len() >= 3,
            "no Passport ticket recorded: {secrets:?}"
        ),
        _ => assert!(secrets.len() >= 4, "no RST tokens recorded: {secrets:?}"),
    }
    let events = alice.transcript();
    let logs = String::from_utf8_lossy(&captured.0.lock().expect("log")).into_owned();
    for secret in &secrets {
        assert!(
            !events.contains(secret.as_str()),
            "MSNP{version}: {secret:?} in the events"
        );
        assert!(
            !logs.contains(secret.as_str()),
            "MSNP{version}: {secret:?} in the logs"
        );
    }
    assert!(!events.contains(MBI_PREFIX) && !logs.contains(MBI_PREFIX));

    let raw = |wanted: &dyn Fn(&str, Option<&str>) -> bool| {
        alice.seen.iter().any(|e| match e {
            Event::Raw(raw) => wanted(&raw.line, raw.payload.as_deref()),
            _ => false,
        })
    };
    assert!(raw(
        &|_, payload| payload.is_some_and(|p| p.contains(&format!("MSPAuth: {MARKER}")))
    ));
    assert!(raw(
        &|line, _| line.starts_with("RNG ") && line.contains(&format!("CKI {MARKER}"))
    ));
    let usr_marker = match version {
        ..=7 => format!("USR 5 MD5 S {MARKER}"),
        8..=14 => format!("USR 4 TWN S {MARKER}"),
        _ => format!("USR 4 SSO S {MARKER} {MARKER}"),
    };
    assert!(
        raw(&|line, _| line.starts_with(&usr_marker)),
        "MSNP{version}"
    );
    assert!(!logs.is_empty());
}

#[tokio::test]
async fn msnp7_md5_answer() {
    no_secret_escapes(7).await;
}

#[tokio::test]
async fn msnp8_passport_ticket() {
    no_secret_escapes(8).await;
}

#[tokio::test]
async fn msnp13_ticket_and_address_book() {
    no_secret_escapes(13).await;
}

#[tokio::test]
async fn msnp15_rst_tokens_and_mbi_blob() {
    no_secret_escapes(15).await;
}

#[tokio::test]
async fn msnp18_rst_tokens_and_mbi_blob() {
    no_secret_escapes(18).await;
}
