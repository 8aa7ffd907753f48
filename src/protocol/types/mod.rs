//! Typed values of single command-line fields.

mod address;
mod dialect;
mod error_code;
mod field_text;
mod lists;
mod presence;
mod text;
mod trid;

pub use address::{Address, AddressTag, is_valid_email};
pub use dialect::Dialect;
pub use error_code::ErrorCode;
pub use field_text::Text;
pub use lists::{List, ListBits};
pub use presence::{Capabilities, Status};
pub use text::{MAX_FRIENDLY_NAME, MsnObjectText, UrlText};
pub use trid::Trid;
