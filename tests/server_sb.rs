//! The bundled switchboard over loopback, answering as recorded from Escargot
//! (`sb-chat-msnp12/16`, `msnp12/18-errors`). The NS side is simulated: cookies are
//! issued directly and invitees are fake NS sessions in the hub.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::time::timeout;
use tokio_util::codec::Framed;

use msntui::protocol::command::{Rng, ServerAddress};
use msntui::protocol::types::Status;
use msntui::protocol::{ClientCodec, ServerCommand};
use msntui::server::directory::{Privacy, Store, default_directory};
use msntui::server::hub::{Hub, OnlinePresence, Push};
use msntui::server::tokens::{Cookie, CookieUse, Tokens};
use msntui::server::{ServerOptions, Shared, lock, sb};

const READ_TIMEOUT: Duration = Duration::from_secs(5);

const ALICE_TYPING: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: alice@example.com\r\n\r\n\r\n";
const BOB_TEXT: &[u8] = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHi Alice! éè unicode ☺".as_bytes();
const NUDGE: &[u8] =
    b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";

fn alice_text(version: u8) -> Vec<u8> {
    format!("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\nHello Bob, this is Alice (MSNP{version})").into_bytes()
}

/// A test account as the recordings show it.
struct Person {
    email: &'static str,
    name: &'static str,
    wire_name: &'static str,
    endpoint: &'static str,
}

const ALICE: Person = Person {
    email: "alice@example.com",
    name: "Alice Test",
    wire_name: "Alice%20Test",
    endpoint: "{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}",
};
const BOB: Person = Person {
    email: "bob@example.com",
    name: "Bob Test",
    wire_name: "Bob%20Test",
    endpoint: "{B0B0B0B0-1111-4222-8333-444455556666}",
};
const CAROL: Person = Person {
    email: "carol@example.com",
    name: "Carol Test",
    wire_name: "Carol%20Test",
    endpoint: "{CA401CA4-0000-4000-8000-000000000003}",
};
const DEMO: Person = Person {
    email: "demo@msntui.local",
    name: "Demo User",
    wire_name: "Demo%20User",
    endpoint: "{DE30DE30-0000-4000-8000-000000000004}",
};

impl Person {
    /// How the client names itself in USR and ANS.
    fn address(&self, version: u8) -> String {
        if version >= 16 {
            format!("{};{}", self.email, self.endpoint)
        } else {
            self.email.to_owned()
        }
    }

    fn endpoint_for(&self, version: u8) -> Option<String> {
        (version >= 16).then(|| self.endpoint.to_owned())
    }

    /// The address with the endpoint as the server prints it (lower case).
    fn endpoint_address(&self) -> String {
        format!("{};{}", self.email, self.endpoint.to_ascii_lowercase())
    }
}

/// The capabilities the recorded clients announced.
fn capabilities(version: u8) -> &'static str {
    if version >= 16 {
        "2789003324:48"
    } else {
        "1073741824"
    }
}

/// The switchboard, its shared state, and the shutdown switch kept alive.
struct Lab {
    shared: Arc<Shared>,
    address: SocketAddr,
    _shutdown: watch::Sender<bool>,
}

impl Lab {
    async fn start() -> Self {
        Self::with_options(ServerOptions::loopback()).await
    }

