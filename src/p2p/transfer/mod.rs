//! File transfer over P2P (extensions §3.9), the pure parts: the file context an offer
//! carries, the MSNSLP messages of a transfer session, the names files are saved under,
//! and the state machine that checks every chunk. No files and no sockets: the
//! switchboard task drives it and does the reading and writing.

mod context;
mod error;
mod machine;
mod name;
mod session;

pub use context::file_context;
pub use error::TransferError;
pub use machine::{FileTransfer, Outcome, Phase, Position, Role};
pub use name::{numbered, safe_name};
pub use session::{Invite, bye, invite};

/// The application id of file data (the footer of its packets).
pub const FILE_APP_ID: u32 = 2;
/// P2Pv1 flags of file data as WLM sends them (0x10 | 0x20, WLM 2009 marker).
pub const FILE_DATA_FLAGS: u32 = 0x0100_0030;
/// P2Pv2 transfer field of file data, and of the first packet of the file.
pub const TF_FILE: u8 = 0x06;
pub const TF_FILE_FIRST: u8 = 0x07;
