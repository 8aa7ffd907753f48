//! P2P (MSNC) over the switchboard (extensions §3): the binary packet headers of P2Pv1
//! and P2Pv2, the MSG wrapper around them, and the MSNSLP messages they carry. Pure
//! parsing and encoding, like `protocol/`, no sockets; `transfer` adds the state machine
//! of a file transfer, still without I/O.

mod assembly;
mod error;
mod invitation;
mod msn_object;
mod packet;
mod slp;
pub mod transfer;
mod v1;
mod v2;

pub use assembly::SlpAssembly;
pub use error::P2pError;
pub use invitation::{Application, FILE_TRANSFER, FileOffer, Invitation, MSN_OBJECT};
pub use msn_object::{DISPLAY_PICTURE, MsnObject};
pub use packet::{CONTENT_TYPE, Header, Packet, Version, Wrapped, session_data_start};
pub use slp::{SlpMessage, StartLine};
pub use v1::{HeaderV1, flags};
pub use v2::{DataHeader, HeaderTlv, HeaderV2, PEER_INFO, TF_FIRST, opcode};

/// The most payload one packet carries on a switchboard (libpurple, MSNPSharp).
pub const MAX_PACKET_DATA: usize = 1202;
