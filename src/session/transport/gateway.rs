//! The HTTP polling gateway (extensions §4): each connection is a gateway session of
//! POSTs to `gateway.dll`. The request bodies carry what would have been written to the
//! socket, the responses what would have been read. One request is in flight at a time;
//! writes made meanwhile go together in the next one, and only an idle session polls.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, PRAGMA, USER_AGENT};
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{mpsc, oneshot};
use url::Url;

use crate::session::config::Network;
use crate::session::events::ConnectionKind;
use crate::session::service_url::service_url;

/// Responses not yet read by the connection; the pump waits when it is full.
const UNREAD_RESPONSES: usize = 16;
const CONTENT_TYPE_MESSENGER: &str = "application/x-msn-messenger";
/// Query values keep `:` and `.` readable, as the recording shows them.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b':')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

#[derive(Debug, Error)]
pub(crate) enum GatewayError {
    #[error("gateway {0}")]
    Url(String),
    #[error("cannot reach the gateway: {0}")]
    Unreachable(String),
    #[error("the gateway answered HTTP {0}")]
    Status(u16),
    #[error("the gateway's answer names no session (X-MSN-Messenger)")]
    NoSession,
}

/// The connection's side: reads what the gateway answered, writes what to send.
pub(crate) struct GatewayStream {
    to_pump: Option<mpsc::UnboundedSender<Bytes>>,
    from_pump: mpsc::Receiver<Result<Bytes, GatewayError>>,
    unread: Bytes,
    /// Resolves (with an error) when the pump has ended.
    pump_done: oneshot::Receiver<()>,
}

/// Starts a gateway session for a connection to `host:port`; the `open` request goes
/// out with the first bytes written.
pub(super) fn open(
    http: reqwest::Client,
    network: &Network,
    kind: ConnectionKind,
    host: &str,
    port: u16,
) -> Result<GatewayStream, GatewayError> {
    let url =
        service_url(&network.gateway_url).map_err(|error| GatewayError::Url(error.to_string()))?;
    // The NS is named by host (as the official client did), a switchboard by host:port.
    let (server, ip) = match kind {
        ConnectionKind::Notification => ("NS", host.to_owned()),
        ConnectionKind::Switchboard => ("SB", format!("{host}:{port}")),
    };
    let (to_pump, outgoing) = mpsc::unbounded_channel();
    let (incoming, from_pump) = mpsc::channel(UNREAD_RESPONSES);
    let (done, pump_done) = oneshot::channel();
    let pump = Pump {
        _done: done,
        http,
        url,
        open_query: format!("Action=open&Server={server}&IP={}", encode(&ip)),
        session: None,
        poll_interval: network.poll_interval,
        outgoing,
        incoming,
    };
    tokio::spawn(pump.run());
    Ok(GatewayStream {
        to_pump: Some(to_pump),
        from_pump,
        unread: Bytes::new(),
        pump_done,
    })
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

struct Pump {
    /// Dropped with the pump, telling a closing stream that everything went out.
    _done: oneshot::Sender<()>,
    http: reqwest::Client,
    /// Where the next request goes (the host follows `GW-IP`).
    url: Url,
    open_query: String,
    session: Option<String>,
    poll_interval: Duration,
    outgoing: mpsc::UnboundedReceiver<Bytes>,
    incoming: mpsc::Sender<Result<Bytes, GatewayError>>,
}

impl Pump {
    /// Sends until the connection is dropped with nothing left to send, or a request
    /// fails (the error is the connection's next read).
    async fn run(mut self) {
        let mut pending = BytesMut::new();
        loop {
            if pending.is_empty() {
                let opened = self.session.is_some();
                tokio::select! {
                    bytes = self.outgoing.recv() => match bytes {
                        Some(bytes) => pending.extend_from_slice(&bytes),
                        None => return,
                    },
                    () = tokio::time::sleep(self.poll_interval), if opened => {}
                }
            }
            while let Ok(bytes) = self.outgoing.try_recv() {
                pending.extend_from_slice(&bytes);
            }
            match self.exchange(pending.split().freeze()).await {
                Ok(reply) if reply.is_empty() => {}
                // A closed reader only means the connection is going: keep sending its OUT.
                Ok(reply) => {
                    let _ = self.incoming.send(Ok(reply)).await;
                }
                Err(error) => {
                    tracing::debug!(%error, "gateway session failed");
                    let _ = self.incoming.send(Err(error)).await;
                    return;
                }
            }
        }
    }

    /// One request: `open` with the first bytes, a send, or (with no body) a poll.
    async fn exchange(&mut self, body: Bytes) -> Result<Bytes, GatewayError> {
        let query = match &self.session {
            None => self.open_query.clone(),
            Some(id) if body.is_empty() => format!("Action=poll&SessionID={}", encode(id)),
            Some(id) => format!("SessionID={}", encode(id)),
        };
        let mut url = self.url.clone();
        url.set_query(Some(&query));
        let response = self
            .http
            .post(url)
            .header(ACCEPT, "*/*")
            .header(ACCEPT_LANGUAGE, "en-us")
            .header(USER_AGENT, "MSMSGS")
            .header(PRAGMA, "no-cache")
            .header(CONTENT_TYPE, CONTENT_TYPE_MESSENGER)
            .body(body)
            .send()
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(GatewayError::Status(response.status().as_u16()));
        }
        let header = response
            .headers()
            .get("X-MSN-Messenger")
            .and_then(|value| value.to_str().ok())
            .ok_or(GatewayError::NoSession)?;
        let (session, gateway) = parse_messenger_header(header).ok_or(GatewayError::NoSession)?;
        self.session = Some(session);
        if let Some(gateway) = gateway {
            self.follow(&gateway)?;
        }
        response.bytes().await.map_err(unreachable)
    }

    /// Sends the next requests to the host `GW-IP` names. Only a plain-http gateway is
    /// followed (an https one's certificate names the configured host), its port is
    /// kept (Escargot echoes the `IP` we sent, port included), and the service-URL rule
    /// still holds.
    fn follow(&mut self, gateway: &str) -> Result<(), GatewayError> {
        if self.url.scheme() != "http" {
            return Ok(());
        }
        let host = host_of(gateway);
        if self.url.host_str() == Some(host) {
            return Ok(());
        }
        let mut moved = self.url.clone();
        moved
            .set_host(Some(host))
            .map_err(|_| GatewayError::Url(format!("GW-IP {gateway} is not a host")))?;
        self.url =
            service_url(moved.as_str()).map_err(|error| GatewayError::Url(error.to_string()))?;
        Ok(())
    }
}

