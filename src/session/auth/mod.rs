//! The HTTP half of sign-in: Passport 1.4 (TWN, MSNP8–14) and the RST security token
//! service (SSO, MSNP15+). The NS session calls these between `USR I` and `USR S`.

pub(crate) mod http;
mod passport;
mod sso;

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
    #[error("{service} could not be reached: {reason} (check its URL in [services])")]
    Unreachable {
        service: &'static str,
        reason: String,
    },
    #[error("{service} answered HTTP {status}: check its URL in [services]")]
    HttpStatus { service: &'static str, status: u16 },
    #[error(
        "{service}: the server's certificate was rejected ({reason}); check ca_file in [server]"
    )]
    Certificate {
        service: &'static str,
        reason: String,
    },
    #[error("{service} answered something unexpected: {detail}")]
    UnexpectedAnswer {
        service: &'static str,
        detail: String,
    },
}
