//! `POST /RST.srf` and `/RST2.srf`: Passport SOAP sign-in (MSNP15+). Good credentials get
//! one SSO ticket for every requested service and the binary secret for the MBI check.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use thiserror::Error;

use super::rst_response::{Dialect, Grant, auth_failure, malformed_request, token_collection};
use super::soap::xml_response;
use crate::protocol::xml::{Element, XmlError};
use crate::server::tokens::{IssuedSso, SSO_LIFETIME};
use crate::server::{Shared, lock};

/// The master-token request every client makes first; answered with a canned block.
pub const PASSPORT_TB: &str = "http://Passport.NET/tb";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RstError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("no Envelope/Header/Security/UsernameToken credentials")]
    MissingCredentials,
}

/// One `RequestSecurityToken`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub id: String,
    pub address: String,
    pub policy: Option<String>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct RstRequest {
    pub username: String,
    pub password: String,
    pub tokens: Vec<TokenRequest>,
}

impl fmt::Debug for RstRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RstRequest")
            .field("username", &self.username)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

impl RstRequest {
    pub fn parse(body: &[u8]) -> Result<Self, RstError> {
        let root = Element::parse(body)?;
        let credentials = root
            .path(&["Header", "Security", "UsernameToken"])
            .ok_or(RstError::MissingCredentials)?;
        let field = |name| {
            credentials
                .child(name)
                .map(|element: &Element| element.trimmed().to_owned())
                .ok_or(RstError::MissingCredentials)
        };
        let username = field("Username")?;
        let password = field("Password")?;
        let tokens = root
            .child("Body")
            .map(|body| body.find_all("RequestSecurityToken"))
            .unwrap_or_default()
            .into_iter()
            .map(|token| TokenRequest {
                id: token.attribute("Id").unwrap_or_default().to_owned(),
                address: token
                    .path(&["AppliesTo", "EndpointReference", "Address"])
                    .map(|address| address.trimmed().to_owned())
                    .unwrap_or_default(),
                policy: token
                    .child("PolicyReference")
                    .and_then(|policy| policy.attribute("URI"))
                    .map(str::to_owned),
            })
            .collect();
        Ok(Self {
            username,
            password,
            tokens,
        })
    }
}

pub async fn rst(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    respond(&shared, Dialect::Rst, peer, &body)
}

pub async fn rst2(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    respond(&shared, Dialect::Rst2, peer, &body)
}

fn respond(shared: &Shared, dialect: Dialect, peer: SocketAddr, body: &[u8]) -> Response {
    let now = SystemTime::now();
    let request = match RstRequest::parse(body) {
        Ok(request) => request,
        Err(RstError::Xml(error)) => {
            tracing::debug!(%error, "malformed RST request");
            return xml_response(StatusCode::INTERNAL_SERVER_ERROR, malformed_request());
        }
        Err(RstError::MissingCredentials) => {
            return xml_response(StatusCode::OK, auth_failure(dialect, now));
        }
    };
    let member_id = {
        let store = lock(&shared.store);
        let directory = store.directory();
        directory
            .check_password(&request.username, &request.password)
            .then(|| directory.account(&request.username).map(|a| a.member_id))
            .flatten()
    };
    tracing::debug!(email = %request.username, valid = member_id.is_some(), "RST sign-in");
    let Some(member_id) = member_id else {
        return xml_response(StatusCode::OK, auth_failure(dialect, now));
    };
    let IssuedSso { key, grant: sso } = lock(&shared.tokens).issue_sso(&request.username);
    let grant = Grant {
        email: &request.username,
        member_id,
        key: &key,
        secret: &sso.secret,
        ip: peer.ip(),
        created: now,
        expires: now + SSO_LIFETIME,
    };
    xml_response(
        StatusCode::OK,
        token_collection(dialect, &grant, &request.tokens),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/03/addressing" xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust">
<Header>
<ps:AuthInfo xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="PPAuthInfo"><ps:BinaryVersion>4</ps:BinaryVersion></ps:AuthInfo>
<wsse:Security><wsse:UsernameToken Id="user"><wsse:Username>alice@example.com</wsse:Username><wsse:Password>a&amp;b&lt;c</wsse:Password></wsse:UsernameToken></wsse:Security>
</Header>
<Body>
<ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">
<wst:RequestSecurityToken Id="RST0"><wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue</wst:RequestType><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>http://Passport.NET/tb</wsa:Address></wsa:EndpointReference></wsp:AppliesTo></wst:RequestSecurityToken>
<wst:RequestSecurityToken Id="RST1"><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>messengerclear.live.com</wsa:Address></wsa:EndpointReference></wsp:AppliesTo><wsse:PolicyReference URI="MBI_KEY_OLD"></wsse:PolicyReference></wst:RequestSecurityToken>
<wst:RequestSecurityToken Id="RST2"><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>contacts.msn.com</wsa:Address></wsa:EndpointReference></wsp:AppliesTo><wsse:PolicyReference URI="MBI"/></wst:RequestSecurityToken>
</ps:RequestMultipleSecurityTokens>
</Body>
</Envelope>"#;

    #[test]
    fn reads_credentials_and_every_token_request() {
        let request = RstRequest::parse(REQUEST.as_bytes()).expect("parses");
        assert_eq!(request.username, "alice@example.com");
        assert_eq!(request.password, "a&b<c");
        let summary: Vec<_> = request
            .tokens
            .iter()
            .map(|token| {
                (
                    token.id.as_str(),
                    token.address.as_str(),
                    token.policy.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("RST0", PASSPORT_TB, None),
                ("RST1", "messengerclear.live.com", Some("MBI_KEY_OLD")),
                ("RST2", "contacts.msn.com", Some("MBI")),
            ]
        );
    }

    #[test]
    fn debug_output_hides_the_password() {
        let request = RstRequest::parse(REQUEST.as_bytes()).expect("parses");
        assert!(!format!("{request:?}").contains("a&b<c"));
    }

    #[test]
    fn refuses_requests_without_credentials() {
        assert_eq!(
            RstRequest::parse(b"<Envelope><Header/><Body/></Envelope>"),
            Err(RstError::MissingCredentials)
        );
        assert!(matches!(
            RstRequest::parse(b"<Envelope><Header>"),
            Err(RstError::Xml(_))
        ));
    }
}
