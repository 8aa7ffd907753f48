//! What official clients send besides one-piece text, through the bundled server at
//! MSNP13, 15 and 18, between an msntui session (alice) and a scripted official-style
//! client (bob) on raw sockets: a chunked message sent out of order arrives as one
//! message; msntui's own long message goes out in the official chunk shape; a message
//! missing a part is shown partially, with a note, after the chunk timeout; winks, voice
//! clips, actions, custom emoticons, ink, unknown types and invitations each become a
//! visible notice and a chat-log line; a P2P file invitation is acknowledged and
//! declined (603) in the sender's P2P version, and an MSNFTP offer is cancelled. Also:
//! a call with nothing said opens no conversation, P2P starts in the version the peer
//! announced, a declined display picture is not asked for again, and a picture request
//! to an account signed in at two places is answered by one of them.

mod chat_support;
mod session_support;
mod support;

use std::time::Instant;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use msntui::chatlog::Direction as LogDirection;
use msntui::p2p::{
    DISPLAY_PICTURE, DataHeader, Header, HeaderTlv, HeaderV1, HeaderV2, MsnObject, PEER_INFO,
    Packet, SlpMessage, StartLine, TF_FIRST, Wrapped, flags, opcode,
};
use msntui::protocol::command::{AckMode, Cal, Chg, MsgFrom, MsgRequest};
use msntui::protocol::message::{MAX_PAYLOAD_LEN, MimeMessage, Outcome, Part, Reassembly};
use msntui::protocol::types::{Address, Capabilities, MsnObjectText, Status, Trid};
use msntui::protocol::{ClientCodec, ClientCommand, ServerCommand};
use msntui::server::RunningServer;
use msntui::session::{ChatTarget, Direction, Event, Notice, Request, TransferState};
use support::client::{TestClient, machine_guid};
use support::server::server;
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

use chat_support::{Chatter, PATIENCE};

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const FILE_TRANSFER: &str = "{5D3E02AB-6190-11D3-BBBB-00C04F795683}";

/// Bob as an official client would be: his own NS connection and a switchboard he
/// opened and called alice into.
struct Bob {
    _ns: TestClient,
    sb: Framed<TcpStream, ClientCodec>,
    next_trid: u32,
    version: u8,
}

impl Bob {
    async fn calls_alice(server: &RunningServer, version: u8) -> Self {
        Self::calls_alice_as(server, version, None).await
    }

    /// Bob calling alice in after announcing `capabilities` and `object` instead of his
    /// version's.
    async fn calls_alice_as(
        server: &RunningServer,
        version: u8,
        announced: Option<(Capabilities, MsnObjectText)>,
    ) -> Self {
        let mut ns = TestClient::signed_in(server, BOB, version).await;
        ns.go_online(Status::Online).await;
        if let Some((capabilities, object)) = announced {
            let trid = ns.trid();
            ns.send(ClientCommand::Chg(Chg {
                trid,
                status: Status::Online,
                capabilities: Some(capabilities),
                object: Some(object),
            }))
            .await;
            ns.wait_for(
                "CHG echo",
                |c| matches!(c, ServerCommand::Chg(chg) if chg.trid == trid),
            )
            .await;
        }
        let sb = ns.open_switchboard().await;
        let mut bob = Self {
            _ns: ns,
            sb,
            next_trid: 2,
            version,
        };
        bob.command(|trid| {
            ClientCommand::Cal(Cal {
                trid,
                invitee: Address::email(ALICE),
            })
        })
        .await;
        bob.until("alice joins", |c| matches!(c, ServerCommand::Joi(_)))
            .await;
        bob
    }

    async fn command(&mut self, command: impl FnOnce(Trid) -> ClientCommand) {
        let trid = Trid(self.next_trid);
        self.next_trid += 1;
        self.sb.send(command(trid)).await.expect("send");
    }

    async fn msg(&mut self, ack: AckMode, payload: impl Into<Bytes>) {
        let payload = payload.into();
        self.command(|trid| ClientCommand::Msg(MsgRequest { trid, ack, payload }))
            .await;
    }

    async fn until(
        &mut self,
        what: &str,
        wanted: impl Fn(&ServerCommand) -> bool,
    ) -> ServerCommand {
        loop {
            let next = tokio::time::timeout(PATIENCE, self.sb.next())
                .await
                .unwrap_or_else(|_| panic!("no {what} within {PATIENCE:?}"));
            let frame = next.expect("connection open").expect("readable frame");
            let command = frame.command.expect("well-formed command");
            if wanted(&command) {
                return command;
            }
        }
    }

