//! `msntui` and `msntui demo` when there is nothing to run them with.

use std::process::{Command, Output};

fn msntui(args: &[&str], config_home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_msntui"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run msntui")
}

#[test]
fn without_a_config_file_it_says_how_to_create_one_or_to_try_the_demo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = msntui(&[], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = dir.path().join("msntui").join("config.toml");
    assert!(stderr.contains(&format!("no config file at {}", expected.display())));
    assert!(stderr.contains("copy config.example.toml"), "{stderr}");
    assert!(stderr.contains("msntui config init"), "{stderr}");
    assert!(stderr.contains("msntui demo"), "{stderr}");
}

#[test]
fn the_demo_needs_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = msntui(&["demo"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn config_init_writes_a_config_once_and_never_overwrites_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "config",
        "init",
        "--server",
        "127.0.0.1:1863",
        "--account",
        "me@example.com",
    ];
    let output = msntui(&args, dir.path());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let path = dir.path().join("msntui").join("config.toml");
    let text = std::fs::read_to_string(&path).expect("the config was written");
    assert!(text.contains("email = \"me@example.com\""));
    assert!(text.contains("host = \"127.0.0.1\""));
    let again = msntui(&args, dir.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), text);
}
