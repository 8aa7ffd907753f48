use proptest::prelude::*;

use super::*;
use crate::p2p::transfer::session;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

/// Bob's side of a file alice offers, `size` bytes, as a parsed INVITE.
fn offered(size: u64) -> FileTransfer {
    let (_, invite) = FileTransfer::offering(ALICE, BOB, "a.txt", size);
    let invite = SlpMessage::parse(&invite.to_bytes()).unwrap();
    FileTransfer::offered(invite, "a.txt".into(), size).unwrap()
}

fn running(size: u64) -> FileTransfer {
    let mut transfer = offered(size);
    assert!(transfer.accept().is_some());
    transfer
}

fn code(message: &SlpMessage) -> Option<u16> {
    match message.start {
        StartLine::Response { code, .. } => Some(code),
        StartLine::Request { .. } => None,
    }
}

#[test]
fn an_offer_is_accepted_received_and_closed() {
    let mut bob = offered(10);
    let ok = bob.accept().unwrap();
    assert_eq!(code(&ok), Some(200));
    assert_eq!(bob.accept(), None, "answered once");
    let at = |offset| Position::V1 { offset, total: 10 };
    assert_eq!(bob.on_data(at(0), 6), Ok(false));
    assert_eq!(bob.on_data(at(6), 4), Ok(true));
    let bye = bob.saved().unwrap();
    assert!(
        matches!(&bye.start, StartLine::Request { method, to } if method == "BYE" && to == ALICE)
    );
    assert_eq!(bob.phase(), &Phase::Over(Outcome::Done));
}

#[test]
fn the_sender_runs_on_200_and_is_done_on_the_receivers_bye() {
    let (mut alice, _) = FileTransfer::offering(ALICE, BOB, "a.txt", 2500);
    assert_eq!(alice.next_chunk(1202), None, "not before the answer");
    let mut bob = offered(2500);
    alice.on_slp(&bob.accept().unwrap());
    assert_eq!(alice.phase(), &Phase::Running);
    let mut sent = Vec::new();
    while let Some((offset, length)) = alice.next_chunk(1202) {
        sent.push((offset, length));
        alice.sent(length);
    }
    assert_eq!(sent, [(0, 1202), (1202, 1202), (2404, 96)]);
    alice.on_slp(&session::bye(BOB, ALICE, alice.call_id(), alice.session_id));
    assert_eq!(alice.phase(), &Phase::Over(Outcome::Done));
}

#[test]
fn declines_and_cancels_from_either_side() {
    let mut bob = offered(10);
    assert_eq!(code(&bob.decline().unwrap()), Some(603));
    assert_eq!(
        bob.phase(),
        &Phase::Over(Outcome::Declined { by_peer: false })
    );

    let (mut alice, _) = FileTransfer::offering(ALICE, BOB, "a.txt", 10);
    alice.on_slp(&offered(10).decline().unwrap());
    assert_eq!(
        alice.phase(),
        &Phase::Over(Outcome::Declined { by_peer: true })
    );

    let mut bob = running(10);
    let bye = bob.cancel().unwrap();
    assert_eq!(
        bob.phase(),
        &Phase::Over(Outcome::Cancelled { by_peer: false })
    );
    let (mut alice, _) = FileTransfer::offering(ALICE, BOB, "a.txt", 10);
    alice.on_slp(&offered(10).accept().unwrap());
    alice.sent(4);
    alice.on_slp(&bye);
    assert_eq!(
        alice.phase(),
        &Phase::Over(Outcome::Cancelled { by_peer: true })
    );
    assert_eq!(alice.cancel(), None, "over already");

    let mut bob = running(10);
    bob.on_slp(&session::bye(ALICE, BOB, "{X}", 1));
    assert_eq!(
        bob.phase(),
        &Phase::Over(Outcome::Cancelled { by_peer: true })
    );
    assert_eq!(
        bob.on_data(
            Position::V1 {
                offset: 0,
                total: 10
            },
            1
        ),
        Err(TransferError::NotAccepted)
    );
}

#[test]
fn offsets_past_the_end_and_overflowing_ones_are_refused() {
    // CVE-2008-2927 / CVE-2009-1376: offset + length past the size, or wrapping.
    let mut bob = running(100);
    assert!(matches!(
        bob.on_data(
            Position::V1 {
                offset: u64::MAX - 1,
                total: 100
            },
            10
        ),
        Err(TransferError::PastEnd { .. })
    ));
    assert!(matches!(
        bob.on_data(
            Position::V1 {
                offset: 95,
                total: 100
            },
            10
        ),
        Err(TransferError::PastEnd { .. })
    ));
    assert!(matches!(
        bob.on_data(
            Position::V1 {
                offset: 50,
                total: 100
            },
            10
        ),
        Err(TransferError::OutOfOrder {
            offset: 50,
            expected: 0
        })
    ));
    assert_eq!(bob.transferred(), 0, "nothing was taken");
}

