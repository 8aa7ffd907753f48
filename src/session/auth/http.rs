//! The HTTPS client used for sign-in, the address book and the HTTP gateway: rustls,
//! plus the revival server's own CA when the configuration names one, and the proxy.

use std::path::Path;
use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use url::Url;

use crate::session::service_url::ServiceUrlError;

use super::{AuthError, AuthService};

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
        let http = builder.build().map_err(|error| AuthError::Setup {
            what: "HTTP client",
            reason: error.to_string(),
        })?;
        Ok(Self { http })
    }

    /// The underlying client, for the HTTP polling gateway.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Posts a SOAP request and reads the answer, refusing one larger than `limit`
    /// bytes. Errors never quote the request, so no ticket can leak through them.
    pub(crate) async fn post_soap(
        &self,
        url: Url,
        soap_action: &str,
        body: String,
        limit: usize,
    ) -> Result<SoapAnswer, PostError> {
        let mut answer = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{soap_action}\""))
            .body(body)
            .send()
            .await
            .map_err(PostError::unreachable)?;
        let status = answer.status().as_u16();
        let mut bytes = Vec::new();
        while let Some(chunk) = answer.chunk().await.map_err(PostError::unreachable)? {
            if bytes.len() + chunk.len() > limit {
                return Err(PostError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        let body = String::from_utf8(bytes).map_err(|_| PostError::NotUtf8)?;
        Ok(SoapAnswer { status, body })
    }
}

/// A SOAP service's answer, whatever its status.
#[derive(Debug)]
pub(crate) struct SoapAnswer {
    pub status: u16,
    pub body: String,
}

/// Why a SOAP request got no readable answer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PostError {
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    #[error("the server's certificate was rejected: {0}")]
    Certificate(String),
    #[error("answer larger than {} MiB", limit >> 20)]
    TooLarge { limit: usize },
    #[error("answer is not UTF-8")]
    NotUtf8,
}

impl PostError {
    fn unreachable(error: reqwest::Error) -> Self {
        if let Some(reason) = certificate_problem(&error) {
            return PostError::Certificate(reason);
        }
        PostError::Unreachable(describe(error))
    }
}

/// Parses a service URL under the crate's rule (see `session::service_url`).
pub(super) fn service_url(text: &str) -> Result<Url, AuthError> {
    crate::session::service_url::service_url(text).map_err(|error| match error {
        ServiceUrlError::Bad(url) => AuthError::BadUrl(url),
        ServiceUrlError::Insecure(url) => AuthError::InsecureUrl(url),
    })
}

pub(super) fn unreachable(service: AuthService, error: reqwest::Error) -> AuthError {
    // reqwest's message may contain the URL but never a header value, so no secret leaks.
    if let Some(reason) = certificate_problem(&error) {
        return AuthError::Certificate { service, reason };
    }
    AuthError::Unreachable {
        service,
        url: error.url().map(without_secrets),
        reason: describe(error),
    }
}

/// `url` as it can be shown: no user name, password, query or fragment.
fn without_secrets(url: &Url) -> String {
    let mut shown = url.clone();
    // Only URLs that cannot have a user name refuse these, and they have none to remove.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// The TLS certificate error behind a failed request, if that is what failed: retrying
/// cannot fix it, so callers stop instead of trying again.
fn certificate_problem(error: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        // io::Error skips its payload in `source()`, and hyper nests one io::Error in
        // another: unwrap those by hand.
        let mut candidate = current;
        loop {
            if let Some(
                tls @ (rustls::Error::InvalidCertificate(_)
                | rustls::Error::NoCertificatesPresented
                | rustls::Error::UnsupportedNameType),
            ) = candidate.downcast_ref::<rustls::Error>()
            {
                return Some(tls.to_string());
            }
            match candidate
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
            {
                Some(inner) => candidate = inner,
                None => break,
            }
        }
        cause = current.source();
    }
    None
}

/// A failed request in words: its two innermost causes, which say what happened ("tcp
/// connect error: Connection refused"), without the outer layers that only say where
/// ("error sending request: client error (Connect)"). Without the URL, and reqwest never
/// puts a header value in its errors, so no secret leaks.
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut said = vec![error.to_string()];
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        let text = inner.to_string();
        if said.last().is_none_or(|last| !last.ends_with(&text)) {
            said.push(text);
        }
        cause = inner.source();
    }
    said[said.len().saturating_sub(2)..].join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_url_keeps_no_credentials_or_query() {
        let url = Url::parse("https://user:secret@login.example.com:444/RST.srf?t=ticket#x")
            .expect("a URL");
        assert_eq!(
            without_secrets(&url),
            "https://login.example.com:444/RST.srf"
        );
    }
}