    /// The next MSG alice sends, as a MIME message.
    async fn hears(&mut self) -> MimeMessage {
        let ServerCommand::Msg(MsgFrom { payload, .. }) = self
            .until("a message from alice", |c| {
                matches!(c, ServerCommand::Msg(_))
            })
            .await
        else {
            unreachable!()
        };
        assert!(payload.len() <= MAX_PAYLOAD_LEN);
        MimeMessage::parse(&payload).expect("a MIME payload")
    }

    /// The next P2P packet alice sends.
    async fn hears_p2p(&mut self) -> Wrapped {
        Wrapped::from_mime(&self.hears().await).expect("a P2P packet")
    }

    /// Sends one P2P packet to alice (ack `D`, as the server requires).
    async fn p2p(&mut self, header: Header, payload: Bytes, source: Option<String>) {
        let wrapped = Wrapped {
            destination: ALICE.into(),
            source,
            packet: Packet {
                header,
                payload,
                footer: 0,
            },
        };
        self.msg(AckMode::Data, wrapped.to_mime().to_bytes()).await;
    }

    /// Sends one P2P packet and returns alice's answer to it.
    async fn hears_p2p_after(
        &mut self,
        header: Header,
        payload: Bytes,
        source: Option<String>,
    ) -> Wrapped {
        self.p2p(header, payload, source).await;
        self.hears_p2p().await
    }
}

fn first_part(id: &str, total: u32, body: &[u8]) -> Vec<u8> {
    let mut payload = format!(
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\nMessage-ID: {id}\r\nChunks: {total}\r\n\r\n"
    )
    .into_bytes();
    payload.extend_from_slice(body);
    payload
}

fn later_part(id: &str, index: u32, body: &[u8]) -> Vec<u8> {
    let mut payload = format!("Message-ID: {id}\r\nChunk: {index}\r\n\r\n").into_bytes();
    payload.extend_from_slice(body);
    payload
}

fn typed(content_type: &str, body: &str) -> String {
    format!("MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n{body}")
}

/// The file-transfer context of WLM 2009 (version 3, 638 bytes, no preview).
fn file_context(name: &str, size: u64) -> String {
    let mut context = vec![0u8; 638];
    context[..4].copy_from_slice(&638u32.to_le_bytes());
    context[4..8].copy_from_slice(&3u32.to_le_bytes());
    context[8..16].copy_from_slice(&size.to_le_bytes());
    context[16..20].copy_from_slice(&1u32.to_le_bytes());
    for (index, unit) in name.encode_utf16().enumerate() {
        context[20 + 2 * index..22 + 2 * index].copy_from_slice(&unit.to_le_bytes());
    }
    context[570..574].copy_from_slice(&u32::MAX.to_le_bytes());
    STANDARD.encode(context)
}

