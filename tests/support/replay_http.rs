//! The HTTP side of a replay (`HTTP oim.asmx`, `HTTP rsi.asmx` in the OIM recording):
//! each recorded request is sent to our HTTP port with the tickets and message ids our
//! server issued in place of the recorded ones, and each answer is made comparable.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Connections whose frames are HTTP exchanges rather than MSNP frames.
pub fn is_http(label: &str) -> bool {
    label.starts_with("HTTP ")
}

/// Recorded values and ours, replaced in the client's requests.
#[derive(Debug, Default)]
pub struct Substitutions {
    /// The 20-character ticket keys: recorded, ours.
    pub tickets: Vec<(String, String)>,
    /// Offline messages with their sizes, in order of first appearance: the
    /// recording's, and ours. Ids are matched by size (the two servers list messages in
    /// different orders), the rest in order.
    pub recorded_ids: Vec<(String, Option<u32>)>,
    pub our_ids: Vec<(String, Option<u32>)>,
}

impl Substitutions {
    pub fn ticket(&mut self, recorded: &str, ours: &str) {
        let key = |ticket: &str| {
            let body = ticket.strip_prefix("t=").unwrap_or(ticket);
            body.get(..20).map(str::to_owned)
        };
        if let (Some(recorded), Some(ours)) = (key(recorded), key(ours)) {
            self.tickets.push((recorded, ours));
        }
    }

    /// Notes the offline-message ids in what our server sent.
    pub fn heard(&mut self, text: &str) {
        note_ids(&mut self.our_ids, text);
    }

    /// Notes the offline-message ids in what the recording's server sent.
    pub fn recorded(&mut self, text: &str) {
        note_ids(&mut self.recorded_ids, text);
    }

    /// True once every recorded id in `request` has one of ours to stand for it.
    pub fn ready_for(&self, request: &[u8]) -> bool {
        let text = String::from_utf8_lossy(request);
        let pairs = self.id_pairs();
        self.recorded_ids
            .iter()
            .filter(|(id, _)| text.contains(id.as_str()))
            .all(|(id, _)| pairs.iter().any(|(recorded, _)| recorded == id))
    }

    fn id_pairs(&self) -> Vec<(&str, &str)> {
        let mut unused: Vec<&(String, Option<u32>)> = self.our_ids.iter().collect();
        let mut pairs = Vec::new();
        let mut unmatched = Vec::new();
        for (id, size) in &self.recorded_ids {
            match unused
                .iter()
                .position(|(_, ours)| size.is_some() && ours == size)
            {
                Some(index) => pairs.push((id.as_str(), unused.remove(index).0.as_str())),
                None => unmatched.push(id.as_str()),
            }
        }
        pairs.extend(
            unmatched
                .into_iter()
                .zip(unused.iter().map(|(id, _)| id.as_str())),
        );
        pairs
    }

    fn apply(&self, request: &[u8]) -> Vec<u8> {
        let mut text = String::from_utf8_lossy(request).into_owned();
        for (recorded, ours) in &self.tickets {
            text = text.replace(recorded.as_str(), ours);
        }
        for (recorded, ours) in self.id_pairs() {
            text = text.replace(recorded, ours);
        }
        text.into_bytes()
    }
}

fn note_ids(known: &mut Vec<(String, Option<u32>)>, text: &str) {
    let text = text.replace("&lt;", "<").replace("&gt;", ">");
    for entry in text.split("<M>").skip(1) {
        let field = |name: &str| {
            let (_, rest) = entry.split_once(&format!("<{name}>"))?;
            rest.split_once(&format!("</{name}>"))
                .map(|(value, _)| value.to_owned())
        };
        let Some(id) = field("I").filter(|id| id.len() == 36) else {
            continue;
        };
        if !known.iter().any(|(other, _)| *other == id) {
            known.push((id, field("SZ").and_then(|size| size.parse().ok())));
        }
    }
}

/// Sorts the `<M>` entries of `Mail-Data` (plain or entity-escaped): servers list them
/// in different orders.
pub fn sort_entries(text: &str) -> String {
    let mut text = text.to_owned();
    for (open, close) in [("<M>", "</M>"), ("&lt;M&gt;", "&lt;/M&gt;")] {
        let (Some(first), Some(last)) = (text.find(open), text.rfind(close)) else {
            continue;
        };
        let end = last + close.len();
        let mut entries: Vec<String> = text[first..end]
            .split(close)
            .filter(|entry| !entry.is_empty())
            .map(|entry| format!("{entry}{close}"))
            .collect();
        entries.sort();
        text = format!("{}{}{}", &text[..first], entries.concat(), &text[end..]);
    }
    text
}

/// Sends one recorded request (lengths are unchanged by the substitutions, which swap
/// values of equal length) and returns the whole answer.
pub async fn exchange(http: SocketAddr, request: &[u8], substitutions: &Substitutions) -> Vec<u8> {
    let mut stream = TcpStream::connect(http).await.expect("connect to HTTP");
    stream
        .write_all(&substitutions.apply(request))
        .await
        .expect("send request");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read answer");
    answer
}

/// Header lines compared; `Date`, `Server` and the lengths differ between two servers.
const COMPARED_HEADERS: &[&str] = &["content-type"];

/// An HTTP answer as comparable text: status, compared headers, body with the dates of
/// stored messages (and so their `SZ` sizes: the UTC day of the month has one digit or
/// two), `RT` values and fault actors masked (GUIDs are masked later).
pub fn normalise_http(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let mut out = vec![lines.next().unwrap_or_default().to_owned()];
    out.extend(lines.filter_map(|line| {
        let (name, value) = line.split_once(':')?;
        let name = name.to_ascii_lowercase();
        COMPARED_HEADERS
            .contains(&name.as_str())
            .then(|| format!("{name}:{value}"))
    }));
    out.push(String::new());
    out.push(sort_entries(&mask_body(body)));
    out.join("\n")
}

fn mask_body(body: &str) -> String {
    let body = mask_between(body, "&lt;RT&gt;", "&lt;/RT&gt;");
    let body = mask_between(&body, "&lt;SZ&gt;", "&lt;/SZ&gt;");
    let body = mask_between(&body, "<faultactor>", "</faultactor>");
    body.split("\r\n")
        .map(|line| {
            let volatile = ["Date: ", "X-OriginalArrivalTime: ", "\t "]
                .iter()
                .find(|prefix| line.starts_with(**prefix));
            match volatile {
                Some(prefix) => format!("{prefix}<date>"),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Replaces what stands between each `open` and the next `close`.
pub fn mask_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else {
            break;
        };
        out.push_str(&rest[..start + open.len()]);
        out.push_str("<masked>");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
