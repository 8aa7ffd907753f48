//! Hostile P2P input for transfers: the first byte picks what the rest is read as — a
//! file-transfer context, an MSNSLP INVITE (made into a transfer when it offers a file,
//! then fed chunks from the remaining bytes), a P2P packet of either version, or an
//! MSNObject. Nothing may panic; accepted chunks never pass the size offered; names are
//! one plain path component; an MSNObject that parses re-encodes to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use msntui::p2p::transfer::{FileTransfer, Position, safe_name};
use msntui::p2p::{Application, FileOffer, Invitation, MsnObject, Packet, SlpMessage, Version};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 5 {
        0 => {
            if let Ok(offer) = FileOffer::from_context(rest) {
                let name = safe_name(&offer.name);
                let path = std::path::Path::new(&name);
                assert_eq!(path.components().count(), 1, "{name:?}");
            }
        }
        1 => invite_then_chunks(rest),
        2 => {
            let _ = Packet::parse(Version::V1, rest);
        }
        3 => {
            let _ = Packet::parse(Version::V2, rest);
        }
        _ => {
            if let Ok(object) = std::str::from_utf8(rest).map(MsnObject::parse)
                && let Ok(object) = object
            {
                let again = MsnObject::parse(&object.to_xml());
                assert_eq!(again.as_ref(), Ok(&object), "{object:?}");
            }
        }
    }
});

/// `data` is an INVITE, a NUL, then chunk descriptions of 17 bytes each.
fn invite_then_chunks(data: &[u8]) {
    let split = data.iter().position(|byte| *byte == 0).unwrap_or(data.len());
    let (invite, chunks) = data.split_at(split);
    let Ok(invite) = SlpMessage::parse(invite) else {
        return;
    };
    let Ok(Invitation {
        application: Application::File(offer),
    }) = Invitation::from_slp(&invite)
    else {
        return;
    };
    let size = offer.size;
    let Ok(mut transfer) = FileTransfer::offered(invite, offer.name, size) else {
        return;
    };
    if transfer.accept().is_none() {
        return;
    }
    for chunk in chunks.chunks_exact(17) {
        let number = |at: usize| u64::from_le_bytes(chunk[at..at + 8].try_into().unwrap_or_default());
        let at = if chunk[16] & 1 == 0 {
            Position::V1 {
                offset: number(0),
                total: if chunk[16] & 2 == 0 { size } else { number(8) },
            }
        } else {
            Position::V2 {
                remaining: (chunk[16] & 2 == 0).then(|| number(8)),
            }
        };
        let length = usize::from(chunk[16] >> 2) * 37;
        let before = transfer.transferred();
        match transfer.on_data(at, length) {
            Ok(_) => assert_eq!(transfer.transferred(), before + length as u64),
            Err(_) => assert_eq!(transfer.transferred(), before),
        }
        assert!(transfer.transferred() <= size);
    }
}
