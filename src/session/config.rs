//! What a session needs to know: the account, where to connect, and its timings.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::Config;
use crate::protocol::message::Secret;
use crate::protocol::types::Status;

/// Everything a session is started with. Build it with [`SessionConfig::from_config`],
/// or by hand in tests (service URLs may be `http://127.0.0.1:...`).
#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub email: String,
    pub password: Secret,
    pub host: String,
    pub port: u16,
    /// MSNP versions offered in `VER`, in this order (highest first is best).
    pub protocols: Vec<u8>,
    pub ca_file: Option<PathBuf>,
    pub nexus_url: String,
    pub rst_url: String,
    pub address_book_url: String,
    pub sharing_url: String,
    /// Where the machine GUID is kept (MSNP16+).
    pub data_dir: PathBuf,
    /// Where received files go.
    pub download_dir: PathBuf,
    /// Our display picture (PNG, JPEG or GIF), announced and served from MSNP9.
    pub display_picture: Option<PathBuf>,
    /// Where chat logs go (`<dir>/<account>/<contact>.log`); `None` keeps no logs.
    pub chat_log_dir: Option<PathBuf>,
    /// The status set at sign-in.
    pub initial_status: Status,
    /// Keep trying when the very first connection fails (a lost connection is always
    /// retried; a refused password never is).
    pub retry_first_connect: bool,
    pub timing: Timing,
}

/// Timeouts and intervals; the defaults suit real servers, tests shorten them.
#[derive(Debug, Clone)]
pub struct Timing {
    pub connect_timeout: Duration,
    /// How long a sign-in step or a `PNG` may wait for its answer.
    pub reply_timeout: Duration,
    /// Time between `PNG`s until a `QNG` names another interval.
    pub ping_interval: Duration,
    pub backoff_min: Duration,
    pub backoff_max: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(15),
            reply_timeout: Duration::from_secs(30),
            ping_interval: Duration::from_secs(50),
            backoff_min: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
        }
    }
}

impl SessionConfig {
    /// The session described by a configuration file, with the password already read.
    pub fn from_config(config: &Config, password: Secret) -> Self {
        Self {
            email: config.account.email.clone(),
            password,
            host: config.server.host.clone(),
            port: config.server.port,
            protocols: config
                .server
                .protocols
                .iter()
                .filter_map(|dialect| dialect.version())
                .collect(),
            ca_file: config.server.ca_file.clone(),
            nexus_url: config.services.nexus_url.to_string(),
            rst_url: config.services.rst_url.to_string(),
            address_book_url: config.services.address_book_url.to_string(),
            sharing_url: config.services.sharing_url.to_string(),
            data_dir: config.storage.data_dir.clone(),
            download_dir: config.storage.download_dir.clone(),
            display_picture: config.ui.display_picture.clone(),
            chat_log_dir: config
                .storage
                .chat_logs
                .then(|| config.storage.log_dir.clone()),
            initial_status: Status::Online,
            retry_first_connect: false,
            timing: Timing::default(),
        }
    }

    /// `host:port` of the configured notification server.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}
