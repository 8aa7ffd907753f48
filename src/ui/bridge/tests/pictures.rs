use std::io::Cursor;
use std::path::PathBuf;
use std::time::Duration;

use image::{DynamicImage, ImageFormat, RgbaImage};
use ratatui_image::picker::Picker;

use super::*;
use crate::session::{ContactInfo, PictureInfo};
use crate::ui::model::{ContactCard, Shown};
use crate::ui::pictures::{DecodedPicture, PictureDecoder};

fn png_file(dir: &std::path::Path) -> PathBuf {
    let image = RgbaImage::from_pixel(24, 24, image::Rgba([200, 40, 40, 255]));
    let mut data = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(image)
        .write_to(&mut data, ImageFormat::Png)
        .unwrap();
    let path = dir.join("bob.png");
    std::fs::write(&path, data.into_inner()).unwrap();
    path
}

fn with_pictures() -> (Harness, mpsc::UnboundedReceiver<DecodedPicture>) {
    let mut h = Harness::new(false);
    let (decoder, decoded) = PictureDecoder::new(Picker::halfblocks());
    h.bridge = Bridge::new(h.bridge.handle.clone(), false).with_pictures(decoder);
    h.app.model_mut().pictures.enabled = true;
    (h, decoded)
}

async fn next_decoded(decoded: &mut mpsc::UnboundedReceiver<DecodedPicture>) -> DecodedPicture {
    tokio::time::timeout(Duration::from_secs(10), decoded.recv())
        .await
        .expect("a decoded picture in time")
        .expect("the decoder is alive")
}

#[tokio::test]
async fn a_fetched_picture_is_decoded_once_then_drawn_for_its_contact() {
    let dir = tempfile::tempdir().unwrap();
    let path = png_file(dir.path());
    let (mut h, mut decoded) = with_pictures();
    let fetched = || Event::Picture {
        email: "bob@x.com".into(),
        sha1d: "sha".into(),
        path: path.clone(),
    };
    h.apply(fetched());
    assert!(matches!(
        h.model().pictures.shown_for("bob@x.com"),
        Shown::Placeholder("loading")
    ));
    let result = next_decoded(&mut decoded).await;
    assert_eq!(result.sha1d, "sha");
    h.bridge.apply(&mut h.app, Incoming::Picture(result));
    assert!(matches!(
        h.model().pictures.shown_for("bob@x.com"),
        Shown::Picture(_)
    ));
    h.apply(fetched());
    let again = tokio::time::timeout(Duration::from_millis(200), decoded.recv()).await;
    assert!(again.is_err(), "decoded twice: {again:?}");
}

#[tokio::test]
async fn a_broken_picture_becomes_a_placeholder_and_whois_opens_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.png");
    std::fs::write(&broken, b"\x89PNG\r\n\x1a\nbroken").unwrap();
    let (mut h, mut decoded) = with_pictures();
    h.apply(Event::ContactInfo(ContactInfo {
        email: "bob@x.com".into(),
        name: "Bob".into(),
        status: Status::Away,
        personal_message: "out".into(),
        groups: vec!["Friends".into()],
        picture: Some(PictureInfo {
            sha1d: "bad".into(),
            path: Some(broken),
        }),
    }));
    assert_eq!(
        h.model().card,
        Some(ContactCard {
            address: "bob@x.com".into(),
            friendly_name: "Bob".into(),
            presence: Presence::Away,
            personal_message: "out".into(),
            groups: vec!["Friends".into()],
            picture: Some("bad".into()),
            picture_fetched: true,
        })
    );
    let result = next_decoded(&mut decoded).await;
    h.bridge.apply(&mut h.app, Incoming::Picture(result));
    assert!(matches!(
        h.model().pictures.shown_for("bob@x.com"),
        Shown::Placeholder("bad picture")
    ));
    h.act(Action::CloseContactInfo);
    assert_eq!(h.model().card, None);
}

#[test]
fn f4_asks_the_session_for_the_contact_info() {
    let mut h = Harness::new(false);
    h.act(Action::ShowContactInfo("bob@x.com".into()));
    assert_eq!(
        h.sent(),
        [Request::Whois {
            email: "bob@x.com".into()
        }]
    );
}

#[test]
fn a_resting_selection_asks_for_the_picture_unless_it_is_on_disk() {
    let mut h = Harness::new(false);
    h.act(Action::ContactRested("bob@x.com".into()));
    assert_eq!(
        h.sent(),
        [Request::FetchPicture {
            email: "bob@x.com".into()
        }]
    );
    h.apply(Event::Picture {
        email: "bob@x.com".into(),
        sha1d: "sha".into(),
        path: PathBuf::from("/nowhere/bob.png"),
    });
    h.act(Action::ContactRested("bob@x.com".into()));
    assert_eq!(h.sent(), [], "already on disk");
}

#[test]
fn a_picture_arriving_after_whois_fills_the_open_card() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactInfo(ContactInfo {
        email: "bob@x.com".into(),
        name: "Bob".into(),
        status: Status::Online,
        personal_message: String::new(),
        groups: Vec::new(),
        picture: Some(PictureInfo {
            sha1d: "sha".into(),
            path: None,
        }),
    }));
    let fetched = |model: &Model| model.card.as_ref().map(|card| card.picture_fetched);
    assert_eq!(fetched(h.model()), Some(false));
    h.apply(Event::Picture {
        email: "amy@x.com".into(),
        sha1d: "other".into(),
        path: PathBuf::from("/nowhere/amy.png"),
    });
    assert_eq!(fetched(h.model()), Some(false), "someone else's picture");
    h.apply(Event::Picture {
        email: "Bob@x.com".into(),
        sha1d: "sha".into(),
        path: PathBuf::from("/nowhere/bob.png"),
    });
    assert_eq!(fetched(h.model()), Some(true));
}
