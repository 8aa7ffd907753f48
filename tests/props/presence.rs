//! Strategies for presence, profile and service commands.

use msntui::protocol::command::{
    Chg, Fln, Iln, ImsReply, ImsRequest, InviteClient, Nfy, NfyAction, Page, PageData, Presence,
    Sdc, Snd, Switch, Ubm, Ubn, Ubx, UrlReply, UrlRequest, Uum, Uun, UuxAck,
};
use msntui::protocol::{Capabilities, MsnObjectText};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::fields::{address, capabilities, msn_object, payload, status, token, trid, url_text};

/// `[<capabilities> [<msnobj>]]`: an object only after capabilities.
fn caps_and_object() -> impl Strategy<Value = (Option<Capabilities>, Option<MsnObjectText>)> {
    prop_oneof![
        Just((None, None)),
        (capabilities(), option::of(msn_object())).prop_map(|(caps, object)| (Some(caps), object)),
    ]
}

pub fn chg() -> impl Strategy<Value = Chg> {
    (trid(), status(), caps_and_object()).prop_map(|(trid, status, (capabilities, object))| Chg {
        trid,
        status,
        capabilities,
        object,
    })
}

/// MSNP14–17 send the network id only together with capabilities and object.
fn network_caps_and_object()
-> impl Strategy<Value = (Option<u32>, Option<Capabilities>, Option<MsnObjectText>)> {
    prop_oneof![
        caps_and_object().prop_map(|(caps, object)| (None, caps, object)),
        (any::<u32>(), capabilities(), msn_object()).prop_map(|(network, caps, object)| (
            Some(network),
            Some(caps),
            Some(object)
        )),
    ]
}

pub fn presence() -> impl Strategy<Value = Presence> {
    (status(), address(), url_text(), network_caps_and_object()).prop_map(
        |(status, address, name, (network, capabilities, object))| Presence {
            status,
            address,
            network,
            name,
            capabilities,
            object,
        },
    )
}

pub fn iln() -> impl Strategy<Value = Iln> {
    (trid(), presence()).prop_map(|(trid, presence)| Iln { trid, presence })
}

pub fn fln() -> impl Strategy<Value = Fln> {
    (
        address(),
        option::of(any::<u32>()),
        option::of(capabilities()),
    )
        .prop_map(|(address, network, capabilities)| Fln {
            address,
            network,
            capabilities,
        })
}

pub fn ubx() -> impl Strategy<Value = Ubx> {
    (address(), option::of(any::<u32>()), payload()).prop_map(|(address, network, payload)| Ubx {
        address,
        network,
        payload,
    })
}

pub fn uux_ack() -> impl Strategy<Value = UuxAck> {
    (trid(), any::<u32>()).prop_map(|(trid, result)| UuxAck { trid, result })
}

pub fn uun() -> impl Strategy<Value = Uun> {
    (trid(), address(), any::<u32>(), payload()).prop_map(|(trid, to, kind, payload)| Uun {
        trid,
        to,
        kind,
        payload,
    })
}

pub fn ubn() -> impl Strategy<Value = Ubn> {
    (address(), any::<u32>(), payload()).prop_map(|(from, kind, payload)| Ubn {
        from,
        kind,
        payload,
    })
}

pub fn uum() -> impl Strategy<Value = Uum> {
    (trid(), address(), any::<u32>(), any::<u32>(), payload()).prop_map(
        |(trid, to, network, kind, payload)| Uum {
            trid,
            to,
            network,
            kind,
            payload,
        },
    )
}

pub fn ubm() -> impl Strategy<Value = Ubm> {
    (address(), any::<u32>(), any::<u32>(), payload()).prop_map(|(from, network, kind, payload)| {
        Ubm {
            from,
            network,
            kind,
            payload,
        }
    })
}

pub fn url_request() -> impl Strategy<Value = UrlRequest> {
    (trid(), token(), option::of(token())).prop_map(|(trid, service, parameter)| UrlRequest {
        trid,
        service,
        parameter,
    })
}

pub fn url_reply() -> impl Strategy<Value = UrlReply> {
    (trid(), token(), token(), option::of(any::<u32>())).prop_map(|(trid, rru, url, id)| UrlReply {
        trid,
        rru,
        url,
        id,
    })
}

fn switch() -> impl Strategy<Value = Switch> {
    select(vec![Switch::On, Switch::Off])
}

pub fn ims_request() -> impl Strategy<Value = ImsRequest> {
    (trid(), switch()).prop_map(|(trid, switch)| ImsRequest { trid, switch })
}

pub fn ims_reply() -> impl Strategy<Value = ImsReply> {
    (trid(), any::<u32>(), switch()).prop_map(|(trid, serial, switch)| ImsReply {
        trid,
        serial,
        switch,
    })
}

fn invite_client() -> impl Strategy<Value = InviteClient> {
    (
        option::of(token()),
        option::of(token()),
        option::of(token()),
    )
        .prop_map(|(locale, client, client_address)| InviteClient {
            locale,
            client,
            client_address,
        })
}

pub fn snd() -> impl Strategy<Value = Snd> {
    (trid(), address(), invite_client()).prop_map(|(trid, email, client)| Snd {
        trid,
        email,
        client,
    })
}

pub fn sdc() -> impl Strategy<Value = Sdc> {
    (
        trid(),
        address(),
        invite_client(),
        [token(), token()],
        url_text(),
        payload(),
    )
        .prop_map(
            |(trid, email, client, reserved, sender_name, payload)| Sdc {
                trid,
                email,
                client,
                reserved,
                sender_name,
                payload,
            },
        )
}

pub fn page() -> impl Strategy<Value = Page> {
    (trid(), address(), payload()).prop_map(|(trid, to, payload)| Page { trid, to, payload })
}

pub fn page_data() -> impl Strategy<Value = PageData> {
    (trid(), address(), any::<u32>(), payload()).prop_map(|(trid, to, kind, payload)| PageData {
        trid,
        to,
        kind,
        payload,
    })
}

pub fn nfy() -> impl Strategy<Value = Nfy> {
    let action = select(vec![NfyAction::Put, NfyAction::Delete]);
    (action, payload()).prop_map(|(action, payload)| Nfy { action, payload })
}
