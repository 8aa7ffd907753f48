//! Two small proxies on loopback for the transport tests: SOCKS5 (RFC 1928, with the
//! username/password method of RFC 1929) and HTTP (CONNECT, and absolute-URI requests
//! passed on as they are). Each records where it was asked to go and the credentials
//! it was given.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Default)]
pub struct Seen {
    /// `host:port` of every connection made for a client.
    pub targets: Vec<String>,
    /// SOCKS5 `user:password`, or the HTTP `Proxy-Authorization` value.
    pub credentials: Vec<String>,
    /// HTTP requests passed on (not CONNECT tunnels), and how many had an empty body.
    pub requests: usize,
    pub empty_requests: usize,
}

pub struct TestProxy {
    pub address: SocketAddr,
    pub seen: Arc<Mutex<Seen>>,
}

impl TestProxy {
    pub fn seen_port(&self, port: u16) -> bool {
        let suffix = format!(":{port}");
        self.seen
            .lock()
            .unwrap()
            .targets
            .iter()
            .any(|target| target.ends_with(&suffix))
    }

    pub fn credentials(&self) -> Vec<String> {
        self.seen.lock().unwrap().credentials.clone()
    }

    /// HTTP requests passed on so far, and how many of them had no body.
    pub fn requests(&self) -> (usize, usize) {
        let seen = self.seen.lock().unwrap();
        (seen.requests, seen.empty_requests)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Socks5,
    Http,
}

pub async fn socks5() -> TestProxy {
    start(Kind::Socks5).await
}

pub async fn http() -> TestProxy {
    start(Kind::Http).await
}

async fn start(kind: Kind) -> TestProxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
    let address = listener.local_addr().expect("proxy address");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let recorder = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let seen = Arc::clone(&recorder);
            tokio::spawn(async move {
                let _ = match kind {
                    Kind::Socks5 => socks5_client(client, seen).await,
                    Kind::Http => http_client(client, seen).await,
                };
            });
        }
    });
    TestProxy { address, seen }
}

async fn socks5_client(mut client: TcpStream, seen: Arc<Mutex<Seen>>) -> std::io::Result<()> {
    let mut head = [0u8; 2];
    client.read_exact(&mut head).await?;
    let mut methods = vec![0u8; head[1].into()];
    client.read_exact(&mut methods).await?;
    if methods.contains(&2) {
        client.write_all(&[5, 2]).await?;
        let version = client.read_u8().await?;
        assert_eq!(version, 1, "RFC 1929 subnegotiation");
        let user = read_short(&mut client).await?;
        let password = read_short(&mut client).await?;
        seen.lock()
            .unwrap()
            .credentials
            .push(format!("{user}:{password}"));
        client.write_all(&[1, 0]).await?;
    } else {
        client.write_all(&[5, 0]).await?;
    }
    let mut request = [0u8; 4];
    client.read_exact(&mut request).await?;
    let host = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip).await?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        3 => read_short(&mut client).await?,
        other => panic!("address type {other} not used by these tests"),
    };
    let port = client.read_u16().await?;
    let target = format!("{host}:{port}");
    seen.lock().unwrap().targets.push(target.clone());
    let mut upstream = TcpStream::connect(&target).await?;
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

async fn read_short(stream: &mut TcpStream) -> std::io::Result<String> {
    let length = stream.read_u8().await?;
    let mut bytes = vec![0u8; length.into()];
    stream.read_exact(&mut bytes).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

async fn http_client(mut client: TcpStream, seen: Arc<Mutex<Seen>>) -> std::io::Result<()> {
    let head = read_head(&mut client).await?;
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut words = text.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let uri = words.next().unwrap_or_default().to_owned();
    let target = if method == "CONNECT" {
        uri
    } else {
        let rest = uri.strip_prefix("http://").expect("an absolute http URI");
        rest.split('/').next().unwrap_or_default().to_owned()
    };
    seen.lock().unwrap().targets.push(target.clone());
    let upstream = TcpStream::connect(&target).await?;
    if method == "CONNECT" {
        note_credentials(&text, &seen);
        client
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await?;
        let mut upstream = upstream;
        tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    // Requests one by one, counted; the origin server takes the absolute form too.
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_upstream, mut to_upstream) = upstream.into_split();
    tokio::spawn(async move { tokio::io::copy(&mut from_upstream, &mut to_client).await });
    let mut head = head;
    loop {
        let text = String::from_utf8_lossy(&head).into_owned();
        note_credentials(&text, &seen);
        let length = text
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        from_client.read_exact(&mut body).await?;
        {
            let mut seen = seen.lock().unwrap();
            seen.requests += 1;
            seen.empty_requests += usize::from(length == 0);
        }
        to_upstream.write_all(&head).await?;
        to_upstream.write_all(&body).await?;
        head = read_head(&mut from_client).await?;
    }
}

async fn read_head(stream: &mut (impl AsyncReadExt + Unpin)) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(stream.read_u8().await?);
    }
    Ok(head)
}

fn note_credentials(head: &str, seen: &Mutex<Seen>) {
    if let Some(auth) = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    }) {
        seen.lock().unwrap().credentials.push(auth);
    }
}
