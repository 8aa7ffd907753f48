//! Scripted servers for the cases the bundled one cannot show: redirects, a server that
//! goes silent, one that speaks no offered version, and misbehaving ones of every kind.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Answers one client line (CRLF removed) with zero or more lines.
pub type Script = Arc<dyn Fn(&str) -> Vec<String> + Send + Sync>;

/// One thing a scripted server does in answer to a line.
#[derive(Debug, Clone)]
pub enum Act {
    /// A line; CRLF is added.
    Line(String),
    /// Bytes exactly as given.
    Bytes(Vec<u8>),
    /// Close the connection.
    Close,
}

/// Answers one client line (CRLF removed) with acts.
pub type Acts = Arc<dyn Fn(&str) -> Vec<Act> + Send + Sync>;

/// Listens on a free loopback port; every connection is answered by `script`.
pub async fn start(script: Script) -> SocketAddr {
    start_acting(Arc::new(move |line: &str| {
        script(line).into_iter().map(Act::Line).collect()
    }))
    .await
}

/// Listens on a free loopback port; every connection is answered by `script`.
pub async fn start_acting(script: Acts) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind fake");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    for act in script(line.trim_end()) {
                        let bytes = match act {
                            Act::Line(line) => format!("{line}\r\n").into_bytes(),
                            Act::Bytes(bytes) => bytes,
                            Act::Close => return,
                        };
                        if write.write_all(&bytes).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    address
}

/// The command name of a client line.
pub fn command(line: &str) -> &str {
    line.split(' ').next().unwrap_or_default()
}

/// An MSNP7 server that signs anyone in with MD5 and answers CHG, PNG and XFR SB (to
/// `switchboard`); `twist` is asked first and may answer any line otherwise.
pub fn msnp7(
    switchboard: SocketAddr,
    twist: impl Fn(&str) -> Option<Vec<Act>> + Send + Sync + 'static,
) -> Acts {
    Arc::new(move |line: &str| {
        if let Some(acts) = twist(line) {
            return acts;
        }
        let t = trid(line);
        let answer = match command(line) {
            "VER" => format!("VER {t} MSNP7"),
            "CVR" => format!("CVR {t} 4.7.3001 4.7.3001 4.7.3001 http://x http://x"),
            "INF" => format!("INF {t} MD5"),
            "USR" if line.contains(" I ") => format!("USR {t} MD5 S 1234567890"),
            "USR" => format!("USR {t} OK alice@example.com Alice 1"),
            "SYN" => format!("SYN {t} 0"),
            "CHG" => format!("CHG {t} {}", line.split(' ').nth(2).unwrap_or("NLN")),
            "PNG" => "QNG 50".to_owned(),
            "XFR" => format!("XFR {t} SB {switchboard} CKI 1234.5678"),
            "OUT" => return vec![Act::Close],
            _ => return Vec::new(),
        };
        vec![Act::Line(answer)]
    })
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

/// Answers every HTTP request on a free loopback port with what `respond` returns for
/// its request line and body; the whole response, status line included.
pub async fn http(respond: impl Fn(&str, &str) -> String + Send + Sync + 'static) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake HTTP");
    let address = listener.local_addr().expect("address");
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let respond = Arc::clone(&respond);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).await.is_err() {
                    return;
                }
                let mut length = 0usize;
                loop {
                    let mut header = String::new();
                    match reader.read_line(&mut header).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) if header.trim().is_empty() => break,
                        Ok(_) => {
                            let lower = header.to_ascii_lowercase();
                            if let Some(value) = lower.strip_prefix("content-length:") {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                }
                let mut body = vec![0u8; length.min(1 << 20)];
                if tokio::io::AsyncReadExt::read_exact(&mut reader, &mut body)
                    .await
                    .is_err()
                {
                    return;
                }
                let response = respond(request_line.trim_end(), &String::from_utf8_lossy(&body));
                let _ = write.write_all(response.as_bytes()).await;
                let _ = write.shutdown().await;
            });
        }
    });
    address
}

/// A complete HTTP/1.1 response with `status`, extra header lines and `body`.
pub fn http_response(status: &str, headers: &[String], body: &str) -> String {
    let mut response = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for header in headers {
        response.push_str(header);
        response.push_str("\r\n");
    }
    response.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    response
}
