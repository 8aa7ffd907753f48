//! Strategies for switchboard commands.

use msntui::protocol::command::{
    AckMode, AnsRequest, Bye, Cal, CalRinging, Iro, Joi, MsgFrom, MsgRequest, Rng,
};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::fields::{address, capabilities, payload, server_address, token, trid, url_text};
use super::session::host_tail;

pub fn rng() -> impl Strategy<Value = Rng> {
    (
        token(),
        server_address(),
        token(),
        address(),
        url_text(),
        host_tail(),
    )
        .prop_map(
            |(session, server, cookie, inviter, inviter_name, (host, direct))| Rng {
                session,
                server,
                cookie,
                inviter,
                inviter_name,
                host,
                direct,
            },
        )
}

pub fn cal() -> impl Strategy<Value = Cal> {
    (trid(), address()).prop_map(|(trid, invitee)| Cal { trid, invitee })
}

pub fn cal_ringing() -> impl Strategy<Value = CalRinging> {
    (trid(), token()).prop_map(|(trid, session)| CalRinging { trid, session })
}

pub fn ans_request() -> impl Strategy<Value = AnsRequest> {
    (trid(), address(), token(), token()).prop_map(|(trid, address, cookie, session)| AnsRequest {
        trid,
        address,
        cookie,
        session,
    })
}

pub fn iro() -> impl Strategy<Value = Iro> {
    (
        trid(),
        any::<u32>(),
        any::<u32>(),
        address(),
        url_text(),
        option::of(capabilities()),
    )
        .prop_map(|(trid, index, total, address, name, capabilities)| Iro {
            trid,
            index,
            total,
            address,
            name,
            capabilities,
        })
}

pub fn joi() -> impl Strategy<Value = Joi> {
    (address(), url_text(), option::of(capabilities())).prop_map(|(address, name, capabilities)| {
        Joi {
            address,
            name,
            capabilities,
        }
    })
}

pub fn bye() -> impl Strategy<Value = Bye> {
    (address(), any::<bool>()).prop_map(|(address, idle)| Bye { address, idle })
}

pub fn msg_request() -> impl Strategy<Value = MsgRequest> {
    let ack = select(vec![
        AckMode::Unacknowledged,
        AckMode::NegativeOnly,
        AckMode::Acknowledged,
        AckMode::Data,
    ]);
    (trid(), ack, payload()).prop_map(|(trid, ack, payload)| MsgRequest { trid, ack, payload })
}

pub fn msg_from() -> impl Strategy<Value = MsgFrom> {
    (address(), url_text(), payload()).prop_map(|(sender, sender_name, payload)| MsgFrom {
        sender,
        sender_name,
        payload,
    })
}
