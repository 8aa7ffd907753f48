//! `msntui headless`: a session without a terminal UI. Commands come in on standard
//! input, one per line; events go out on standard output, one JSON object per line.

pub mod json;
mod routing;
mod stdin;

use std::path::PathBuf;

use clap::Args;
use thiserror::Error;
use tokio::io::AsyncWriteExt;

use crate::config::{Config, ConfigError, Env, PasswordError, SUPPORTED_PROTOCOLS};
use crate::logging::{self, LogLevel, LoggingError};
use crate::protocol::message::Secret;
use crate::protocol::types::{Dialect, is_valid_email};
use crate::session::commands;
use crate::session::{ConnectionState, DisconnectReason, Event, Request, Session, SessionConfig};

#[derive(Debug, Args)]
pub struct HeadlessArgs {
    /// Configuration file [default: the usual location, see `msntui --help`]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Notification server for this run, instead of the configured one
    #[arg(long, value_name = "HOST:PORT")]
    pub server: Option<String>,

    /// Account for this run, instead of the configured one
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// Speak only this protocol version (MSNP2 to MSNP18) for this run
    #[arg(long, value_name = "MSNPn")]
    pub protocol: Option<Dialect>,

    /// Also print every protocol line, secrets redacted
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Error)]
pub enum HeadlessError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("--server {0:?}: expected HOST:PORT")]
    BadServer(String),
    #[error("--account {0:?} is not an e-mail address")]
    BadAccount(String),
    #[error("--protocol {0}: msntui speaks MSNP2 to MSNP18")]
    BadProtocol(Dialect),
    #[error("{0}")]
    AuthenticationFailed(String),
    #[error("{0}")]
    Ended(String),
    #[error("cannot write the events: {0}")]
    Output(std::io::Error),
    #[error(transparent)]
    Logging(#[from] LoggingError),
}

impl HeadlessError {
    /// 2 when the account was refused, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            HeadlessError::AuthenticationFailed(_) => 2,
            _ => 1,
        }
    }
}

/// The session `args` describe: the configuration with this run's overrides.
pub async fn session_config(args: &HeadlessArgs) -> Result<SessionConfig, HeadlessError> {
    let mut config = Config::load(args.config.as_deref(), &Env::from_process())?;
    if let Some(server) = &args.server {
        let (host, port) = server
            .rsplit_once(':')
            .and_then(|(host, port)| Some((host, port.parse::<u16>().ok()?)))
            .filter(|(host, port)| !host.is_empty() && *port != 0)
            .ok_or_else(|| HeadlessError::BadServer(server.clone()))?;
        config.server.host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        config.server.port = port;
    }
    if let Some(account) = &args.account {
        if !is_valid_email(account) {
            return Err(HeadlessError::BadAccount(account.clone()));
        }
        config.account.email = account.clone();
    }
    if let Some(dialect) = &args.protocol {
        match dialect
            .version()
            .filter(|v| SUPPORTED_PROTOCOLS.contains(v))
        {
            Some(version) => config.server.protocols = vec![Dialect::Msnp(version)],
            None => return Err(HeadlessError::BadProtocol(dialect.clone())),
        }
    }
    let password = Secret::new(config.password().await?);
    let proxy_password = config.proxy_password().await?.map(Secret::new);
    Ok(SessionConfig::from_config(
        &config,
        password,
        proxy_password,
    ))
}

/// Runs until `/quit`, the end of input, or the end of the session.
pub async fn run(args: HeadlessArgs, log_level: Option<LogLevel>) -> Result<(), HeadlessError> {
    let config = session_config(&args).await?;
    logging::to_file(&config.data_dir, log_level)?;
    let (handle, mut events) = Session::spawn(config);
    let mut input = stdin::lines();
    let mut input_open = true;
    let mut routing = routing::Routing::default();
    let mut stdout = tokio::io::stdout();
    let mut outcome = Ok(());
    loop {
        tokio::select! {
            event = events.recv() => {
                let Some(event) = event else { break };
                routing.observe(&event);
                if let Event::State(ConnectionState::Disconnected(reason)) = &event {
                    outcome = match reason {
                        DisconnectReason::SignedOut => Ok(()),
                        DisconnectReason::AuthenticationFailed(text) => {
                            Err(HeadlessError::AuthenticationFailed(text.clone()))
                        }
                        other => Err(HeadlessError::Ended(other.to_string())),
                    };
                }
                if let Some(line) = json::event_line(&event, args.raw) {
                    write_line(&mut stdout, &line).await?;
                }
            }
            read = input.recv(), if input_open => match read {
                None | Some(Err(_)) => {
                    input_open = false;
                    let _ = handle.send(Request::SignOut);
                }
                Some(Ok(line)) => {
                    let line = String::from_utf8_lossy(&line).into_owned();
                    if line.trim().is_empty() {
                        continue;
                    }
                    match routing.command(&line) {
                        Ok(request) => {
                            let _ = handle.send(request);
                        }
                        Err(error) => {
                            write_line(&mut stdout, &json::error_line(&error.to_string())).await?;
                        }
                    }
                }
            },
        }
    }
    outcome
}

async fn write_line(out: &mut tokio::io::Stdout, line: &str) -> Result<(), HeadlessError> {
    let mut bytes = Vec::with_capacity(line.len() + 1);
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
    out.write_all(&bytes).await.map_err(HeadlessError::Output)?;
    out.flush().await.map_err(HeadlessError::Output)
}
