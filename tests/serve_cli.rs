//! `msntui serve` as a user starts it: the config block it prints is enough to sign in,
//! and a port already taken is named with a way out.

mod session_support;
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use session_support::process::{Headless, event};

const BIN: &str = env!("CARGO_BIN_EXE_msntui");

/// Kills the server when the test ends, however it ends.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_printed_config_block_is_enough_to_sign_in() {
    let mut serve = Serve(
        Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(["--sb-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run msntui serve"),
    );
    let stdout = serve.0.stdout.take().expect("stdout");
    let mut block = String::new();
    let mut in_block = false;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        in_block |= line.starts_with('#');
        if in_block {
            block.push_str(&line);
            block.push('\n');
        }
        if line.starts_with("sharing_url") {
            break;
        }
    }
    assert!(
        block.contains("[server]") && block.contains("[services]"),
        "{block}"
    );
    for path in ["/rdr/pprdr.asp", "/RST.srf", "/abservice/abservice.asmx"] {
        assert!(block.contains(path), "{block}");
    }

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let text = format!(
        "[account]\nemail = \"alice@example.com\"\npassword_command = \"echo alicepass1\"\n\n{block}\n[storage]\ndata_dir = \"{}\"\n",
        dir.path().join("data").display()
    );
    std::fs::write(&config, text).unwrap();
    let mut alice = Headless::start(&config, &[]);
    let signed_in = alice.until("signed_in", |v| event(v, "signed_in")).await;
    assert_eq!(signed_in["version"], "MSNP18");
    alice
        .until("the address book", |v| event(v, "contact_list"))
        .await;
    alice.quit().await;
}

#[test]
fn a_port_in_use_is_named_with_a_way_out() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = Command::new(BIN)
        .args(["serve", "--listen", &address])
        .output()
        .expect("run msntui serve");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
    assert!(stderr.contains("--listen 127.0.0.1:0"), "{stderr}");
}
