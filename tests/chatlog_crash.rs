//! A process killed in the middle of a burst of chat-log writes leaves every earlier
//! line intact, and the log stays usable afterwards.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use msntui::chatlog::{ChatLog, Direction, LogEntry};

const WRITER: &str = "MSNTUI_CHATLOG_WRITER_DIR";

fn entry(n: usize) -> LogEntry {
    LogEntry {
        time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_500_000),
        direction: Direction::Received,
        sender: "bob@example.com".into(),
        status: None,
        text: format!("message {n} {}", "é☺x".repeat(200)),
    }
}

/// In the child process: write messages until killed.
fn write_forever(dir: &Path) -> ! {
    let log = ChatLog::new(dir, "alice@example.com");
    for n in 0.. {
        log.append("bob@example.com", &entry(n)).expect("append");
    }
    unreachable!("the loop only ends when the process is killed")
}

#[test]
fn killed_writer_leaves_earlier_lines_intact() {
    if let Some(dir) = std::env::var_os(WRITER) {
        write_forever(Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap();
    let log = ChatLog::new(dir.path(), "alice@example.com");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "killed_writer_leaves_earlier_lines_intact",
            "--exact",
            "--nocapture",
        ])
        .env(WRITER, dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let path = log.path("bob@example.com");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&path).map_or(0, |m| m.len()) < 200_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the writer wrote too little"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let written = log.last("bob@example.com", usize::MAX).unwrap();
    assert!(written.len() > 50, "only {} lines", written.len());
    for (n, message) in written.iter().enumerate() {
        assert_eq!(message, &entry(n), "line {n} damaged");
    }
    log.append("bob@example.com", &entry(999_999)).unwrap();
    let after = log.last("bob@example.com", 1).unwrap();
    assert_eq!(
        after,
        [entry(999_999)],
        "a new line after the crash reads back whole"
    );
}
