//! The file-transfer context of an INVITE (extensions §3.9), as WLM 2009 writes it:
//! 638 bytes, version 3, no preview. `FileOffer::from_context` reads it back.

const LENGTH: usize = 638;
const VERSION: u32 = 3;
const NO_PREVIEW: u32 = 1;
const NAME_AT: usize = 20;
/// UTF-16 code units of the name field, one kept for the terminating NUL.
const NAME_UNITS: usize = 259;
const MARKER_AT: usize = 570;

/// The context offering `name` (cut to what the field holds) of `size` bytes.
pub fn file_context(name: &str, size: u64) -> Vec<u8> {
    let mut context = vec![0; LENGTH];
    context[..4].copy_from_slice(&(LENGTH as u32).to_le_bytes());
    context[4..8].copy_from_slice(&VERSION.to_le_bytes());
    context[8..16].copy_from_slice(&size.to_le_bytes());
    context[16..20].copy_from_slice(&NO_PREVIEW.to_le_bytes());
    let mut units: Vec<u16> = name.encode_utf16().take(NAME_UNITS).collect();
    if units
        .last()
        .is_some_and(|unit| (0xD800..0xDC00).contains(unit))
    {
        units.pop();
    }
    for (index, unit) in units.iter().enumerate() {
        let at = NAME_AT + 2 * index;
        context[at..at + 2].copy_from_slice(&unit.to_le_bytes());
    }
    context[MARKER_AT..MARKER_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    context
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::p2p::FileOffer;

    #[test]
    fn starts_like_the_wlm_capture() {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(file_context("a.txt", 0));
        assert!(encoded.starts_with("fgIAAAMAAAAAAAAAAAAAAAEAAABhAC4AdAB4AHQAA"));
    }

    proptest! {
        #[test]
        fn reads_back_as_offered(name in "[^/\\\\\\x00]{0,300}", size in any::<u64>()) {
            let offer = FileOffer::from_context(&file_context(&name, size)).unwrap();
            prop_assert_eq!(offer.size, size);
            prop_assert!(name.starts_with(&offer.name));
            prop_assert!(offer.name.encode_utf16().count() <= NAME_UNITS);
        }
    }
}
