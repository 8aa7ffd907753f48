//! A conversation's lines, stored compactly: one fixed-size record per line, the texts in
//! one buffer, the senders in a shared table and what few lines need more (a failure's
//! reason, a file transfer's id, when an offline message was sent) beside them.
//!
//! Lines are numbered in the order of the conversation, so our own messages are found by
//! their id and a transfer's progress line by its transfer in constant time.

use std::collections::HashMap;

use super::clock::Timestamp;
use super::conversation::{ChatLine, Delivery, MessageId, MessageLine, SystemEvent};
use super::scrollback::{ScrollPosition, Scrollback};
use super::senders::{Sender, SenderId, Senders};
use super::text_arena::{TextArena, TextSpan};

/// One line: 24 bytes whatever its text.
#[derive(Debug, Clone, Copy)]
struct Record {
    time: Timestamp,
    /// The message or notice text, or the name in a join, leave or nudge line.
    text: TextSpan,
    kind: Kind,
}

const _: () = assert!(std::mem::size_of::<Record>() == 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `delivery` is set for our own messages.
    Message {
        sender: SenderId,
        delivery: Option<Mark>,
    },
    Joined,
    Left,
    Nudge,
    Notice,
    OfflineMessage,
    Transfer,
}

/// A [`Delivery`] without the failure's reason, which is kept beside the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Queued,
    Sent,
    Delivered,
    Failed,
    StoredOffline,
}

