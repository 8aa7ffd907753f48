//! P2P on a switchboard: every packet the header rules say to acknowledge is
//! acknowledged; file offers, the messages of their sessions and their data go to the
//! transfers (`transfers.rs`); every other MSNSLP INVITE is turned down with
//! `603 Decline` in the sender's P2P version, so the other client does not wait for a
//! session that will never start, and becomes a notice for the user.

use std::collections::HashSet;

use bytes::Bytes;

use crate::p2p::transfer::{DataKind, Position, is_data_preparation_v1, is_data_preparation_v2};
use crate::p2p::{
    Application, DataHeader, FileOffer, Header, HeaderTlv, HeaderV1, HeaderV2, Invitation,
    MAX_PACKET_DATA, PEER_INFO, Packet, SlpAssembly, SlpMessage, StartLine, TF_FIRST, Version,
    Wrapped, flags, opcode,
};
use crate::protocol::message::{MAX_PAYLOAD_LEN, MimeMessage};
use crate::session::notice::Notice;

/// What one received packet calls for: MSG payloads to send (ack `D`), a notice, and
/// something for the file transfers.
#[derive(Default)]
pub(super) struct Answer {
    pub replies: Vec<Bytes>,
    pub notice: Option<Notice>,
    pub transfer: Option<ForTransfers>,
}

/// What the file transfers of the switchboard hear.
pub(super) enum ForTransfers {
    /// A file offered by `reply_to` (`email` or `email;{guid}`).
    Offer {
        reply_to: String,
        version: Version,
        invite: SlpMessage,
        offer: FileOffer,
    },
    /// A request for one of our MSNObjects (our display picture); `to_account` when it
    /// names no endpoint, so that every place of our account got it.
    ObjectRequest {
        reply_to: String,
        version: Version,
        invite: SlpMessage,
        to_account: bool,
    },
    /// Any other MSNSLP message: a response or a BYE of some session.
    Slp(SlpMessage),
    /// A response another place of our account sent to a peer (MSNP16+ endpoints share
    /// the switchboard): its answer to an offer every place was shown.
    AnsweredElsewhere(SlpMessage),
    /// Data of session `session_id`; `preparation` for the packet an MSNObject's data
    /// follows.
    Data {
        session_id: u32,
        at: Position,
        payload: Bytes,
        preparation: bool,
    },
}

/// Bridges remembered per switchboard; past that a peer only gets a SYN again, which
/// it answers like the first.
const MAX_BRIDGES: usize = 64;

/// The identifiers all packets of one file share, and how much data each carries.
pub(super) struct Stream {
    identifier: u32,
    ack_id: u32,
    package: u16,
    /// Data bytes per packet: what the switchboard's payload limit leaves once the MSG
    /// headers, the binary header and the footer are in; 0 when an address is so long
    /// that no data fits.
    pub capacity: usize,
}

pub(super) struct P2pAnswers {
    account: String,
    endpoint: Option<String>,
    /// Our next P2Pv1 message identifier.
    next_v1: u32,
    /// Our next P2Pv2 identifier (a byte sequence number).
    next_v2: u32,
    package: u16,
    /// P2Pv2 endpoints a SYN went to or came from: the first packet to any other one
    /// opens the bridge with SYN|RAK and our PeerInfo (extensions §3.5).
    bridged: HashSet<String>,
    assembly: SlpAssembly,
    /// True when requests for our MSNObjects go to the transfers (we have a picture).
    serves_objects: bool,
}

impl P2pAnswers {
    pub fn new(account: &str, endpoint: Option<String>) -> Self {
        Self {
            account: account.to_ascii_lowercase(),
            endpoint,
            next_v1: rand::random_range(1_000..u32::MAX / 2),
            next_v2: rand::random_range(1_000..u32::MAX / 2),
            package: 0,
            bridged: HashSet::new(),
            assembly: SlpAssembly::default(),
            serves_objects: false,
        }
    }

    /// Passes requests for our MSNObjects to the transfers instead of declining them.
    pub fn serving_objects(mut self) -> Self {
        self.serves_objects = true;
        self
    }

