//! HTTP gateway exchanges as comparable frames, for the conformance replay: a recorded
//! request gives its query and MSNP body; a response (recorded, or from our server)
//! gives one summary frame (status, session id and `GW-IP` masked) and the MSNP frames
//! of its body.

use std::net::SocketAddr;

use bytes::BytesMut;
use msntui::protocol::RawFrame;
use msntui::protocol::frame::{Direction, Framer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub fn is_gateway(label: &str) -> bool {
    label.contains("gateway.dll")
}

/// A recorded request: the query of its target and its body.
pub struct Request {
    pub query: String,
    pub body: Vec<u8>,
}

pub fn request(bytes: &[u8]) -> Request {
    let (head, body) = split_head(bytes);
    let target = head.split_whitespace().nth(1).unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, query)| query);
    Request {
        query: query.to_owned(),
        body: body.to_vec(),
    }
}

/// A response: its status, its head, its `X-MSN-Messenger` value, its body.
pub struct Response {
    pub status: u16,
    head: String,
    pub messenger: Option<String>,
    pub body: Vec<u8>,
}

pub fn response(bytes: &[u8]) -> Response {
    let (head, body) = split_head(bytes);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let mut response = Response {
        status,
        head,
        messenger: None,
        body: body.to_vec(),
    };
    response.messenger = response.header("X-MSN-Messenger");
    response
}

impl Response {
    /// A header's value.
    pub fn header(&self, wanted: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case(wanted)
                .then(|| value.trim().to_owned())
        })
    }

    /// The session id the response names.
    pub fn session(&self) -> Option<String> {
        self.messenger_part("SessionID=")
    }

    /// The gateway address the response names.
    pub fn gateway_ip(&self) -> Option<String> {
        self.messenger_part("GW-IP=")
    }

    fn messenger_part(&self, key: &str) -> Option<String> {
        self.messenger
            .as_deref()?
            .split(';')
            .find_map(|part| part.trim().strip_prefix(key).map(str::to_owned))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The summary frame, then the body's MSNP frames (none for an error).
    pub fn frames(&self) -> Vec<RawFrame> {
        let masked = self.messenger.as_ref().map_or(String::new(), |_| {
            " X-MSN-Messenger: SessionID=<session>; GW-IP=<gateway>".to_owned()
        });
        let summary = format!("HTTP {}{masked}\r\n", self.status);
        let mut frames = vec![whole_frame(summary.as_bytes())];
        if self.status == 200 {
            let mut framer = Framer::new(Direction::ServerToClient);
            let mut buf = BytesMut::from(&self.body[..]);
            while let Ok(Some(frame)) = framer.next_frame(&mut buf) {
                frames.push(frame);
            }
            assert!(buf.is_empty(), "a gateway body holds whole frames");
        }
        frames
    }
}

fn whole_frame(bytes: &[u8]) -> RawFrame {
    let mut framer = Framer::new(Direction::ServerToClient);
    let mut buf = BytesMut::from(bytes);
    framer
        .next_frame(&mut buf)
        .ok()
        .flatten()
        .expect("a summary line is a frame")
}

fn split_head(bytes: &[u8]) -> (String, &[u8]) {
    let end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map_or(bytes.len(), |at| at + 4);
    (
        String::from_utf8_lossy(&bytes[..end]).into_owned(),
        &bytes[end..],
    )
}

/// POSTs to our gateway, one connection per request as the recording's client did.
pub async fn post(http: SocketAddr, query: &str, body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(http).await.expect("the HTTP listener");
    let head = format!(
        "POST /gateway/gateway.dll?{query} HTTP/1.1\r\nHost: {http}\r\n\
         Content-Type: application/x-msn-messenger\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("request");
    stream.write_all(body).await.expect("request body");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("response");
    response(&answer)
}
