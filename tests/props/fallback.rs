//! Strategies for what every direction has besides its named commands: numeric error
//! replies and unknown commands.

use msntui::protocol::command::{Command, ErrorReply};
use msntui::protocol::{ErrorCode, RawFrame};
use proptest::collection::vec;
use proptest::prelude::*;

use super::fields::{token, trid};

/// `NNN [TrID [details]]`: details only after a TrID.
pub fn error_reply() -> impl Strategy<Value = ErrorReply> {
    let trid_and_details = prop_oneof![
        Just((None, Vec::new())),
        (trid(), vec(token(), 0..3)).prop_map(|(trid, details)| (Some(trid), details)),
    ];
    (0u16..1000, trid_and_details).prop_map(|(code, (trid, details))| ErrorReply {
        code: ErrorCode(code),
        trid,
        details,
    })
}

/// A three-letter name `C` does not know, followed by arbitrary fields.
pub fn unknown<C: Command>() -> impl Strategy<Value = RawFrame> {
    let name = "[A-Z]{3}".prop_filter("a known command name", |name| is_unknown::<C>(name));
    (name, vec("[^ \r\n]{0,12}", 0..4), any::<bool>()).prop_map(|(name, fields, bare_lf)| {
        let line: Vec<String> = std::iter::once(name).chain(fields).collect();
        RawFrame::new(line.join(" ").as_bytes(), bare_lf, None)
    })
}

fn is_unknown<C: Command>(name: &str) -> bool {
    let frame = RawFrame::new(name.as_bytes(), false, None);
    !C::DIRECTION.carries_payload(name) && C::from_frame(&frame).is_ok_and(|c| c.is_unknown())
}
