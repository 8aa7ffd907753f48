//! Whole sessions through a SOCKS5 proxy and an HTTP proxy started by the test: the NS
//! and switchboard connections (SOCKS5, HTTP CONNECT), the sign-in and address-book
//! services and the HTTP gateway (the HTTP client's proxy), with credentials that the
//! proxies receive and that never show in the session's events. An idle gateway session
//! sends nothing but polls. Without a configured proxy, `ALL_PROXY` and `NO_PROXY` decide.

mod chat_support;
mod session_support;
mod support;

use std::path::Path;
use std::time::Duration;

use msntui::protocol::message::Secret;
use msntui::server::RunningServer;
use msntui::session::{Proxy, SessionConfig};
use session_support::process::{Headless, event, write_config};
use session_support::via_gateway;
use support::proxies::{self, TestProxy};
use support::server::server;

use chat_support::Chatter;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const PROXY_PASSWORD: &str = "proxy-secret-7";

fn through(config: &mut SessionConfig, proxy: &TestProxy, scheme: &str) {
    config.network.proxy = Some(Proxy {
        url: format!("{scheme}://{}", proxy.address),
        username: Some("proxyuser".into()),
        password: Some(Secret::new(PROXY_PASSWORD)),
    });
}

fn http_port(server: &RunningServer) -> u16 {
    server.http.port()
}

/// Alice (MSNP15: SSO, address book) through the proxy, chatting with Bob both ways.
async fn chat_through(server: &RunningServer, alice: &mut Chatter) {
    let dir = tempfile::tempdir().unwrap();
    let mut bob = Chatter::sign_in(server, 15, BOB, dir.path()).await;
    alice.say(BOB, "through the proxy").await;
    assert_eq!(bob.hears(ALICE).await.text, "through the proxy");
    bob.say(ALICE, "and back").await;
    assert_eq!(alice.hears(BOB).await.text, "and back");
    alice.sign_out().await;
    bob.sign_out().await;
    assert!(
        !alice.watched.transcript().contains(PROXY_PASSWORD),
        "the proxy password stays out of the events"
    );
}

#[tokio::test]
async fn a_whole_session_through_a_socks5_proxy() {
    let server = server(false).await;
    let proxy = proxies::socks5().await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in_with(&server, 15, ALICE, dir.path(), |config| {
        through(config, &proxy, "socks5h");
    })
    .await;
    chat_through(&server, &mut alice).await;
    assert!(proxy.seen_port(server.ns.port()), "the NS");
    assert!(proxy.seen_port(server.sb.port()), "a switchboard");
    assert!(proxy.seen_port(http_port(&server)), "the HTTP services");
    let credentials = proxy.credentials();
    assert!(!credentials.is_empty());
    assert!(
        credentials
            .iter()
            .all(|given| given == &format!("proxyuser:{PROXY_PASSWORD}"))
    );
}

#[tokio::test]
async fn a_whole_session_through_an_http_proxy() {
    let server = server(false).await;
    let proxy = proxies::http().await;
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Chatter::sign_in_with(&server, 15, ALICE, dir.path(), |config| {
        through(config, &proxy, "http");
    })
    .await;
    chat_through(&server, &mut alice).await;
    assert!(proxy.seen_port(server.ns.port()), "the NS, by CONNECT");
    assert!(
        proxy.seen_port(server.sb.port()),
        "a switchboard, by CONNECT"
    );
    assert!(proxy.seen_port(http_port(&server)), "the HTTP services");
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("proxyuser:{PROXY_PASSWORD}")
        )
    );
    let credentials = proxy.credentials();
    assert!(!credentials.is_empty());
    assert!(
        credentials.iter().all(|given| given == &basic),
        "{credentials:?}"
    );
}

#[tokio::test]
async fn the_gateway_through_an_http_proxy() {
    let server = server(false).await;
    let proxy = proxies::http().await;
    let dir = tempfile::tempdir().unwrap();
    let http_base = server.shared.http_base.clone();
    let mut alice = Chatter::sign_in_with(&server, 15, ALICE, dir.path(), |config| {
        via_gateway(config, &http_base);
        through(config, &proxy, "http");
    })
    .await;
    // Signed in and idle: only polls (empty bodies) go out.
    let (requests, polls) = proxy.requests();
    alice.watched.for_a_while(Duration::from_millis(500)).await;
    let (later_requests, later_polls) = proxy.requests();
    assert!(later_requests > requests, "an idle session polls");
    assert_eq!(
        later_requests - requests,
        later_polls - polls,
        "and sends nothing else"
    );
    chat_through(&server, &mut alice).await;
    assert!(!proxy.seen_port(server.ns.port()), "no TCP to the NS");
    assert!(
        !proxy.seen_port(server.sb.port()),
        "no TCP to a switchboard"
    );
    assert!(proxy.seen_port(http_port(&server)), "the gateway");
}

/// Without `server.proxy`, the environment decides, as for curl.
#[tokio::test]
async fn all_proxy_carries_a_session_unless_no_proxy_names_the_server() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &server, ALICE, "alicepass1", "MSNP15");

    let proxy = proxies::socks5().await;
    let all_proxy = format!("socks5h://{}", proxy.address);
    let mut alice = Headless::start_with_env(&config, &[], &[("ALL_PROXY", Path::new(&all_proxy))]);
    alice.until("signed_in", |v| event(v, "signed_in")).await;
    alice.say("/quit").await;
    alice
        .until("disconnected", |v| event(v, "disconnected"))
        .await;
    assert!(proxy.seen_port(server.ns.port()), "the NS");
    assert!(proxy.seen_port(http_port(&server)), "the HTTP services");

    let bypassed = proxies::socks5().await;
    let all_proxy = format!("socks5h://{}", bypassed.address);
    let mut alice = Headless::start_with_env(
        &config,
        &[],
        &[
            ("ALL_PROXY", Path::new(&all_proxy)),
            ("NO_PROXY", Path::new("127.0.0.1")),
        ],
    );
    alice.until("signed_in", |v| event(v, "signed_in")).await;
    alice.say("/quit").await;
    alice
        .until("disconnected", |v| event(v, "disconnected"))
        .await;
    assert!(bypassed.seen.lock().unwrap().targets.is_empty(), "NO_PROXY");
}
