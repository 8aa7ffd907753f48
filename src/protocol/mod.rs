//! The MSN Notification Protocol: bytes, frames and typed commands. No sockets, no terminal.

pub mod auth;
pub mod codec;
pub mod command;
pub mod error;
pub mod field;
pub mod frame;
pub mod message;
pub mod ml;
pub mod offline;
pub mod personal;
pub mod types;
pub mod xml;

pub use codec::{
    BoxedStream, ByteStream, ClientCodec, FrameCodec, Incoming, MsnpCodec, ServerCodec,
};
pub use command::{ClientCommand, ServerCommand};
pub use error::{FramingError, ParseError};
pub use frame::{Direction, RawFrame};
pub use types::*;
