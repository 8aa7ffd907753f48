//! What every parser reachable from the network must survive: any bytes at all, without
//! a panic, and where a parser has a writer, what it reads writes back to itself. The
//! fuzz targets (`fuzz/fuzz_targets/`) and the bounded run in `tests/fuzz_stable.rs` both
//! call these, so the two never disagree about what is checked.

use std::fmt::Debug;

use bytes::BytesMut;
use msntui::protocol::command::Command;
use msntui::protocol::field::Field;
use msntui::protocol::frame::Framer;
use msntui::protocol::message::{Message, MimeMessage};
use msntui::protocol::ml::ContactListXml;
use msntui::protocol::personal::PersonalDocument;
use msntui::protocol::types::MsnObjectText;
use msntui::protocol::xml::Element;
use msntui::protocol::{ClientCommand, Direction, RawFrame, ServerCommand};
use msntui::server::http::{PassportCredentials, RstRequest};
use msntui::session::address_book::{Call, response, streamed};
use msntui::session::auth::tokens_from_answer;

/// A parser's check: must return for any bytes.
pub type Check = fn(&[u8]);

/// Every parser by name, for the fuzz targets and the bounded run.
pub const PARSERS: &[(&str, Check)] = &[
    ("frames", frames),
    ("mime", mime),
    ("xml", xml),
    ("address_book", address_book),
    ("rst", rst),
    ("ml", ml),
    ("personal", personal),
    ("msn_object", msn_object),
    ("passport_header", passport_header),
];

/// Frames bytes in both directions; every command that parses must write bytes that
/// frame alone, parse, and write themselves again.
pub fn frames(data: &[u8]) {
    commands::<ClientCommand>(data);
    commands::<ServerCommand>(data);
}

fn commands<C: Command + Debug>(data: &[u8]) {
    let mut framer = Framer::new(C::DIRECTION);
    let mut buf = BytesMut::from(data);
    while let Ok(Some(frame)) = framer.next_frame(&mut buf) {
        if let Ok(command) = C::from_frame(&frame) {
            let bytes = encode(&command);
            let again = C::from_frame(&frame_alone(C::DIRECTION, &bytes)).unwrap_or_else(|error| {
                panic!("{command:?} re-encodes to unparsable {bytes:?}: {error}")
            });
            assert_eq!(encode(&again), bytes, "{command:?} re-encodes unstably");
        }
    }
}

/// Frames `bytes`, which must hold exactly one whole frame.
fn frame_alone(direction: Direction, bytes: &[u8]) -> RawFrame {
    let mut buf = BytesMut::from(bytes);
    let frame = Framer::new(direction)
        .next_frame(&mut buf)
        .unwrap_or_else(|error| panic!("{bytes:?} does not frame: {error}"))
        .unwrap_or_else(|| panic!("{bytes:?} is not a whole frame"));
    assert!(buf.is_empty(), "{bytes:?} holds more than one frame");
    frame
}

fn encode<C: Command>(command: &C) -> BytesMut {
    let mut out = BytesMut::new();
    command.encode(&mut out);
    out
}

/// A MIME payload (MSG, UBM, SDG), read as headers and as a typed message.
pub fn mime(data: &[u8]) {
    let _ = MimeMessage::parse(data);
    if let Ok(message) = Message::parse(data) {
        // What was read is written again as a payload that reads back.
        let _ = Message::parse(&message.to_bytes());
    }
}

/// Any XML document, as the SOAP readers and the server see it.
pub fn xml(data: &[u8]) {
    let _ = Element::parse(data);
}

/// An address-book or sharing-service answer, for every call, with a good and a bad
/// HTTP status.
pub fn address_book(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    for status in [200, 500] {
        for call in [
            Call::FindMembership,
            Call::FindAll,
            Call::ContactAdd,
            Call::GroupUpdate,
        ] {
            let _ = streamed::memberships(status, &body);
            let _ = streamed::snapshot(call, status, &body);
            let Ok(envelope) = response::read(call, status, &body) else {
                continue;
            };
            let _ = response::response(call, &envelope);
            let _ = response::guid(call, &envelope);
        }
    }
}

/// The RST (SSO) service's answer, and the RST request the bundled server reads.
pub fn rst(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let _ = tokens_from_answer(200, &body);
    let _ = RstRequest::parse(data);
}

/// An ADL/RML/FQY contact list (`<ml>`); what reads must write back to itself.
pub fn ml(data: &[u8]) {
    if let Ok(list) = ContactListXml::parse(data) {
        let bytes = list.to_bytes();
        let again = ContactListXml::parse(&bytes)
            .unwrap_or_else(|error| panic!("{list:?} writes unreadable {bytes:?}: {error}"));
        assert_eq!(again.to_bytes(), bytes, "{list:?} writes unstably");
    }
}

/// A personal-message document (UBX/UUX).
pub fn personal(data: &[u8]) {
    if let Ok(PersonalDocument {
        current_media: Some(media),
        ..
    }) = PersonalDocument::parse(data)
    {
        let _ = media.display();
    }
}

/// The MSNObject field of CHG/ILN/NLN; what reads must write back to itself.
pub fn msn_object(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(object) = MsnObjectText::parse_field(&text) {
        let mut written = Vec::new();
        object.write_field(&mut written);
        let written = String::from_utf8(written).expect("fields are written as UTF-8");
        assert_eq!(
            MsnObjectText::parse_field(&written).as_ref(),
            Some(&object),
            "{object:?} writes as unreadable {written:?}"
        );
    }
}

/// The `Authorization: Passport1.4 ...` header the bundled server reads.
pub fn passport_header(data: &[u8]) {
    let _ = PassportCredentials::parse(&String::from_utf8_lossy(data));
}
