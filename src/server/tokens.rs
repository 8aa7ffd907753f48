//! Short-lived secrets the server hands out: TWN tickets (from `/login`), SSO tickets and
//! binary secrets (from `RST.srf`), and switchboard cookies (from `XFR SB` and `RNG`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::RngExt;

/// Escargot's TWN tickets live 30 seconds.
pub const TWN_LIFETIME: Duration = Duration::from_secs(30);
/// SSO tickets live a day.
pub const SSO_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Switchboard cookies are single-use and live two minutes.
pub const COOKIE_LIFETIME: Duration = Duration::from_secs(120);

/// What a switchboard cookie admits its holder to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieUse {
    /// A new switchboard, from `XFR SB`.
    NewSwitchboard,
    /// An existing one, from `RNG`.
    Invitation { session: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub email: String,
    pub endpoint: Option<String>,
    pub display_name: String,
    pub version: u8,
    pub usage: CookieUse,
}

/// An SSO grant: the ticket's key and the binary secret for the MBI check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoGrant {
    pub email: String,
    pub secret: String,
}

/// A newly issued SSO ticket: the key the client presents, and what it grants.
#[derive(Debug, Clone)]
pub struct IssuedSso {
    pub key: String,
    pub grant: SsoGrant,
}

/// Something issued, valid until `expires`.
#[derive(Debug)]
struct Expiring<T> {
    value: T,
    expires: Instant,
}

#[derive(Debug, Default)]
pub struct Tokens {
    /// TWN ticket to account.
    twn: HashMap<String, Expiring<String>>,
    sso: HashMap<String, Expiring<SsoGrant>>,
    cookies: HashMap<String, Expiring<Cookie>>,
}

/// `n` random lower-case hex characters.
pub fn random_hex(n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// The 20 characters that identify a ticket: after `t=` when present (Escargot's rule).
pub fn ticket_key(ticket: &str) -> Option<&str> {
    let body = ticket.strip_prefix("t=").unwrap_or(ticket);
    body.get(..20)
}

impl Tokens {
    fn purge(&mut self, now: Instant) {
        self.twn.retain(|_, issued| issued.expires > now);
        self.sso.retain(|_, issued| issued.expires > now);
        self.cookies.retain(|_, issued| issued.expires > now);
    }

    /// A new TWN ticket for `email`.
    pub fn issue_twn(&mut self, email: &str) -> String {
        let now = Instant::now();
        self.purge(now);
        let token = random_hex(20);
        let issued = Expiring {
            value: email.to_ascii_lowercase(),
            expires: now + TWN_LIFETIME,
        };
        self.twn.insert(token.clone(), issued);
        token
    }

    /// The account a TWN ticket was issued to, if it is still valid.
    pub fn check_twn(&mut self, ticket: &str) -> Option<String> {
        self.purge(Instant::now());
        self.twn
            .get(ticket_key(ticket)?)
            .map(|issued| issued.value.clone())
    }

    /// Signs in with a TWN ticket: from then on it lives as long as an SSO ticket,
    /// because MSNP13–14 clients keep using it for the address book.
    pub fn redeem_twn(&mut self, ticket: &str) -> Option<String> {
        let now = Instant::now();
        self.purge(now);
        let issued = self.twn.get_mut(ticket_key(ticket)?)?;
        issued.expires = now + SSO_LIFETIME;
        Some(issued.value.clone())
    }

    /// A new SSO ticket key and binary secret for `email`.
    pub fn issue_sso(&mut self, email: &str) -> IssuedSso {
        let now = Instant::now();
        self.purge(now);
        let key = random_hex(20);
        let secret: [u8; 24] = rand::random();
        let grant = SsoGrant {
            email: email.to_ascii_lowercase(),
            secret: BASE64.encode(secret),
        };
        let issued = Expiring {
            value: grant.clone(),
            expires: now + SSO_LIFETIME,
        };
        self.sso.insert(key.clone(), issued);
        IssuedSso { key, grant }
    }

    /// The grant behind an SSO ticket (also used as the SOAP `TicketToken`).
    pub fn check_sso(&mut self, ticket: &str) -> Option<SsoGrant> {
        self.purge(Instant::now());
        self.sso
            .get(ticket_key(ticket)?)
            .map(|issued| issued.value.clone())
    }

    /// A new single-use switchboard cookie.
    pub fn issue_cookie(&mut self, cookie: Cookie) -> String {
        let now = Instant::now();
        self.purge(now);
        let value = random_hex(20);
        let issued = Expiring {
            value: cookie,
            expires: now + COOKIE_LIFETIME,
        };
        self.cookies.insert(value.clone(), issued);
        value
    }

    /// Consumes a cookie.
    pub fn redeem_cookie(&mut self, value: &str) -> Option<Cookie> {
        self.purge(Instant::now());
        self.cookies.remove(value).map(|issued| issued.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_found_by_their_first_twenty_characters() {
        let mut tokens = Tokens::default();
        let twn = tokens.issue_twn("Alice@Example.com");
        assert_eq!(twn.len(), 20);
        assert_eq!(
            tokens.check_twn(&format!("t={twn}&p=")).as_deref(),
            Some("alice@example.com")
        );
        assert_eq!(tokens.check_twn(&twn).as_deref(), Some("alice@example.com"));
        assert_eq!(tokens.check_twn("t=short"), None);
        let IssuedSso { key, grant } = tokens.issue_sso("bob@example.com");
        assert_eq!(
            tokens.check_sso(&format!("t={key}Y6+H31sT&p=")),
            Some(grant)
        );
    }

    #[test]
    fn cookies_are_single_use() {
        let mut tokens = Tokens::default();
        let value = tokens.issue_cookie(Cookie {
            email: "alice@example.com".into(),
            endpoint: None,
            display_name: "Alice".into(),
            version: 12,
            usage: CookieUse::NewSwitchboard,
        });
        assert!(tokens.redeem_cookie(&value).is_some());
        assert!(tokens.redeem_cookie(&value).is_none());
    }
}
