//! Frames arbitrary bytes in both directions; every frame that parses must re-encode to
//! bytes that frame alone, parse, and encode to themselves again.

#![no_main]

use std::fmt::Debug;

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use msntui::protocol::command::Command;
use msntui::protocol::frame::Framer;
use msntui::protocol::{ClientCommand, Direction, RawFrame, ServerCommand};

fuzz_target!(|data: &[u8]| {
    check::<ClientCommand>(data);
    check::<ServerCommand>(data);
});

fn check<C: Command + Debug>(data: &[u8]) {
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
