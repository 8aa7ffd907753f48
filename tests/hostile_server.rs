//! Servers that misbehave on purpose: broken frames, absurd lengths, replies to nothing,
//! switchboards that cannot be reached or never answer, floods, broken HTTP and SOAP
//! services, connections closed at every step of the handshake. Each case must end in
//! one of three ways: the session shrugs it off and stays usable, the message concerned
//! fails with a reason, or the session ends (or reconnects) with a reason that says what
//! went wrong. Memory stays bounded because the framer refuses long lines and payloads.

mod session_support;
mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use msntui::protocol::frame::{MAX_LINE, MAX_PAYLOAD};
use msntui::protocol::types::Status;
use msntui::session::{
    ChatTarget, ConnectionState, Delivery, DisconnectReason, Event, Request, SessionConfig, Timing,
};
use session_support::fake::{self, Act, command, trid};
use session_support::{Watched, config_for};
use tokio::net::TcpListener;

const ALICE: &str = "alice@example.com";
/// Nothing in a case may take longer.
const CASE_LIMIT: Duration = Duration::from_secs(15);

/// How a case ended.
#[derive(Debug)]
enum Outcome {
    /// Signed in, and a status change made the round trip afterwards.
    Usable,
    /// The session ended for good, with this reason.
    Ended(String),
    /// The connection was dropped and will be tried again, for this reason.
    Reconnecting(String),
}

fn quick() -> Timing {
    Timing {
        connect_timeout: Duration::from_secs(2),
        reply_timeout: Duration::from_secs(2),
        ping_interval: Duration::from_secs(50),
        backoff_min: Duration::from_millis(100),
        backoff_max: Duration::from_millis(400),
        ..Timing::default()
    }
}

fn session(ns: SocketAddr, version: u8, http: &str, dir: &std::path::Path) -> SessionConfig {
    let mut config = config_for(ns, http, version, ALICE, "alicepass1", dir);
    config.timing = quick();
    config
}

/// Follows a session until it is usable, ends or starts reconnecting.
async fn outcome(alice: &mut Watched) -> Outcome {
    let mut asked = false;
    loop {
        let Some(event) = alice.next().await else {
            panic!("the events stopped without Disconnected");
        };
        match event {
            Event::SignedIn { .. } if !asked => {
                alice.handle.set_status(Status::Busy).expect("running");
                asked = true;
            }
            Event::Profile(profile) if asked && profile.status == Status::Busy => {
                return Outcome::Usable;
            }
            Event::State(ConnectionState::Disconnected(reason)) => {
                return Outcome::Ended(match reason {
                    DisconnectReason::Failed(reason)
                    | DisconnectReason::AuthenticationFailed(reason) => reason,
                    other => other.to_string(),
                });
            }
            Event::State(ConnectionState::Reconnecting { reason, .. }) => {
                return Outcome::Reconnecting(reason);
            }
            _ => {}
        }
    }
}

/// Runs one case against a scripted NS (`version`, HTTP services at `http`).
async fn case(ns: SocketAddr, version: u8, http: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    case_with(session(ns, version, http, dir.path())).await
}

async fn case_with(config: SessionConfig) -> Outcome {
    let mut alice = Watched::spawn(config);
    let result = tokio::time::timeout(CASE_LIMIT, outcome(&mut alice))
        .await
        .expect("the case settles in time");
    alice.handle.sign_out().ok();
    result
}

/// An MSNP7 NS twisted by `twist`; no switchboard.
async fn ns7(twist: impl Fn(&str) -> Option<Vec<Act>> + Send + Sync + 'static) -> Outcome {
    let ns = fake::start_acting(fake::msnp7(unreachable_address(), twist)).await;
    case(ns, 7, "http://127.0.0.1:9").await
}

fn unreachable_address() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 9))
}

