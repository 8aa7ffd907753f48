//! Reading and decoding a cached picture file within fixed bounds: a file larger than
//! the session accepts, or a header announcing more pixels than a display picture could
//! need, is refused before anything is allocated for the pixels.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{DynamicImage, ImageError, ImageReader, Limits};
use thiserror::Error;

use crate::session::pictures::MAX_PICTURE;

/// The widest and tallest picture decoded.
pub const MAX_SIDE: u32 = 4096;
/// The most memory one decode may take.
pub const MAX_ALLOC: u64 = 64 * 1024 * 1024;
/// Decoded pictures are shrunk to this before they are turned into cells: no place
/// they are drawn needs more.
pub const KEPT_SIDE: u32 = 256;

#[derive(Debug, Error)]
pub enum PictureError {
    #[error("cannot read the picture {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the picture {} has more than {MAX_PICTURE} bytes", .path.display())]
    FileTooLarge { path: PathBuf },
    #[error(
        "the picture is larger than {MAX_SIDE}×{MAX_SIDE} pixels or needs more than {MAX_ALLOC} bytes"
    )]
    TooLarge,
    #[error("the picture is not a PNG, JPEG or GIF image")]
    Unsupported,
    #[error("the picture is damaged: {reason}")]
    Corrupt { reason: String },
    #[error("the picture cannot be drawn: {reason}")]
    Draw { reason: String },
}

/// Reads `path` (at most [`MAX_PICTURE`] bytes) and decodes it.
pub fn load(path: &Path) -> Result<DynamicImage, PictureError> {
    let read = |source| PictureError::Read {
        path: path.to_owned(),
        source,
    };
    let mut data = Vec::new();
    File::open(path)
        .map_err(read)?
        .take(MAX_PICTURE + 1)
        .read_to_end(&mut data)
        .map_err(read)?;
    if data.len() as u64 > MAX_PICTURE {
        return Err(PictureError::FileTooLarge {
            path: path.to_owned(),
        });
    }
    decode(&data)
}

/// Decodes PNG, JPEG or GIF `data` within the limits, shrunk to [`KEPT_SIDE`].
pub fn decode(data: &[u8]) -> Result<DynamicImage, PictureError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|error| PictureError::Corrupt {
            reason: error.to_string(),
        })?;
    reader.limits(limits);
    let image = reader.decode().map_err(|error| match error {
        ImageError::Limits(_) => PictureError::TooLarge,
        ImageError::Unsupported(_) => PictureError::Unsupported,
        other => PictureError::Corrupt {
            reason: other.to_string(),
        },
    })?;
    if image.width() > KEPT_SIDE || image.height() > KEPT_SIDE {
        return Ok(image.resize(KEPT_SIDE, KEPT_SIDE, FilterType::Triangle));
    }
    Ok(image)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use image::{ImageFormat, RgbaImage};
    use proptest::prelude::*;

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbaImage::from_fn(width, height, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255])
        });
        let mut data = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(image)
            .write_to(&mut data, ImageFormat::Png)
            .unwrap();
        data.into_inner()
    }

    /// A GIF whose logical screen and only image claim 65,535 × 65,535 pixels, the
    /// most its 16-bit fields can say.
    pub fn huge_gif() -> Vec<u8> {
        let side = u16::MAX.to_le_bytes();
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&[side[0], side[1], side[0], side[1], 0, 0, 0]);
        gif.push(b',');
        gif.extend_from_slice(&[0, 0, 0, 0, side[0], side[1], side[0], side[1]]);
        gif.extend_from_slice(&[0, 2, 2, 0x4c, 0x01, 0, b';']);
        gif
    }

    #[test]
    fn a_gif_announcing_too_many_pixels_is_refused_before_decoding() {
        assert!(matches!(decode(&huge_gif()), Err(PictureError::TooLarge)));
    }

    #[test]
    fn a_corrupt_png_is_an_error_not_a_panic() {
        let mut data = png(16, 16);
        data.truncate(40);
        assert!(matches!(decode(&data), Err(PictureError::Corrupt { .. })));
        assert!(matches!(
            decode(b"not a picture"),
            Err(PictureError::Unsupported | PictureError::Corrupt { .. })
        ));
    }

    #[test]
    fn a_good_png_decodes_and_a_large_one_is_shrunk() {
        let small = decode(&png(96, 96)).unwrap();
        assert_eq!((small.width(), small.height()), (96, 96));
        let large = decode(&png(1024, 512)).unwrap();
        assert_eq!((large.width(), large.height()), (KEPT_SIDE, KEPT_SIDE / 2));
    }

    #[test]
    fn files_are_read_within_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good");
        std::fs::write(&good, png(8, 8)).unwrap();
        assert!(load(&good).is_ok());
        let big = dir.path().join("big");
        std::fs::write(&big, vec![0u8; MAX_PICTURE as usize + 1]).unwrap();
        assert!(matches!(load(&big), Err(PictureError::FileTooLarge { .. })));
        assert!(matches!(
            load(&dir.path().join("missing")),
            Err(PictureError::Read { .. })
        ));
    }

    /// Either an error or a picture within what is kept.
    fn decodes_within_bounds(data: &[u8]) {
        if let Ok(image) = decode(data) {
            assert!(image.width() <= KEPT_SIDE && image.height() <= KEPT_SIDE);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_bytes_decode_to_an_error_or_a_bounded_picture(
            data in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            decodes_within_bounds(&data);
        }

        #[test]
        fn damaged_pictures_decode_to_an_error_or_a_bounded_picture(
            changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            gif in any::<bool>(),
        ) {
            let mut data = if gif { huge_gif() } else { png(40, 30) };
            for (at, byte) in changes {
                let at = at.index(data.len());
                data[at] = byte;
            }
            decodes_within_bounds(&data);
        }
    }
}
