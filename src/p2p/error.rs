//! What can be wrong with a P2P packet or an MSNSLP message.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum P2pError {
    #[error("P2P packet of {len} bytes is shorter than its {needed}-byte header and footer")]
    Truncated { len: usize, needed: usize },
    #[error("P2P header says {declared} payload bytes but the packet holds {actual}")]
    LengthMismatch { declared: u64, actual: usize },
    #[error("P2P chunk at offset {offset} + {length} bytes is beyond the total size {total}")]
    OutOfBounds {
        offset: u64,
        length: u64,
        total: u64,
    },
    #[error("P2Pv2 {what} length {length} is invalid")]
    BadHeaderLength { what: &'static str, length: usize },
    #[error("P2Pv2 TLV of type {kind} runs past its header")]
    TlvOverrun { kind: u8 },
    #[error("P2P message without a P2P-Dest header")]
    MissingDestination,
    #[error("MSNSLP message is not UTF-8 text")]
    SlpNotText,
    #[error("MSNSLP start line is malformed: {0:?}")]
    BadStartLine(String),
    #[error("MSNSLP message lacks the `{0}` field")]
    MissingField(&'static str),
    #[error("invalid MSNSLP `{field}` value {value:?}")]
    InvalidField { field: &'static str, value: String },
    #[error("MSNSLP message of {size} bytes is over the limit of {limit}")]
    SlpTooLarge { size: u64, limit: usize },
    #[error("P2P packet does not continue the message it belongs to")]
    OutOfOrder,
    #[error("too many MSNSLP messages are half-received")]
    TooManyPending,
    #[error("file-transfer context of {len} bytes is too short")]
    ShortFileContext { len: usize },
}
