//! Chunked messages (MSNP9+, extensions §1): one message cut into several MSGs that share
//! a `Message-ID`. The first part carries the message's own headers and `Chunks: <n>`;
//! each later part carries only `Message-ID` and `Chunk: <k>` (1 ≤ k < n).

use bytes::Bytes;

use super::error::MessageError;
use super::mime::{Headers, MimeMessage};
use super::text::TextMessage;

pub(super) const MESSAGE_ID: &str = "Message-ID";
pub(super) const CHUNKS: &str = "Chunks";
const CHUNK: &str = "Chunk";
/// The longest UTF-8 character: every part must have room for one.
const MAX_CHAR_LEN: usize = 4;

/// Where a part stands in its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkPosition {
    /// Part 0, which says how many parts there are.
    First { total: u32 },
    /// Part `index`, from 1 on.
    Later { index: u32 },
}

/// One part of a chunked message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub message_id: String,
    pub position: ChunkPosition,
    pub mime: MimeMessage,
}

/// A payload is either a whole message or one part of a chunked one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Whole(MimeMessage),
    Chunk(Chunk),
}

impl Part {
    /// Sorts a payload. A `Message-ID` with neither a usable `Chunks` (above 1) nor a
    /// usable `Chunk` (above 0) is a whole message of its own content type.
    pub fn of(mime: MimeMessage) -> Part {
        let Some(message_id) = mime.headers.non_empty(MESSAGE_ID) else {
            return Part::Whole(mime);
        };
        let position = match (
            mime.headers.parsed::<u32>(CHUNKS),
            mime.headers.parsed::<u32>(CHUNK),
        ) {
            (Some(total), _) if total > 1 => ChunkPosition::First { total },
            (None, Some(index)) if index > 0 => ChunkPosition::Later { index },
            _ => return Part::Whole(mime),
        };
        Part::Chunk(Chunk {
            message_id,
            position,
            mime,
        })
    }
}

impl TextMessage {
    /// The payloads that carry this message within `limit` bytes each: the message
    /// itself when it fits, else chunked messages of at most `max_parts` parts each (a
    /// text too long for one gets several), cut between characters. `new_id` gives each
    /// chunked message its `Message-ID`.
    pub fn chunked(
        &self,
        limit: usize,
        max_parts: u32,
        mut new_id: impl FnMut() -> String,
    ) -> Result<Vec<Bytes>, MessageError> {
        let whole = self.to_bytes();
        if whole.len() <= limit {
            return Ok(vec![whole]);
        }
        let mut payloads = Vec::new();
        let mut rest = self.text.as_str();
        while !rest.is_empty() {
            let id = new_id();
            let widest = max_parts.max(2);
            let first_room = room(limit, self.first_headers(&id, widest).len())?;
            let later_room = room(limit, later_headers(&id, widest - 1).len())?;
            let mut pieces = vec![take(&mut rest, first_room, limit)?];
            while !rest.is_empty() && pieces.len() < widest as usize {
                pieces.push(take(&mut rest, later_room, limit)?);
            }
            let total = u32::try_from(pieces.len()).unwrap_or(u32::MAX);
            for (index, piece) in (0..).zip(pieces) {
                let headers = if index == 0 {
                    self.first_headers(&id, total)
                } else {
                    later_headers(&id, index)
                };
                let mut payload = headers;
                payload.extend_from_slice(piece.as_bytes());
                payloads.push(Bytes::from(payload));
            }
        }
        Ok(payloads)
    }

    /// The header block of part 0, blank line included.
    fn first_headers(&self, id: &str, total: u32) -> Vec<u8> {
        let mut mime = TextMessage {
            text: String::new(),
            ..self.clone()
        }
        .to_mime();
        mime.headers.push(MESSAGE_ID, id);
        mime.headers.push(CHUNKS, total.to_string());
        mime.to_bytes().to_vec()
    }
}

/// The header block of part `index` (1 on), blank line included.
fn later_headers(id: &str, index: u32) -> Vec<u8> {
    let mut headers = Headers::new();
    headers.push(MESSAGE_ID, id);
    headers.push(CHUNK, index.to_string());
    MimeMessage::new(headers, Bytes::new()).to_bytes().to_vec()
}

fn room(limit: usize, overhead: usize) -> Result<usize, MessageError> {
    limit
        .checked_sub(overhead)
        .filter(|room| *room >= MAX_CHAR_LEN)
        .ok_or(MessageError::NoRoomForText { limit, overhead })
}

