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
/// The application id of MSNObjects: 1 with P2Pv1 (MSN 6–7), 12 for display pictures
/// with P2Pv2 (WLM 2009).
pub const OBJECT_APP_ID_V1: u32 = 1;
pub const OBJECT_APP_ID_V2: u32 = 12;

/// How the data packets of a transfer are marked (extensions §3.3–3.5, §3.8–3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataKind {
    /// P2Pv1 flags.
    pub flags: u32,
    /// P2Pv2 transfer field of the first packet, and of the others.
    pub tf_first: u8,
    pub tf: u8,
    /// The footer.
    pub app_id: u32,
}

impl DataKind {
    /// File data as WLM sends it (flags 0x10 | 0x20 with the WLM 2009 marker).
    pub const FILE: DataKind = DataKind {
        flags: 0x0100_0030,
        tf_first: 0x07,
        tf: 0x06,
        app_id: FILE_APP_ID,
    };

    /// MSNObject data for a session invited with `app_id`.
    pub fn object(app_id: u32) -> DataKind {
        DataKind {
            flags: 0x20,
            tf_first: 0x05,
            tf: 0x04,
            app_id,
        }
    }
}

/// True for the "data preparation" packet an MSNObject's data follows (4 zero bytes,
/// P2Pv1 flags without the data bits, P2Pv2 transfer field without them).
pub fn is_data_preparation_v1(flags: u32) -> bool {
    flags & 0x30 == 0
}

pub fn is_data_preparation_v2(tf: u8) -> bool {
    tf & 0x06 == 0
}
