//! Putting chunked messages back together (extensions §1.4): parts are kept by sender and
//! `Message-ID` in any order, duplicates are ignored, and everything is bounded (parts per
//! message, bytes per message, open messages per sender, time). What arrived of a message
//! that never completes is handed back, so it can be shown with a note.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use thiserror::Error;

use super::chunks::{CHUNKS, Chunk, ChunkPosition};
use super::mime::{Headers, MimeMessage};

/// The bounds of the reassembly table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLimits {
    pub max_parts: u32,
    pub max_bytes: usize,
    pub max_open_per_sender: usize,
    /// How long a message may take to complete, from its first part to arrive.
    pub timeout: Duration,
}

impl Default for ChunkLimits {
    fn default() -> Self {
        Self {
            max_parts: 40,
            max_bytes: 256 * 1024,
            max_open_per_sender: 8,
            timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChunkError {
    #[error("a chunked message of {total} parts is over the limit of {limit}")]
    TooManyParts { total: u32, limit: u32 },
    #[error("part {index} is beyond the {total} parts announced")]
    PartOutOfRange { index: u32, total: u32 },
    #[error("a chunked message grew over {limit} bytes")]
    TooLarge { limit: usize },
    #[error("{limit} chunked messages from this sender are already incomplete")]
    TooManyOpen { limit: usize },
}

/// What arrived of a message that did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    pub sender: String,
    /// The headers of the first part, when it arrived.
    pub headers: Option<Headers>,
    /// The bodies that arrived, in order, with the gaps left out.
    pub body: Bytes,
    pub received: usize,
    /// The number of parts, when the first part said it.
    pub expected: Option<u32>,
}

/// What one part did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The last missing part: the whole message, with the headers of its first part.
    Complete(MimeMessage),
    /// Kept, or a duplicate ignored.
    Pending,
    /// The part broke a limit; what had arrived of its message (if anything) is given up.
    Refused {
        error: ChunkError,
        partial: Option<Incomplete>,
    },
}

struct Entry {
    headers: Option<Headers>,
    total: Option<u32>,
    parts: BTreeMap<u32, Bytes>,
    bytes: usize,
    deadline: Instant,
}

impl Entry {
    fn into_incomplete(self, sender: String) -> Incomplete {
        Incomplete {
            sender,
            headers: self.headers,
            body: join(self.parts.values()),
            received: self.parts.len(),
            expected: self.total,
        }
    }
}

/// The chunked messages under way on one switchboard.
#[derive(Default)]
pub struct Reassembly {
    limits: ChunkLimits,
    entries: HashMap<(String, String), Entry>,
    /// Messages completed or given up lately, until when a late part of one of them is
    /// ignored rather than taken for the start of a new message.
    finished: HashMap<(String, String), Instant>,
}

impl Reassembly {
    pub fn new(limits: ChunkLimits) -> Self {
        Self {
            limits,
            entries: HashMap::new(),
            finished: HashMap::new(),
        }
    }

    /// Takes one part from `sender` (compared without case).
    pub fn accept(&mut self, sender: &str, chunk: Chunk, now: Instant) -> Outcome {
        let sender = sender.to_ascii_lowercase();
        let key = (sender.clone(), chunk.message_id);
        let limits = self.limits;
        self.finished.retain(|_, until| *until > now);
        if self.finished.contains_key(&key) {
            return Outcome::Pending;
        }
        if !self.entries.contains_key(&key) {
            let open = self.entries.keys().filter(|(s, _)| *s == sender).count();
            if open >= limits.max_open_per_sender {
                let error = ChunkError::TooManyOpen {
                    limit: limits.max_open_per_sender,
                };
                return self.give_up(key, error, now);
            }
        }
        let entry = self.entries.entry(key.clone()).or_insert_with(|| Entry {
            headers: None,
            total: None,
            parts: BTreeMap::new(),
            bytes: 0,
            deadline: now + limits.timeout,
        });
        let (index, checked) = match chunk.position {
            ChunkPosition::First { total } => (0, check_total(entry, total, limits.max_parts)),
            ChunkPosition::Later { index } => (index, check_index(entry, index, limits.max_parts)),
        };
        if let Err(error) = checked {
            return self.give_up(key, error, now);
        }
        if entry.parts.contains_key(&index) {
            return Outcome::Pending;
        }
        let body = chunk.mime.body;
        if entry.bytes + body.len() > limits.max_bytes {
            let error = ChunkError::TooLarge {
                limit: limits.max_bytes,
            };
            return self.give_up(key, error, now);
        }
        if let ChunkPosition::First { total } = chunk.position {
            entry.total = Some(total);
            entry.headers = Some(
                chunk
                    .mime
                    .headers
                    .iter()
                    .filter(|(name, _)| !name.eq_ignore_ascii_case(CHUNKS))
                    .collect(),
            );
        }
        entry.bytes += body.len();
        entry.parts.insert(index, body);
        let complete = entry
            .total
            .is_some_and(|total| entry.parts.len() == total as usize);
        if !complete {
            return Outcome::Pending;
        }
        let entry = self.entries.remove(&key);
        self.finished.insert(key, now + limits.timeout);
        match entry {
            Some(entry) => Outcome::Complete(MimeMessage::new(
                entry.headers.unwrap_or_default(),
                join(entry.parts.values()),
            )),
            None => Outcome::Pending,
        }
    }

