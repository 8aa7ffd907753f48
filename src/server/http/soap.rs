//! Pieces shared by the SOAP services: the address book's envelope and faults,
//! timestamps, and the identifiers Escargot derives from an account.

use std::time::SystemTime;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::protocol::xml::escape;

pub const AB_NAMESPACE: &str = "http://www.msn.com/webservices/AddressBook";

macro_rules! xml_declaration {
    () => {
        r#"<?xml version="1.0" encoding="utf-8"?>"#
    };
}
macro_rules! envelope_tag {
    () => {
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">"#
    };
}
pub const XML_DECLARATION: &str = xml_declaration!();
/// The opening `soap:Envelope` tag of every answer.
pub const ENVELOPE_TAG: &str = envelope_tag!();
/// Declaration and envelope tag on lines of their own, as most answers start.
pub const ENVELOPE_OPEN: &str = concat!(xml_declaration!(), "\n", envelope_tag!(), "\n");
const ENVELOPE_CLOSE: &str = "\n</soap:Envelope>";

/// A `text/xml` response.
pub fn xml_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// `2026-11-24T06:58:48Z`, the format of every timestamp the services send.
pub fn timestamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// An account's CID: its member id read as a signed 64-bit number, as the ABCH shows it.
pub fn cid(member_id: u64) -> i64 {
    member_id as i64
}

/// The GUID that stands for an account itself (its `Me` contact and its RL entries),
/// carrying the member id in its last 16 hex digits like Escargot's user ids.
pub fn account_guid(member_id: u64) -> String {
    format!(
        "00000000-0000-0000-{:04x}-{:012x}",
        member_id >> 48,
        member_id & 0xffff_ffff_ffff
    )
}

/// A successful address-book or sharing answer: `body` goes inside `soap:Body`.
pub fn ab_envelope(host: &str, body: &str) -> String {
    let cache_key: [u8; 172] = std::array::from_fn(|_| rand::random());
    format!(
        "{ENVELOPE_OPEN}\t<soap:Header>
\t\t<ServiceHeader xmlns=\"{AB_NAMESPACE}\">
\t\t\t<Version>15.01.1408.0000</Version>
\t\t\t<CacheKey>12r1:{cache_key}</CacheKey>
\t\t\t<CacheKeyChanged>true</CacheKeyChanged>
\t\t\t<PreferredHostName>{host}</PreferredHostName>
\t\t\t<SessionId>{session}</SessionId>
\t\t</ServiceHeader>
\t</soap:Header>
\t<soap:Body>
{body}
\t</soap:Body>{ENVELOPE_CLOSE}",
        cache_key = URL_SAFE_NO_PAD.encode(cache_key),
        host = escape(host),
        session = crate::server::directory::new_guid(),
    )
}

/// The answer to an action that returns nothing: `<{action}Response xmlns=…/>`.
pub fn ab_empty_response(host: &str, action: &str) -> String {
    ab_envelope(
        host,
        &format!("\t\t<{action}Response xmlns=\"{AB_NAMESPACE}\"/>"),
    )
}

/// The answer to an action that returns one GUID (`ABContactAdd`, `ABGroupAdd`, …).
pub fn ab_guid_response(host: &str, action: &str, guid: &str) -> String {
    ab_envelope(
        host,
        &format!(
            "\t\t<{action}Response xmlns=\"{AB_NAMESPACE}\">
\t\t\t<{action}Result>
\t\t\t\t<guid>{guid}</guid>
\t\t\t</{action}Result>
\t\t</{action}Response>",
            guid = escape(guid),
        ),
    )
}

/// An address-book fault in the shape of the ABCH's (and Escargot's) fault templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbFault<'a> {
    /// The `errorcode`, e.g. `ContactAlreadyExists`.
    pub code: &'a str,
    /// The `faultstring` and `errorstring`.
    pub message: &'a str,
    /// The SOAP action the fault answers.
    pub action: &'a str,
}

impl AbFault<'_> {
    pub fn to_xml(&self) -> String {
        let message = escape(self.message);
        format!(
            "{ENVELOPE_OPEN}\t<soap:Body>
\t\t<soap:Fault>
\t\t\t<faultcode>soap:Client</faultcode>
\t\t\t<faultstring>{message}</faultstring>
\t\t\t<faultactor>{AB_NAMESPACE}/{action}</faultactor>
\t\t\t<detail>
\t\t\t\t<errorcode xmlns=\"{AB_NAMESPACE}\">{code}</errorcode>
\t\t\t\t<errorstring xmlns=\"{AB_NAMESPACE}\">{message}</errorstring>
\t\t\t\t<machineName xmlns=\"{AB_NAMESPACE}\">MSNTUI</machineName>
\t\t\t\t<additionalDetails>
\t\t\t\t\t<originalExceptionErrorMessage>{message}</originalExceptionErrorMessage>
\t\t\t\t</additionalDetails>
\t\t\t</detail>
\t\t</soap:Fault>
\t</soap:Body>{ENVELOPE_CLOSE}",
            action = escape(self.action),
            code = escape(self.code),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::protocol::xml::Element;

    #[test]
    fn timestamps_are_utc_seconds() {
        let time = UNIX_EPOCH + Duration::from_secs(1_795_503_528);
        assert_eq!(timestamp(time), "2026-11-24T06:58:48Z");
    }

    #[test]
    fn account_ids_come_from_the_member_id() {
        assert_eq!(cid(0x8000_0000_0000_0001), i64::MIN + 1);
        assert_eq!(
            account_guid(0x0123_4567_89ab_cdef),
            "00000000-0000-0000-0123-456789abcdef"
        );
    }

    #[test]
    fn envelopes_are_well_formed() {
        let ok = Element::parse(ab_guid_response("127.0.0.1:1", "ABGroupAdd", "g<1>").as_bytes())
            .expect("well-formed");
        assert_eq!(ok.find_text("guid"), Some("g<1>"));
        assert_eq!(ok.find_text("PreferredHostName"), Some("127.0.0.1:1"));
        let fault = AbFault {
            code: "GroupAlreadyExists",
            message: "Group Already Exists ",
            action: "ABGroupAdd",
        };
        let fault = Element::parse(fault.to_xml().as_bytes()).expect("well-formed");
        assert_eq!(fault.find_text("errorcode"), Some("GroupAlreadyExists"));
        assert_eq!(
            fault.find_text("faultactor"),
            Some("http://www.msn.com/webservices/AddressBook/ABGroupAdd")
        );
    }
}
