//! P2P packets in both versions, MSNSLP messages and INVITE contents: nothing panics,
//! and every packet that parses re-encodes to one that parses to the same packet.

#![no_main]

use libfuzzer_sys::fuzz_target;
use msntui::p2p::{FileOffer, Invitation, Packet, SlpMessage, Version};

fuzz_target!(|data: &[u8]| {
    for version in [Version::V1, Version::V2] {
        if let Ok(packet) = Packet::parse(version, data) {
            let again = Packet::parse(version, &packet.to_bytes())
                .unwrap_or_else(|error| panic!("{packet:?} re-encodes to unparsable bytes: {error}"));
            assert_eq!(again, packet, "re-encodes unstably");
        }
    }
    if let Ok(slp) = SlpMessage::parse(data) {
        let _ = slp.decline();
        let _ = Invitation::from_slp(&slp);
        let _ = SlpMessage::parse(&slp.to_bytes());
    }
    let _ = FileOffer::from_context(data);
});
