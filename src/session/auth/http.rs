//! The HTTPS client used for sign-in and the address book: rustls, plus the revival
//! server's own CA when the configuration names one.

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

/// Parses a service URL under the crate's rule (see `session::service_url`).
pub(super) fn service_url(text: &str) -> Result<Url, AuthError> {
    crate::session::service_url::service_url(text).map_err(|error| match error {
        ServiceUrlError::Bad(url) => AuthError::BadUrl(url),
        ServiceUrlError::Insecure(url) => AuthError::InsecureUrl(url),
    })
}

pub(super) fn unreachable(service: &'static str, error: reqwest::Error) -> AuthError {
    AuthError::Unreachable {
        service,
        reason: describe(error),
    }
}

/// A failed request in words, its causes included ("error sending request" alone does
/// not say that the certificate names another host). Without the URL, and reqwest never
/// puts a header value in its errors, so no secret leaks.
pub(crate) fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        let said = inner.to_string();
        if !text.ends_with(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = inner.source();
    }
    text
}
