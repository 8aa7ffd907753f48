//! Passport 1.4 ("Tweener", MSNP8–14): the nexus that names the login server, and the
//! login server that trades an `Authorization` header for a 30-second ticket.

use std::fmt;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use super::plain_response;
use crate::server::{Shared, lock};

const SCHEME: &str = "Passport1.4";

/// The credentials of a `Passport1.4` `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct PassportCredentials {
    pub email: String,
    pub password: String,
}

impl fmt::Debug for PassportCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PassportCredentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl PassportCredentials {
    /// Reads `Passport1.4 OrgVerb=GET,…,sign-in=<urlenc>,pwd=<urlenc>,<challenge…>`.
    /// Pieces other than `sign-in` and `pwd` are ignored; without either, `None`.
    pub fn parse(header: &str) -> Option<Self> {
        let fields = header.trim_start().strip_prefix(SCHEME)?;
        let mut email = None;
        let mut password = None;
        for field in fields.trim_start().split(',') {
            let Some((key, value)) = field.split_once('=') else {
                continue;
            };
            let slot = match key.trim() {
                "sign-in" => &mut email,
                "pwd" => &mut password,
                _ => continue,
            };
            *slot = Some(percent_decode_str(value).decode_utf8().ok()?.into_owned());
        }
        Some(Self {
            email: email.filter(|email| !email.is_empty())?,
            password: password?,
        })
    }
}

fn plain(status: StatusCode, headers: [(HeaderName, HeaderValue); 1]) -> Response {
    (headers, plain_response(status)).into_response()
}

/// `GET /rdr/pprdr.asp` and `GET /nexus-mock`.
pub async fn nexus(State(shared): State<Arc<Shared>>) -> Response {
    match HeaderValue::try_from(format!("DALogin={}/login", shared.http_base)) {
        Ok(value) => plain(
            StatusCode::OK,
            [(HeaderName::from_static("passporturls"), value)],
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /login`.
pub async fn login(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let credentials = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(PassportCredentials::parse);
    let ticket = credentials.and_then(|credentials| {
        let valid = lock(&shared.store)
            .directory()
            .check_password(&credentials.email, &credentials.password);
        tracing::debug!(email = %credentials.email, valid, "passport login");
        valid.then(|| lock(&shared.tokens).issue_twn(&credentials.email))
    });
    let Some(ticket) = ticket else {
        return plain(
            StatusCode::UNAUTHORIZED,
            [(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Passport1.4 da-status=failed"),
            )],
        );
    };
    match HeaderValue::try_from(format!("{SCHEME} da-status=success,from-PP='{ticket}'")) {
        Ok(value) => plain(
            StatusCode::OK,
            [(HeaderName::from_static("authentication-info"), value)],
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_recorded_header() {
        let header = "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40example.com,pwd=alicepass1,ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";
        let credentials = PassportCredentials::parse(header).expect("parses");
        assert_eq!(credentials.email, "alice@example.com");
        assert_eq!(credentials.password, "alicepass1");
    }

    #[test]
    fn decodes_escaped_passwords_and_tolerates_odd_pieces() {
        let credentials =
            PassportCredentials::parse("Passport1.4 pwd=a%2Cb%25c,junk,sign-in=bob%40example.com")
                .expect("parses");
        assert_eq!(credentials.password, "a,b%c");
        assert_eq!(credentials.email, "bob@example.com");
    }

    #[test]
    fn refuses_incomplete_headers() {
        assert_eq!(PassportCredentials::parse("Basic YWxpY2U6cHc="), None);
        assert_eq!(
            PassportCredentials::parse("Passport1.4 sign-in=alice%40example.com"),
            None
        );
        assert_eq!(
            PassportCredentials::parse("Passport1.4 pwd=x,sign-in="),
            None
        );
        assert_eq!(
            PassportCredentials::parse("Passport1.4 pwd=%FF,sign-in=a"),
            None
        );
    }

    #[test]
    fn debug_output_hides_the_password() {
        let credentials = PassportCredentials {
            email: "alice@example.com".into(),
            password: "alicepass1".into(),
        };
        assert!(!format!("{credentials:?}").contains("alicepass1"));
    }
}
