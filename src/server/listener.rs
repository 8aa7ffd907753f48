//! Accept loops shared by the NS and SB listeners: connection limits and shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Accepts connections until shutdown, running `handle` for each in its own task.
/// Connections beyond `max` are closed at once with a log line.
pub async fn accept_loop<F, Fut>(
    listener: TcpListener,
    name: &'static str,
    max: usize,
    mut shutdown: watch::Receiver<bool>,
    handle: F,
) where
    F: Fn(TcpStream, SocketAddr, watch::Receiver<bool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(error) => {
                tracing::warn!(%error, listener = name, "accept failed");
                continue;
            }
        };
        if open.load(Ordering::Relaxed) >= max {
            tracing::warn!(%peer, listener = name, max, "dropping connection: too many connections");
            drop(stream);
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let open = Arc::clone(&open);
        let task = handle(stream, peer, shutdown.clone());
        tokio::spawn(async move {
            task.await;
            open.fetch_sub(1, Ordering::Relaxed);
        });
    }
}
