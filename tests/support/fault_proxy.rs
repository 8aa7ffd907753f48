//! A TCP proxy between msntui and the bundled server that injects faults: it cuts
//! connections at any byte (mid-line, mid-payload), delays, splits one write into many
//! reads, merges writes into one read, and stalls. Decisions come from a seeded RNG per
//! connection, so a seed replays the same faults on the same traffic; injecting stops
//! after a fixed number of faults, or at `calm`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// What the proxy may do to one chunk of bytes on its way through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward part of the chunk, then close both directions.
    Cut,
    /// Forward the chunk late.
    Delay,
    /// Forward the chunk in several small writes, so the peer reads it in pieces.
    Fragment,
    /// Wait for the next chunk and forward both in one write.
    Merge,
    /// Forward nothing for a long while (shorter than the client's reply timeout).
    Stall,
}

const KINDS: [Fault; 5] = [
    Fault::Cut,
    Fault::Delay,
    Fault::Fragment,
    Fault::Merge,
    Fault::Stall,
];

/// How many faults, how often, and from which seed.
#[derive(Debug, Clone)]
pub struct FaultPlan {
    pub seed: u64,
    /// Injecting stops after this many faults.
    pub budget: usize,
    /// The chance that a chunk gets a fault.
    pub chance: f64,
    /// Relative weights of the kinds, in the order of [`KINDS`].
    pub weights: [u32; 5],
    pub longest_stall: Duration,
}

/// Counts of the faults injected so far, by kind.
#[derive(Debug, Default)]
pub struct FaultCounts {
    injected: AtomicUsize,
    by_kind: [AtomicUsize; 5],
    connections: AtomicUsize,
}

impl FaultCounts {
    pub fn total(&self) -> usize {
        self.injected.load(Ordering::SeqCst)
    }

    pub fn of(&self, fault: Fault) -> usize {
        let index = KINDS.iter().position(|kind| *kind == fault).unwrap_or(0);
        self.by_kind[index].load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

struct Shared {
    plan: FaultPlan,
    /// Bytes the server sent to clients that cuts destroyed.
    lost_in_cuts: Mutex<Vec<Vec<u8>>>,

    counts: FaultCounts,
    calm: AtomicBool,
}

impl Shared {
    /// Takes one fault from the budget, unless it is spent or the proxy was calmed.
    fn draw(&self, rng: &mut StdRng) -> Option<Fault> {
        if self.calm.load(Ordering::SeqCst) || !rng.random_bool(self.plan.chance) {
            return None;
        }
        let total: u32 = self.plan.weights.iter().sum();
        let mut pick = rng.random_range(0..total.max(1));
        let index = self
            .plan
            .weights
            .iter()
            .position(|weight| {
                if pick < *weight {
                    return true;
                }
                pick -= weight;
                false
            })
            .unwrap_or(0);
        if self.counts.injected.fetch_add(1, Ordering::SeqCst) >= self.plan.budget {
            self.counts.injected.fetch_sub(1, Ordering::SeqCst);
            self.calm.store(true, Ordering::SeqCst);
            return None;
        }
        self.counts.by_kind[index].fetch_add(1, Ordering::SeqCst);
        Some(KINDS[index])
    }
}

/// The proxy's listening sockets, bound before the server starts so that the server can
/// advertise the switchboard one.
pub struct Listeners {
    ns: TcpListener,
    sb: TcpListener,
}

impl Listeners {
    pub async fn bind() -> Self {
        Self {
            ns: TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind NS proxy"),
            sb: TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind SB proxy"),
        }
    }

    pub fn ns(&self) -> SocketAddr {
        self.ns.local_addr().expect("NS proxy address")
    }

    pub fn sb(&self) -> SocketAddr {
        self.sb.local_addr().expect("SB proxy address")
    }

    /// Starts forwarding to the server's NS and SB listeners.
    pub fn forward(self, ns: SocketAddr, sb: SocketAddr, plan: FaultPlan) -> FaultProxy {
        let shared = Arc::new(Shared {
            plan,
            lost_in_cuts: Mutex::new(Vec::new()),

            counts: FaultCounts::default(),
            calm: AtomicBool::new(false),
        });
        let stop = CancellationToken::new();
        for (listener, upstream, stream_id) in [(self.ns, ns, 0u64), (self.sb, sb, 1)] {
            tokio::spawn(accept(
                listener,
                upstream,
                stream_id,
                Arc::clone(&shared),
                stop.clone(),
            ));
        }
        FaultProxy { shared, stop }
    }
}

/// A running proxy; dropping it closes every connection through it.
pub struct FaultProxy {
    shared: Arc<Shared>,
    stop: CancellationToken,
}

impl FaultProxy {
    pub fn counts(&self) -> &FaultCounts {
        &self.shared.counts
    }

    /// True once the budget is spent (or `calm` was called).
    pub fn is_calm(&self) -> bool {
        self.shared.calm.load(Ordering::SeqCst)
    }

    /// Whether `text` was in bytes from the server that a cut destroyed before they
    /// reached the client.
    pub fn lost_in_a_cut(&self, text: &str) -> bool {
        let lost = self.shared.lost_in_cuts.lock().expect("lost bytes");
        lost.iter().any(|bytes| {
            bytes
                .windows(text.len().max(1))
                .any(|window| window == text.as_bytes())
        })
    }

    /// Stops injecting; connections carry on untouched.
    pub fn calm(&self) {
        self.shared.calm.store(true, Ordering::SeqCst);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

async fn accept(
    listener: TcpListener,
    upstream: SocketAddr,
    stream_id: u64,
    shared: Arc<Shared>,
    stop: CancellationToken,
) {
    let mut number = 0u64;
    loop {
        let client = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok((client, _)) => client,
                Err(_) => return,
            },
        };
        number += 1;
        shared.counts.connections.fetch_add(1, Ordering::SeqCst);
        // One RNG per connection and direction: the same seed gives every connection the
        // same decisions whatever the interleaving of tasks.
        let seed = shared.plan.seed ^ (stream_id << 63) ^ number.wrapping_mul(0x9E37_79B9);
        tokio::spawn(relay(
            client,
            upstream,
            seed,
            Arc::clone(&shared),
            stop.child_token(),
        ));
    }
}

async fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    seed: u64,
    shared: Arc<Shared>,
    cut: CancellationToken,
) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let up = Pump {
        from: client_read,
        to: server_write,
        rng: StdRng::seed_from_u64(seed),
        shared: Arc::clone(&shared),
        cut: cut.clone(),
        downstream: false,
        recent: Vec::new(),
    };
    let down = Pump {
        from: server_read,
        to: client_write,
        rng: StdRng::seed_from_u64(seed.rotate_left(17) ^ 1),
        shared,
        cut,
        downstream: true,
        recent: Vec::new(),
    };
    tokio::join!(up.run(), down.run());
}

