//! The real `msntui` with a large account: 5,000 contacts in 8 groups on the bundled
//! server (loopback), in a 120x40 pty.
//!
//! Not a criterion benchmark. It prints
//! - resident memory of the UI after sign-in at MSNP8, 15 and 18 (target: 25 MB each);
//! - CPU time to take 501 presence changes (ten contacts changing status in turn) in
//!   the UI, next to `msntui headless` taking the same changes (target: 1.2x), summed
//!   over the program's threads from the scheduler's nanosecond counters.
//!
//! Run: `cargo bench --bench tui_load`.

#[path = "../tests/support/accounts.rs"]
mod accounts;
#[path = "../tests/support/client.rs"]
#[allow(dead_code)] // only sign-in and status changes of the test client are used
mod client;
#[path = "../tests/support/config_file.rs"]
mod config_file;
#[path = "support/pty.rs"]
#[allow(dead_code)] // bytes are counted by the terminal bytes benchmark
mod pty;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use client::TestClient;
use config_file::ConfigFile;
use msntui::protocol::types::{ListBits, Status};
use msntui::server::directory::{Account, Contact, Directory, Group, Privacy, Store, new_guid};
use msntui::server::{RunningServer, ServerOptions, start};
use pty::{BIN, Pty, cpu_time, lines_written, resident_kib};

const SIZE: (u16, u16) = (120, 40);
const OWNER: &str = "owner@load.test";
const PASSWORD: &str = "load-test";
const CONTACTS: usize = 5_000;
const GROUPS: usize = 8;
const CHANGING: usize = 10;
const CHANGES: usize = 501;
const QUIET: Duration = Duration::from_millis(1500);

fn email(index: usize) -> String {
    format!("user{index:04}@load.test")
}

fn account(email: String, name: String, contacts: BTreeMap<String, Contact>) -> Account {
    Account {
        email,
        password: PASSWORD.to_owned(),
        display_name: name,
        personal_message: String::new(),
        privacy: Privacy::AllowOthers,
        ask_on_add: false,
        member_id: 1,
        contacts,
        groups: Vec::new(),
        bot: None,
    }
}

/// The owner with every user on its forward and allow lists, spread over the groups.
fn directory() -> Directory {
    let groups: Vec<Group> = (0..GROUPS)
        .map(|number| Group {
            id: new_guid(),
            number: number as u32 + 1,
            name: format!("Group {number}"),
        })
        .collect();
    let mut accounts = BTreeMap::new();
    let mut owned = BTreeMap::new();
    for index in 0..CONTACTS {
        owned.insert(
            email(index),
            Contact {
                id: new_guid(),
                lists: ListBits(3),
                stored_name: format!("Contact number {index}"),
                groups: vec![groups[index % GROUPS].id.clone()],
            },
        );
        let mut back = BTreeMap::new();
        back.insert(
            OWNER.to_owned(),
            Contact {
                id: new_guid(),
                lists: ListBits(3),
                stored_name: "Owner".to_owned(),
                groups: Vec::new(),
            },
        );
        accounts.insert(
            email(index),
            account(email(index), format!("Contact number {index}"), back),
        );
    }
    let mut owner = account(OWNER.to_owned(), "Owner".to_owned(), owned);
    owner.groups = groups;
    accounts.insert(OWNER.to_owned(), owner);
    Directory::new(accounts)
}

fn config(dir: &Path, server: &RunningServer, protocol: &str) -> String {
    let extra = format!(
        "[storage]\ndata_dir = \"{}\"\n\n[ui]\nbell = false\n",
        dir.join("data").display()
    );
    let text = ConfigFile {
        email: OWNER,
        password: PASSWORD,
        ns_port: server.ns.port(),
        http_base: &server.shared.http_base,
        protocol: Some(protocol),
        extra: &extra,
    }
    .text();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write the config");
    path.display().to_string()
}

