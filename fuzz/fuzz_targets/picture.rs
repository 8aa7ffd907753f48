//! Display pictures as a contact may send them: any bytes decode to an error or to a
//! picture no larger than what msntui keeps, never a panic, never an allocation past
//! the decoder's limits.

#![no_main]

use libfuzzer_sys::fuzz_target;
use msntui::ui::pictures::{KEPT_SIDE, decode};

fuzz_target!(|data: &[u8]| {
    if let Ok(image) = decode(data) {
        assert!(image.width() <= KEPT_SIDE && image.height() <= KEPT_SIDE);
    }
});
