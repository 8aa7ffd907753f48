//! A conversation's lines, stored compactly: one fixed-size record per line, the texts in
//! one buffer, the senders in a shared table and what few lines need more (a failure's
//! reason, a file transfer's id, when an offline message was sent) beside them.
//!
//! Lines are numbered in the order of the conversation, so our own messages are found by
//! their id and a transfer's progress line by its transfer in constant time.

use std::collections::HashMap;

mod record;
mod senders;
mod text_arena;

use record::{Extra, Kind, Record, split_delivery};
use senders::{Sender, Senders};
use text_arena::{TextArena, TextSpan};

use super::clock::Timestamp;
use super::conversation::{ChatLine, Delivery, MessageId, MessageLine, SystemEvent};
use super::scrollback::{ScrollPosition, Scrollback};

/// The number of a line within its conversation: older lines put before the first one
/// shown get lower (negative) numbers.
type LineNumber = i64;

#[derive(Debug, Clone)]
pub struct ChatLines {
    records: Scrollback<Record>,
    /// Number of the oldest line stored.
    first: LineNumber,
    texts: TextArena,
    senders: Senders,
    extras: HashMap<LineNumber, Extra>,
    /// The line of each transfer whose progress is still rewritten in place.
    live_transfers: HashMap<u64, LineNumber>,
    /// The offer line of each transfer not ended yet, whose commands change as it goes.
    offers: HashMap<u64, LineNumber>,
}