/// One direction of one connection.
struct Pump {
    from: OwnedReadHalf,
    to: OwnedWriteHalf,
    rng: StdRng,
    shared: Arc<Shared>,
    cut: CancellationToken,
    /// Server to client: what a cut destroys is recorded.
    downstream: bool,
    /// The last bytes forwarded: a frame cut short is lost whole, its forwarded start
    /// included.
    recent: Vec<u8>,
}

/// Longer than any frame in the scenarios.
const RECENT: usize = 2048;

impl Pump {
    /// Copies until the connection ends or either direction is cut.
    async fn run(mut self) {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let read = tokio::select! {
                _ = self.cut.cancelled() => return self.drop_the_rest(&[]).await,
                read = self.from.read(&mut buf) => read,
            };
            let mut chunk = match read {
                Ok(0) | Err(_) => {
                    let _ = self.to.shutdown().await;
                    return;
                }
                Ok(n) => buf[..n].to_vec(),
            };
            let fault = self.shared.draw(&mut self.rng);
            let pause = match fault {
                Some(Fault::Delay) => self.rng.random_range(5..80),
                Some(Fault::Stall) => {
                    let longest = self.shared.plan.longest_stall.as_millis().max(2) as u64;
                    self.rng.random_range(longest / 2..longest)
                }
                Some(Fault::Merge) => {
                    let more =
                        tokio::time::timeout(Duration::from_millis(30), self.from.read(&mut buf));
                    if let Ok(Ok(n)) = more.await {
                        chunk.extend_from_slice(&buf[..n]);
                    }
                    0
                }
                _ => 0,
            };
            if pause > 0 {
                tokio::select! {
                    _ = self.cut.cancelled() => return self.drop_the_rest(&chunk).await,
                    () = tokio::time::sleep(Duration::from_millis(pause)) => {}
                }
            }
            let forwarded = match fault {
                Some(Fault::Cut) => {
                    let at = self.rng.random_range(0..chunk.len());
                    let _ = self.to.write_all(&chunk[..at]).await;
                    self.remember(&chunk[..at]);
                    self.cut.cancel();
                    return self.drop_the_rest(&chunk[at..]).await;
                }
                Some(Fault::Fragment) => fragment(&mut self.to, &chunk, &mut self.rng).await,
                _ => self.to.write_all(&chunk).await.is_ok(),
            };
            self.remember(&chunk);
            if !forwarded {
                self.cut.cancel();
                return self.drop_the_rest(&chunk).await;
            }
        }
    }

    fn remember(&mut self, forwarded: &[u8]) {
        if self.downstream {
            self.recent.extend_from_slice(forwarded);
            let excess = self.recent.len().saturating_sub(RECENT);
            self.recent.drain(..excess);
        }
    }

    /// After a cut: this direction's destination is closed for writing and its source
    /// read to the end; from the server, whatever did not reach the client (with the
    /// frame the cut split) is recorded as lost on the way.
    async fn drop_the_rest(self, unforwarded: &[u8]) {
        let Pump {
            mut from,
            to,
            shared,
            downstream,
            recent,
            ..
        } = self;
        drop(to);
        // Both sides are read to their end before the sockets go: closing one with
        // unread bytes would reset it, and a reset throws away what its peer has
        // received but not yet read, which no cut on a real link does to bytes already
        // delivered.
        let mut rest = Vec::new();
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(500), from.read(&mut buf)).await
        {
            if n == 0 {
                break;
            }
            rest.extend_from_slice(&buf[..n]);
        }
        if !downstream {
            return;
        }
        let mut lost = recent;
        lost.extend_from_slice(unforwarded);
        lost.extend_from_slice(&rest);
        shared.lost_in_cuts.lock().expect("lost bytes").push(lost);
    }
}

/// Writes `chunk` in up to eight pieces, with pauses so that each is read on its own.
async fn fragment(to: &mut OwnedWriteHalf, chunk: &[u8], rng: &mut StdRng) -> bool {
    let mut rest = chunk;
    let mut pieces = rng.random_range(2..=8);
    while !rest.is_empty() {
        let size = if pieces <= 1 {
            rest.len()
        } else {
            rng.random_range(1..=rest.len().div_ceil(2).max(1))
        };
        let (piece, after) = rest.split_at(size.min(rest.len()));
        if to.write_all(piece).await.is_err() || to.flush().await.is_err() {
            return false;
        }
        rest = after;
        pieces -= 1;
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    true
}
