use crate::protocol::{Dialect, ErrorCode};

/// Everything one probe of a server found out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeReport {
    /// The server as given, `host:port`.
    pub server: String,
    /// One connection per version, offering `VER 0 MSNPn CVR0`, in version order.
    pub versions: Vec<VersionResult>,
    /// One connection offering every version at once.
    pub preferred: PreferredResult,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionResult {
    pub version: u8,
    pub exchange: Exchange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferredResult {
    /// The dialects offered, in the order sent.
    pub offered: Vec<Dialect>,
    pub exchange: Exchange,
}

/// What one connection's `VER` got back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub outcome: Outcome,
    /// The first line the server sent, with control characters escaped.
    pub reply: Option<String>,
}

impl Exchange {
    pub fn without_reply(outcome: Outcome) -> Self {
        Self {
            outcome,
            reply: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered `VER` with this version.
    Accepted(u8),
    /// `VER 0 0`: none of the offered versions is acceptable.
    Refused,
    /// The server closed the connection without answering.
    Closed,
    /// No answer before the timeout.
    TimedOut,
    /// A numeric error reply.
    ServerError(ErrorCode),
    /// An answer that is not a valid `VER` reply.
    ProtocolError(String),
    /// The connection broke after it was made.
    ConnectionLost(String),
    /// The connection could not be made.
    ConnectFailed(String),
}
