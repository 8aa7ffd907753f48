//! Pictures between the session and the UI: a picture on disk is handed to the decoder
//! the first time it is seen, its decoded form kept in the model; `/whois` answers
//! open the contact-info overlay.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Bridge, convert};
use crate::session::{ContactInfo, PictureInfo};
use crate::ui::model::{ContactCard, Model, PictureState};
use crate::ui::pictures::DecodedPicture;

impl Bridge {
    /// `email`'s picture `sha1d` is in the cache at `path`.
    pub(super) fn picture_on_disk(
        &mut self,
        model: &mut Model,
        email: &str,
        sha1d: &str,
        path: PathBuf,
    ) {
        model.pictures.set_contact(email, sha1d);
        // An open contact-info overlay shows the picture that has just arrived.
        if let Some(card) = model
            .card
            .as_mut()
            .filter(|card| card.address.eq_ignore_ascii_case(email))
        {
            card.picture = Some(sha1d.to_owned());
            card.picture_fetched = true;
        }
        self.decode_once(model, sha1d, path);
    }

    fn decode_once(&mut self, model: &mut Model, sha1d: &str, path: PathBuf) {
        let Some(decoder) = &self.pictures else {
            return;
        };
        if model.pictures.enabled && model.pictures.start_decoding(sha1d) {
            decoder.request(sha1d.to_owned(), path);
        }
    }

    pub(super) fn contact_info(&mut self, model: &mut Model, info: ContactInfo) {
        if let Some(PictureInfo {
            sha1d,
            path: Some(path),
        }) = &info.picture
        {
            self.picture_on_disk(model, &info.email, sha1d, path.clone());
        }
        model.card = Some(ContactCard {
            picture_fetched: info
                .picture
                .as_ref()
                .is_some_and(|picture| picture.path.is_some()),
            picture: info.picture.map(|picture| picture.sha1d),
            presence: convert::presence(info.status),
            address: info.email,
            friendly_name: info.name,
            personal_message: info.personal_message,
            groups: info.groups,
        });
    }
}

pub(super) fn decoded(model: &mut Model, decoded: DecodedPicture) {
    let state = match decoded.outcome {
        Ok(tiles) => PictureState::Ready(Arc::new(tiles)),
        Err(error) => {
            tracing::debug!(sha1d = %decoded.sha1d, %error, "display picture not shown");
            PictureState::Bad(error.to_string())
        }
    };
    model.pictures.finished(decoded.sha1d, state);
}