    pub fn receive(&mut self, sender: &str, mime: &MimeMessage) -> Answer {
        let wrapped = match Wrapped::from_mime(mime) {
            Ok(wrapped) => wrapped,
            Err(error) => {
                tracing::debug!(%sender, %error, "unreadable P2P packet");
                return Answer::default();
            }
        };
        if !self.is_for_us(&wrapped.destination) {
            if sender.eq_ignore_ascii_case(&self.account) {
                return self.another_places_packet(sender, wrapped);
            }
            tracing::debug!(%sender, destination = %wrapped.destination, "P2P packet for another endpoint");
            return Answer::default();
        }
        let version = wrapped.version();
        let to_account = !wrapped.destination.contains(';');
        let to = wrapped.source.clone().unwrap_or_else(|| sender.to_owned());
        let mut answer = Answer::default();
        let payload = wrapped.packet.payload;
        let slp = match wrapped.packet.header {
            Header::V1(header) => {
                if header.flags & (flags::ACK | flags::NAK) != 0 {
                    return answer;
                }
                if header.completes_message() {
                    let ack = header.ack(self.take_v1());
                    answer
                        .replies
                        .push(self.wrap(&to, Header::V1(ack), Bytes::new()));
                }
                if header.session_id != 0 {
                    answer.transfer = Some(ForTransfers::Data {
                        session_id: header.session_id,
                        at: Position::V1 {
                            offset: header.offset,
                            total: header.total_size,
                        },
                        payload,
                        preparation: is_data_preparation_v1(header.flags),
                    });
                    return answer;
                }
                self.assembly.v1(sender, &header, &payload)
            }
            Header::V2(header) => {
                if header.requests_ack() {
                    if header.is_syn() {
                        self.bridge(&to);
                    }
                    let ack = self.v2_ack(&header, payload.len());
                    answer
                        .replies
                        .push(self.wrap(&to, Header::V2(ack), Bytes::new()));
                }
                match &header.data {
                    Some(data) if data.session_id == 0 && !payload.is_empty() => {
                        self.assembly.v2(sender, data, &payload)
                    }
                    Some(data) if !payload.is_empty() => {
                        answer.transfer = Some(ForTransfers::Data {
                            session_id: data.session_id,
                            at: Position::V2 {
                                remaining: data.data_remaining,
                            },
                            payload,
                            preparation: is_data_preparation_v2(data.tf),
                        });
                        return answer;
                    }
                    _ => return answer,
                }
            }
        };
        match slp {
            Ok(Some(slp)) => self.answer_slp(&to, version, to_account, &slp, &mut answer),
            Ok(None) => {}
            Err(error) => tracing::debug!(%sender, %error, "MSNSLP message dropped"),
        }
        answer
    }

    /// A packet another place of our account sent to someone else: only its MSNSLP
    /// responses matter here, and nothing is answered.
    fn another_places_packet(&mut self, sender: &str, wrapped: Wrapped) -> Answer {
        let payload = &wrapped.packet.payload;
        let slp = match &wrapped.packet.header {
            Header::V1(header)
                if header.session_id == 0 && header.flags & (flags::ACK | flags::NAK) == 0 =>
            {
                self.assembly.v1(sender, header, payload)
            }
            Header::V2(header) => match &header.data {
                Some(data) if data.session_id == 0 && !payload.is_empty() => {
                    self.assembly.v2(sender, data, payload)
                }
                _ => return Answer::default(),
            },
            Header::V1(_) => return Answer::default(),
        };
        let message = match slp.map(|slp| slp.map(|bytes| SlpMessage::parse(&bytes))) {
            Ok(Some(Ok(message))) => message,
            Ok(None) => return Answer::default(),
            Ok(Some(Err(error))) | Err(error) => {
                tracing::debug!(%error, "another place's MSNSLP message dropped");
                return Answer::default();
            }
        };
        let transfer = matches!(message.start, StartLine::Response { .. })
            .then_some(ForTransfers::AnsweredElsewhere(message));
        Answer {
            transfer,
            ..Answer::default()
        }
    }

