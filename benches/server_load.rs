//! How many signed-in connections the bundled server holds, and what each costs.
//!
//! Not a criterion benchmark: it signs in `MSNTUI_LOAD_CLIENTS` (default 2,000) MSNP7
//! accounts on loopback, all online and each watching the next one, and reports the
//! time taken and the resident memory growth per connection. Client and server share
//! the process, so the figure is an upper bound for the server alone. Loopback only,
//! bounded by the client count. Run: `cargo bench --bench server_load`.

#[path = "../tests/support/accounts.rs"]
mod accounts;
#[path = "../tests/support/client.rs"]
#[allow(dead_code)] // the load test uses only the sign-in part of the test client
mod client;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use client::TestClient;
use futures_util::future::join_all;
use msntui::protocol::types::{ListBits, Status};
use msntui::server::directory::{Account, Contact, Directory, Privacy, Store, new_guid};
use msntui::server::{ServerOptions, start};

const PASSWORD: &str = "load-test";

fn email(index: usize) -> String {
    format!("user{index}@load.test")
}

/// `count` accounts, each with the next one on its forward and allow lists.
fn directory(count: usize) -> Directory {
    let mut accounts = BTreeMap::new();
    for index in 0..count {
        let mut contacts = BTreeMap::new();
        contacts.insert(
            email((index + 1) % count),
            Contact {
                id: new_guid(),
                lists: ListBits(3),
                stored_name: format!("User {}", (index + 1) % count),
                groups: Vec::new(),
            },
        );
        accounts.insert(
            email(index),
            Account {
                email: email(index),
                password: PASSWORD.to_owned(),
                display_name: format!("User {index}"),
                personal_message: String::new(),
                privacy: Privacy::BlockOthers,
                ask_on_add: true,
                member_id: index as u64,
                contacts,
                groups: Vec::new(),
                bot: None,
            },
        );
    }
    Directory {
        accounts,
        serial: 1,
        ..Directory::default()
    }
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let clients: usize = std::env::var("MSNTUI_LOAD_CLIENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let mut options = ServerOptions::loopback();
    options.challenge_interval = None;
    let server = start(options, Store::in_memory(directory(clients)))
        .await
        .expect("server starts");
    let before = resident_kib();
    let started = Instant::now();
    let mut connected = Vec::with_capacity(clients);
    let indices: Vec<usize> = (0..clients).collect();
    for batch in indices.chunks(100) {
        let signed_in = join_all(batch.iter().map(|index| {
            let server = &server;
            async move {
                let account = email(*index);
                let Ok(mut client) = TestClient::sign_in(server, &account, PASSWORD, 7).await
                else {
                    panic!("{account} could not sign in");
                };
                client.go_online(Status::Online).await;
                client
            }
        }))
        .await;
        connected.extend(signed_in);
    }
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = resident_kib();
    let online = msntui::server::lock(&server.shared.hub).len();
    println!("signed-in connections held: {online} (asked for {clients})");
    println!(
        "time to sign in and go online: {elapsed:?} ({:.0} per second)",
        clients as f64 / elapsed.as_secs_f64()
    );
    println!(
        "resident memory: {before} KiB -> {after} KiB, {:.1} KiB per connection (client and server side)",
        after.saturating_sub(before) as f64 / clients as f64
    );
    drop(connected);
    server.shutdown().await;
}
