//! PNG/QNG: ping at the interval the server asks for, and notice when it stops answering.

use std::time::Duration;

use tokio::time::Instant;

use super::connection::Connection;
use crate::protocol::ClientCommand;
use crate::protocol::command::Png;
use crate::session::error::SessionError;

/// The shortest interval a `QNG` may ask for.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// A deadline that never comes, for a connection that needs no pings.
const NEVER: Duration = Duration::from_secs(86_400 * 365);

#[derive(Debug)]
pub(crate) struct Keepalive {
    interval: Duration,
    timeout: Duration,
    next_ping: Instant,
    /// When the unanswered PNG was sent.
    awaiting: Option<Instant>,
}

impl Keepalive {
    pub fn new(interval: Duration, timeout: Duration) -> Self {
        Self {
            interval,
            timeout,
            next_ping: Instant::now() + interval,
            awaiting: None,
        }
    }

    /// For a connection over the HTTP gateway: never pings. Its polls keep it alive and
    /// a failed one reports a dead server, so an idle session sends nothing else.
    pub fn polled() -> Self {
        Self::new(NEVER, NEVER)
    }

    /// When something has to happen: the next PNG, or giving up on the last one.
    pub fn deadline(&self) -> Instant {
        match self.awaiting {
            Some(sent) => sent + self.timeout,
            None => self.next_ping,
        }
    }

    /// Called at [`Keepalive::deadline`]: pings, or reports the silence.
    pub async fn fire(&mut self, conn: &mut Connection) -> Result<(), SessionError> {
        if self.awaiting.is_some() {
            return Err(SessionError::Silent {
                server: conn.server().to_owned(),
            });
        }
        self.awaiting = Some(Instant::now());
        conn.send(ClientCommand::Png(Png)).await
    }

    /// `QNG [seconds]`: the server is alive; the next PNG is due after `seconds`.
    pub fn answered(&mut self, next_ping_secs: Option<u32>) {
        if let Some(seconds) = next_ping_secs {
            self.interval = Duration::from_secs(seconds.into()).max(MIN_INTERVAL);
        }
        self.awaiting = None;
        self.next_ping = Instant::now() + self.interval;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due_in(keepalive: &Keepalive) -> Duration {
        keepalive
            .deadline()
            .saturating_duration_since(Instant::now())
    }

    fn about(actual: Duration, expected: Duration) -> bool {
        actual <= expected && expected - actual < Duration::from_millis(500)
    }

    #[tokio::test]
    async fn qng_sets_the_interval() {
        let mut keepalive = Keepalive::new(Duration::from_secs(50), Duration::from_secs(20));
        assert!(about(due_in(&keepalive), Duration::from_secs(50)));
        keepalive.awaiting = Some(Instant::now());
        assert!(about(due_in(&keepalive), Duration::from_secs(20)));
        keepalive.answered(Some(60));
        assert!(about(due_in(&keepalive), Duration::from_secs(60)));
        keepalive.answered(Some(0));
        assert!(about(due_in(&keepalive), MIN_INTERVAL));
        keepalive.answered(None);
        assert!(about(due_in(&keepalive), MIN_INTERVAL));
    }
}