/// Takes up to `room` bytes off the front of `rest`, ending between characters.
fn take<'a>(rest: &mut &'a str, room: usize, limit: usize) -> Result<&'a str, MessageError> {
    let mut end = room.min(rest.len());
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    if end == 0 && !rest.is_empty() {
        return Err(MessageError::NoRoomForText {
            limit,
            overhead: limit - room,
        });
    }
    let (head, tail) = rest.split_at(end);
    *rest = tail;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::{MAX_PAYLOAD_LEN, Message};

    const GUID: &str = "{7071F782-2016-4A55-90A0-49C81058AA8C}";

    fn ids() -> impl FnMut() -> String {
        let mut next = 0;
        move || {
            next += 1;
            format!("{{00000000-0000-0000-0000-{next:012}}}")
        }
    }

    #[test]
    fn sorts_the_recorded_parts() {
        let first = format!(
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nMessage-ID: {GUID}\r\nChunks: 3\r\n\r\nLine 001"
        );
        let later = format!("Message-ID: {GUID}\r\nChunk: 2\r\n\r\nfin.");
        let first = Part::of(MimeMessage::parse(first.as_bytes()).unwrap());
        let later = Part::of(MimeMessage::parse(later.as_bytes()).unwrap());
        assert!(matches!(
            first,
            Part::Chunk(Chunk { ref message_id, position: ChunkPosition::First { total: 3 }, .. }) if message_id == GUID
        ));
        assert!(matches!(
            later,
            Part::Chunk(Chunk {
                position: ChunkPosition::Later { index: 2 },
                ..
            })
        ));
    }

    #[test]
    fn malformed_chunk_headers_make_a_whole_message() {
        for headers in [
            "Message-ID: {1}\r\n",
            "Message-ID: {1}\r\nChunks: 1\r\n",
            "Message-ID: {1}\r\nChunks: x\r\n",
            "Message-ID: {1}\r\nChunk: 0\r\n",
            "Chunk: 1\r\n",
        ] {
            let payload = format!("Content-Type: text/plain\r\n{headers}\r\nhi");
            let mime = MimeMessage::parse(payload.as_bytes()).unwrap();
            assert_eq!(Part::of(mime.clone()), Part::Whole(mime), "{headers}");
        }
    }

    #[test]
    fn short_text_goes_whole() {
        let message = TextMessage::new("hi");
        assert_eq!(
            message.chunked(MAX_PAYLOAD_LEN, 40, ids()),
            Ok(vec![message.to_bytes()])
        );
    }

    #[test]
    fn long_text_goes_in_the_official_shape() {
        let text = "Line of a long message; äöü € ☺ fin.\n".repeat(100);
        let payloads = TextMessage::new(text.clone())
            .chunked(MAX_PAYLOAD_LEN, 40, ids())
            .unwrap();
        assert_eq!(payloads.len(), 3);
        let first = String::from_utf8_lossy(&payloads[0]);
        assert!(first.starts_with("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\nMessage-ID: {00000000-0000-0000-0000-000000000001}\r\nChunks: 3\r\n\r\nLine"), "{first}");
        assert!(payloads[1].starts_with(
            b"Message-ID: {00000000-0000-0000-0000-000000000001}\r\nChunk: 1\r\n\r\n"
        ));
        assert!(payloads[2].starts_with(
            b"Message-ID: {00000000-0000-0000-0000-000000000001}\r\nChunk: 2\r\n\r\n"
        ));
        let mut joined = Vec::new();
        for payload in &payloads {
            assert!(payload.len() <= MAX_PAYLOAD_LEN);
            joined.extend_from_slice(&MimeMessage::parse(payload).unwrap().body);
        }
        assert_eq!(String::from_utf8(joined).unwrap(), text);
        assert!(matches!(Message::parse(&payloads[0]), Ok(Message::Text(_))));
    }

    #[test]
    fn text_beyond_the_part_limit_goes_as_several_messages() {
        let text = "x".repeat(10_000);
        let payloads = TextMessage::new(text)
            .chunked(MAX_PAYLOAD_LEN, 3, ids())
            .unwrap();
        let firsts: Vec<_> = payloads
            .iter()
            .filter(|payload| payload.starts_with(b"MIME-Version"))
            .collect();
        assert_eq!(firsts.len(), 3);
        assert!(
            String::from_utf8_lossy(firsts[2]).contains("{00000000-0000-0000-0000-000000000003}")
        );
    }

    #[test]
    fn a_limit_below_the_headers_is_an_error() {
        assert!(matches!(
            TextMessage::new("x".repeat(500)).chunked(150, 40, ids()),
            Err(MessageError::NoRoomForText { limit: 150, .. })
        ));
    }
}
