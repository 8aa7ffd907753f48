//! Offline messages end to end through the bundled server: a message to a contact who
//! is offline is stored (`oim.asmx`, lock-key challenge included) and ends
//! `StoredOffline`; the contact sees it, marked offline with its time, once, when they
//! sign in; it is in their log once and gone from the server afterwards. Also: a fetch
//! whose delete fails (a crash between log and delete) shows the message again on the
//! next sign-in without logging it twice, an unreadable stored message becomes a
//! placeholder without hiding its neighbour, a list too long for `Mail-Data` is fetched
//! with `GetMetadata`, an expired ticket is renewed (to store and to fetch), a message
//! another place of the account fetched or deleted first is no failure, and `msntui
//! headless` shows both ends.

mod chat_support;
mod session_support;
mod support;

use std::net::SocketAddr;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use msntui::chatlog::offline_status;
use msntui::protocol::types::{List, Status};
use msntui::server::RunningServer;
use msntui::server::directory::StoredOffline;
use msntui::session::{Delivery, Event, OfflineMessage, Request};
use support::server::server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use chat_support::Chatter;
use session_support::process::{self, Headless, event};
use session_support::{Watched, config_for};
use support::accounts::password_of;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

fn waiting_for(server: &RunningServer, email: &str) -> Vec<StoredOffline> {
    msntui::server::lock(&server.shared.store)
        .directory()
        .offline_for(email)
        .to_vec()
}

/// Waits for `count` offline messages and returns them in the order shown.
async fn offline_messages(chatter: &mut Chatter, count: usize) -> Vec<OfflineMessage> {
    chatter
        .wait_for("the offline messages", |seen| {
            let shown: Vec<OfflineMessage> = seen
                .iter()
                .filter_map(|event| match event {
                    Event::OfflineMessage(message) => Some(message.clone()),
                    _ => None,
                })
                .collect();
            (shown.len() >= count).then_some(shown)
        })
        .await
}

/// Waits for the NS to say that offline messages were deleted.
async fn deleted_on_server(chatter: &mut Chatter) {
    chatter
        .wait_for("the delete notification", |seen| {
            seen.iter()
                .any(|event| {
                    matches!(event, Event::Raw(raw) if raw.payload.as_deref().is_some_and(
                        |payload| payload.contains("text/x-msmsgsactivemailnotification")))
                })
                .then_some(())
        })
        .await;
}

/// Sends `text` to `to`, who is offline, and expects it stored.
/// `email` signed in and invisible: offline to everyone else.
async fn invisible(server: &RunningServer, version: u8, email: &str, dir: &Path) -> Chatter {
    let mut chatter = Chatter::sign_in(server, version, email, dir).await;
    chatter.request(Request::SetStatus(Status::Hidden));
    chatter
        .wait_for("invisible", |seen| {
            seen.iter()
                .any(|e| matches!(e, Event::Profile(p) if p.status == Status::Hidden))
                .then_some(())
        })
        .await;
    chatter
}

async fn store(sender: &mut Chatter, to: &str, text: &str) {
    sender.send(to, text);
    let (_, message) = sender.queued().await;
    assert_eq!(
        sender.outcome(message).await,
        Delivery::StoredOffline,
        "{text}"
    );
}

async fn both_ways_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    store(&mut alice, BOB, "while you were away").await;
    store(&mut alice, BOB, "and a second one, Grüße ☺").await;
    assert_eq!(waiting_for(&server, BOB).len(), 2);
    let statuses: Vec<Option<String>> = alice
        .log_with(BOB)
        .into_iter()
        .map(|entry| entry.status)
        .collect();
    assert_eq!(
        statuses,
        [Some("stored offline".into()), Some("stored offline".into())]
    );
    alice.sign_out().await;

    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    let shown = offline_messages(&mut bob, 2).await;
    let texts: Vec<&str> = shown.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["while you were away", "and a second one, Grüße ☺"]);
    assert!(
        shown
            .iter()
            .all(|m| m.sender == ALICE && m.unreadable.is_none())
    );
    assert_eq!(shown[0].sender_name, "Alice Test");
    deleted_on_server(&mut bob).await;
    assert!(waiting_for(&server, BOB).is_empty());
    let logged = bob.log_with(ALICE);
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged.iter().all(|entry| {
        entry
            .status
            .as_deref()
            .is_some_and(|status| status.starts_with("offline "))
    }));

    // And back: alice is offline now.
    store(&mut bob, ALICE, "got them, thanks").await;
    bob.sign_out().await;
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let shown = offline_messages(&mut alice, 1).await;
    assert_eq!(shown[0].text, "got them, thanks");
    assert_eq!(shown[0].sender, BOB);
    deleted_on_server(&mut alice).await;
    assert!(waiting_for(&server, ALICE).is_empty());
    alice.sign_out().await;
}

