//! One P2P packet as it travels in a switchboard MSG (extensions §3.1–3.2): MIME headers
//! naming the endpoints, the binary header, the payload, and a 4-byte big-endian footer.

use bytes::Bytes;

use super::error::P2pError;
use super::v1::{self, HeaderV1};
use super::v2::HeaderV2;
use crate::protocol::message::{Headers, MimeMessage};

pub const CONTENT_TYPE: &str = "application/x-msnmsgrp2p";
const FOOTER_LEN: usize = 4;
const DESTINATION: &str = "P2P-Dest";
const SOURCE: &str = "P2P-Src";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    V1(HeaderV1),
    V2(HeaderV2),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    pub header: Header,
    pub payload: Bytes,
    /// The application id (0 for MSNSLP and acknowledgements).
    pub footer: u32,
}

impl Packet {
    pub fn parse(version: Version, bytes: &[u8]) -> Result<Self, P2pError> {
        let needed = match version {
            Version::V1 => v1::HEADER_LEN + FOOTER_LEN,
            Version::V2 => 8 + FOOTER_LEN,
        };
        if bytes.len() < needed {
            return Err(P2pError::Truncated {
                len: bytes.len(),
                needed,
            });
        }
        let (body, footer) = bytes.split_at(bytes.len() - FOOTER_LEN);
        let footer = u32::from_be_bytes([footer[0], footer[1], footer[2], footer[3]]);
        let (header, declared, payload) = match version {
            Version::V1 => {
                let header = HeaderV1::parse(body)?;
                let declared = u64::from(header.length);
                (Header::V1(header), declared, &body[v1::HEADER_LEN..])
            }
            Version::V2 => {
                let (header, payload_len, payload_at) = HeaderV2::parse(body)?;
                let declared = u64::try_from(payload_len).unwrap_or(u64::MAX);
                let payload = body.get(payload_at..).unwrap_or_default();
                (Header::V2(header), declared, payload)
            }
        };
        if u64::try_from(payload.len()).ok() != Some(declared) {
            return Err(P2pError::LengthMismatch {
                declared,
                actual: payload.len(),
            });
        }
        Ok(Self {
            header,
            payload: Bytes::copy_from_slice(payload),
            footer,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.payload.len());
        match &self.header {
            Header::V1(header) => header.write(&mut out),
            Header::V2(header) => header.write(self.payload.len(), &mut out),
        }
        out.extend_from_slice(&self.payload);
        out.extend_from_slice(&self.footer.to_be_bytes());
        out
    }
}

/// Where the binary part of a switchboard payload starts when it is a P2P packet of
/// session data (a non-zero footer: file or picture bytes, not MSNSLP). A cheap look at
/// the raw bytes, for showing such payloads by their length.
pub fn session_data_start(payload: &[u8]) -> Option<usize> {
    let start = payload.windows(4).position(|four| four == b"\r\n\r\n")? + 4;
    let headers = payload[..start].to_ascii_lowercase();
    let is_p2p = headers
        .windows(CONTENT_TYPE.len())
        .any(|window| window == CONTENT_TYPE.as_bytes());
    let footer = payload
        .len()
        .checked_sub(FOOTER_LEN)
        .filter(|at| *at >= start)?;
    (is_p2p && payload[footer..] != [0; FOOTER_LEN]).then_some(start)
}

/// A packet with the endpoints of its MSG wrapper: `email` or `email;{guid}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub destination: String,
    pub source: Option<String>,
    pub packet: Packet,
}

impl Wrapped {
    /// Reads an `application/x-msnmsgrp2p` payload. P2Pv2 is recognised by a `P2P-Src`
    /// naming an endpoint, which only WLM 2009 and later send.
    pub fn from_mime(mime: &MimeMessage) -> Result<Self, P2pError> {
        let destination = mime
            .headers
            .non_empty(DESTINATION)
            .ok_or(P2pError::MissingDestination)?;
        let source = mime.headers.non_empty(SOURCE);
        let version = match &source {
            Some(source) if source.contains(";{") => Version::V2,
            _ => Version::V1,
        };
        Ok(Self {
            destination,
            source,
            packet: Packet::parse(version, &mime.body)?,
        })
    }

    pub fn to_mime(&self) -> MimeMessage {
        let mut headers = Headers::for_content_type(CONTENT_TYPE);
        headers.push(DESTINATION, self.destination.as_str());
        if let Some(source) = &self.source {
            headers.push(SOURCE, source.as_str());
        }
        MimeMessage::new(headers, self.packet.to_bytes())
    }