fn file_invite(call_id: &str) -> Vec<u8> {
    let body = format!(
        "EUF-GUID: {FILE_TRANSFER}\r\nSessionID: 1234567\r\nAppID: 2\r\nContext: {}\r\n\r\n\0",
        file_context("report.pdf", 48_000)
    );
    format!(
        "INVITE MSNMSGR:{ALICE} MSNSLP/1.0\r\nTo: <msnmsgr:{ALICE}>\r\nFrom: <msnmsgr:{BOB}>\r\nVia: MSNSLP/1.0/TLP ;branch={{5D3E02AB-0000-4000-8000-000000000001}}\r\nCSeq: 0 \r\nCall-ID: {call_id}\r\nMax-Forwards: 0\r\nContent-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn notice(alice: &mut Chatter, kind: &'static str) -> Notice {
    match alice
        .take(
            kind,
            |e| matches!(e, Event::NoticeReceived(n) if n.sender == BOB && n.notice.kind() == kind),
        )
        .await
    {
        Event::NoticeReceived(received) => received.notice,
        _ => unreachable!(),
    }
}

async fn content_at(version: u8) {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, version, ALICE, dir.path()).await;
    let mut bob = Bob::calls_alice(&server, version).await;

    // Three parts sent out of order, "é" cut between the second and the third.
    let id = "{7071F782-2016-4A55-90A0-49C81058AA8C}";
    let text = "first part, second part: caf\u{e9}, third part.";
    let cut = text.find('\u{e9}').unwrap() + 1;
    let (head, rest) = text.as_bytes().split_at(12);
    let (middle, tail) = rest.split_at(cut - 12);
    bob.msg(AckMode::Acknowledged, later_part(id, 2, tail))
        .await;
    bob.msg(AckMode::Acknowledged, first_part(id, 3, head))
        .await;
    bob.msg(AckMode::Acknowledged, later_part(id, 1, middle))
        .await;
    let heard = alice.hears(BOB).await;
    assert_eq!(heard.text, text);
    assert_eq!(
        heard.format.expect("the first part's format").font,
        "Segoe UI"
    );

    // Every other kind of content a person sends is a visible notice.
    let wink = "ID: 2\r\nData: <msnobj Creator=\"bob@example.com\" Size=\"24539\" Type=\"8\" Location=\"TFR2C.tmp\" Friendly=\"VwBpAG4AawAAAA==\" SHA1D=\"9jVTlqp9MHPmSO+b5VUWPzlrumk=\"/>\r\n\r\n";
    let clip = "ID: 3\r\nData: <msnobj Creator=\"bob@example.com\" Type=\"11\" SHA1D=\"bKRm1qW3DJXzcjazzIW7CtZHM+I=\" Size=\"8166\" Location=\"0\" Friendly=\"AAA=\"/>\r\n\r\n";
    let datacast = "text/x-msnmsgr-datacast";
    bob.msg(AckMode::NegativeOnly, typed(datacast, wink)).await;
    bob.msg(AckMode::NegativeOnly, typed(datacast, clip)).await;
    bob.msg(
        AckMode::NegativeOnly,
        typed(datacast, "ID: 4\r\nData: waves at Alice\r\n\r\n"),
    )
    .await;
    bob.msg(
        AckMode::NegativeOnly,
        typed(
            "text/x-mms-emoticon",
            "(tux)\t<msnobj Creator=\"bob@example.com\" Type=\"2\"/>\t",
        ),
    )
    .await;
    bob.msg(
        AckMode::NegativeOnly,
        typed(
            "application/x-ms-ink",
            "base64:AOsBHAOAgAQdBLAC7gIEAREAAAAA",
        ),
    )
    .await;
    bob.msg(
        AckMode::NegativeOnly,
        typed("application/x-something-new", "?"),
    )
    .await;
    bob.msg(
        AckMode::Unacknowledged,
        typed(
            "text/x-clientcaps",
            "Client-Name: Purple/2.14\r\nChat-Logging: Y\r\n",
        ),
    )
    .await;
    assert_eq!(notice(&mut alice, "wink").await, Notice::Wink);
    assert_eq!(notice(&mut alice, "voice_clip").await, Notice::VoiceClip);
    assert_eq!(
        notice(&mut alice, "action").await,
        Notice::Action {
            text: "waves at Alice".into()
        }
    );
    assert_eq!(
        notice(&mut alice, "custom_emoticons").await,
        Notice::CustomEmoticons {
            shortcuts: vec!["(tux)".into()]
        }
    );
    assert_eq!(notice(&mut alice, "ink").await, Notice::Ink);
    assert_eq!(
        notice(&mut alice, "unknown").await,
        Notice::Unknown {
            content_type: "application/x-something-new".into()
        }
    );

    // An MSNFTP offer is cancelled with the same cookie.
    let offer = "Application-Name: File Transfer\r\nApplication-GUID: {5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\nInvitation-Command: INVITE\r\nInvitation-Cookie: 39191\r\nApplication-File: notes.txt\r\nApplication-FileSize: 2048\r\n\r\n";
    bob.msg(
        AckMode::NegativeOnly,
        typed("text/x-msmsgsinvite; charset=UTF-8", offer),
    )
    .await;
    let cancel = bob.hears().await;
    let cancel = String::from_utf8_lossy(&cancel.body).into_owned();
    assert!(
        cancel.contains(
            "Invitation-Command: CANCEL\r\nInvitation-Cookie: 39191\r\nCancel-Code: REJECT"
        ),
        "{cancel}"
    );
    assert_eq!(
        notice(&mut alice, "file_offer").await,
        Notice::FileOffer {
            name: "notes.txt".into(),
            size: Some(2048),
            declined: true
        }
    );

    // A P2P file invitation, two packets long: acknowledged as the header rules say,
    // then declined in the same P2P version.
    let call_id = "{A82DBE42-A83D-43D1-B201-0A130903C8E6}";
    let invite = Bytes::from(file_invite(call_id));
    let split = msntui::p2p::MAX_PACKET_DATA;
    assert!(invite.len() > split && invite.len() < 2 * split);
    let pieces = [invite.slice(..split), invite.slice(split..)];
    let bob_endpoint = format!("{BOB};{}", machine_guid(BOB));
    let mut v2_identifier = 25_229_739;
    for (index, piece) in pieces.iter().enumerate() {
        let (header, source) = if version >= 16 {
            let header = HeaderV2 {
                opcode: if index == 0 {
                    opcode::SYN | opcode::RAK
                } else {
                    opcode::RAK
                },
                identifier: v2_identifier,
                tlvs: if index == 0 {
                    vec![HeaderTlv::PeerInfo(PEER_INFO)]
                } else {
                    Vec::new()
                },
                data: Some(DataHeader {
                    tf: if index == 0 { TF_FIRST } else { 0 },
                    package: 1,
                    session_id: 0,
                    data_remaining: (index == 0).then(|| (invite.len() - split) as u64),
                    unknown: Vec::new(),
                }),
            };
            let acked = header.next_identifier(piece.len());
            v2_identifier = acked;
            let ack = bob
                .hears_p2p_after(
                    Header::V2(header),
                    piece.clone(),
                    Some(bob_endpoint.clone()),
                )
                .await;
            let Header::V2(ack) = ack.packet.header else {
                panic!("acknowledged in P2Pv1: {ack:?}");
            };
            let op = if index == 0 {
                opcode::SYN | opcode::RAK
            } else {
                opcode::NONE
            };
            assert_eq!(ack.opcode, op);
            assert!(ack.tlvs.contains(&HeaderTlv::Ack(acked)), "{ack:?}");
            continue;
        } else {
            let header = HeaderV1 {
                identifier: 88_617_592,
                offset: (index * split) as u64,
                total_size: invite.len() as u64,
                length: piece.len() as u32,
                ack_id: 945_557_595,
                ..HeaderV1::default()
            };
            (Header::V1(header), None)
        };
        bob.p2p(header, piece.clone(), source).await;
    }
    if version < 16 {
        let ack = bob.hears_p2p().await;
        assert_eq!(ack.destination, BOB);
        let Header::V1(ack) = ack.packet.header else {
            panic!("acknowledged in P2Pv2: {ack:?}");
        };
        assert_eq!(ack.flags, flags::ACK);
        assert_eq!(
            (ack.ack_id, ack.ack_uid, ack.ack_size),
            (88_617_592, 945_557_595, invite.len() as u64)
        );
    }
    // The offer waits for the user; declining it answers 603 in the same P2P version.
    let offered = alice
        .take(
            "the file offer",
            |e| matches!(e, Event::Transfer(t) if t.state == TransferState::Offered),
        )
        .await;
    let Event::Transfer(offer) = offered else {
        unreachable!()
    };
    assert_eq!(
        (
            offer.name.as_str(),
            offer.size,
            offer.incoming,
            offer.peer.as_str()
        ),
        ("report.pdf", 48_000, true, BOB)
    );
    alice
        .watched
        .handle
        .send(Request::DeclineFile {
            transfer: Some(offer.transfer),
        })
        .expect("session running");
    let decline = bob.hears_p2p().await;
    let slp = SlpMessage::parse(&decline.packet.payload).expect("an MSNSLP answer");
    assert_eq!(
        slp.start,
        StartLine::Response {
            code: 603,
            reason: "Decline".into()
        }
    );
    assert_eq!(slp.header("Call-ID"), Some(call_id));
    assert_eq!(slp.body.get("SessionID"), Some("1234567"));
    alice
        .take("the decline in alice's protocol log", |e| {
            matches!(e, Event::Raw(raw) if raw.direction == Direction::Sent
                && raw.payload.as_deref().is_some_and(|p| p.contains("603 Decline")))
        })
        .await;
    let p2p_sent: Vec<&str> = alice
        .watched
        .seen
        .iter()
        .filter_map(|e| match e {
            Event::Raw(raw)
                if raw.direction == Direction::Sent
                    && raw
                        .payload
                        .as_deref()
                        .is_some_and(|p| p.contains("application/x-msnmsgrp2p")) =>
            {
                Some(raw.line.as_str())
            }
            _ => None,
        })
        .collect();
    let answers = if version >= 16 { 3 } else { 2 };
    assert_eq!(p2p_sent.len(), answers, "acknowledgements and the decline");
    assert!(
        p2p_sent
            .iter()
            .all(|line| line.split(' ').nth(2) == Some("D")),
        "{p2p_sent:?}"
    );

    // msntui's own long message: the official chunk shape, one message again.
    let long: String = (0..4000)
        .map(|n| if n % 9 == 0 { '☺' } else { 'x' })
        .collect();
    alice.say(BOB, &long).await;
    let mut table = Reassembly::default();
    let mut parts = 0;
    let joined = loop {
        let part = bob.hears().await;
        parts += 1;
        match Part::of(part) {
            Part::Chunk(chunk) => {
                if parts == 1 {
                    assert!(chunk.mime.headers.get("Content-Type").is_some());
                    assert!(chunk.mime.headers.get("Chunks").is_some());
                } else {
                    assert_eq!(chunk.mime.headers.len(), 2, "only Message-ID and Chunk");
                }
                if let Outcome::Complete(mime) = table.accept(ALICE, chunk, Instant::now()) {
                    break mime;
                }
            }
            Part::Whole(whole) => panic!("a long message went whole: {whole:?}"),
        }
    };
    assert!(parts > 2);
    assert_eq!(String::from_utf8(joined.body.to_vec()).unwrap(), long);

    // Parts 0 and 2 of 3: after the chunk timeout, what came is shown with a note.
    let id = "{00000000-1111-4222-8333-444455556666}";
    bob.msg(AckMode::Acknowledged, first_part(id, 3, b"beginning "))
        .await;
    bob.msg(AckMode::Acknowledged, later_part(id, 2, b"end"))
        .await;
    assert_eq!(alice.hears(BOB).await.text, "beginning end");
    assert_eq!(
        notice(&mut alice, "incomplete_message").await,
        Notice::IncompleteMessage {
            received: 2,
            expected: Some(3),
            reason: "the other parts did not arrive in time".into()
        }
    );

    // The chat log has a line for each.
    let log = alice.log_with(BOB);
    let received: Vec<(Option<&str>, &str)> = log
        .iter()
        .filter(|entry| entry.direction == LogDirection::Received)
        .map(|entry| (entry.status.as_deref(), entry.text.as_str()))
        .collect();
    assert_eq!(received[0], (None, text));
    let kinds: Vec<&str> = received.iter().filter_map(|(status, _)| *status).collect();
    assert_eq!(
        kinds,
        [
            "wink",
            "voice_clip",
            "action",
            "custom_emoticons",
            "ink",
            "unknown",
            "file_offer",
            "file offered",
            "file declined",
            "incomplete_message"
        ]
    );
    assert!(received.contains(&(
        Some("wink"),
        "bob@example.com sent a wink — msntui cannot show winks yet"
    )));
    assert!(received.contains(&(None, "beginning end")));
    assert_eq!(bob.version, version);
    alice.sign_out().await;
}