#[tokio::test]
async fn both_ways_msnp13() {
    both_ways_at(13).await;
}

#[tokio::test]
async fn both_ways_msnp15() {
    both_ways_at(15).await;
}

#[tokio::test]
async fn both_ways_msnp18() {
    both_ways_at(18).await;
}

/// More than 25 waiting messages: the NS says `too-large` and the client asks
/// `GetMetadata` for the list.
const WAITING: usize = 30;

/// Puts [`WAITING`] offline messages from alice for bob on the server.
fn fill_mailbox(server: &RunningServer) {
    msntui::server::lock(&server.shared.store)
        .update(|directory| {
            for n in 0..WAITING {
                let text = format!("note {n:02}");
                directory.store_offline(
                    BOB,
                    StoredOffline {
                        id: format!("22222222-0000-0000-0000-{n:012}"),
                        sender: ALICE.into(),
                        sender_name: "Alice".into(),
                        received: 1_796_000_000 + n as u64,
                        origin: "127.0.0.1".into(),
                        headers: "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64".into(),
                        body: BASE64.encode(text.as_bytes()),
                    },
                );
            }
            Ok::<_, msntui::server::directory::StoreError>(())
        })
        .unwrap();
}

fn the_notes() -> Vec<String> {
    (0..WAITING).map(|n| format!("note {n:02}")).collect()
}

#[tokio::test]
async fn a_long_list_is_fetched_with_get_metadata() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    fill_mailbox(&server);
    let mut bob = Chatter::sign_in(&server, 15, BOB, dir.path()).await;
    let shown = offline_messages(&mut bob, WAITING).await;
    assert!(
        bob.watched.seen.iter().any(|e| matches!(e, Event::Raw(raw)
            if raw.payload.as_deref().is_some_and(|p| p.contains("Mail-Data: too-large")))),
        "announced as too large"
    );
    let texts: Vec<String> = shown.iter().map(|m| m.text.clone()).collect();
    assert_eq!(texts, the_notes());
    deleted_on_server(&mut bob).await;
    assert!(waiting_for(&server, BOB).is_empty());
    bob.sign_out().await;
}

/// Against a service that fails the standard `GetMetadata` as Escargot does, the
/// client asks again in the form Escargot answers.
#[tokio::test]
async fn a_long_list_is_fetched_from_an_escargot_like_service() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    fill_mailbox(&server);
    let rsi = refusing(server.http, empty_get_metadata).await;
    let mut bob = sign_in_with_rsi(&server, BOB, &rsi, dir.path()).await;
    let mut texts = Vec::new();
    while texts.len() < WAITING {
        if let Event::OfflineMessage(message) = bob
            .until("an offline message", |e| {
                matches!(e, Event::OfflineMessage(_))
            })
            .await
        {
            texts.push(message.text);
        }
    }
    assert_eq!(texts, the_notes());
    bob.handle.sign_out().unwrap();
    bob.run_out().await;
}

