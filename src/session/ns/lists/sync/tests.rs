use bytes::BytesMut;
use tokio_util::codec::Decoder;

use super::*;
use crate::protocol::ClientCodec;
use crate::protocol::command::PrivacyMode;

/// Feeds recorded lines (CRLF added) until the dump is complete; returns how many it took.
fn feed(sync: &mut Sync, lines: &[&str]) -> usize {
    let mut codec = ClientCodec::new();
    for (taken, line) in lines.iter().enumerate() {
        let mut buf = BytesMut::from(format!("{line}\r\n").as_str());
        let incoming = codec.decode(&mut buf).unwrap().unwrap();
        let command = incoming.command.unwrap();
        assert!(sync.take(&command), "not part of the dump: {line}");
        if sync.complete() {
            return taken + 1;
        }
    }
    lines.len() + 1
}

fn bob(sync: &Sync) -> &crate::session::model::Contact {
    sync.list.contact("bob@example.com").expect("bob listed")
}

#[test]
fn msnp2_and_msnp7_dumps() {
    let mut sync = Sync::new(Trid(5), 2);
    let lines = [
        "SYN 5 1",
        "GTC 5 1 A",
        "BLP 5 1 BL",
        "LST 5 FL 1 1 1 bob@example.com bob@example.com",
        "LST 5 AL 1 1 1 bob@example.com bob@example.com",
        "LST 5 BL 1 0 0",
        "LST 5 RL 1 1 1 bob@example.com bob@example.com",
    ];
    assert_eq!(feed(&mut sync, &lines), lines.len());
    assert_eq!(bob(&sync).lists, ListBits(11));
    assert_eq!(sync.list.privacy, Some(PrivacyMode::BlockOthers));
    assert_eq!(sync.list.ask_on_add, Some(true));

    let mut sync = Sync::new(Trid(6), 7);
    let lines = [
        "SYN 6 1",
        "GTC 6 1 A",
        "BLP 6 1 BL",
        "LSG 6 1 1 1 0 Other%20Contacts 0",
        "LST 6 FL 1 1 1 bob@example.com bob@example.com 0",
        "LST 6 AL 1 1 1 bob@example.com bob@example.com",
        "LST 6 BL 1 0 0",
        "LST 6 RL 1 1 1 bob@example.com bob@example.com",
    ];
    assert_eq!(feed(&mut sync, &lines), lines.len());
    assert_eq!(bob(&sync).groups, ["0"]);
    assert_eq!(sync.list.groups[0].name, "Other Contacts");
}

#[test]
fn msnp8_dump_is_counted() {
    let mut sync = Sync::new(Trid(5), 8);
    let lines = [
        "SYN 5 1 1 1",
        "GTC A",
        "BLP BL",
        "LSG 0 Other%20Contacts 0",
        "LST bob@example.com Bob%20Test 11 0",
    ];
    assert_eq!(feed(&mut sync, &lines), lines.len());
    assert_eq!(bob(&sync).name, "Bob Test");
    assert_eq!(bob(&sync).lists, ListBits(11));
}

#[test]
fn msnp12_dump_with_guids_and_own_name() {
    let mut sync = Sync::new(Trid(5), 12);
    let lines = [
        "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 1 1",
        "GTC A",
        "BLP BL",
        "PRP MFN Alice%20Test",
        "LSG Friends 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd",
        "LST N=bob@example.com F=bob@example.com C=38f0af1a-8d0d-4213-9f1e-1b25720ce4c9 11 1 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd",
    ];
    assert_eq!(feed(&mut sync, &lines), lines.len());
    assert_eq!(sync.own_name.as_deref(), Some("Alice Test"));
    let bob = bob(&sync);
    assert_eq!(
        bob.guid.as_deref(),
        Some("38f0af1a-8d0d-4213-9f1e-1b25720ce4c9")
    );
    assert_eq!(bob.groups, ["0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd"]);
    assert_eq!(sync.list.group("friends").map(|g| g.id.len()), Some(36));
}

#[test]
fn another_transaction_is_not_taken() {
    let mut sync = Sync::new(Trid(5), 8);
    let mut codec = ClientCodec::new();
    let mut buf = BytesMut::from("SYN 9 1 0 0\r\nLST bob@example.com Bob 11 0\r\n");
    let syn = codec.decode(&mut buf).unwrap().unwrap().command.unwrap();
    assert!(!sync.take(&syn));
    let lst = codec.decode(&mut buf).unwrap().unwrap().command.unwrap();
    assert!(!sync.take(&lst), "an LST before our SYN reply");
}
