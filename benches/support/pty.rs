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
    lines: u64,
    last_at: Instant,
    parser: vt100::Parser,
    /// Every byte written since [`Pty::record`], while recording.
    recorded: Option<Vec<u8>>,
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
            lines: 0,
            last_at: Instant::now(),
            parser: vt100::Parser::new(
                NonZeroU16::new(height).expect("rows"),
                NonZeroU16::new(width).expect("columns"),
                0,
            ),
            recorded: None,
        }));
        let shared = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 65536];
            while let Ok(read @ 1..) = screen.read(&mut chunk) {
                let mut output = lock(&shared);
                output.bytes += read as u64;
                output.lines += memchr_count(&chunk[..read]);
                output.last_at = Instant::now();
                output.parser.process(&chunk[..read]);
                if let Some(recorded) = &mut output.recorded {
                    recorded.extend_from_slice(&chunk[..read]);
                }
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

    /// Starts keeping what the program writes, for [`Pty::recorded`].
    pub fn record(&self) {
        lock(&self.output).recorded = Some(Vec::new());
    }

    /// What the program wrote since [`Pty::record`], and stops recording.
    pub fn recorded(&self) -> Vec<u8> {
        lock(&self.output).recorded.take().unwrap_or_default()
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

fn memchr_count(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn lock(output: &Mutex<Output>) -> MutexGuard<'_, Output> {
    output
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// CPU time every thread of the process `pid` has used so far, to the nanosecond, from
/// `/proc/PID/task/*/schedstat` (threads that ended are not counted).
pub fn cpu_time(pid: u32) -> Duration {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"));
    let nanos: u64 = tasks
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Lines (newlines) the program has written so far.
pub fn lines_written(pty: &Pty) -> u64 {
    lock(&pty.output).lines
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
