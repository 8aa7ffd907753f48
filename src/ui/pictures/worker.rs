//! Decoding off the UI thread: each picture is read, decoded and encoded in a blocking
//! task, and the outcome comes back to the event loop as a [`DecodedPicture`].

use std::path::PathBuf;

use ratatui_image::picker::Picker;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::decode::{PictureError, load};
use super::tiles::Tiles;

/// A picture decoded (or not) for the UI, named by its SHA1D.
#[derive(Debug)]
pub struct DecodedPicture {
    pub sha1d: String,
    pub outcome: Result<Tiles, PictureError>,
}

/// Starts decodes; the results arrive on the receiver [`PictureDecoder::new`] returned.
#[derive(Debug, Clone)]
pub struct PictureDecoder {
    picker: Picker,
    results: UnboundedSender<DecodedPicture>,
}

impl PictureDecoder {
    pub fn new(picker: Picker) -> (Self, UnboundedReceiver<DecodedPicture>) {
        let (results, receiver) = unbounded_channel();
        (PictureDecoder { picker, results }, receiver)
    }

    /// Decodes the file at `path` in a blocking task (on the current tokio runtime).
    pub fn request(&self, sha1d: String, path: PathBuf) {
        let picker = self.picker.clone();
        let results = self.results.clone();
        tokio::task::spawn_blocking(move || {
            let outcome = load(&path).and_then(|image| Tiles::new(&picker, &image));
            // The UI may have quit meanwhile; then nobody needs the picture.
            let _ = results.send(DecodedPicture { sha1d, outcome });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_decoded_in_the_background_and_reported_by_sha1d() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.png");
        std::fs::write(&good, super::super::decode::tests::png(32, 32)).unwrap();
        let (decoder, mut results) = PictureDecoder::new(Picker::halfblocks());
        decoder.request("good".into(), good);
        decoder.request("missing".into(), dir.path().join("missing.png"));
        let mut outcomes = vec![results.recv().await.unwrap(), results.recv().await.unwrap()];
        outcomes.sort_by(|a, b| a.sha1d.cmp(&b.sha1d));
        assert!(outcomes[0].outcome.is_ok(), "{outcomes:?}");
        assert_eq!(outcomes[1].sha1d, "missing");
        assert!(matches!(
            outcomes[1].outcome,
            Err(PictureError::Read { .. })
        ));
    }
}
