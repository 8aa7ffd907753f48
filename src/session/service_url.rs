//! The one rule for service URLs: https anywhere, plain http only for a server on
//! this machine.

use thiserror::Error;
use url::{Host, Url};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ServiceUrlError {
    #[error("{0} is not a valid URL")]
    Bad(String),
    #[error("{0}: plain http:// is only allowed for a server on this machine")]
    Insecure(String),
}

pub fn service_url(text: &str) -> Result<Url, ServiceUrlError> {
    let url = Url::parse(text).map_err(|_| ServiceUrlError::Bad(text.to_owned()))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(ServiceUrlError::Insecure(text.to_owned())),
        _ => Err(ServiceUrlError::Bad(text.to_owned())),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(service_url("http://127.0.0.1:8081/login").is_ok());
        assert!(service_url("http://localhost/login").is_ok());
        assert!(service_url("http://[::1]:80/x").is_ok());
        assert!(service_url("https://login.example.net/RST.srf").is_ok());
        assert!(matches!(
            service_url("http://login.example.net/"),
            Err(ServiceUrlError::Insecure(_))
        ));
        assert!(matches!(
            service_url("ftp://x/"),
            Err(ServiceUrlError::Bad(_))
        ));
        assert!(matches!(
            service_url("not a url"),
            Err(ServiceUrlError::Bad(_))
        ));
    }
}
