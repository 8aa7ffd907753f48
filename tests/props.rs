//! Property tests of the protocol layer: every typed command survives encode → frame →
//! parse → encode byte for byte, the codecs do not care how the stream is split, and no
//! input makes them panic.

/// Strategies, one file per command family as in `src/protocol/command/`.
mod props {
    #[macro_use]
    mod variants;

    pub mod client;
    mod common;
    mod fallback;
    mod fields;
    mod lists;
    pub mod noise;
    mod presence;
    pub mod server;
    mod session;
    mod switchboard;
}

use std::collections::BTreeSet;
use std::fmt::Debug;

use bytes::BytesMut;
use msntui::protocol::command::Command;
use msntui::protocol::frame::Framer;
use msntui::protocol::{ClientCodec, Incoming, ServerCodec};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use tokio_util::codec::Decoder;

use props::{client, noise, server};

fn encode<C: Command>(command: &C) -> BytesMut {
    let mut out = BytesMut::new();
    command.encode(&mut out);
    out
}

/// Frames `bytes` as exactly one frame of `C`'s direction and parses it.
fn decode_one<C: Command>(bytes: &[u8]) -> Result<C, TestCaseError> {
    let mut buf = BytesMut::from(bytes);
    let frame = Framer::new(C::DIRECTION)
        .next_frame(&mut buf)
        .map_err(|error| TestCaseError::fail(format!("does not frame: {error}")))?
        .ok_or_else(|| TestCaseError::fail("not a whole frame"))?;
    prop_assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    prop_assert_eq!(&frame.to_bytes()[..], bytes);
    C::from_frame(&frame).map_err(|error| TestCaseError::fail(format!("does not parse: {error}")))
}

/// Encodes `command`, decodes the bytes and encodes the result: same bytes, and only
/// an unknown command decodes as unknown.
fn round_trip<C: Command + Debug>(command: &C) -> Result<(), TestCaseError> {
    let bytes = encode(command);
    let decoded: C = decode_one(&bytes)?;
    prop_assert_eq!(
        decoded.is_unknown(),
        command.is_unknown(),
        "decoded as {:?}",
        decoded
    );
    prop_assert_eq!(encode(&decoded), bytes);
    Ok(())
}

/// Everything a decoder yields for a stream fed chunk by chunk, then the error that
/// stopped it (as text: framing errors are not comparable).
fn decode_chunks<D>(mut decoder: D, chunks: &[&[u8]]) -> (Vec<D::Item>, Option<String>)
where
    D: Decoder,
    D::Error: Debug,
{
    let mut buf = BytesMut::new();
    let mut items = Vec::new();
    for chunk in chunks {
        buf.extend_from_slice(chunk);
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(error) => return (items, Some(format!("{error:?}"))),
            }
        }
    }
    loop {
        match decoder.decode_eof(&mut buf) {
            Ok(Some(item)) => items.push(item),
            Ok(None) => return (items, None),
            Err(error) => return (items, Some(format!("{error:?}"))),
        }
    }
}

/// `bytes` cut at the given positions.
fn split_at<'a>(bytes: &'a [u8], cuts: &[Index]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(bytes.len() + 1)).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut start = 0;
    cuts.into_iter()
        .map(|end| {
            let chunk = &bytes[start..end];
            start = end;
            chunk
        })
        .collect()
}

/// Encodes `commands` into one stream and decodes it whole and cut at `cuts`: both give
/// the same frames and commands, and those are the commands sent.
fn stream_round_trips<C, D>(
    codec: fn() -> D,
    commands: &[C],
    cuts: &[Index],
) -> Result<(), TestCaseError>
where
    C: Command + Debug + PartialEq,
    D: Decoder<Item = Incoming<C>>,
    D::Error: Debug,
{
    let bytes: Vec<u8> = commands.iter().flat_map(encode).collect();
    let whole = decode_chunks(codec(), &[&bytes]);
    prop_assert_eq!(&decode_chunks(codec(), &split_at(&bytes, cuts)), &whole);
    let (items, error) = whole;
    prop_assert!(error.is_none(), "{:?}", error);
    prop_assert_eq!(items.len(), commands.len());
    for (item, sent) in items.iter().zip(commands) {
        let decoded = item
            .command
            .as_ref()
            .map_err(|error| TestCaseError::fail(format!("{error} in {:?}", item.frame)))?;
        prop_assert_eq!(encode(decoded), encode(sent));
    }
    Ok(())
}

/// Every command parsed from `items` re-encodes to bytes that parse and encode to
/// themselves again.
fn reencoding_is_stable<C: Command + Debug>(items: &[Incoming<C>]) -> Result<(), TestCaseError> {
    for command in items.iter().filter_map(|item| item.command.as_ref().ok()) {
        let bytes = encode(command);
        let again: C = decode_one(&bytes)?;
        prop_assert_eq!(encode(&again), bytes, "from {:?}", command);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn client_commands_round_trip(command in client::client_command()) {
        round_trip(&command)?;
    }

    #[test]
    fn server_commands_round_trip(command in server::server_command()) {
        round_trip(&command)?;
    }

    #[test]
    fn client_stream_decodes_the_same_however_split(
        commands in vec(client::client_command(), 1..8),
        cuts in vec(any::<Index>(), 0..12),
    ) {
        stream_round_trips(ServerCodec::new, &commands, &cuts)?;
    }

    #[test]
    fn server_stream_decodes_the_same_however_split(
        commands in vec(server::server_command(), 1..8),
        cuts in vec(any::<Index>(), 0..12),
    ) {
        stream_round_trips(ClientCodec::new, &commands, &cuts)?;
    }

    #[test]
    fn hostile_bytes_decode_the_same_however_split(
        bytes in noise::hostile_stream(),
        cuts in vec(any::<Index>(), 0..12),
    ) {
        let chunks = split_at(&bytes, &cuts);
        let whole = decode_chunks(ClientCodec::new(), &[&bytes]);
        prop_assert_eq!(decode_chunks(ClientCodec::new(), &chunks), whole);
        let whole = decode_chunks(ServerCodec::new(), &[&bytes]);
        prop_assert_eq!(decode_chunks(ServerCodec::new(), &chunks), whole);
    }

    #[test]
    fn hostile_bytes_never_panic_and_reencode_stably(bytes in noise::hostile_stream()) {
        reencoding_is_stable(&decode_chunks(ClientCodec::new(), &[&bytes]).0)?;
        reencoding_is_stable(&decode_chunks(ServerCodec::new(), &[&bytes]).0)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..4096)) {
        reencoding_is_stable(&decode_chunks(ClientCodec::new(), &[&bytes]).0)?;
        reencoding_is_stable(&decode_chunks(ServerCodec::new(), &[&bytes]).0)?;
    }
}

/// The names of the variants `strategy` produces in a few thousand draws.
fn variants_seen<S: Strategy>(
    strategy: S,
    name: fn(&S::Value) -> &'static str,
) -> BTreeSet<&'static str> {
    let mut runner = TestRunner::deterministic();
    (0..4000)
        .map(|_| name(&strategy.new_tree(&mut runner).expect("a value").current()))
        .collect()
}

#[test]
fn strategies_cover_every_variant() {
    let client_expected: BTreeSet<_> = client::VARIANTS
        .iter()
        .copied()
        .filter(|name| !client::NOT_GENERATED.contains(name))
        .collect();
    assert_eq!(
        variants_seen(client::client_command(), client::variant),
        client_expected
    );
    let server_expected: BTreeSet<_> = server::VARIANTS.iter().copied().collect();
    assert_eq!(
        variants_seen(server::server_command(), server::variant),
        server_expected
    );
}