    /// Passes file offers and other sessions' messages to the transfers; declines any
    /// other INVITE.
    fn answer_slp(
        &mut self,
        to: &str,
        version: Version,
        to_account: bool,
        slp: &[u8],
        answer: &mut Answer,
    ) {
        let invite = match SlpMessage::parse(slp) {
            Ok(message) if message.is_invite() => message,
            Ok(message) => {
                answer.transfer = Some(ForTransfers::Slp(message));
                return;
            }
            Err(error) => {
                tracing::debug!(%error, "unreadable MSNSLP message");
                return;
            }
        };
        match Invitation::from_slp(&invite) {
            Ok(Invitation {
                application: Application::File(offer),
            }) => {
                answer.transfer = Some(ForTransfers::Offer {
                    reply_to: to.to_owned(),
                    version,
                    invite,
                    offer,
                });
                return;
            }
            Ok(Invitation {
                application: Application::MsnObject { .. },
            }) if self.serves_objects => {
                answer.transfer = Some(ForTransfers::ObjectRequest {
                    reply_to: to.to_owned(),
                    version,
                    invite,
                    to_account,
                });
                return;
            }
            _ => {}
        }
        let declined = match invite.decline() {
            Ok(decline) => {
                let replies = self.packets(to, version, Bytes::from(decline.to_bytes()));
                answer.replies.extend(replies);
                true
            }
            Err(error) => {
                tracing::debug!(%error, "cannot decline the MSNSLP INVITE");
                false
            }
        };
        answer.notice = Some(match Invitation::from_slp(&invite) {
            Ok(Invitation {
                application: Application::File(offer),
            }) => Notice::FileOffer {
                name: offer.name,
                size: Some(offer.size),
                declined,
            },
            Ok(Invitation {
                application: Application::MsnObject { .. },
            }) => Notice::ObjectRequest { declined },
            Ok(Invitation {
                application: Application::Webcam,
            }) => Notice::Invitation {
                application: "webcam".to_owned(),
                declined,
            },
            Ok(Invitation {
                application: Application::Other { euf_guid },
            }) => Notice::Invitation {
                application: euf_guid,
                declined,
            },
            Err(error) => Notice::Invitation {
                application: format!("unreadable: {error}"),
                declined,
            },
        });
    }

    /// The packets of an MSNSLP message of ours.
    pub fn slp(&mut self, to: &str, version: Version, message: &SlpMessage) -> Vec<Bytes> {
        self.packets(to, version, Bytes::from(message.to_bytes()))
    }

    /// New identifiers for the packets of one file to `to`.
    pub fn stream(&mut self, to: &str, version: Version) -> Stream {
        self.package = self.package.wrapping_add(1);
        let header = match version {
            Version::V1 => Header::V1(HeaderV1::default()),
            Version::V2 => Header::V2(HeaderV2 {
                data: Some(DataHeader {
                    data_remaining: Some(u64::MAX),
                    ..DataHeader::default()
                }),
                ..HeaderV2::default()
            }),
        };
        let wrapper = self.wrap(to, header, Bytes::new()).len();
        Stream {
            identifier: self.take_v1(),
            ack_id: rand::random(),
            package: self.package,
            capacity: MAX_PAYLOAD_LEN.saturating_sub(wrapper),
        }
    }

    /// One packet of data: `chunk` at `offset` of `size` bytes.
    pub fn data_chunk(
        &mut self,
        to: &str,
        (version, kind): (Version, DataKind),
        stream: &Stream,
        session_id: u32,
        (offset, size): (u64, u64),
        chunk: Bytes,
    ) -> Bytes {
        let length = u32::try_from(chunk.len()).unwrap_or(u32::MAX);
        let header = match version {
            Version::V1 => Header::V1(HeaderV1 {
                session_id,
                identifier: stream.identifier,
                offset,
                total_size: size,
                length,
                flags: kind.flags,
                ack_id: stream.ack_id,
                ..HeaderV1::default()
            }),
            Version::V2 => {
                let remaining = size.saturating_sub(offset + u64::from(length));
                let header = HeaderV2 {
                    opcode: opcode::NONE,
                    identifier: self.next_v2,
                    tlvs: Vec::new(),
                    data: Some(DataHeader {
                        tf: if offset == 0 { kind.tf_first } else { kind.tf },
                        package: stream.package,
                        session_id,
                        data_remaining: (remaining > 0).then_some(remaining),
                        unknown: Vec::new(),
                    }),
                };
                self.next_v2 = header.next_identifier(chunk.len());
                Header::V2(header)
            }
        };
        self.wrap_with(to, header, chunk, kind.app_id)
    }