/// An invisible contact looks offline: the message is stored, and the contact, signed
/// in all along, fetches it as soon as the server announces it.
#[tokio::test]
async fn an_invisible_contact_gets_it_at_once() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bob = invisible(&server, 18, BOB, dir.path()).await;
    let mut alice = Chatter::sign_in(&server, 18, ALICE, dir.path()).await;
    store(&mut alice, BOB, "are you hiding?").await;
    let shown = offline_messages(&mut bob, 1).await;
    assert_eq!(shown[0].text, "are you hiding?");
    deleted_on_server(&mut bob).await;
    assert_eq!(bob.log_with(ALICE).len(), 1);
    alice.sign_out().await;
    bob.sign_out().await;
}

/// The server forgets every ticket (as if they expired): the store is refused, the
/// client asks RST for a fresh ticket and stores with it.
#[tokio::test]
async fn an_expired_ticket_is_renewed() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    *msntui::server::lock(&server.shared.tokens) = msntui::server::tokens::Tokens::default();
    store(&mut alice, BOB, "after the ticket expired").await;
    assert_eq!(waiting_for(&server, BOB).len(), 1);
    alice.sign_out().await;
}

/// The server forgets every ticket while bob is signed in, invisible: when alice's
/// message is announced, `rsi.asmx` refuses bob's ticket; his client asks RST for a
/// fresh one, fetches the message with it and deletes it.
#[tokio::test]
async fn an_expired_fetch_ticket_is_renewed() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bob = invisible(&server, 15, BOB, dir.path()).await;
    *msntui::server::lock(&server.shared.tokens) = msntui::server::tokens::Tokens::default();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    store(&mut alice, BOB, "after your ticket expired").await;
    let shown = offline_messages(&mut bob, 1).await;
    assert_eq!(shown[0].text, "after your ticket expired");
    deleted_on_server(&mut bob).await;
    assert!(waiting_for(&server, BOB).is_empty());
    alice.sign_out().await;
    bob.sign_out().await;
}

/// MSNP11–12 clients cannot store, but fetch what the server announces in `Mail-Data`.
#[tokio::test]
async fn fetched_at_msnp12() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    store(&mut alice, BOB, "for an old client").await;
    alice.sign_out().await;
    let mut bob = Chatter::sign_in(&server, 12, BOB, dir.path()).await;
    let shown = offline_messages(&mut bob, 1).await;
    assert_eq!(shown[0].text, "for an old client");
    deleted_on_server(&mut bob).await;
    bob.sign_out().await;
}

/// A stand-in for `rsi.asmx` that passes every call to the server but answers HTTP
/// 500 to those `refused` picks.
async fn refusing(server: SocketAddr, refused: fn(&str) -> bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(relay(client, server, refused));
        }
    });
    format!("http://{address}/rsi/rsi.asmx")
}

/// As if the client had died between logging and deleting.
fn deletes(request: &str) -> bool {
    request.contains("/DeleteMessages\"")
}

/// Escargot's quirk: the standard empty `<GetMetadata/>` makes it fail.
fn empty_get_metadata(request: &str) -> bool {
    request.contains("<GetMetadata xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\" />")
}

/// Relays one request (its head and `Content-Length` body) and its answer.
async fn relay(mut client: TcpStream, server: SocketAddr, refused: fn(&str) -> bool) {
    let Some(request) = read_request(&mut client).await else {
        return;
    };
    let answer = if refused(&request) {
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .to_vec()
    } else {
        forward(server, &request).await
    };
    let _ = client.write_all(&answer).await;
    let _ = client.shutdown().await;
}

/// One HTTP request, its head and its `Content-Length` body.
async fn read_request(client: &mut TcpStream) -> Option<String> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let read = client.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        request.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&request);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return Some(text.into_owned());
            }
        }
    }
}

/// Sends `request` to the server on a connection of its own; its answer.
async fn forward(server: SocketAddr, request: &str) -> Vec<u8> {
    let mut upstream = TcpStream::connect(server).await.unwrap();
    let request = request.replacen("\r\n", "\r\nConnection: close\r\n", 1);
    upstream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = upstream.read_to_end(&mut answer).await;
    answer
}

/// What the other place of an account signed in at two does, ahead of this one.
#[derive(Clone, Copy)]
enum OtherPlace {
    /// Deletes the first of the messages this place is about to delete.
    DeletesFirst,
    /// Fetches and deletes the first message this place is about to fetch.
    TakesFirst,
}

