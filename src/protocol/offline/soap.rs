//! The SOAP side of the two services: `rsi.asmx` requests (fetch, delete) and `oim.asmx`
//! `Store`/`Store2` requests and answers, built by the client and read by the server.

use super::error::OfflineError;
use crate::protocol::xml::{Element, escape};

pub const RSI_NAMESPACE: &str = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi";
pub const OIM_NAMESPACE: &str = "http://messenger.msn.com/ws/2004/09/oim/";
pub const STORE2_NAMESPACE: &str = "http://messenger.live.com/ws/2006/09/oim/";
/// The challenge Escargot (and the bundled server) always asks the lock key for.
pub const LOCK_KEY_CHALLENGE: &str = "1850937852";

const ENVELOPE_OPEN: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">"#;

/// One `rsi.asmx` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RsiAction {
    /// `with_child`: Escargot fails on the standard empty element (HTTP 500) and
    /// answers one with any child element.
    GetMetadata {
        with_child: bool,
    },
    GetMessage {
        id: String,
    },
    DeleteMessages {
        ids: Vec<String>,
    },
}

impl RsiAction {
    pub fn name(&self) -> &'static str {
        match self {
            RsiAction::GetMetadata { .. } => "GetMetadata",
            RsiAction::GetMessage { .. } => "GetMessage",
            RsiAction::DeleteMessages { .. } => "DeleteMessages",
        }
    }

    /// The `SOAPAction` header value, without quotes.
    pub fn soap_action(&self) -> String {
        format!("{RSI_NAMESPACE}/{}", self.name())
    }

    fn body(&self) -> String {
        match self {
            RsiAction::GetMetadata { with_child: false } => {
                format!("<GetMetadata xmlns=\"{RSI_NAMESPACE}\" />")
            }
            RsiAction::GetMetadata { with_child: true } => {
                format!("<GetMetadata xmlns=\"{RSI_NAMESPACE}\"><x/></GetMetadata>")
            }
            RsiAction::GetMessage { id } => format!(
                "<GetMessage xmlns=\"{RSI_NAMESPACE}\"><messageId>{}</messageId><alsoMarkAsRead>false</alsoMarkAsRead></GetMessage>",
                escape(id)
            ),
            RsiAction::DeleteMessages { ids } => {
                let ids: String = ids
                    .iter()
                    .map(|id| format!("<messageId>{}</messageId>", escape(id)))
                    .collect();
                format!(
                    "<DeleteMessages xmlns=\"{RSI_NAMESPACE}\"><messageIds>{ids}</messageIds></DeleteMessages>"
                )
            }
        }
    }
}

/// The request for `action`, authenticated by a Passport ticket `t=…&p=…` (or a bare
/// TWN ticket), split into the `PassportCookie` halves.
pub fn rsi_envelope(ticket: &str, action: &RsiAction) -> String {
    let ticket = ticket.strip_prefix("t=").unwrap_or(ticket);
    let (t, p) = ticket.split_once("&p=").unwrap_or((ticket, ""));
    format!(
        "{ENVELOPE_OPEN}<soap:Header><PassportCookie xmlns=\"{RSI_NAMESPACE}\"><t>{}</t><p>{}</p></PassportCookie></soap:Header><soap:Body>{}</soap:Body></soap:Envelope>",
        escape(t),
        escape(p),
        action.body()
    )
}

/// An `rsi.asmx` request as the server reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsiRequest {
    /// `PassportCookie/t`.
    pub ticket: String,
    pub action: RsiAction,
}

impl RsiRequest {
    pub fn parse(body: &[u8]) -> Result<Self, OfflineError> {
        let root = Element::parse(body).map_err(|e| OfflineError::Envelope(e.to_string()))?;
        let ticket = root
            .find("PassportCookie")
            .and_then(|cookie| cookie.child_text("t"))
            .ok_or(OfflineError::Missing("PassportCookie/t"))?
            .to_owned();
        let action = root
            .child("Body")
            .and_then(|body| body.children.first())
            .ok_or(OfflineError::Missing("a SOAP body"))?;
        let action = match action.name.as_str() {
            "GetMetadata" => RsiAction::GetMetadata {
                with_child: !action.children.is_empty(),
            },
            "GetMessage" => RsiAction::GetMessage {
                id: action
                    .child_text("messageId")
                    .ok_or(OfflineError::Missing("messageId"))?
                    .to_owned(),
            },
            "DeleteMessages" => RsiAction::DeleteMessages {
                ids: action
                    .find_all("messageId")
                    .into_iter()
                    .map(|id| id.trimmed().to_owned())
                    .collect(),
            },
            _ => return Err(OfflineError::Missing("a known rsi action")),
        };
        Ok(Self { ticket, action })
    }
}

