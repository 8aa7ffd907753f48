//! Who is on a switchboard. From MSNP16 the server names each endpoint
//! (`bob@example.com;{guid}`) as well as the person: a person counts as arrived at the
//! first line naming them, and as gone at the plain `BYE` that follows the last
//! endpoint's. Our own endpoints are not participants. The endpoints named are kept,
//! since P2Pv2 addresses one of them (`bob@example.com;{guid}`).

use std::collections::{BTreeSet, HashMap};

use crate::protocol::types::{Address, UrlText};
use crate::session::chat::Participant;

/// Endpoints kept per person: a hostile server may name any number.
const MAX_ENDPOINTS: usize = 8;

pub(super) struct Roster {
    account: String,
    people: BTreeSet<String>,
    /// Each person's endpoints, in the order the server named them.
    endpoints: HashMap<String, Vec<String>>,
}

impl Roster {
    pub fn new(account: &str) -> Self {
        Self {
            account: account.to_ascii_lowercase(),
            people: BTreeSet::new(),
            endpoints: HashMap::new(),
        }
    }

    /// Someone joined (`JOI`) or was there (`IRO`); the participant when new.
    pub fn arrive(&mut self, address: &Address, name: &UrlText) -> Option<Participant> {
        let email = address.email.to_ascii_lowercase();
        if email == self.account {
            return None;
        }
        if let Some(guid) = address.endpoint() {
            let known = self.endpoints.entry(email.clone()).or_default();
            if known.len() < MAX_ENDPOINTS && !known.iter().any(|g| g.eq_ignore_ascii_case(guid)) {
                known.push(guid.to_owned());
            }
        }
        if !self.people.insert(email.clone()) {
            return None;
        }
        Some(Participant {
            email,
            name: name.0.to_string(),
        })
    }

    /// A `BYE`; the e-mail when the person (not just one endpoint) has gone.
    pub fn leave(&mut self, address: &Address) -> Option<String> {
        let email = address.email.to_ascii_lowercase();
        match address.endpoint() {
            Some(guid) => {
                if let Some(known) = self.endpoints.get_mut(&email) {
                    known.retain(|g| !g.eq_ignore_ascii_case(guid));
                }
                None
            }
            None => {
                self.endpoints.remove(&email);
                self.people.remove(&email).then_some(email)
            }
        }
    }

    /// The endpoint of `email` that P2Pv2 packets go to: the first one named and still
    /// there.
    pub fn endpoint(&self, email: &str) -> Option<&str> {
        self.endpoints
            .get(&email.to_ascii_lowercase())
            .and_then(|known| known.first())
            .map(String::as_str)
    }

    pub fn contains(&self, email: &str) -> bool {
        self.people.contains(&email.to_ascii_lowercase())
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::field::Field;

    fn address(text: &str) -> Address {
        Address::parse_field(text).expect("an address")
    }

    #[test]
    fn endpoints_and_the_plain_line_make_one_person() {
        let mut roster = Roster::new("alice@example.com");
        let bob = UrlText::new("Bob");
        let joined = roster.arrive(&address("bob@example.com;{B0B0-1}"), &bob);
        assert_eq!(joined.map(|p| p.email), Some("bob@example.com".into()));
        assert_eq!(roster.arrive(&address("bob@example.com"), &bob), None);
        assert_eq!(
            roster.arrive(&address("Bob@example.com;{b0b0-2}"), &bob),
            None
        );
        assert_eq!(roster.endpoint("BOB@example.com"), Some("{B0B0-1}"));
        assert_eq!(roster.leave(&address("bob@example.com;{b0b0-1}")), None);
        assert!(roster.contains("bob@example.com"));
        assert_eq!(roster.endpoint("bob@example.com"), Some("{b0b0-2}"));
        assert_eq!(
            roster.leave(&address("bob@example.com")),
            Some("bob@example.com".into())
        );
        assert!(roster.is_empty());
        assert_eq!(roster.endpoint("bob@example.com"), None);
        assert_eq!(roster.leave(&address("bob@example.com")), None);
    }

    #[test]
    fn our_own_endpoints_are_not_participants() {
        let mut roster = Roster::new("Alice@example.com");
        let alice = UrlText::new("Alice");
        assert_eq!(
            roster.arrive(&address("alice@example.com;{a}"), &alice),
            None
        );
        assert_eq!(roster.arrive(&address("alice@example.com"), &alice), None);
        assert!(roster.is_empty());
    }
}
