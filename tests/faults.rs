//! Two msntui sessions chat through a proxy that injects 1,000 faults into their NS and
//! switchboard connections (cuts at any byte, delays, split and merged writes, stalls).
//! Afterwards every message ends delivered or failed with a reason, the two chat logs
//! agree with that, nothing arrives twice, nothing panicked, and every reconnection
//! waited as the backoff schedule says. `FAULT_SEED=n` replays another run.

mod session_support;
mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use msntui::chatlog::{ChatLog, Direction as LogDirection};
use msntui::server::ServerOptions;
use msntui::session::{ChatTarget, ConnectionState, Delivery, Event, Outgoing, Request, Timing};
use session_support::{Watched, config_for};
use support::fault_proxy::{Fault, FaultPlan, FaultProxy, Listeners};
use support::server::server_with;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const FAULTS: usize = 1000;
/// The whole scenario, sign-in to sign-out, must fit in this.
const LIMIT: Duration = Duration::from_secs(150);
const TIMING: Timing = Timing {
    connect_timeout: Duration::from_secs(2),
    reply_timeout: Duration::from_secs(3),
    ping_interval: Duration::from_secs(50),
    backoff_min: Duration::from_millis(40),
    backoff_max: Duration::from_millis(640),
    chunk_timeout: Duration::from_secs(30),
    healthy_after: Duration::from_secs(60),
};

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default(info);
    }));
}

/// One message a session sent, as its own events tell it.
#[derive(Debug, Default)]
struct Sent {
    text: String,
    finals: Vec<Delivery>,
}

/// What each side said and heard, from its events.
struct Side {
    email: &'static str,
    watched: Watched,
    logs: std::path::PathBuf,
}

impl Side {
    fn spawn(
        server_ns: std::net::SocketAddr,
        http: &str,
        email: &'static str,
        dir: &std::path::Path,
    ) -> Self {
        let data = dir.join(email);
        let logs = data.join("logs");
        let mut config = config_for(
            server_ns,
            http,
            15,
            email,
            support::accounts::password_of(email),
            &data,
        );
        config.chat_log_dir = Some(logs.clone());
        config.retry_first_connect = true;
        config.timing = TIMING;
        Self {
            email,
            watched: Watched::spawn(config),
            logs,
        }
    }

    fn send(&self, to: &str, text: String) {
        self.watched
            .handle
            .send(Request::SendMessage {
                to: ChatTarget::Contact(to.to_owned()),
                text,
            })
            .expect("session running");
    }

    fn online(&self) -> bool {
        let last_state = self.watched.seen.iter().rev().find_map(|e| match e {
            Event::State(state) => Some(state),
            _ => None,
        });
        matches!(last_state, Some(ConnectionState::Online))
    }

    /// Every message sent, by id, with its final states.
    fn sent(&self) -> BTreeMap<u64, Sent> {
        let mut sent: BTreeMap<u64, Sent> = BTreeMap::new();
        for event in &self.watched.seen {
            match event {
                Event::Outgoing(outgoing) => {
                    if let Outgoing::Text(text) = &outgoing.content {
                        sent.entry(outgoing.message.0).or_default().text = text.clone();
                    }
                }
                Event::Delivery { message, state, .. } if state.is_final() => {
                    sent.entry(message.0)
                        .or_default()
                        .finals
                        .push(state.clone());
                }
                _ => {}
            }
        }
        sent
    }

    /// How often each text arrived, live or fetched as an offline message.
    fn heard(&self) -> BTreeMap<String, usize> {
        let mut heard = BTreeMap::new();
        for event in &self.watched.seen {
            let text = match event {
                Event::MessageReceived(message) => &message.text,
                Event::OfflineMessage(message) => &message.text,
                _ => continue,
            };
            *heard.entry(text.clone()).or_default() += 1;
        }
        heard
    }

    /// Messages the server acknowledged that `to` has not heard yet and that no cut
    /// destroyed: still on their way (a stalled or delayed write holds them for a while).
    fn on_the_way(&self, to: &Side, proxy: &FaultProxy) -> usize {
        let heard = to.heard();
        self.sent()
            .values()
            .filter(|m| m.finals == [Delivery::Delivered] && !heard.contains_key(&m.text))
            .filter(|m| !proxy.lost_in_a_cut(&m.text))
            .count()
    }

    /// Messages from `from` in this side's log whose event has not been taken yet.
    fn logged_unheard(&self, from: &Side) -> usize {
        let heard = self.heard();
        self.log_with(from.email)
            .iter()
            .filter(|e| e.direction == LogDirection::Received && !heard.contains_key(&e.text))
            .count()
    }

    /// Messages stored offline for `to` that `to` has not fetched yet.
    fn waiting_offline(&self, to: &Side) -> usize {
        let heard = to.heard();
        self.sent()
            .values()
            .filter(|m| m.finals == [Delivery::StoredOffline] && !heard.contains_key(&m.text))
            .count()
    }

    fn log_with(&self, contact: &str) -> Vec<msntui::chatlog::LogEntry> {
        ChatLog::new(&self.logs, self.email)
            .last(contact, usize::MAX)
            .expect("readable log")
    }

