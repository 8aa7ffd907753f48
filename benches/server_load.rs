//! How many signed-in connections the bundled server holds, and what each costs.
//!
//! Not a criterion benchmark: for 1,000, 4,000 and 10,000 clients (or only
//! `MSNTUI_LOAD_CLIENTS`), a fresh process runs the server and another signs in that
//! many MSNP7 accounts on loopback, all online and each watching the next one. It prints
//! sign-ins per second and the server's resident memory growth per connection. Each
//! process raises its open-file limit to the hard limit. Loopback only, bounded by the
//! client count. Run: `cargo bench --bench server_load`.

#[path = "../tests/support/accounts.rs"]
mod accounts;
#[path = "../tests/support/client.rs"]
#[allow(dead_code)] // the load test uses only the sign-in part of the test client
mod client;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use client::TestClient;
use futures_util::future::join_all;
use msntui::protocol::types::{ListBits, Status};
use msntui::server::directory::{Account, Contact, Directory, Privacy, Store, new_guid};
use msntui::server::{ServerOptions, start};
use nix::sys::resource::{Resource, getrlimit, setrlimit};

const PASSWORD: &str = "load-test";
const SIZES: [usize; 3] = [1_000, 4_000, 10_000];
/// Which part of the benchmark this process plays.
const ROLE: &str = "MSNTUI_LOAD_ROLE";
/// Clients signing in at once.
const BATCH: usize = 100;

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
    Directory::new(accounts)
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

fn raise_open_file_limit() {
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).expect("setrlimit");
}

fn spawn_role(role: &str, clients: usize, extra: &[(&str, String)]) -> std::process::Child {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command
        .env(ROLE, role)
        .env("MSNTUI_LOAD_CLIENTS", clients.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    for (key, value) in extra {
        command.env(key, value);
    }
    command.spawn().expect("spawn a benchmark process")
}

fn main() {
    raise_open_file_limit();
    let clients = std::env::var("MSNTUI_LOAD_CLIENTS")
        .ok()
        .and_then(|n| n.parse().ok());
    match std::env::var(ROLE).as_deref() {
        Ok("server") => serve(clients.expect("client count")),
        Ok("clients") => sign_in_all(clients.expect("client count")),
        _ => {
            let sizes = clients.map_or(SIZES.to_vec(), |n| vec![n]);
            println!("clients  sign-ins/s  server KiB/connection");
            for size in sizes {
                let mut server = spawn_role("server", size, &[]);
                let mut report = String::new();
                server
                    .stdout
                    .take()
                    .expect("piped")
                    .read_to_string(&mut report)
                    .expect("server report");
                assert!(server.wait().expect("server exits").success());
                print!("{report}");
            }
        }
    }
}

/// Runs the server, has a client process sign in `clients` accounts, prints one row.
#[tokio::main]
async fn serve(clients: usize) {
    let mut options = ServerOptions::loopback();
    options.challenge_interval = None;
    options.max_connections = clients + BATCH;
    let server = start(options, Store::in_memory(directory(clients)))
        .await
        .expect("server starts");
    let before = resident_kib();
    let mut driver = spawn_role(
        "clients",
        clients,
        &[
            ("MSNTUI_LOAD_NS", server.ns.to_string()),
            ("MSNTUI_LOAD_HTTP", server.shared.http_base.clone()),
        ],
    );
    let mut lines = BufReader::new(driver.stdout.take().expect("piped")).lines();
    let elapsed: f64 = tokio::task::spawn_blocking(move || lines.next())
        .await
        .expect("reader")
        .and_then(Result::ok)
        .and_then(|line| line.parse().ok())
        .expect("the clients report their sign-in time");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let online = msntui::server::lock(&server.shared.hub).len();
    assert_eq!(online, clients, "every client holds its connection");
    let after = resident_kib();
    println!(
        "{clients:>7}  {:>10.0}  {:>21.1}",
        clients as f64 / elapsed,
        after.saturating_sub(before) as f64 / clients as f64
    );
    drop(driver.stdin.take());
    driver.wait().expect("clients exit");
    server.shutdown().await;
}

/// Signs in and goes online with every account, prints the seconds taken, then holds
/// the connections until stdin closes.
#[tokio::main]
async fn sign_in_all(clients: usize) {
    let ns: SocketAddr = std::env::var("MSNTUI_LOAD_NS")
        .ok()
        .and_then(|address| address.parse().ok())
        .expect("server address");
    let http = std::env::var("MSNTUI_LOAD_HTTP").expect("http base");
    let started = Instant::now();
    let mut connected = Vec::with_capacity(clients);
    let indices: Vec<usize> = (0..clients).collect();
    for batch in indices.chunks(BATCH) {
        let signed_in = join_all(batch.iter().map(|index| {
            let http = &http;
            async move {
                let account = email(*index);
                let Ok(mut client) = TestClient::sign_in_at(ns, http, &account, PASSWORD, 7).await
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
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", started.elapsed().as_secs_f64()).expect("report");
    stdout.flush().expect("report");
    tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()))
        .await
        .expect("stdin reader")
        .expect("stdin");
    drop(connected);
}