/// An official client fetching our display picture calls us to a switchboard and says
/// nothing: no conversation opens for that. A caller's first message opens one, with
/// them in it, just before the message.
#[tokio::test]
async fn a_silent_call_opens_no_conversation() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    drop(Bob::calls_alice(&server, 15).await);
    let mut bob = Bob::calls_alice(&server, 15).await;
    let typing = format!(
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: {BOB}\r\n\r\n\r\n"
    );
    bob.msg(AckMode::Unacknowledged, typing).await;
    drop(bob);
    let mut bob = Bob::calls_alice(&server, 15).await;
    bob.msg(
        AckMode::Acknowledged,
        typed("text/plain; charset=UTF-8", "hello"),
    )
    .await;
    let heard = alice.hears(BOB).await;
    let shown: Vec<&Event> = alice
        .watched
        .seen
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::ConversationOpened { .. }
                    | Event::Participants { .. }
                    | Event::MessageReceived(_)
                    | Event::Typing { .. }
            )
        })
        .collect();
    let at = heard.conversation;
    assert!(
        matches!(
            shown.as_slice(),
            [
                Event::ConversationOpened { conversation: opened, with },
                Event::Participants { conversation: roster, joined, .. },
                Event::MessageReceived(message),
            ] if *opened == at && with == &[BOB] && *roster == at && joined == &[BOB]
                && message.text == "hello"
        ),
        "{shown:#?}"
    );
}

