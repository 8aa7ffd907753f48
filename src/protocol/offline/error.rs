//! What can be wrong with an offline-message document.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OfflineError {
    #[error("offline-message list is not XML: {0}")]
    MailDataXml(String),
    #[error("offline-message list has no <MD> root but <{0}>")]
    MailDataRoot(String),
    #[error("stored offline message has no blank line after its headers")]
    NoBody,
    #[error("stored offline message header line {0} is malformed")]
    Header(usize),
    #[error("stored offline message has no sender address in From: {0:?}")]
    NoSender(String),
    #[error("SOAP answer is not XML: {0}")]
    Envelope(String),
    #[error("SOAP request lacks {0}")]
    Missing(&'static str),
}

/// Why the text of an offline message cannot be shown; the message itself is still
/// reported, as a placeholder line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BodyProblem {
    #[error("its body is not valid base64")]
    NotBase64,
    #[error("it is in an unknown character set {0:?}")]
    UnknownCharset(String),
    #[error("its text is not valid {0}")]
    InvalidText(String),
    #[error("it is of another kind ({0})")]
    NotText(String),
    #[error("its transfer encoding {0:?} is unknown")]
    UnknownEncoding(String),
}
