//! Progress of a transfer: rate and time left, reported at most a few times a second.

use std::time::Duration;

use tokio::time::Instant;

use super::Progress;

/// The shortest time between two progress reports.
const EVERY: Duration = Duration::from_millis(250);

pub(crate) struct Meter {
    started: Instant,
    last: Option<Instant>,
}

impl Meter {
    pub fn start(now: Instant) -> Self {
        Self {
            started: now,
            last: None,
        }
    }

    /// The progress to report at `now`, unless one was reported too recently.
    pub fn tick(&mut self, now: Instant, transferred: u64, size: u64) -> Option<Progress> {
        if self.last.is_some_and(|last| now < last + EVERY) {
            return None;
        }
        self.last = Some(now);
        Some(progress(now - self.started, transferred, size))
    }
}

fn progress(elapsed: Duration, transferred: u64, size: u64) -> Progress {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        transferred as f64 / seconds
    } else {
        0.0
    };
    let left = (rate > 0.0)
        .then(|| Duration::from_secs_f64(size.saturating_sub(transferred) as f64 / rate));
    Progress {
        transferred,
        rate: rate as u64,
        left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_spaced_and_estimate_the_rest() {
        let start = Instant::now();
        let mut meter = Meter::start(start);
        assert!(meter.tick(start, 0, 100).is_some());
        assert!(
            meter
                .tick(start + Duration::from_millis(100), 10, 100)
                .is_none()
        );
        let later = meter.tick(start + Duration::from_secs(2), 50, 100).unwrap();
        assert_eq!(later.rate, 25);
        assert_eq!(later.left, Some(Duration::from_secs(2)));
        assert_eq!(progress(Duration::ZERO, 0, 100).left, None);
    }
}