/// At MSNP18, alice offers bob a file in the P2P version bob announced: P2Pv2, to his
/// endpoint, when his extended capabilities carry 0x20; P2Pv1, to his plain address,
/// when they do not (docs: "otherwise use P2Pv1 even at MSNP16+").
#[tokio::test]
async fn p2p_version_follows_what_the_peer_announces() {
    for (extended, speaks_p2pv2) in [(48, true), (16, false)] {
        let server = server(false).await;
        let dir = tempfile::tempdir().unwrap();
        let mut alice = Chatter::sign_in(&server, 18, ALICE, dir.path()).await;
        let capabilities = Capabilities {
            flags: 2_789_003_324,
            extended: Some(extended),
        };
        let mut bob =
            Bob::calls_alice_as(&server, 18, Some((capabilities, MsnObjectText::None))).await;
        bob.msg(
            AckMode::Acknowledged,
            typed("text/plain; charset=UTF-8", "send me the notes"),
        )
        .await;
        let conversation = alice.hears(BOB).await.conversation;
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, b"the notes").unwrap();
        alice.request(Request::SendFile {
            to: Some(ChatTarget::Conversation(conversation)),
            path: notes,
        });
        let invite = bob.hears_p2p().await;
        let to_endpoint = invite.destination.starts_with(&format!("{BOB};{{"));
        let in_v2 = matches!(invite.packet.header, Header::V2(_));
        assert_eq!(
            (in_v2, to_endpoint),
            (speaks_p2pv2, speaks_p2pv2),
            "extended capabilities {extended}: {invite:?}"
        );
    }
}

