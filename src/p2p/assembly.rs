//! MSNSLP messages longer than one packet, joined again (a file INVITE with a preview
//! image takes several). Packets of one message come in order over a switchboard; a gap
//! drops the message. Everything is bounded: size per message and messages under way.

use std::collections::HashMap;

use bytes::Bytes;

use super::error::P2pError;
use super::v1::HeaderV1;
use super::v2::{DataHeader, TF_FIRST};

/// The longest MSNSLP message accepted (an INVITE with a 96×96 preview fits easily).
pub const MAX_SLP_LEN: usize = 128 * 1024;
const MAX_PENDING: usize = 8;

/// Messages under way, by sender and message identifier (v1) or package number (v2).
#[derive(Default)]
pub struct SlpAssembly {
    pending: HashMap<(String, u32), Vec<u8>>,
}

impl SlpAssembly {
    /// A P2Pv1 packet; the whole message once its last packet is in.
    pub fn v1(
        &mut self,
        sender: &str,
        header: &HeaderV1,
        payload: &[u8],
    ) -> Result<Option<Bytes>, P2pError> {
        let total = usize::try_from(header.total_size)
            .ok()
            .filter(|total| *total <= MAX_SLP_LEN)
            .ok_or(P2pError::SlpTooLarge {
                size: header.total_size,
                limit: MAX_SLP_LEN,
            })?;
        let key = (sender.to_ascii_lowercase(), header.identifier);
        let offset = usize::try_from(header.offset).unwrap_or(usize::MAX);
        if offset == 0 {
            self.pending.remove(&key);
        }
        self.append(key, offset, payload, total)
    }

    /// A P2Pv2 packet with payload; the whole message once no data remains.
    pub fn v2(
        &mut self,
        sender: &str,
        data: &DataHeader,
        payload: &[u8],
    ) -> Result<Option<Bytes>, P2pError> {
        let key = (sender.to_ascii_lowercase(), u32::from(data.package));
        let remaining = data.data_remaining.unwrap_or(0);
        let offset = if data.tf & TF_FIRST != 0 {
            self.pending.remove(&key);
            0
        } else {
            self.pending
                .get(&key)
                .map(Vec::len)
                .ok_or(P2pError::OutOfOrder)?
        };
        let total = u64::try_from(offset.saturating_add(payload.len()))
            .unwrap_or(u64::MAX)
            .saturating_add(remaining);
        let total = usize::try_from(total)
            .ok()
            .filter(|total| *total <= MAX_SLP_LEN)
            .ok_or(P2pError::SlpTooLarge {
                size: total,
                limit: MAX_SLP_LEN,
            })?;
        self.append(key, offset, payload, total)
    }

    fn append(
        &mut self,
        key: (String, u32),
        offset: usize,
        payload: &[u8],
        total: usize,
    ) -> Result<Option<Bytes>, P2pError> {
        if offset == 0 && payload.len() == total {
            return Ok(Some(Bytes::copy_from_slice(payload)));
        }
        if offset == 0 && !self.pending.contains_key(&key) {
            if self.pending.len() >= MAX_PENDING {
                return Err(P2pError::TooManyPending);
            }
            self.pending.insert(key.clone(), Vec::new());
        }
        let Some(buffer) = self.pending.get_mut(&key) else {
            return Err(P2pError::OutOfOrder);
        };
        if buffer.len() != offset || offset + payload.len() > total {
            self.pending.remove(&key);
            return Err(P2pError::OutOfOrder);
        }
        buffer.extend_from_slice(payload);
        if buffer.len() < total {
            return Ok(None);
        }
        Ok(self.pending.remove(&key).map(Bytes::from))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn v1_part(offset: u64, payload: &[u8], total: u64) -> HeaderV1 {
        HeaderV1 {
            identifier: 5,
            offset,
            total_size: total,
            length: u32::try_from(payload.len()).unwrap(),
            ..HeaderV1::default()
        }
    }

    #[test]
    fn joins_v1_packets_in_order() {
        let mut assembly = SlpAssembly::default();
        assert_eq!(
            assembly.v1("bob@x", &v1_part(0, b"INV", 6), b"INV"),
            Ok(None)
        );
        assert_eq!(
            assembly.v1("bob@x", &v1_part(3, b"ITE", 6), b"ITE"),
            Ok(Some(Bytes::from_static(b"INVITE")))
        );
        assert_eq!(
            assembly.v1("bob@x", &v1_part(3, b"ITE", 6), b"ITE"),
            Err(P2pError::OutOfOrder)
        );
        assert!(matches!(
            assembly.v1("bob@x", &v1_part(0, b"x", 1 << 40), b"x"),
            Err(P2pError::SlpTooLarge { .. })
        ));
    }

    #[test]
    fn joins_v2_packets_by_package() {
        let mut assembly = SlpAssembly::default();
        let first = DataHeader {
            tf: TF_FIRST,
            package: 3,
            session_id: 0,
            data_remaining: Some(3),
            unknown: Vec::new(),
        };
        let rest = DataHeader {
            tf: 0,
            data_remaining: None,
            ..first.clone()
        };
        assert_eq!(assembly.v2("bob@x", &first, b"INV"), Ok(None));
        assert_eq!(
            assembly.v2("bob@x", &rest, b"ITE"),
            Ok(Some(Bytes::from_static(b"INVITE")))
        );
        assert_eq!(
            assembly.v2("bob@x", &rest, b"ITE"),
            Err(P2pError::OutOfOrder)
        );
    }

    proptest! {
        #[test]
        fn any_split_of_a_v1_message_joins(message in proptest::collection::vec(any::<u8>(), 1..3000), size in 1usize..1300) {
            let mut assembly = SlpAssembly::default();
            let total = message.len() as u64;
            let mut joined = None;
            for (index, part) in message.chunks(size).enumerate() {
                let offset = (index * size) as u64;
                joined = assembly.v1("bob@x", &v1_part(offset, part, total), part).unwrap();
            }
            prop_assert_eq!(joined, Some(Bytes::from(message)));
        }
    }
}
