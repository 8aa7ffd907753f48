//! A sign-in service whose certificate is not trusted: the error says so (and names
//! `ca_file`) instead of looking like a network problem worth retrying, and the same
//! certificate named in `ca_file` is accepted.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use msntui::protocol::message::Secret;
use msntui::session::auth::{AuthClient, AuthError};
use msntui::session::{Recovery, SessionError};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls/cert.pem");
const KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls/key.pem");

/// A TLS server on loopback with the fixture certificate that completes handshakes and
/// then closes; returns its port.
fn tls_server() -> u16 {
    let certificate = CertificateDer::from_pem_file(CERT).expect("fixture certificate");
    let key = PrivateKeyDer::from_pem_file(KEY).expect("fixture key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(vec![certificate], key)
    .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let Ok(connection) = rustls::ServerConnection::new(Arc::clone(&config)) else {
                return;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let _ = tls.read(&mut [0u8; 1024]);
        }
    });
    port
}

async fn sign_in(ca_file: Option<&Path>, port: u16) -> AuthError {
    let client = AuthClient::new(ca_file).expect("client");
    client
        .sso_tokens(
            &format!("https://127.0.0.1:{port}/RST.srf"),
            "alice@example.com",
            &Secret::new("alicepass1"),
            "MBI_KEY_OLD",
        )
        .await
        .expect_err("the test server answers no HTTP")
}

#[tokio::test]
async fn an_untrusted_certificate_stops_with_a_reason_naming_ca_file() {
    let port = tls_server();
    let error = sign_in(None, port).await;
    assert!(matches!(error, AuthError::Certificate { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("ca_file"), "{message}");
    assert_eq!(SessionError::from(error).recovery(), Recovery::Stop);

    let trusted = sign_in(Some(Path::new(CERT)), port).await;
    assert!(
        !matches!(trusted, AuthError::Certificate { .. }),
        "{trusted:?}"
    );
}
