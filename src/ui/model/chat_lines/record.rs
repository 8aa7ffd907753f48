//! The fixed-size record of one stored line, and what a few lines keep beside it.

use super::senders::SenderId;
use super::text_arena::TextSpan;
use crate::ui::model::{Delivery, Timestamp};

/// One line: 24 bytes whatever its text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    pub(super) time: Timestamp,
    /// The message or notice text, or the name in a join, leave or nudge line.
    pub(super) text: TextSpan,
    pub(super) kind: Kind,
}

const _: () = assert!(std::mem::size_of::<Record>() == 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) enum Mark {
    Queued,
    Sent,
    Delivered,
    Failed,
    StoredOffline,
}

/// What a few kinds of line hold beyond their record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Extra {
    FailureReason(Box<str>),
    OfflineSent(Timestamp),
    Transfer(u64),
}

impl Mark {
    /// The delivery state this mark stands for, with the reason kept beside a failure.
    pub(super) fn with_reason(self, extra: Option<&Extra>) -> Delivery {
        match self {
            Mark::Queued => Delivery::Queued,
            Mark::Sent => Delivery::Sent,
            Mark::Delivered => Delivery::Delivered,
            Mark::StoredOffline => Delivery::StoredOffline,
            Mark::Failed => match extra {
                Some(Extra::FailureReason(reason)) => Delivery::Failed(reason.to_string()),
                _ => Delivery::Failed(String::new()),
            },
        }
    }
}

/// The mark of a delivery state, and what is kept beside the line for it.
pub(super) fn split_delivery(delivery: Delivery) -> (Mark, Option<Extra>) {
    match delivery {
        Delivery::Queued => (Mark::Queued, None),
        Delivery::Sent => (Mark::Sent, None),
        Delivery::Delivered => (Mark::Delivered, None),
        Delivery::StoredOffline => (Mark::StoredOffline, None),
        Delivery::Failed(reason) => (Mark::Failed, Some(Extra::FailureReason(reason.into()))),
    }
}
