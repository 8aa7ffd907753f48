//! The bundled server's HTTP polling gateway, request by request, as the `gateway-msnp12`
//! recording shows Escargot's: the session id and `GW-IP` in `X-MSN-Messenger`, CORS
//! headers, polls collecting what was pushed meanwhile, an unknown session refused with
//! 400, after `OUT` a 200 for the session a request re-arms and a 400 once it is swept,
//! and a signed-in session whose requests stop closed like a dropped socket.

mod support;

use std::time::Duration;

use msntui::protocol::auth::md5_response;
use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, lock, start};
use reqwest::StatusCode;

struct Answer {
    status: StatusCode,
    session: Option<String>,
    gateway_ip: Option<String>,
    cors: Option<String>,
    body: String,
}

struct Gateway {
    http: reqwest::Client,
    url: String,
}

impl Gateway {
    fn of(server: &RunningServer) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        Self {
            http: reqwest::Client::new(),
            url: format!("{}/gateway/gateway.dll", server.shared.http_base),
        }
    }

    async fn post(&self, query: &str, body: &str) -> Answer {
        let response = self
            .http
            .post(format!("{}?{query}", self.url))
            .header("Content-Type", "application/x-msn-messenger")
            .body(body.to_owned())
            .send()
            .await
            .expect("the gateway answers");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let messenger = header("X-MSN-Messenger").unwrap_or_default();
        let part = |key: &str| {
            messenger
                .split(';')
                .find_map(|part| part.trim().strip_prefix(key).map(str::to_owned))
        };
        Answer {
            status: response.status(),
            session: part("SessionID="),
            gateway_ip: part("GW-IP="),
            cors: header("Access-Control-Allow-Origin"),
            body: response.text().await.expect("a body"),
        }
    }

    async fn open_ns(&self, body: &str) -> (String, Answer) {
        let answer = self.post("Action=open&Server=NS&IP=127.0.0.1", body).await;
        (answer.session.clone().expect("a session id"), answer)
    }

    async fn send(&self, session: &str, body: &str) -> Answer {
        self.post(&format!("SessionID={session}"), body).await
    }

    async fn poll(&self, session: &str) -> Answer {
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
    assert_eq!(opened.status, StatusCode::OK);
    assert_eq!(opened.body, "VER 1 MSNP12\r\n");
    assert_eq!(opened.gateway_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(opened.cors.as_deref(), Some("*"));

    let cvr = gateway
        .send(
            &session,
            "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs carol@example.com\r\n",
        )
        .await;
    assert_eq!(cvr.session.as_deref(), Some(session.as_str()));
    assert!(cvr.body.starts_with("CVR 2 "), "{}", cvr.body);

    let idle = gateway.poll(&session).await;
    assert_eq!((idle.status, idle.body.as_str()), (StatusCode::OK, ""));

    let unknown = gateway.poll("no-such-session").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body, "400: Bad Request");
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
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.gateway_ip.as_deref(), Some(sb.as_str()));
    assert_eq!(
        answer.body, "911 1\r\n",
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
    assert_eq!((out.status, out.body.as_str()), (StatusCode::OK, ""));
    let after = gateway.poll(&session).await;
    assert_eq!((after.status, after.body.as_str()), (StatusCode::OK, ""));
    server.shutdown().await;

    // Sweeping often: a closed session left alone is gone by the next sweep.
    let sweep = Duration::from_millis(10);
    let server = server_sweeping_every(sweep).await;
    let gateway = Gateway::of(&server);
    let (session, _) = gateway.open_ns("VER 1 MSNP12 CVR0\r\n").await;
    gateway.send(&session, "OUT\r\n").await;
    tokio::time::sleep(sweep * 20).await;
    let swept = gateway.poll(&session).await;
    assert_eq!(swept.status, StatusCode::BAD_REQUEST);
    server.shutdown().await;
}

#[tokio::test]
async fn a_session_whose_requests_stop_is_closed_and_its_user_goes_offline() {
    let options = ServerOptions {
        challenge_interval: None,
        gateway_sweep: Duration::from_millis(10),
        gateway_expiry: Duration::from_millis(100),
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
        if let Some(rest) = answer.body.strip_prefix("USR 4 MD5 S ") {
            salt = rest.trim_end().to_owned();
        }
    }
    let hash = md5_response(&salt, "alicepass1");
    let ok = gateway
        .send(&session, &format!("USR 5 MD5 S {hash}\r\n"))
        .await;
    assert!(
        ok.body.starts_with("USR 5 OK alice@example.com"),
        "{}",
        ok.body
    );
    gateway.send(&session, "CHG 6 NLN\r\n").await;
    assert_eq!(lock(&server.shared.hub).len(), 1);

    // No more requests: the sweep closes the session as a dropped socket would.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while lock(&server.shared.hub).len() == 1 {
        assert!(tokio::time::Instant::now() < deadline, "still online");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(gateway.poll(&session).await.status, StatusCode::BAD_REQUEST);
    server.shutdown().await;
}
