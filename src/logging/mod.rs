//! The client's own tracing log (the interactive client, `demo` and `headless`): a file
//! in the data directory, `msntui.log`, size-capped and rotated, never the terminal.
//! `serve` logs to standard error instead (see `server::command`). The session's
//! tracing never carries secrets in the clear (see `session::redact`).

mod rotating;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::ValueEnum;
use thiserror::Error;
use tracing_subscriber::EnvFilter;

pub use rotating::RotatingFile;

/// The log file in a data directory.
pub const FILE_NAME: &str = "msntui.log";
/// Each file stays under 5 MiB; with the older ones, the log takes at most 20 MiB.
const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
const OLDER_FILES_KEPT: usize = 3;

/// `--log-level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn directive(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

#[derive(Debug, Error)]
pub enum LoggingError {
    #[error("cannot open the log file {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
}

/// What is logged: `level` if given, else what `RUST_LOG` says, else `info`.
pub fn filter(level: Option<LogLevel>) -> EnvFilter {
    match level {
        Some(level) => EnvFilter::new(level.directive()),
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
    }
}

pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Sends this process's tracing output to `<data_dir>/msntui.log`, at `level` if given,
/// else as `RUST_LOG` says, else `info`. Does nothing if a subscriber is already set.
pub fn to_file(data_dir: &Path, level: Option<LogLevel>) -> Result<PathBuf, LoggingError> {
    let path = path_in(data_dir);
    let file = RotatingFile::open(&path, MAX_FILE_BYTES, OLDER_FILES_KEPT).map_err(|source| {
        LoggingError::Open {
            path: path.display().to_string(),
            source,
        }
    })?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(level))
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(path)
}