    async fn with_options(options: ServerOptions) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("local address");
        let mut directory = default_directory();
        directory
            .set_privacy(CAROL.email, Privacy::AllowOthers)
            .expect("carol exists");
        let shared = Arc::new(Shared {
            store: Mutex::new(Store::in_memory(directory)),
            tokens: Mutex::new(Tokens::default()),
            hub: Mutex::new(Hub::default()),
            switchboard: ServerAddress::new("127.0.0.1", address.port()),
            http_base: "http://127.0.0.1:9".into(),
            options,
        });
        let (shutdown, watcher) = watch::channel(false);
        tokio::spawn(sb::serve(
            listener,
            Arc::clone(&shared),
            Arc::new(sb::Registry::default()),
            watcher,
        ));
        Self {
            shared,
            address,
            _shutdown: shutdown,
        }
    }

    /// A fake NS session that has sent CHG; its pushes carry the RNGs.
    fn sign_in(&self, person: &Person, version: u8) -> mpsc::Receiver<Push> {
        let mut hub = lock(&self.shared.hub);
        let (id, pushes) = hub.register(person.email, version, person.endpoint_for(version));
        let session = hub.session_mut(id).expect("just registered");
        session.presence = Some(OnlinePresence {
            status: Status::Online,
            capabilities: msntui::protocol::field::Field::parse_field(capabilities(version))
                .expect("capabilities"),
            object: None,
        });
        pushes
    }

    /// What `XFR SB` would have given `person`.
    fn switchboard_cookie(&self, person: &Person, version: u8) -> String {
        lock(&self.shared.tokens).issue_cookie(Cookie {
            email: person.email.into(),
            endpoint: person.endpoint_for(version),
            display_name: person.name.into(),
            version,
            usage: CookieUse::NewSwitchboard,
        })
    }

    async fn connect(&self) -> Client {
        let stream = TcpStream::connect(self.address).await.expect("connect");
        Client {
            framed: Framed::new(stream, ClientCodec::new()),
        }
    }

    /// A new switchboard opened by `person` with a valid cookie.
    async fn open(&self, person: &Person, version: u8) -> Client {
        let cookie = self.switchboard_cookie(person, version);
        let mut client = self.connect().await;
        let address = person.address(version);
        client
            .send(format!("USR 1 {address} {cookie}\r\n").as_bytes())
            .await;
        client
            .expect(&format!("USR 1 OK {address} {}\r\n", person.wire_name))
            .await;
        client
    }

    /// `caller` CALs `invitee`: returns the session id and the invitee's cookie, after
    /// checking the RNG shape for the invitee's `version` and the RINGING reply.
    async fn call(
        &self,
        caller: &mut Client,
        inviter: &Person,
        trid: u32,
        invitee: &Person,
        pushes: &mut mpsc::Receiver<Push>,
        version: u8,
    ) -> (String, String) {
        caller
            .send(format!("CAL {trid} {}\r\n", invitee.email).as_bytes())
            .await;
        let rng = ring(pushes).await;
        assert_eq!(rng.session.len(), 31);
        assert!(rng.session.bytes().all(|b| b.is_ascii_hexdigit()));
        let tail = match version {
            ..=12 => "",
            13 => " U messenger.hotmail.com",
            _ => " U messenger.hotmail.com 1",
        };
        assert_eq!(
            String::from_utf8_lossy(&ServerCommand::Rng(rng.clone()).to_bytes()),
            format!(
                "RNG {} 127.0.0.1:{} CKI {} {} {}{tail}\r\n",
                rng.session,
                self.address.port(),
                rng.cookie,
                inviter.email,
                inviter.wire_name
            )
        );
        caller
            .expect(&format!("CAL {trid} RINGING {}\r\n", rng.session))
            .await;
        (rng.session, rng.cookie)
    }

    /// The invitee answers; the caller checks the IRO lines that follow.
    async fn answer(&self, invitee: &Person, version: u8, session: &str, cookie: &str) -> Client {
        let mut client = self.connect().await;
        client
            .send(format!("ANS 1 {} {cookie} {session}\r\n", invitee.address(version)).as_bytes())
            .await;
        client
    }

    /// alice opens a switchboard and brings bob in, as in `sb-chat-msnpNN`.
    async fn alice_and_bob(&self, version: u8) -> (Client, Client) {
        let mut bob_ns = self.sign_in(&BOB, version);
        self.sign_in(&ALICE, version);
        let mut alice = self.open(&ALICE, version).await;
        let (session, cookie) = self
            .call(&mut alice, &ALICE, 5, &BOB, &mut bob_ns, version)
            .await;
        let mut bob = self.answer(&BOB, version, &session, &cookie).await;
        bob.expect_all(&roster(1, version, &[&ALICE])).await;
        bob.expect("ANS 1 OK\r\n").await;
        alice.expect_all(&joins(version, &BOB)).await;
        if version >= 16 {
            bob.expect(&own_join(version, &BOB)).await;
        }
        (alice, bob)
    }
}

