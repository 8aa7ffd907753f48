//! tokio-util codec: frames bytes into typed commands for one side of a connection.

use std::marker::PhantomData;

use bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder};

use super::command::{ClientCommand, Command, ServerCommand};
use super::error::{FramingError, ParseError};
use super::frame::{Framer, RawFrame};

/// One received frame: its exact bytes, and the command they parse to. A parse error is
/// per line: log it and read on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming<C> {
    pub frame: RawFrame,
    pub command: Result<C, ParseError>,
}

/// Decodes commands of type `In` and encodes commands of type `Out`.
#[derive(Debug)]
pub struct MsnpCodec<In, Out> {
    framer: Framer,
    _types: PhantomData<fn(Out) -> In>,
}

/// The codec a client uses: reads server commands, writes client commands.
pub type ClientCodec = MsnpCodec<ServerCommand, ClientCommand>;
/// The codec a server uses: reads client commands, writes server commands.
pub type ServerCodec = MsnpCodec<ClientCommand, ServerCommand>;

impl<In: Command, Out: Command> MsnpCodec<In, Out> {
    pub fn new() -> Self {
        Self {
            framer: Framer::new(In::DIRECTION),
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
        Ok(self.framer.next_frame(buf)?.map(|frame| Incoming {
            command: In::from_frame(&frame),
            frame,
        }))
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        match self.decode(buf)? {
            Some(item) => Ok(Some(item)),
            None => self.framer.finish(buf).map(|()| None),
        }
    }
}

impl<In: Command, Out: Command> Encoder<Out> for MsnpCodec<In, Out> {
    type Error = FramingError;

    fn encode(&mut self, command: Out, buf: &mut BytesMut) -> Result<(), Self::Error> {
        command.encode(buf);
        Ok(())
    }
}
