//! The HTTPS client used for sign-in, the address book and the HTTP gateway: rustls,
//! plus the revival server's own CA when the configuration names one, and the proxy.

use std::path::Path;
use std::time::Duration;

use url::Url;

use crate::session::service_url::ServiceUrlError;

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
        Self::with_proxy(ca_file, None)
    }

    /// The same, through `proxy`; `None` leaves the proxy to the `ALL_PROXY` /
    /// `HTTPS_PROXY` / `NO_PROXY` environment.
    pub fn with_proxy(
        ca_file: Option<&Path>,
        proxy: Option<reqwest::Proxy>,
    ) -> Result<Self, AuthError> {
        // Both ring and (via other crates) aws-lc may be linked; choose ring explicitly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("msntui/", env!("CARGO_PKG_VERSION")));
        if let Some(proxy) = proxy {
            builder = builder.proxy(proxy);
        }
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

/// Parses a service URL under the crate's rule (see `session::service_url`).
pub(super) fn service_url(text: &str) -> Result<Url, AuthError> {
    crate::session::service_url::service_url(text).map_err(|error| match error {
        ServiceUrlError::Bad(url) => AuthError::BadUrl(url),
        ServiceUrlError::Insecure(url) => AuthError::InsecureUrl(url),
    })
}

pub(super) fn unreachable(service: &'static str, error: reqwest::Error) -> AuthError {
    // reqwest's message may contain the URL but never a header value, so no secret leaks.
    AuthError::Unreachable {
        service,
        reason: error.without_url().to_string(),
    }
}