/// After the normal answer to `after` (a command name), also does `then`.
fn after(
    after: &'static str,
    then: impl Fn() -> Vec<Act> + Send + Sync + 'static,
) -> impl Fn(&str) -> Option<Vec<Act>> + Send + Sync + 'static {
    move |line: &str| {
        (command(line) == after).then(|| {
            let normal = fake::msnp7(unreachable_address(), |_: &str| None)(line);
            normal.into_iter().chain(then()).collect()
        })
    }
}

fn line(text: impl Into<String>) -> Act {
    Act::Line(text.into())
}

fn assert_usable(outcome: Outcome, case: &str) {
    assert!(matches!(outcome, Outcome::Usable), "{case}: {outcome:?}");
}

fn assert_dropped(outcome: Outcome, case: &str, says: &str) {
    match outcome {
        Outcome::Reconnecting(reason) | Outcome::Ended(reason) => {
            assert!(
                reason.contains(says),
                "{case}: the reason {reason:?} lacks {says:?}"
            );
        }
        Outcome::Usable => panic!("{case}: went unnoticed"),
    }
}

// ---- Frames and lengths ----

#[tokio::test]
async fn a_payload_longer_than_the_data_then_a_close() {
    let outcome = ns7(after("SYN", || {
        vec![
            Act::Bytes(b"MSG Hotmail Hotmail 500\r\nMIME-Version: 1.0\r\n".to_vec()),
            Act::Close,
        ]
    }))
    .await;
    assert_dropped(outcome, "payload cut short", "MSG");
}

#[tokio::test]
async fn an_absurd_payload_length() {
    let outcome = ns7(after("SYN", || {
        vec![line("MSG Hotmail Hotmail 99999999999")]
    }))
    .await;
    assert_dropped(outcome, "absurd length", &MAX_PAYLOAD.to_string());
}

#[tokio::test]
async fn a_negative_payload_length() {
    let outcome = ns7(after("SYN", || vec![line("MSG Hotmail Hotmail -5")])).await;
    assert_dropped(outcome, "negative length", "MSG");
}

#[tokio::test]
async fn a_ten_megabyte_line() {
    let outcome = ns7(after("SYN", || {
        vec![Act::Bytes(vec![b'A'; 10 * 1024 * 1024])]
    }))
    .await;
    // Refused at the limit, not buffered whole.
    assert_dropped(outcome, "10 MB line", &MAX_LINE.to_string());
}

#[tokio::test]
async fn binary_garbage_lines_are_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![Act::Bytes(
            b"\x00\xff\xfe\x01 \x02\r\n\xc3\x28 1 2\r\n".to_vec(),
        )]
    }))
    .await;
    assert_usable(outcome, "binary garbage");
}

#[tokio::test]
async fn an_empty_line_is_ignored() {
    let outcome = ns7(after("SYN", || vec![line(""), line("   ")])).await;
    assert_usable(outcome, "empty lines");
}

// ---- Commands ----

#[tokio::test]
async fn unknown_commands_are_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![
            line("ZZZ 1 what is this"),
            line("QQQ"),
            line("XYZ 0 1 2 3 4 5"),
        ]
    }))
    .await;
    assert_usable(outcome, "unknown commands");
}

#[tokio::test]
async fn non_numeric_trids_are_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![
            line("ADD abc FL bob@example.com Bob"),
            line("REM -1 FL bob@example.com"),
        ]
    }))
    .await;
    assert_usable(outcome, "non-numeric TrIDs");
}

#[tokio::test]
async fn replies_to_trids_never_sent_are_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![
            line("ADD 999 FL 5 bob@example.com Bob"),
            line("REA 998 6 alice@example.com Someone%20Else"),
            line("XFR 997 SB 127.0.0.1:1864 CKI 1.2"),
            line("201 996"),
        ]
    }))
    .await;
    assert_usable(outcome, "replies to TrIDs never sent");
}