    /// The data preparation an MSNObject's data follows: four zero bytes.
    pub fn data_preparation(
        &mut self,
        to: &str,
        version: Version,
        session_id: u32,
        app_id: u32,
    ) -> Bytes {
        let payload = Bytes::from_static(&[0; 4]);
        let header = match version {
            Version::V1 => Header::V1(HeaderV1 {
                session_id,
                identifier: self.take_v1(),
                total_size: 4,
                length: 4,
                ack_id: rand::random(),
                ..HeaderV1::default()
            }),
            Version::V2 => {
                self.package = self.package.wrapping_add(1);
                let header = HeaderV2 {
                    opcode: opcode::RAK,
                    identifier: self.next_v2,
                    tlvs: Vec::new(),
                    data: Some(DataHeader {
                        tf: TF_FIRST,
                        package: self.package,
                        session_id,
                        data_remaining: None,
                        unknown: Vec::new(),
                    }),
                };
                self.next_v2 = header.next_identifier(payload.len());
                Header::V2(header)
            }
        };
        self.wrap_with(to, header, payload, app_id)
    }

    /// P2Pv2: the empty packet asking for one acknowledgement of all data sent.
    pub fn request_ack(&mut self, to: &str) -> Bytes {
        let header = HeaderV2 {
            opcode: opcode::RAK,
            identifier: self.next_v2,
            tlvs: Vec::new(),
            data: None,
        };
        self.wrap(to, Header::V2(header), Bytes::new())
    }

    /// Data bytes each packet of an MSNSLP message to `to` may carry: the usual packet
    /// size, less when a long address leaves less room under the switchboard's limit
    /// (the largest header, a bridge-opening SYN, is assumed); 0 when nothing fits.
    fn slp_room(&self, to: &str, version: Version) -> usize {
        let header = match version {
            Version::V1 => Header::V1(HeaderV1::default()),
            Version::V2 => Header::V2(HeaderV2 {
                opcode: opcode::SYN | opcode::RAK,
                tlvs: vec![HeaderTlv::PeerInfo(PEER_INFO)],
                data: Some(DataHeader {
                    data_remaining: Some(u64::MAX),
                    ..DataHeader::default()
                }),
                ..HeaderV2::default()
            }),
        };
        let wrapper = self.wrap(to, header, Bytes::new()).len();
        MAX_PAYLOAD_LEN.saturating_sub(wrapper).min(MAX_PACKET_DATA)
    }

    /// The packets of one MSNSLP message, cut so that each MSG stays within the
    /// switchboard's limit; none when the address leaves no room (the server would close
    /// the connection on an oversized MSG).
    fn packets(&mut self, to: &str, version: Version, message: Bytes) -> Vec<Bytes> {
        let room = self.slp_room(to, version);
        if room == 0 {
            tracing::warn!(len = to.len(), "P2P address too long for any MSNSLP packet");
            return Vec::new();
        }
        let total = message.len();
        let pieces: Vec<(usize, Bytes)> = (0..total)
            .step_by(room)
            .map(|offset| (offset, message.slice(offset..total.min(offset + room))))
            .collect();
        match version {
            Version::V1 => {
                let identifier = self.take_v1();
                let ack_id = rand::random();
                pieces
                    .into_iter()
                    .map(|(offset, piece)| {
                        let header = HeaderV1 {
                            identifier,
                            offset: offset as u64,
                            total_size: total as u64,
                            length: u32::try_from(piece.len()).unwrap_or(u32::MAX),
                            ack_id,
                            ..HeaderV1::default()
                        };
                        self.wrap(to, Header::V1(header), piece)
                    })
                    .collect()
            }
            Version::V2 => {
                self.package = self.package.wrapping_add(1);
                let package = self.package;
                let mut opening = self.bridge(to);
                pieces
                    .into_iter()
                    .map(|(offset, piece)| {
                        let remaining = total - offset - piece.len();
                        let (opcode, tlvs) = if std::mem::take(&mut opening) {
                            let peer_info = vec![HeaderTlv::PeerInfo(PEER_INFO)];
                            (opcode::SYN | opcode::RAK, peer_info)
                        } else {
                            (opcode::RAK, Vec::new())
                        };
                        let header = HeaderV2 {
                            opcode,
                            identifier: self.next_v2,
                            tlvs,
                            data: Some(DataHeader {
                                tf: if offset == 0 { TF_FIRST } else { 0 },
                                package,
                                session_id: 0,
                                data_remaining: (remaining > 0).then_some(remaining as u64),
                                unknown: Vec::new(),
                            }),
                        };
                        self.next_v2 = header.next_identifier(piece.len());
                        self.wrap(to, Header::V2(header), piece)
                    })
                    .collect()
            }
        }
    }

