//! The configuration file: where it is, what it may say, and running the password command.
//!
//! Every key is documented in `config.example.toml`. Everything except `[account]` has a
//! default; unknown keys and bad values are errors naming the file, line and key.

use std::io;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;
use url::Url;

use crate::protocol::Dialect;
use crate::session::{DEFAULT_GATEWAY_URL, DEFAULT_POLL_INTERVAL, TransportMode};

mod fields;
pub mod init;
mod password;
mod paths;

pub use password::PasswordError;

/// The protocol versions msntui can speak; `server.protocols` may only name these.
pub const SUPPORTED_PROTOCOLS: RangeInclusive<u8> = 2..=18;

/// A loaded, validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    pub account: Account,
    pub server: Server,
    pub services: Services,
    pub storage: Storage,
    pub ui: Ui,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    #[serde(deserialize_with = "fields::email")]
    pub email: String,
    /// Run with `sh -c`; its standard output is the password.
    #[serde(deserialize_with = "fields::non_empty")]
    pub password_command: String,
    /// How long `password_command` may run before msntui gives up on it.
    #[serde(default = "default_password_timeout")]
    pub password_timeout_seconds: u64,
}

fn default_password_timeout() -> u64 {
    60
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    #[serde(deserialize_with = "fields::host")]
    pub host: String,
    #[serde(deserialize_with = "fields::port")]
    pub port: u16,
    /// Offered in `VER`, in this order.
    #[serde(deserialize_with = "fields::protocols")]
    pub protocols: Vec<Dialect>,
    /// Extra CA certificate (PEM) for a server with its own certificate authority.
    pub ca_file: Option<PathBuf>,
    /// `direct`, `gateway` or `auto` (direct, falling back to the gateway).
    pub transport: TransportMode,
    #[serde(deserialize_with = "fields::service_url")]
    pub gateway_url: Url,
    /// Seconds between polls of an idle gateway session.
    #[serde(deserialize_with = "fields::poll_interval")]
    pub poll_interval: Duration,
    /// `socks5://`, `socks5h://` or `http://` `host:port`; credentials go in
    /// `proxy_user` and `proxy_password_command`, never in the URL.
    #[serde(deserialize_with = "fields::proxy")]
    pub proxy: Option<Url>,
    pub proxy_user: Option<String>,
    /// Run with `sh -c`; its standard output is the proxy password.
    pub proxy_password_command: Option<String>,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            host: "messenger.hotmail.com".to_owned(),
            port: 1863,
            protocols: (8..=18).rev().map(Dialect::Msnp).collect(),
            ca_file: None,
            transport: TransportMode::Direct,
            gateway_url: Url::parse(DEFAULT_GATEWAY_URL)
                .expect("the built-in gateway URL is valid"),
            poll_interval: DEFAULT_POLL_INTERVAL,
            proxy: None,
            proxy_user: None,
            proxy_password_command: None,
        }
    }
}

/// HTTPS services used during sign-in, for the address book and for offline messages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Services {
    /// Passport nexus (TWN sign-in, MSNP8–14).
    #[serde(deserialize_with = "fields::service_url")]
    pub nexus_url: Url,
    /// RST security token service (SSO sign-in, MSNP15+).
    #[serde(deserialize_with = "fields::service_url")]
    pub rst_url: Url,
    #[serde(deserialize_with = "fields::service_url")]
    pub address_book_url: Url,
    #[serde(deserialize_with = "fields::service_url")]
    pub sharing_url: Url,
    /// Offline messages: storing them (MSNP13+).
    #[serde(deserialize_with = "fields::service_url")]
    pub oim_url: Url,
    /// Offline messages: fetching and deleting them (MSNP11+).
    #[serde(deserialize_with = "fields::service_url")]
    pub rsi_url: Url,
}

impl Services {
    /// The config keys of the services, in the order of [`Services::urls`].
    pub const KEYS: [&'static str; 6] = [
        "nexus_url",
        "rst_url",
        "address_book_url",
        "sharing_url",
        "oim_url",
        "rsi_url",
    ];

    /// Every service URL, in the order of [`Services::KEYS`].
    pub fn urls(&self) -> [&Url; 6] {
        [
            &self.nexus_url,
            &self.rst_url,
            &self.address_book_url,
            &self.sharing_url,
            &self.oim_url,
            &self.rsi_url,
        ]
    }