/// The UI (or `headless`) signed in as the owner, with its whole list loaded.
fn signed_in(dir: &Path, server: &RunningServer, protocol: &str, headless: bool) -> Pty {
    let config = config(dir, server, protocol);
    let data = dir.join("xdg").display().to_string();
    let mut args = vec!["--config", config.as_str()];
    if headless {
        args.insert(0, "headless");
    }
    let pty = Pty::spawn(BIN, &args, &[("XDG_DATA_HOME", &data)], SIZE);
    if headless {
        pty.wait_for("the profile after the contact list", |screen| {
            screen.contains(r#""event":"profile""#)
        });
    } else {
        let total = format!("/{CONTACTS}");
        pty.wait_for("the whole contact list", |screen| screen.contains(&total));
    }
    pty.settle(QUIET);
    pty
}

fn quit(mut pty: Pty, headless: bool) {
    pty.type_text(if headless { "/quit\n" } else { "/quit\r" });
    pty.finish(Duration::from_secs(5));
}

/// Ten contacts signed in and online, ready to change status.
async fn changing_contacts(server: &RunningServer) -> Vec<TestClient> {
    let mut clients = Vec::new();
    for index in 0..CHANGING {
        let Ok(mut client) = TestClient::sign_in_at(
            server.ns,
            &server.shared.http_base,
            &email(index),
            PASSWORD,
            12,
        )
        .await
        else {
            panic!("{} could not sign in", email(index));
        };
        client.go_online(Status::Online).await;
        clients.push(client);
    }
    clients
}

/// CPU time the program used to take the presence changes.
fn burst_cpu(
    runtime: &tokio::runtime::Runtime,
    server: &RunningServer,
    headless: bool,
) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let pty = signed_in(dir.path(), server, "MSNP18", headless);
    let mut clients = runtime.block_on(changing_contacts(server));
    if !headless {
        // The whole list watched (on a busy machine its ADL may still be under way).
        let online = format!("Contacts {CHANGING}/{CONTACTS}");
        pty.wait_for("the changing contacts online", |screen| {
            screen.contains(&online)
        });
    }
    pty.settle(QUIET);
    let bytes_before = pty.bytes();
    let before = cpu_time(pty.pid());
    let lines_before = lines_written(&pty);
    let started = Instant::now();
    runtime.block_on(async {
        let statuses = [Status::Away, Status::Busy, Status::Online];
        for change in 0..CHANGES {
            let client = &mut clients[change % CHANGING];
            client
                .go_online(statuses[change / CHANGING % statuses.len()])
                .await;
        }
    });
    pty.settle(QUIET);
    let used = cpu_time(pty.pid()) - before;
    assert!(
        pty.bytes() > bytes_before,
        "the {} showed none of the presence changes",
        if headless { "headless client" } else { "UI" }
    );
    let shown = if headless {
        format!(", {} lines of output", lines_written(&pty) - lines_before)
    } else {
        String::new()
    };
    println!(
        "  {:<10} {:>8.1} ms CPU ({:.2} s of wall time{shown})",
        if headless { "headless" } else { "ui" },
        used.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64() - QUIET.as_secs_f64()
    );
    drop(clients);
    quit(pty, headless);
    used
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut options = ServerOptions::loopback();
    options.challenge_interval = None;
    let server = runtime
        .block_on(start(options, Store::in_memory(directory())))
        .expect("server starts");

    println!("resident memory of the UI after sign-in, {CONTACTS} contacts:");
    for protocol in ["MSNP8", "MSNP15", "MSNP18"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let pty = signed_in(dir.path(), &server, protocol, false);
        let kib = resident_kib(pty.pid());
        println!("  {protocol:<7} {:>6.1} MB", kib as f64 / 1024.0);
        quit(pty, false);
    }

    println!("CPU time for {CHANGES} presence changes, {CONTACTS} contacts, MSNP18:");
    let headless = burst_cpu(&runtime, &server, true);
    let ui = burst_cpu(&runtime, &server, false);
    println!(
        "  ui / headless: {:.2}x",
        ui.as_secs_f64() / headless.as_secs_f64().max(0.001)
    );
    runtime.block_on(server.shutdown());
}
