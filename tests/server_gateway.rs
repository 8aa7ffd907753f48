//! The bundled server's HTTP polling gateway, request by request, as the `gateway-msnp12`
//! recording shows Escargot's: the session id and `GW-IP` in `X-MSN-Messenger`, CORS
//! headers, polls collecting what was pushed meanwhile, an unknown session refused with
//! 400, after `OUT` a 200 for the session a request re-arms and a 400 once it is swept,
//! and a signed-in session whose requests stop closed like a dropped socket.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use msntui::protocol::auth::md5_response;
use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, lock, start};
use support::gateway_frames::{self, Response};

/// The gateway of one server, spoken to as the recording's client did.
struct Gateway {
    http: SocketAddr,
}

impl Gateway {
    fn of(server: &RunningServer) -> Self {
        Self { http: server.http }
    }

    async fn post(&self, query: &str, body: &str) -> Response {
        gateway_frames::post(self.http, query, body.as_bytes()).await
    }

    async fn open_ns(&self, body: &str) -> (String, Response) {
        let answer = self.post("Action=open&Server=NS&IP=127.0.0.1", body).await;
        (answer.session().expect("a session id"), answer)
    }

    async fn send(&self, session: &str, body: &str) -> Response {
        self.post(&format!("SessionID={session}"), body).await
    }

    async fn poll(&self, session: &str) -> Response {
        self.post(&format!("Action=poll&SessionID={session}"), "")
            .await
    }
}

async fn server_sweeping_every(sweep: Duration) -> RunningServer {
    let options = ServerOptions {
        challenge_interval: None,
        gateway_sweep: sweep,
        ..ServerOptions::loopback()
    };
    start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts")
}

#[tokio::test]
async fn a_session_opens_answers_and_keeps_its_id() {
    let server = server_sweeping_every(Duration::from_secs(3600)).await;
    let gateway = Gateway::of(&server);
    let (session, opened) = gateway.open_ns("VER 1 MSNP12 CVR0\r\n").await;
    assert_eq!(opened.status, 200);
    assert_eq!(opened.text(), "VER 1 MSNP12\r\n");
    assert_eq!(opened.gateway_ip().as_deref(), Some("127.0.0.1"));
    assert_eq!(
        opened.header("Access-Control-Allow-Origin").as_deref(),
        Some("*")
    );

    let cvr = gateway
        .send(
            &session,
            "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs carol@example.com\r\n",
        )
        .await;
    assert_eq!(cvr.session().as_deref(), Some(session.as_str()));
    assert!(cvr.text().starts_with("CVR 2 "), "{}", cvr.text());

    let idle = gateway.poll(&session).await;
    assert_eq!((idle.status, idle.text().as_str()), (200, ""));

    let unknown = gateway.poll("no-such-session").await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.text(), "400: Bad Request");
    server.shutdown().await;
}

#[tokio::test]
async fn a_switchboard_is_any_server_but_ns() {
    let server = server_sweeping_every(Duration::from_secs(3600)).await;
    let gateway = Gateway::of(&server);
    let sb = format!("127.0.0.1:{}", server.sb.port());
    let answer = gateway
        .post(
            &format!("Action=open&Server=SB&IP={sb}"),
            "USR 1 nobody@example.com 1.2.3\r\n",
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.gateway_ip().as_deref(), Some(sb.as_str()));
    assert_eq!(
        answer.text(),
        "911 1\r\n",
        "a bad cookie is refused as on TCP"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn after_out_a_request_rearms_the_session_until_it_is_swept() {
    // No sweep during the first part: a poll right after OUT still gets 200.
    let server = server_sweeping_every(Duration::from_secs(3600)).await;
    let gateway = Gateway::of(&server);
    let (session, _) = gateway.open_ns("VER 1 MSNP12 CVR0\r\n").await;
    let out = gateway.send(&session, "OUT\r\n").await;
    assert_eq!((out.status, out.text().as_str()), (200, ""));
    let after = gateway.poll(&session).await;
    assert_eq!((after.status, after.text().as_str()), (200, ""));
    server.shutdown().await;

    // Sweeping often: a closed session left alone is gone by the next sweep.
    let sweep = Duration::from_millis(10);
    let server = server_sweeping_every(sweep).await;
    let gateway = Gateway::of(&server);
    let (session, _) = gateway.open_ns("VER 1 MSNP12 CVR0\r\n").await;
    gateway.send(&session, "OUT\r\n").await;
    // The sweeps share this test's runtime and are due before it wakes, so they have run.
    tokio::time::sleep(sweep * 20).await;
    let swept = gateway.poll(&session).await;
    assert_eq!(swept.status, 400);
    server.shutdown().await;
}

#[tokio::test]
async fn a_session_whose_requests_stop_is_closed_and_its_user_goes_offline() {
    let options = ServerOptions {
        challenge_interval: None,
        gateway_sweep: Duration::from_millis(10),
        // Far above the gaps between the sign-in's requests on a loaded machine (over
        // 300 ms were seen), or the session expires before the sign-in ends.
        gateway_expiry: Duration::from_secs(2),
        ..ServerOptions::loopback()
    };
    let server = start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts");
    let gateway = Gateway::of(&server);
    let (session, _) = gateway.open_ns("VER 1 MSNP7 CVR0\r\n").await;
    let sign_in = [
        "CVR 2 0x0409 win 4.10 i386 MSMSGS 4.7.3001 MSMSGS alice@example.com\r\n",
        "INF 3\r\n",
        "USR 4 MD5 I alice@example.com\r\n",
    ];
    let mut salt = String::new();
    for line in sign_in {
        let answer = gateway.send(&session, line).await;
        if let Some(rest) = answer.text().strip_prefix("USR 4 MD5 S ") {
            salt = rest.trim_end().to_owned();
        }
    }
    let hash = md5_response(&salt, "alicepass1");
    let ok = gateway
        .send(&session, &format!("USR 5 MD5 S {hash}\r\n"))
        .await;
    assert!(
        ok.text().starts_with("USR 5 OK alice@example.com"),
        "{}",
        ok.text()
    );
    gateway.send(&session, "CHG 6 NLN\r\n").await;
    assert_eq!(lock(&server.shared.hub).len(), 1);

    // No more requests: the sweep closes the session as a dropped socket would.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while lock(&server.shared.hub).len() == 1 {
        assert!(tokio::time::Instant::now() < deadline, "still online");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(gateway.poll(&session).await.status, 400);
    server.shutdown().await;
}
