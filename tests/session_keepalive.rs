//! Staying connected: CHL answered with QRY (both algorithms, the product of each
//! version), PNG at the interval QNG asks for.

mod session_support;
mod support;

use std::time::Duration;

use msntui::server::ServerOptions;
use msntui::session::{ConnectionState, Direction, Event};
use session_support::{Watched, config};
use support::server::{server, server_with};

#[tokio::test]
async fn challenges_are_answered_with_each_versions_product() {
    let options = ServerOptions {
        challenge_interval: Some(Duration::from_millis(150)),
        ..ServerOptions::loopback()
    };
    let server = server_with(options).await;
    let data = tempfile::tempdir().unwrap();
    for (version, product) in [
        (8, "msmsgs@msnmsgr.com"),
        (12, "PROD0090YUAUV{2B"),
        (15, "PROD0119GSJUC$18"),
        (18, "PROD0120PW!CCV9@"),
    ] {
        let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
        alice.signed_in().await;
        alice.for_a_while(Duration::from_millis(700)).await;
        let answered = alice.raw_count(Direction::Sent, "QRY ");
        let accepted = alice.raw_count(Direction::Received, "QRY ");
        assert!(answered >= 2, "MSNP{version}: {answered} answers");
        assert!(accepted >= 2, "MSNP{version}: {accepted} acknowledgements");
        assert!(
            alice.seen.iter().any(|e| matches!(e, Event::Raw(raw)
                if raw.line.starts_with("QRY ") && raw.line.contains(product))),
            "MSNP{version} did not use {product}"
        );
        assert!(
            !alice.seen.iter().any(|e| matches!(
                e,
                Event::Error(_) | Event::State(ConnectionState::Reconnecting { .. })
            )),
            "MSNP{version}: {:?}",
            alice
                .seen
                .iter()
                .filter(|e| !matches!(e, Event::Raw(_)))
                .collect::<Vec<_>>()
        );
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}

#[tokio::test]
async fn pings_follow_the_interval_qng_asks_for() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    // MSNP9+: `QNG 60` moves the next PNG a minute away, whatever the configured interval.
    // MSNP7: `QNG` has no interval, so the configured one stays.
    for (version, at_least, at_most) in [(12, 1, 1), (7, 3, 10)] {
        let mut config = config(&server, version, "alice@example.com", data.path());
        config.timing.ping_interval = Duration::from_millis(200);
        let mut alice = Watched::spawn(config);
        alice.signed_in().await;
        alice.for_a_while(Duration::from_millis(1100)).await;
        let pings = alice.raw_count(Direction::Sent, "PNG");
        let answers = alice.raw_count(Direction::Received, "QNG");
        assert!(
            (at_least..=at_most).contains(&pings),
            "MSNP{version}: {pings} PNGs"
        );
        assert_eq!(answers, pings, "MSNP{version}");
        alice.handle.sign_out().unwrap();
        alice.run_out().await;
    }
}