#[test]
fn sizes_that_do_not_match_the_offer_are_refused() {
    // CVE-2009-2694: the message's total size is not the file offered.
    let mut bob = running(100);
    assert_eq!(
        bob.on_data(
            Position::V1 {
                offset: 0,
                total: 1 << 40
            },
            10
        ),
        Err(TransferError::SizeMismatch {
            announced: 1 << 40,
            offered: 100
        })
    );
    let mut bob = running(100);
    assert!(matches!(
        bob.on_data(
            Position::V2 {
                remaining: Some(u64::MAX)
            },
            10
        ),
        Err(TransferError::PastEnd { .. })
    ));
    assert_eq!(
        bob.on_data(
            Position::V2 {
                remaining: Some(10)
            },
            10
        ),
        Err(TransferError::SizeMismatch {
            announced: 20,
            offered: 100
        })
    );
    assert_eq!(
        bob.on_data(Position::V2 { remaining: None }, 10),
        Err(TransferError::EndedEarly {
            received: 10,
            size: 100
        })
    );
    assert_eq!(
        bob.on_data(
            Position::V2 {
                remaining: Some(90)
            },
            10
        ),
        Ok(false)
    );
    assert_eq!(bob.on_data(Position::V2 { remaining: None }, 90), Ok(true));
}

#[test]
fn invites_missing_fields_are_refused_not_answered_blindly() {
    // CVE-2009-3083 / CVE-2010-0277: missing SLP fields.
    let full = SlpMessage::parse(&FileTransfer::offering(ALICE, BOB, "a", 1).1.to_bytes()).unwrap();
    for field in ["From", "To", "Via", "Call-ID"] {
        let mut invite = full.clone();
        invite.headers = invite
            .headers
            .iter()
            .filter(|(name, _)| *name != field)
            .collect();
        assert_eq!(
            FileTransfer::offered(invite, "a".into(), 1).err(),
            Some(TransferError::BadInvite(P2pError::MissingField(field)))
        );
    }
    let mut invite = full.clone();
    invite.body = invite
        .body
        .iter()
        .filter(|(name, _)| *name != "SessionID")
        .collect();
    assert_eq!(
        FileTransfer::offered(invite, "a".into(), 1).err(),
        Some(TransferError::BadInvite(P2pError::MissingField(
            "SessionID"
        )))
    );
    let mut invite = full;
    invite.body = invite
        .body
        .iter()
        .map(|(name, value)| (name, if name == "SessionID" { "-1" } else { value }))
        .collect();
    assert!(matches!(
        FileTransfer::offered(invite, "a".into(), 1),
        Err(TransferError::BadInvite(P2pError::InvalidField {
            field: "SessionID",
            ..
        }))
    ));
}

#[test]
fn a_stalled_transfer_fails_with_its_reason_and_says_bye() {
    let mut bob = running(100);
    bob.on_data(
        Position::V1 {
            offset: 0,
            total: 100,
        },
        40,
    )
    .unwrap();
    let bye = bob.fail("the sender stopped halfway".into());
    assert!(bye.is_some());
    assert_eq!(
        bob.phase(),
        &Phase::Over(Outcome::Failed("the sender stopped halfway".into()))
    );
    assert_eq!(bob.fail("again".into()), None);
}

proptest! {
    /// Whatever chunks a peer sends, what is accepted is contiguous from 0 and never
    /// past the size offered.
    #[test]
    fn accepted_chunks_never_leave_the_file(
        size in 0u64..5000,
        chunks in proptest::collection::vec((any::<bool>(), any::<u64>(), any::<u64>(), 0usize..3000, proptest::option::of(any::<u64>())), 0..40),
    ) {
        let mut bob = running(size);
        for (v1, offset, total, length, remaining) in chunks {
            let at = if v1 {
                Position::V1 { offset: offset % (size + 2), total: if total % 3 == 0 { total } else { size } }
            } else {
                Position::V2 { remaining }
            };
            let before = bob.transferred();
            match bob.on_data(at, length) {
                Ok(_) => prop_assert_eq!(bob.transferred(), before + length as u64),
                Err(_) => prop_assert_eq!(bob.transferred(), before),
            }
            prop_assert!(bob.transferred() <= size);
        }
    }
}