/// A stand-in for `rsi.asmx` in front of one place of an account signed in at two,
/// which lets the other place go first, once.
async fn other_place_first(server: SocketAddr, other: OtherPlace) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut done = false;
        while let Ok((mut client, _)) = listener.accept().await {
            let Some(request) = read_request(&mut client).await else {
                continue;
            };
            let action = match other {
                OtherPlace::DeletesFirst => "/DeleteMessages\"",
                OtherPlace::TakesFirst => "/GetMessage\"",
            };
            if !done && request.contains(action) {
                done = true;
                forward(server, &deleting_the_first_id(&request)).await;
            }
            let _ = client.write_all(&forward(server, &request).await).await;
            let _ = client.shutdown().await;
        }
    });
    format!("http://{address}/rsi/rsi.asmx")
}

/// A `DeleteMessages` request for the first message id of `request`, with its ticket.
fn deleting_the_first_id(request: &str) -> String {
    const RSI: &str = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi";
    let (head, body) = request.split_once("\r\n\r\n").expect("a request");
    let (envelope, rest) = body.split_once("<soap:Body>").expect("a SOAP body");
    let (_, id) = rest.split_once("<messageId>").expect("an id");
    let (id, _) = id.split_once("</messageId>").expect("an id");
    let body = format!(
        "{envelope}<soap:Body><DeleteMessages xmlns=\"{RSI}\"><messageIds><messageId>{id}</messageId></messageIds></DeleteMessages></soap:Body></soap:Envelope>"
    );
    let head: Vec<String> = head
        .lines()
        .map(|line| match line.split_once(':') {
            Some((name, _)) if name.eq_ignore_ascii_case("content-length") => {
                format!("{name}: {}", body.len())
            }
            Some((name, _)) if name.eq_ignore_ascii_case("soapaction") => {
                format!("{name}: \"{RSI}/DeleteMessages\"")
            }
            _ => line.to_owned(),
        })
        .collect();
    format!("{}\r\n\r\n{body}", head.join("\r\n"))
}

async fn sign_in_with_rsi(
    server: &RunningServer,
    email: &str,
    rsi_url: &str,
    dir: &Path,
) -> Watched {
    let data = dir.join(email);
    let mut config = config_for(
        server.ns,
        &server.shared.http_base,
        15,
        email,
        password_of(email),
        &data,
    );
    config.chat_log_dir = Some(data.join("logs"));
    config.rsi_url = rsi_url.to_owned();
    let mut watched = Watched::spawn(config);
    assert_eq!(watched.signed_in().await, 15);
    watched
}

#[tokio::test]
async fn a_failed_delete_shows_it_again_but_logs_it_once() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    store(&mut alice, BOB, "do not lose me").await;
    alice.sign_out().await;

    let rsi = refusing(server.http, deletes).await;
    let mut bob = sign_in_with_rsi(&server, BOB, &rsi, dir.path()).await;
    let shown = bob
        .until("the offline message", |e| {
            matches!(e, Event::OfflineMessage(_))
        })
        .await;
    let Event::OfflineMessage(first) = shown else {
        unreachable!()
    };
    bob.until(
        "the failed delete",
        |e| matches!(e, Event::Error(error) if error.message.contains("not deleted")),
    )
    .await;
    assert_eq!(waiting_for(&server, BOB).len(), 1, "kept on the server");
    bob.handle.sign_out().unwrap();
    bob.run_out().await;

    let mut bob = Chatter::sign_in(&server, 15, BOB, dir.path()).await;
    let again = offline_messages(&mut bob, 1).await;
    assert_eq!(again[0].text, first.text, "shown again");
    deleted_on_server(&mut bob).await;
    assert!(waiting_for(&server, BOB).is_empty());
    let logged = bob.log_with(ALICE);
    assert_eq!(logged.len(), 1, "logged once: {logged:?}");
    let id = &waiting_id(&logged[0].status);
    assert_eq!(logged[0].status, Some(offline_status(id)));
    bob.sign_out().await;
}

