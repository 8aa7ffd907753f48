//! Calls into a switchboard (`CAL`): each waits for `RINGING` or an error, then for the
//! `JOI`. A session where every call failed or went unanswered before anyone came is
//! useless; the conversation layer is told why, once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use tokio::time::Instant;

use crate::protocol::types::{ErrorCode, Trid};

pub(super) struct Calls {
    join_timeout: Duration,
    /// Sent, awaiting `RINGING` or an error until the deadline.
    asked: HashMap<Trid, Asked>,
    /// Rung, awaiting `JOI` until the deadline.
    ringing: BTreeMap<String, Instant>,
    came: BTreeSet<String>,
    /// Why the last call failed.
    failure: Option<String>,
    told: bool,
}

struct Asked {
    email: String,
    deadline: Instant,
}

/// The reason a call failed, for people.
fn refused(email: &str, code: ErrorCode) -> String {
    format!("cannot reach {email}: {code}")
}

impl Calls {
    pub fn new(join_timeout: Duration) -> Self {
        Self {
            join_timeout,
            asked: HashMap::new(),
            ringing: BTreeMap::new(),
            came: BTreeSet::new(),
            failure: None,
            told: false,
        }
    }

    pub fn asked(&mut self, trid: Trid, email: &str) {
        let asked = Asked {
            email: email.to_ascii_lowercase(),
            deadline: Instant::now() + self.join_timeout,
        };
        self.asked.insert(trid, asked);
    }

    /// `CAL TrID RINGING`: the invitation went out; the `JOI` is due.
    pub fn ringing(&mut self, trid: Trid) {
        if let Some(Asked { email, .. }) = self.asked.remove(&trid)
            && !self.came.contains(&email)
        {
            self.ringing
                .insert(email, Instant::now() + self.join_timeout);
        }
    }

    /// An error answering a `CAL`: why the call failed, when it was one.
    pub fn refused(&mut self, trid: Trid, code: ErrorCode) -> Option<String> {
        let email = self.asked.remove(&trid)?.email;
        let reason = refused(&email, code);
        self.failure = Some(reason.clone());
        Some(reason)
    }

    pub fn joined(&mut self, email: &str) {
        self.ringing.remove(email);
        self.asked.retain(|_, asked| asked.email != email);
        self.came.insert(email.to_owned());
    }

    /// Why the calls whose answer or `JOI` is overdue failed.
    pub fn expire(&mut self, now: Instant) -> Vec<String> {
        let unanswered: Vec<Trid> = self
            .asked
            .iter()
            .filter(|(_, asked)| asked.deadline <= now)
            .map(|(trid, _)| *trid)
            .collect();
        let mut reasons = Vec::new();
        for trid in unanswered {
            if let Some(asked) = self.asked.remove(&trid) {
                let reason = format!("the switchboard did not answer the call to {}", asked.email);
                self.failure = Some(reason.clone());
                reasons.push(reason);
            }
        }
        let overdue: Vec<String> = self
            .ringing
            .iter()
            .filter(|(_, deadline)| **deadline <= now)
            .map(|(email, _)| email.clone())
            .collect();
        for email in overdue {
            self.ringing.remove(&email);
            let reason = format!("{email} did not answer");
            self.failure = Some(reason.clone());
            reasons.push(reason);
        }
        reasons
    }

    pub fn deadline(&self) -> Option<Instant> {
        let asked = self.asked.values().map(|asked| asked.deadline);
        self.ringing.values().copied().chain(asked).min()
    }

    /// Why nobody came, once every call has ended that way; only reported once.
    pub fn nobody_came(&mut self) -> Option<String> {
        if self.told || !self.came.is_empty() || !self.asked.is_empty() {
            return None;
        }
        if !self.ringing.is_empty() {
            return None;
        }
        let reason = self.failure.clone()?;
        self.told = true;
        Some(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_came_once_every_call_failed() {
        let mut calls = Calls::new(Duration::from_secs(5));
        calls.asked(Trid(2), "carol@example.com");
        calls.asked(Trid(3), "bob@example.com");
        let reason = calls.refused(Trid(2), ErrorCode(217)).expect("a call");
        assert_eq!(
            reason,
            "cannot reach carol@example.com: 217 (Contact is not online)"
        );
        assert_eq!(calls.nobody_came(), None, "bob's call is still out");
        calls.ringing(Trid(3));
        assert!(calls.deadline().is_some());
        let later = Instant::now() + Duration::from_secs(6);
        assert_eq!(calls.expire(later), ["bob@example.com did not answer"]);
        assert_eq!(
            calls.nobody_came().as_deref(),
            Some("bob@example.com did not answer")
        );
        assert_eq!(calls.nobody_came(), None, "told once");
    }

    #[test]
    fn a_call_never_answered_expires() {
        let mut calls = Calls::new(Duration::from_secs(5));
        calls.asked(Trid(2), "bob@example.com");
        assert!(calls.deadline().is_some());
        let later = Instant::now() + Duration::from_secs(6);
        let reason = "the switchboard did not answer the call to bob@example.com";
        assert_eq!(calls.expire(later), [reason]);
        assert_eq!(calls.nobody_came().as_deref(), Some(reason));
        assert_eq!(calls.deadline(), None);
    }

    #[test]
    fn someone_coming_settles_it() {
        let mut calls = Calls::new(Duration::from_secs(5));
        calls.asked(Trid(2), "echo@msntui.local");
        calls.joined("echo@msntui.local");
        calls.ringing(Trid(2));
        assert_eq!(calls.deadline(), None, "a JOI before RINGING counts");
        calls.asked(Trid(3), "carol@example.com");
        calls.refused(Trid(3), ErrorCode(217));
        assert_eq!(calls.nobody_came(), None);
        assert_eq!(calls.refused(Trid(9), ErrorCode(217)), None);
    }
}
