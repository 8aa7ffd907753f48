//! The sign-in cryptography reproduces what a real client sent to the recorded server.

mod support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use msntui::protocol::auth::{mbi_response, verify_mbi_response};
use support::transcripts;

/// The text between `start` and the next `end` after the first occurrence of `anchor`.
fn between<'a>(text: &'a str, anchor: &str, start: &str, end: &str) -> &'a str {
    let from = text.find(anchor).expect("anchor") + anchor.len();
    let rest = &text[from..];
    let begin = rest.find(start).expect("start") + start.len();
    let len = rest[begin..].find(end).expect("end");
    &rest[begin..begin + len]
}

#[test]
fn mbi_blob_matches_the_recorded_msnp15_login() {
    let dir = transcripts::dir();
    let login = std::fs::read_to_string(dir.join("msnp15-sso-login.txt")).expect("login");
    let soap = std::fs::read_to_string(dir.join("msnp15-sso-soap.txt")).expect("soap");

    let nonce = between(&login, "S: USR 3 SSO S MBI_KEY_OLD", " ", "\n").trim();
    let response_line = between(&login, "C: USR 4 SSO S ", "", "\n");
    let recorded_blob = response_line.split(' ').nth(1).expect("blob field");
    // The request names the same address; the secret is in the response that follows.
    let response = &soap[soap
        .find("RequestSecurityTokenResponseCollection")
        .expect("response")..];
    let secret = between(
        response,
        "<wsa:Address>messengerclear.live.com</wsa:Address>",
        "<wst:BinarySecret>",
        "</wst:BinarySecret>",
    );

    let blob = BASE64
        .decode(recorded_blob)
        .expect("recorded blob is base64");
    let iv: [u8; 8] = blob[28..36].try_into().expect("iv");
    assert_eq!(mbi_response(secret, nonce, iv).expect("mbi"), recorded_blob);
    assert_eq!(verify_mbi_response(secret, nonce, recorded_blob), Ok(()));
}