/// Reads events until the NS has announced `count` deletes of offline messages, or an
/// error came.
async fn deletes_or_an_error(watched: &mut Watched, count: usize) {
    let announces_a_delete = |e: &Event| {
        matches!(e, Event::Raw(raw) if raw.payload.as_deref().is_some_and(
            |payload| payload.contains("text/x-msmsgsactivemailnotification")))
    };
    let is_error = |e: &Event| matches!(e, Event::Error(_));
    while watched
        .seen
        .iter()
        .filter(|e| announces_a_delete(e))
        .count()
        < count
        && !watched.seen.iter().any(is_error)
    {
        watched
            .until("a delete or an error", |e| {
                announces_a_delete(e) || is_error(e)
            })
            .await;
    }
}

/// Alice stores two messages for bob, whose place signs in behind
/// `other_place_first(other)`. Once both deletes are announced, nothing is left on the
/// server and no error came; the texts bob's place showed.
async fn behind_another_place(other: OtherPlace) -> Vec<String> {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    store(&mut alice, BOB, "first").await;
    store(&mut alice, BOB, "second").await;
    alice.sign_out().await;
    assert_eq!(waiting_for(&server, BOB).len(), 2);

    let rsi = other_place_first(server.http, other).await;
    let mut bob = sign_in_with_rsi(&server, BOB, &rsi, dir.path()).await;
    // One delete announced for the other place's delete, one for this place's.
    deletes_or_an_error(&mut bob, 2).await;
    let errors: Vec<&Event> = bob
        .seen
        .iter()
        .filter(|e| matches!(e, Event::Error(_)))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(waiting_for(&server, BOB).is_empty(), "all deleted");
    let shown = bob
        .seen
        .iter()
        .filter_map(|e| match e {
            Event::OfflineMessage(message) => Some(message.text.clone()),
            _ => None,
        })
        .collect();
    bob.handle.sign_out().unwrap();
    bob.run_out().await;
    shown
}

/// Signed in at two places, both fetched the same offline messages, and the other
/// place deleted one of them first. Escargot then refuses this place's whole delete
/// (one id is unknown): the rest is deleted all the same, and nothing is reported.
#[tokio::test]
async fn what_another_place_deleted_first_is_no_failure() {
    let shown = behind_another_place(OtherPlace::DeletesFirst).await;
    assert_eq!(shown, ["first", "second"]);
}

/// Signed in at two places, and the other place fetched and deleted one of the
/// messages before this one could fetch it: this place shows the other message, and
/// the one it missed is no failure.
#[tokio::test]
async fn what_another_place_took_first_is_no_failure() {
    let shown = behind_another_place(OtherPlace::TakesFirst).await;
    assert_eq!(shown, ["second"], "the message the other place left");
}

fn waiting_id(status: &Option<String>) -> String {
    status
        .as_deref()
        .and_then(|status| status.strip_prefix("offline "))
        .expect("an offline status")
        .to_owned()
}

#[tokio::test]
async fn an_unreadable_message_is_a_placeholder_beside_its_neighbour() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let stored = |id: &str, body: &str, received: u64| {
        StoredOffline {
        id: id.into(),
        sender: ALICE.into(),
        sender_name: "Alice".into(),
        received,
        origin: "127.0.0.1".into(),
        headers: "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\nX-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {92B4D1F3-402B-41B8-989D-F7CE97E6F871}".into(),
        body: body.into(),
    }
    };
    msntui::server::lock(&server.shared.store)
        .update(|directory| {
            // Not UTF-8 once decoded (the CVE-2012-1178 kind), then a good one.
            directory.store_offline(
                BOB,
                stored(
                    "11111111-0000-0000-0000-000000000001",
                    "wyj/",
                    1_796_000_000,
                ),
            );
            directory.store_offline(
                BOB,
                stored(
                    "11111111-0000-0000-0000-000000000002",
                    "c3RpbGwgaGVyZQ==",
                    1_796_000_060,
                ),
            );
            Ok::<_, msntui::server::directory::StoreError>(())
        })
        .unwrap();
    let mut bob = Chatter::sign_in(&server, 18, BOB, dir.path()).await;
    let shown = offline_messages(&mut bob, 2).await;
    assert_eq!(
        shown[0].unreadable.as_deref(),
        Some("its text is not valid UTF-8")
    );
    assert!(shown[0].text.contains("cannot show"), "{}", shown[0].text);
    assert_eq!(shown[1].text, "still here");
    deleted_on_server(&mut bob).await;
    assert_eq!(bob.log_with(ALICE).len(), 2);
    bob.sign_out().await;
}