    fn unsettled(&self) -> usize {
        self.sent().values().filter(|m| m.finals.is_empty()).count()
    }
}

#[derive(Debug, Default)]
struct Figures {
    messages: usize,
    delivered: usize,
    failed: usize,
    failed_but_arrived: usize,
    /// Nobody answered the switchboard (a cut made the contact look offline): stored on
    /// the server and fetched by the receiver later.
    stored_offline: usize,
    /// Acknowledged by the server, then destroyed by a cut of the receiver's link.
    cut_in_transit: usize,
    duplicates: usize,
    lost: usize,
    unsettled: usize,
    reconnections: usize,
}

/// Checks one direction of the conversation, `from` to `to`, and adds to the figures.
fn check(from: &Side, to: &Side, proxy: &FaultProxy, figures: &mut Figures) {
    let heard = to.heard();
    let sender_log = from.log_with(to.email);
    let receiver_log = to.log_with(from.email);
    for (id, message) in from.sent() {
        figures.messages += 1;
        let arrived = heard.get(&message.text).copied().unwrap_or(0);
        let logged_by_receiver = receiver_log
            .iter()
            .filter(|e| e.direction == LogDirection::Received && e.text == message.text)
            .count();
        assert_eq!(
            arrived, logged_by_receiver,
            "{}: the receiver's log holds what arrived",
            message.text
        );
        if arrived > 1 {
            figures.duplicates += arrived - 1;
        }
        let logged_by_sender: Vec<Option<&str>> = sender_log
            .iter()
            .filter(|e| e.direction == LogDirection::Sent && e.text == message.text)
            .map(|e| e.status.as_deref())
            .collect();
        match message.finals.as_slice() {
            [] => {
                figures.unsettled += 1;
                eprintln!("message {id} ({}) never settled", message.text);
            }
            [Delivery::Delivered] => {
                figures.delivered += 1;
                assert_eq!(logged_by_sender, [Some("delivered")], "{}", message.text);
                if arrived == 0 && proxy.lost_in_a_cut(&message.text) {
                    // The server took it and relayed it, and the receiver's connection
                    // was cut with it on the way: MSNP's ACK is the server's, so no
                    // client can know.
                    figures.cut_in_transit += 1;
                } else if arrived == 0 {
                    figures.lost += 1;
                    eprintln!(
                        "message {id} ({}) delivered but never arrived",
                        message.text
                    );
                }
            }
            [Delivery::StoredOffline] => {
                figures.stored_offline += 1;
                assert_eq!(
                    logged_by_sender,
                    [Some("stored offline")],
                    "{}",
                    message.text
                );
                if arrived == 0 {
                    figures.lost += 1;
                    eprintln!(
                        "message {id} ({}) stored offline but never fetched",
                        message.text
                    );
                }
            }
            [Delivery::Failed(reason)] => {
                figures.failed += 1;
                assert!(
                    !reason.is_empty(),
                    "{}: failed without a reason",
                    message.text
                );
                let status = format!("failed: {reason}");
                assert_eq!(
                    logged_by_sender,
                    [Some(status.as_str())],
                    "{}",
                    message.text
                );
                if arrived > 0 {
                    // The acknowledgement was lost on the way back: the reason must
                    // not claim the message went nowhere.
                    figures.failed_but_arrived += 1;
                    assert!(
                        reason.contains("before confirming") || reason.contains("acknowledge"),
                        "{}: arrived, yet failed with {reason:?}",
                        message.text
                    );
                }
            }
            finals => panic!("{}: more than one final state: {finals:?}", message.text),
        }
    }
}

/// Every `Reconnecting` waited within the schedule: up to `min · 2^(attempt-1)`, capped
/// at `max`, and at least half of that.
fn check_backoff(side: &Side) -> usize {
    let mut reconnections = 0;
    for event in &side.watched.seen {
        if let Event::State(ConnectionState::Reconnecting { attempt, delay, .. }) = event {
            reconnections += 1;
            assert!(*attempt >= 1, "attempts count from 1");
            let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
            let ceiling = TIMING
                .backoff_min
                .saturating_mul(factor)
                .min(TIMING.backoff_max);
            assert!(
                *delay <= ceiling && *delay >= ceiling / 2 - Duration::from_millis(1),
                "{}: attempt {attempt} waited {delay:?}, ceiling {ceiling:?}",
                side.email
            );
        }
    }
    reconnections
}

