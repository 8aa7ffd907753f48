use bytes::BytesMut;
use tokio_util::codec::Decoder;

use super::*;
use crate::protocol::ClientCodec;
use crate::protocol::command::{AnsRequest, UsrRequest};
use crate::protocol::types::{Address, Trid};

fn received(redactor: &Redactor, bytes: &[u8]) -> (String, Option<String>) {
    let mut buf = BytesMut::from(bytes);
    let incoming = ClientCodec::new()
        .decode(&mut buf)
        .expect("frames")
        .expect("one frame");
    redactor.received(&incoming.frame)
}

fn usr(step: UsrStep) -> ClientCommand {
    ClientCommand::Usr(UsrRequest {
        trid: Trid(4),
        step,
    })
}

#[test]
fn md5_answer_is_hidden() {
    let (line, _) = Redactor::new().sent(&usr(UsrStep::Md5Response {
        hash: "e3ad723856db0c43b7f4d5cd37656087".into(),
    }));
    assert_eq!(line, "USR 4 MD5 S <redacted>");
}

#[test]
fn twn_ticket_is_hidden() {
    let (line, _) = Redactor::new().sent(&usr(UsrStep::TwnTicket {
        ticket: "64b1587c9ef99ebd0e99".into(),
    }));
    assert_eq!(line, "USR 4 TWN S <redacted>");
}

#[test]
fn sso_ticket_and_mbi_blob_are_hidden_but_not_the_guid() {
    let (line, _) = Redactor::new().sent(&usr(UsrStep::SsoResponse {
        ticket: "t=441d15714eb04fc692baY6+H31sT&p=".into(),
        response: "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAxyz".into(),
        machine_guid: Some("{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}".into()),
    }));
    assert_eq!(
        line,
        "USR 4 SSO S <redacted> <redacted> {F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}"
    );
}

#[test]
fn circle_ticket_and_switchboard_cookies_are_hidden() {
    let (line, _) = Redactor::new().sent(&usr(UsrStep::CircleTicket {
        ticket: "PGNpcmNsZT4=".into(),
    }));
    assert!(!line.contains("PGNpcmNsZT4="));
    let (line, _) = Redactor::new().sent(&usr(UsrStep::Switchboard {
        address: Address::email("alice@example.com"),
        cookie: "3f423e2e396226ea5532".into(),
    }));
    assert_eq!(line, "USR 4 alice@example.com <redacted>");
    let (line, _) = Redactor::new().sent(&ClientCommand::Ans(AnsRequest {
        trid: Trid(1),
        address: Address::email("bob@example.com"),
        cookie: "b3cbd8ee9aa5fe9bf27c".into(),
        session: "68a4712133a80d20d7b932bf351f229".into(),
    }));
    assert!(!line.contains("b3cbd8ee9aa5fe9bf27c"), "{line}");
}

#[test]
fn received_cookies_are_hidden() {
    let redactor = Redactor::new();
    let (line, _) = received(
        &redactor,
        b"XFR 11 SB 127.0.0.1:1864 CKI 3f423e2e396226ea5532 U messenger.msn.com 1\r\n",
    );
    assert_eq!(
        line,
        "XFR 11 SB 127.0.0.1:1864 CKI <redacted> U messenger.msn.com 1"
    );
    let (line, _) = received(
        &redactor,
        b"RNG 68a4712133a80d20d7b932bf351f229 127.0.0.1:1864 CKI b3cbd8ee9aa5fe9bf27c alice@example.com Alice%20Test\r\n",
    );
    assert!(!line.contains("b3cbd8ee9aa5fe9bf27c") && line.contains("CKI <redacted>"));
}

