//! `msntui headless` as a user runs it: the real binary against a bundled server on
//! loopback, commands on stdin, one JSON event per line on stdout, exit statuses.

mod session_support;
mod support;

use msntui::protocol::ServerCommand;
use msntui::protocol::types::Status;
use serde_json::Value;
use session_support::process::{Headless, closed_port, event, write_config, write_config_at};
use support::client::TestClient;
use support::server::server;

#[tokio::test]
async fn a_whole_session_over_stdin_and_stdout() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server,
        "alice@example.com",
        "alicepass1",
        "MSNP15",
    );
    let mut alice = Headless::start(&config, &["--raw"]);
    let signed_in = alice.until("signed_in", |v| event(v, "signed_in")).await;
    assert_eq!(signed_in["version"], "MSNP15");
    assert_eq!(signed_in["account"], "alice@example.com");
    assert_eq!(signed_in["name"], "Alice Test");
    let list = alice
        .until("contact_list", |v| event(v, "contact_list"))
        .await;
    assert_eq!(list["contacts"][0]["email"], "bob@example.com");
    assert_eq!(
        list["contacts"][0]["lists"],
        serde_json::json!(["FL", "AL", "RL"])
    );

    let mut bob = TestClient::signed_in(&server, "bob@example.com", 15).await;
    bob.go_online(Status::Busy).await;
    let presence = alice
        .until("bob's presence", |v| {
            event(v, "presence") && v["email"] == "bob@example.com"
        })
        .await;
    assert_eq!(presence["status"], "BSY");
    bob.set_personal_message("on a call").await;
    alice
        .until("bob's message", |v| {
            event(v, "personal_message") && v["message"] == "on a call"
        })
        .await;

    alice.say("/status away").await;
    alice
        .until("away", |v| event(v, "profile") && v["status"] == "AWY")
        .await;
    alice.say("/nick Alice Headless").await;
    alice
        .until("renamed", |v| {
            event(v, "profile") && v["name"] == "Alice Headless"
        })
        .await;
    alice.say("/psm testing msntui").await;
    alice
        .until("message", |v| {
            event(v, "profile") && v["personal_message"] == "testing msntui"
        })
        .await;
    bob.wait_for("alice away", |c| {
        matches!(c, ServerCommand::Nln(p) if p.address.email == "alice@example.com" && p.status == Status::Away)
    })
    .await;

    alice.say("/add carol@example.com").await;
    alice
        .until("carol", |v| {
            event(v, "contact") && v["contact"]["email"] == "carol@example.com"
        })
        .await;
    alice.say("/block bob@example.com").await;
    alice
        .until("bob blocked", |v| {
            event(v, "contact")
                && v["contact"]["email"] == "bob@example.com"
                && v["contact"]["lists"]
                    .as_array()
                    .is_some_and(|l| l.contains(&"BL".into()))
        })
        .await;

    for nonsense in [
        "/frobnicate",
        "hello there",
        "/block",
        "/status sleepy",
        "/add \"x",
        "/group",
    ] {
        alice.say(nonsense).await;
        let error = alice.until("an error", |v| event(v, "error")).await;
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{nonsense}"
        );
    }
    let printed = alice.quit().await;
    assert!(
        printed
            .iter()
            .any(|l| l.contains(r#""reason":"signed_out""#))
    );
    let everything = printed.join("\n");
    assert!(everything.contains(r#""event":"raw""#));
    assert!(everything.contains("USR 4 SSO S <redacted> <redacted>"));
    assert!(!everything.contains("alicepass1"));
    assert!(!everything.contains("HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAA"));
}

#[tokio::test]
async fn quit_ends_the_process_while_standard_input_stays_open() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server,
        "alice@example.com",
        "alicepass1",
        "MSNP15",
    );
    let mut alice = Headless::start(&config, &[]);
    alice.until("signed_in", |v| event(v, "signed_in")).await;
    // A script that thinks before quitting: the input reader is idle when /quit comes.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    alice.say("/quit").await;
    let (status, printed, stderr) = alice.finish_with_input_open().await;
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        printed
            .iter()
            .any(|l| l.contains(r#""reason":"signed_out""#))
    );
}

#[tokio::test]
async fn flags_override_the_config_and_end_of_input_signs_out() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    // The file names carol on a closed port; the flags fix both for this run.
    let config = write_config_at(
        dir.path(),
        closed_port(),
        &server.shared.http_base,
        "carol@example.com",
        "alicepass1",
        "MSNP18",
    );
    let ns = server.ns.to_string();
    let mut alice = Headless::start(
        &config,
        &[
            "--server",
            &ns,
            "--account",
            "alice@example.com",
            "--protocol",
            "MSNP7",
        ],
    );
    let signed_in = alice.until("signed_in", |v| event(v, "signed_in")).await;
    assert_eq!(signed_in["version"], "MSNP7");
    assert_eq!(signed_in["account"], "alice@example.com");
    alice
        .until("contact_list", |v| event(v, "contact_list"))
        .await;
    let (status, printed, stderr) = alice.finish().await;
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !printed.iter().any(|l| l.contains(r#""event":"raw""#)),
        "raw without --raw"
    );
}

#[tokio::test]
async fn a_refused_password_exits_with_2() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    for protocol in ["MSNP7", "MSNP12", "MSNP18"] {
        let config = write_config(
            dir.path(),
            &server,
            "alice@example.com",
            "wrong-password",
            protocol,
        );
        let alice = Headless::start(&config, &["--raw"]);
        let (status, printed, stderr) = alice.finish().await;
        assert_eq!(status.code(), Some(2), "{protocol}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("wrong e-mail address or password"),
            "{stderr}"
        );
        assert!(printed.iter().any(|l| l.contains("authentication_failed")));
        assert!(!printed.join("\n").contains("wrong-password"));
        assert!(!stderr.contains("wrong-password"));
    }
}

#[tokio::test]
async fn other_failures_exit_with_1() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server,
        "alice@example.com",
        "alicepass1",
        "MSNP12",
    );
    let closed = format!("127.0.0.1:{}", closed_port());
    let alice = Headless::start(&config, &["--server", &closed]);
    let (status, _, stderr) = alice.finish().await;
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot connect"), "{stderr}");

    let alice = Headless::start(&config, &["--protocol", "MSNP21"]);
    let (status, _, stderr) = alice.finish().await;
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("MSNP2 to MSNP18"), "{stderr}");

    let mut alice = Headless::start(&config, &[]);
    alice.until("signed_in", |v| event(v, "signed_in")).await;
    let _other = TestClient::signed_in(&server, "alice@example.com", 12).await;
    alice
        .until("disconnected", |v| event(v, "disconnected"))
        .await;
    let (status, printed, stderr) = alice.finish().await;
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("another location"), "{stderr}");
    assert!(printed.iter().any(|l| l.contains("other_location")));
}