/// Bob declines to send his display picture: alice asked once, and asks no more this
/// session, however often she looks at him.
#[tokio::test]
async fn a_declined_picture_is_not_asked_for_again() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in(&server, 15, ALICE, dir.path()).await;
    let object = MsnObject::for_data(BOB, DISPLAY_PICTURE, "0", b"bob's picture");
    let announced = (
        Capabilities {
            flags: 0x4000_0000,
            extended: None,
        },
        MsnObjectText::from_xml(&object.to_xml()),
    );
    let mut bob = Bob::calls_alice_as(&server, 15, Some(announced)).await;
    alice
        .take(
            "bob's picture announced",
            |e| matches!(e, Event::Presence(p) if p.email == BOB && p.msn_object.is_some()),
        )
        .await;
    let fetch = || Request::FetchPicture { email: BOB.into() };
    alice.request(fetch());
    let invite = bob.hears_p2p().await;
    let invite = SlpMessage::parse(&invite.packet.payload).expect("an MSNSLP INVITE");
    assert!(invite.is_invite(), "{invite:?}");
    let decline = Bytes::from(invite.decline().expect("a decline").to_bytes());
    let length = decline.len();
    let header = HeaderV1 {
        identifier: 51_000_000,
        total_size: length as u64,
        length: length as u32,
        ack_id: 7_777,
        ..HeaderV1::default()
    };
    bob.p2p(Header::V1(header), decline, None).await;
    // Alice's switchboard reports in order: once she hears this, the decline is in.
    bob.msg(
        AckMode::Acknowledged,
        typed("text/plain; charset=UTF-8", "no picture today"),
    )
    .await;
    alice.hears(BOB).await;

    alice.request(fetch());
    alice.request(Request::Whois { email: BOB.into() });
    alice.send(BOB, "after");
    loop {
        let next = bob.hears().await;
        match Wrapped::from_mime(&next) {
            Ok(p2p) => {
                let Header::V1(header) = p2p.packet.header else {
                    panic!("P2Pv2 at MSNP15: {p2p:?}");
                };
                assert_eq!(header.flags, flags::ACK, "asked again: {p2p:?}");
            }
            Err(_) => {
                assert_eq!(&next.body[..], b"after");
                break;
            }
        }
    }
}

#[tokio::test]
async fn content_msnp13() {
    content_at(13).await;
}

#[tokio::test]
async fn content_msnp15() {
    content_at(15).await;
}

#[tokio::test]
async fn content_msnp18() {
    content_at(18).await;
}

