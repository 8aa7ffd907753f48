//! Deserializers that validate single values, so that a bad one is reported at its key.

use std::collections::HashSet;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use url::{Host, Url};

use super::SUPPORTED_PROTOCOLS;
use crate::protocol::{Address, Dialect};

pub(super) fn email<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let email = String::deserialize(deserializer)?;
    if email.is_empty() {
        return Err(D::Error::custom(
            "is empty: fill in the e-mail address you sign in with",
        ));
    }
    if !Address::email(email.as_str()).is_valid_email() {
        return Err(D::Error::custom(format!(
            "{email:?} is not an e-mail address"
        )));
    }
    Ok(email)
}

pub(super) fn non_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(D::Error::custom("must not be empty"));
    }
    Ok(text)
}

pub(super) fn host<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let host = String::deserialize(deserializer)?;
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(D::Error::custom(format!(
            "{host:?} is not a host name or address"
        )));
    }
    Ok(host)
}

pub(super) fn port<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    match u16::deserialize(deserializer)? {
        0 => Err(D::Error::custom("port 0 cannot be connected to")),
        port => Ok(port),
    }
}

/// One entry of `protocols`, deserialized on its own so errors point at the entry.
struct Protocol(Dialect);

impl<'de> Deserialize<'de> for Protocol {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.parse().map_err(D::Error::custom)? {
            Dialect::Msnp(n) if SUPPORTED_PROTOCOLS.contains(&n) => Ok(Protocol(Dialect::Msnp(n))),
            _ => Err(D::Error::custom(format!(
                "{text} is not supported: msntui speaks MSNP{} to MSNP{}",
                SUPPORTED_PROTOCOLS.start(),
                SUPPORTED_PROTOCOLS.end()
            ))),
        }
    }
}

pub(super) fn protocols<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Dialect>, D::Error> {
    let protocols: Vec<Dialect> = Vec::<Protocol>::deserialize(deserializer)?
        .into_iter()
        .map(|Protocol(dialect)| dialect)
        .collect();
    if protocols.is_empty() {
        return Err(D::Error::custom(
            "must name at least one version, such as \"MSNP18\"",
        ));
    }
    let mut seen: HashSet<&Dialect> = HashSet::new();
    if let Some(twice) = protocols.iter().find(|dialect| !seen.insert(*dialect)) {
        return Err(D::Error::custom(format!("{twice} is listed twice")));
    }
    Ok(protocols)
}

pub(super) fn service_url<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Url, D::Error> {
    let text = String::deserialize(deserializer)?;
    checked_service_url(&text).map_err(D::Error::custom)
}

/// `text` as a service URL: https, or plain http to this machine only.
pub(super) fn checked_service_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|error| format!("{text:?}: {error}"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(format!(
            "{text:?}: plain http is only allowed for a loopback host (127.0.0.1, ::1, localhost); use https"
        )),
        scheme => Err(format!(
            "{text:?}: scheme {scheme:?} is not supported; use https"
        )),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

pub(super) fn poll_interval<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<std::time::Duration, D::Error> {
    let seconds = f64::deserialize(deserializer)?;
    if !(0.1..=60.0).contains(&seconds) {
        return Err(D::Error::custom(format!(
            "{seconds} is out of range: poll every 0.1 to 60 seconds"
        )));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

pub(super) fn proxy<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Url>, D::Error> {
    let text = String::deserialize(deserializer)?;
    let url = Url::parse(&text).map_err(|error| D::Error::custom(format!("{text:?}: {error}")))?;
    if !matches!(url.scheme(), "socks5" | "socks5h" | "http") {
        return Err(D::Error::custom(format!(
            "{text:?}: use socks5://, socks5h:// or http:// host:port"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(D::Error::custom(
            "credentials do not belong in the URL: use proxy_user and proxy_password_command",
        ));
    }
    if url.host().is_none() || url.port_or_known_default().is_none() {
        return Err(D::Error::custom(format!(
            "{text:?}: name the proxy's host and port"
        )));
    }
    Ok(Some(url))
}