/// `msntui headless` at both ends: the sender's delivery event says `stored_offline`,
/// the recipient's `offline_message` event carries the text and when it was sent.
#[tokio::test]
async fn headless_shows_both_ends() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let start = |email: &str| {
        let home = dir.path().join(email);
        std::fs::create_dir_all(&home).unwrap();
        let config = process::write_config(&home, &server, email, password_of(email), "MSNP18");
        Headless::start(&config, &[])
    };
    let mut alice = start(ALICE);
    alice.say(&format!("/msg {BOB} see you later")).await;
    alice
        .until("stored offline", |v| {
            event(v, "delivery") && v["state"] == "stored_offline"
        })
        .await;
    alice.quit().await;

    let mut bob = start(BOB);
    let shown = bob
        .until("the offline message", |v| event(v, "offline_message"))
        .await;
    assert_eq!(shown["text"], "see you later");
    assert_eq!(shown["sender"], ALICE);
    assert!(
        shown["sent"]
            .as_str()
            .is_some_and(|sent| sent.ends_with('Z'))
    );
    assert!(shown["unreadable"].is_null());
    bob.quit().await;
}

/// One offline message for bob on the server, from `sender`, saying `text`.
fn waiting_from(server: &RunningServer, id: &str, sender: &str, text: &str) {
    msntui::server::lock(&server.shared.store)
        .update(|directory| {
            directory.store_offline(
                BOB,
                StoredOffline {
                    id: id.into(),
                    sender: sender.into(),
                    sender_name: sender.into(),
                    received: 1_796_000_000,
                    origin: "127.0.0.1".into(),
                    headers: "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64".into(),
                    body: BASE64.encode(text.as_bytes()),
                },
            );
            Ok::<_, msntui::server::directory::StoreError>(())
        })
        .unwrap();
}

/// Revival servers store offline messages from people the recipient blocks (the
/// official service refused them): they are deleted unread, and the others shown.
async fn from_someone_blocked_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    bob.request(Request::Block {
        email: ALICE.into(),
    });
    bob.take(
        "alice blocked",
        |e| matches!(e, Event::ContactChanged(c) if c.email == ALICE && c.on(List::Block)),
    )
    .await;
    bob.sign_out().await;
    waiting_from(
        &server,
        "33333333-0000-0000-0000-000000000001",
        ALICE,
        "let me in",
    );
    waiting_from(
        &server,
        "33333333-0000-0000-0000-000000000002",
        "carol@example.com",
        "hi from carol",
    );

    let mut bob = Chatter::sign_in(&server, version, BOB, dir.path()).await;
    let shown = offline_messages(&mut bob, 1).await;
    assert_eq!(shown[0].text, "hi from carol");
    deleted_on_server(&mut bob).await;
    assert!(waiting_for(&server, BOB).is_empty(), "both are deleted");
    assert!(
        bob.log_with(ALICE).is_empty(),
        "nothing of alice's is logged"
    );
    bob.sign_out().await;
    let seen = &bob.watched.seen;
    assert!(
        !seen
            .iter()
            .any(|e| matches!(e, Event::OfflineMessage(m) if m.sender == ALICE)),
        "{seen:?}"
    );
}

#[tokio::test]
async fn from_someone_blocked_msnp13() {
    from_someone_blocked_at(13).await;
}

#[tokio::test]
async fn from_someone_blocked_msnp18() {
    from_someone_blocked_at(18).await;
}
