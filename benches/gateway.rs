//! The HTTP polling gateway against direct TCP on loopback, in one run:
//!
//! - `message_latency/*`: one text from alice until bob has it, on an open switchboard.
//!   `direct`: both over TCP (the baseline). `gateway_sender`: alice through the
//!   gateway, bob over TCP: what a send through the gateway adds. `gateway_both`: bob
//!   polls too, so the figure holds his wait for the next poll (`POLL`, 100 ms here; the
//!   official client and msntui's default poll every 2 s). The bench sends the next
//!   text as soon as the last arrived, just after bob's poll, so it waits a whole
//!   interval; at random moments the wait is half of one on average.
//! - `burst_of_20/*`: twenty texts sent at once until bob has them all; criterion
//!   shows messages per second.
//!
//! Read the gateway figure of each group as a ratio to its `direct` baseline.
//!
//! After criterion, an idle signed-in gateway session is watched through a counting
//! HTTP proxy for `IDLE_WINDOW` (3 s at a 100 ms poll interval), and the HTTP requests
//! it makes are scaled to requests per idle minute at the default 2 s interval.
//!
//! Run: `cargo bench --bench gateway -- --quick`.

#[path = "../tests/support/proxies.rs"]
#[allow(dead_code)] // the bench uses only the counting HTTP proxy
mod proxies;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use msntui::interactive::bundled_server_session;
use msntui::protocol::message::Secret;
use msntui::protocol::types::Status;
use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, start};
use msntui::session::{
    ChatTarget, DEFAULT_POLL_INTERVAL, Event, Network, Proxy, Request, Session, SessionHandle,
    TransportMode,
};
use tokio::runtime::Runtime;
use tokio::sync::mpsc::UnboundedReceiver;

const POLL: Duration = Duration::from_millis(100);
const IDLE_WINDOW: Duration = Duration::from_secs(3);
const BURST: usize = 20;

struct Party {
    handle: SessionHandle,
    events: UnboundedReceiver<Event>,
}

impl Party {
    async fn sign_in(
        server: &RunningServer,
        email: &str,
        password: &str,
        data: &Path,
        network: Network,
    ) -> Self {
        let mut config = bundled_server_session(
            server.ns,
            &server.shared.http_base,
            email,
            Secret::new(password),
            data.join(email),
        );
        config.protocols = vec![15];
        config.network = network;
        let (handle, events) = Session::spawn(config);
        let mut party = Self { handle, events };
        party
            .until(|e| matches!(e, Event::Profile(p) if p.status == Status::Online))
            .await;
        party
    }

    async fn until(&mut self, wanted: impl Fn(&Event) -> bool) {
        while let Some(event) = self.events.recv().await {
            if wanted(&event) {
                return;
            }
        }
        panic!("the session ended");
    }

    fn send(&self, to: &str, text: &str) {
        self.handle
            .send(Request::SendMessage {
                to: ChatTarget::Contact(to.to_owned()),
                text: text.to_owned(),
            })
            .expect("session running");
    }
}

fn network(gateway: Option<&RunningServer>) -> Network {
    match gateway {
        None => Network::default(),
        Some(server) => Network {
            transport: TransportMode::Gateway,
            gateway_url: format!("{}/gateway/gateway.dll", server.shared.http_base),
            poll_interval: POLL,
            proxy: None,
        },
    }
}

/// Alice and Bob signed in, with a switchboard already open between them.
struct Pair {
    alice: Party,
    bob: Party,
}

/// Who of the pair goes through the gateway.
#[derive(Clone, Copy)]
enum Route {
    Direct,
    /// Alice sends through the gateway, Bob receives over TCP: the cost of a send.
    SenderOnGateway,
    /// Both: Bob only learns of a message when he polls.
    BothOnGateway,
}