/// The text an `rsi.asmx` answer carries: the `Mail-Data` XML of `GetMetadata`, the
/// stored message of `GetMessage` (unescaped); `None` for a fault or another shape.
pub fn rsi_answer_text(body: &str, action: &RsiAction) -> Result<Option<String>, OfflineError> {
    let root =
        Element::parse(body.as_bytes()).map_err(|e| OfflineError::Envelope(e.to_string()))?;
    Ok(match action {
        RsiAction::GetMetadata { .. } => root.find("GetMetadataResponse").map(|r| r.text.clone()),
        RsiAction::GetMessage { .. } => root.find("GetMessageResult").map(|r| r.text.clone()),
        RsiAction::DeleteMessages { .. } => {
            root.find("DeleteMessagesResponse").map(|_| String::new())
        }
    })
}

/// One `Store`/`Store2` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreRequest {
    pub from: String,
    /// Our friendly name, as one RFC 2047 B-word.
    pub friendly_name: String,
    pub to: String,
    /// `t=…&p=…`.
    pub ticket: String,
    pub app_id: String,
    /// Empty until the service gave a challenge.
    pub lock_key: String,
    /// `Sequence/MessageNumber`.
    pub message_number: u32,
    /// `MSNP15`.
    pub msnp_version: String,
    pub build: String,
    /// The MIME content ([`super::compose_content`]).
    pub content: String,
}

impl StoreRequest {
    pub fn parse(body: &[u8]) -> Result<Self, OfflineError> {
        let root = Element::parse(body).map_err(|e| OfflineError::Envelope(e.to_string()))?;
        let attribute = |element: &str, name: &'static str| {
            root.find(element)
                .and_then(|e| e.attribute(name))
                .map(str::to_owned)
        };
        Ok(Self {
            from: attribute("From", "memberName").ok_or(OfflineError::Missing("From"))?,
            friendly_name: attribute("From", "friendlyName").unwrap_or_default(),
            to: attribute("To", "memberName").ok_or(OfflineError::Missing("To"))?,
            ticket: attribute("Ticket", "passport").ok_or(OfflineError::Missing("Ticket"))?,
            app_id: attribute("Ticket", "appid").unwrap_or_default(),
            lock_key: attribute("Ticket", "lockkey").unwrap_or_default(),
            message_number: root
                .find_text("MessageNumber")
                .and_then(|number| number.parse().ok())
                .ok_or(OfflineError::Missing("MessageNumber"))?,
            msnp_version: attribute("From", "msnpVer").unwrap_or_default(),
            build: attribute("From", "buildVer").unwrap_or_default(),
            content: root
                .find("Content")
                .map(|content| content.text.clone())
                .ok_or(OfflineError::Missing("Content"))?,
        })
    }
}

/// The request body, the same for `Store` and `Store2` (see [`store_action`]).
pub fn store_envelope(request: &StoreRequest) -> String {
    format!(
        "{ENVELOPE_OPEN}<soap:Header><From memberName=\"{from}\" friendlyName=\"{name}\" xml:lang=\"en-US\" proxy=\"MSNMSGR\" xmlns=\"{OIM_NAMESPACE}\" msnpVer=\"{version}\" buildVer=\"{build}\"/><To memberName=\"{to}\" xmlns=\"{OIM_NAMESPACE}\"/><Ticket passport=\"{ticket}\" appid=\"{app}\" lockkey=\"{key}\" xmlns=\"{OIM_NAMESPACE}\"/><Sequence xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\"><Identifier xmlns=\"http://schemas.xmlsoap.org/ws/2002/07/utility\">http://messenger.msn.com</Identifier><MessageNumber>{number}</MessageNumber></Sequence></soap:Header><soap:Body><MessageType xmlns=\"{OIM_NAMESPACE}\">text</MessageType><Content xmlns=\"{OIM_NAMESPACE}\">{content}</Content></soap:Body></soap:Envelope>",
        from = escape(&request.from),
        name = escape(&request.friendly_name),
        version = escape(&request.msnp_version),
        build = escape(&request.build),
        to = escape(&request.to),
        ticket = escape(&request.ticket),
        app = escape(&request.app_id),
        key = escape(&request.lock_key),
        number = request.message_number,
        content = escape(&request.content),
    )
}

