//! Single sign-on (docs/protocol.md §2.8): one RST SOAP request returns the tickets of every
//! service, and the binary secret the MBI response is computed from.

use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::header::CONTENT_TYPE;

use super::http::{AuthClient, service_url, unreachable};
use super::{AuthError, AuthService};
use crate::protocol::message::Secret;

const RST: AuthService = AuthService::TokenService;

/// The tokens a sign-in needs.
#[derive(Debug, Clone)]
pub struct SsoTokens {
    /// `t=...&p=...` for `USR SSO S`.
    pub messenger_ticket: Secret,
    /// Base64 binary secret of the messenger ticket, for the MBI blob.
    pub messenger_secret: Secret,
    /// Ticket for the address book and sharing services.
    pub contacts_ticket: Option<Secret>,
    /// `messenger.msn.com` ticket, for fetching offline messages (`rsi.asmx`).
    pub fetch_ticket: Option<Secret>,
    /// `messengersecure.live.com` ticket, for storing offline messages (`oim.asmx`).
    pub store_ticket: Option<Secret>,
}

/// The services asked for, in the order the official client and the recorded one use.
const SERVICES: [(&str, Option<&str>); 5] = [
    ("http://Passport.NET/tb", None),
    ("messengerclear.live.com", Some("")),
    ("messenger.msn.com", Some("?id=507")),
    ("contacts.msn.com", Some("MBI")),
    ("messengersecure.live.com", Some("MBI_SSL")),
];

