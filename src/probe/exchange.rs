//! One probe connection: connect, send one `VER`, classify the first answer.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};
use tokio_util::codec::Framed;

use super::report::{Exchange, Outcome};
use crate::protocol::command::Ver;
use crate::protocol::{
    ClientCodec, ClientCommand, Dialect, FramingError, Incoming, ServerCommand, Trid,
};

/// Longest reply kept for the report, in characters.
const REPLY_LIMIT: usize = 100;

/// Connects to the first of `addresses` that answers and offers `dialects` in one `VER 0`.
/// `timeout` bounds the whole exchange, connecting included.
pub(crate) async fn offer(
    addresses: &[SocketAddr],
    dialects: Vec<Dialect>,
    timeout: Duration,
) -> Exchange {
    let deadline = Instant::now() + timeout;
    let stream = match timeout_at(deadline, TcpStream::connect(addresses)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(error)) => return Exchange::without_reply(Outcome::ConnectFailed(describe(&error))),
        Err(_) => return Exchange::without_reply(Outcome::ConnectFailed("timed out".to_owned())),
    };
    let mut connection = Framed::new(stream, ClientCodec::new());
    let ver = ClientCommand::Ver(Ver {
        trid: Trid(0),
        dialects,
    });
    let exchange = async {
        match connection.send(ver).await {
            Ok(()) => classify(connection.next().await),
            Err(error) => classify(Some(Err(error))),
        }
    };
    timeout_at(deadline, exchange)
        .await
        .unwrap_or(Exchange::without_reply(Outcome::TimedOut))
}

/// Interprets the first thing read from the connection (`None`: it was closed).
fn classify(received: Option<Result<Incoming<ServerCommand>, FramingError>>) -> Exchange {
    let incoming = match received {
        None => return Exchange::without_reply(Outcome::Closed),
        Some(Err(FramingError::Io(error))) => {
            return Exchange::without_reply(Outcome::ConnectionLost(describe(&error)));
        }
        Some(Err(error)) => {
            return Exchange::without_reply(Outcome::ProtocolError(error.to_string()));
        }
        Some(Ok(incoming)) => incoming,
    };
    let outcome = match incoming.command {
        Ok(ServerCommand::Ver(ver)) if ver.dialects == [Dialect::None] => Outcome::Refused,
        Ok(ServerCommand::Ver(ver)) => match ver.dialects.iter().find_map(Dialect::version) {
            Some(version) => Outcome::Accepted(version),
            None => Outcome::ProtocolError("the VER reply names no protocol version".to_owned()),
        },
        Ok(ServerCommand::Error(reply)) => Outcome::ServerError(reply.code),
        Ok(_) => Outcome::ProtocolError(format!(
            "expected a VER reply, got {}",
            incoming.frame.command_name()
        )),
        Err(error) => Outcome::ProtocolError(error.to_string()),
    };
    Exchange {
        outcome,
        reply: Some(printable(incoming.frame.line())),
    }
}

/// The reply as text safe to print on a terminal.
fn printable(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let mut shown: String = text
        .chars()
        .take(REPLY_LIMIT)
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if text.chars().count() > REPLY_LIMIT {
        shown.push('…');
    }
    shown
}

/// "connection refused" rather than "Connection refused (os error 111)".
fn describe(error: &io::Error) -> String {
    use io::ErrorKind::*;
    match error.kind() {
        kind @ (ConnectionRefused | ConnectionReset | ConnectionAborted | TimedOut
        | HostUnreachable | NetworkUnreachable | AddrNotAvailable | BrokenPipe) => kind.to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;
    use tokio_util::codec::Decoder;

    use super::*;
    use crate::protocol::ErrorCode;

    fn answer(bytes: &[u8]) -> Exchange {
        let mut buffer = BytesMut::from(bytes);
        classify(ClientCodec::new().decode_eof(&mut buffer).transpose())
    }

    #[test]
    fn ver_replies() {
        let accepted = answer(b"VER 0 MSNP12\r\n");
        assert_eq!(accepted.outcome, Outcome::Accepted(12));
        assert_eq!(accepted.reply.as_deref(), Some("VER 0 MSNP12"));
        assert_eq!(
            answer(b"VER 0 MSNP8 CVR0\r\n").outcome,
            Outcome::Accepted(8)
        );
        assert_eq!(answer(b"VER 0 0\r\n").outcome, Outcome::Refused);
        assert!(matches!(
            answer(b"VER 0 CVR0\r\n").outcome,
            Outcome::ProtocolError(_)
        ));
    }

    #[test]
    fn errors_and_surprises() {
        assert_eq!(
            answer(b"715 0\r\n").outcome,
            Outcome::ServerError(ErrorCode(715))
        );
        assert!(matches!(
            answer(b"QNG 60\r\n").outcome,
            Outcome::ProtocolError(detail) if detail.contains("QNG")
        ));
        assert!(matches!(
            answer(b"VER 0 MSN").outcome,
            Outcome::ProtocolError(_)
        ));
        assert_eq!(answer(b"").outcome, Outcome::Closed);
    }

    #[test]
    fn replies_are_made_printable() {
        assert_eq!(printable(b"VER\x1b[2J 0"), "VER\\u{1b}[2J 0");
        assert_eq!(printable(&[b'x'; 150]).chars().count(), REPLY_LIMIT + 1);
    }
}