    /// The services of a server that serves each at its official path below `base`, as
    /// the bundled server does, and a revival server does behind one host: `base` with
    /// `/RST.srf`, `/abservice/abservice.asmx`, … after its own path.
    pub fn under(base: &Url) -> Services {
        let [nexus, rst, address_book, sharing, oim, rsi] =
            Services::default().urls().map(|official| {
                let mut url = base.clone();
                url.set_query(None);
                url.set_fragment(None);
                let prefix = base.path().trim_end_matches('/');
                url.set_path(&format!("{prefix}{}", official.path()));
                url
            });
        Services {
            nexus_url: nexus,
            rst_url: rst,
            address_book_url: address_book,
            sharing_url: sharing,
            oim_url: oim,
            rsi_url: rsi,
        }
    }
}

impl Default for Services {
    fn default() -> Self {
        let url = |text| Url::parse(text).expect("built-in service URLs are valid");
        Self {
            nexus_url: url("https://nexus.passport.com/rdr/pprdr.asp"),
            rst_url: url("https://login.live.com/RST.srf"),
            address_book_url: url("https://contacts.msn.com/abservice/abservice.asmx"),
            sharing_url: url("https://contacts.msn.com/abservice/SharingService.asmx"),
            oim_url: url("https://ows.messenger.msn.com/OimWS/oim.asmx"),
            rsi_url: url("https://rsi.hotmail.com/rsi/rsi.asmx"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storage {
    pub data_dir: PathBuf,
    /// Where received files go.
    pub download_dir: PathBuf,
    pub log_dir: PathBuf,
    pub chat_logs: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    pub show_contact_list: bool,
    pub show_protocol_pane: bool,
    pub mouse: bool,
    pub bell: bool,
    /// strftime-style, e.g. `%H:%M`.
    #[serde(deserialize_with = "fields::non_empty")]
    pub timestamp_format: String,
    /// Minutes without a key press before the status becomes idle; 0 never does.
    pub auto_away_minutes: u64,
    /// Our display picture (PNG, JPEG or GIF), shown to contacts from MSNP9.
    pub display_picture: Option<PathBuf>,
    /// Draw contacts' pictures (graphics where the terminal has them, else half-blocks).
    pub show_pictures: bool,
}

impl Ui {
    /// How long until auto-away, `None` when it is off.
    pub fn auto_away(&self) -> Option<Duration> {
        (self.auto_away_minutes > 0)
            .then(|| Duration::from_secs(self.auto_away_minutes.saturating_mul(60)))
    }
}

impl Default for Ui {
    fn default() -> Self {
        Self {
            show_contact_list: true,
            show_protocol_pane: false,
            mouse: false,
            bell: true,
            timestamp_format: "%H:%M".to_owned(),
            auto_away_minutes: 10,
            display_picture: None,
            show_pictures: true,
        }
    }
}

/// The file as written; directories are resolved against the environment afterwards.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    account: Account,
    #[serde(default)]
    server: Server,
    #[serde(default)]
    services: Services,
    #[serde(default)]
    storage: StorageFile,
    #[serde(default)]
    ui: Ui,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct StorageFile {
    data_dir: Option<PathBuf>,
    download_dir: Option<PathBuf>,
    log_dir: Option<PathBuf>,
    chat_logs: bool,
}

impl Default for StorageFile {
    fn default() -> Self {
        Self {
            data_dir: None,
            download_dir: None,
            log_dir: None,
            chat_logs: true,
        }
    }
}

/// The environment variables that decide where files go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    pub home: Option<PathBuf>,
    pub config_home: Option<PathBuf>,
    pub data_home: Option<PathBuf>,
    /// `XDG_DOWNLOAD_DIR`, as `xdg-user-dirs` exports it.
    pub download_home: Option<PathBuf>,
}

impl Env {
    /// Reads `HOME`, `XDG_CONFIG_HOME` and `XDG_DATA_HOME`; relative values are ignored,
    /// as the XDG base directory specification requires.
    pub fn from_process() -> Self {
        let absolute = |name| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
        };
        Self {
            home: absolute("HOME"),
            config_home: absolute("XDG_CONFIG_HOME"),
            data_home: absolute("XDG_DATA_HOME"),
            download_home: absolute("XDG_DOWNLOAD_DIR"),
        }
    }

    /// `$XDG_DOWNLOAD_DIR`, else `~/Downloads`.
    pub fn download_dir(&self) -> Option<PathBuf> {
        match &self.download_home {
            Some(dir) => Some(dir.clone()),
            None => Some(self.home.as_ref()?.join("Downloads")),
        }
    }

    /// `$XDG_CONFIG_HOME/msntui/config.toml`, else `~/.config/msntui/config.toml`.
    pub fn config_file(&self) -> Option<PathBuf> {
        let base = match &self.config_home {
            Some(dir) => dir.clone(),
            None => self.home.as_ref()?.join(".config"),
        };
        Some(base.join("msntui").join("config.toml"))
    }

    /// `$XDG_DATA_HOME/msntui`, else `~/.local/share/msntui`.
    pub fn data_dir(&self) -> Option<PathBuf> {
        let base = match &self.data_home {
            Some(dir) => dir.clone(),
            None => self.home.as_ref()?.join(".local").join("share"),
        };
        Some(base.join("msntui"))
    }

    /// Replaces a leading `~` with the home directory; `None` if that is unknown.
    pub fn expand(&self, path: &Path) -> Option<PathBuf> {
        match path.strip_prefix("~") {
            Ok(rest) => Some(self.home.as_ref()?.join(rest)),
            Err(_) => Some(path.to_owned()),
        }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error(
        "cannot locate the config file: neither XDG_CONFIG_HOME nor HOME is set (use --config PATH)"
    )]
    NoLocation,
    #[error(
        "no config file at {}: copy config.example.toml there and fill in [account]",
        .path.display()
    )]
    NotFound { path: PathBuf },
    #[error("cannot read config file {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}:{line}: {}{message}", .path.display(), key_prefix(.key))]
    Invalid {
        path: PathBuf,
        line: usize,
        /// Dotted path of the offending key, such as `server.protocols[1]`.
        key: Option<String>,
        message: String,
    },
    #[error("{}: {key}: cannot expand `~`: HOME is not set", .path.display())]
    NoHome { path: PathBuf, key: &'static str },
    #[error(
        "{}: storage.data_dir is needed: neither XDG_DATA_HOME nor HOME is set",
        .path.display()
    )]
    NoDataDir { path: PathBuf },
}