    /// Remembers the bridge to `to`; true when it is new, so a SYN opens it.
    fn bridge(&mut self, to: &str) -> bool {
        let to = to.to_ascii_lowercase();
        if self.bridged.contains(&to) {
            return false;
        }
        if self.bridged.len() < MAX_BRIDGES {
            self.bridged.insert(to);
        }
        true
    }

    /// The acknowledgement of a packet that asked for one; a SYN is answered with ours,
    /// unless it already answers one of ours (that one gets a plain ACK).
    fn v2_ack(&self, acked: &HeaderV2, payload_len: usize) -> HeaderV2 {
        let mut tlvs = vec![HeaderTlv::Ack(acked.next_identifier(payload_len))];
        let answers_ours = acked
            .tlvs
            .iter()
            .any(|tlv| matches!(tlv, HeaderTlv::Ack(_)));
        let opcode = if acked.is_syn() && !answers_ours {
            tlvs.push(HeaderTlv::PeerInfo(PEER_INFO));
            opcode::SYN | opcode::RAK
        } else {
            opcode::NONE
        };
        HeaderV2 {
            opcode,
            identifier: self.next_v2,
            tlvs,
            data: None,
        }
    }

    fn take_v1(&mut self) -> u32 {
        let identifier = self.next_v1;
        self.next_v1 = self.next_v1.wrapping_add(1);
        identifier
    }

    fn wrap(&self, to: &str, header: Header, payload: Bytes) -> Bytes {
        self.wrap_with(to, header, payload, 0)
    }

    fn wrap_with(&self, to: &str, header: Header, payload: Bytes, footer: u32) -> Bytes {
        let source = match (&header, &self.endpoint) {
            (Header::V2(_), Some(guid)) => Some(format!("{};{guid}", self.account)),
            (Header::V2(_), None) => Some(self.account.clone()),
            (Header::V1(_), _) => None,
        };
        Wrapped {
            destination: to.to_owned(),
            source,
            packet: Packet {
                header,
                payload,
                footer,
            },
        }
        .to_mime()
        .to_bytes()
    }

