//! Helpers for the session tests: a session pointed at a bundled server, and a way to
//! wait for its events.
#![allow(dead_code)] // each test binary uses a different subset

pub mod fake;
pub mod process;
pub mod recorder;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use msntui::protocol::message::Secret;
use msntui::protocol::types::Status;
use msntui::server::RunningServer;
use msntui::session::{ConnectionState, Event, Session, SessionConfig, SessionHandle, Timing};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::support::accounts::password_of;

pub const WAIT: Duration = Duration::from_secs(10);
/// The longest [`Watched::until`] waits for what it is asked for.
const UNTIL: Duration = Duration::from_secs(60);

/// Quick timings for loopback tests.
pub fn fast_timing() -> Timing {
    Timing {
        connect_timeout: Duration::from_secs(2),
        reply_timeout: Duration::from_secs(5),
        ping_interval: Duration::from_secs(50),
        backoff_min: Duration::from_millis(300),
        backoff_max: Duration::from_secs(2),
        chunk_timeout: Duration::from_secs(1),
        healthy_after: Duration::from_secs(60),
    }
}

/// A session of `email` at exactly `version`, services at `http_base`.
pub fn config_for(
    ns: SocketAddr,
    http_base: &str,
    version: u8,
    email: &str,
    password: &str,
    data_dir: &Path,
) -> SessionConfig {
    let mut config = msntui::interactive::bundled_server_session(
        ns,
        http_base,
        email,
        Secret::new(password),
        data_dir.to_owned(),
    );
    config.protocols = vec![version];
    config.timing = fast_timing();
    config
}

pub fn config(server: &RunningServer, version: u8, email: &str, data_dir: &Path) -> SessionConfig {
    config_for(
        server.ns,
        &server.shared.http_base,
        version,
        email,
        password_of(email),
        data_dir,
    )
}

/// A running session and everything it has said so far.
pub struct Watched {
    pub handle: SessionHandle,
    events: UnboundedReceiver<Event>,
    pub seen: Vec<Event>,
}

impl Watched {
    pub fn spawn(config: SessionConfig) -> Self {
        let (handle, events) = Session::spawn(config);
        Self {
            handle,
            events,
            seen: Vec::new(),
        }
    }

    /// The next event, `None` once the session is over.
    pub async fn next(&mut self) -> Option<Event> {
        let event = tokio::time::timeout(WAIT, self.events.recv())
            .await
            .unwrap_or_else(|_| panic!("no event within {WAIT:?}; so far: {:#?}", self.shown()))?;
        self.seen.push(event.clone());
        Some(event)
    }

    /// Collects events for `duration`.
    pub async fn for_a_while(&mut self, duration: Duration) {
        let until = tokio::time::Instant::now() + duration;
        while let Ok(Some(event)) = tokio::time::timeout_at(until, self.events.recv()).await {
            self.seen.push(event);
        }
    }

    /// How many raw lines sent (or received) start with `prefix`.
    pub fn raw_count(&self, direction: msntui::session::Direction, prefix: &str) -> usize {
        self.seen
            .iter()
            .filter(|e| {
                matches!(e, Event::Raw(raw) if raw.direction == direction && raw.line.starts_with(prefix))
            })
            .count()
    }

    /// Reads until `wanted` matches, for at most [`UNTIL`] in all: a session that keeps
    /// reconnecting never pauses long enough for [`Self::next`]'s limit.
    pub async fn until(&mut self, what: &str, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = tokio::time::Instant::now() + UNTIL;
        loop {
            let Ok(next) = tokio::time::timeout_at(deadline, self.next()).await else {
                panic!("{what}: not seen within {UNTIL:?}: {:#?}", self.shown());
            };
            match next {
                Some(event) if wanted(&event) => return event,
                Some(_) => {}
                None => panic!(
                    "session ended while waiting for {what}: {:#?}",
                    self.shown()
                ),
            }
        }
    }

    /// The events seen so far, protocol lines left out.
    fn shown(&self) -> Vec<&Event> {
        self.seen
            .iter()
            .filter(|e| !matches!(e, Event::Raw(_)))
            .collect()
    }

    /// Reads to the end; returns the reason given in `Disconnected`.
    pub async fn run_out(&mut self) -> ConnectionState {
        let mut last = None;
        while let Some(event) = self.next().await {
            if let Event::State(state @ ConnectionState::Disconnected(_)) = event {
                last = Some(state);
            }
        }
        last.expect("the session ended with Disconnected")
    }

    pub async fn signed_in(&mut self) -> u8 {
        match self
            .until("sign-in", |e| matches!(e, Event::SignedIn { .. }))
            .await
        {
            Event::SignedIn { version, .. } => version,
            _ => unreachable!(),
        }
    }

    /// Everything seen so far, as text, for secret searches.
    pub fn transcript(&self) -> String {
        format!("{:?}", self.seen)
    }
}

pub fn is_presence(event: &Event, email: &str, status: Status) -> bool {
    matches!(event, Event::Presence(p) if p.email == email && p.status == status)
}

/// Puts `config` on the bundled server's HTTP gateway, polling every 50 ms.
pub fn via_gateway(config: &mut SessionConfig, http_base: &str) {
    config.network.transport = msntui::session::TransportMode::Gateway;
    config.network.gateway_url = format!("{http_base}/gateway/gateway.dll");
    config.network.poll_interval = Duration::from_millis(50);
}