#[tokio::test]
async fn an_error_code_nobody_knows_is_ignored() {
    let outcome = ns7(after("SYN", || vec![line("999 0"), line("000 1")])).await;
    assert_usable(outcome, "unknown error codes");
}

#[tokio::test]
async fn presence_with_an_invalid_status_is_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![
            line("NLN XYZ bob@example.com Bob"),
            line("NLN NLN not-an-address Bob"),
            line("ILN 7 NLN"),
            line("FLN"),
        ]
    }))
    .await;
    assert_usable(outcome, "broken presence");
}

#[tokio::test]
async fn a_flood_of_presence_lines() {
    let outcome = ns7(after("SYN", || {
        let flood: String = (0..20_000)
            .map(|n| format!("NLN NLN user{n}@example.com User%20{n}\r\n"))
            .collect();
        vec![Act::Bytes(flood.into_bytes())]
    }))
    .await;
    assert_usable(outcome, "presence flood");
}

#[tokio::test]
async fn rings_that_cannot_be_answered_are_ignored() {
    let outcome = ns7(after("SYN", || {
        vec![
            line("RNG 1 not-an-address CKI 1.2 bob@example.com Bob"),
            line("RNG abc 127.0.0.1:9 CKI 1.2 bob@example.com Bob"),
            line("RNG 1"),
        ]
    }))
    .await;
    assert_usable(outcome, "broken RNG");
}

#[tokio::test]
async fn a_hotmail_message_with_broken_mime_is_ignored() {
    let outcome = ns7(after("SYN", || {
        let body = "no headers, no blank line";
        vec![Act::Bytes(
            format!("MSG Hotmail Hotmail {}\r\n{body}", body.len()).into_bytes(),
        )]
    }))
    .await;
    assert_usable(outcome, "broken MIME");
}

#[tokio::test]
async fn an_out_with_an_unknown_reason() {
    let outcome = ns7(after("SYN", || vec![line("OUT WHATEVER"), Act::Close])).await;
    assert_dropped(outcome, "OUT WHATEVER", "");
}

#[tokio::test]
async fn a_redirect_loop_on_the_notification_server() {
    // The NS redirects every sign-in to itself.
    let self_loop = {
        let address = Arc::new(std::sync::OnceLock::<SocketAddr>::new());
        let me = Arc::clone(&address);
        let bound = fake::start_acting(Arc::new(move |line: &str| {
            let t = trid(line);
            match command(line) {
                "VER" => vec![Act::Line(format!("VER {t} MSNP7"))],
                "CVR" => vec![Act::Line(format!("CVR {t} 4.7 4.7 4.7 http://x http://x"))],
                "INF" => vec![Act::Line(format!("INF {t} MD5"))],
                "USR" => match me.get() {
                    Some(me) => vec![Act::Line(format!("XFR {t} NS {me} 0"))],
                    None => vec![Act::Close],
                },
                _ => Vec::new(),
            }
        }))
        .await;
        address.set(bound).expect("set once");
        bound
    };
    let outcome = case(self_loop, 7, "http://127.0.0.1:9").await;
    assert_dropped(outcome, "redirect loop", "redirections");
}

// ---- Closed at each step of the handshake ----

async fn closed_after(step: &'static str) -> Outcome {
    ns7(move |line: &str| (command(line) == step).then(|| vec![Act::Close])).await
}

#[tokio::test]
async fn closed_at_each_step_of_the_handshake() {
    for step in ["VER", "CVR", "INF", "USR", "SYN"] {
        let outcome = closed_after(step).await;
        assert_dropped(outcome, step, "");
    }
}

#[tokio::test]
async fn closed_between_the_two_usr_steps() {
    let outcome = ns7(|line: &str| {
        (command(line) == "USR" && !line.contains(" I ")).then(|| vec![Act::Close])
    })
    .await;
    assert_dropped(outcome, "second USR", "");
}

