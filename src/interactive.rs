//! The interactive client: `msntui` signed in with the configuration file, and
//! `msntui demo`, signed in to a bundled server started for the occasion.

use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use crate::config::{self, Config, ConfigError, Env, PasswordError};
use crate::logging::{self, LogLevel, LoggingError};
use crate::protocol::message::Secret;
use crate::protocol::types::Status;
use crate::server::client_config::service_urls;
use crate::server::directory::{Store, default_directory};
use crate::server::{self, RunningServer, ServerOptions};
use crate::session::{Network, SessionConfig, Timing, TransportMode};
use crate::ui;

/// The demo account of the bundled server's built-in directory.
pub const DEMO_ACCOUNT: &str = "demo@msntui.local";
/// How long the demo server may take to close its connections on exit.
const SERVER_STOP_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Error)]
pub enum InteractiveError {
    #[error(
        "no config file{}\n  \
         to create one: msntui config init --server HOST[:PORT] --account EMAIL\n  \
         or copy config.example.toml (from the source tree) to {} and fill in [account]\n  \
         or try msntui without an account or a network: msntui demo",
        .path.as_ref().map(|path| format!(" at {}", path.display())).unwrap_or_default(),
        .path.as_ref().map_or_else(
            || "~/.config/msntui/config.toml (or pass --config PATH)".to_owned(),
            |path| path.display().to_string(),
        )
    )]
    NoConfig { path: Option<PathBuf> },
    #[error(transparent)]
    Config(ConfigError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("the interactive client needs a terminal; for scripts there is `msntui headless`")]
    NotATerminal,
    #[error("cannot start the demo server: {0}")]
    DemoServer(server::ListenError),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error(transparent)]
    Logging(#[from] LoggingError),
    #[error("{0}")]
    SessionEnded(String),
}

impl InteractiveError {
    /// 2 when there is nothing to run with (no configuration, no terminal), else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            InteractiveError::NoConfig { .. } | InteractiveError::NotATerminal => 2,
            _ => 1,
        }
    }
}

impl From<ConfigError> for InteractiveError {
    fn from(error: ConfigError) -> Self {
        match error {
            ConfigError::NotFound { path } => InteractiveError::NoConfig { path: Some(path) },
            ConfigError::NoLocation => InteractiveError::NoConfig { path: None },
            other => InteractiveError::Config(other),
        }
    }
}

/// `msntui [--config PATH]`: the account and server of the configuration file.
pub async fn run_configured(
    path: Option<&Path>,
    log_level: Option<LogLevel>,
) -> Result<(), InteractiveError> {
    let config = Config::load(path, &Env::from_process())?;
    require_terminal()?;
    let password = Secret::new(config.password().await?);
    let proxy_password = config.proxy_password().await?.map(Secret::new);
    let session = SessionConfig::from_config(&config, password, proxy_password);
    logging::to_file(&session.data_dir, log_level)?;
    let stop = ui::run::run(session, &config.ui).await?;
    ended(stop)
}

/// Quitting after the session failed is a failure too, for whoever started msntui.
fn ended(stop: ui::run::Stop) -> Result<(), InteractiveError> {
    match stop {
        ui::run::Stop::QuitAfterFailure(reason) => Err(InteractiveError::SessionEnded(reason)),
        _ => Ok(()),
    }
}

/// `msntui demo`: the bundled server on free loopback ports, and the UI signed in as the
/// demo user with the protocol pane open, over TCP or the server's HTTP gateway. The
/// server stops when the UI does.
pub async fn run_demo(
    via_gateway: bool,
    log_level: Option<LogLevel>,
) -> Result<(), InteractiveError> {
    require_terminal()?;
    let data_dir = demo_data_dir();
    logging::to_file(&data_dir, log_level)?;
    let directory = default_directory();
    let password = directory
        .account(DEMO_ACCOUNT)
        .map(|account| account.password.clone())
        .unwrap_or_default();
    let server = server::start(ServerOptions::loopback(), Store::in_memory(directory))
        .await
        .map_err(InteractiveError::DemoServer)?;
    let mut session = demo_session(&server, Secret::new(password), data_dir);
    if via_gateway {
        session.network.transport = TransportMode::Gateway;
        session.network.gateway_url = format!("{}/gateway/gateway.dll", server.shared.http_base);
    }
    let ui = config::Ui {
        show_protocol_pane: true,
        ..config::Ui::default()
    };
    let result = ui::run::run(session, &ui).await;
    let _ = tokio::time::timeout(SERVER_STOP_WAIT, server.shutdown()).await;
    ended(result?)
}

/// A session for `email` on a bundled server (`msntui serve`) whose NS is at `ns` and whose HTTP services are at
/// `http_base`: every version MSNP18 down to MSNP8, no chat log, online at once, data
/// (and downloads) under `data_dir`, default timing, direct TCP.
pub fn bundled_server_session(
    ns: SocketAddr,
    http_base: &str,
    email: &str,
    password: Secret,
    data_dir: PathBuf,
) -> SessionConfig {
    let [
        nexus_url,
        rst_url,
        address_book_url,
        sharing_url,
        oim_url,
        rsi_url,
    ] = service_urls(http_base);
    SessionConfig {
        email: email.to_owned(),
        password,
        host: ns.ip().to_string(),
        port: ns.port(),
        protocols: (8..=18).rev().collect(),
        ca_file: None,
        nexus_url,
        rst_url,
        address_book_url,
        sharing_url,
        oim_url,
        rsi_url,
        chat_log_dir: None,
        download_dir: data_dir.join("downloads"),
        display_picture: None,
        data_dir,
        initial_status: Status::Online,
        retry_first_connect: false,
        timing: Timing::default(),
        network: Network::default(),
    }
}

/// The demo user's session on `server`, keeping its data (chat logs) in `data_dir`.
fn demo_session(server: &RunningServer, password: Secret, data_dir: PathBuf) -> SessionConfig {
    let mut config = bundled_server_session(
        server.ns,
        &server.shared.http_base,
        DEMO_ACCOUNT,
        password,
        data_dir.clone(),
    );
    config.chat_log_dir = Some(data_dir.join("logs"));
    config
}

/// `<data dir>/demo`, so the demo's chat logs never mix with a real account's.
fn demo_data_dir() -> PathBuf {
    Env::from_process()
        .data_dir()
        .unwrap_or_else(|| std::env::temp_dir().join("msntui"))
        .join("demo")
}

fn require_terminal() -> Result<(), InteractiveError> {
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(InteractiveError::NotATerminal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_config_file_suggests_creating_one_or_the_demo() {
        let path = PathBuf::from("/nowhere/msntui/config.toml");
        let error = InteractiveError::from(ConfigError::NotFound { path });
        let text = error.to_string();
        assert!(text.contains("no config file at /nowhere/msntui/config.toml"));
        assert!(text.contains("copy config.example.toml"));
        assert!(text.contains("msntui demo"));
        assert_eq!(error.exit_code(), 2);
        let unlocated = InteractiveError::from(ConfigError::NoLocation);
        assert!(unlocated.to_string().contains("--config PATH"));
    }
}
