//! tokio-util codec: frames bytes into typed commands for one side of a connection.

use std::marker::PhantomData;

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::{Decoder, Encoder};

use super::command::{ClientCommand, Command, ServerCommand};
use super::error::{FramingError, ParseError};
use super::frame::{Direction, Framer, RawFrame};

/// What the codecs are framed over: a TCP socket, a proxied one, or one end of an HTTP
/// gateway session, on either side.
pub trait ByteStream: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> ByteStream for T {}

pub type BoxedStream = Box<dyn ByteStream>;

/// The framing codec: splits a byte stream into frames (a command line plus, for payload
/// commands, its byte-counted body) without interpreting the fields. [`MsnpCodec`] parses
/// each frame into a typed command on top of it.
#[derive(Debug)]
pub struct FrameCodec {
    framer: Framer,
}

impl FrameCodec {
    /// A codec reading frames sent in `direction`.
    pub fn new(direction: Direction) -> Self {
        Self {
            framer: Framer::new(direction),
        }
    }
}

impl Decoder for FrameCodec {
    type Item = RawFrame;
    type Error = FramingError;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<RawFrame>, FramingError> {
        self.framer.next_frame(buf)
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<RawFrame>, FramingError> {
        match self.decode(buf)? {
            Some(frame) => Ok(Some(frame)),
            None => self.framer.finish(buf).map(|()| None),
        }
    }
}

impl Encoder<RawFrame> for FrameCodec {
    type Error = FramingError;

    fn encode(&mut self, frame: RawFrame, buf: &mut BytesMut) -> Result<(), FramingError> {
        buf.extend_from_slice(frame.as_bytes());
        Ok(())
    }
}

/// One received frame: its exact bytes, and the command they parse to. A parse error is
/// per line: log it and read on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming<C> {
    pub frame: RawFrame,
    pub command: Result<C, ParseError>,
}

fn parse<C: Command>(frame: RawFrame) -> Incoming<C> {
    Incoming {
        command: C::from_frame(&frame),
        frame,
    }
}

/// Decodes commands of type `In` and encodes commands of type `Out`.
#[derive(Debug)]
pub struct MsnpCodec<In, Out> {
    frames: FrameCodec,
    _types: PhantomData<fn(Out) -> In>,
}

/// The codec a client uses: reads server commands, writes client commands.
pub type ClientCodec = MsnpCodec<ServerCommand, ClientCommand>;
/// The codec a server uses: reads client commands, writes server commands.
pub type ServerCodec = MsnpCodec<ClientCommand, ServerCommand>;

impl<In: Command, Out: Command> MsnpCodec<In, Out> {
    pub fn new() -> Self {
        Self {
            frames: FrameCodec::new(In::DIRECTION),
            _types: PhantomData,
        }
    }
}

impl<In: Command, Out: Command> Default for MsnpCodec<In, Out> {
    fn default() -> Self {
        Self::new()
    }
}

impl<In: Command, Out: Command> Decoder for MsnpCodec<In, Out> {
    type Item = Incoming<In>;
    type Error = FramingError;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        Ok(self.frames.decode(buf)?.map(parse))
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        Ok(self.frames.decode_eof(buf)?.map(parse))
    }
}

impl<In: Command, Out: Command> Encoder<Out> for MsnpCodec<In, Out> {
    type Error = FramingError;

    fn encode(&mut self, command: Out, buf: &mut BytesMut) -> Result<(), Self::Error> {
        command.encode(buf);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_pass_through_unchanged() {
        let wire = b"MSG bob@example.com Bob 5\r\nhelloQNG 60\nbroken";
        let mut codec = FrameCodec::new(Direction::ServerToClient);
        let mut buf = BytesMut::from(&wire[..]);
        let mut out = BytesMut::new();
        while let Some(frame) = codec.decode(&mut buf).unwrap() {
            codec.encode(frame, &mut out).unwrap();
        }
        assert_eq!(&out[..], &wire[..wire.len() - 6]);
        assert!(matches!(
            codec.decode_eof(&mut buf),
            Err(FramingError::Truncated { .. })
        ));
    }

    #[test]
    fn typed_codec_keeps_the_frame_beside_the_command() {
        let mut codec = ClientCodec::new();
        let mut buf = BytesMut::from(&b"QNG 60\r\nFOO 1 x\r\nCHG 1\r\n"[..]);
        let qng = codec.decode(&mut buf).unwrap().unwrap();
        assert!(matches!(qng.command, Ok(ServerCommand::Qng(_))));
        let unknown = codec.decode(&mut buf).unwrap().unwrap();
        assert!(matches!(unknown.command, Ok(ServerCommand::Unknown(_))));
        let bad = codec.decode(&mut buf).unwrap().unwrap();
        assert!(
            bad.command.is_err(),
            "CHG without a status is a per-line error"
        );
        assert_eq!(bad.frame.line(), b"CHG 1");
    }
}
