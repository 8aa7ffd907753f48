//! Errors of the protocol layer: framing errors end a connection, parse errors end a line.

use thiserror::Error;

/// The byte stream cannot be split into frames any more; the connection must be closed.
#[derive(Debug, Error)]
pub enum FramingError {
    #[error("{command}: command line longer than {limit} bytes")]
    LineTooLong { command: String, limit: usize },
    #[error("{command}: payload of {length} bytes exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        command: String,
        length: u64,
        limit: usize,
    },
    #[error("{command}: payload length {value:?} is not a number")]
    BadPayloadLength { command: String, value: String },
    #[error("{command}: connection closed in the middle of a frame ({buffered} bytes buffered)")]
    Truncated { command: String, buffered: usize },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// One framed line that does not form a valid command. The connection goes on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("empty command line")]
    EmptyLine,
    #[error("command line is not valid UTF-8")]
    BadUtf8,
    #[error("{command}: missing field <{field}>")]
    MissingField {
        command: &'static str,
        field: &'static str,
    },
    #[error("{command}: invalid <{field}> {value:?}")]
    InvalidField {
        command: &'static str,
        field: &'static str,
        value: String,
    },
    #[error("{command}: {extra} unexpected extra field(s)")]
    TooManyFields { command: &'static str, extra: usize },
    #[error("{command}: expected a payload")]
    MissingPayload { command: &'static str },
    #[error("{command}: does not carry a payload in this direction")]
    UnexpectedPayload { command: &'static str },
}