#[tokio::test]
async fn closed_mid_line_during_the_handshake() {
    let outcome = ns7(|line: &str| {
        (command(line) == "CVR").then(|| vec![Act::Bytes(b"CVR 2 4.7.30".to_vec()), Act::Close])
    })
    .await;
    assert_dropped(outcome, "mid-line", "");
}

#[tokio::test]
async fn an_error_instead_of_a_version() {
    let outcome = ns7(|line: &str| {
        (command(line) == "VER").then(|| vec![Act::Line(format!("500 {}", trid(line)))])
    })
    .await;
    assert_dropped(outcome, "500 to VER", "");
}

#[tokio::test]
async fn a_sign_in_answer_naming_another_account_is_ignored() {
    let outcome = ns7(|line: &str| {
        (command(line) == "USR" && !line.contains(" I ")).then(|| {
            vec![Act::Line(format!(
                "USR {} OK mallory@example.com Mallory 1",
                trid(line)
            ))]
        })
    })
    .await;
    // The session is the configured account's whatever the line says.
    assert_usable(outcome, "another account");
}

#[tokio::test]
async fn a_garbled_auth_challenge() {
    let outcome = ns7(|line: &str| {
        (command(line) == "USR" && line.contains(" I "))
            .then(|| vec![Act::Line(format!("USR {} MD5 S", trid(line)))])
    })
    .await;
    assert_dropped(outcome, "USR MD5 S without a salt", "");
}

// ---- Switchboards ----

/// Signs in against an NS whose switchboard is `switchboard`, sends a message to Bob
/// and returns its final state; the session must still be usable afterwards.
async fn message_through(switchboard: SocketAddr) -> Delivery {
    message_with_xfr(move |line: &str| {
        (command(line) == "XFR").then(|| {
            vec![Act::Line(format!(
                "XFR {} SB {switchboard} CKI 1234.5678",
                trid(line)
            ))]
        })
    })
    .await
}

async fn message_with_xfr(
    twist: impl Fn(&str) -> Option<Vec<Act>> + Send + Sync + 'static,
) -> Delivery {
    let ns = fake::start_acting(fake::msnp7(unreachable_address(), twist)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Watched::spawn(session(ns, 7, "http://127.0.0.1:9", dir.path()));
    alice.signed_in().await;
    alice
        .handle
        .send(Request::SendMessage {
            to: ChatTarget::Contact("bob@example.com".into()),
            text: "hello?".into(),
        })
        .expect("running");
    let deadline = tokio::time::Instant::now() + CASE_LIMIT;
    let state = loop {
        let settled = alice.seen.iter().find_map(|e| match e {
            Event::Delivery { state, .. } if state.is_final() => Some(state.clone()),
            _ => None,
        });
        if let Some(state) = settled {
            break state;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the message never settled: {}",
            alice.transcript()
        );
        alice.for_a_while(Duration::from_millis(100)).await;
    };
    alice.handle.set_status(Status::Away).expect("running");
    alice
        .until(
            "still usable",
            |e| matches!(e, Event::Profile(p) if p.status == Status::Away),
        )
        .await;
    alice.handle.sign_out().ok();
    state
}

fn assert_failed(state: Delivery, case: &str) {
    match state {
        Delivery::Failed(reason) => assert!(!reason.is_empty(), "{case}"),
        other => panic!("{case}: {other:?}"),
    }
}

#[tokio::test]
async fn xfr_to_an_address_that_does_not_parse() {
    let state = message_with_xfr(|line: &str| {
        (command(line) == "XFR").then(|| {
            vec![Act::Line(format!(
                "XFR {} SB not:an:address CKI 1.2",
                trid(line)
            ))]
        })
    })
    .await;
    assert_failed(state, "unparsable XFR address");
}

#[tokio::test]
async fn xfr_with_missing_fields() {
    let state = message_with_xfr(|line: &str| {
        (command(line) == "XFR").then(|| vec![Act::Line(format!("XFR {} SB", trid(line)))])
    })
    .await;
    assert_failed(state, "XFR without address");
}

#[tokio::test]
async fn xfr_answered_with_an_error() {
    let state = message_with_xfr(|line: &str| {
        (command(line) == "XFR").then(|| vec![Act::Line(format!("913 {}", trid(line)))])
    })
    .await;
    assert_failed(state.clone(), "913 to XFR");
    assert!(
        matches!(&state, Delivery::Failed(reason) if reason.contains("you appear offline")),
        "913 says what to change: {state:?}"
    );
}

#[tokio::test]
async fn a_switchboard_nobody_listens_on() {
    assert_failed(message_through(unreachable_address()).await, "refused");
}

#[tokio::test]
async fn a_switchboard_that_accepts_and_never_answers() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    assert_failed(message_through(address).await, "silent switchboard");
}

