//! The bundled MSNP server (`msntui serve`): notification server, switchboards and the
//! HTTP auth / address-book services, on loopback by default. A real peer for the demo
//! and for every end-to-end test.

pub mod client_config;
pub mod command;
pub mod directory;
pub mod http;
pub mod hub;
mod listener;
mod ns;
pub mod offline;
pub mod sb;
pub mod tokens;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use thiserror::Error;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::protocol::command::ServerAddress;
use directory::Store;
use hub::Hub;
use tokens::Tokens;

/// Open connections per listener unless `serve --max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 4096;

/// Where to listen and how strict to be (Escargot's figures where it has them).
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub ns_listen: SocketAddr,
    /// Port 0 picks a free one.
    pub sb_listen: SocketAddr,
    /// The switchboard address given out in `XFR SB` and `RNG` when clients reach it
    /// some other way than `sb_listen` (a proxy, a NAT); `None`: the bound address.
    pub sb_advertised: Option<SocketAddr>,
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
    /// HTTP gateway sessions without a request for this long are closed.
    pub gateway_expiry: Duration,
    /// How often expired (or server-closed) gateway sessions are swept away.
    pub gateway_sweep: Duration,
}

impl ServerOptions {
    /// Loopback, free ports, challenges every ten minutes.
    pub fn loopback() -> Self {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Self {
            ns_listen: any,
            sb_listen: any,
            sb_advertised: None,
            http_listen: any,
            challenge_interval: Some(Duration::from_secs(600)),
            ping_interval: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(300),
            login_timeout: Duration::from_secs(60),
            max_connections: DEFAULT_MAX_CONNECTIONS as usize,
            gateway_expiry: Duration::from_secs(60),
            gateway_sweep: Duration::from_secs(10),
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

/// A listener that could not be opened, and on which address.
#[derive(Debug, Error)]
#[error("cannot listen on {address}: {source}{}", hint(.source))]
pub struct ListenError {
    pub address: SocketAddr,
    pub source: std::io::Error,
}

fn hint(error: &std::io::Error) -> &'static str {
    if error.kind() == std::io::ErrorKind::AddrInUse {
        " (another program has that port; pick a free one with --listen 127.0.0.1:0, \
         and --sb-listen / --http-listen likewise)"
    } else {
        ""
    }
}

async fn bind(address: SocketAddr) -> Result<tokio::net::TcpListener, ListenError> {
    tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| ListenError { address, source })
}

fn local_address(
    listener: &tokio::net::TcpListener,
    address: SocketAddr,
) -> Result<SocketAddr, ListenError> {
    listener
        .local_addr()
        .map_err(|source| ListenError { address, source })
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
pub async fn start(options: ServerOptions, store: Store) -> Result<RunningServer, ListenError> {
    let ns_listener = bind(options.ns_listen).await?;
    let sb_listener = bind(options.sb_listen).await?;
    let http_listener = bind(options.http_listen).await?;
    let (ns, sb, http) = (
        local_address(&ns_listener, options.ns_listen)?,
        local_address(&sb_listener, options.sb_listen)?,
        local_address(&http_listener, options.http_listen)?,
    );
    let advertised = options.sb_advertised.unwrap_or(sb);
    let shared = Arc::new(Shared {
        store: Mutex::new(store),
        tokens: Mutex::new(Tokens::default()),
        hub: Mutex::new(Hub::default()),
        switchboard: ServerAddress::new(advertised.ip().to_string(), advertised.port()),
        http_base: format!("http://{http}"),
        options,
    });
    let (shutdown, watcher) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tasks.spawn(ns::serve(ns_listener, Arc::clone(&shared), watcher.clone()));
    let switchboards = Arc::new(sb::Registry::default());
    tasks.spawn(sb::serve(
        sb_listener,
        Arc::clone(&shared),
        Arc::clone(&switchboards),
        watcher.clone(),
    ));
    tasks.spawn(http::serve(
        http_listener,
        Arc::clone(&shared),
        switchboards,
        watcher,
    ));
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