#[test]
fn profile_credentials_are_hidden() {
    let payload = "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nsid: 507\r\nMSPAuth: 9e5f0c8c1a4cf2289fbfY6+H31sTUOFkq&p=\r\nMSPProf: secretprof\r\nClientIP: 127.0.0.1\r\n\r\n";
    let frame = format!("MSG Hotmail Hotmail {}\r\n{payload}", payload.len());
    let (line, body) = received(&Redactor::new(), frame.as_bytes());
    assert!(line.starts_with("MSG Hotmail Hotmail"));
    let body = body.expect("payload");
    assert!(!body.contains("9e5f0c8c1a4cf2289fbf"), "{body}");
    assert!(!body.contains("secretprof"));
    assert!(body.contains("MSPAuth: <redacted>\r\n"));
    assert!(body.contains("sid: 507\r\n") && body.contains("ClientIP: 127.0.0.1\r\n"));
}

#[test]
fn remembered_secrets_are_hidden_anywhere() {
    let mut redactor = Redactor::new();
    redactor.remember("pa ss&w%rd");
    let text = redactor.text("echo pa ss&w%rd and pa%20ss%26w%25rd and pa ss&amp;w%rd");
    assert!(!text.contains("pa ss") && !text.contains("pa%20"), "{text}");
    assert_eq!(text.matches(MARKER).count(), 3);
    assert_eq!(redactor.text("t=abcdef&p=xyz tail"), "<redacted> tail");
}

/// A password of a letter or two is hidden where it stands as a value, not inside every
/// word that holds those letters.
#[test]
fn a_short_password_is_hidden_where_it_stands_alone_only() {
    let mut redactor = Redactor::new();
    redactor.remember("a1");
    assert_eq!(
        redactor.text("USR 3 TWN I a1ice@example.com sign-in=x,pwd=a1,ct=1"),
        "USR 3 TWN I a1ice@example.com sign-in=x,pwd=<redacted>,ct=1"
    );
    assert_eq!(
        redactor.text("<wsse:Password>a1</wsse:Password> a1 xa1"),
        "<wsse:Password><redacted></wsse:Password> <redacted> xa1"
    );
    let mut one_letter = Redactor::new();
    one_letter.remember("a");
    assert_eq!(
        one_letter.text("cannot reach alice@example.com: a"),
        "cannot reach alice@example.com: <redacted>"
    );
}

#[test]
fn ordinary_lines_are_untouched() {
    let redactor = Redactor::new();
    let (line, _) = received(
        &redactor,
        b"NLN NLN bob@example.com Bob%20Test 1073741824 %3Cmsnobj%2F%3E\r\n",
    );
    assert_eq!(
        line,
        "NLN NLN bob@example.com Bob%20Test 1073741824 %3Cmsnobj%2F%3E"
    );
}

#[test]
fn p2p_session_data_shows_as_its_length_both_ways() {
    let redactor = Redactor::new();
    let mut payload = b"MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n".to_vec();
    let headers_len = payload.len();
    payload.extend_from_slice(&[0xff; 48]);
    payload.extend_from_slice(&[0, 0, 0, 2]);
    let sent = ClientCommand::Msg(crate::protocol::command::MsgRequest {
        trid: Trid(9),
        ack: crate::protocol::command::AckMode::Data,
        payload: Bytes::from(payload.clone()),
    });
    let shown = format!(
        "{}(52 bytes of P2P session data)",
        String::from_utf8_lossy(&payload[..headers_len])
    );
    assert_eq!(
        redactor.sent(&sent),
        ("MSG 9 D 140".into(), Some(shown.clone()))
    );
    let mut frame = b"MSG alice@example.com Alice 140\r\n".to_vec();
    frame.extend_from_slice(&payload);
    assert_eq!(received(&redactor, &frame).1, Some(shown));
    // MSNSLP (footer 0) stays readable.
    let len = payload.len();
    payload[len - 1] = 0;
    let mut frame = b"MSG alice@example.com Alice 140\r\n".to_vec();
    frame.extend_from_slice(&payload);
    let shown = received(&redactor, &frame).1.unwrap();
    assert!(shown.contains('\u{fffd}') && !shown.contains("P2P session data"));
}
