//! `msntui headless` chatting with the bundled server's echo bot: `/msg` (typed before
//! the sign-in is through), `/nudge`, `/invite` and `/history`, their JSON events, and
//! the chat log under `$XDG_DATA_HOME/msntui/logs` (or none when switched off).

mod session_support;
mod support;

use std::path::Path;

use msntui::chatlog::{ChatLog, Direction};
use msntui::server::RunningServer;
use serde_json::Value;
use session_support::process::{Headless, event};
use support::accounts::password_of;
use support::config_file::ConfigFile;
use support::server::server;

const ECHO: &str = "echo@msntui.local";
const DEMO: &str = "demo@msntui.local";

/// `msntui headless --raw` signed in as the demo account, with the XDG default places
/// under `dir` (data in `dir/xdg`); `logs: false` switches chat logs off.
fn start_demo(server: &RunningServer, dir: &Path, protocol: &str, logs: bool) -> Headless {
    let storage = format!("[storage]\nchat_logs = {logs}\n");
    let text = ConfigFile {
        email: DEMO,
        password: password_of(DEMO),
        ns_port: server.ns.port(),
        http_base: &server.shared.http_base,
        protocol: Some(protocol),
        extra: &storage,
    }
    .text();
    let config = dir.join("config.toml");
    std::fs::write(&config, text).expect("write config");
    Headless::start_with_env(
        &config,
        &["--raw"],
        &[("XDG_DATA_HOME", &dir.join("xdg")), ("HOME", dir)],
    )
}

fn from_echo(value: &Value, name: &str) -> bool {
    event(value, name) && (value["sender"] == ECHO || value["email"] == ECHO)
}

async fn echo_at(protocol: &str, logs: bool) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    let mut demo = start_demo(&server, dir.path(), protocol, logs);
    demo.say("/invite dana@msntui.local").await;
    let error = demo.until("an error", |v| event(v, "error")).await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("write to someone first")
    );

    // Typed at once: the message waits for the sign-in.
    demo.say(&format!("/msg {ECHO} hello echo ☺")).await;
    let opened = demo
        .until("a conversation", |v| event(v, "conversation_opened"))
        .await;
    assert_eq!(opened["with"], serde_json::json!([ECHO]));
    let conversation = opened["conversation"].clone();
    let outgoing = demo.until("queued", |v| event(v, "outgoing")).await;
    assert_eq!(outgoing["text"], "hello echo ☺");
    assert_eq!(outgoing["kind"], "text");
    let message = outgoing["message"].clone();
    let delivered = demo
        .until("delivered", |v| {
            event(v, "delivery") && v["message"] == message && v["state"] == "delivered"
        })
        .await;
    assert_eq!(delivered["conversation"], conversation);
    demo.until("echo typing", |v| {
        from_echo(v, "typing") && v["typing"] == true
    })
    .await;
    let echoed = demo.until("the echo", |v| from_echo(v, "message")).await;
    assert_eq!(echoed["text"], "hello echo ☺");
    assert_eq!(echoed["conversation"], conversation);
    assert_eq!(echoed["format"]["font"], "Segoe UI");
    let printed = demo.printed.join("\n");
    assert!(printed.contains(r#""event":"participants""#), "{printed}");
    assert!(
        printed.contains(&format!(
            r#""conversation":{conversation},"direction":"sent","line":"MSG"#
        )),
        "raw switchboard lines name the conversation"
    );

    demo.say(&format!("/nudge {ECHO}")).await;
    demo.until("a nudge back", |v| from_echo(v, "nudge")).await;

    // The conversation last written in takes the invitation.
    demo.say("/invite dana@msntui.local").await;
    let joined = demo
        .until("dana joined", |v| {
            event(v, "participants") && v["joined"] == serde_json::json!(["dana@msntui.local"])
        })
        .await;
    assert_eq!(joined["conversation"], conversation);

    demo.say(&format!("/history {ECHO} 5")).await;
    let history = demo.until("history", |v| event(v, "history")).await;
    let entries = history["entries"].as_array().unwrap();
    let logs_dir = xdg.join("msntui").join("logs");
    if !logs {
        assert!(entries.is_empty());
        demo.quit().await;
        assert!(!logs_dir.exists(), "no chat logs when switched off");
        return;
    }
    let lines: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["direction"].as_str().unwrap(),
                e["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [("sent", "hello echo ☺"), ("received", "hello echo ☺")]
    );
    assert_eq!(entries[0]["status"], "delivered");

    demo.quit().await;
    let log = ChatLog::new(&logs_dir, DEMO);
    assert!(
        log.path(ECHO)
            .starts_with(xdg.join("msntui/logs/demo@msntui.local")),
        "{:?}",
        log.path(ECHO)
    );
    let logged = log.last(ECHO, 10).unwrap();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0].direction, Direction::Sent);
    assert_eq!(logged[1].sender, ECHO);
}

