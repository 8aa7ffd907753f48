//! Bytes written to the terminal: the real `msntui` in a 120x40 pty, signed in to the
//! bundled server on loopback as the demo user, chatting with the echo bot.
//!
//! Not a criterion benchmark (bytes are counted, not timed). For each layout it prints
//! the bytes of one message round (a 40-character line typed at once and sent, the bot's
//! echo, the ✓✓ mark), averaged over rounds taken with the conversation pane full and
//! scrolling, and the bytes of one keep-alive while idle: the client sends its first PNG
//! after 50 s and the server's QNG then asks for one every second here, so ten
//! keep-alives take ten seconds; at the default interval (60 s) one keep-alive is an
//! idle minute. The baseline is `cat` of the same lines (as
//! the screen shows them) in the same pty, and the text itself.
//! Run: `cargo bench --bench terminal_bytes`. With `TERMINAL_BYTES_DUMP=1` it also
//! prints what the last round wrote, escape sequences spelled out; with
//! `TERMINAL_BYTES_QUICK=1` it skips the keep-alives (a minute per layout).

#[path = "../tests/support/config_file.rs"]
mod config_file;
#[path = "support/pty.rs"]
#[allow(dead_code)] // CPU time and memory are for the load benchmark
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use config_file::ConfigFile;
use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, start};
use pty::{BIN, Pty};

const SIZE: (u16, u16) = (120, 40);
const EMAIL: &str = "demo@msntui.local";
const PASSWORD: &str = "demo-password";
/// Rounds before measuring: enough to fill the conversation pane.
const WARM_UP_ROUNDS: usize = 24;
const MEASURED_ROUNDS: usize = 10;
const KEEP_ALIVES: u64 = 10;
const QUIET: Duration = Duration::from_millis(400);
/// The client's first PNG comes this long after sign-in (`Timing::ping_interval`).
const FIRST_PING: Duration = Duration::from_secs(52);

struct Layout {
    name: &'static str,
    contacts: bool,
    protocol: bool,
}

const LAYOUTS: [Layout; 3] = [
    Layout {
        name: "default (contact list)",
        contacts: true,
        protocol: false,
    },
    Layout {
        name: "full-width conversation",
        contacts: false,
        protocol: false,
    },
    Layout {
        name: "demo (protocol pane open)",
        contacts: true,
        protocol: true,
    },
];

struct Measured {
    round: f64,
    keep_alive: f64,
    /// The lines one round adds to the conversation, as shown.
    lines: Vec<String>,
    /// What the last round wrote.
    last_round: Vec<u8>,
}

/// 40 letters, different in every round so no cell of one round's line repeats the last.
fn text(round: usize) -> String {
    let mut state = (round as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..40)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect()
}

fn config(dir: &Path, server: &RunningServer, layout: &Layout) -> String {
    let extra = format!(
        "[storage]\ndata_dir = \"{}\"\n\n[ui]\nbell = false\nshow_contact_list = {}\nshow_protocol_pane = {}\n",
        dir.join("data").display(),
        layout.contacts,
        layout.protocol,
    );
    let text = ConfigFile {
        email: EMAIL,
        password: PASSWORD,
        ns_port: server.ns.port(),
        http_base: &server.shared.http_base,
        protocol: None,
        extra: &extra,
    }
    .text();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write the config");
    path.display().to_string()
}

/// Types one line, waits for its echo and delivery mark, and for the screen to settle.
fn round(pty: &mut Pty, round: usize) {
    let text = text(round);
    pty.type_text(&format!("{text}\r"));
    pty.wait_for("the echo and the delivery mark", |screen| {
        screen.matches(text.as_str()).count() >= 2 && screen.contains(&format!("{text} ✓✓"))
    });
    pty.settle(QUIET);
}

