//! A decoded picture turned into what the terminal draws, once for each place it is
//! shown, so a redraw only copies cells.

use std::fmt;

use image::DynamicImage;
use image::imageops::FilterType;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;

use super::decode::PictureError;

/// The picture beside the name in a conversation's header, in cells.
pub const HEADER_SIZE: Size = Size::new(10, 4);
/// The picture in the contact-info overlay, in cells.
pub const CARD_SIZE: Size = Size::new(20, 10);

/// One picture, ready to be drawn in the header and in the overlay.
#[derive(Clone)]
pub struct Tiles {
    pub header: Protocol,
    pub card: Protocol,
}

impl Tiles {
    /// Encodes `image` for `picker`'s protocol at both sizes.
    pub fn new(picker: &Picker, image: &DynamicImage) -> Result<Self, PictureError> {
        let encode = |size: Size| {
            picker
                .new_protocol(
                    image.clone(),
                    size,
                    Resize::Scale(Some(FilterType::Triangle)),
                )
                .map_err(|error| PictureError::Draw {
                    reason: error.to_string(),
                })
        };
        Ok(Tiles {
            header: encode(HEADER_SIZE)?,
            card: encode(CARD_SIZE)?,
        })
    }
}

impl fmt::Debug for Tiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tiles")
            .field("header", &self.header.size())
            .field("card", &self.card.size())
            .finish()
    }
}
