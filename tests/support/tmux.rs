//! Running `msntui serve` and `msntui` clients in a private tmux server, for the tests
//! of the terminal UI in a real terminal: `send-keys` to type, `capture-pane` to read.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::config_file::ConfigFile;

pub const WAIT: Duration = Duration::from_secs(20);
pub const POLL: Duration = Duration::from_millis(100);
pub const BIN: &str = env!("CARGO_BIN_EXE_msntui");

/// A private tmux server, killed with everything in it when dropped.
pub struct Tmux {
    socket: String,
    /// The terminal tmux is told it runs in.
    term: &'static str,
}

impl Tmux {
    /// A tmux server of its own for the test called `name`.
    pub fn new(name: &str) -> Self {
        Self::in_terminal(name, "xterm-256color")
    }

    /// A tmux server of its own, started as from a terminal of type `term`.
    pub fn in_terminal(name: &str, term: &'static str) -> Self {
        Tmux {
            socket: format!("msntui-{name}-{}", std::process::id()),
            term,
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-f", "/dev/null", "-L", &self.socket])
            .args(args)
            .env("TERM", self.term)
            .output()
            .expect("run tmux")
    }

    /// A 120x40 window named `name` running `command` (kept on screen after it exits).
    pub fn start(&self, name: &str, command: &str) {
        self.start_sized(name, command, (120, 40));
    }

    pub fn start_sized(&self, name: &str, command: &str, (width, height): (u16, u16)) {
        let shown = format!("{command}; echo \"msntui exited with $?\"; sleep 600");
        let (width, height) = (width.to_string(), height.to_string());
        let output = self.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &width,
            "-y",
            &height,
            &shown,
        ]);
        assert!(output.status.success(), "tmux new-session: {output:?}");
    }

    pub fn screen(&self, name: &str) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", name]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn type_line(&self, name: &str, text: &str) {
        self.press(name, &["-l", text]);
        self.press(name, &["Enter"]);
    }

    /// Sends keys by tmux's names (`C-c`, `F3`, `Escape`; `-l` first sends text as is).
    pub fn press(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// Waits until every window's status bar shows the connection `state`.
    pub fn wait_for_status(&self, names: &[&str], state: &str) {
        for name in names {
            self.wait_for(name, &format!("{state} status"), |screen| {
                status_bar_says(screen, state)
            });
        }
    }

    /// Polls the window until `wanted` holds for its screen, or fails showing it.
    pub fn wait_for(&self, name: &str, what: &str, wanted: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen(name);
            if wanted(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{name}: no {what} within {WAIT:?}; the screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// `msntui serve` on free loopback ports; killed when dropped.
pub struct Server {
    child: Child,
    pub ns_port: u16,
    pub http_base: String,
}

impl Server {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .args(["--sb-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run msntui serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut ns_port = None;
        let mut http_base = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let value = line.split_whitespace().last().unwrap_or("").to_owned();
            if line.starts_with("notification server") {
                ns_port = value.rsplit(':').next().and_then(|p| p.parse().ok());
            } else if line.starts_with("http services") {
                http_base = Some(value);
            }
            if ns_port.is_some() && http_base.is_some() {
                break;
            }
        }
        Server {
            ns_port: ns_port.expect("the server printed its port"),
            http_base: http_base.expect("the server printed its http address"),
            child,
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn write_config(dir: &Path, server: &Server, email: &str, password: &str) -> PathBuf {
    write_config_with(dir, server, email, password, "", "")
}

/// A config with more lines for `[storage]` and `[ui]`.
pub fn write_config_with(
    dir: &Path,
    server: &Server,
    email: &str,
    password: &str,
    storage: &str,
    ui: &str,
) -> PathBuf {
    let base = &server.http_base;
    let home = dir.join(email);
    std::fs::create_dir_all(&home).expect("create the account folder");
    let extra = format!(
        "[storage]\ndata_dir = \"{}\"\n{storage}\n[ui]\nbell = false\n{ui}",
        home.join("data").display()
    );
    let text = ConfigFile {
        email,
        password,
        ns_port: server.ns_port,
        http_base: base,
        protocol: None,
        extra: &extra,
    }
    .text();
    let path = home.join("config.toml");
    std::fs::write(&path, text).expect("write the config");
    path
}

/// Fails the test when tmux cannot be run (`.ci/run` installs it).
pub fn require_tmux() {
    let installed = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        installed,
        "tmux is not installed: the terminal UI tests need it"
    );
}

/// The status bar (the row above the input) starts with the connection state.
pub fn status_bar_says(screen: &str, state: &str) -> bool {
    screen
        .lines()
        .any(|line| line.trim_start().starts_with(state) && line.contains("F1 help"))
}
