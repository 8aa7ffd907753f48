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

/// `msntui serve`, killed when dropped.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A new user's first minutes with the bundled server: `msntui serve` prints a
/// `msntui config init` command; the config it writes, with a password command filled in,
/// signs in at MSNP18 (SSO, and the address book) with no other edit.
#[test]
fn the_config_init_command_serve_prints_writes_a_config_that_signs_in() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_msntui"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--sb-listen",
            "127.0.0.1:0",
        ])
        .args(["--http-listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run msntui serve");
    let stdout = serve.stdout.take().expect("stdout");
    let _serving = Serving(serve);
    let init_line = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("# msntui config init ")
                .map(str::to_owned)
        })
        .expect("msntui serve prints a config init command");
    let path = dir.path().join("config.toml");
    let mut args = vec!["config".to_owned(), "init".to_owned()];
    args.extend(
        init_line
            .split_whitespace()
            .map(|arg| arg.replace("EMAIL", "alice@example.com")),
    );
    args.extend(["--path".to_owned(), path.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let init = msntui(&args, dir.path());
    assert_eq!(init.status.code(), Some(0), "{init:?}");
    let next = String::from_utf8_lossy(&init.stdout);
    assert!(
        next.contains("next: set password_command in [account], then run msntui"),
        "{next}"
    );

    let written = std::fs::read_to_string(&path).expect("the config was written");
    let filled = written.replacen(
        "password_command = \"\"",
        "password_command = \"echo alicepass1\"",
        1,
    );
    assert_ne!(filled, written, "the password command is left to fill in");
    std::fs::write(&path, filled).expect("fill in the password command");
    let mut headless = Command::new(env!("CARGO_BIN_EXE_msntui"))
        .args(["headless", "--config", &path.display().to_string()])
        .env("XDG_DATA_HOME", dir.path())
        .env("HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run msntui headless");
    let stdin = headless.stdin.take();
    let events = BufReader::new(headless.stdout.take().expect("stdout"));
    let signed_in = events.lines().map_while(Result::ok).find(|line| {
        line.starts_with(r#"{"event":"signed_in""#)
            || line.starts_with(r#"{"event":"disconnected""#)
    });
    drop(stdin);
    let output = headless
        .wait_with_output()
        .expect("headless ends when its input does");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let signed_in = signed_in.unwrap_or_else(|| panic!("no event before the end: {stderr}"));
    assert!(
        signed_in.contains(r#""version":"MSNP18""#),
        "{signed_in}; {stderr}"
    );
}
