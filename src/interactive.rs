//! The interactive client: `msntui` signed in with the configuration file, and
//! `msntui demo`, signed in to a bundled server started for the occasion.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use crate::config::{self, Config, ConfigError, Env, PasswordError};
use crate::protocol::message::Secret;
use crate::protocol::types::Status;
use crate::server::directory::{Store, default_directory};
use crate::server::{self, RunningServer, ServerOptions};
use crate::session::{SessionConfig, Timing};
use crate::ui;

/// The demo account of the bundled server's built-in directory.
pub const DEMO_ACCOUNT: &str = "demo@msntui.local";
/// How long the demo server may take to close its connections on exit.
const SERVER_STOP_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Error)]
pub enum InteractiveError {
    #[error(
        "no config file{}\n  \
         to create one: copy config.example.toml (from the source tree) to {} and fill in [account]\n  \
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
    DemoServer(io::Error),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
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
pub async fn run_configured(path: Option<&Path>) -> Result<(), InteractiveError> {
    let config = Config::load(path, &Env::from_process())?;
    require_terminal()?;
    let password = Secret::new(config.password()?);
    ui::run::run(SessionConfig::from_config(&config, password), &config.ui).await?;
    Ok(())
}

/// `msntui demo`: the bundled server on free loopback ports, and the UI signed in as the
/// demo user with the protocol pane open. The server stops when the UI does.
pub async fn run_demo() -> Result<(), InteractiveError> {
    require_terminal()?;
    let directory = default_directory();
    let password = directory
        .account(DEMO_ACCOUNT)
        .map(|account| account.password.clone())
        .unwrap_or_default();
    let server = server::start(ServerOptions::loopback(), Store::in_memory(directory))
        .await
        .map_err(InteractiveError::DemoServer)?;
    let session = demo_session(&server, Secret::new(password), demo_data_dir());
    let ui = config::Ui {
        show_protocol_pane: true,
        ..config::Ui::default()
    };
    let result = ui::run::run(session, &ui).await;
    let _ = tokio::time::timeout(SERVER_STOP_WAIT, server.shutdown()).await;
    result?;
    Ok(())
}

/// The demo user's session on `server`, keeping its data (chat logs) in `data_dir`.
fn demo_session(server: &RunningServer, password: Secret, data_dir: PathBuf) -> SessionConfig {
    let base = &server.shared.http_base;
    SessionConfig {
        email: DEMO_ACCOUNT.to_owned(),
        password,
        host: server.ns.ip().to_string(),
        port: server.ns.port(),
        protocols: (8..=18).rev().collect(),
        ca_file: None,
        nexus_url: format!("{base}/rdr/pprdr.asp"),
        rst_url: format!("{base}/RST.srf"),
        address_book_url: format!("{base}/abservice/abservice.asmx"),
        sharing_url: format!("{base}/abservice/SharingService.asmx"),
        chat_log_dir: Some(data_dir.join("logs")),
        download_dir: data_dir.join("downloads"),
        display_picture: None,
        data_dir,
        initial_status: Status::Online,
        retry_first_connect: false,
        timing: Timing::default(),
    }
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
