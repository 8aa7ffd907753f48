//! A recording HTTP proxy in front of the bundled server's services: every ticket and
//! secret the services hand out passes through it, so tests can look for them later.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;

#[derive(Clone)]
struct Proxy {
    real: String,
    own: String,
    client: reqwest::Client,
    log: Arc<Mutex<Vec<String>>>,
}

pub struct Recorder {
    /// `http://127.0.0.1:port` of the proxy.
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    pub async fn start(real_base: &str) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let proxy = Proxy {
            real: real_base.to_owned(),
            own: base.clone(),
            client: reqwest::Client::builder().build().expect("client"),
            log: Arc::clone(&log),
        };
        let app = Router::new().fallback(forward).with_state(proxy);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, log }
    }

    /// Every secret the services handed out: Passport tickets, RST tokens and secrets.
    pub fn secrets(&self) -> Vec<String> {
        let log = self.log.lock().expect("log").join("\n");
        let mut secrets = Vec::new();
        let mut keep = |value: &str| {
            let value = value.trim().replace("&amp;", "&");
            if value.len() >= 8 && !value.contains(char::is_whitespace) && !secrets.contains(&value)
            {
                secrets.push(value);
            }
        };
        for piece in log.split("from-PP='").skip(1) {
            keep(piece.split('\'').next().unwrap_or_default());
        }
        for tag in ["BinarySecurityToken", "BinarySecret", "TicketToken"] {
            for piece in log.split(tag).skip(1) {
                if let Some((_, after)) = piece.split_once('>') {
                    keep(after.split('<').next().unwrap_or_default());
                }
            }
        }
        secrets
    }
}

async fn forward(
    State(proxy): State<Proxy>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut request = proxy
        .client
        .request(method, format!("{}{path}", proxy.real))
        .body(body.clone());
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    let Ok(answer) = request.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let answer_headers = answer.headers().clone();
    let answer_body = answer.bytes().await.unwrap_or_default();
    let mut record = format!("{path}\n{}\n", String::from_utf8_lossy(&body));
    let mut response = Response::builder().status(status.as_u16());
    for (name, value) in &answer_headers {
        let text = value
            .to_str()
            .unwrap_or_default()
            .replace(&proxy.real, &proxy.own);
        record.push_str(&format!("{name}: {text}\n"));
        if name != "content-length"
            && name != "transfer-encoding"
            && let Ok(value) = HeaderValue::from_str(&text)
        {
            response = response.header(name.as_str(), value);
        }
    }
    let text = String::from_utf8_lossy(&answer_body).into_owned();
    record.push_str(&text);
    proxy.log.lock().expect("log").push(record);
    response
        .body(axum::body::Body::from(text))
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}