async fn ring(pushes: &mut mpsc::Receiver<Push>) -> Rng {
    match timeout(READ_TIMEOUT, pushes.recv()).await {
        Ok(Some(Push::Send(command))) => match *command {
            ServerCommand::Rng(rng) => rng,
            other => panic!("expected an RNG push, got {other:?}"),
        },
        other => panic!("expected an RNG push, got {other:?}"),
    }
}

/// IRO lines for `present`, as a client of `version` sees them.
fn roster(trid: u32, version: u8, present: &[&Person]) -> Vec<String> {
    let caps = capabilities(version);
    let entries: Vec<(String, &Person)> = present
        .iter()
        .flat_map(|person| {
            let mut entries = Vec::new();
            if version >= 16 {
                entries.push((person.endpoint_address(), *person));
            }
            entries.push((person.email.to_owned(), *person));
            entries
        })
        .collect();
    let total = entries.len();
    entries
        .iter()
        .enumerate()
        .map(|(i, (address, person))| {
            format!(
                "IRO {trid} {} {total} {address} {} {caps}\r\n",
                i + 1,
                person.wire_name
            )
        })
        .collect()
}

/// JOI lines the others see when `person` arrives.
fn joins(version: u8, person: &Person) -> Vec<String> {
    let caps = capabilities(version);
    let mut lines = Vec::new();
    if version >= 16 {
        lines.push(format!(
            "JOI {} {} {caps}\r\n",
            person.endpoint_address(),
            person.wire_name
        ));
    }
    lines.push(own_join(version, person));
    lines
}

fn own_join(version: u8, person: &Person) -> String {
    format!(
        "JOI {} {} {}\r\n",
        person.email,
        person.wire_name,
        capabilities(version)
    )
}

fn byes(version: u8, person: &Person) -> Vec<String> {
    let mut lines = Vec::new();
    if version >= 16 {
        lines.push(format!("BYE {}\r\n", person.endpoint_address()));
    }
    lines.push(format!("BYE {}\r\n", person.email));
    lines
}

fn msg(trid: u32, ack: char, payload: &[u8]) -> Vec<u8> {
    let mut bytes = format!("MSG {trid} {ack} {}\r\n", payload.len()).into_bytes();
    bytes.extend_from_slice(payload);
    bytes
}

fn relayed(from: &Person, payload: &[u8]) -> String {
    String::from_utf8_lossy(&msg_from(from.email, from.wire_name, payload)).into_owned()
}

fn msg_from(email: &str, wire_name: &str, payload: &[u8]) -> Vec<u8> {
    let mut bytes = format!("MSG {email} {wire_name} {}\r\n", payload.len()).into_bytes();
    bytes.extend_from_slice(payload);
    bytes
}

/// A raw-socket client: exact bytes out, whole frames in, every read under a timeout.
struct Client {
    framed: Framed<TcpStream, ClientCodec>,
}

impl Client {
    async fn send(&mut self, bytes: &[u8]) {
        self.framed
            .get_mut()
            .write_all(bytes)
            .await
            .expect("write to the switchboard");
    }

    /// The next frame's exact bytes, as text.
    async fn line(&mut self) -> String {
        match timeout(READ_TIMEOUT, self.framed.next()).await {
            Ok(Some(Ok(incoming))) => {
                String::from_utf8_lossy(&incoming.frame.to_bytes()).into_owned()
            }
            Ok(None) => panic!("connection closed while waiting for a line"),
            Ok(Some(Err(error))) => panic!("framing error: {error}"),
            Err(_) => panic!("no line within {READ_TIMEOUT:?}"),
        }
    }

    async fn expect(&mut self, line: &str) {
        assert_eq!(self.line().await, line);
    }

    async fn expect_all(&mut self, lines: &[String]) {
        for line in lines {
            self.expect(line).await;
        }
    }

