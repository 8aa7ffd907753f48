//! A TCP proxy that can take one client's connection down and bring it back: its
//! connections are cut and new ones refused while it is down, as a network that drops
//! and returns, while everyone else stays connected.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

pub struct LinkSwitch {
    address: SocketAddr,
    /// Cancelled to cut the open connections; replaced by a fresh one when back up.
    up: Arc<Mutex<Option<CancellationToken>>>,
}

impl LinkSwitch {
    /// Forwards connections made to [`LinkSwitch::address`] to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the link switch");
        let address = listener.local_addr().expect("link switch address");
        let up = Arc::new(Mutex::new(Some(CancellationToken::new())));
        let state = Arc::clone(&up);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let token = state.lock().expect("switch state").clone();
                // Down: the connection is closed as soon as it is made.
                if let Some(token) = token {
                    tokio::spawn(forward(client, upstream, token));
                }
            }
        });
        Self { address, up }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Cuts every connection through the switch and refuses new ones.
    pub fn down(&self) {
        if let Some(token) = self.up.lock().expect("switch state").take() {
            token.cancel();
        }
    }

    /// Lets connections through again.
    pub fn up(&self) {
        *self.up.lock().expect("switch state") = Some(CancellationToken::new());
    }
}

async fn forward(mut client: TcpStream, upstream: SocketAddr, cut: CancellationToken) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        () = cut.cancelled() => {}
    }
}
