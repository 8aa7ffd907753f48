//! The version-dependent lines of a switchboard: JOI, IRO, BYE, RNG, relayed MSG.
//!
//! Shapes as recorded from Escargot: MSNP2–11 name people by e-mail and friendly name,
//! MSNP12–15 add capabilities, MSNP16+ name every endpoint (`email;{guid}`) and then
//! the person once more without a suffix.

use bytes::Bytes;

use crate::protocol::ServerCommand;
use crate::protocol::command::{Bye, CalRinging, Iro, Joi, MsgFrom, Rng, ServerAddress};
use crate::protocol::types::{Address, Capabilities, Trid, UrlText};

/// First version whose JOI and IRO carry capabilities.
const CAPABILITIES_FROM: u8 = 12;
/// First version that sees one line per endpoint.
pub const ENDPOINTS_FROM: u8 = 16;
/// The host name RNG names after `U` (unused by clients; Escargot's value).
const RNG_HOST: &str = "messenger.hotmail.com";

/// How a switchboard participant appears to the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Lower case.
    pub email: String,
    pub name: String,
    /// `{guid}` in lower case, for clients that signed in with one (MSNP16+).
    pub endpoint: Option<String>,
    pub capabilities: Capabilities,
}

impl Participant {
    fn plain_address(&self) -> Address {
        Address::email(self.email.clone())
    }

    fn endpoint_address(&self) -> Option<Address> {
        self.endpoint
            .as_ref()
            .map(|endpoint| self.plain_address().with_endpoint(endpoint.clone()))
    }
}

/// An endpoint GUID as switchboards print it: lower case, in braces.
pub fn endpoint_key(guid: &str) -> String {
    let bare = guid.trim_start_matches('{').trim_end_matches('}');
    format!("{{{}}}", bare.to_ascii_lowercase())
}

/// The capabilities field in the receiver's shape: none before MSNP12, one number up
/// to MSNP15, `caps:ext` from MSNP16.
fn capabilities_for(version: u8, capabilities: Capabilities) -> Option<Capabilities> {
    if version < CAPABILITIES_FROM {
        None
    } else if version < ENDPOINTS_FROM {
        Some(Capabilities {
            extended: None,
            ..capabilities
        })
    } else {
        Some(Capabilities {
            extended: Some(capabilities.extended.unwrap_or(0)),
            ..capabilities
        })
    }
}

fn joi(version: u8, address: Address, who: &Participant) -> ServerCommand {
    ServerCommand::Joi(Joi {
        address,
        name: UrlText::new(who.name.clone()),
        capabilities: capabilities_for(version, who.capabilities),
    })
}

/// What a receiver of `version` is told when `joiner` arrives. `to_joiner`: the
/// receiver is the joining connection itself; `first_endpoint`: nobody else of the
/// joiner's account was in the session.
pub fn joins(
    version: u8,
    joiner: &Participant,
    to_joiner: bool,
    first_endpoint: bool,
) -> Vec<ServerCommand> {
    if version < ENDPOINTS_FROM {
        return if to_joiner || !first_endpoint {
            Vec::new()
        } else {
            vec![joi(version, joiner.plain_address(), joiner)]
        };
    }
    let mut lines = Vec::new();
    if !to_joiner && let Some(address) = joiner.endpoint_address() {
        lines.push(joi(version, address, joiner));
    }
    // Recorded: the plain JOI reaches the joiner too.
    if first_endpoint {
        lines.push(joi(version, joiner.plain_address(), joiner));
    }
    lines
}

/// The `IRO` lines that tell `joiner` (a client of `version`) who is already there;
/// `present` is everyone else in joining order.
pub fn roster(
    trid: Trid,
    version: u8,
    joiner: &Participant,
    present: &[&Participant],
) -> Vec<ServerCommand> {
    let mut accounts: Vec<&str> = Vec::new();
    for who in present {
        if !accounts.contains(&who.email.as_str()) {
            accounts.push(&who.email);
        }
    }
    let mut entries: Vec<(Address, &Participant)> = Vec::new();
    for account in accounts {
        let own = account == joiner.email;
        let mut of_account = present.iter().filter(|who| who.email == account);
        if version < ENDPOINTS_FROM {
            if let Some(who) = of_account.next().filter(|_| !own) {
                entries.push((who.plain_address(), who));
            }
            continue;
        }
        let mut last = None;
        for who in of_account {
            if let Some(address) = who.endpoint_address() {
                entries.push((address, who));
            }
            last = Some(*who);
        }
        if let Some(who) = last.filter(|_| !own) {
            entries.push((who.plain_address(), who));
        }
    }
    let total = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    entries
        .into_iter()
        .zip(1..)
        .map(|((address, who), index)| {
            ServerCommand::Iro(Iro {
                trid,
                index,
                total,
                address,
                name: UrlText::new(who.name.clone()),
                capabilities: capabilities_for(version, who.capabilities),
            })
        })
        .collect()
}

