//! Why a file transfer ended early.

use thiserror::Error;

use crate::p2p::P2pError;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransferError {
    #[error("the sender announced {announced} bytes but offered a file of {offered}")]
    SizeMismatch { announced: u64, offered: u64 },
    #[error("a chunk at offset {offset} came where byte {expected} was due")]
    OutOfOrder { offset: u64, expected: u64 },
    #[error("a chunk at offset {offset} of {length} bytes runs past the end ({size} bytes)")]
    PastEnd { offset: u64, length: u64, size: u64 },
    #[error("the sender said the file ended after {received} of {size} bytes")]
    EndedEarly { received: u64, size: u64 },
    #[error("the invitation is unusable: {0}")]
    BadInvite(P2pError),
    #[error("data arrived before the transfer was accepted")]
    NotAccepted,
}
