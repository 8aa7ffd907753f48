//! The P2Pv1 header (MSNP9–15, extensions §3.3): 48 bytes, little-endian.

use super::error::P2pError;

pub const HEADER_LEN: usize = 48;

/// Header flag bits.
pub mod flags {
    pub const NAK: u32 = 0x01;
    pub const ACK: u32 = 0x02;
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeaderV1 {
    /// 0 for MSNSLP messages.
    pub session_id: u32,
    pub identifier: u32,
    pub offset: u64,
    pub total_size: u64,
    /// Payload bytes in this packet.
    pub length: u32,
    pub flags: u32,
    pub ack_id: u32,
    pub ack_uid: u32,
    pub ack_size: u64,
}

impl HeaderV1 {
    /// Reads the first 48 bytes of `bytes`.
    pub fn parse(bytes: &[u8]) -> Result<Self, P2pError> {
        let header: &[u8; HEADER_LEN] = bytes
            .get(..HEADER_LEN)
            .and_then(|head| head.try_into().ok())
            .ok_or(P2pError::Truncated {
                len: bytes.len(),
                needed: HEADER_LEN,
            })?;
        let u32_at = |at: usize| {
            u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
        };
        let u64_at = |at: usize| u64::from(u32_at(at)) | (u64::from(u32_at(at + 4)) << 32);
        let parsed = Self {
            session_id: u32_at(0),
            identifier: u32_at(4),
            offset: u64_at(8),
            total_size: u64_at(16),
            length: u32_at(24),
            flags: u32_at(28),
            ack_id: u32_at(32),
            ack_uid: u32_at(36),
            ack_size: u64_at(40),
        };
        parsed.check_bounds()?;
        Ok(parsed)
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.session_id.to_le_bytes());
        out.extend_from_slice(&self.identifier.to_le_bytes());
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.total_size.to_le_bytes());
        out.extend_from_slice(&self.length.to_le_bytes());
        out.extend_from_slice(&self.flags.to_le_bytes());
        out.extend_from_slice(&self.ack_id.to_le_bytes());
        out.extend_from_slice(&self.ack_uid.to_le_bytes());
        out.extend_from_slice(&self.ack_size.to_le_bytes());
    }

    pub fn is_ack(&self) -> bool {
        self.flags & flags::ACK != 0
    }

    /// True for the last chunk of a message, which is what gets acknowledged.
    pub fn completes_message(&self) -> bool {
        self.offset.checked_add(u64::from(self.length)) == Some(self.total_size)
    }

    /// The acknowledgement of the message this packet completes, sent as `identifier`.
    pub fn ack(&self, identifier: u32) -> HeaderV1 {
        HeaderV1 {
            session_id: self.session_id,
            identifier,
            offset: 0,
            total_size: self.total_size,
            length: 0,
            flags: flags::ACK,
            ack_id: self.identifier,
            ack_uid: self.ack_id,
            ack_size: self.total_size,
        }
    }

    /// `offset + length ≤ total_size`, without overflow.
    fn check_bounds(&self) -> Result<(), P2pError> {
        let out_of_bounds = P2pError::OutOfBounds {
            offset: self.offset,
            length: u64::from(self.length),
            total: self.total_size,
        };
        match self.offset.checked_add(u64::from(self.length)) {
            Some(end) if end <= self.total_size => Ok(()),
            _ => Err(out_of_bounds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Carol's acknowledgement of alice's INVITE in `p2p-relay-msnp15`.
    const RECORDED_ACK: [u8; 48] = [
        0x00, 0x00, 0x00, 0x00, 0xed, 0x18, 0x64, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, //
        0x8f, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, //
        0x78, 0x32, 0x48, 0x05, 0x5b, 0x10, 0x5c, 0x38, 0x8f, 0x02, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn builds_the_recorded_acknowledgement() {
        let invite = HeaderV1 {
            identifier: 88_617_592,
            total_size: 655,
            length: 655,
            ack_id: 945_557_595,
            ..HeaderV1::default()
        };
        assert!(invite.completes_message());
        let ack = invite.ack(56_891_629);
        let mut bytes = Vec::new();
        ack.write(&mut bytes);
        assert_eq!(bytes, RECORDED_ACK);
        assert_eq!(HeaderV1::parse(&bytes), Ok(ack));
        assert!(ack.is_ack());
    }

    #[test]
    fn rejects_short_input_and_chunks_past_the_total() {
        assert_eq!(
            HeaderV1::parse(&[0; 47]),
            Err(P2pError::Truncated {
                len: 47,
                needed: 48
            })
        );
        let mut bytes = Vec::new();
        HeaderV1 {
            offset: u64::MAX,
            total_size: 10,
            length: 2,
            ..HeaderV1::default()
        }
        .write(&mut bytes);
        assert!(matches!(
            HeaderV1::parse(&bytes),
            Err(P2pError::OutOfBounds { .. })
        ));
    }
}