/// An MSNSLP message from bob to alice's account as a whole, as a P2Pv1 client sends it.
fn slp_to_alice(start: &str, content_type: &str, body: &str) -> Bytes {
    let call = format!("{{{}}}", uuid::Uuid::new_v4()).to_ascii_uppercase();
    Bytes::from(format!(
        "{start}\r\nTo: <msnmsgr:{ALICE}>\r\nFrom: <msnmsgr:{BOB}>\r\n\
         Via: MSNSLP/1.0/TLP ;branch={call}\r\nCSeq: 0 \r\nCall-ID: {call}\r\n\
         Max-Forwards: 0\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))
}

/// Sends `slp` as P2Pv1 message `identifier` to alice's account and reads what her
/// places send until two of them acknowledged it; the rest of what they sent. None when
/// only one did within a few seconds (her second place has not joined yet).
async fn to_both_places(bob: &mut Bob, identifier: u32, slp: Bytes) -> Option<Vec<Wrapped>> {
    let header = HeaderV1 {
        identifier,
        total_size: slp.len() as u64,
        length: slp.len() as u32,
        ack_id: identifier / 2,
        ..HeaderV1::default()
    };
    bob.p2p(Header::V1(header), slp, None).await;
    let (mut acks, mut other) = (0, Vec::new());
    while acks < 2 {
        let heard = tokio::time::timeout(std::time::Duration::from_secs(3), bob.hears_p2p());
        let packet = heard.await.ok()?;
        match packet.packet.header {
            Header::V1(ack) if ack.flags == flags::ACK && ack.ack_id == identifier => acks += 1,
            _ => other.push(packet),
        }
    }
    Some(other)
}

/// MSNP16+: alice is signed in at two places with one picture. A P2Pv1 request for it
/// names no endpoint, so both places get it; only the first of them answers. Two
/// answers would send bob two interleaved copies, and he would keep neither.
#[tokio::test]
async fn a_picture_request_to_an_account_at_two_places_is_answered_once() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("alice.png");
    let data: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..5_000u32).map(|n| (n * 7 % 256) as u8))
        .collect();
    std::fs::write(&picture, &data).unwrap();
    let with_picture = |config: &mut msntui::session::SessionConfig| {
        config.display_picture = Some(picture.clone());
    };
    let here = dir.path().join("here");
    let there = dir.path().join("there");
    let _here = Chatter::sign_in_with(&server, 18, ALICE, &here, with_picture).await;
    let _there = Chatter::sign_in_with(&server, 18, ALICE, &there, with_picture).await;
    let mut bob = Bob::calls_alice(&server, 18).await;

    // A message for no session, until both places acknowledge it: both are in.
    let nothing = || {
        slp_to_alice(
            &format!("BYE MSNMSGR:{ALICE} MSNSLP/1.0"),
            "application/x-msnmsgr-sessionclosebody",
            "SessionID: 1\r\n\r\n\0",
        )
    };
    let mut identifier = 70_000_000;
    loop {
        identifier += 10;
        if to_both_places(&mut bob, identifier, nothing())
            .await
            .is_some()
        {
            break;
        }
        assert!(identifier < 70_000_100, "alice's second place never joined");
    }

    let object = MsnObject::for_data(ALICE, DISPLAY_PICTURE, "0", &data);
    let context = STANDARD.encode(format!("{}\0", object.to_xml()));
    let request = slp_to_alice(
        &format!("INVITE MSNMSGR:{ALICE} MSNSLP/1.0"),
        "application/x-msnmsgr-sessionreqbody",
        &format!(
            "EUF-GUID: {{A4268EEC-FEC5-49E5-95C3-F126696BDBF6}}\r\nSessionID: 4242\r\n\
             AppID: 1\r\nContext: {context}\r\n\r\n\0"
        ),
    );
    let mut heard = to_both_places(&mut bob, identifier + 1, request)
        .await
        .expect("both places got the request");
    // Each place answers a message before it acknowledges the next one, so once both
    // acknowledged this one, every answer to the request is in.
    heard.extend(
        to_both_places(&mut bob, identifier + 2, nothing())
            .await
            .expect("both places are still in"),
    );
    let answers = heard
        .iter()
        .filter(|p| p.packet.payload.starts_with(b"MSNSLP/1.0 200 OK"))
        .count();
    assert_eq!(answers, 1, "one place answers for the account");
}
