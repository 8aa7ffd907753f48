//! Running the real `msntui headless` binary: a config file for a bundled server,
//! commands on its stdin, JSON events from its stdout.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use msntui::server::RunningServer;

use crate::support::config_file::ConfigFile;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

const WAIT: Duration = Duration::from_secs(10);

/// A config file for `email` on `server`, offering `protocol`.
pub fn write_config(
    dir: &Path,
    server: &RunningServer,
    email: &str,
    password: &str,
    protocol: &str,
) -> std::path::PathBuf {
    write_config_at(
        dir,
        server.ns.port(),
        &server.shared.http_base,
        email,
        password,
        protocol,
    )
}

pub fn write_config_at(
    dir: &Path,
    port: u16,
    base: &str,
    email: &str,
    password: &str,
    protocol: &str,
) -> std::path::PathBuf {
    let storage = format!("[storage]\ndata_dir = \"{}\"\n", dir.join("data").display());
    let text = ConfigFile {
        email,
        password,
        ns_port: port,
        http_base: base,
        protocol: Some(protocol),
        extra: &storage,
    }
    .text();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

pub struct Headless {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Lines<BufReader<ChildStdout>>,
    /// Every line printed so far.
    pub printed: Vec<String>,
}

impl Headless {
    pub fn start(config: &Path, extra: &[&str]) -> Self {
        Self::start_with_env(config, extra, &[])
    }

    /// As `start`, with these environment variables set for the child.
    pub fn start_with_env(config: &Path, extra: &[&str], env: &[(&str, &Path)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_msntui"))
            .arg("headless")
            .arg("--config")
            .arg(config)
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("run msntui");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        Self {
            child,
            stdin,
            stdout,
            printed: Vec::new(),
        }
    }

    pub async fn say(&mut self, command: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(format!("{command}\n").as_bytes())
            .await
            .expect("write a command");
    }

    /// Reads events until one matches; every line must be a JSON object with "event".
    pub async fn until(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let line = tokio::time::timeout(WAIT, self.stdout.next_line())
                .await
                .unwrap_or_else(|_| panic!("no {what} within {WAIT:?}: {:#?}", self.printed))
                .expect("read stdout")
                .unwrap_or_else(|| panic!("output ended before {what}: {:#?}", self.printed));
            let value: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(value["event"].is_string(), "{line}");
            self.printed.push(line);
            if wanted(&value) {
                return value;
            }
        }
    }

    /// Waits for the exit; returns the status, the rest of stdout, and stderr.
    pub async fn finish(mut self) -> (ExitStatus, Vec<String>, String) {
        drop(self.stdin.take());
        self.finish_with_input_open().await
    }

    /// Types `/quit`, waits for the exit and checks it was a clean one (status 0);
    /// returns what was printed.
    pub async fn quit(mut self) -> Vec<String> {
        self.say("/quit").await;
        let (status, printed, stderr) = self.finish().await;
        assert_eq!(status.code(), Some(0), "{stderr}");
        printed
    }

    /// As `finish`, but standard input stays open, as a driving program may keep it.
    pub async fn finish_with_input_open(mut self) -> (ExitStatus, Vec<String>, String) {
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("msntui exits")
            .expect("wait");
        while let Ok(Some(line)) = self.stdout.next_line().await {
            self.printed.push(line);
        }
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr).await;
        }
        (status, self.printed, stderr)
    }
}

/// A loopback port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

pub fn event(value: &Value, name: &str) -> bool {
    value["event"] == name
}
