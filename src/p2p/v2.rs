//! The P2Pv2 header (MSNP16+, extensions §3.5): big-endian, an 8-byte header with TLVs,
//! then, when there is payload, an 8-byte data header with TLVs.

use super::error::P2pError;

/// Header operation codes.
pub mod opcode {
    pub const NONE: u8 = 0x00;
    pub const SYN: u8 = 0x01;
    pub const RAK: u8 = 0x02;
}

/// Transfer-field value of the first packet of an MSNSLP message.
pub const TF_FIRST: u8 = 0x01;

/// The PeerInfo value WLM 2009 sends: protocol 0x0200, implementation 0, version
/// 0x0E00, reserved 0, capabilities 0x0000010F, each little-endian.
pub const PEER_INFO: [u8; 12] = [
    0x00, 0x02, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x0f, 0x01, 0x00, 0x00,
];

const FIXED_LEN: usize = 8;
const TLV_PEER_INFO: u8 = 1;
const TLV_ACK: u8 = 2;
const TLV_NAK: u8 = 3;
const TLV_DATA_REMAINING: u8 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderTlv {
    PeerInfo([u8; 12]),
    /// The next identifier the sender expects from us.
    Ack(u32),
    Nak(u32),
    /// Unknown types are kept, so a packet re-encodes as it came.
    Other {
        kind: u8,
        value: Vec<u8>,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataHeader {
    pub tf: u8,
    pub package: u16,
    /// 0 for MSNSLP.
    pub session_id: u32,
    /// Bytes of this message still to come after this packet.
    pub data_remaining: Option<u64>,
    /// TLVs of unknown types, kept so that the header re-encodes to its length.
    pub unknown: Vec<(u8, Vec<u8>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderV2 {
    pub opcode: u8,
    pub identifier: u32,
    pub tlvs: Vec<HeaderTlv>,
    /// Present when the packet carries payload.
    pub data: Option<DataHeader>,
}

impl HeaderV2 {
    /// Reads the header of `bytes` (a packet without its footer); returns it with the
    /// payload length its `MessageLength` announces and where the payload starts.
    pub fn parse(bytes: &[u8]) -> Result<(Self, usize, usize), P2pError> {
        let fixed = bytes.get(..FIXED_LEN).ok_or(P2pError::Truncated {
            len: bytes.len(),
            needed: FIXED_LEN,
        })?;
        let header_len = usize::from(fixed[0]);
        let message_len = usize::from(u16::from_be_bytes([fixed[2], fixed[3]]));
        let identifier = u32::from_be_bytes([fixed[4], fixed[5], fixed[6], fixed[7]]);
        let tlv_bytes = bytes
            .get(FIXED_LEN..header_len)
            .ok_or(P2pError::BadHeaderLength {
                what: "header",
                length: header_len,
            })?;
        let tlvs = tlv_list(tlv_bytes)?
            .into_iter()
            .map(|(kind, value)| match (kind, value.len()) {
                (TLV_PEER_INFO, 12) => {
                    let mut info = [0; 12];
                    info.copy_from_slice(value);
                    HeaderTlv::PeerInfo(info)
                }
                (TLV_ACK | TLV_NAK, 4) => {
                    let number = u32::from_be_bytes([value[0], value[1], value[2], value[3]]);
                    if kind == TLV_ACK {
                        HeaderTlv::Ack(number)
                    } else {
                        HeaderTlv::Nak(number)
                    }
                }
                _ => HeaderTlv::Other {
                    kind,
                    value: value.to_vec(),
                },
            })
            .collect();
        let mut header = Self {
            opcode: fixed[1],
            identifier,
            tlvs,
            data: None,
        };
        if message_len == 0 {
            return Ok((header, 0, header_len));
        }
        let data = &bytes[header_len..];
        let data_len = usize::from(*data.first().ok_or(P2pError::Truncated {
            len: bytes.len(),
            needed: header_len + FIXED_LEN,
        })?);
        if data_len < FIXED_LEN || data_len > message_len {
            return Err(P2pError::BadHeaderLength {
                what: "data header",
                length: data_len,
            });
        }
        let data = data.get(..data_len).ok_or(P2pError::Truncated {
            len: bytes.len(),
            needed: header_len + data_len,
        })?;
        let mut data_remaining = None;
        let mut unknown = Vec::new();
        for (kind, value) in tlv_list(&data[FIXED_LEN..])? {
            match <[u8; 8]>::try_from(value) {
                Ok(number) if kind == TLV_DATA_REMAINING && data_remaining.is_none() => {
                    data_remaining = Some(u64::from_be_bytes(number));
                }
                _ => unknown.push((kind, value.to_vec())),
            }
        }
        header.data = Some(DataHeader {
            tf: data[1],
            package: u16::from_be_bytes([data[2], data[3]]),
            session_id: u32::from_be_bytes([data[4], data[5], data[6], data[7]]),
            data_remaining,
            unknown,
        });
        Ok((header, message_len - data_len, header_len + data_len))
    }

    /// Writes the header for a packet with `payload_len` bytes of payload.
    pub fn write(&self, payload_len: usize, out: &mut Vec<u8>) {
        let mut tlvs = Vec::new();
        for tlv in &self.tlvs {
            let (kind, value) = match tlv {
                HeaderTlv::PeerInfo(info) => (TLV_PEER_INFO, info.to_vec()),
                HeaderTlv::Ack(number) => (TLV_ACK, number.to_be_bytes().to_vec()),
                HeaderTlv::Nak(number) => (TLV_NAK, number.to_be_bytes().to_vec()),
                HeaderTlv::Other { kind, value } => (*kind, value.clone()),
            };
            push_tlv(&mut tlvs, kind, &value);
        }
        let data = self.data.as_ref().map(|data| {
            let mut tlvs = Vec::new();
            if let Some(remaining) = data.data_remaining {
                push_tlv(&mut tlvs, TLV_DATA_REMAINING, &remaining.to_be_bytes());
            }
            for (kind, value) in &data.unknown {
                push_tlv(&mut tlvs, *kind, value);
            }
            let mut bytes = vec![0, data.tf];
            bytes.extend_from_slice(&data.package.to_be_bytes());
            bytes.extend_from_slice(&data.session_id.to_be_bytes());
            bytes.extend_from_slice(&tlvs);
            pad(&mut bytes);
            bytes[0] = u8::try_from(bytes.len()).unwrap_or(u8::MAX);
            bytes
        });
        let message_len = data.as_ref().map_or(0, |data| data.len() + payload_len);
        let start = out.len();
        out.push(0);
        out.push(self.opcode);
        out.extend_from_slice(&u16::try_from(message_len).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(&self.identifier.to_be_bytes());
        out.extend_from_slice(&tlvs);
        let header_len = out.len() - start;
        out.resize(start + header_len.next_multiple_of(4), 0);
        out[start] = u8::try_from(out.len() - start).unwrap_or(u8::MAX);
        if let Some(data) = data {
            out.extend_from_slice(&data);
        }
    }

    /// The `MessageLength` of a packet with this header and `payload_len` bytes.
    pub fn message_len(&self, payload_len: usize) -> usize {
        let mut bytes = Vec::new();
        self.write(payload_len, &mut bytes);
        usize::from(u16::from_be_bytes([bytes[2], bytes[3]]))
    }

    /// The identifier a packet with `payload_len` bytes, sent after this one, gets; it
    /// is also the value of this packet's acknowledgement.
    pub fn next_identifier(&self, payload_len: usize) -> u32 {
        let length = u32::try_from(self.message_len(payload_len)).unwrap_or(u32::MAX);
        self.identifier.wrapping_add(length)
    }

    pub fn requests_ack(&self) -> bool {
        self.opcode & opcode::RAK != 0
    }

    pub fn is_syn(&self) -> bool {
        self.opcode & opcode::SYN != 0
    }
}

fn push_tlv(out: &mut Vec<u8>, kind: u8, value: &[u8]) {
    out.push(kind);
    out.push(u8::try_from(value.len()).unwrap_or(u8::MAX));
    out.extend_from_slice(value);
}

fn pad(bytes: &mut Vec<u8>) {
    let padded = bytes.len().next_multiple_of(4);
    bytes.resize(padded, 0);
}

/// Type-length-value entries up to the end or a zero type (padding).
fn tlv_list(mut bytes: &[u8]) -> Result<Vec<(u8, &[u8])>, P2pError> {
    let mut list = Vec::new();
    while let [kind, rest @ ..] = bytes {
        if *kind == 0 {
            break;
        }
        let [length, rest @ ..] = rest else {
            return Err(P2pError::TlvOverrun { kind: *kind });
        };
        let length = usize::from(*length);
        let value = rest
            .get(..length)
            .ok_or(P2pError::TlvOverrun { kind: *kind })?;
        list.push((*kind, value));
        bytes = &rest[length..];
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Carol's SYN|RAK acknowledgement of alice's INVITE in `p2p-relay-msnp18`.
    const RECORDED_ACK: [u8; 28] = [
        0x1c, 0x03, 0x00, 0x00, 0x03, 0x88, 0xa8, 0x3f, 0x02, 0x04, 0x01, 0x80, 0xfc, 0xca, 0x01,
        0x0c, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x0f, 0x01, 0x00, 0x00,
    ];

    /// The header of alice's INVITE in the same recording.
    const RECORDED_INVITE: [u8; 32] = [
        0x18, 0x03, 0x03, 0x1f, 0x01, 0x80, 0xf9, 0xab, 0x01, 0x0c, 0x00, 0x02, 0x00, 0x00, 0x00,
        0x0e, 0x00, 0x00, 0x0f, 0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x00,
    ];

    #[test]
    fn reads_the_recorded_invite_header() {
        let mut packet = RECORDED_INVITE.to_vec();
        packet.resize(RECORDED_INVITE.len() + 791, b'x');
        let (header, payload_len, payload_at) = HeaderV2::parse(&packet).unwrap();
        assert_eq!(header.opcode, opcode::SYN | opcode::RAK);
        assert_eq!(header.identifier, 25_229_739);
        assert_eq!(header.tlvs, [HeaderTlv::PeerInfo(PEER_INFO)]);
        let data = header.data.clone().unwrap();
        assert_eq!((data.tf, data.package, data.session_id), (TF_FIRST, 1, 0));
        assert_eq!((payload_len, payload_at), (791, 32));
        assert_eq!(header.next_identifier(payload_len), 25_230_538);
        let mut again = Vec::new();
        header.write(payload_len, &mut again);
        assert_eq!(again, RECORDED_INVITE);
    }

    #[test]
    fn builds_the_recorded_acknowledgement() {
        let ack = HeaderV2 {
            opcode: opcode::SYN | opcode::RAK,
            identifier: 59_287_615,
            tlvs: vec![HeaderTlv::Ack(25_230_538), HeaderTlv::PeerInfo(PEER_INFO)],
            data: None,
        };
        let mut bytes = Vec::new();
        ack.write(0, &mut bytes);
        assert_eq!(bytes, RECORDED_ACK);
        assert_eq!(HeaderV2::parse(&bytes), Ok((ack, 0, 28)));
    }

    #[test]
    fn hostile_lengths_are_errors() {
        assert!(HeaderV2::parse(&[8, 0, 0, 0]).is_err());
        assert!(HeaderV2::parse(&[12, 0, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(matches!(
            HeaderV2::parse(&[12, 0, 0, 0, 0, 0, 0, 0, 2, 9, 0, 0]),
            Err(P2pError::TlvOverrun { kind: 2 })
        ));
        assert!(matches!(
            HeaderV2::parse(&[8, 0, 0, 4, 0, 0, 0, 0, 8, 1, 0, 1]),
            Err(P2pError::BadHeaderLength {
                what: "data header",
                ..
            })
        ));
        let remaining = [
            8, 0, 0, 20, 0, 0, 0, 0, 20, 1, 0, 1, 0, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0, 0, 1, 42, 0, 0,
        ];
        let (header, payload_len, _) = HeaderV2::parse(&remaining).unwrap();
        assert_eq!(header.data.unwrap().data_remaining, Some(298));
        assert_eq!(payload_len, 0);
    }
}
