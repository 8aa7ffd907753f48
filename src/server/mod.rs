//! The bundled MSNP server (`msntui serve`): notification server, switchboards and the
//! HTTP auth / address-book services, on loopback by default. A real peer for the demo
//! and for every end-to-end test.

pub mod command;
pub mod directory;
pub mod http;
pub mod hub;
mod listener;
mod ns;
pub mod sb;
pub mod tokens;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::protocol::command::ServerAddress;
use directory::Store;
use hub::Hub;
use tokens::Tokens;

/// Open connections per listener unless `serve --max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 4096;

/// Where to listen and how strict to be.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub ns_listen: SocketAddr,
    /// Port 0 picks a free one.
    pub sb_listen: SocketAddr,
    pub http_listen: SocketAddr,
    /// Send `CHL` after sign-in and then at this interval (`None`: never, like Escargot).
    pub challenge_interval: Option<Duration>,
    /// The ping interval `QNG` asks MSNP9+ clients for.
    pub ping_interval: Duration,
    /// A connection silent this long is dropped.
    pub idle_timeout: Duration,
    /// A connection that has not signed in by then is dropped.
    pub login_timeout: Duration,
    /// Open connections per listener.
    pub max_connections: usize,
}

impl ServerOptions {
    /// Loopback, free ports, challenges every ten minutes.
    pub fn loopback() -> Self {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Self {
            ns_listen: any,
            sb_listen: any,
            http_listen: any,
            challenge_interval: Some(Duration::from_secs(600)),
            ping_interval: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(300),
            login_timeout: Duration::from_secs(60),
            max_connections: DEFAULT_MAX_CONNECTIONS as usize,
        }
    }
}

/// State every connection task of one server shares.
#[derive(Debug)]
pub struct Shared {
    pub store: Mutex<Store>,
    pub tokens: Mutex<Tokens>,
    pub hub: Mutex<Hub>,
    /// The switchboard address given out in `XFR SB` and `RNG`.
    pub switchboard: ServerAddress,
    /// `http://host:port` of the auth and address-book services.
    pub http_base: String,
    pub options: ServerOptions,
}

/// Locks a mutex, recovering the data if a task panicked while holding it: every
/// critical section leaves the state consistent, so the data is still good.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A started server: its bound addresses and the handle that stops it.
#[derive(Debug)]
pub struct RunningServer {
    pub ns: SocketAddr,
    pub sb: SocketAddr,
    pub http: SocketAddr,
    pub shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl RunningServer {
    /// Stops accepting, closes every connection, and waits for the tasks to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        while self.tasks.join_next().await.is_some() {}
    }
}

/// Binds every listener and starts serving. Ports 0 pick free ones; the bound addresses
/// are in the returned handle.
pub async fn start(options: ServerOptions, store: Store) -> std::io::Result<RunningServer> {
    let ns_listener = tokio::net::TcpListener::bind(options.ns_listen).await?;
    let sb_listener = tokio::net::TcpListener::bind(options.sb_listen).await?;
    let http_listener = tokio::net::TcpListener::bind(options.http_listen).await?;
    let (ns, sb, http) = (
        ns_listener.local_addr()?,
        sb_listener.local_addr()?,
        http_listener.local_addr()?,
    );
    let shared = Arc::new(Shared {
        store: Mutex::new(store),
        tokens: Mutex::new(Tokens::default()),
        hub: Mutex::new(Hub::default()),
        switchboard: ServerAddress::new(sb.ip().to_string(), sb.port()),
        http_base: format!("http://{http}"),
        options,
    });
    let (shutdown, watcher) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tasks.spawn(ns::serve(ns_listener, Arc::clone(&shared), watcher.clone()));
    tasks.spawn(sb::serve(sb_listener, Arc::clone(&shared), watcher.clone()));
    tasks.spawn(http::serve(http_listener, Arc::clone(&shared), watcher));
    tracing::info!(%ns, %sb, %http, "msntui server listening");
    Ok(RunningServer {
        ns,
        sb,
        http,
        shared,
        shutdown,
        tasks,
    })
}