    /// True for packets to us: our address, and our endpoint when one is named.
    fn is_for_us(&self, destination: &str) -> bool {
        let (email, endpoint) = match destination.split_once(';') {
            Some((email, endpoint)) => (email, Some(endpoint)),
            None => (destination, None),
        };
        email.eq_ignore_ascii_case(&self.account)
            && match (endpoint, &self.endpoint) {
                (Some(theirs), Some(ours)) => theirs.eq_ignore_ascii_case(ours),
                _ => true,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::p2p::StartLine;

    const INVITE: &str = "INVITE MSNMSGR:carol@example.com MSNSLP/1.0\r\nTo: <msnmsgr:carol@example.com>\r\nFrom: <msnmsgr:alice@example.com>\r\nVia: MSNSLP/1.0/TLP ;branch={D3A4F752-358E-48DB-A504-87277AF3C7F4}\r\nCSeq: 0 \r\nCall-ID: {A82DBE42-A83D-43D1-B201-0A130903C8E6}\r\nMax-Forwards: 0\r\nContent-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: 111\r\n\r\nEUF-GUID: {A4268EEC-FEC5-49E5-95C3-F126696BDBF6}\r\nSessionID: 49424426\r\nAppID: 1\r\nContext: PG1zbm9iaiAvPg==\r\n\r\n\0";

    fn v1_invite() -> MimeMessage {
        let header = HeaderV1 {
            identifier: 88_617_592,
            total_size: INVITE.len() as u64,
            length: INVITE.len() as u32,
            ack_id: 945_557_595,
            ..HeaderV1::default()
        };
        Wrapped {
            destination: "carol@example.com".into(),
            source: None,
            packet: Packet {
                header: Header::V1(header),
                payload: Bytes::from_static(INVITE.as_bytes()),
                footer: 0,
            },
        }
        .to_mime()
    }

    const CAROL_OBJECT: &str = "<msnobj Creator=\"carol@example.com\" Size=\"1500\" Type=\"3\" Location=\"TFR2C2.tmp\" Friendly=\"AAA=\" SHA1D=\"rcRFgJEuoZNGGimaELDpBjiIa6Q=\"/>";

    fn unwrap(reply: &Bytes) -> Wrapped {
        Wrapped::from_mime(&MimeMessage::parse(reply).unwrap()).unwrap()
    }

    #[test]
    fn a_v1_invite_is_acknowledged_then_declined() {
        let mut answers = P2pAnswers::new("carol@example.com", None);
        let answer = answers.receive("alice@example.com", &v1_invite());
        assert_eq!(answer.replies.len(), 2);
        let ack = unwrap(&answer.replies[0]);
        assert_eq!(ack.destination, "alice@example.com");
        let Header::V1(ack_header) = ack.packet.header else {
            panic!("not v1");
        };
        assert_eq!(
            (
                ack_header.flags,
                ack_header.ack_id,
                ack_header.ack_uid,
                ack_header.ack_size
            ),
            (flags::ACK, 88_617_592, 945_557_595, INVITE.len() as u64)
        );
        let decline = unwrap(&answer.replies[1]);
        let slp = SlpMessage::parse(&decline.packet.payload).unwrap();
        assert_eq!(
            slp.start,
            StartLine::Response {
                code: 603,
                reason: "Decline".into()
            }
        );
        assert_eq!(
            answer.notice,
            Some(Notice::ObjectRequest { declined: true })
        );
    }

    #[test]
    fn a_v2_invite_gets_a_syn_ack_then_a_decline_with_the_same_identifier() {
        let endpoint = "{894A37C9-5682-41D8-A7C5-B1E23377812B}";
        let mut answers = P2pAnswers::new("carol@example.com", Some(endpoint.into()));
        let header = HeaderV2 {
            opcode: opcode::SYN | opcode::RAK,
            identifier: 25_229_739,
            tlvs: vec![HeaderTlv::PeerInfo(PEER_INFO)],
            data: Some(DataHeader {
                tf: TF_FIRST,
                package: 1,
                ..DataHeader::default()
            }),
        };
        let invite = Wrapped {
            destination: format!("carol@example.com;{endpoint}"),
            source: Some("alice@example.com;{4b3b32b0-688e-4c58-b12d-5a36b645ebb3}".into()),
            packet: Packet {
                header: Header::V2(header.clone()),
                payload: Bytes::from_static(INVITE.as_bytes()),
                footer: 0,
            },
        };
        let answer = answers.receive("alice@example.com", &invite.to_mime());
        let [ack, decline] = answer.replies.as_slice() else {
            panic!("an ACK and a decline expected");
        };
        let (ack, decline) = (unwrap(ack), unwrap(decline));
        assert_eq!(ack.destination, invite.source.clone().unwrap());
        assert_eq!(ack.source, Some(format!("carol@example.com;{endpoint}")));
        let (Header::V2(ack), Header::V2(decline_header)) =
            (ack.packet.header, &decline.packet.header)
        else {
            panic!("answered in P2Pv1");
        };
        assert_eq!(ack.opcode, opcode::SYN | opcode::RAK);
        assert_eq!(
            ack.tlvs,
            [
                HeaderTlv::Ack(header.next_identifier(INVITE.len())),
                HeaderTlv::PeerInfo(PEER_INFO)
            ]
        );
        assert_eq!(
            decline_header.identifier, ack.identifier,
            "an ACK does not advance it"
        );
        assert_eq!(decline_header.opcode, opcode::RAK);
        assert!(SlpMessage::parse(&decline.packet.payload).is_ok());
    }

    const ALICE: &str = "alice@example.com;{4b3b32b0-688e-4c58-b12d-5a36b645ebb3}";
    const CAROL: &str = "carol@example.com;{894a37c9-5682-41d8-a7c5-b1e23377812b}";

    /// Alice's first packet in `p2p-relay-msnp18` after its identifier: the PeerInfo
    /// TLV, padding, and the data header (8 bytes, TF first, package 1, session 0).
    const RECORDED_FIRST_TAIL: [u8; 24] = [
        0x01, 0x0c, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x0f, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x08, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn the_first_v2_packet_opens_the_bridge_in_the_recorded_shape() {
        let mut alice = P2pAnswers::new(
            "alice@example.com",
            Some("{4b3b32b0-688e-4c58-b12d-5a36b645ebb3}".into()),
        );
        let object = crate::p2p::MsnObject::parse(CAROL_OBJECT).unwrap();
        let (_, invite) =
            crate::p2p::transfer::FileTransfer::requesting_object(ALICE, CAROL, &object, 12);
        let [first] = alice.slp(CAROL, Version::V2, &invite).try_into().unwrap();
        let wrapped = unwrap(&first);
        assert_eq!(wrapped.destination, CAROL);
        assert_eq!(wrapped.source.as_deref(), Some(ALICE));
        let bytes = wrapped.packet.to_bytes();
        let slp = invite.to_bytes();
        assert_eq!(&bytes[..2], [0x18, 0x03], "HL 24, SYN|RAK");
        assert_eq!(
            u16::from_be_bytes([bytes[2], bytes[3]]) as usize,
            8 + slp.len()
        );
        assert_eq!(bytes[8..32], RECORDED_FIRST_TAIL);
        assert_eq!(bytes[32..bytes.len() - 4], slp);
        let text = String::from_utf8(slp).unwrap();
        assert!(text.starts_with(&format!("INVITE MSNMSGR:{CAROL} MSNSLP/1.0\r\nTo: <msnmsgr:{CAROL}>\r\nFrom: <msnmsgr:{ALICE}>\r\n")), "{text}");

        let [again] = alice.slp(CAROL, Version::V2, &invite).try_into().unwrap();
        let Header::V2(again) = unwrap(&again).packet.header else {
            panic!("not v2");
        };
        assert_eq!(
            (again.opcode, again.tlvs),
            (opcode::RAK, vec![]),
            "the bridge is open"
        );
    }

    #[test]
    fn the_answer_to_our_syn_is_acknowledged_plainly() {
        let mut alice = P2pAnswers::new(
            "alice@example.com",
            Some("{4b3b32b0-688e-4c58-b12d-5a36b645ebb3}".into()),
        );
        let carol_ack = HeaderV2 {
            opcode: opcode::SYN | opcode::RAK,
            identifier: 59_287_615,
            tlvs: vec![HeaderTlv::Ack(25_230_538), HeaderTlv::PeerInfo(PEER_INFO)],
            data: None,
        };
        let carol_ack = Wrapped {
            destination: ALICE.into(),
            source: Some(CAROL.into()),
            packet: Packet {
                header: Header::V2(carol_ack),
                payload: Bytes::new(),
                footer: 0,
            },
        };
        let answer = alice.receive("carol@example.com", &carol_ack.to_mime());
        let [ack] = answer.replies.as_slice() else {
            panic!("one ACK expected");
        };
        let Header::V2(ack) = unwrap(ack).packet.header else {
            panic!("not v2");
        };
        assert_eq!(ack.opcode, opcode::NONE);
        assert_eq!(ack.tlvs, [HeaderTlv::Ack(59_287_615)]);
    }

    #[test]
    fn a_full_data_packet_fills_the_switchboard_limit_exactly() {
        let mut alice = P2pAnswers::new("alice@example.com", Some("{4b3b32b0}".into()));
        for (to, version) in [("bob@example.com", Version::V1), (CAROL, Version::V2)] {
            let stream = alice.stream(to, version);
            assert!(stream.capacity > MAX_PACKET_DATA, "{version:?}");
            let chunk = Bytes::from(vec![7; stream.capacity]);
            let first = (version, DataKind::FILE);
            let packet = alice.data_chunk(to, first, &stream, 9, (0, 1 << 40), chunk.clone());
            assert_eq!(packet.len(), MAX_PAYLOAD_LEN, "{version:?}");
            let last = alice.data_chunk(to, first, &stream, 9, (5, 5 + chunk.len() as u64), chunk);
            assert!(last.len() <= MAX_PAYLOAD_LEN);
            let wrapped = unwrap(&packet);
            assert_eq!(wrapped.packet.payload.len(), stream.capacity);
        }
        let long = format!("{}@example.com", "x".repeat(2000));
        assert_eq!(alice.stream(&long, Version::V1).capacity, 0);
    }

    #[test]
    fn slp_packets_to_a_long_address_stay_within_the_switchboard_limit() {
        let mut alice = P2pAnswers::new("alice@example.com", Some("{4b3b32b0}".into()));
        let object = crate::p2p::MsnObject::parse(CAROL_OBJECT).unwrap();
        for version in [Version::V1, Version::V2] {
            let long = format!("{}@example.com;{{4b3b32b0}}", "x".repeat(700));
            let (_, invite) =
                crate::p2p::transfer::FileTransfer::requesting_object(ALICE, &long, &object, 12);
            let packets = alice.slp(&long, version, &invite);
            assert!(packets.len() > 1, "{version:?}");
            for packet in &packets {
                assert!(
                    packet.len() <= MAX_PAYLOAD_LEN,
                    "{version:?}: {}",
                    packet.len()
                );
            }
            let too_long = format!("{}@example.com", "x".repeat(2000));
            assert!(alice.slp(&too_long, version, &invite).is_empty());
        }
    }

    /// Carol's answer to alice, as carol's other place sees it in the same switchboard.
    #[test]
    fn another_places_answer_to_an_offer_goes_to_the_transfers_unanswered() {
        let mut carol = P2pAnswers::new("carol@example.com", Some("{1}".into()));
        let replies = carol.receive("alice@example.com", &v1_invite()).replies;
        let [ack, decline] = [&replies[0], &replies[1]].map(|r| MimeMessage::parse(r).unwrap());
        let mut other_place = P2pAnswers::new("carol@example.com", Some("{2}".into()));
        let answer = other_place.receive("carol@example.com", &ack);
        assert!(answer.replies.is_empty() && answer.transfer.is_none());
        let answer = other_place.receive("carol@example.com", &decline);
        assert!(answer.replies.is_empty() && answer.notice.is_none());
        let Some(ForTransfers::AnsweredElsewhere(message)) = answer.transfer else {
            panic!("not passed on as answered elsewhere");
        };
        assert!(matches!(
            message.start,
            StartLine::Response { code: 603, .. }
        ));
    }

    #[test]
    fn packets_for_someone_else_and_acks_get_nothing() {
        let mut bob = P2pAnswers::new("bob@example.com", None);
        assert!(
            bob.receive("alice@example.com", &v1_invite())
                .replies
                .is_empty()
        );
        let mut other_endpoint = P2pAnswers::new("carol@example.com", Some("{1}".into()));
        let mut invite = v1_invite();
        invite.headers = invite
            .headers
            .iter()
            .map(|(name, value)| match name {
                "P2P-Dest" => (name, "carol@example.com;{2}"),
                _ => (name, value),
            })
            .collect();
        let answer = other_endpoint.receive("alice@example.com", &invite);
        assert!(answer.replies.is_empty() && answer.notice.is_none());
        let mut carol = P2pAnswers::new("carol@example.com", None);
        let ack = carol
            .receive("alice@example.com", &v1_invite())
            .replies
            .remove(0);
        let ack = MimeMessage::parse(&ack).unwrap();
        let mut alice = P2pAnswers::new("alice@example.com", None);
        let answer = alice.receive("carol@example.com", &ack);
        assert!(answer.replies.is_empty() && answer.notice.is_none());
    }
}