fn key_prefix(key: &Option<String>) -> String {
    key.as_ref()
        .map(|key| format!("{key}: "))
        .unwrap_or_default()
}

impl Config {
    /// Loads `explicit` if given, else the file at the XDG location.
    pub fn load(explicit: Option<&Path>, env: &Env) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_owned(),
            None => env.config_file().ok_or(ConfigError::NoLocation)?,
        };
        let text = std::fs::read_to_string(&path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => ConfigError::NotFound { path: path.clone() },
            _ => ConfigError::Read {
                path: path.clone(),
                source,
            },
        })?;
        let config = Config::parse(&text, &path, env)?;
        config.check_paths(&text)?;
        Ok(config)
    }

    /// Parses the text of a config file; `path` is only used in messages and `Config::path`.
    pub fn parse(text: &str, path: &Path, env: &Env) -> Result<Config, ConfigError> {
        let invalid = |error: toml::de::Error, key: Option<String>| ConfigError::Invalid {
            path: path.to_owned(),
            line: line_of(text, error.span().map_or(0, |span| span.start)),
            key,
            message: error.message().to_owned(),
        };
        let deserializer = toml::Deserializer::parse(text).map_err(|error| invalid(error, None))?;
        let file: ConfigFile = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let key = error.path().to_string();
            let key = (key != ".").then_some(key);
            invalid(error.into_inner(), key)
        })?;

        let expand = |value: &Path, key| {
            env.expand(value).ok_or(ConfigError::NoHome {
                path: path.to_owned(),
                key,
            })
        };
        let mut ui = file.ui;
        ui.display_picture = ui
            .display_picture
            .map(|picture| expand(&picture, "ui.display_picture"))
            .transpose()?;
        let mut server = file.server;
        server.ca_file = server
            .ca_file
            .map(|ca_file| expand(&ca_file, "server.ca_file"))
            .transpose()?;
        let data_dir = match file.storage.data_dir {
            Some(dir) => expand(&dir, "storage.data_dir")?,
            None => env.data_dir().ok_or(ConfigError::NoDataDir {
                path: path.to_owned(),
            })?,
        };
        let download_dir = match file.storage.download_dir {
            Some(dir) => expand(&dir, "storage.download_dir")?,
            None => env
                .download_dir()
                .unwrap_or_else(|| data_dir.join("downloads")),
        };
        let log_dir = match file.storage.log_dir {
            Some(dir) => expand(&dir, "storage.log_dir")?,
            None => data_dir.join("logs"),
        };
        Ok(Config {
            path: path.to_owned(),
            account: file.account,
            server,
            services: file.services,
            storage: Storage {
                data_dir,
                download_dir,
                log_dir,
                chat_logs: file.storage.chat_logs,
            },
            ui,
        })
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
