//! The real `msntui` binary (or any program) in a pseudo-terminal of its own: what it
//! writes is counted and fed to a terminal emulator, so a benchmark can wait for what is
//! on screen and measure the bytes, CPU time and memory it took to get there.

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};

pub const BIN: &str = env!("CARGO_BIN_EXE_msntui");
const POLL: Duration = Duration::from_millis(20);

struct Output {
    bytes: u64,
    last_at: Instant,
    parser: vt100::Parser,
}

pub struct Pty {
    child: Child,
    keys: File,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
}

impl Pty {
    /// Starts `program` as the leader of a new session whose controlling terminal is a
    /// `width` x `height` pty, with `TERM=xterm-256color`.
    pub fn spawn(program: &str, args: &[&str], envs: &[(&str, &str)], size: (u16, u16)) -> Pty {
        let (width, height) = size;
        let window = Winsize {
            ws_row: height,
            ws_col: width,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&window), None).expect("openpty");
        let terminal = File::from(pty.slave);
        let mut command = Command::new("setsid");
        command
            .arg("--ctty")
            .arg(program)
            .args(args)
            .env("TERM", "xterm-256color")
            .stdin(terminal.try_clone().expect("pty"))
            .stdout(terminal.try_clone().expect("pty"))
            .stderr(terminal);
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().expect("spawn in a pty");
        drop(command);
        let mut screen = File::from(pty.master);
        let keys = screen.try_clone().expect("pty");
        let output = Arc::new(Mutex::new(Output {
            bytes: 0,
            last_at: Instant::now(),
            parser: vt100::Parser::new(
                NonZeroU16::new(height).expect("rows"),
                NonZeroU16::new(width).expect("columns"),
                0,
            ),
        }));
        let shared = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 65536];
            while let Ok(read @ 1..) = screen.read(&mut chunk) {
                let mut output = lock(&shared);
                output.bytes += read as u64;
                output.last_at = Instant::now();
                output.parser.process(&chunk[..read]);
            }
        });
        Pty {
            child,
            keys,
            output,
            reader: Some(reader),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Bytes the program has written so far.
    pub fn bytes(&self) -> u64 {
        lock(&self.output).bytes
    }

    /// The screen as the emulator shows it, one line per row.
    pub fn screen(&self) -> String {
        lock(&self.output).parser.screen().contents()
    }

    pub fn type_text(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).expect("type");
        self.keys.flush().expect("type");
    }

    /// Waits until `wanted` holds for the screen, or panics showing it.
    pub fn wait_for(&self, what: &str, wanted: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if wanted(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the program has written nothing for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        loop {
            let since = lock(&self.output).last_at.elapsed();
            if since >= quiet {
                return;
            }
            std::thread::sleep(quiet - since);
        }
    }

    /// Waits for the program to end by itself, killing it after `patience`.
    pub fn finish(mut self, patience: Duration) {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

fn lock(output: &Mutex<Output>) -> MutexGuard<'_, Output> {
    output
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// User and system CPU time the process `pid` has used, from `/proc/PID/stat`.
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&index| fields.get(index)?.parse::<u64>().ok())
        .sum();
    // /proc counts in USER_HZ, 100 per second on every Linux architecture.
    Duration::from_millis(ticks * 10)
}

/// Resident memory of the process `pid` in KiB, from `/proc/PID/status`.
pub fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}