    /// A `CAL trid RINGING <session>` reply.
    async fn expect_ringing(&mut self, trid: u32) {
        let line = self.line().await;
        let prefix = format!("CAL {trid} RINGING ");
        let session = line
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix("\r\n"))
            .unwrap_or_else(|| panic!("expected {prefix}..., got {line:?}"));
        assert_eq!(session.len(), 31);
    }

    /// The server closes the connection without sending anything more.
    async fn expect_closed(&mut self) {
        match timeout(READ_TIMEOUT, self.framed.next()).await {
            Ok(None | Some(Err(_))) => {}
            Ok(Some(Ok(incoming))) => panic!("expected a close, got {:?}", incoming.frame),
            Err(_) => panic!("connection still open after {READ_TIMEOUT:?}"),
        }
    }
}

async fn bad_cookies_get_911(version: u8) {
    let lab = Lab::start().await;
    let mut client = lab.connect().await;
    client
        .send(format!("USR 1 {} 0123456789abcdef0123\r\n", ALICE.address(version)).as_bytes())
        .await;
    client.expect("911 1\r\n").await;
    client.expect_closed().await;

    let cookie = lab.switchboard_cookie(&ALICE, version);
    let mut client = lab.connect().await;
    client
        .send(format!("USR 2 {} {cookie}\r\n", BOB.address(version)).as_bytes())
        .await;
    client.expect("911 2\r\n").await;
    client.expect_closed().await;

    let cookie = lab.switchboard_cookie(&ALICE, version);
    let mut client = lab.connect().await;
    client
        .send(
            format!(
                "ANS 3 {} {cookie} 0123456789abcdef0123456789abcde\r\n",
                ALICE.address(version)
            )
            .as_bytes(),
        )
        .await;
    client.expect("911 3\r\n").await;
    client.expect_closed().await;
}

#[tokio::test]
async fn bad_cookies_get_911_msnp12() {
    bad_cookies_get_911(12).await;
}

#[tokio::test]
async fn bad_cookies_get_911_msnp16() {
    bad_cookies_get_911(16).await;
}

#[tokio::test]
async fn msnp16_cookie_needs_the_same_endpoint() {
    let lab = Lab::start().await;
    let cookie = lab.switchboard_cookie(&ALICE, 16);
    let mut client = lab.connect().await;
    client
        .send(format!("USR 1 {};{} {cookie}\r\n", ALICE.email, BOB.endpoint).as_bytes())
        .await;
    client.expect("911 1\r\n").await;
    client.expect_closed().await;
}

#[tokio::test]
async fn first_command_must_sign_in() {
    let lab = Lab::start().await;
    let mut client = lab.connect().await;
    client.send(b"CAL 1 bob@example.com\r\n").await;
    client.expect_closed().await;
}

async fn cal_errors_as_recorded(version: u8) {
    let lab = Lab::start().await;
    lab.sign_in(&BOB, version);
    let mut alice = lab.open(&ALICE, version).await;
    alice.send(b"CAL 2 carol@example.com\r\n").await;
    alice.expect("217 2\r\n").await;
    alice.send(b"CAL 3 nobody@example.com\r\n").await;
    alice.expect("217 3\r\n").await;
    alice.send(b"CAL 4 notanemail\r\n").await;
    alice.expect("208 4\r\n").await;
    // Frank is online but only lets demo@msntui.local see him.
    lab.sign_in(
        &Person {
            email: "frank@msntui.local",
            ..BOB
        },
        version,
    );
    alice.send(b"CAL 5 frank@msntui.local\r\n").await;
    alice.expect("217 5\r\n").await;
    alice.send(b"CAL 6 alice@example.com\r\n").await;
    alice.expect("215 6\r\n").await;
}

#[tokio::test]
async fn cal_errors_as_recorded_msnp12() {
    cal_errors_as_recorded(12).await;
}

#[tokio::test]
async fn cal_errors_as_recorded_msnp16() {
    cal_errors_as_recorded(16).await;
}