async fn drain(sides: &mut [&mut Side], duration: Duration) {
    for side in sides.iter_mut() {
        side.watched.for_a_while(duration).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_survives_a_thousand_faults() {
    count_panics();
    let seed = std::env::var("FAULT_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(13);
    tokio::time::timeout(LIMIT, scenario(seed))
        .await
        .unwrap_or_else(|_| panic!("seed {seed}: the scenario took longer than {LIMIT:?}"));
}

async fn scenario(seed: u64) {
    let listeners = Listeners::bind().await;
    let options = ServerOptions {
        sb_advertised: Some(listeners.sb()),
        challenge_interval: None,
        ..ServerOptions::loopback()
    };
    let proxy_ns = listeners.ns();
    let server = server_with(options).await;
    let proxy = listeners.forward(
        server.ns,
        server.sb,
        FaultPlan {
            seed,
            budget: FAULTS,
            chance: 0.3,
            weights: [6, 30, 30, 24, 10],
            longest_stall: Duration::from_millis(1200),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let http = server.shared.http_base.clone();
    let mut alice = Side::spawn(proxy_ns, &http, ALICE, dir.path());
    let mut bob = Side::spawn(proxy_ns, &http, BOB, dir.path());

    // Chat both ways until the proxy has spent its faults; write only while online, so
    // that most messages have a chance.
    let mut number = 0usize;
    while !proxy.is_calm() {
        drain(&mut [&mut alice, &mut bob], Duration::from_millis(15)).await;
        number += 1;
        let (from, to) = if number.is_multiple_of(2) {
            (&alice, &bob)
        } else {
            (&bob, &alice)
        };
        if from.online() {
            from.send(to.email, format!("{} #{number} says hello", from.email));
        }
    }

    // No more faults: everything in flight settles.
    let settle_until = tokio::time::Instant::now() + Duration::from_secs(40);
    while (alice.unsettled() > 0 || bob.unsettled() > 0)
        && tokio::time::Instant::now() < settle_until
    {
        drain(&mut [&mut alice, &mut bob], Duration::from_millis(100)).await;
    }
    // What was stored offline is fetched once its receiver hears of it.
    let fetch_until = tokio::time::Instant::now() + Duration::from_secs(20);
    while (alice.waiting_offline(&bob) > 0 || bob.waiting_offline(&alice) > 0)
        && tokio::time::Instant::now() < fetch_until
    {
        drain(&mut [&mut alice, &mut bob], Duration::from_millis(100)).await;
    }

    // The sender settles at the server's ACK, which can come before the relayed line
    // has passed the proxy and been read: counting then would call it lost.
    let arrive_until = tokio::time::Instant::now() + Duration::from_secs(10);
    while (alice.on_the_way(&bob, &proxy) > 0
        || bob.on_the_way(&alice, &proxy) > 0
        || alice.logged_unheard(&bob) > 0
        || bob.logged_unheard(&alice) > 0)
        && tokio::time::Instant::now() < arrive_until
    {
        drain(&mut [&mut alice, &mut bob], Duration::from_millis(100)).await;
    }

    let mut figures = Figures::default();
    check(&alice, &bob, &proxy, &mut figures);
    check(&bob, &alice, &proxy, &mut figures);
    figures.reconnections = check_backoff(&alice) + check_backoff(&bob);
    let counts = proxy.counts();
    println!(
        "seed {seed}: faults injected {} (cuts {}, delays {}, fragments {}, merges {}, stalls {}) \
         over {} connections; messages {}, delivered {}, failed {} (of which arrived anyway {}), \
         stored offline {}, cut in transit after the server's ACK {}, duplicates {}, lost {}, unsettled {}, reconnections {}, panics {}",
        counts.total(),
        counts.of(Fault::Cut),
        counts.of(Fault::Delay),
        counts.of(Fault::Fragment),
        counts.of(Fault::Merge),
        counts.of(Fault::Stall),
        counts.connections(),
        figures.messages,
        figures.delivered,
        figures.failed,
        figures.failed_but_arrived,
        figures.stored_offline,
        figures.cut_in_transit,
        figures.duplicates,
        figures.lost,
        figures.unsettled,
        figures.reconnections,
        PANICS.load(Ordering::SeqCst),
    );
    assert_eq!(counts.total(), FAULTS, "seed {seed}");
    assert!(
        figures.messages >= 100,
        "seed {seed}: too few messages to tell"
    );
    assert!(figures.delivered > 0, "seed {seed}");
    assert_eq!(figures.unsettled, 0, "seed {seed}: messages never settled");
    assert_eq!(figures.lost, 0, "seed {seed}: delivered messages lost");
    assert_eq!(figures.duplicates, 0, "seed {seed}: messages arrived twice");
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "seed {seed}: a task panicked"
    );

    // Both sessions are still usable once the faults stop.
    for (from, to) in [(&mut alice, BOB), (&mut bob, ALICE)] {
        let text = format!("{} after the storm", from.email);
        from.send(to, text.clone());
        let until = tokio::time::Instant::now() + Duration::from_secs(20);
        while tokio::time::Instant::now() < until
            && !from
                .sent()
                .values()
                .any(|m| m.text == text && m.finals == [Delivery::Delivered])
        {
            from.watched.for_a_while(Duration::from_millis(100)).await;
        }
        assert!(
            from.sent()
                .values()
                .any(|m| m.text == text && m.finals == [Delivery::Delivered]),
            "seed {seed}: {} cannot chat after the faults",
            from.email
        );
    }
    for side in [&mut alice, &mut bob] {
        side.watched.handle.send(Request::SignOut).expect("running");
        side.watched.for_a_while(Duration::from_secs(2)).await;
    }
    drop(proxy);
    server.shutdown().await;
}
