//! When to try again after losing the connection: exponential backoff with jitter.

use std::time::Duration;

/// Delays that double from `min` up to `max`, each drawn from its upper half at random
/// so that many clients losing one server do not all come back at the same moment.
/// Only a connection that stayed up for `healthy_after` brings the delay back to `min`:
/// a sign-in that fails again right away (a broken service behind a working NS) must
/// not reconnect once a second forever.
#[derive(Debug, Clone)]
pub struct Backoff {
    min: Duration,
    max: Duration,
    healthy_after: Duration,
    attempt: u32,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration, healthy_after: Duration) -> Self {
        Self {
            min,
            max: max.max(min),
            healthy_after,
            attempt: 0,
        }
    }

    /// Attempts made since the last healthy connection.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The delay before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 2u32.saturating_pow(self.attempt.min(16));
        let ceiling = self.min.saturating_mul(factor).min(self.max);
        self.attempt = self.attempt.saturating_add(1);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        let low = ceiling_ms / 2;
        Duration::from_millis(rand::random_range(low..=ceiling_ms.max(low)))
    }

    /// A signed-in connection ended after `lasted`: back to the shortest delay only if
    /// it was up long enough to count as healthy.
    pub fn connection_lasted(&mut self, lasted: Duration) {
        if lasted >= self.healthy_after {
            self.attempt = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEALTHY: Duration = Duration::from_secs(60);

    #[test]
    fn delays_double_up_to_the_cap_with_jitter() {
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60), HEALTHY);
        let delays: Vec<Duration> = (0..10).map(|_| backoff.next_delay()).collect();
        assert!(delays[0] >= Duration::from_millis(500) && delays[0] <= Duration::from_secs(1));
        assert!(delays[3] >= Duration::from_secs(4) && delays[3] <= Duration::from_secs(8));
        for delay in &delays[6..] {
            assert!(*delay >= Duration::from_secs(30) && *delay <= Duration::from_secs(60));
        }
        assert_eq!(backoff.attempt(), 10);
        backoff.connection_lasted(HEALTHY);
        assert!(backoff.next_delay() <= Duration::from_secs(1));
    }

    #[test]
    fn a_connection_that_drops_soon_after_sign_in_keeps_the_delay_growing() {
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60), HEALTHY);
        for _ in 0..4 {
            backoff.next_delay();
            backoff.connection_lasted(Duration::from_secs(2));
        }
        assert_eq!(backoff.attempt(), 4);
        assert!(backoff.next_delay() >= Duration::from_secs(8));
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let mut distinct = std::collections::HashSet::new();
        for _ in 0..20 {
            let mut backoff =
                Backoff::new(Duration::from_secs(1), Duration::from_secs(60), HEALTHY);
            distinct.insert(backoff.next_delay());
        }
        assert!(distinct.len() > 1);
    }
}