async fn two_party_chat_as_recorded(version: u8) {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;

    alice.send(&msg(6, 'U', ALICE_TYPING)).await;
    bob.expect(&relayed(&ALICE, ALICE_TYPING)).await;
    alice.send(&msg(7, 'N', &alice_text(version))).await;
    bob.expect(&relayed(&ALICE, &alice_text(version))).await;
    alice.send(&msg(8, 'A', &alice_text(version))).await;
    bob.expect(&relayed(&ALICE, &alice_text(version))).await;
    // Nothing answered U 6 or N 7: ACK 8 is alice's next line.
    alice.expect("ACK 8\r\n").await;

    bob.send(&msg(3, 'A', BOB_TEXT)).await;
    alice.expect(&relayed(&BOB, BOB_TEXT)).await;
    bob.expect("ACK 3\r\n").await;
    alice.send(&msg(9, 'N', NUDGE)).await;
    bob.expect(&relayed(&ALICE, NUDGE)).await;

    bob.send(b"OUT\r\n").await;
    bob.expect_closed().await;
    alice.expect_all(&byes(version, &BOB)).await;

    // Alone now: nobody can receive, so A and N are refused, U still goes unanswered.
    alice.send(&msg(10, 'U', ALICE_TYPING)).await;
    alice.send(&msg(11, 'N', NUDGE)).await;
    alice.expect("NAK 11\r\n").await;
    alice.send(&msg(12, 'A', &alice_text(version))).await;
    alice.expect("NAK 12\r\n").await;
    alice.send(b"OUT\r\n").await;
    alice.expect_closed().await;
}

#[tokio::test]
async fn two_party_chat_as_recorded_msnp12() {
    two_party_chat_as_recorded(12).await;
}

#[tokio::test]
async fn two_party_chat_as_recorded_msnp16() {
    two_party_chat_as_recorded(16).await;
}

async fn unknown_and_unreadable_lines_are_ignored(version: u8) {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;
    alice.send(b"FOO 5 bar\r\n").await;
    alice.send(b"CAL x bob@example.com\r\n").await;
    alice.send(b"MSG 6 X 5\r\nhello").await;
    alice.send(&msg(7, 'A', &alice_text(version))).await;
    bob.expect(&relayed(&ALICE, &alice_text(version))).await;
    alice.expect("ACK 7\r\n").await;
    alice.send(&msg(8, 'D', NUDGE)).await;
    bob.expect(&relayed(&ALICE, NUDGE)).await;
    alice.expect("ACK 8\r\n").await;
}

#[tokio::test]
async fn unknown_and_unreadable_lines_are_ignored_msnp12() {
    unknown_and_unreadable_lines_are_ignored(12).await;
}

#[tokio::test]
async fn unknown_and_unreadable_lines_are_ignored_msnp16() {
    unknown_and_unreadable_lines_are_ignored(16).await;
}

async fn oversized_msg_closes_the_sender(version: u8) {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;
    let mut payload =
        b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n".to_vec();
    payload.resize(1762, b'y');
    alice.send(&msg(6, 'N', &payload)).await;
    alice.expect_closed().await;
    bob.expect_all(&byes(version, &ALICE)).await;
    // The largest allowed payload still goes through.
    bob.send(&msg(4, 'A', &payload[..1664])).await;
    bob.expect("NAK 4\r\n").await;
}

/// As recorded in `p2p-relay-msnp15`/`-msnp18`: P2P with ack `N` closes the sender's
/// connection, nothing is relayed; with `D` it is relayed byte for byte and acknowledged.
async fn p2p_needs_ack_d(version: u8) {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;
    let mut payload = b"MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: alice@example.com\r\n\r\n".to_vec();
    payload.extend_from_slice(&[0; 52]);
    bob.send(&msg(4, 'D', &payload)).await;
    alice.expect(&relayed(&BOB, &payload)).await;
    bob.expect("ACK 4\r\n").await;
    alice.send(&msg(6, 'N', &payload)).await;
    alice.expect_closed().await;
    bob.expect_all(&byes(version, &ALICE)).await;
}

#[tokio::test]
async fn p2p_needs_ack_d_msnp12() {
    p2p_needs_ack_d(12).await;
}

#[tokio::test]
async fn p2p_needs_ack_d_msnp16() {
    p2p_needs_ack_d(16).await;
}

#[tokio::test]
async fn oversized_msg_closes_the_sender_msnp12() {
    oversized_msg_closes_the_sender(12).await;
}

