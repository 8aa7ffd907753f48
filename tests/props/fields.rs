//! Strategies for single field values, each one wire-valid.

use bytes::Bytes;
use msntui::protocol::command::{ContactId, GroupId, GroupList, Sequence, ServerAddress};
use msntui::protocol::{
    Address, AddressTag, Capabilities, Dialect, List, ListBits, MsnObjectText, Status, Text, Trid,
    UrlText,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

pub fn trid() -> impl Strategy<Value = Trid> {
    any::<u32>().prop_map(Trid)
}

/// A raw field: any characters but space, CR and LF.
pub fn token() -> impl Strategy<Value = String> {
    "[^ \r\n]{1,12}"
}

/// Characters that names must survive, mixed with arbitrary Unicode.
fn name_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        select(vec![' ', '%', '\r', '\n', '\t', '+', '0', '1', 'é', '😀']),
    ]
}

/// A URL-encoded name (friendly name, group name): arbitrary Unicode, possibly empty.
pub fn url_text() -> impl Strategy<Value = UrlText> {
    vec(name_char(), 0..16).prop_map(|chars| UrlText::new(chars.into_iter().collect::<String>()))
}

/// A payload body: arbitrary bytes, often with line ends and digits in them.
pub fn payload() -> impl Strategy<Value = Bytes> {
    let byte = prop_oneof![any::<u8>(), select(b"\r\n0123456789 MSG".to_vec())];
    vec(byte, 0..64).prop_map(Bytes::from)
}

/// A GUID in the 8-4-4-4-12 layout, in either letter case.
pub fn guid() -> impl Strategy<Value = String> {
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
}

/// A GUID as the [`Text`] of a typed field.
pub fn guid_text() -> impl Strategy<Value = Text> {
    guid().prop_map(Text::from)
}

fn address_tag() -> impl Strategy<Value = AddressTag> {
    prop_oneof![
        guid().prop_map(|guid| AddressTag::Endpoint(format!("{{{guid}}}").into())),
        guid().prop_map(|guid| AddressTag::Other(format!("via=9:{guid}@live.com").into())),
    ]
}

/// `local@domain.tld`, with an optional `n:` network prefix and `;` suffix.
pub fn address() -> impl Strategy<Value = Address> {
    (
        option::of(any::<u32>()),
        "[a-z0-9._+-]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,4}",
        option::of(address_tag()),
    )
        .prop_map(|(network, email, tag)| Address {
            network,
            email: email.into(),
            tag,
        })
}

pub fn server_address() -> impl Strategy<Value = ServerAddress> {
    ("[a-z0-9.-]{1,15}", any::<u16>()).prop_map(|(host, port)| ServerAddress::new(host, port))
}

pub fn dialect() -> impl Strategy<Value = Dialect> {
    prop_oneof![
        any::<u8>().prop_map(Dialect::Msnp),
        Just(Dialect::Cvr0),
        Just(Dialect::None),
        token().prop_map(Dialect::Other),
    ]
}

pub fn status() -> impl Strategy<Value = Status> {
    select(Status::ALL.to_vec())
}

pub fn list() -> impl Strategy<Value = List> {
    select(List::ALL.to_vec())
}

pub fn list_bits() -> impl Strategy<Value = ListBits> {
    (0u8..32).prop_map(ListBits)
}

pub fn capabilities() -> impl Strategy<Value = Capabilities> {
    (any::<u32>(), option::of(any::<u32>()))
        .prop_map(|(flags, extended)| Capabilities { flags, extended })
}

pub fn msn_object() -> impl Strategy<Value = MsnObjectText> {
    prop_oneof![
        Just(MsnObjectText::None),
        vec(name_char(), 0..24)
            .prop_map(|chars| MsnObjectText::from_xml(&chars.into_iter().collect::<String>())),
    ]
}

pub fn group_id() -> impl Strategy<Value = GroupId> {
    prop_oneof![
        any::<u32>().prop_map(GroupId::Number),
        guid_text().prop_map(GroupId::Guid),
    ]
}

pub fn group_list() -> impl Strategy<Value = GroupList> {
    vec(group_id(), 0..4).prop_map(|groups| GroupList(groups.into()))
}

pub fn contact_id() -> impl Strategy<Value = ContactId> {
    prop_oneof![
        address().prop_map(ContactId::Email),
        guid_text().prop_map(ContactId::Guid),
    ]
}

/// A property key such as `MFN` or `PHH`.
pub fn property_key() -> impl Strategy<Value = String> {
    "[A-Z]{1,4}"
}

/// The optional TrID and serial before GTC/BLP/PRP: a serial never comes alone.
pub fn sequence() -> impl Strategy<Value = Sequence> {
    prop_oneof![
        Just(Sequence::default()),
        trid().prop_map(|trid| Sequence {
            trid: Some(trid),
            serial: None,
        }),
        (trid(), any::<u32>()).prop_map(|(trid, serial)| Sequence {
            trid: Some(trid),
            serial: Some(serial),
        }),
    ]
}
