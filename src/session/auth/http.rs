//! The HTTPS client used for sign-in and the address book: rustls, plus the revival
//! server's own CA when the configuration names one.

use std::path::Path;
use std::time::Duration;

use url::{Host, Url};

use super::AuthError;

const TIMEOUT: Duration = Duration::from_secs(20);

/// A configured HTTP client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AuthClient {
    pub(super) http: reqwest::Client,
}

impl AuthClient {
    /// A client trusting the system roots plus, when given, the certificates in `ca_file`.
    pub fn new(ca_file: Option<&Path>) -> Result<Self, AuthError> {
        // Both ring and (via other crates) aws-lc may be linked; choose ring explicitly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("msntui/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = ca_file {
            let ca_error = |reason: String| AuthError::CaFile {
                path: path.display().to_string(),
                reason,
            };
            let pem = std::fs::read(path).map_err(|error| ca_error(error.to_string()))?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|error| ca_error(error.to_string()))?;
            if certificates.is_empty() {
                return Err(ca_error("no certificate in the file".into()));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder.build().map_err(|error| AuthError::Unreachable {
            service: "HTTP client",
            reason: error.to_string(),
        })?;
        Ok(Self { http })
    }

    /// The underlying client, for the other HTTP services (address book, sharing).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// Parses a service URL: https anywhere, plain http only for loopback hosts.
pub(super) fn service_url(text: &str) -> Result<Url, AuthError> {
    let url = Url::parse(text).map_err(|_| AuthError::BadUrl(text.to_owned()))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(AuthError::InsecureUrl(text.to_owned())),
        _ => Err(AuthError::BadUrl(text.to_owned())),
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

pub(super) fn unreachable(service: &'static str, error: reqwest::Error) -> AuthError {
    // reqwest's message may contain the URL but never a header value, so no secret leaks.
    AuthError::Unreachable {
        service,
        reason: error.without_url().to_string(),
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
            Err(AuthError::InsecureUrl(_))
        ));
        assert!(matches!(service_url("ftp://x/"), Err(AuthError::BadUrl(_))));
        assert!(matches!(
            service_url("not a url"),
            Err(AuthError::BadUrl(_))
        ));
    }
}
