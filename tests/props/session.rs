//! Strategies for connection and sign-in commands.

use msntui::protocol::command::{
    AuthPackage, Chl, ClientVersion, CvrReply, GcfReply, GcfRequest, Inf, InfReply, OutNotice,
    OutReason, Qng, Qry, QryAck, Sbs, UsrOutcome, UsrReply, UsrRequest, UsrStep, Ver, XfrKind,
    XfrReply, XfrRequest, XfrTarget,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::fields::{address, dialect, payload, server_address, token, trid, url_text};

pub fn ver() -> impl Strategy<Value = Ver> {
    (trid(), vec(dialect(), 1..4)).prop_map(|(trid, dialects)| Ver { trid, dialects })
}

pub fn inf() -> impl Strategy<Value = Inf> {
    trid().prop_map(|trid| Inf { trid })
}

pub fn inf_reply() -> impl Strategy<Value = InfReply> {
    (trid(), vec(token(), 1..3)).prop_map(|(trid, packages)| InfReply { trid, packages })
}

pub fn client_version() -> impl Strategy<Value = ClientVersion> {
    (trid(), vec(token(), 7), option::of(address())).prop_map(|(trid, texts, account)| {
        let [
            locale,
            os_type,
            os_version,
            arch,
            client_name,
            client_version,
            brand,
        ] = <[String; 7]>::try_from(texts).expect("seven texts");
        ClientVersion {
            trid,
            locale,
            os_type,
            os_version,
            arch,
            client_name,
            client_version,
            brand,
            account,
        }
    })
}

pub fn cvr_reply() -> impl Strategy<Value = CvrReply> {
    (trid(), vec(token(), 4), option::of(token())).prop_map(|(trid, texts, info_url)| {
        let [recommended, recommended_again, minimum, download_url] =
            <[String; 4]>::try_from(texts).expect("four texts");
        CvrReply {
            trid,
            recommended,
            recommended_again,
            minimum,
            download_url,
            info_url,
        }
    })
}

/// `SHA` only ever comes with stage `A`, so it has no `I` step.
fn usr_step() -> impl Strategy<Value = UsrStep> {
    let initial_package = select(vec![
        AuthPackage::Md5,
        AuthPackage::Tweener,
        AuthPackage::SingleSignOn,
    ]);
    prop_oneof![
        (initial_package, address())
            .prop_map(|(package, account)| UsrStep::Initial { package, account }),
        token().prop_map(|hash| UsrStep::Md5Response { hash }),
        token().prop_map(|ticket| UsrStep::TwnTicket { ticket }),
        (token(), token(), option::of(token())).prop_map(|(ticket, response, machine_guid)| {
            UsrStep::SsoResponse {
                ticket,
                response,
                machine_guid,
            }
        }),
        token().prop_map(|ticket| UsrStep::CircleTicket { ticket }),
        (address(), token()).prop_map(|(address, cookie)| UsrStep::Switchboard { address, cookie }),
    ]
}

pub fn usr_request() -> impl Strategy<Value = UsrRequest> {
    (trid(), usr_step()).prop_map(|(trid, step)| UsrRequest { trid, step })
}

fn usr_outcome() -> impl Strategy<Value = UsrOutcome> {
    prop_oneof![
        token().prop_map(|salt| UsrOutcome::Md5Challenge { salt }),
        token().prop_map(|challenge| UsrOutcome::TwnChallenge { challenge }),
        (token(), token(), option::of(token())).prop_map(|(policy, nonce, extra)| {
            UsrOutcome::SsoChallenge {
                policy,
                nonce,
                extra,
            }
        }),
        (
            address(),
            option::of(url_text()),
            option::of(any::<bool>()),
            option::of(any::<bool>()),
        )
            .prop_map(|(address, friendly, verified, restricted)| UsrOutcome::Ok {
                address,
                friendly,
                verified,
                restricted,
            }),
    ]
}

pub fn usr_reply() -> impl Strategy<Value = UsrReply> {
    (trid(), usr_outcome()).prop_map(|(trid, outcome)| UsrReply { trid, outcome })
}

fn xfr_kind() -> impl Strategy<Value = XfrKind> {
    select(vec![XfrKind::Switchboard, XfrKind::Notification])
}

pub fn xfr_request() -> impl Strategy<Value = XfrRequest> {
    (trid(), xfr_kind()).prop_map(|(trid, kind)| XfrRequest { trid, kind })
}

/// The `U <host> [<direct>]` tail of XFR SB and RNG: `direct` only after a host.
pub fn host_tail() -> impl Strategy<Value = (Option<String>, Option<bool>)> {
    prop_oneof![
        Just((None, None)),
        (token(), option::of(any::<bool>())).prop_map(|(host, direct)| (Some(host), direct)),
    ]
}

fn xfr_target() -> impl Strategy<Value = XfrTarget> {
    prop_oneof![
        (server_address(), vec(token(), 0..3))
            .prop_map(|(server, unused)| XfrTarget::Notification { server, unused }),
        (server_address(), token(), host_tail()).prop_map(|(server, cookie, (host, direct))| {
            XfrTarget::Switchboard {
                server,
                cookie,
                host,
                direct,
            }
        }),
    ]
}

pub fn xfr_reply() -> impl Strategy<Value = XfrReply> {
    (trid(), xfr_target()).prop_map(|(trid, target)| XfrReply { trid, target })
}

pub fn out_notice() -> impl Strategy<Value = OutNotice> {
    let reason = prop_oneof![
        Just(OutReason::OtherLocation),
        Just(OutReason::ServerShutdown),
        Just(OutReason::Migration),
        any::<u32>().prop_map(|minutes| OutReason::Reconnect { minutes }),
    ];
    option::of(reason).prop_map(|reason| OutNotice { reason })
}

pub fn qng() -> impl Strategy<Value = Qng> {
    option::of(any::<u32>()).prop_map(|next_ping_secs| Qng { next_ping_secs })
}

pub fn chl() -> impl Strategy<Value = Chl> {
    (trid(), token()).prop_map(|(trid, challenge)| Chl { trid, challenge })
}

pub fn qry() -> impl Strategy<Value = Qry> {
    (trid(), token(), payload()).prop_map(|(trid, product_id, response)| Qry {
        trid,
        product_id,
        response,
    })
}

pub fn qry_ack() -> impl Strategy<Value = QryAck> {
    trid().prop_map(|trid| QryAck { trid })
}

pub fn sbs() -> impl Strategy<Value = Sbs> {
    (trid(), token()).prop_map(|(trid, value)| Sbs { trid, value })
}

pub fn gcf_request() -> impl Strategy<Value = GcfRequest> {
    (trid(), token()).prop_map(|(trid, file)| GcfRequest { trid, file })
}

pub fn gcf_reply() -> impl Strategy<Value = GcfReply> {
    (trid(), option::of(token()), payload()).prop_map(|(trid, file, payload)| GcfReply {
        trid,
        file,
        payload,
    })
}
