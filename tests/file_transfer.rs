//! Files between two msntui sessions through the bundled server, at MSNP15 (P2Pv1) and
//! MSNP18 (P2Pv2): 10 MB each way arriving byte-identical, a declined offer, a transfer
//! cancelled halfway by either side, and a sender who goes away halfway, with the
//! chat-log lines each leaves.

mod chat_support;
mod session_support;
mod support;

use std::path::{Path, PathBuf};

use msntui::session::{
    ChatTarget, Direction, Event, Request, TransferEvent, TransferId, TransferState,
};
use sha2::{Digest, Sha256};
use support::server::server;

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const TEN_MB: usize = 10 * 1024 * 1024;

/// `size` bytes that are not all alike, in a file named `name` under `dir`.
fn file_of(dir: &Path, name: &str, size: usize) -> PathBuf {
    let mut state: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn sha256(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn downloads(chatter: &Chatter) -> PathBuf {
    chatter.logs.parent().unwrap().join("downloads")
}

/// A session and how far its transfer events have been read. (`Chatter::take` looks
/// through every event each time: too slow with the thousands a transfer brings.)
struct Party {
    chatter: Chatter,
    read: usize,
}

/// The next transfer event of `party` whose state `wanted` accepts.
async fn transfer(
    party: &mut Party,
    what: &str,
    wanted: impl Fn(&TransferState) -> bool,
) -> TransferEvent {
    let deadline = tokio::time::Instant::now() + chat_support::PATIENCE;
    loop {
        while let Some(event) = party.chatter.watched.seen.get(party.read) {
            party.read += 1;
            if let Event::Transfer(transfer) = event
                && wanted(&transfer.state)
            {
                return transfer.clone();
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {what} within {:?}",
            chat_support::PATIENCE
        );
        if party.chatter.watched.next().await.is_none() {
            panic!("the session ended before {what}");
        }
    }
}

async fn pair(version: u8, dir: &Path) -> (Party, Party, msntui::server::RunningServer) {
    let server = server(false).await;
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir).await;
    let mut bob = Chatter::sign_in(&server, version, BOB, dir).await;
    alice.say(BOB, "a file is coming").await;
    bob.hears(ALICE).await;
    let party = |chatter| Party { chatter, read: 0 };
    (party(alice), party(bob), server)
}

fn send(from: &Party, to: &str, path: &Path) {
    from.chatter.request(Request::SendFile {
        to: Some(ChatTarget::Contact(to.to_owned())),
        path: path.to_owned(),
    });
}

/// `from` offers `path` to `to`, who accepts; it arrives whole and named as sent.
async fn arrives(from: &mut Party, to: &mut Party, path: &Path) {
    send(from, &to.chatter.email, path);
    let offered = transfer(to, "an offer", |s| *s == TransferState::Offered).await;
    let name = path.file_name().unwrap().to_string_lossy();
    assert_eq!(offered.name, name);
    assert_eq!(offered.size, std::fs::metadata(path).unwrap().len());
    assert!(offered.incoming);
    assert_eq!(offered.peer, from.chatter.email);
    to.chatter.request(Request::AcceptFile {
        transfer: Some(offered.transfer),
    });
    let done = transfer(to, "the file", TransferState::is_final).await;
    let TransferState::Done { path: Some(saved) } = done.state else {
        panic!("the transfer ended {:?}", done.state);
    };
    assert_eq!(saved.parent(), Some(downloads(&to.chatter).as_path()));
    assert_eq!(sha256(&saved), sha256(path), "byte-identical");
    let sent = transfer(from, "the end of sending", TransferState::is_final).await;
    assert_eq!(sent.state, TransferState::Done { path: None });
    assert!(
        from.chatter.watched.seen.iter().any(
            |e| matches!(e, Event::Transfer(t) if matches!(t.state, TransferState::Progress(_)))
        ),
        "the sender saw progress"
    );
}

async fn ten_megabytes_each_way(version: u8) {
    let dir = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, _server) = pair(version, dir.path()).await;
    let to_bob = file_of(&dir.path().join("out"), "holiday video.bin", TEN_MB);
    arrives(&mut alice, &mut bob, &to_bob).await;
    let to_alice = file_of(&dir.path().join("out"), "reply.bin", TEN_MB + 77);
    arrives(&mut bob, &mut alice, &to_alice).await;
    // The same name again is saved beside the first, not over it.
    assert!(downloads(&bob.chatter).join("holiday video.bin").exists());
    arrives(&mut alice, &mut bob, &to_bob).await;
    assert!(
        downloads(&bob.chatter)
            .join("holiday video (1).bin")
            .exists()
    );
    let logged = bob.chatter.log_with(ALICE);
    let statuses: Vec<_> = logged.iter().filter_map(|e| e.status.as_deref()).collect();
    assert!(statuses.contains(&"file offered") && statuses.contains(&"file done"));
    assert!(
        logged
            .iter()
            .all(|entry| !entry.text.contains("/accept-file")),
        "the log keeps what happened, not commands that will mean nothing later: {logged:?}"
    );
    alice.chatter.sign_out().await;
    bob.chatter.sign_out().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_megabytes_each_way_msnp15() {
    ten_megabytes_each_way(15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_megabytes_each_way_msnp18() {
    ten_megabytes_each_way(18).await;
}

async fn declined(version: u8) {
    let dir = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, _server) = pair(version, dir.path()).await;
    let path = file_of(&dir.path().join("out"), "unwanted.txt", 5000);
    send(&alice, BOB, &path);
    transfer(&mut bob, "an offer", |s| *s == TransferState::Offered).await;
    bob.chatter.request(Request::DeclineFile { transfer: None });
    let at_bob = transfer(&mut bob, "the decline", TransferState::is_final).await;
    assert_eq!(at_bob.state, TransferState::Declined { by_peer: false });
    let at_alice = transfer(&mut alice, "the decline", TransferState::is_final).await;
    assert_eq!(at_alice.state, TransferState::Declined { by_peer: true });
    if version >= 16 {
        invite_names_endpoints(&alice);
    }
    let downloads = downloads(&bob.chatter);
    assert!(!downloads.exists() || std::fs::read_dir(downloads).unwrap().count() == 0);
    // A file that cannot be read fails with the reason, offering nothing.
    let missing = dir.path().join("missing.txt");
    send(&alice, BOB, &missing);
    let failed = transfer(&mut alice, "a failure", TransferState::is_final).await;
    assert!(
        matches!(&failed.state, TransferState::Failed { reason } if reason.starts_with("cannot read")),
        "{failed:?}"
    );
    // An answer to nothing is refused with a reason.
    bob.chatter.request(Request::AcceptFile {
        transfer: Some(TransferId(99)),
    });
    bob.chatter
        .take(
            "an error",
            |e| matches!(e, Event::Error(error) if error.message.contains("transfer 99")),
        )
        .await;
    bob.chatter.request(Request::DeclineFile { transfer: None });
    bob.chatter
        .take("an error", |e| {
            matches!(e, Event::Error(error)
                if error.message == "cannot decline a file: no transfer is waiting for that")
        })
        .await;
}

/// P2Pv2 as WLM 2009 starts it: the offer goes to bob's endpoint and comes from
/// alice's, in the MSG headers and in MSNSLP.
fn invite_names_endpoints(alice: &Party) {
    let invite = alice
        .chatter
        .watched
        .seen
        .iter()
        .filter_map(|e| match e {
            Event::Raw(raw) if raw.direction == Direction::Sent => raw.payload.as_deref(),
            _ => None,
        })
        .find(|payload| payload.contains("INVITE MSNMSGR:"))
        .expect("the INVITE went out");
    for shape in [
        "P2P-Dest: bob@example.com;{",
        "P2P-Src: alice@example.com;{",
        "INVITE MSNMSGR:bob@example.com;{",
        "To: <msnmsgr:bob@example.com;{",
        "From: <msnmsgr:alice@example.com;{",
    ] {
        assert!(invite.contains(shape), "{shape} in {invite:?}");
    }
}

#[tokio::test]
async fn declined_msnp15() {
    declined(15).await;
}

#[tokio::test]
async fn declined_msnp18() {
    declined(18).await;
}

/// A transfer under way is cancelled by the sender (`by_sender`) or the receiver.
async fn cancelled_halfway(version: u8, by_sender: bool) {
    let dir = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, _server) = pair(version, dir.path()).await;
    let path = file_of(&dir.path().join("out"), "big.bin", 4 * TEN_MB);
    send(&alice, BOB, &path);
    let offer = transfer(&mut bob, "an offer", |s| *s == TransferState::Offered).await;
    bob.chatter.request(Request::AcceptFile { transfer: None });
    let moving = |s: &TransferState| matches!(s, TransferState::Progress(_));
    let (canceller, other) = if by_sender {
        (&mut alice, &mut bob)
    } else {
        (&mut bob, &mut alice)
    };
    transfer(canceller, "progress", moving).await;
    canceller
        .chatter
        .request(Request::CancelTransfer { transfer: None });
    let mine = transfer(canceller, "the end", TransferState::is_final).await;
    assert_eq!(mine.state, TransferState::Cancelled { by_peer: false });
    let theirs = transfer(other, "the end", TransferState::is_final).await;
    assert_eq!(theirs.state, TransferState::Cancelled { by_peer: true });
    assert_eq!(
        std::fs::read_dir(downloads(&bob.chatter)).unwrap().count(),
        0,
        "no partial file stays"
    );
    assert_eq!(offer.size, 4 * TEN_MB as u64);
    // The conversation goes on.
    alice.chatter.say(BOB, "never mind").await;
    assert_eq!(bob.chatter.hears(ALICE).await.text, "never mind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_cancels_halfway_msnp15() {
    cancelled_halfway(15, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receiver_cancels_halfway_msnp15() {
    cancelled_halfway(15, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_cancels_halfway_msnp18() {
    cancelled_halfway(18, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receiver_cancels_halfway_msnp18() {
    cancelled_halfway(18, false).await;
}

/// The sender's session ends halfway: the receiver's transfer fails with the reason and
/// keeps no partial file.
async fn the_sender_goes_away_halfway(version: u8) {
    let dir = tempfile::tempdir().unwrap();
    let (alice, mut bob, _server) = pair(version, dir.path()).await;
    let path = file_of(&dir.path().join("out"), "big.bin", 4 * TEN_MB);
    send(&alice, BOB, &path);
    transfer(&mut bob, "an offer", |s| *s == TransferState::Offered).await;
    bob.chatter.request(Request::AcceptFile { transfer: None });
    let moving = |s: &TransferState| matches!(s, TransferState::Progress(_));
    transfer(&mut bob, "progress", moving).await;
    alice.chatter.request(Request::SignOut);
    let ended = transfer(&mut bob, "the end", TransferState::is_final).await;
    assert_eq!(
        ended.state,
        TransferState::Failed {
            reason: "alice@example.com left the conversation".into()
        }
    );
    assert_eq!(
        std::fs::read_dir(downloads(&bob.chatter)).unwrap().count(),
        0
    );
    let logged = bob.chatter.log_with(ALICE);
    assert!(
        logged
            .iter()
            .any(|entry| entry.status.as_deref() == Some("file failed"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_goes_away_halfway_msnp15() {
    the_sender_goes_away_halfway(15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_goes_away_halfway_msnp18() {
    the_sender_goes_away_halfway(18).await;
}

/// MSNP16+: a file offered to an account signed in at two places is offered at both
/// (a P2Pv1 sender names no endpoint). Accepted at one, it arrives whole there and ends
/// at the other as accepted elsewhere, not as a failure; declined at one, the other is
/// told so too.
#[tokio::test]
async fn an_offer_to_two_places_is_answered_at_one() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let there_dir = tempfile::tempdir().unwrap();
    let party = |chatter| Party { chatter, read: 0 };
    let mut here = party(Chatter::sign_in(&server, 18, ALICE, dir.path()).await);
    let mut there = party(Chatter::sign_in(&server, 18, ALICE, there_dir.path()).await);
    let mut bob = party(Chatter::sign_in(&server, 15, BOB, dir.path()).await);
    bob.chatter
        .say_to_every_place(ALICE, &mut [&mut here.chatter, &mut there.chatter])
        .await;

    let path = file_of(&dir.path().join("out"), "both.bin", 200_000);
    send(&bob, ALICE, &path);
    transfer(&mut here, "the offer here", |s| {
        *s == TransferState::Offered
    })
    .await;
    let offer = transfer(&mut there, "the offer there", |s| {
        *s == TransferState::Offered
    })
    .await;
    there.chatter.request(Request::AcceptFile {
        transfer: Some(offer.transfer),
    });
    let done = transfer(&mut there, "the file there", TransferState::is_final).await;
    let TransferState::Done { path: Some(saved) } = done.state else {
        panic!("the transfer ended {:?}", done.state);
    };
    assert_eq!(sha256(&saved), sha256(&path), "byte-identical");
    let ended = transfer(&mut here, "the end here", TransferState::is_final).await;
    assert_eq!(ended.state, TransferState::Elsewhere { accepted: true });
    let sent = transfer(&mut bob, "the end of sending", TransferState::is_final).await;
    assert_eq!(sent.state, TransferState::Done { path: None });

    send(&bob, ALICE, &path);
    transfer(&mut here, "the second offer here", |s| {
        *s == TransferState::Offered
    })
    .await;
    transfer(&mut there, "the second offer there", |s| {
        *s == TransferState::Offered
    })
    .await;
    there
        .chatter
        .request(Request::DeclineFile { transfer: None });
    let ended = transfer(&mut here, "the second end here", TransferState::is_final).await;
    assert_eq!(ended.state, TransferState::Elsewhere { accepted: false });
    let declined = transfer(&mut bob, "the decline", TransferState::is_final).await;
    assert_eq!(declined.state, TransferState::Declined { by_peer: true });
    let failed_here = here.chatter.watched.seen.iter().any(
        |e| matches!(e, Event::Transfer(t) if matches!(t.state, TransferState::Failed { .. })),
    );
    assert!(
        !failed_here,
        "nothing failed at the place that did not answer"
    );
}
