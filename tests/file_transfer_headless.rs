//! `msntui headless` sending and receiving a file: `/send`, `/accept-file`, `/whois`
//! typed on stdin, the `file_offer`, `file_done` and `contact_info` JSON events, and the
//! file in `$XDG_DOWNLOAD_DIR`.

mod session_support;
mod support;

use session_support::process::{Headless, event, write_config_at};
use support::accounts::password_of;
use support::server::server;

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

#[tokio::test]
async fn a_file_sent_and_accepted_in_headless() {
    let server = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let start = |email: &str| {
        let home = dir.path().join(email);
        std::fs::create_dir_all(&home).unwrap();
        let port = server.ns.port();
        let base = &server.shared.http_base;
        let config = write_config_at(&home, port, base, email, password_of(email), "MSNP15");
        let downloads = home.join("incoming");
        let env = [
            ("HOME", home.as_path()),
            ("XDG_DOWNLOAD_DIR", downloads.as_path()),
        ];
        (Headless::start_with_env(&config, &[], &env), downloads)
    };
    let (mut alice, _) = start(ALICE);
    let (mut bob, downloads) = start(BOB);
    for who in [&mut alice, &mut bob] {
        who.until("online", |v| event(v, "signed_in")).await;
    }
    // Bob shows as offline until his status is set: a message then would be stored.
    alice
        .until("bob online", |v| {
            event(v, "presence") && v["email"] == BOB && v["status"] == "NLN"
        })
        .await;
    alice.say(&format!("/msg {BOB} a file for you")).await;
    bob.until("the message", |v| event(v, "message")).await;

    let bytes: Vec<u8> = (0..30_000u32).map(|n| (n % 253) as u8).collect();
    let path = dir.path().join("two words.bin");
    std::fs::write(&path, &bytes).unwrap();
    alice
        .say(&format!("/send \"{}\" {BOB}", path.display()))
        .await;
    let offer = bob.until("an offer", |v| event(v, "file_offer")).await;
    assert_eq!(offer["name"], "two words.bin");
    assert_eq!(offer["size"], 30_000);
    assert_eq!(offer["peer"], ALICE);
    bob.say(&format!("/accept-file {}", offer["transfer"]))
        .await;
    let done = bob.until("the file", |v| event(v, "file_done")).await;
    let saved = downloads.join("two words.bin");
    assert_eq!(done["path"], saved.display().to_string());
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);
    let sent = alice.until("sent", |v| event(v, "file_done")).await;
    assert_eq!(sent["incoming"], false);

    bob.say(&format!("/whois {ALICE}")).await;
    let info = bob.until("whois", |v| event(v, "contact_info")).await;
    assert_eq!(info["email"], ALICE);
    assert_eq!(info["status"], "NLN");
    for who in [alice, bob] {
        who.quit().await;
    }
}
