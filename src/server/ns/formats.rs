//! Presence lines as each protocol version shows them (docs/protocol.md §4.3, §4.5).

use bytes::Bytes;

use crate::protocol::ServerCommand;
use crate::protocol::command::{Fln, Iln, Presence, Ubx};
use crate::protocol::types::{Address, Capabilities, MsnObjectText, Status, Trid, UrlText};
use crate::server::hub::OnlinePresence;

/// Escargot's stand-in when a contact's CHG carried no MSNObject field.
const EMPTY_OBJECT: &str = "<msnobj/>";

/// How `email` is written for a viewer: MSNP18 prefixes the network id.
pub fn address_for(version: u8, email: &str) -> Address {
    let address = Address::email(email);
    if version >= 18 {
        address.with_network(1)
    } else {
        address
    }
}

/// The NLN line (or, with `initial`, the ILN answering the first CHG) that shows
/// `email`'s presence to a viewer of `version`. MSNP18 has no ILN: NLN is used for both.
pub fn presence_line(
    version: u8,
    initial: Option<Trid>,
    email: &str,
    name: &str,
    presence: &OnlinePresence,
) -> ServerCommand {
    let capabilities = (version >= 8).then(|| Capabilities {
        flags: presence.capabilities.flags,
        extended: (version >= 16).then(|| presence.capabilities.extended.unwrap_or(0)),
    });
    let object = (version >= 9).then(|| {
        presence
            .object
            .clone()
            .unwrap_or_else(|| MsnObjectText::from_xml(EMPTY_OBJECT))
    });
    let presence = Presence {
        status: presence.status,
        address: address_for(version, email),
        network: (14..18).contains(&version).then_some(1),
        name: UrlText::new(name),
        capabilities,
        object,
    };
    match initial {
        Some(trid) if version < 18 => ServerCommand::Iln(Iln { trid, presence }),
        _ => ServerCommand::Nln(presence),
    }
}

/// The FLN line telling a viewer of `version` that `email` went offline.
pub fn offline_line(version: u8, email: &str) -> ServerCommand {
    let (network, capabilities) = match version {
        ..=13 => (None, None),
        14..=15 => (
            Some(1),
            Some(Capabilities {
                flags: 0,
                extended: None,
            }),
        ),
        16..=17 => (
            Some(1),
            Some(Capabilities {
                flags: 0,
                extended: Some(0),
            }),
        ),
        _ => (
            None,
            Some(Capabilities {
                flags: 0,
                extended: Some(0),
            }),
        ),
    };
    ServerCommand::Fln(Fln {
        address: address_for(version, email),
        network,
        capabilities,
    })
}

/// One signed-in endpoint as MSNP16+ UBX documents list it.
#[derive(Debug, Clone)]
pub struct EndpointView {
    pub guid: String,
    pub capabilities: Capabilities,
    /// `PrivateEndpointData` name, shown only to the account itself.
    pub name: Option<String>,
    pub status: Status,
}

fn xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The UBX document describing an account's personal message for a viewer.
pub fn personal_document(
    version: u8,
    message: &str,
    endpoints: &[EndpointView],
    to_self: bool,
) -> Bytes {
    let mut out = format!(
        "<Data><PSM>{}</PSM><CurrentMedia></CurrentMedia>",
        xml(message)
    );
    if version >= 18 {
        out.push_str("<DDP></DDP>");
    }
    if version >= 16 {
        out.push_str("<SignatureSound></SignatureSound>");
        if version >= 18 {
            out.push_str("<Scene></Scene><ColorScheme></ColorScheme>");
        }
        for endpoint in endpoints {
            out.push_str(&format!(
                "<EndpointData id=\"{}\"><Capabilities>{}</Capabilities></EndpointData>",
                endpoint.guid.to_ascii_lowercase(),
                endpoint.capabilities
            ));
        }
        if to_self {
            for endpoint in endpoints {
                out.push_str(&format!(
                    "<PrivateEndpointData id=\"{}\"><EpName>{}</EpName><ClientType>1</ClientType><State>{}</State></PrivateEndpointData>",
                    endpoint.guid.to_ascii_lowercase(),
                    xml(endpoint.name.as_deref().unwrap_or("")),
                    endpoint.status
                ));
            }
        }
    }
    out.push_str("</Data>");
    Bytes::from(out)
}

