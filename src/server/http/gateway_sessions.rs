//! The gateway's sessions: each one bridges HTTP bodies to an NS or SB connection task,
//! the same task a TCP client gets, over an in-memory stream. Sessions expire when
//! their requests stop, and are swept periodically, as Escargot does it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};
use tokio::sync::{Notify, watch};
use tokio::time::{Instant, Interval, MissedTickBehavior, timeout_at};

use crate::server::sb::Registry;
use crate::server::{Shared, lock, ns, sb};

/// Bytes in flight between a session's HTTP side and its connection task.
const PIPE_CAPACITY: usize = 64 * 1024;
/// How long a request with a body waits for the connection's answer before the
/// response goes back; anything later goes with the next request.
const ANSWER_WAIT: Duration = Duration::from_millis(100);

/// Which server a session is bridged to (`Server=NS`, anything else an SB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Notification,
    Switchboard,
}

pub(super) struct Sessions {
    shared: Arc<Shared>,
    switchboards: Arc<Registry>,
    shutdown: watch::Receiver<bool>,
    open: Mutex<HashMap<String, Arc<Session>>>,
}

pub(super) struct Session {
    pub id: String,
    /// Echoed back as `GW-IP`: the `IP` the client asked for.
    pub gateway_ip: String,
    /// One request at a time reaches the connection.
    writer: tokio::sync::Mutex<WriteHalf<DuplexStream>>,
    received: Arc<Received>,
    /// The last request; `None` once the connection closed, so the next sweep takes
    /// the session unless a request re-arms it.
    last_request: Mutex<Option<Instant>>,
}

/// What the connection task wrote, waiting for a request to collect it.
#[derive(Default)]
struct Received {
    bytes: Mutex<BytesMut>,
    closed: AtomicBool,
    arrived: Notify,
}

impl Sessions {
    pub fn new(
        shared: Arc<Shared>,
        switchboards: Arc<Registry>,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Self {
            shared,
            switchboards,
            shutdown,
            open: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        lock(&self.open).get(id).cloned()
    }

    /// A new session with its connection task running.
    pub fn open(&self, target: Target, gateway_ip: String, peer: SocketAddr) -> Arc<Session> {
        let (client_end, server_end) = tokio::io::duplex(PIPE_CAPACITY);
        let shared = Arc::clone(&self.shared);
        let shutdown = self.shutdown.clone();
        match target {
            Target::Notification => {
                tokio::spawn(ns::serve_client(
                    Box::new(server_end),
                    peer,
                    shared,
                    ns::Liveness::Gateway,
                    shutdown,
                ));
            }
            Target::Switchboard => {
                let registry = Arc::clone(&self.switchboards);
                tokio::spawn(sb::serve_client(
                    Box::new(server_end),
                    peer,
                    shared,
                    registry,
                    shutdown,
                ));
            }
        }
        let (reader, writer) = tokio::io::split(client_end);
        let session = Arc::new(Session {
            id: uuid::Uuid::new_v4().to_string(),
            gateway_ip,
            writer: tokio::sync::Mutex::new(writer),
            received: Arc::new(Received::default()),
            last_request: Mutex::new(Some(Instant::now())),
        });
        tokio::spawn(collect(reader, Arc::clone(&session)));
        lock(&self.open).insert(session.id.clone(), Arc::clone(&session));
        session
    }

    /// Every `gateway_sweep`, closes the sessions idle for `gateway_expiry` or closed
    /// by their connection, until the server shuts down.
    pub async fn sweep(&self) {
        let options = &self.shared.options;
        let mut shutdown = self.shutdown.clone();
        let mut ticks = sweep_ticks(options.gateway_sweep);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = shutdown.wait_for(|stop| *stop) => return,
            }
            let now = Instant::now();
            let mut expired = Vec::new();
            lock(&self.open).retain(|_, session| {
                let alive = lock(&session.last_request)
                    .is_some_and(|last| now.duration_since(last) < options.gateway_expiry);
                if !alive {
                    expired.push(Arc::clone(session));
                }
                alive
            });
            for session in expired {
                session.close().await;
            }
        }
    }
}

impl Session {
    /// Feeds `body` to the connection and returns what it has written since the last
    /// request, waiting briefly for the answer to a body.
    pub async fn exchange(&self, body: Bytes) -> Bytes {
        *lock(&self.last_request) = Some(Instant::now());
        let mut writer = self.writer.lock().await;
        if !body.is_empty() && !self.received.closed.load(Ordering::Acquire) {
            let before = lock(&self.received.bytes).len();
            if writer.write_all(&body).await.is_ok() {
                self.await_answer(before).await;
            }
        }
        lock(&self.received.bytes).split().freeze()
    }

    /// Ends the connection task's input, as a TCP client's close would.
    async fn close(&self) {
        let _ = self.writer.lock().await.shutdown().await;
    }

    async fn await_answer(&self, before: usize) {
        let deadline = Instant::now() + ANSWER_WAIT;
        loop {
            if lock(&self.received.bytes).len() > before
                || self.received.closed.load(Ordering::Acquire)
            {
                // Lines written in the same turn (IRO ... ANS OK) go in one response.
                tokio::task::yield_now().await;
                return;
            }
            if timeout_at(deadline, self.received.arrived.notified())
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

/// Ticks every `period`, the first one a whole period after the start: an immediate
/// first tick would sweep at whatever moment the task first got to run, taking a
/// session that closed just before.
fn sweep_ticks(period: Duration) -> Interval {
    let mut ticks = tokio::time::interval_at(Instant::now() + period, period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    ticks
}

/// Moves what the connection writes into the session until it closes the stream.
async fn collect(mut reader: ReadHalf<DuplexStream>, session: Arc<Session>) {
    let mut chunk = vec![0; PIPE_CAPACITY];
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(count) => {
                lock(&session.received.bytes).extend_from_slice(&chunk[..count]);
                session.received.arrived.notify_one();
            }
        }
    }
    session.received.closed.store(true, Ordering::Release);
    session.received.arrived.notify_one();
    *lock(&session.last_request) = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_first_sweep_comes_a_whole_period_after_the_start() {
        let period = Duration::from_secs(3600);
        let start = Instant::now();
        let mut ticks = sweep_ticks(period);
        assert_eq!(ticks.tick().await, start + period);
        assert_eq!(ticks.tick().await, start + period * 2);
    }
}
