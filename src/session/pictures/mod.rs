//! Display pictures: ours, from `ui.display_picture`, announced as an MSNObject and
//! served to contacts who ask; contacts', fetched over P2P and kept in a cache named by
//! SHA1D, so a picture already there is never fetched again.

use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use thiserror::Error;

use crate::p2p::{DISPLAY_PICTURE, MsnObject};

/// The largest picture sent or accepted (WLM kept tiles far smaller).
pub const MAX_PICTURE: u64 = 1024 * 1024;

#[derive(Debug, Error)]
pub enum PictureError {
    #[error("cannot read the display picture {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "the display picture {} has {size} bytes; at most {MAX_PICTURE} are sent",
        .path.display()
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("the display picture {} is not a PNG, JPEG or GIF image", .path.display())]
    NotAnImage { path: PathBuf },
}

/// Our display picture and the MSNObject naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnPicture {
    pub object: MsnObject,
    pub data: Bytes,
}

impl OwnPicture {
    /// Reads the picture at `path` for `creator` (our account).
    pub fn load(path: &Path, creator: &str) -> Result<Self, PictureError> {
        let read = |source| PictureError::Read {
            path: path.to_owned(),
            source,
        };
        let size = std::fs::metadata(path).map_err(read)?.len();
        if size > MAX_PICTURE {
            return Err(PictureError::TooLarge {
                path: path.to_owned(),
                size,
            });
        }
        let data = std::fs::read(path).map_err(read)?;
        if !is_image(&data) {
            return Err(PictureError::NotAnImage {
                path: path.to_owned(),
            });
        }
        let object = MsnObject::for_data(creator, DISPLAY_PICTURE, "0", &data);
        Ok(Self {
            object,
            data: Bytes::from(data),
        })
    }
}

/// PNG, JPEG or GIF, by signature.
fn is_image(data: &[u8]) -> bool {
    data.starts_with(b"\x89PNG\r\n\x1a\n")
        || data.starts_with(&[0xFF, 0xD8, 0xFF])
        || data.starts_with(b"GIF87a")
        || data.starts_with(b"GIF89a")
}

/// Where pictures are cached.
pub fn cache_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("pictures")
}

/// Where `object`'s data is cached, whether it is there yet or not.
pub fn cache_path(data_dir: &Path, object: &MsnObject) -> PathBuf {
    cache_dir(data_dir).join(object.cache_name())
}

/// The cached picture of `object`, if it is there.
pub fn cached(data_dir: &Path, object: &MsnObject) -> Option<PathBuf> {
    Some(cache_path(data_dir, object)).filter(|path| path.is_file())
}

/// Whether a contact's object is a picture worth fetching.
pub fn wanted(object: &MsnObject) -> bool {
    object.object_type == DISPLAY_PICTURE && object.size > 0 && object.size <= MAX_PICTURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_images_and_refuses_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("me.png");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\nrest").unwrap();
        let picture = OwnPicture::load(&png, "alice@example.com").unwrap();
        assert!(picture.object.matches(&picture.data));
        assert_eq!(picture.object.object_type, DISPLAY_PICTURE);
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, b"hello").unwrap();
        assert!(matches!(
            OwnPicture::load(&text, "a@b.c"),
            Err(PictureError::NotAnImage { .. })
        ));
        assert!(matches!(
            OwnPicture::load(&dir.path().join("missing.png"), "a@b.c"),
            Err(PictureError::Read { .. })
        ));
        assert_eq!(cached(dir.path(), &picture.object), None);
    }
}