fn unreachable(error: reqwest::Error) -> GatewayError {
    GatewayError::Unreachable(error.without_url().to_string())
}

/// `SessionID=<id>; GW-IP=<host>` (a `Session=close` part is ignored: the next request
/// tells).
fn parse_messenger_header(header: &str) -> Option<(String, Option<String>)> {
    let mut session = None;
    let mut gateway = None;
    for part in header.split(';') {
        match part.trim().split_once('=') {
            Some(("SessionID", id)) if !id.is_empty() => session = Some(id.to_owned()),
            Some(("GW-IP", host)) if !host.is_empty() => gateway = Some(host.to_owned()),
            _ => {}
        }
    }
    Some((session?, gateway))
}

/// The host part of `host`, `host:port`, `[v6]` or `[v6]:port`.
fn host_of(address: &str) -> &str {
    if address.starts_with('[') {
        return address.find(']').map_or(address, |end| &address[..=end]);
    }
    match address.split_once(':') {
        Some((host, port)) if !port.contains(':') => host,
        _ => address,
    }
}

impl AsyncRead for GatewayStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        while self.unread.is_empty() {
            match ready!(self.from_pump.poll_recv(cx)) {
                Some(Ok(bytes)) => self.unread = bytes,
                Some(Err(error)) => return Poll::Ready(Err(io::Error::other(error))),
                None => return Poll::Ready(Ok(())),
            }
        }
        let count = self.unread.len().min(buf.remaining());
        let bytes = self.unread.split_to(count);
        buf.put_slice(&bytes);
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for GatewayStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let sent = self
            .to_pump
            .as_ref()
            .is_some_and(|pump| pump.send(Bytes::copy_from_slice(buf)).is_ok());
        Poll::Ready(if sent {
            Ok(buf.len())
        } else {
            Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the gateway session is over",
            ))
        })
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Lets the pump send what is queued (the `OUT`), then waits for it to end.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.to_pump = None;
        Pin::new(&mut self.pump_done).poll(cx).map(|_| Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_messenger_header() {
        assert_eq!(
            parse_messenger_header("SessionID=6679ef9d-5e28; GW-IP=127.0.0.1:1864"),
            Some(("6679ef9d-5e28".into(), Some("127.0.0.1:1864".into())))
        );
        assert_eq!(
            parse_messenger_header("SessionID=a.b; GW-IP=1.2.3.4; Session=close"),
            Some(("a.b".into(), Some("1.2.3.4".into())))
        );
        assert_eq!(parse_messenger_header("GW-IP=1.2.3.4"), None);
    }

    #[test]
    fn gateway_hosts_lose_their_port() {
        assert_eq!(host_of("127.0.0.1:1864"), "127.0.0.1");
        assert_eq!(host_of("127.0.0.1"), "127.0.0.1");
        assert_eq!(host_of("[::1]:80"), "[::1]");
        assert_eq!(host_of("gw.example.net"), "gw.example.net");
    }

    #[test]
    fn query_values_keep_addresses_readable() {
        assert_eq!(encode("127.0.0.1:1864"), "127.0.0.1:1864");
        assert_eq!(encode("a b&c"), "a%20b%26c");
    }
}
