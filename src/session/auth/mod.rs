//! The HTTP half of sign-in: Passport 1.4 (TWN, MSNP8–14) and the RST security token
//! service (SSO, MSNP15+). The NS session calls these between `USR I` and `USR S`.

pub(crate) mod http;
mod passport;
mod sso;

use std::fmt;

use thiserror::Error;

pub use http::AuthClient;
pub use sso::{SsoTokens, tokens_from_answer};

#[derive(Debug, Error)]
pub enum AuthError {
    #[error("the server refused the e-mail address or password")]
    BadCredentials,
    #[error("{0}: plain http:// is only allowed for a server on this machine")]
    InsecureUrl(String),
    #[error("{0} is not a valid URL")]
    BadUrl(String),
    #[error("cannot read the certificate file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("cannot set up the {what}: {reason}")]
    Setup { what: &'static str, reason: String },
    #[error("{service} could not be reached{}: {reason}; check {} in [services]", at_url(.url), .service.setting())]
    Unreachable {
        service: AuthService,
        /// Where it was asked, without credentials or query.
        url: Option<String>,
        reason: String,
    },
    #[error("{service} answered HTTP {status}; check {} in [services]", .service.setting())]
    HttpStatus { service: AuthService, status: u16 },
    #[error(
        "{service}: the server's certificate was rejected ({reason}); check ca_file in [server]"
    )]
    Certificate {
        service: AuthService,
        reason: String,
    },
    #[error("{service} answered something unexpected: {detail}")]
    UnexpectedAnswer {
        service: AuthService,
        detail: String,
    },
}

/// The HTTP services of sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthService {
    /// Passport 1.4's nexus, which names the login server.
    Nexus,
    /// The login server the nexus named.
    PassportLogin,
    /// The RST security token service of SSO.
    TokenService,
}

impl AuthService {
    /// The `[services]` setting that leads to this service: the login server's address
    /// comes from the nexus, so it too is fixed through `nexus_url`.
    pub fn setting(self) -> &'static str {
        match self {
            AuthService::Nexus | AuthService::PassportLogin => "nexus_url",
            AuthService::TokenService => "rst_url",
        }
    }
}

impl fmt::Display for AuthService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthService::Nexus => "the Passport nexus",
            AuthService::PassportLogin => "the Passport login server",
            AuthService::TokenService => "the security token service",
        })
    }
}

/// " at URL", or nothing when the address is not known.
fn at_url(url: &Option<String>) -> String {
    url.as_ref()
        .map(|url| format!(" at {url}"))
        .unwrap_or_default()
}
