//! `msntui serve`: starting the server from the command line and stopping it on a signal.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

use super::directory::{
    AccountsFileError, Store, StoreError, default_directory, load_accounts_file,
};
use super::{ListenError, ServerOptions, start};
use crate::logging::LogLevel;

/// What `msntui serve` was asked for; the command line fills it in.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub sb_listen: SocketAddr,
    pub http_listen: SocketAddr,
    /// Accounts file; the built-in accounts when absent.
    pub accounts: Option<PathBuf>,
    /// State file; memory only when absent.
    pub state: Option<PathBuf>,
    pub allow_remote: bool,
    pub no_challenges: bool,
    /// Open connections per listener.
    pub max_connections: u32,
}

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address; pass --allow-remote to listen on it")]
    NotLoopback(SocketAddr),
    #[error(transparent)]
    Accounts(#[from] AccountsFileError),
    #[error(transparent)]
    State(#[from] StoreError),
    #[error(transparent)]
    Listen(#[from] ListenError),
    #[error("cannot wait for signals: {0}")]
    Signal(std::io::Error),
}

/// Runs the server until Ctrl+C or SIGTERM.
pub async fn run(args: ServeOptions, log_level: Option<LogLevel>) -> Result<(), ServeError> {
    init_logging(log_level);
    let mut remote = false;
    for address in [args.listen, args.sb_listen, args.http_listen] {
        if !address.ip().is_loopback() {
            if !args.allow_remote {
                return Err(ServeError::NotLoopback(address));
            }
            eprintln!("warning: listening on {address}, reachable from other machines");
            remote = true;
        }
    }
    if remote && args.accounts.is_none() {
        eprintln!(
            "warning: the built-in accounts have published passwords; give --accounts FILE for a server others can reach"
        );
    }
    let directory = match &args.accounts {
        Some(path) => load_accounts_file(path)?,
        None => default_directory(),
    };
    let store = match &args.state {
        Some(path) => Store::persistent(path, directory)?,
        None => Store::in_memory(directory),
    };
    let mut options = ServerOptions::loopback();
    options.ns_listen = args.listen;
    options.sb_listen = args.sb_listen;
    options.http_listen = args.http_listen;
    if args.no_challenges {
        options.challenge_interval = None;
    }
    options.max_connections = args.max_connections as usize;
    let server = start(options, store).await?;
    let banner = format!(
        "notification server  {}\nswitchboard          {}\nhttp services        http://{}\n\n{}",
        server.ns,
        server.sb,
        server.http,
        server.client_config()
    );
    // One write, and no panic when nobody reads it: a script that took the addresses and
    // closed the pipe must not stop the server.
    let mut stdout = std::io::stdout();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    wait_for_stop_signal().await?;
    eprintln!("shutting down");
    if tokio::time::timeout(Duration::from_secs(5), server.shutdown())
        .await
        .is_err()
    {
        eprintln!("some connections did not close in time");
    }
    Ok(())
}

async fn wait_for_stop_signal() -> Result<(), ServeError> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(ServeError::Signal)?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.map_err(ServeError::Signal),
        _ = terminate.recv() => Ok(()),
    }
}

/// Log lines (why a client was dropped, ...) to stderr, at `--log-level` or `RUST_LOG`.
fn init_logging(level: Option<LogLevel>) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(crate::logging::filter(level))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}
