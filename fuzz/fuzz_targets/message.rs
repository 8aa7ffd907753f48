//! MSG payloads of every content type, and chunked ones put back together: nothing
//! panics, and a chunked message that completes holds exactly the bodies of its parts.

#![no_main]

use std::time::Instant;

use libfuzzer_sys::fuzz_target;
use msntui::protocol::message::{Message, MimeMessage, Outcome, Part, Reassembly};

fuzz_target!(|data: &[u8]| {
    let _ = Message::parse(data);
    // The input as a run of payloads separated by NUL bytes, all from one sender.
    let mut table = Reassembly::default();
    let now = Instant::now();
    for payload in data.split(|byte| *byte == 0) {
        let Ok(mime) = MimeMessage::parse(payload) else {
            continue;
        };
        if let Part::Chunk(chunk) = Part::of(mime) {
            if let Outcome::Complete(whole) = table.accept("bob@example.com", chunk, now) {
                let _ = Message::from_mime(whole);
            }
        }
    }
    let _ = table.drain();
});
