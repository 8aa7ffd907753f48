//! What can be wrong with an MSG payload.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageError {
    #[error("no blank line separates the headers from the body")]
    MissingBlankLine,
    #[error("header line {line_number} is not `Name: value`: {text:?}")]
    MalformedHeader { line_number: usize, text: String },
    #[error("header line {line_number} is not valid UTF-8")]
    HeaderNotUtf8 { line_number: usize },
    #[error("body is not valid UTF-8 (valid up to byte {valid_up_to})")]
    BodyNotUtf8 { valid_up_to: usize },
    #[error("missing `{field}` field")]
    MissingField { field: &'static str },
    #[error("invalid `{field}` value {value:?}")]
    InvalidField { field: &'static str, value: String },
    #[error("a {limit}-byte payload has no room for text after {overhead} bytes of headers")]
    NoRoomForText { limit: usize, overhead: usize },
}
