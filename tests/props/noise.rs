//! Byte streams a broken or hostile peer might send: random bytes, lines longer than
//! the limit, payload commands with absurd lengths, mixed with real commands.

use msntui::protocol::frame::{MAX_LINE, MAX_PAYLOAD};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

use super::client::client_command;
use super::fields::token;
use super::server::server_command;

/// Names that carry a payload in at least one direction.
const PAYLOAD_COMMANDS: &[&str] = &[
    "MSG", "QRY", "UUX", "ADL", "RML", "FQY", "UUN", "UUM", "PUT", "DEL", "SDG", "VAS", "SDC",
    "NOT", "PAG", "PGD", "GCF", "UBX", "UBN", "UBM", "IPG", "NFY",
];

pub fn hostile_stream() -> impl Strategy<Value = Vec<u8>> {
    vec(piece(), 0..8).prop_map(|pieces| pieces.concat())
}

fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..64),
        long_run(),
        payload_line(),
        command(),
        mutated(command()),
    ]
}

fn command() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        client_command().prop_map(|command| command.to_bytes().to_vec()),
        server_command().prop_map(|command| command.to_bytes().to_vec()),
    ]
}

/// `bytes` with a few bytes replaced by text that matters to the parsers: separators,
/// digits, keywords and percent escapes of digits and letters.
fn mutated(bytes: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let replacement = select(vec![
        " ", "\r", "\n", "\t", "0", "1", "42", "%", "%30", "%31", "%35", "%41", "%20", ":", ";",
        "@", ",", "=", "{", "}", "-", "OK", "MFN", "N=", "F=", "C=", "U", "S", "I", "A",
    ]);
    (bytes, vec((any::<Index>(), replacement), 1..4)).prop_map(|(mut bytes, edits)| {
        for (at, text) in edits {
            let at = at.index(bytes.len());
            bytes.splice(at..=at, text.bytes());
        }
        bytes
    })
}

/// One byte repeated around the line limit, with or without a line end after it.
fn long_run() -> impl Strategy<Value = Vec<u8>> {
    let byte = any::<u8>().prop_filter("a line end", |byte| *byte != b'\n');
    (byte, MAX_LINE - 3..MAX_LINE + 3, any::<bool>()).prop_map(|(byte, len, line_end)| {
        let mut run = vec![byte; len];
        if line_end {
            run.push(b'\n');
        }
        run
    })
}

/// A length field: small, at the limit, far past it, or not a number at all.
fn length() -> impl Strategy<Value = String> {
    prop_oneof![
        (0usize..80).prop_map(|len| len.to_string()),
        Just(MAX_PAYLOAD.to_string()),
        Just((MAX_PAYLOAD + 1).to_string()),
        "[0-9]{8,40}",
        "[-+0-9a-z]{0,6}",
    ]
}

/// A payload command line with some fields, a length and a body of any size.
fn payload_line() -> impl Strategy<Value = Vec<u8>> {
    (
        select(PAYLOAD_COMMANDS),
        vec(token(), 0..3),
        length(),
        select(vec!["\r\n", "\n"]),
        vec(any::<u8>(), 0..80),
    )
        .prop_map(|(name, fields, length, line_end, body)| {
            let mut line = [vec![name.to_owned()], fields, vec![length]]
                .concat()
                .join(" ")
                .into_bytes();
            line.extend_from_slice(line_end.as_bytes());
            line.extend_from_slice(&body);
            line
        })
}