/// What a receiver of `version` is told when `leaver` goes; `last_endpoint`: nobody
/// of the leaver's account is left.
pub fn byes(version: u8, leaver: &Participant, last_endpoint: bool) -> Vec<ServerCommand> {
    let bye = |address| {
        ServerCommand::Bye(Bye {
            address,
            idle: false,
        })
    };
    let mut lines = Vec::new();
    if version >= ENDPOINTS_FROM
        && let Some(address) = leaver.endpoint_address()
    {
        lines.push(bye(address));
    }
    if last_endpoint {
        lines.push(bye(leaver.plain_address()));
    }
    lines
}

/// A relayed message: receivers of every version see the sender's plain e-mail.
pub fn message(sender: &Participant, payload: Bytes) -> ServerCommand {
    ServerCommand::Msg(MsgFrom {
        sender: sender.plain_address(),
        sender_name: UrlText::new(sender.name.clone()),
        payload,
    })
}

pub fn ringing(trid: Trid, session: &str) -> ServerCommand {
    ServerCommand::Cal(CalRinging {
        trid,
        session: session.to_owned(),
    })
}

/// The invitation an invitee's NS session of `version` receives.
pub fn ring(
    version: u8,
    session: &str,
    server: &ServerAddress,
    cookie: String,
    inviter: &Participant,
) -> ServerCommand {
    ServerCommand::Rng(Rng {
        session: session.to_owned(),
        server: server.clone(),
        cookie,
        inviter: inviter.plain_address(),
        inviter_name: UrlText::new(inviter.name.clone()),
        host: (version >= 13).then(|| RNG_HOST.to_owned()),
        direct: (version >= 14).then_some(true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE_EPID: &str = "{f52973b6-c926-4bad-9ba8-7c1e840e4ab0}";
    const BOB_EPID: &str = "{b0b0b0b0-1111-4222-8333-444455556666}";

    fn person(email: &str, name: &str, endpoint: Option<&str>, caps: &str) -> Participant {
        Participant {
            email: email.into(),
            name: name.into(),
            endpoint: endpoint.map(str::to_owned),
            capabilities: crate::protocol::field::Field::parse_field(caps).expect("caps"),
        }
    }

    fn alice(endpoint: Option<&str>, caps: &str) -> Participant {
        person("alice@example.com", "Alice Test", endpoint, caps)
    }

    fn bob(endpoint: Option<&str>, caps: &str) -> Participant {
        person("bob@example.com", "Bob Test", endpoint, caps)
    }

    fn wire(lines: &[ServerCommand]) -> Vec<String> {
        lines
            .iter()
            .map(|line| String::from_utf8_lossy(&line.to_bytes()).into_owned())
            .collect()
    }

    #[test]
    fn endpoint_keys_are_lower_case_in_braces() {
        assert_eq!(
            endpoint_key("{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}"),
            ALICE_EPID
        );
        assert_eq!(
            endpoint_key("f52973b6-c926-4bad-9ba8-7c1e840e4ab0"),
            ALICE_EPID
        );
    }

    #[test]
    fn joi_before_msnp12_has_no_capabilities() {
        let bob = bob(None, "1073741824");
        assert_eq!(
            wire(&joins(2, &bob, false, true)),
            ["JOI bob@example.com Bob%20Test\r\n"]
        );
        assert!(joins(7, &bob, true, true).is_empty());
    }

    #[test]
    fn joi_msnp12_to_15_adds_capabilities() {
        let bob = bob(None, "1073741824");
        assert_eq!(
            wire(&joins(12, &bob, false, true)),
            ["JOI bob@example.com Bob%20Test 1073741824\r\n"]
        );
        assert!(joins(15, &bob, false, false).is_empty());
    }

    #[test]
    fn joi_msnp16_names_the_endpoint_then_the_person() {
        let bob = bob(Some(BOB_EPID), "2789003324:48");
        assert_eq!(
            wire(&joins(16, &bob, false, true)),
            [
                "JOI bob@example.com;{b0b0b0b0-1111-4222-8333-444455556666} Bob%20Test 2789003324:48\r\n",
                "JOI bob@example.com Bob%20Test 2789003324:48\r\n",
            ]
        );
        assert_eq!(
            wire(&joins(18, &bob, true, true)),
            ["JOI bob@example.com Bob%20Test 2789003324:48\r\n"]
        );
        assert_eq!(wire(&joins(18, &bob, false, false)).len(), 1);
    }

    #[test]
    fn iro_per_version() {
        let me = bob(None, "0");
        let present = alice(None, "1073741824");
        assert_eq!(
            wire(&roster(Trid(1), 2, &me, &[&present])),
            ["IRO 1 1 1 alice@example.com Alice%20Test\r\n"]
        );
        assert_eq!(
            wire(&roster(Trid(1), 12, &me, &[&present])),
            ["IRO 1 1 1 alice@example.com Alice%20Test 1073741824\r\n"]
        );
        let me = bob(Some(BOB_EPID), "2789003324:48");
        let present = alice(Some(ALICE_EPID), "2789003324:48");
        assert_eq!(
            wire(&roster(Trid(1), 16, &me, &[&present])),
            [
                "IRO 1 1 2 alice@example.com;{f52973b6-c926-4bad-9ba8-7c1e840e4ab0} Alice%20Test 2789003324:48\r\n",
                "IRO 1 2 2 alice@example.com Alice%20Test 2789003324:48\r\n",
            ]
        );
    }

    #[test]
    fn iro_msnp16_groups_endpoints_by_account() {
        let me = person("carol@example.com", "Carol", Some("{c}"), "0:0");
        let alice = alice(Some(ALICE_EPID), "2789003324:48");
        let bob = bob(None, "1073741824");
        let lines = wire(&roster(Trid(4), 18, &me, &[&alice, &bob]));
        assert_eq!(
            lines,
            [
                "IRO 4 1 3 alice@example.com;{f52973b6-c926-4bad-9ba8-7c1e840e4ab0} Alice%20Test 2789003324:48\r\n",
                "IRO 4 2 3 alice@example.com Alice%20Test 2789003324:48\r\n",
                "IRO 4 3 3 bob@example.com Bob%20Test 1073741824:0\r\n",
            ]
        );
    }

    #[test]
    fn bye_per_version() {
        let bob = bob(Some(BOB_EPID), "2789003324:48");
        assert_eq!(wire(&byes(12, &bob, true)), ["BYE bob@example.com\r\n"]);
        assert!(byes(12, &bob, false).is_empty());
        assert_eq!(
            wire(&byes(16, &bob, true)),
            [
                "BYE bob@example.com;{b0b0b0b0-1111-4222-8333-444455556666}\r\n",
                "BYE bob@example.com\r\n",
            ]
        );
    }

    #[test]
    fn rng_per_version() {
        let server = ServerAddress::new("127.0.0.1", 1864);
        let alice = alice(Some(ALICE_EPID), "2789003324:48");
        let line = |version| {
            wire(&[ring(
                version,
                "6c6889f34431bc843940636eb5b0891",
                &server,
                "e5ac099e536d1a00eb98".into(),
                &alice,
            )])
            .remove(0)
        };
        assert_eq!(
            line(12),
            "RNG 6c6889f34431bc843940636eb5b0891 127.0.0.1:1864 CKI e5ac099e536d1a00eb98 alice@example.com Alice%20Test\r\n"
        );
        assert!(line(13).ends_with("Alice%20Test U messenger.hotmail.com\r\n"));
        assert!(line(16).ends_with("Alice%20Test U messenger.hotmail.com 1\r\n"));
    }

    #[test]
    fn relayed_messages_name_the_plain_sender() {
        let alice = alice(Some(ALICE_EPID), "2789003324:48");
        let payload = Bytes::from_static(b"MIME-Version: 1.0\r\n\r\nhi");
        assert_eq!(
            wire(&[message(&alice, payload)]),
            ["MSG alice@example.com Alice%20Test 23\r\nMIME-Version: 1.0\r\n\r\nhi"]
        );
        assert_eq!(
            wire(&[ringing(Trid(5), "020c31a38f29e1322b6eec85adf612d")]),
            ["CAL 5 RINGING 020c31a38f29e1322b6eec85adf612d\r\n"]
        );
    }
}
