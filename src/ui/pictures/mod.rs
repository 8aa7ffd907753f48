//! Contacts' display pictures in the terminal: read and decoded within bounds in a
//! blocking task ([`PictureDecoder`]), encoded once for the conversation header and the
//! contact-info overlay ([`Tiles`]), and kept by SHA1D in the model so a redraw never
//! decodes again.

mod decode;
mod detect;
mod tiles;
mod worker;

pub use decode::{KEPT_SIDE, MAX_ALLOC, MAX_SIDE, PictureError, decode, load};
pub use detect::choose_picker;
pub use tiles::{CARD_SIZE, HEADER_SIZE, Tiles};
pub use worker::{DecodedPicture, PictureDecoder};
