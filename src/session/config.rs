//! What a session needs to know: the account, where to connect, and its timings.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::Config;
use crate::protocol::message::{ChunkLimits, Secret};
use crate::protocol::types::Status;
use crate::session::redact::Redactor;

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
    /// `oim.asmx`: storing offline messages (MSNP13+).
    pub oim_url: String,
    /// `rsi.asmx`: fetching and deleting offline messages (MSNP11+).
    pub rsi_url: String,
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
    /// How connections reach the servers: direct, the HTTP gateway, a proxy.
    pub network: Network,
}

/// How the NS and switchboard connections are carried (`server.transport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportMode {
    /// TCP to the server (through the proxy, if one is set).
    #[default]
    Direct,
    /// MSNP in HTTP POSTs to the polling gateway.
    Gateway,
    /// Direct first; the gateway when TCP cannot be opened or is reset before `VER`
    /// is answered, for the rest of the session.
    Auto,
}

/// The transport, the gateway and the proxy a session uses.
#[derive(Debug, Clone)]
pub struct Network {
    pub transport: TransportMode,
    /// The gateway's `gateway.dll` URL (https, or http on this machine).
    pub gateway_url: String,
    /// How long an idle gateway session waits between polls.
    pub poll_interval: Duration,
    /// `None`: the `ALL_PROXY` / `HTTPS_PROXY` / `NO_PROXY` environment decides.
    pub proxy: Option<Proxy>,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            transport: TransportMode::Direct,
            gateway_url: DEFAULT_GATEWAY_URL.to_owned(),
            poll_interval: DEFAULT_POLL_INTERVAL,
            proxy: None,
        }
    }
}

pub const DEFAULT_GATEWAY_URL: &str = "https://gateway.messenger.hotmail.com/gateway/gateway.dll";
/// What the official client used.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

/// A configured proxy: `socks5://`, `socks5h://` (names resolved by the proxy) or
/// `http://` (CONNECT), with optional credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// `scheme://host:port`, without credentials.
    pub url: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
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
    /// How long the parts of a chunked message may take to arrive before what came is
    /// shown as incomplete.
    pub chunk_timeout: Duration,
    /// How long a signed-in connection must last before the backoff starts over.
    pub healthy_after: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(15),
            reply_timeout: Duration::from_secs(30),
            ping_interval: Duration::from_secs(50),
            backoff_min: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            chunk_timeout: ChunkLimits::default().timeout,
            healthy_after: Duration::from_secs(60),
        }
    }
}

impl SessionConfig {
    /// The session described by a configuration file, with the password already read.
    /// `proxy_password` is what the proxy's password command printed, if it has one.
    pub fn from_config(config: &Config, password: Secret, proxy_password: Option<Secret>) -> Self {
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
            oim_url: config.services.oim_url.to_string(),
            rsi_url: config.services.rsi_url.to_string(),
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
            network: Network {
                transport: config.server.transport,
                gateway_url: config.server.gateway_url.to_string(),
                poll_interval: config.server.poll_interval,
                proxy: config.server.proxy.as_ref().map(|url| Proxy {
                    url: url.to_string(),
                    username: config.server.proxy_user.clone(),
                    password: proxy_password,
                }),
            },
        }
    }

    /// A redactor that knows this session's secrets: the password, the proxy's.
    pub(crate) fn redactor(&self) -> Redactor {
        let mut redactor = Redactor::new();
        redactor.remember(self.password.expose());
        if let Some(secret) = self
            .network
            .proxy
            .as_ref()
            .and_then(|p| p.password.as_ref())
        {
            redactor.remember(secret.expose());
        }
        redactor
    }

    /// `host:port` of the configured notification server.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}