fn measure(server: &RunningServer, layout: &Layout) -> Measured {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), server, layout);
    let data = dir.path().join("xdg").display().to_string();
    let mut pty = Pty::spawn(
        BIN,
        &["--config", &config],
        &[("XDG_DATA_HOME", &data), ("XDG_STATE_HOME", &data)],
        SIZE,
    );
    pty.wait_for("sign-in", |screen| screen.to_lowercase().contains("online"));
    let signed_in = Instant::now();
    pty.type_text("/msg echo@msntui.local hello\r");
    pty.wait_for("the conversation", |screen| {
        screen.matches("hello").count() >= 2
    });
    pty.settle(QUIET);
    for number in 0..WARM_UP_ROUNDS {
        round(&mut pty, number);
    }
    let before = pty.bytes();
    for number in WARM_UP_ROUNDS..WARM_UP_ROUNDS + MEASURED_ROUNDS - 1 {
        round(&mut pty, number);
    }
    pty.record();
    round(&mut pty, WARM_UP_ROUNDS + MEASURED_ROUNDS - 1);
    let last_round = pty.recorded();
    let rounds = (pty.bytes() - before) as f64 / MEASURED_ROUNDS as f64;
    let last = text(WARM_UP_ROUNDS + MEASURED_ROUNDS - 1);
    let lines: Vec<String> = pty
        .screen()
        .lines()
        .filter(|line| line.contains(&last))
        .map(|line| line.trim_matches([' ', '│']).to_owned())
        .collect();
    let keep_alive = if std::env::var_os("TERMINAL_BYTES_QUICK").is_some() {
        f64::NAN
    } else {
        std::thread::sleep(FIRST_PING.saturating_sub(signed_in.elapsed()));
        pty.settle(QUIET);
        let before = pty.bytes();
        std::thread::sleep(Duration::from_secs(KEEP_ALIVES));
        (pty.bytes() - before) as f64 / KEEP_ALIVES as f64
    };
    pty.type_text("/quit\r");
    pty.finish(Duration::from_secs(5));
    Measured {
        round: rounds,
        keep_alive,
        lines,
        last_round,
    }
}

/// Bytes `cat` writes to the same pty for one round's lines.
fn cat_bytes(lines: &[String]) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("lines.txt");
    let repeated: String = (0..MEASURED_ROUNDS)
        .map(|_| {
            lines
                .iter()
                .map(|line| format!("{line}\n"))
                .collect::<String>()
        })
        .collect();
    std::fs::write(&file, repeated).expect("write the lines");
    let pty = Pty::spawn("cat", &[&file.display().to_string()], &[], SIZE);
    pty.settle(QUIET);
    let bytes = pty.bytes();
    pty.finish(Duration::from_secs(5));
    bytes as f64 / MEASURED_ROUNDS as f64
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut options = ServerOptions::loopback();
    options.challenge_interval = None;
    options.ping_interval = Duration::from_secs(1);
    let server = runtime
        .block_on(start(options, Store::in_memory(default_directory())))
        .expect("server starts");
    let results: Vec<(&Layout, Measured)> = LAYOUTS
        .iter()
        .map(|layout| (layout, measure(&server, layout)))
        .collect();
    let lines = &results[0].1.lines;
    let text_bytes: usize = lines.iter().map(|line| line.len() + 1).sum();
    let cat = cat_bytes(lines);
    println!(
        "one message round adds {} lines, {text_bytes} bytes of text:",
        lines.len()
    );
    for line in lines {
        println!("    {line}");
    }
    println!(
        "{:<28}{:>12}{:>9}{:>9}{:>22}",
        "", "bytes/round", "x text", "x cat", "bytes/keep-alive"
    );
    println!(
        "{:<28}{cat:>12.0}{:>9.2}{:>9.2}{:>22}",
        "cat of the same lines",
        cat / text_bytes as f64,
        1.0,
        "-"
    );
    for (layout, measured) in &results {
        println!(
            "{:<28}{:>12.0}{:>9.2}{:>9.2}{:>22.1}",
            layout.name,
            measured.round,
            measured.round / text_bytes as f64,
            measured.round / cat,
            measured.keep_alive
        );
    }
    if std::env::var_os("TERMINAL_BYTES_DUMP").is_some() {
        for (layout, measured) in &results {
            println!("\n{}: the last round wrote", layout.name);
            println!("{}", spelled_out(&measured.last_round));
        }
    }
    runtime.block_on(server.shutdown());
}

/// Terminal output as readable text: each escape sequence on a line of its own.
fn spelled_out(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace('\r', "␍")
        .replace('\n', "␊")
        .replace('\x1b', "\n␛")
}