#[tokio::test]
async fn oversized_msg_closes_the_sender_msnp16() {
    oversized_msg_closes_the_sender(16).await;
}

async fn p2p_needs_ack_type_d(version: u8) {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;
    let mut p2p =
        b"MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n"
            .to_vec();
    p2p.extend_from_slice(&[0x01; 52]);
    alice.send(&msg(6, 'D', &p2p)).await;
    bob.expect(&relayed(&ALICE, &p2p)).await;
    alice.expect("ACK 6\r\n").await;
    // As recorded with Escargot: any other ack type closes the sender's connection.
    alice.send(&msg(7, 'N', &p2p)).await;
    alice.expect_closed().await;
    bob.expect_all(&byes(version, &ALICE)).await;
}

#[tokio::test]
async fn p2p_needs_ack_type_d_msnp15() {
    p2p_needs_ack_type_d(15).await;
}

#[tokio::test]
async fn p2p_needs_ack_type_d_msnp18() {
    p2p_needs_ack_type_d(18).await;
}

async fn three_party_chat(version: u8) {
    let lab = Lab::start().await;
    let mut carol_ns = lab.sign_in(&CAROL, version);
    let (mut alice, mut bob) = lab.alice_and_bob(version).await;

    let (session, cookie) = lab
        .call(&mut alice, &ALICE, 7, &CAROL, &mut carol_ns, version)
        .await;
    let mut carol = lab.answer(&CAROL, version, &session, &cookie).await;
    carol.expect_all(&roster(1, version, &[&ALICE, &BOB])).await;
    carol.expect("ANS 1 OK\r\n").await;
    alice.expect_all(&joins(version, &CAROL)).await;
    bob.expect_all(&joins(version, &CAROL)).await;
    if version >= 16 {
        carol.expect(&own_join(version, &CAROL)).await;
    }
    // Calling someone already there.
    bob.send(b"CAL 4 carol@example.com\r\n").await;
    bob.expect("215 4\r\n").await;

    let carol_says = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhi both";
    carol.send(&msg(2, 'A', carol_says)).await;
    alice.expect(&relayed(&CAROL, carol_says)).await;
    bob.expect(&relayed(&CAROL, carol_says)).await;
    carol.expect("ACK 2\r\n").await;
    bob.send(&msg(5, 'A', BOB_TEXT)).await;
    alice.expect(&relayed(&BOB, BOB_TEXT)).await;
    carol.expect(&relayed(&BOB, BOB_TEXT)).await;
    bob.expect("ACK 5\r\n").await;

    carol.send(b"OUT\r\n").await;
    carol.expect_closed().await;
    alice.expect_all(&byes(version, &CAROL)).await;
    bob.expect_all(&byes(version, &CAROL)).await;

    alice.send(&msg(8, 'A', &alice_text(version))).await;
    bob.expect(&relayed(&ALICE, &alice_text(version))).await;
    alice.expect("ACK 8\r\n").await;
}

#[tokio::test]
async fn three_party_chat_msnp12() {
    three_party_chat(12).await;
}

#[tokio::test]
async fn three_party_chat_msnp16() {
    three_party_chat(16).await;
}

async fn echo_bot_answers(version: u8) {
    let lab = Lab::start().await;
    lab.sign_in(&DEMO, version);
    let mut demo = lab.open(&DEMO, version).await;
    demo.send(b"CAL 2 echo@msntui.local\r\n").await;
    demo.expect_ringing(2).await;
    let bot_caps = if version >= 16 {
        "1073741824:0"
    } else {
        "1073741824"
    };
    demo.expect(&format!("JOI echo@msntui.local Echo%20Bot {bot_caps}\r\n"))
        .await;

    let text = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=B; CO=ff; CS=0; PF=22\r\n\r\nis anyone there?";
    demo.send(&msg(3, 'A', text)).await;
    demo.expect("ACK 3\r\n").await;
    let typing = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: echo@msntui.local\r\n\r\n\r\n";
    let expected =
        String::from_utf8_lossy(&msg_from("echo@msntui.local", "Echo%20Bot", typing)).into_owned();
    demo.expect(&expected).await;
    let expected =
        String::from_utf8_lossy(&msg_from("echo@msntui.local", "Echo%20Bot", text)).into_owned();
    demo.expect(&expected).await;

    demo.send(&msg(4, 'N', NUDGE)).await;
    let expected =
        String::from_utf8_lossy(&msg_from("echo@msntui.local", "Echo%20Bot", NUDGE)).into_owned();
    demo.expect(&expected).await;

    demo.send(b"CAL 5 dana@msntui.local\r\n").await;
    demo.expect_ringing(5).await;
    demo.expect(&format!("JOI dana@msntui.local Dana {bot_caps}\r\n"))
        .await;
    demo.send(b"CAL 6 echo@msntui.local\r\n").await;
    demo.expect("215 6\r\n").await;
}