/// The UBX line carrying `document` about `email`, or `None` below MSNP11.
pub fn personal_line(version: u8, email: &str, document: Bytes) -> Option<ServerCommand> {
    (version >= 11).then(|| {
        ServerCommand::Ubx(Ubx {
            address: address_for(version, email),
            network: (14..18).contains(&version).then_some(1),
            payload: document,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::types::Status;

    fn wire(command: ServerCommand) -> String {
        String::from_utf8(command.to_bytes().to_vec()).unwrap()
    }

    fn presence(
        flags: u32,
        extended: Option<u32>,
        object: Option<MsnObjectText>,
    ) -> OnlinePresence {
        OnlinePresence {
            status: Status::Online,
            capabilities: Capabilities { flags, extended },
            object,
        }
    }

    #[test]
    fn presence_lines_match_the_recordings() {
        let bob = presence(1073741824, None, None);
        assert_eq!(
            wire(presence_line(2, None, "bob@example.com", "Bob Test", &bob)),
            "NLN NLN bob@example.com Bob%20Test\r\n"
        );
        assert_eq!(
            wire(presence_line(12, None, "bob@example.com", "Bob Test", &bob)),
            "NLN NLN bob@example.com Bob%20Test 1073741824 %3Cmsnobj%2F%3E\r\n"
        );
        assert_eq!(
            wire(presence_line(
                15,
                Some(Trid(8)),
                "alice@example.com",
                "Alice Test",
                &bob
            )),
            "ILN 8 NLN alice@example.com 1 Alice%20Test 1073741824 %3Cmsnobj%2F%3E\r\n"
        );
        let wlm = presence(2789003324, Some(48), Some(MsnObjectText::None));
        assert_eq!(
            wire(presence_line(
                16,
                Some(Trid(8)),
                "alice@example.com",
                "Alice Test",
                &wlm
            )),
            "ILN 8 NLN alice@example.com 1 Alice%20Test 2789003324:48 0\r\n"
        );
        assert_eq!(
            wire(presence_line(
                18,
                Some(Trid(8)),
                "alice@example.com",
                "Alice Test",
                &wlm
            )),
            "NLN NLN 1:alice@example.com Alice%20Test 2789003324:48 0\r\n"
        );
    }

    #[test]
    fn offline_lines_match_the_recordings() {
        assert_eq!(
            wire(offline_line(12, "bob@example.com")),
            "FLN bob@example.com\r\n"
        );
        assert_eq!(
            wire(offline_line(15, "bob@example.com")),
            "FLN bob@example.com 1 0\r\n"
        );
        assert_eq!(
            wire(offline_line(16, "bob@example.com")),
            "FLN bob@example.com 1 0:0\r\n"
        );
        assert_eq!(
            wire(offline_line(18, "bob@example.com")),
            "FLN 1:bob@example.com 0:0\r\n"
        );
    }

    #[test]
    fn personal_documents_match_the_recorded_sizes() {
        assert_eq!(personal_document(15, "", &[], false).len(), 53);
        let bob = EndpointView {
            guid: "{B0B0B0B0-1111-4222-8333-444455556666}".into(),
            capabilities: Capabilities {
                flags: 2789003324,
                extended: Some(48),
            },
            name: Some("lab-probe".into()),
            status: Status::Online,
        };
        assert_eq!(
            personal_document(16, "", std::slice::from_ref(&bob), false).len(),
            201
        );
        assert_eq!(
            personal_document(18, "", std::slice::from_ref(&bob), false).len(),
            254
        );
        assert_eq!(
            personal_document(18, "", std::slice::from_ref(&bob), true).len(),
            411
        );
        assert!(personal_line(10, "bob@example.com", Bytes::new()).is_none());
    }
}
