//! Strategies for contact-list and group commands.

use msntui::protocol::command::{
    Adc, AddPrompt, AddReply, AddRequest, AdgReply, AdgRequest, Blp, Bpr, Gtc, IndexedContact,
    ListNotice, Lsg, Lst, PrivacyMode, Prp, ReaReply, ReaRequest, RegReply, RegRequest, Rem,
    RmgReply, RmgRequest, Sbp, SynReply, SynRequest,
};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::fields::{
    address, contact_id, group_id, group_list, guid, guid_text, list, list_bits, payload,
    property_key, sequence, token, trid, url_text,
};

pub fn syn_request() -> impl Strategy<Value = SynRequest> {
    (trid(), token(), option::of(token())).prop_map(|(trid, list_version, settings_version)| {
        SynRequest {
            trid,
            list_version,
            settings_version,
        }
    })
}

pub fn syn_reply() -> impl Strategy<Value = SynReply> {
    prop_oneof![
        (trid(), any::<u32>()).prop_map(|(trid, serial)| SynReply::Serial { trid, serial }),
        (trid(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(
            |(trid, serial, contacts, groups)| SynReply::Counted {
                trid,
                serial,
                contacts,
                groups,
            }
        ),
        (trid(), token(), token(), any::<u32>(), any::<u32>()).prop_map(
            |(trid, list_version, settings_version, contacts, groups)| SynReply::Versioned {
                trid,
                list_version,
                settings_version,
                contacts,
                groups,
            }
        ),
    ]
}

pub fn gtc() -> impl Strategy<Value = Gtc> {
    let setting = select(vec![AddPrompt::Ask, AddPrompt::DoNotAsk]);
    (sequence(), setting).prop_map(|(sequence, setting)| Gtc { sequence, setting })
}

pub fn blp() -> impl Strategy<Value = Blp> {
    let mode = select(vec![PrivacyMode::AllowOthers, PrivacyMode::BlockOthers]);
    (sequence(), mode).prop_map(|(sequence, mode)| Blp { sequence, mode })
}

pub fn prp() -> impl Strategy<Value = Prp> {
    (sequence(), property_key(), option::of(url_text())).prop_map(|(sequence, key, value)| Prp {
        sequence,
        key,
        value,
    })
}

pub fn bpr() -> impl Strategy<Value = Bpr> {
    (
        option::of(any::<u32>()),
        option::of(address()),
        property_key(),
        option::of(url_text()),
    )
        .prop_map(|(serial, contact, key, value)| Bpr {
            serial,
            contact,
            key,
            value,
        })
}

pub fn lsg() -> impl Strategy<Value = Lsg> {
    prop_oneof![
        (
            trid(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            url_text()
        )
            .prop_map(|(trid, serial, index, total, group, name)| Lsg::Indexed {
                trid,
                serial,
                index,
                total,
                group,
                name,
            }),
        (any::<u32>(), url_text()).prop_map(|(group, name)| Lsg::Numbered { group, name }),
        (url_text(), guid_text()).prop_map(|(name, guid)| Lsg::Guid { name, guid }),
    ]
}

fn indexed_contact() -> impl Strategy<Value = IndexedContact> {
    (address(), url_text(), option::of(group_list())).prop_map(|(email, name, groups)| {
        IndexedContact {
            email,
            name,
            groups,
        }
    })
}

pub fn lst() -> impl Strategy<Value = Lst> {
    prop_oneof![
        (
            trid(),
            list(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            option::of(indexed_contact())
        )
            .prop_map(|(trid, list, serial, index, total, contact)| Lst::Indexed {
                trid,
                list,
                serial,
                index,
                total,
                contact,
            }),
        (address(), url_text(), list_bits(), option::of(group_list())).prop_map(
            |(email, name, lists, groups)| Lst::Counted {
                email,
                name,
                lists,
                groups,
            }
        ),
        (
            address(),
            option::of(url_text()),
            option::of(guid_text()),
            list_bits(),
            option::of(any::<u32>()),
            option::of(group_list())
        )
            .prop_map(
                |(email, name, contact_guid, lists, network, groups)| Lst::Tagged {
                    email,
                    name,
                    contact_guid,
                    lists,
                    network,
                    groups,
                }
            ),
    ]
}

pub fn add_request() -> impl Strategy<Value = AddRequest> {
    (
        trid(),
        list(),
        address(),
        url_text(),
        option::of(any::<u32>()),
    )
        .prop_map(|(trid, list, email, name, group)| AddRequest {
            trid,
            list,
            email,
            name,
            group,
        })
}

pub fn add_reply() -> impl Strategy<Value = AddReply> {
    (
        trid(),
        list(),
        any::<u32>(),
        address(),
        url_text(),
        option::of(any::<u32>()),
    )
        .prop_map(|(trid, list, serial, email, name, group)| AddReply {
            trid,
            list,
            serial,
            email,
            name,
            group,
        })
}

pub fn rem() -> impl Strategy<Value = Rem> {
    (
        trid(),
        list(),
        option::of(any::<u32>()),
        contact_id(),
        option::of(group_id()),
    )
        .prop_map(|(trid, list, serial, contact, group)| Rem {
            trid,
            list,
            serial,
            contact,
            group,
        })
}

/// ADC names its contact by e-mail, by GUID, or both.
pub fn adc() -> impl Strategy<Value = Adc> {
    let contact = prop_oneof![
        address().prop_map(|email| (Some(email), None)),
        guid().prop_map(|guid| (None, Some(guid))),
        (address(), guid()).prop_map(|(email, guid)| (Some(email), Some(guid))),
    ];
    (
        trid(),
        list(),
        contact,
        option::of(url_text()),
        option::of(guid()),
    )
        .prop_map(|(trid, list, (email, contact_guid), name, group)| Adc {
            trid,
            list,
            email,
            name,
            contact_guid,
            group,
        })
}

pub fn adg_request() -> impl Strategy<Value = AdgRequest> {
    (trid(), url_text(), any::<bool>()).prop_map(|(trid, name, legacy_zero)| AdgRequest {
        trid,
        name,
        legacy_zero,
    })
}

pub fn adg_reply() -> impl Strategy<Value = AdgReply> {
    prop_oneof![
        (trid(), any::<u32>(), url_text(), any::<u32>()).prop_map(|(trid, serial, name, group)| {
            AdgReply::Numbered {
                trid,
                serial,
                name,
                group,
            }
        }),
        (trid(), url_text(), guid(), any::<bool>()).prop_map(|(trid, name, guid, legacy_zero)| {
            AdgReply::Guid {
                trid,
                name,
                guid,
                legacy_zero,
            }
        }),
    ]
}

pub fn rmg_request() -> impl Strategy<Value = RmgRequest> {
    (trid(), group_id()).prop_map(|(trid, group)| RmgRequest { trid, group })
}

pub fn rmg_reply() -> impl Strategy<Value = RmgReply> {
    (trid(), option::of(any::<u32>()), group_id()).prop_map(|(trid, serial, group)| RmgReply {
        trid,
        serial,
        group,
    })
}

pub fn reg_request() -> impl Strategy<Value = RegRequest> {
    (trid(), group_id(), url_text(), any::<bool>()).prop_map(|(trid, group, name, legacy_zero)| {
        RegRequest {
            trid,
            group,
            name,
            legacy_zero,
        }
    })
}

pub fn reg_reply() -> impl Strategy<Value = RegReply> {
    prop_oneof![
        (trid(), any::<u32>(), any::<u32>(), url_text()).prop_map(|(trid, serial, group, name)| {
            RegReply::Numbered {
                trid,
                serial,
                group,
                name,
            }
        }),
        (
            trid(),
            option::of(any::<u32>()),
            url_text(),
            guid(),
            any::<bool>()
        )
            .prop_map(|(trid, serial, name, guid, legacy_zero)| RegReply::Guid {
                trid,
                serial,
                name,
                guid,
                legacy_zero,
            }),
    ]
}

pub fn sbp() -> impl Strategy<Value = Sbp> {
    (trid(), guid(), property_key(), url_text()).prop_map(|(trid, contact_guid, key, value)| Sbp {
        trid,
        contact_guid,
        key,
        value,
    })
}

pub fn rea_request() -> impl Strategy<Value = ReaRequest> {
    (trid(), address(), url_text()).prop_map(|(trid, email, name)| ReaRequest { trid, email, name })
}

pub fn rea_reply() -> impl Strategy<Value = ReaReply> {
    (trid(), any::<u32>(), address(), url_text()).prop_map(|(trid, serial, email, name)| ReaReply {
        trid,
        serial,
        email,
        name,
    })
}

pub fn list_notice() -> impl Strategy<Value = ListNotice> {
    prop_oneof![
        trid().prop_map(|trid| ListNotice::Ok { trid }),
        (trid(), payload()).prop_map(|(trid, payload)| ListNotice::Push { trid, payload }),
    ]
}
