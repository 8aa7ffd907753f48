//! Strategies for the small shapes several commands share.

use msntui::protocol::command::{Notification, OkReply, PayloadReply, PayloadRequest, TridOnly};
use proptest::prelude::*;

use super::fields::{payload, trid};

pub fn ok_reply() -> impl Strategy<Value = OkReply> {
    trid().prop_map(|trid| OkReply { trid })
}

pub fn trid_only() -> impl Strategy<Value = TridOnly> {
    trid().prop_map(|trid| TridOnly { trid })
}

pub fn payload_request() -> impl Strategy<Value = PayloadRequest> {
    (trid(), payload()).prop_map(|(trid, payload)| PayloadRequest { trid, payload })
}

pub fn payload_reply() -> impl Strategy<Value = PayloadReply> {
    (trid(), payload()).prop_map(|(trid, payload)| PayloadReply { trid, payload })
}

pub fn notification() -> impl Strategy<Value = Notification> {
    payload().prop_map(|payload| Notification { payload })
}