fn xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The RST request. `policy` is the one `USR SSO S` named (`MBI_KEY_OLD`).
fn request_body(email: &str, password: &str, policy: &str) -> String {
    let mut tokens = String::new();
    for (index, (address, service_policy)) in SERVICES.iter().enumerate() {
        let policy = match service_policy {
            Some("") => format!(
                "<wsse:PolicyReference URI=\"{}\"></wsse:PolicyReference>",
                xml(policy)
            ),
            Some(other) => format!(
                "<wsse:PolicyReference URI=\"{}\"></wsse:PolicyReference>",
                xml(other)
            ),
            None => String::new(),
        };
        tokens.push_str(&format!(
            "<wst:RequestSecurityToken Id=\"RST{index}\"><wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue</wst:RequestType><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>{address}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>{policy}</wst:RequestSecurityToken>\n"
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/03/addressing" xmlns:wssc="http://schemas.xmlsoap.org/ws/2004/04/sc" xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust">
<Header>
<ps:AuthInfo xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="PPAuthInfo">
<ps:HostingApp>{{7108E71A-9926-4FCB-BCC9-9A9D3F32E423}}</ps:HostingApp>
<ps:BinaryVersion>4</ps:BinaryVersion>
<ps:UIVersion>1</ps:UIVersion>
<ps:Cookies></ps:Cookies>
<ps:RequestParams>AQAAAAIAAABsYwQAAAAxMDMz</ps:RequestParams>
</ps:AuthInfo>
<wsse:Security>
<wsse:UsernameToken Id="user">
<wsse:Username>{}</wsse:Username>
<wsse:Password>{}</wsse:Password>
</wsse:UsernameToken>
</wsse:Security>
</Header>
<Body>
<ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">
{tokens}</ps:RequestMultipleSecurityTokens>
</Body>
</Envelope>"#,
        xml(email),
        xml(password)
    )
}

/// One `RequestSecurityTokenResponse`: which service, its ticket and secret.
#[derive(Debug, Default)]
struct TokenResponse {
    address: String,
    ticket: String,
    secret: String,
}

#[derive(Debug)]
enum RstAnswer {
    Tokens(Vec<TokenResponse>),
    Fault(String),
}

/// Reads the response with an XML parser, by local element names (prefixes vary).
fn parse_response(body: &str) -> Result<RstAnswer, String> {
    let mut reader = Reader::from_str(body);
    let mut tokens = Vec::new();
    let mut current: Option<TokenResponse> = None;
    let mut element = String::new();
    let mut fault: Option<String> = None;
    loop {
        match reader.read_event().map_err(|error| error.to_string())? {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_owned();
                match name.as_str() {
                    "RequestSecurityTokenResponse" => current = Some(TokenResponse::default()),
                    "Fault" => fault = Some(String::new()),
                    _ => {}
                }
                element = name;
            }
            Event::Text(text) => {
                let text = text.xml10_content();
                let text = text.trim();
                if let Some(token) = current.as_mut() {
                    match element.as_str() {
                        "Address" => token.address.push_str(text),
                        "BinarySecurityToken" => token.ticket.push_str(text),
                        "BinarySecret" => token.secret.push_str(text),
                        _ => {}
                    }
                }
                if let Some(reason) = fault
                    .as_mut()
                    .filter(|_| element == "faultcode" || element == "faultstring")
                {
                    if !reason.is_empty() && !text.is_empty() {
                        reason.push_str(": ");
                    }
                    reason.push_str(text);
                }
            }
            Event::GeneralRef(reference) => {
                let entity = format!("&{};", reference.xml10_content());
                let text =
                    quick_xml::escape::unescape(&entity).map_err(|error| error.to_string())?;
                if let Some(token) = current
                    .as_mut()
                    .filter(|_| element == "BinarySecurityToken")
                {
                    token.ticket.push_str(&text);
                }
            }
            Event::End(end) => {
                if end.local_name().as_ref() == "RequestSecurityTokenResponse"
                    && let Some(token) = current.take()
                {
                    tokens.push(token);
                }
                element.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(match fault {
        Some(reason) => RstAnswer::Fault(reason),
        None => RstAnswer::Tokens(tokens),
    })
}

impl AuthClient {
    /// Asks the RST service for the tokens of `email`.
    pub async fn sso_tokens(
        &self,
        rst_url: &str,
        email: &str,
        password: &Secret,
        policy: &str,
    ) -> Result<SsoTokens, AuthError> {
        let url = service_url(rst_url)?;
        let response = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "text/xml; charset=utf-8")
            .body(request_body(email, password.expose(), policy))
            .send()
            .await
            .map_err(|e| unreachable(RST, e))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| unreachable(RST, e))?;
        tokens_from_answer(status, &body)
    }
}

/// Reads the RST service's answer (`status`, `body`): the tokens, or why there are none.
pub fn tokens_from_answer(status: u16, body: &str) -> Result<SsoTokens, AuthError> {
    let unexpected = |detail: String| AuthError::UnexpectedAnswer {
        service: RST,
        detail,
    };
    let answer = match parse_response(body) {
        Ok(answer) => answer,
        Err(_) if !(200..300).contains(&status) => {
            return Err(AuthError::HttpStatus {
                service: RST,
                status,
            });
        }
        Err(error) => return Err(unexpected(format!("unreadable XML: {error}"))),
    };
    match answer {
        RstAnswer::Fault(reason) if reason.contains("FailedAuthentication") => {
            Err(AuthError::BadCredentials)
        }
        RstAnswer::Fault(reason) => Err(unexpected(format!("SOAP fault {reason}"))),
        RstAnswer::Tokens(tokens) => {
            let find = |address: &str| {
                tokens
                    .iter()
                    .find(|token| token.address.eq_ignore_ascii_case(address))
            };
            let ticket_of = |address: &str| {
                find(address)
                    .filter(|token| !token.ticket.is_empty())
                    .map(|token| Secret::new(token.ticket.clone()))
            };
            let messenger = find("messengerclear.live.com")
                .filter(|token| !token.ticket.is_empty() && !token.secret.is_empty())
                .ok_or_else(|| unexpected("no messengerclear.live.com ticket and secret".into()))?;
            Ok(SsoTokens {
                messenger_ticket: Secret::new(messenger.ticket.clone()),
                messenger_secret: Secret::new(messenger.secret.clone()),
                contacts_ticket: ticket_of("contacts.msn.com"),
                fetch_ticket: ticket_of("messenger.msn.com"),
                store_ticket: ticket_of("messengersecure.live.com"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service that cannot be reached is named with its address and the setting that
    /// holds it.
    #[tokio::test]
    async fn an_unreachable_service_says_to_check_its_url() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = closed.local_addr().expect("address").port();
        drop(closed);
        let client = AuthClient::new(None).expect("HTTP client");
        let url = format!("http://127.0.0.1:{port}/RST.srf");
        let password = Secret::new("pass");
        let error = client
            .sso_tokens(&url, "a@example.com", &password, "MBI_KEY_OLD")
            .await
            .expect_err("nothing listens there");
        assert!(matches!(error, AuthError::Unreachable { .. }), "{error:?}");
        let said = error.to_string();
        assert!(
            said.starts_with(&format!(
                "the security token service could not be reached at {url}: "
            )),
            "{said}"
        );
        assert!(said.ends_with("; check rst_url in [services]"), "{said}");
        assert!(said.contains("Connection refused"), "{said}");
        assert!(!said.contains("error sending request"), "{said}");
    }

    #[test]
    fn request_escapes_credentials_and_names_the_policy() {
        let body = request_body("a<b@example.com", "p&ss", "MBI_KEY_OLD");
        assert!(body.contains("<wsse:Username>a&lt;b@example.com</wsse:Username>"));
        assert!(body.contains("<wsse:Password>p&amp;ss</wsse:Password>"));
        assert!(body.contains("<wsa:Address>messengerclear.live.com</wsa:Address></wsa:EndpointReference></wsp:AppliesTo><wsse:PolicyReference URI=\"MBI_KEY_OLD\">"));
        assert_eq!(body.matches("<wst:RequestSecurityToken ").count(), 5);
    }

    #[test]
    fn response_tokens_are_matched_by_address() {
        let body = r#"<S:Envelope xmlns:S="s"><S:Body><wst:RequestSecurityTokenResponseCollection xmlns:wst="t" xmlns:wsa="a" xmlns:wsse="e">
            <wst:RequestSecurityTokenResponse><wsa:Address>http://Passport.NET/tb</wsa:Address><wst:BinarySecret>tb</wst:BinarySecret></wst:RequestSecurityTokenResponse>
            <wst:RequestSecurityTokenResponse><wsa:Address>messengerclear.live.com</wsa:Address>
              <wsse:BinarySecurityToken Id="Compact1">t=abc&amp;p=</wsse:BinarySecurityToken>
              <wst:BinarySecret>SECRET</wst:BinarySecret></wst:RequestSecurityTokenResponse>
            </wst:RequestSecurityTokenResponseCollection></S:Body></S:Envelope>"#;
        let RstAnswer::Tokens(tokens) = parse_response(body).unwrap() else {
            panic!("expected tokens");
        };
        let messenger = tokens
            .iter()
            .find(|t| t.address == "messengerclear.live.com")
            .unwrap();
        assert_eq!(messenger.ticket, "t=abc&p=");
        assert_eq!(messenger.secret, "SECRET");
    }

    #[test]
    fn failed_authentication_fault_is_recognised() {
        let body = "<S:Envelope xmlns:S=\"s\"><S:Body><S:Fault><faultcode>wsse:FailedAuthentication</faultcode><faultstring>Authentication Failure</faultstring></S:Fault></S:Body></S:Envelope>";
        let RstAnswer::Fault(reason) = parse_response(body).unwrap() else {
            panic!("expected a fault");
        };
        assert!(reason.contains("FailedAuthentication"));
        assert!(parse_response("<a><b></a>").is_err());
    }
}