#[tokio::test]
async fn piped_commands_are_carried_out_before_signing_out() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server,
        "alice@example.com",
        "alicepass1",
        "MSNP12",
    );
    let mut alice = Headless::start(&config, &[]);
    alice
        .say("/status away\n/psm piped in\n/nick Alice Piped")
        .await;
    let (status, printed, stderr) = alice.finish().await;
    assert_eq!(status.code(), Some(0), "{stderr}");
    let profiles: Vec<Value> = printed
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| event(v, "profile"))
        .collect();
    let last = profiles.last().expect("profile events");
    assert_eq!(last["status"], "AWY", "{printed:#?}");
    assert_eq!(last["personal_message"], "piped in");
    assert_eq!(last["name"], "Alice Piped");
    assert!(printed.last().is_some_and(|l| l.contains("signed_out")));
}

/// The client's own tracing log goes to `msntui.log` in the data directory, at the
/// level asked for, with no password or ticket in it; nothing of it reaches stdout.
#[tokio::test]
async fn the_tracing_log_goes_to_the_data_directory() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server,
        "alice@example.com",
        "alicepass1",
        "MSNP15",
    );
    let mut alice = Headless::start(&config, &["--log-level", "trace"]);
    alice.until("signed_in", |v| event(v, "signed_in")).await;
    let printed = alice.quit().await;
    assert!(
        printed.iter().all(|line| line.starts_with('{')),
        "{printed:?}"
    );
    let log = std::fs::read_to_string(dir.path().join("data").join("msntui.log"))
        .expect("a log file in the data directory");
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "{log}");
    assert!(!log.contains("alicepass1"), "the password is in the log");
}