/// What a few kinds of line hold beyond their record.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Extra {
    FailureReason(Box<str>),
    OfflineSent(Timestamp),
    Transfer(u64),
}

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
                let own = delivery.map(|mark| (own_id(number), self.delivery(mark, number)));
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

    /// Rewrites the text and time of transfer `id`'s live line, which stops being live
    /// when `ended`; false if the transfer has no live line.
    pub fn rewrite_transfer(&mut self, id: u64, time: Timestamp, text: &str, ended: bool) -> bool {
        let Some(&number) = self.live_transfers.get(&id) else {
            return false;
        };
        let span = self.store_text(text);
        let Some(record) = self.record_mut(number) else {
            self.texts.release(span);
            return false;
        };
        let old = std::mem::replace(&mut record.text, span);
        record.time = time;
        self.texts.release(old);
        if ended {
            self.live_transfers.remove(&id);
        }
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

    fn delivery(&self, mark: Mark, number: LineNumber) -> Delivery {
        match mark {
            Mark::Queued => Delivery::Queued,
            Mark::Sent => Delivery::Sent,
            Mark::Delivered => Delivery::Delivered,
            Mark::StoredOffline => Delivery::StoredOffline,
            Mark::Failed => match self.extras.get(&number) {
                Some(Extra::FailureReason(reason)) => Delivery::Failed(reason.to_string()),
                _ => Delivery::Failed(String::new()),
            },
        }
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
        if let Some(Extra::Transfer(id)) = self.extras.remove(&number)
            && self.live_transfers.get(&id) == Some(&number)
        {
            self.live_transfers.remove(&id);
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

fn split_delivery(delivery: Delivery) -> (Mark, Option<Extra>) {
    match delivery {
        Delivery::Queued => (Mark::Queued, None),
        Delivery::Sent => (Mark::Sent, None),
        Delivery::Delivered => (Mark::Delivered, None),
        Delivery::StoredOffline => (Mark::StoredOffline, None),
        Delivery::Failed(reason) => (Mark::Failed, Some(Extra::FailureReason(reason.into()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Rgb;

    fn message(from: &str, text: &str) -> MessageLine {
        MessageLine {
            time: Timestamp(7),
            sender_address: from.into(),
            sender_name: from.to_uppercase().into(),
            text: text.into(),
            colour: Some(Rgb(1, 2, 3)),
            own: None,
        }
    }

    fn system(event: SystemEvent) -> ChatLine {
        ChatLine::System {
            time: Timestamp(3),
            event,
        }
    }

    fn all(lines: &ChatLines) -> Vec<ChatLine> {
        (0..lines.len())
            .filter_map(|index| lines.get(index))
            .collect()
    }

    fn texts(lines: &ChatLines) -> Vec<String> {
        all(lines)
            .into_iter()
            .map(|line| match line {
                ChatLine::Message(message) => message.text,
                ChatLine::System { event, .. } => format!("{event:?}"),
            })
            .collect()
    }

    #[test]
    fn every_kind_of_line_comes_back_as_it_was_pushed() {
        let lines = vec![
            ChatLine::Message(message("bob@x", "hi 日本語 🎉")),
            system(SystemEvent::Joined { name: "Amy".into() }),
            system(SystemEvent::Left { name: "Amy".into() }),
            system(SystemEvent::Nudge { name: "Bob".into() }),
            system(SystemEvent::Notice("connection lost".into())),
            system(SystemEvent::OfflineMessage {
                sent: Timestamp(-5),
            }),
            system(SystemEvent::Transfer {
                id: 9,
                text: "photo.jpg: 10%".into(),
                live: true,
            }),
            system(SystemEvent::Transfer {
                id: 10,
                text: "offered".into(),
                live: false,
            }),
            ChatLine::Message(message("amy@x", "")),
        ];
        let mut stored = ChatLines::with_capacity(100);
        lines.iter().cloned().for_each(|line| stored.push(line));
        assert_eq!(all(&stored), lines);
        assert_eq!(stored.time(5), Some(Timestamp(3)));
    }

    #[test]
    fn our_messages_are_found_by_id_and_keep_a_failure_reason() {
        let mut lines = ChatLines::with_capacity(3);
        let first = lines.next_own_id();
        lines.push(ChatLine::Message(MessageLine {
            own: Some((first, Delivery::Queued)),
            ..message("me@x", "one")
        }));
        let second = lines.next_own_id();
        lines.push(ChatLine::Message(MessageLine {
            own: Some((second, Delivery::Queued)),
            ..message("me@x", "two")
        }));
        lines.push(ChatLine::Message(message("bob@x", "reply")));
        assert!(lines.set_delivery(first, Delivery::Failed("timeout".into())));
        assert!(lines.set_delivery(second, Delivery::Delivered));
        let own = |lines: &ChatLines, index| match lines.get(index) {
            Some(ChatLine::Message(message)) => message.own,
            _ => None,
        };
        assert_eq!(
            own(&lines, 0),
            Some((first, Delivery::Failed("timeout".into())))
        );
        assert_eq!(own(&lines, 1), Some((second, Delivery::Delivered)));
        assert!(
            lines.set_delivery(first, Delivery::Sent),
            "a failed message is resent"
        );
        assert_eq!(own(&lines, 0), Some((first, Delivery::Sent)));
        assert!(lines.extras.is_empty(), "the reason went with the failure");
        assert!(!lines.set_delivery(lines.next_own_id(), Delivery::Sent));
        lines.push(ChatLine::Message(message("bob@x", "pushes the first out")));
        assert!(!lines.set_delivery(first, Delivery::Delivered));
        let reply = MessageId(first.0 + 2);
        assert!(
            !lines.set_delivery(reply, Delivery::Sent),
            "not one of ours"
        );
    }

    #[test]
    fn a_transfer_is_rewritten_in_place_until_it_ends() {
        let mut lines = ChatLines::with_capacity(10);
        lines.push(system(SystemEvent::Transfer {
            id: 4,
            text: "0%".into(),
            live: true,
        }));
        lines.push(ChatLine::Message(message("bob@x", "nice")));
        assert!(lines.rewrite_transfer(4, Timestamp(8), "50%", false));
        assert!(lines.rewrite_transfer(4, Timestamp(9), "done", true));
        assert!(!lines.rewrite_transfer(4, Timestamp(9), "again", true));
        let done = SystemEvent::Transfer {
            id: 4,
            text: "done".into(),
            live: false,
        };
        assert_eq!(
            lines.get(0),
            Some(ChatLine::System {
                time: Timestamp(9),
                event: done
            })
        );
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_dropped_live_transfer_is_no_longer_rewritten() {
        let mut lines = ChatLines::with_capacity(1);
        lines.push(system(SystemEvent::Transfer {
            id: 4,
            text: "0%".into(),
            live: true,
        }));
        lines.push(ChatLine::Message(message("bob@x", "later")));
        assert!(!lines.rewrite_transfer(4, Timestamp(8), "50%", false));
        assert!(lines.live_transfers.is_empty() && lines.extras.is_empty());
    }

    #[test]
    fn older_lines_go_before_and_keep_their_numbers_apart() {
        let mut lines = ChatLines::with_capacity(4);
        let own = lines.next_own_id();
        lines.push(ChatLine::Message(MessageLine {
            own: Some((own, Delivery::Queued)),
            ..message("me@x", "now")
        }));
        let logged = ChatLine::Message(MessageLine {
            own: Some((MessageId(u64::MAX), Delivery::Failed("lost".into()))),
            ..message("me@x", "logged")
        });
        let older = vec![
            ChatLine::Message(message("bob@x", "too old to fit")),
            system(SystemEvent::Notice("a".into())),
            system(SystemEvent::OfflineMessage { sent: Timestamp(1) }),
            logged,
        ];
        lines.prepend(older);
        assert_eq!(
            texts(&lines)[1..],
            ["OfflineMessage { sent: Timestamp(1) }", "logged", "now"]
        );
        assert!(lines.set_delivery(own, Delivery::Delivered));
        let Some(ChatLine::Message(logged)) = lines.get(2) else {
            panic!("the logged message is kept");
        };
        assert_eq!(
            logged.own.map(|(_, state)| state),
            Some(Delivery::Failed("lost".into()))
        );
    }

    #[test]
    fn texts_stay_right_as_old_lines_drop_and_the_buffer_is_rebuilt() {
        let mut lines = ChatLines::with_capacity(100);
        for n in 0..20_000 {
            lines.push(ChatLine::Message(message(
                &format!("user{}@x", n % 150),
                &format!("line {n} {}", "x".repeat(n % 40)),
            )));
        }
        let kept = texts(&lines);
        assert_eq!(kept.len(), 100);
        assert_eq!(kept[99], format!("line 19999 {}", "x".repeat(19_999 % 40)));
        let Some(ChatLine::Message(newest)) = lines.get(99) else {
            panic!("a message");
        };
        assert_eq!(&*newest.sender_name, "USER49@X");
    }
}