/// The `SOAPAction` of `Store2` (MSNP16+ clients, libpurple) or `Store`.
pub fn store_action(store2: bool) -> String {
    if store2 {
        format!("{}Store2", STORE2_NAMESPACE)
    } else {
        format!("{OIM_NAMESPACE}Store")
    }
}

/// What became of a `Store`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreAnswer {
    Stored,
    Fault(StoreFault),
}

/// The faults of `oim.asmx` (extensions §2.4) and what they ask of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreFault {
    /// Compute the lock key for this challenge and resend.
    LockKey {
        challenge: String,
    },
    /// The ticket is expired or wrong: renew it and resend.
    Authentication,
    /// The recipient does not exist or does not accept offline messages from us.
    SystemUnavailable,
    Throttled,
    InvalidContent,
    /// Anything else, with its fault code (or the HTTP status).
    Other(String),
}

impl StoreAnswer {
    pub fn parse(status: u16, body: &str) -> Self {
        let Ok(root) = Element::parse(body.as_bytes()) else {
            return StoreAnswer::Fault(StoreFault::Other(format!("HTTP {status}")));
        };
        if status == 200 && root.find("StoreResponse").is_some() {
            return StoreAnswer::Stored;
        }
        if refuses_ticket_in(&root) {
            return StoreAnswer::Fault(StoreFault::Authentication);
        }
        StoreAnswer::Fault(match fault_code(&root) {
            "AuthenticationFailed" => StoreFault::LockKey {
                challenge: root
                    .find_text("LockKeyChallenge")
                    .unwrap_or_default()
                    .to_owned(),
            },
            "SystemUnavailable" => StoreFault::SystemUnavailable,
            "SenderThrottleLimitExceeded" => StoreFault::Throttled,
            "InvalidContent" => StoreFault::InvalidContent,
            "" => StoreFault::Other(format!("HTTP {status}")),
            other => StoreFault::Other(other.to_owned()),
        })
    }
}

/// The fault code without its namespace prefix; empty when the answer is no fault.
fn fault_code(root: &Element) -> &str {
    let code = root.find_text("faultcode").unwrap_or_default();
    code.rsplit(':').next().unwrap_or(code)
}

/// Whether a fault refuses the ticket (renew it and resend): `AuthenticationFailed`
/// without a lock-key challenge, `BadContextToken`, or the `soap:Client` fault
/// "Authentication failed" of `rsi.asmx`.
fn refuses_ticket_in(root: &Element) -> bool {
    match fault_code(root) {
        "AuthenticationFailed" => root.find_text("LockKeyChallenge").is_none_or(str::is_empty),
        "BadContextToken" => true,
        "Client" => root.find_text("faultstring") == Some("Authentication failed"),
        _ => false,
    }
}