#[tokio::test]
async fn a_switchboard_that_closes_at_once() {
    let switchboard = fake::start_acting(Arc::new(|_: &str| vec![Act::Close])).await;
    assert_failed(message_through(switchboard).await, "closing switchboard");
}

#[tokio::test]
async fn a_switchboard_that_refuses_the_cookie() {
    let switchboard = fake::start_acting(Arc::new(|line: &str| {
        vec![Act::Line(format!("911 {}", trid(line)))]
    }))
    .await;
    assert_failed(message_through(switchboard).await, "911 on the switchboard");
}

#[tokio::test]
async fn a_switchboard_that_never_rings_anyone() {
    let switchboard = fake::start_acting(Arc::new(|line: &str| {
        let t = trid(line);
        match command(line) {
            "USR" => vec![Act::Line(format!("USR {t} OK alice@example.com Alice"))],
            _ => Vec::new(),
        }
    }))
    .await;
    assert_failed(message_through(switchboard).await, "CAL never answered");
}

#[tokio::test]
async fn a_switchboard_that_sends_garbage_after_joining() {
    let switchboard = fake::start_acting(Arc::new(|line: &str| {
        let t = trid(line);
        match command(line) {
            "USR" => vec![Act::Line(format!("USR {t} OK alice@example.com Alice"))],
            "CAL" => vec![
                Act::Line(format!("CAL {t} RINGING 1")),
                Act::Line("JOI bob@example.com Bob".into()),
                Act::Line("MSG bob@example.com Bob 99999999999".into()),
            ],
            _ => Vec::new(),
        }
    }))
    .await;
    assert_failed(
        message_through(switchboard).await,
        "garbage on the switchboard",
    );
}

// ---- HTTP services ----

/// An NS at MSNP8 that asks for a Passport ticket, with the nexus at `nexus`.
async fn twn_against(nexus: SocketAddr) -> Outcome {
    let ns = fake::start_acting(Arc::new(|line: &str| {
        let t = trid(line);
        let answer = match command(line) {
            "VER" => format!("VER {t} MSNP8"),
            "CVR" => format!("CVR {t} 6.0.0602 6.0.0602 6.0.0602 http://x http://x"),
            "USR" if line.contains(" I ") => format!("USR {t} TWN S ct=1,rver=1,lc=1,id=1"),
            "USR" => format!("USR {t} OK alice@example.com Alice 1 0"),
            _ => return Vec::new(),
        };
        vec![Act::Line(answer)]
    }))
    .await;
    case(ns, 8, &format!("http://{nexus}")).await
}

/// An NS at MSNP15 that asks for SSO tokens, with the RST service at `rst`.
async fn sso_against(rst: SocketAddr) -> Outcome {
    case(sso_ns().await, 15, &format!("http://{rst}")).await
}

async fn sso_ns() -> SocketAddr {
    fake::start_acting(Arc::new(|line: &str| {
        let t = trid(line);
        let answer = match command(line) {
            "VER" => format!("VER {t} MSNP15"),
            "CVR" => format!("CVR {t} 8.5.1288 8.5.1288 8.5.1288 http://x http://x"),
            "USR" if line.contains(" I ") => format!("USR {t} SSO S MBI_KEY_OLD bm9uY2U="),
            _ => return Vec::new(),
        };
        vec![Act::Line(answer)]
    }))
    .await
}