impl Pair {
    async fn start(server: &RunningServer, data: &Path, route: Route) -> Self {
        let gateway = Some(server);
        let (sender, receiver) = match route {
            Route::Direct => (network(None), network(None)),
            Route::SenderOnGateway => (network(gateway), network(None)),
            Route::BothOnGateway => (network(gateway), network(gateway)),
        };
        let alice = Party::sign_in(server, "alice@example.com", "alicepass1", data, sender).await;
        let bob = Party::sign_in(server, "bob@example.com", "bobpass1", data, receiver).await;
        let mut pair = Self { alice, bob };
        pair.deliver(1).await;
        pair
    }

    /// Sends `count` texts from alice; returns when bob has all of them.
    async fn deliver(&mut self, count: usize) {
        for _ in 0..count {
            self.alice.send("bob@example.com", "ping");
        }
        for _ in 0..count {
            self.bob
                .until(|e| matches!(e, Event::MessageReceived(m) if m.text == "ping"))
                .await;
        }
    }
}

/// A server of its own for each pair, since alice signing in again would end her
/// other session.
fn compare(c: &mut Criterion, runtime: &Runtime) {
    let data = tempfile::tempdir().expect("temp dir");
    let routes = [
        ("direct", Route::Direct),
        ("gateway_sender", Route::SenderOnGateway),
        ("gateway_both", Route::BothOnGateway),
    ];
    let mut pairs: Vec<(&str, RunningServer, Pair)> = routes
        .into_iter()
        .map(|(name, route)| {
            runtime.block_on(async {
                let server = start_server().await;
                let pair = Pair::start(&server, &data.path().join(name), route).await;
                (name, server, pair)
            })
        })
        .collect();

    let mut latency = c.benchmark_group("message_latency");
    for (name, _, pair) in &mut pairs {
        latency.bench_function(*name, |b| {
            b.iter_custom(|iterations| {
                let started = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(pair.deliver(1));
                }
                started.elapsed()
            })
        });
    }
    latency.finish();

    let mut burst = c.benchmark_group(format!("burst_of_{BURST}"));
    burst.throughput(Throughput::Elements(BURST as u64));
    for (name, _, pair) in &mut pairs {
        burst.bench_function(*name, |b| {
            b.iter_custom(|iterations| {
                let started = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(pair.deliver(BURST));
                }
                started.elapsed()
            })
        });
    }
    burst.finish();
    for (_, server, pair) in pairs {
        drop(pair);
        runtime.block_on(server.shutdown());
    }
}

async fn start_server() -> RunningServer {
    let options = ServerOptions {
        challenge_interval: None,
        ..ServerOptions::loopback()
    };
    start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts")
}

/// HTTP requests of one idle, signed-in gateway session (NS only) in `IDLE_WINDOW`.
fn idle_requests(runtime: &Runtime) {
    let data = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        let server = start_server().await;
        let proxy = proxies::http().await;
        let mut network = network(Some(&server));
        network.proxy = Some(Proxy {
            url: format!("http://{}", proxy.address),
            username: None,
            password: None,
        });
        let carol = Party::sign_in(
            &server,
            "carol@example.com",
            "carolpass1",
            data.path(),
            network,
        )
        .await;
        let (before, _) = proxy.requests();
        tokio::time::sleep(IDLE_WINDOW).await;
        let (after, _) = proxy.requests();
        let counted = after - before;
        let per_poll = IDLE_WINDOW.as_secs_f64() / counted as f64;
        let overhead = (per_poll - POLL.as_secs_f64()).max(0.0);
        let per_minute_default = 60.0 / (DEFAULT_POLL_INTERVAL.as_secs_f64() + overhead);
        println!(
            "idle gateway session: {counted} HTTP requests in {IDLE_WINDOW:?} at a {POLL:?} poll \
             interval ({:.0} per minute); at the default {DEFAULT_POLL_INTERVAL:?} interval: \
             {per_minute_default:.1} requests per idle minute",
            counted as f64 * 60.0 / IDLE_WINDOW.as_secs_f64()
        );
        drop(carol);
        server.shutdown().await;
    });
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut criterion = Criterion::default().configure_from_args();
    compare(&mut criterion, &runtime);
    criterion.final_summary();
    idle_requests(&runtime);
}