#[tokio::test]
async fn echo_bot_answers_msnp12() {
    echo_bot_answers(12).await;
}

#[tokio::test]
async fn echo_bot_answers_msnp16() {
    echo_bot_answers(16).await;
}

#[tokio::test]
async fn silent_clients_are_dropped() {
    let options = ServerOptions {
        login_timeout: Duration::from_millis(200),
        idle_timeout: Duration::from_millis(300),
        ..ServerOptions::loopback()
    };
    let lab = Lab::with_options(options).await;
    let mut silent = lab.connect().await;
    silent.expect_closed().await;

    let mut alice = lab.open(&ALICE, 12).await;
    alice.expect_closed().await;
}

#[tokio::test]
async fn msnp16_clients_see_msnp12_peers_in_their_own_shape() {
    let lab = Lab::start().await;
    let mut bob_ns = lab.sign_in(&BOB, 12);
    lab.sign_in(&ALICE, 16);
    let mut alice = lab.open(&ALICE, 16).await;
    let (session, cookie) = lab.call(&mut alice, &ALICE, 2, &BOB, &mut bob_ns, 12).await;
    let mut bob = lab.answer(&BOB, 12, &session, &cookie).await;
    bob.expect("IRO 1 1 1 alice@example.com Alice%20Test 2789003324\r\n")
        .await;
    bob.expect("ANS 1 OK\r\n").await;
    alice
        .expect("JOI bob@example.com Bob%20Test 1073741824:0\r\n")
        .await;
}

#[tokio::test]
async fn msnp16_second_endpoint_joins_and_leaves_per_endpoint() {
    let lab = Lab::start().await;
    let (mut alice, mut bob) = lab.alice_and_bob(16).await;
    let laptop = Person {
        endpoint: "{A11CE000-0000-4000-8000-000000000002}",
        ..ALICE
    };
    let mut laptop_ns = lab.sign_in(&laptop, 16);
    let (session, cookie) = lab
        .call(&mut alice, &ALICE, 6, &ALICE, &mut laptop_ns, 16)
        .await;
    let mut second = lab.answer(&laptop, 16, &session, &cookie).await;
    let caps = capabilities(16);
    second
        .expect_all(&[
            format!(
                "IRO 1 1 3 {} Alice%20Test {caps}\r\n",
                ALICE.endpoint_address()
            ),
            format!("IRO 1 2 3 {} Bob%20Test {caps}\r\n", BOB.endpoint_address()),
            format!("IRO 1 3 3 bob@example.com Bob%20Test {caps}\r\n"),
            "ANS 1 OK\r\n".to_owned(),
        ])
        .await;
    let joined = format!("JOI {} Alice%20Test {caps}\r\n", laptop.endpoint_address());
    alice.expect(&joined).await;
    bob.expect(&joined).await;

    bob.send(&msg(3, 'A', BOB_TEXT)).await;
    alice.expect(&relayed(&BOB, BOB_TEXT)).await;
    second.expect(&relayed(&BOB, BOB_TEXT)).await;
    bob.expect("ACK 3\r\n").await;

    second.send(b"OUT\r\n").await;
    second.expect_closed().await;
    let left = format!("BYE {}\r\n", laptop.endpoint_address());
    alice.expect(&left).await;
    bob.expect(&left).await;
    alice.send(b"OUT\r\n").await;
    bob.expect_all(&byes(16, &ALICE)).await;
}