#[tokio::test]
async fn an_http_redirect_loop() {
    let nexus = fake::http(|_, _| String::new()).await;
    let looping = fake::http(move |_, _| {
        fake::http_response(
            "302 Found",
            &[format!("Location: http://{nexus}/again")],
            "",
        )
    })
    .await;
    let outcome = twn_against(looping).await;
    assert_dropped(outcome, "redirect loop", "Passport nexus");
}

#[tokio::test]
async fn a_nexus_without_a_login_server() {
    let nexus = fake::http(|_, _| fake::http_response("200 OK", &[], "")).await;
    assert_dropped(twn_against(nexus).await, "no PassportURLs", "DALogin");
}

#[tokio::test]
async fn a_login_server_without_a_ticket() {
    let login = fake::http(|_, _| fake::http_response("200 OK", &[], "")).await;
    let nexus = fake::http(move |_, _| {
        fake::http_response(
            "200 OK",
            &[format!(
                "PassportURLs: DARealm=Passport.Net,DALogin=http://{login}/login2.srf"
            )],
            "",
        )
    })
    .await;
    assert_dropped(twn_against(nexus).await, "no ticket", "from-PP");
}

#[tokio::test]
async fn an_http_server_that_answers_garbage() {
    let nexus = fake::http(|_, _| "this is not HTTP at all\r\n\r\n".to_owned()).await;
    assert_dropped(twn_against(nexus).await, "not HTTP", "Passport nexus");
}

#[tokio::test]
async fn soap_that_is_not_xml() {
    let rst = fake::http(|_, _| fake::http_response("200 OK", &[], "<<<not xml")).await;
    assert_dropped(sso_against(rst).await, "not XML", "security token service");
}

#[tokio::test]
async fn soap_with_unexpected_namespaces() {
    let body = r#"<?xml version="1.0"?><x:Envelope xmlns:x="urn:elsewhere"><x:Body><x:Whatever/></x:Body></x:Envelope>"#;
    let rst = fake::http(move |_, _| fake::http_response("200 OK", &[], body)).await;
    assert_dropped(
        sso_against(rst).await,
        "other namespace",
        "messengerclear.live.com",
    );
}

#[tokio::test]
async fn soap_with_missing_elements() {
    let body = r#"<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust"><S:Body><wst:RequestSecurityTokenResponseCollection><wst:RequestSecurityTokenResponse><wst:TokenType>urn:passport:compact</wst:TokenType></wst:RequestSecurityTokenResponse></wst:RequestSecurityTokenResponseCollection></S:Body></S:Envelope>"#;
    let rst = fake::http(move |_, _| fake::http_response("200 OK", &[], body)).await;
    assert_dropped(
        sso_against(rst).await,
        "missing elements",
        "messengerclear.live.com",
    );
}

#[tokio::test]
async fn soap_that_fails_with_a_server_error() {
    let rst = fake::http(|_, _| fake::http_response("500 Internal Server Error", &[], "")).await;
    assert_dropped(sso_against(rst).await, "HTTP 500", "security token service");
}

#[tokio::test]
async fn a_certificate_for_another_host() {
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

    let certified = rcgen::generate_simple_self_signed(vec!["other.example".to_owned()])
        .expect("a certificate");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, certified.cert.pem()).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let tls = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .expect("server certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let rst = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            // The client refuses the certificate, so no handshake completes.
            let _ = acceptor.accept(stream).await;
        }
    });
    let mut config = session(sso_ns().await, 15, &format!("https://{rst}"), dir.path());
    config.ca_file = Some(ca_file);
    let outcome = case_with(config).await;
    assert_dropped(outcome, "certificate for other.example", "certificate");
}