impl ChatLines {
    /// Keeps at most `capacity` lines (at least one), dropping the oldest.
    pub fn with_capacity(capacity: usize) -> Self {
        ChatLines {
            records: Scrollback::with_capacity(capacity),
            first: 0,
            texts: TextArena::default(),
            senders: Senders::default(),
            extras: HashMap::new(),
            live_transfers: HashMap::new(),
            offers: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The line at `index`, oldest first.
    pub fn get(&self, index: usize) -> Option<ChatLine> {
        let record = self.records.get(index)?;
        let number = self.number(index);
        let text = self.texts.get(record.text).to_owned();
        let time = record.time;
        let event = match record.kind {
            Kind::Message { sender, delivery } => {
                let Sender {
                    address,
                    name,
                    colour,
                } = self.senders.get(sender)?.clone();
                let reason = self.extras.get(&number);
                let own = delivery.map(|mark| (own_id(number), mark.with_reason(reason)));
                return Some(ChatLine::Message(MessageLine {
                    time,
                    sender_address: address,
                    sender_name: name,
                    text,
                    colour,
                    own,
                }));
            }
            Kind::Joined => SystemEvent::Joined { name: text },
            Kind::Left => SystemEvent::Left { name: text },
            Kind::Nudge => SystemEvent::Nudge { name: text },
            Kind::Notice => SystemEvent::Notice(text),
            Kind::OfflineMessage => match self.extras.get(&number)? {
                Extra::OfflineSent(sent) => SystemEvent::OfflineMessage { sent: *sent },
                _ => return None,
            },
            Kind::Transfer => match self.extras.get(&number)? {
                &Extra::Transfer(id) => SystemEvent::Transfer {
                    id,
                    text,
                    live: self.live_transfers.get(&id) == Some(&number),
                },
                _ => return None,
            },
        };
        Some(ChatLine::System { time, event })
    }

    /// When the line at `index` was written.
    pub fn time(&self, index: usize) -> Option<Timestamp> {
        self.records.get(index).map(|record| record.time)
    }

    /// Adds a line after the others. Our own messages are known by their place, whatever
    /// id they bring.
    pub fn push(&mut self, line: ChatLine) {
        let number = self.next_number();
        let record = self.store(line, number);
        if let Some(dropped) = self.records.push(record) {
            self.forget(dropped, self.first);
            self.first += 1;
        }
        self.rebuild_texts_if_wasteful();
    }

    /// The id our message gets if it is the next line pushed.
    pub fn next_own_id(&self) -> MessageId {
        own_id(self.next_number())
    }

    /// Puts older lines (oldest first) before the others, as far as the capacity allows.
    pub fn prepend(&mut self, older: Vec<ChatLine>) {
        let skip = older.len().saturating_sub(self.records.room());
        let kept = older.len() - skip;
        let first = self.first - kept as LineNumber;
        let records: Vec<Record> = (first..)
            .zip(older.into_iter().skip(skip))
            .map(|(number, line)| self.store(line, number))
            .collect();
        self.first = first;
        self.records.prepend(records);
    }

    /// Changes the delivery state of our message `id`; false if it is no longer stored.
    pub fn set_delivery(&mut self, id: MessageId, delivery: Delivery) -> bool {
        let number = id.0 as LineNumber;
        let Some(record) = self.record_mut(number) else {
            return false;
        };
        let Kind::Message {
            delivery: Some(mark),
            ..
        } = &mut record.kind
        else {
            return false;
        };
        let (new_mark, reason) = split_delivery(delivery);
        *mark = new_mark;
        match reason {
            Some(reason) => self.extras.insert(number, reason),
            None => self.extras.remove(&number),
        };
        true
    }

    /// Adds the line offering transfer `id`, which `rewrite_offer` changes later.
    pub fn push_offer(&mut self, id: u64, time: Timestamp, text: String) {
        let number = self.next_number();
        let live = false;
        self.push(ChatLine::System {
            time,
            event: SystemEvent::Transfer { id, text, live },
        });
        self.offers.insert(id, number);
    }

    /// Rewrites the text of transfer `id`'s offer line, which is left as it is from then
    /// on when `ended`.
    pub fn rewrite_offer(&mut self, id: u64, text: &str, ended: bool) {
        let Some(&number) = self.offers.get(&id) else {
            return;
        };
        self.rewrite(number, text, None);
        if ended {
            self.offers.remove(&id);
        }
    }

    /// Rewrites the text and time of transfer `id`'s live line, which stops being live
    /// when `ended`; false if the transfer has no live line.
    pub fn rewrite_transfer(&mut self, id: u64, time: Timestamp, text: &str, ended: bool) -> bool {
        let Some(&number) = self.live_transfers.get(&id) else {
            return false;
        };
        if !self.rewrite(number, text, Some(time)) {
            return false;
        }
        if ended {
            self.live_transfers.remove(&id);
        }
        true
    }

    /// Gives line `number` a new text, and a new time if `time` is set; false if the
    /// line is no longer stored.
    fn rewrite(&mut self, number: LineNumber, text: &str, time: Option<Timestamp>) -> bool {
        let span = self.store_text(text);
        let Some(record) = self.record_mut(number) else {
            self.texts.release(span);
            return false;
        };
        let old = std::mem::replace(&mut record.text, span);
        if let Some(time) = time {
            record.time = time;
        }
        self.texts.release(old);
        self.rebuild_texts_if_wasteful();
        true
    }

    pub fn position(&self) -> ScrollPosition {
        self.records.position()
    }

    pub fn scroll_up(&mut self, lines: usize) {
        self.records.scroll_up(lines);
    }

    pub fn scroll_down(&mut self, lines: usize) {
        self.records.scroll_down(lines);
    }

    pub fn scroll_to_oldest(&mut self) {
        self.records.scroll_to_oldest();
    }

    pub fn follow(&mut self) {
        self.records.follow();
    }

    fn number(&self, index: usize) -> LineNumber {
        self.first + index as LineNumber
    }

    fn next_number(&self) -> LineNumber {
        self.number(self.records.len())
    }

    fn record_mut(&mut self, number: LineNumber) -> Option<&mut Record> {
        let index = usize::try_from(number.checked_sub(self.first)?).ok()?;
        self.records.get_mut(index)
    }

    /// The record of a line numbered `number`, its text, sender and extras stored.
    fn store(&mut self, line: ChatLine, number: LineNumber) -> Record {
        let (time, text, kind, extra) = match line {
            ChatLine::Message(message) => {
                let (delivery, extra) = match message.own {
                    Some((_, delivery)) => {
                        let (mark, reason) = split_delivery(delivery);
                        (Some(mark), reason)
                    }
                    None => (None, None),
                };
                let sender = self.senders.hold(Sender {
                    address: message.sender_address,
                    name: message.sender_name,
                    colour: message.colour,
                });
                let kind = Kind::Message { sender, delivery };
                (message.time, message.text, kind, extra)
            }
            ChatLine::System { time, event } => {
                let (text, kind, extra) = match event {
                    SystemEvent::Joined { name } => (name, Kind::Joined, None),
                    SystemEvent::Left { name } => (name, Kind::Left, None),
                    SystemEvent::Nudge { name } => (name, Kind::Nudge, None),
                    SystemEvent::Notice(notice) => (notice, Kind::Notice, None),
                    SystemEvent::OfflineMessage { sent } => {
                        let extra = Extra::OfflineSent(sent);
                        (String::new(), Kind::OfflineMessage, Some(extra))
                    }
                    SystemEvent::Transfer { id, text, live } => {
                        if live {
                            self.live_transfers.insert(id, number);
                        }
                        (text, Kind::Transfer, Some(Extra::Transfer(id)))
                    }
                };
                (time, text, kind, extra)
            }
        };
        if let Some(extra) = extra {
            self.extras.insert(number, extra);
        }
        let text = self.store_text(&text);
        Record { time, text, kind }
    }

    /// Lets go of what a dropped line held.
    fn forget(&mut self, record: Record, number: LineNumber) {
        self.texts.release(record.text);
        if let Kind::Message { sender, .. } = record.kind {
            self.senders.release(sender);
        }
        if let Some(Extra::Transfer(id)) = self.extras.remove(&number) {
            for lines in [&mut self.live_transfers, &mut self.offers] {
                if lines.get(&id) == Some(&number) {
                    lines.remove(&id);
                }
            }
        }
    }

    /// Adds a text to the buffer. Released texts are left out once they take half of it,
    /// so only more than 2 GiB of live text (more than memory holds in practice) could
    /// leave a line empty.
    fn store_text(&mut self, text: &str) -> TextSpan {
        self.texts.add(text).unwrap_or_default()
    }

    fn rebuild_texts_if_wasteful(&mut self) {
        if self.texts.is_wasteful() {
            self.rebuild_texts();
        }
    }

    /// Leaves released texts out of the buffer: each rebuild follows at least as many
    /// released bytes as it copies, so adding a line stays constant time on average.
    fn rebuild_texts(&mut self) {
        let spans = self.records.iter_mut().map(|record| &mut record.text);
        self.texts = self.texts.rebuilt(spans);
    }
}

/// The id of our message on line `number`.
fn own_id(number: LineNumber) -> MessageId {
    MessageId(number as u64)
}

#[cfg(test)]
mod tests;