    /// Gives up the messages whose time ran out.
    pub fn expire(&mut self, now: Instant) -> Vec<Incomplete> {
        self.finished.retain(|_, until| *until > now);
        let overdue: Vec<(String, String)> = self
            .entries
            .iter()
            .filter(|(_, entry)| entry.deadline <= now)
            .map(|(key, _)| key.clone())
            .collect();
        overdue
            .into_iter()
            .filter_map(|key| {
                let entry = self.entries.remove(&key)?;
                Some(entry.into_incomplete(key.0))
            })
            .collect()
    }

    /// Gives up every message still under way (the switchboard closed).
    pub fn drain(&mut self) -> Vec<Incomplete> {
        self.entries
            .drain()
            .map(|((sender, _), entry)| entry.into_incomplete(sender))
            .collect()
    }

    /// When the next message runs out of time.
    pub fn deadline(&self) -> Option<Instant> {
        self.entries.values().map(|entry| entry.deadline).min()
    }

    /// Drops a message for good: its later parts are ignored for a while.
    fn give_up(&mut self, key: (String, String), error: ChunkError, now: Instant) -> Outcome {
        self.finished.insert(key.clone(), now + self.limits.timeout);
        let partial = self
            .entries
            .remove(&key)
            .filter(|entry| !entry.parts.is_empty())
            .map(|entry| entry.into_incomplete(key.0));
        Outcome::Refused { error, partial }
    }
}

fn check_total(entry: &Entry, total: u32, max_parts: u32) -> Result<(), ChunkError> {
    if total > max_parts {
        return Err(ChunkError::TooManyParts {
            total,
            limit: max_parts,
        });
    }
    match entry.parts.keys().next_back() {
        Some(&index) if index >= total && entry.total.is_none() => {
            Err(ChunkError::PartOutOfRange { index, total })
        }
        _ => Ok(()),
    }
}

fn check_index(entry: &Entry, index: u32, max_parts: u32) -> Result<(), ChunkError> {
    let total = entry.total.unwrap_or(max_parts);
    if index >= total {
        return Err(ChunkError::PartOutOfRange { index, total });
    }
    Ok(())
}

fn join<'a>(parts: impl Iterator<Item = &'a Bytes>) -> Bytes {
    let mut body = BytesMut::new();
    for part in parts {
        body.extend_from_slice(part);
    }
    body.freeze()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::protocol::message::Part;

    const ID: &str = "{7071F782-2016-4A55-90A0-49C81058AA8C}";

    fn part(index: u32, total: u32, body: &str) -> Chunk {
        let payload = if index == 0 {
            format!(
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nMessage-ID: {ID}\r\nChunks: {total}\r\n\r\n{body}"
            )
        } else {
            format!("Message-ID: {ID}\r\nChunk: {index}\r\n\r\n{body}")
        };
        match Part::of(MimeMessage::parse(payload.as_bytes()).unwrap()) {
            Part::Chunk(chunk) => chunk,
            Part::Whole(whole) => panic!("not a chunk: {whole:?}"),
        }
    }

    fn complete_text(outcome: Outcome) -> String {
        match outcome {
            Outcome::Complete(mime) => {
                assert_eq!(mime.headers.get("Chunks"), None);
                assert_eq!(mime.headers.get("Message-ID"), Some(ID));
                String::from_utf8(mime.body.to_vec()).unwrap()
            }
            other => panic!("not complete: {other:?}"),
        }
    }

    #[test]
    fn joins_parts_in_order_whatever_order_they_come_in() {
        let mut table = Reassembly::default();
        let now = Instant::now();
        assert_eq!(
            table.accept("Bob@x", part(2, 3, "c"), now),
            Outcome::Pending
        );
        assert_eq!(
            table.accept("bob@x", part(0, 3, "a"), now),
            Outcome::Pending
        );
        assert_eq!(
            table.accept("bob@x", part(2, 3, "c"), now),
            Outcome::Pending
        );
        assert_eq!(
            complete_text(table.accept("bob@x", part(1, 3, "b"), now)),
            "abc"
        );
        assert_eq!(table.deadline(), None);
    }

    #[test]
    fn senders_are_kept_apart() {
        let mut table = Reassembly::default();
        let now = Instant::now();
        table.accept("alice@x", part(0, 2, "a"), now);
        assert_eq!(
            table.accept("bob@x", part(1, 2, "B"), now),
            Outcome::Pending
        );
        assert_eq!(
            complete_text(table.accept("alice@x", part(1, 2, "b"), now)),
            "ab"
        );
        assert_eq!(table.drain().len(), 1);
    }

    #[test]
    fn a_missing_part_times_out_with_what_arrived() {
        let limits = ChunkLimits::default();
        let mut table = Reassembly::new(limits);
        let now = Instant::now();
        table.accept("bob@x", part(0, 3, "first "), now);
        table.accept("bob@x", part(2, 3, "third"), now);
        assert_eq!(table.deadline(), Some(now + limits.timeout));
        assert!(table.expire(now).is_empty());
        let expired = table.expire(now + limits.timeout);
        assert_eq!(expired.len(), 1);
        assert_eq!(expired[0].body, &b"first third"[..]);
        assert_eq!((expired[0].received, expired[0].expected), (2, Some(3)));
        assert!(expired[0].headers.is_some());
        assert_eq!(table.deadline(), None);
    }

    #[test]
    fn limits_are_enforced_and_a_refused_message_stays_refused() {
        let limits = ChunkLimits {
            max_parts: 4,
            max_bytes: 10,
            max_open_per_sender: 1,
            timeout: Duration::from_secs(1),
        };
        let now = Instant::now();
        let mut table = Reassembly::new(limits);
        let with_id = |mut chunk: Chunk, id: &str| {
            chunk.message_id = id.to_owned();
            chunk
        };
        assert!(matches!(
            table.accept("bob@x", with_id(part(0, 5, "a"), "{1}"), now),
            Outcome::Refused {
                error: ChunkError::TooManyParts { total: 5, limit: 4 },
                partial: None
            }
        ));
        assert_eq!(
            table.accept("bob@x", with_id(part(1, 5, "b"), "{1}"), now),
            Outcome::Pending
        );
        assert_eq!(table.drain(), []);
        table.accept("bob@x", with_id(part(0, 3, "12345"), "{2}"), now);
        assert!(matches!(
            table.accept("bob@x", with_id(part(3, 3, "x"), "{2}"), now),
            Outcome::Refused {
                error: ChunkError::PartOutOfRange { index: 3, total: 3 },
                partial: Some(_)
            }
        ));
        table.accept("bob@x", with_id(part(0, 3, "12345"), "{3}"), now);
        let too_large = table.accept("bob@x", with_id(part(1, 3, "678901"), "{3}"), now);
        let Outcome::Refused {
            error: ChunkError::TooLarge { .. },
            partial: Some(partial),
        } = too_large
        else {
            panic!("{too_large:?}");
        };
        assert_eq!(partial.body, &b"12345"[..]);
        table.accept("bob@x", with_id(part(1, 3, "a"), "{4}"), now);
        assert!(matches!(
            table.accept("bob@x", with_id(part(1, 3, "b"), "{5}"), now),
            Outcome::Refused {
                error: ChunkError::TooManyOpen { limit: 1 },
                ..
            }
        ));
        assert_eq!(
            table.accept("bob@x", with_id(part(2, 3, "c"), "{5}"), now),
            Outcome::Pending
        );
        let later = now + limits.timeout;
        assert_eq!(table.expire(later).len(), 1);
        assert_eq!(
            table.accept("bob@x", with_id(part(0, 2, "again"), "{1}"), later),
            Outcome::Pending
        );
    }

    proptest! {
        /// Any order, any duplicates: the message completes once, with the parts in order.
        #[test]
        fn any_order_with_duplicates_completes_once(
            bodies in proptest::collection::vec("[a-z☺]{0,8}", 2..12),
            order in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
        ) {
            let total = u32::try_from(bodies.len()).unwrap();
            let mut sequence: Vec<u32> = order.iter().map(|index| u32::try_from(index.index(bodies.len())).unwrap()).collect();
            sequence.extend(0..total);
            let mut table = Reassembly::default();
            let now = Instant::now();
            let mut completed = Vec::new();
            for index in sequence {
                if let Outcome::Complete(mime) = table.accept("bob@x", part(index, total, &bodies[index as usize]), now) {
                    completed.push(mime.body);
                }
            }
            prop_assert_eq!(completed.len(), 1);
            prop_assert_eq!(completed[0].clone(), Bytes::from(bodies.concat()));
            prop_assert!(table.drain().is_empty());
        }

        /// Losses: the message never completes, and what arrived comes back in order.
        #[test]
        fn losses_give_back_what_arrived(
            bodies in proptest::collection::vec("[a-z]{1,8}", 2..12),
            kept in proptest::collection::vec(any::<bool>(), 12),
            reversed in any::<bool>(),
        ) {
            let total = u32::try_from(bodies.len()).unwrap();
            let mut arriving: Vec<u32> = (0..total).filter(|index| kept[*index as usize]).collect();
            prop_assume!(arriving.len() < bodies.len() && !arriving.is_empty());
            if reversed {
                arriving.reverse();
            }
            let mut table = Reassembly::default();
            let now = Instant::now();
            for index in &arriving {
                prop_assert_eq!(table.accept("bob@x", part(*index, total, &bodies[*index as usize]), now), Outcome::Pending);
            }
            let expired = table.expire(now + ChunkLimits::default().timeout);
            prop_assert_eq!(expired.len(), 1);
            arriving.sort_unstable();
            let expected: String = arriving.iter().map(|index| bodies[*index as usize].as_str()).collect();
            prop_assert_eq!(expired[0].body.clone(), Bytes::from(expected));
            prop_assert_eq!(expired[0].received, arriving.len());
            prop_assert_eq!(expired[0].headers.is_some(), arriving.first() == Some(&0));
        }
    }
}