    pub fn version(&self) -> Version {
        match self.packet.header {
            Header::V1(_) => Version::V1,
            Header::V2(_) => Version::V2,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::p2p::v2::{DataHeader, HeaderTlv};

    fn v1_packet() -> Packet {
        Packet {
            header: Header::V1(HeaderV1 {
                identifier: 7,
                total_size: 5,
                length: 5,
                ack_id: 9,
                ..HeaderV1::default()
            }),
            payload: Bytes::from_static(b"hello"),
            footer: 0,
        }
    }

    #[test]
    fn wraps_and_unwraps_both_versions() {
        let v1 = Wrapped {
            destination: "carol@example.com".into(),
            source: None,
            packet: v1_packet(),
        };
        let mime = v1.to_mime();
        assert!(mime.to_bytes().starts_with(
            b"MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: carol@example.com\r\n\r\n"
        ));
        assert_eq!(Wrapped::from_mime(&mime), Ok(v1));

        let v2 = Wrapped {
            destination: "alice@example.com;{4b3b32b0-688e-4c58-b12d-5a36b645ebb3}".into(),
            source: Some("carol@example.com;{894a37c9-5682-41d8-a7c5-b1e23377812b}".into()),
            packet: Packet {
                header: Header::V2(HeaderV2 {
                    opcode: 2,
                    identifier: 59_287_615,
                    tlvs: vec![],
                    data: Some(DataHeader {
                        tf: 1,
                        package: 1,
                        session_id: 0,
                        data_remaining: None,
                        unknown: Vec::new(),
                    }),
                }),
                payload: Bytes::from_static(b"MSNSLP/1.0 200 OK\r\n"),
                footer: 0,
            },
        };
        let parsed = Wrapped::from_mime(&v2.to_mime()).unwrap();
        assert_eq!(parsed.version(), Version::V2);
        assert_eq!(parsed, v2);
    }

    #[test]
    fn session_data_is_told_from_msnslp() {
        let wrapped = |footer| {
            Wrapped {
                destination: "bob@example.com".into(),
                source: None,
                packet: Packet {
                    footer,
                    ..v1_packet()
                },
            }
            .to_mime()
            .to_bytes()
        };
        let data = wrapped(2);
        assert_eq!(session_data_start(&data), Some(data.len() - 57));
        assert_eq!(session_data_start(&wrapped(0)), None);
        let text = b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhi\x01\x02";
        assert_eq!(session_data_start(text), None);
        assert_eq!(session_data_start(b"\r\n\r\n"), None);
    }

    #[test]
    fn payload_length_must_match_the_header() {
        let mut bytes = v1_packet().to_bytes();
        bytes.insert(50, b'!');
        assert_eq!(
            Packet::parse(Version::V1, &bytes),
            Err(P2pError::LengthMismatch {
                declared: 5,
                actual: 6
            })
        );
        assert!(matches!(
            Packet::parse(Version::V2, &[8, 0, 0, 0]),
            Err(P2pError::Truncated { .. })
        ));
        let mime = MimeMessage::new(
            Headers::for_content_type(CONTENT_TYPE),
            v1_packet().to_bytes(),
        );
        assert_eq!(Wrapped::from_mime(&mime), Err(P2pError::MissingDestination));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_reencodes_stably(bytes in proptest::collection::vec(any::<u8>(), 0..200), v2 in any::<bool>()) {
            let version = if v2 { Version::V2 } else { Version::V1 };
            if let Ok(packet) = Packet::parse(version, &bytes) {
                prop_assert_eq!(Packet::parse(version, &packet.to_bytes()), Ok(packet));
            }
        }

        #[test]
        fn v2_packets_round_trip(
            opcode in 0u8..4,
            identifier in any::<u32>(),
            ack in proptest::option::of(any::<u32>()),
            peer_info in any::<bool>(),
            data in proptest::option::of((any::<u8>(), any::<u16>(), any::<u32>(), proptest::option::of(any::<u64>()))),
            payload in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut tlvs = Vec::new();
            if let Some(ack) = ack {
                tlvs.push(HeaderTlv::Ack(ack));
            }
            if peer_info {
                tlvs.push(HeaderTlv::PeerInfo(crate::p2p::PEER_INFO));
            }
            let data = data.map(|(tf, package, session_id, data_remaining)| DataHeader { tf, package, session_id, data_remaining, unknown: Vec::new() });
            let payload = if data.is_some() { payload } else { Vec::new() };
            let packet = Packet {
                header: Header::V2(HeaderV2 { opcode, identifier, tlvs, data }),
                payload: Bytes::from(payload),
                footer: 12,
            };
            prop_assert_eq!(Packet::parse(Version::V2, &packet.to_bytes()), Ok(packet));
        }

        #[test]
        fn v1_packets_round_trip(
            session_id in any::<u32>(), identifier in any::<u32>(), flags in any::<u32>(),
            ack in any::<(u32, u32, u64)>(), payload in proptest::collection::vec(any::<u8>(), 0..300),
            offset in 0u64..1000, footer in any::<u32>(),
        ) {
            let length = u32::try_from(payload.len()).unwrap();
            let packet = Packet {
                header: Header::V1(HeaderV1 {
                    session_id, identifier, offset, total_size: offset + u64::from(length) + 3,
                    length, flags, ack_id: ack.0, ack_uid: ack.1, ack_size: ack.2,
                }),
                payload: Bytes::from(payload),
                footer,
            };
            prop_assert_eq!(Packet::parse(Version::V1, &packet.to_bytes()), Ok(packet));
        }
    }
}
