//! Auto-away: after `ui.auto_away_minutes` without a key press the user is probably not
//! at the keyboard. This only keeps time; the bridge decides whether the status changes
//! (never over a status the user chose) and changes it back.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct AutoAway {
    after: Option<Duration>,
    last_key: Instant,
    /// The deadline passed and no key was pressed since.
    away: bool,
}

impl AutoAway {
    /// `after: None` switches it off.
    pub fn new(after: Option<Duration>, now: Instant) -> Self {
        AutoAway {
            after,
            last_key: now,
            away: false,
        }
    }

    /// When the user will count as away, unless a key comes first.
    pub fn deadline(&self) -> Option<Instant> {
        match self.after {
            Some(after) if !self.away => Some(self.last_key + after),
            _ => None,
        }
    }

    /// True once, when the deadline has passed.
    pub fn expire(&mut self, now: Instant) -> bool {
        let due = self.deadline().is_some_and(|deadline| deadline <= now);
        self.away |= due;
        due
    }

    /// A key was pressed; true if the user had counted as away.
    pub fn key_pressed(&mut self, now: Instant) -> bool {
        self.last_key = now;
        std::mem::take(&mut self.away)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn away_once_after_the_delay_and_back_at_the_next_key() {
        let start = Instant::now();
        let ten = Duration::from_secs(600);
        let mut auto = AutoAway::new(Some(ten), start);
        assert_eq!(auto.deadline(), Some(start + ten));
        assert!(!auto.expire(start + ten / 2));
        assert!(!auto.key_pressed(start + ten / 2));
        assert!(
            !auto.expire(start + ten),
            "the key pushed the deadline back"
        );
        assert!(auto.expire(start + ten + ten / 2));
        assert_eq!(auto.deadline(), None);
        assert!(!auto.expire(start + ten * 3), "only once");
        assert!(auto.key_pressed(start + ten * 3));
        assert!(!auto.key_pressed(start + ten * 3));
    }

    #[test]
    fn off_never_fires() {
        let start = Instant::now();
        let mut auto = AutoAway::new(None, start);
        assert_eq!(auto.deadline(), None);
        assert!(!auto.expire(start + Duration::from_secs(1 << 20)));
    }
}
