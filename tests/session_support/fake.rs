//! A scripted notification server for the cases the bundled one cannot show: redirects,
//! a server that goes silent, a server that speaks no offered version.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Answers one client line (CRLF removed) with zero or more lines.
pub type Script = Arc<dyn Fn(&str) -> Vec<String> + Send + Sync>;

/// Listens on a free loopback port; every connection is answered by `script`.
pub async fn start(script: Script) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind fake");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    for answer in script(line.trim_end()) {
                        if write
                            .write_all(format!("{answer}\r\n").as_bytes())
                            .await
                            .is_err()
                        {
                            return;
                        }
                    }
                }
            });
        }
    });
    address
}

/// The TrID of a client line: its second field.
pub fn trid(line: &str) -> &str {
    line.split(' ').nth(1).unwrap_or("0")
}

/// An MSNP7 server that signs anyone in, then never answers again (not even PNG).
pub fn goes_silent() -> Script {
    Arc::new(|line: &str| {
        let t = trid(line);
        let answer = match line.split(' ').next().unwrap_or_default() {
            "VER" => format!("VER {t} MSNP7"),
            "CVR" => format!("CVR {t} 4.7.3001 4.7.3001 4.7.3001 http://x http://x"),
            "INF" => format!("INF {t} MD5"),
            "USR" if line.contains(" I ") => format!("USR {t} MD5 S 1234567890"),
            "USR" => format!("USR {t} OK alice@example.com Alice 1"),
            "SYN" => format!("SYN {t} 0"),
            _ => return Vec::new(),
        };
        vec![answer]
    })
}

/// An MSNP7 server that signs anyone in and ends the session right after the list
/// sync, every time: a connection that never stays healthy.
pub fn drops_after_sign_in() -> Script {
    let silent = goes_silent();
    Arc::new(move |line: &str| {
        let mut answers = silent(line);
        if line.starts_with("SYN ") {
            answers.push("OUT SSD".into());
        }
        answers
    })
}
