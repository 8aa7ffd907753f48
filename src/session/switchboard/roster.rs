//! Who is on a switchboard. From MSNP16 the server names each endpoint
//! (`bob@example.com;{guid}`) as well as the person: a person counts as arrived at the
//! first line naming them, and as gone at the plain `BYE` that follows the last
//! endpoint's. Our own endpoints are not participants. The endpoints named are kept,
//! since P2Pv2 addresses one of them (`bob@example.com;{guid}`), and so are each
//! person's capabilities, which say whether they speak P2Pv2 at all. So are the
//! endpoints of our own account (the other places it is signed in at), which share
//! what is addressed to the account.

use std::collections::{BTreeSet, HashMap};

use crate::protocol::command::{Iro, Joi};
use crate::protocol::types::{Address, Capabilities, UrlText};
use crate::session::chat::Participant;

/// Endpoints kept per person: a hostile server may name any number.
const MAX_ENDPOINTS: usize = 8;

pub(super) struct Roster {
    account: String,
    people: BTreeSet<String>,
    /// Each person's endpoints, in the order the server named them.
    endpoints: HashMap<String, Vec<String>>,
    /// Each person's capabilities, as last named.
    capabilities: HashMap<String, Capabilities>,
    /// Our own account's endpoints named on the switchboard (lower case).
    our_places: BTreeSet<String>,
}

/// A `JOI` or `IRO` line: who is there, under which name, with which capabilities.
#[derive(Debug, Clone)]
pub(super) struct Arrival {
    pub address: Address,
    pub name: UrlText,
    pub capabilities: Option<Capabilities>,
}

impl From<Joi> for Arrival {
    fn from(joi: Joi) -> Self {
        Self {
            address: joi.address,
            name: joi.name,
            capabilities: joi.capabilities,
        }
    }
}

impl From<Iro> for Arrival {
    fn from(iro: Iro) -> Self {
        Self {
            address: iro.address,
            name: iro.name,
            capabilities: iro.capabilities,
        }
    }
}

impl Roster {
    pub fn new(account: &str) -> Self {
        Self {
            account: account.to_ascii_lowercase(),
            people: BTreeSet::new(),
            endpoints: HashMap::new(),
            capabilities: HashMap::new(),
            our_places: BTreeSet::new(),
        }
    }

    /// Someone joined (`JOI`) or was there (`IRO`); the participant when new.
    pub fn arrive(&mut self, arrival: &Arrival) -> Option<Participant> {
        let Arrival {
            address,
            name,
            capabilities,
        } = arrival;
        let email = address.email.to_ascii_lowercase();
        if email == self.account {
            if let Some(guid) = address.endpoint()
                && self.our_places.len() < MAX_ENDPOINTS
            {
                self.our_places.insert(guid.to_ascii_lowercase());
            }
            return None;
        }
        if let Some(capabilities) = capabilities {
            self.capabilities.insert(email.clone(), *capabilities);
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
            Some(guid) if email == self.account => {
                self.our_places.remove(&guid.to_ascii_lowercase());
                None
            }
            Some(guid) => {
                if let Some(known) = self.endpoints.get_mut(&email) {
                    known.retain(|g| !g.eq_ignore_ascii_case(guid));
                }
                None
            }
            None => {
                self.endpoints.remove(&email);
                self.capabilities.remove(&email);
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

    /// True when `email` announced P2Pv2 on this switchboard; without that, P2Pv1 is
    /// what every client understands.
    pub fn speaks_p2pv2(&self, email: &str) -> bool {
        self.capabilities
            .get(&email.to_ascii_lowercase())
            .is_some_and(|capabilities| capabilities.speaks_p2pv2())
    }

    /// Whether this place, `ours`, is the one of our account's places here that answers
    /// what is addressed to the account as a whole: the one with the lowest GUID, so
    /// that each place decides alike without a word to the others.
    pub fn first_of_our_places(&self, ours: &str) -> bool {
        let ours = ours.to_ascii_lowercase();
        self.our_places.iter().all(|place| *place >= ours)
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

    fn line(address: &str, name: &UrlText) -> Arrival {
        Arrival {
            address: Address::parse_field(address).expect("an address"),
            name: name.clone(),
            capabilities: None,
        }
    }

    fn address(text: &str) -> Address {
        Address::parse_field(text).expect("an address")
    }

    #[test]
    fn endpoints_and_the_plain_line_make_one_person() {
        let mut roster = Roster::new("alice@example.com");
        let bob = UrlText::new("Bob");
        let joined = roster.arrive(&line("bob@example.com;{B0B0-1}", &bob));
        assert_eq!(joined.map(|p| p.email), Some("bob@example.com".into()));
        assert_eq!(roster.arrive(&line("bob@example.com", &bob)), None);
        assert_eq!(roster.arrive(&line("Bob@example.com;{b0b0-2}", &bob)), None);
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
    fn p2pv2_is_spoken_by_those_who_announce_it() {
        let mut roster = Roster::new("alice@example.com");
        let name = UrlText::new("Bob");
        let with = |address, caps| Arrival {
            capabilities: Capabilities::parse_field(caps),
            ..line(address, &name)
        };
        roster.arrive(&with("bob@example.com;{b}", "2789003324:48"));
        roster.arrive(&with("carol@example.com", "1073741824"));
        roster.arrive(&line("dave@example.com", &name));
        assert!(roster.speaks_p2pv2("Bob@example.com"));
        assert!(!roster.speaks_p2pv2("carol@example.com"));
        assert!(!roster.speaks_p2pv2("dave@example.com"));
        roster.leave(&address("bob@example.com"));
        assert!(!roster.speaks_p2pv2("bob@example.com"));
    }

    #[test]
    fn the_first_of_our_places_answers_for_the_account() {
        let mut roster = Roster::new("alice@example.com");
        let alice = UrlText::new("Alice");
        assert!(roster.first_of_our_places("{B}"), "alone here");
        roster.arrive(&line("alice@example.com;{c}", &alice));
        assert!(roster.first_of_our_places("{B}"));
        roster.arrive(&line("alice@example.com;{A}", &alice));
        roster.arrive(&line("alice@example.com;{b}", &alice));
        assert!(!roster.first_of_our_places("{B}"));
        assert!(roster.first_of_our_places("{a}"));
        roster.leave(&address("alice@example.com;{a}"));
        assert!(roster.first_of_our_places("{B}"));
    }

    #[test]
    fn our_own_endpoints_are_not_participants() {
        let mut roster = Roster::new("Alice@example.com");
        let alice = UrlText::new("Alice");
        assert_eq!(roster.arrive(&line("alice@example.com;{a}", &alice)), None);
        assert_eq!(roster.arrive(&line("alice@example.com", &alice)), None);
        assert!(roster.is_empty());
    }
}
