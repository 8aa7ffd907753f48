//! Property tests of the offline-message parsers (extensions §2): no input makes them
//! panic, what the server writes reads back the same, and a body decodes to its text
//! exactly when that text is valid in its charset (the CVE-2012-1178 class).

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use msntui::protocol::offline::{
    BodyProblem, MAX_LISTED, MailDataList, MailDataShape, OfflineSummary, OfflineText, RsiRequest,
    StoreAnswer, StoreRequest, StoredContent, compose_content, mail_data_xml,
};
use proptest::collection::vec;
use proptest::prelude::*;

fn summary() -> impl Strategy<Value = OfflineSummary> {
    (
        "[a-z0-9._-]{1,20}@[a-z0-9-]{1,12}\\.[a-z]{2,4}",
        "\\PC{0,40}",
        any::<u128>(),
        proptest::option::of(0u64..4_000_000_000),
        proptest::option::of(any::<u32>()),
    )
        .prop_map(|(sender, name, id, received, size)| OfflineSummary {
            id: uuid::Uuid::from_u128(id).to_string().to_uppercase(),
            sender,
            sender_name: name,
            received: received.map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds)),
            size,
        })
}

fn shape() -> impl Strategy<Value = MailDataShape> {
    prop_oneof![
        Just(MailDataShape::Initial),
        Just(MailDataShape::Metadata),
        Just(MailDataShape::Live),
    ]
}

proptest! {
    #[test]
    fn nothing_panics(text in "\\PC{0,400}", bytes in vec(any::<u8>(), 0..400), status in 100u16..600) {
        let _ = MailDataList::parse(&text);
        let _ = OfflineText::parse(&text);
        let _ = StoredContent::check(&text);
        let _ = StoreAnswer::parse(status, &text);
        let _ = RsiRequest::parse(&bytes);
        let _ = StoreRequest::parse(&bytes);
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = MailDataList::parse(&lossy);
        let _ = OfflineText::parse(&lossy);
    }

    #[test]
    fn lists_read_back_what_the_server_wrote(messages in vec(summary(), 0..12), shape in shape()) {
        let list = MailDataList::parse(&mail_data_xml(shape, &messages)).unwrap();
        prop_assert_eq!(list.skipped, 0);
        prop_assert_eq!(list.messages.len(), messages.len());
        for (read, written) in list.messages.iter().zip(&messages) {
            prop_assert_eq!(&read.id, &written.id);
            prop_assert_eq!(&read.sender, &written.sender);
            prop_assert_eq!(&read.sender_name, &written.sender_name);
            prop_assert_eq!(read.size, Some(written.size.unwrap_or(0)));
            let expected = written.received.filter(|_| shape != MailDataShape::Live);
            prop_assert_eq!(read.received, expected);
        }
    }

    #[test]
    fn stored_content_decodes_to_its_text(text in "\\PC{0,600}", sequence in 1u32..1000) {
        let content = compose_content(&text, "{498AD15C-0848-4257-9914-DCD59C2BE10F}", sequence);
        let checked = StoredContent::check(&content).expect("the service takes it");
        prop_assert_eq!(checked.sequence, Some(sequence));
        let stored = format!("From: =?utf-8?B?QWxpY2U=?= <alice@example.com>\r\n{content}");
        let read = OfflineText::parse(&stored).unwrap();
        prop_assert_eq!(read.sender_name, "Alice");
        prop_assert_eq!(read.body, Ok(text));
    }

    #[test]
    fn a_body_is_text_exactly_when_its_bytes_are_utf8(bytes in vec(any::<u8>(), 0..200)) {
        let stored = format!(
            "From: <bob@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            BASE64.encode(&bytes)
        );
        let read = OfflineText::parse(&stored).unwrap();
        match String::from_utf8(bytes) {
            Ok(text) => prop_assert_eq!(read.body, Ok(text)),
            Err(_) => prop_assert_eq!(read.body, Err(BodyProblem::InvalidText("UTF-8".into()))),
        }
    }
}

#[test]
fn huge_lists_are_read_up_to_the_cap() {
    let entry = "<M><T>11</T><S>6</S><E>a@b.c</E><I>X</I></M>";
    let list = MailDataList::parse(&format!("<MD>{}</MD>", entry.repeat(10 * MAX_LISTED))).unwrap();
    assert_eq!(list.messages.len(), MAX_LISTED);
    assert!(list.truncated);
}