#[tokio::test]
async fn echo_msnp8() {
    echo_at("MSNP8", true).await;
}

#[tokio::test]
async fn echo_msnp16() {
    echo_at("MSNP16", true).await;
}

#[tokio::test]
async fn echo_without_logs_msnp12() {
    echo_at("MSNP12", false).await;
}

/// After `/invite`, `/msg` to someone in the group writes into the group; `/say N`,
/// `/typing` and `/close` take the conversation number from the events, and each
/// answers with an error once that conversation is closed.
#[tokio::test]
async fn a_script_writes_into_a_multi_party_conversation() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut demo = start_demo(&server, dir.path(), "MSNP15", false);
    demo.say(&format!("/msg {ECHO} hello")).await;
    let opened = demo
        .until("a conversation", |v| event(v, "conversation_opened"))
        .await;
    let conversation = opened["conversation"].clone();
    demo.until("the echo", |v| from_echo(v, "message")).await;
    demo.say("/invite dana@msntui.local").await;
    demo.until("dana joined", |v| {
        event(v, "participants") && v["joined"] == serde_json::json!(["dana@msntui.local"])
    })
    .await;

    let outgoing = |text: &'static str| move |v: &Value| event(v, "outgoing") && v["text"] == text;
    demo.say("/msg dana@msntui.local to both of you").await;
    let sent = demo
        .until("into the group", outgoing("to both of you"))
        .await;
    assert_eq!(sent["conversation"], conversation);
    demo.say(&format!("/say {conversation} by number")).await;
    let sent = demo.until("by number", outgoing("by number")).await;
    assert_eq!(sent["conversation"], conversation);

    demo.say("/typing dana@msntui.local").await;
    demo.until("a typing notification sent", |v| {
        event(v, "raw")
            && v["conversation"] == conversation
            && v["direction"] == "sent"
            && v["line"]
                .as_str()
                .is_some_and(|l| l.starts_with("MSG") && l.contains(" U "))
    })
    .await;

    demo.say("/close dana@msntui.local").await;
    let closed = demo
        .until("the conversation closed", |v| {
            event(v, "conversation_closed")
        })
        .await;
    assert_eq!(closed["conversation"], conversation);
    // The switchboard task logs its OUT as the conversation closes: before or after.
    let left = |v: &Value| {
        event(v, "raw")
            && v["conversation"] == conversation
            && v["direction"] == "sent"
            && v["line"] == "OUT"
    };
    let left_already = demo
        .printed
        .iter()
        .any(|line| serde_json::from_str::<Value>(line).is_ok_and(|printed| left(&printed)));
    if !left_already {
        demo.until("the switchboard left", left).await;
    }
    for command in ["/say {} after closing", "/typing {}", "/close {}"] {
        demo.say(&command.replace("{}", &conversation.to_string()))
            .await;
        let error = demo.until("an error", |v| event(v, "error")).await;
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("there is no conversation {conversation}"))),
            "{command}: {error}"
        );
    }
    let printed = demo.quit().await;
    let opened_count = printed
        .iter()
        .filter(|l| l.contains(r#""event":"conversation_opened""#))
        .count();
    assert_eq!(opened_count, 1, "no second conversation was opened");
}

/// A message too long for one MSG goes to the echo bot as the chunks of one message
/// and comes back the same way: one `message` event with the whole text.
#[tokio::test]
async fn a_long_message_comes_back_whole() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut demo = start_demo(&server, dir.path(), "MSNP15", false);
    let long = "0123456789 ☺ ".repeat(300).trim_end().to_owned();
    demo.say(&format!("/msg {ECHO} {long}")).await;
    let echoed = demo.until("the echo", |v| from_echo(v, "message")).await;
    assert_eq!(echoed["text"], long.as_str());
    let printed = demo.quit().await;
    let chunk_lines = printed
        .iter()
        .filter(|line| line.contains(r#""event":"raw""#) && line.contains("Chunk: "))
        .count();
    assert!(chunk_lines >= 4, "two later parts each way: {printed:?}");
    let messages = printed
        .iter()
        .filter(|line| line.contains(r#""event":"message""#))
        .count();
    assert_eq!(messages, 1);
}