/// Whether an answer of either service is a fault refusing the ticket.
pub fn refuses_ticket(body: &str) -> bool {
    Element::parse(body.as_bytes()).is_ok_and(|root| refuses_ticket_in(&root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> StoreRequest {
        StoreRequest {
            from: "alice@example.com".into(),
            friendly_name: "=?utf-8?B?QWxpY2U=?=".into(),
            to: "carol@example.com".into(),
            ticket: "t=abc&p=def".into(),
            app_id: "PROD0119GSJUC$18".into(),
            lock_key: String::new(),
            message_number: 1,
            msnp_version: "MSNP15".into(),
            build: "8.5.1302".into(),
            content: "MIME-Version: 1.0\r\n\r\n<&>".into(),
        }
    }

    #[test]
    fn store_requests_round_trip() {
        let built = store_envelope(&request());
        assert!(built.contains("passport=\"t=abc&amp;p=def\""));
        assert_eq!(StoreRequest::parse(built.as_bytes()).unwrap(), request());
    }

    #[test]
    fn rsi_requests_round_trip() {
        for action in [
            RsiAction::GetMetadata { with_child: false },
            RsiAction::GetMetadata { with_child: true },
            RsiAction::GetMessage { id: "A-1".into() },
            RsiAction::DeleteMessages {
                ids: vec!["A-1".into(), "B-2".into()],
            },
        ] {
            let built = rsi_envelope("t=ticket&p=half", &action);
            assert!(built.contains("<t>ticket</t><p>half</p>"));
            let parsed = RsiRequest::parse(built.as_bytes()).unwrap();
            assert_eq!((parsed.ticket.as_str(), parsed.action), ("ticket", action));
        }
    }

    #[test]
    fn lock_keys_are_the_chl_answers_of_the_recording() {
        use crate::protocol::auth::{answer_challenge, product_for};
        assert_eq!(
            answer_challenge(15, LOCK_KEY_CHALLENGE, product_for(15)),
            "844559b18ac25f3affb9281fd729203c"
        );
        assert_eq!(
            answer_challenge(18, LOCK_KEY_CHALLENGE, product_for(18)),
            "4d7903fe4e44d395e9bad3b0f98879a6"
        );
    }

    #[test]
    fn reads_the_recorded_store_answers() {
        let challenge = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode xmlns:q0="http://messenger.msn.com/ws/2004/09/oim/">q0:AuthenticationFailed</faultcode><detail><TweenerChallenge xmlns="http://messenger.msn.com/ws/2004/09/oim/">ct=1</TweenerChallenge><LockKeyChallenge xmlns="http://messenger.msn.com/ws/2004/09/oim/">1850937852</LockKeyChallenge></detail></soap:Fault></soap:Body></soap:Envelope>"#;
        assert_eq!(
            StoreAnswer::parse(500, challenge),
            StoreAnswer::Fault(StoreFault::LockKey {
                challenge: LOCK_KEY_CHALLENGE.into()
            })
        );
        let unavailable = challenge
            .replace("AuthenticationFailed", "SystemUnavailable")
            .replace("1850937852", "");
        assert_eq!(
            StoreAnswer::parse(500, &unavailable),
            StoreAnswer::Fault(StoreFault::SystemUnavailable)
        );
        assert_eq!(
            StoreAnswer::parse(200, "<a><StoreResponse/></a>"),
            StoreAnswer::Stored
        );
        assert_eq!(
            StoreAnswer::parse(500, "Server got itself in trouble"),
            StoreAnswer::Fault(StoreFault::Other("HTTP 500".into()))
        );
    }

    #[test]
    fn tells_a_refused_ticket_from_other_faults() {
        let client_fault = |message: &str| {
            format!(
                "<soap:Envelope><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>{message}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>"
            )
        };
        assert!(refuses_ticket(&client_fault("Authentication failed")));
        assert!(!refuses_ticket(&client_fault("Schema validation error")));
        let expired = "<soap:Envelope><soap:Body><soap:Fault><faultcode>q0:BadContextToken</faultcode></soap:Fault></soap:Body></soap:Envelope>";
        assert!(refuses_ticket(expired));
        assert_eq!(
            StoreAnswer::parse(500, expired),
            StoreAnswer::Fault(StoreFault::Authentication)
        );
        let challenge = "<soap:Envelope><soap:Body><soap:Fault><faultcode>q0:AuthenticationFailed</faultcode><detail><LockKeyChallenge>1850937852</LockKeyChallenge></detail></soap:Fault></soap:Body></soap:Envelope>";
        assert!(!refuses_ticket(challenge));
        assert!(refuses_ticket(&challenge.replace("1850937852", "")));
        assert!(!refuses_ticket(
            "500 Internal Server Error\n\nServer got itself in trouble"
        ));
    }
}
