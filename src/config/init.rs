//! `msntui config init`: a commented config file to start from, for a chosen server and
//! account. Nothing secret is asked or written: the password comes from
//! `password_command`, which the user fills in.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::fields::checked_service_url;
use super::{ConfigError, Env, Services};
use crate::protocol::types::is_valid_email;

const EXAMPLE: &str = include_str!("../../config.example.toml");
const EXAMPLE_ACCOUNT: &str = "email = \"\"";
const EXAMPLE_SERVER: &str = "host = \"messenger.hotmail.com\"\nport = 1863";

#[derive(Debug, Error)]
pub enum InitError {
    #[error(
        "{} already exists: msntui never overwrites a config (edit it, or choose another --path)",
        .0.display()
    )]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Location(#[from] ConfigError),
    #[error("--server {0:?}: expected HOST or HOST:PORT")]
    BadServer(String),
    #[error("--account {0:?} is not an e-mail address")]
    BadAccount(String),
    #[error("--services {0}")]
    BadServices(String),
}

/// What `msntui config init` was told; `None` leaves the example's value.
#[derive(Debug, Default)]
pub struct InitRequest<'a> {
    pub path: Option<&'a Path>,
    /// `HOST` or `HOST:PORT`.
    pub server: Option<&'a str>,
    pub account: Option<&'a str>,
    /// The base URL of the server's HTTP services (see [`Services::under`]).
    pub services: Option<&'a str>,
}

/// The example config with the server, account and service URLs filled in.
pub fn template(host: &str, port: u16, email: &str, services: &Services) -> String {
    let mut text = EXAMPLE
        .replacen(EXAMPLE_ACCOUNT, &format!("email = \"{email}\""), 1)
        .replacen(
            EXAMPLE_SERVER,
            &format!("host = \"{host}\"\nport = {port}"),
            1,
        );
    let official = Services::default();
    for ((key, example), url) in Services::KEYS
        .iter()
        .zip(official.urls())
        .zip(services.urls())
    {
        text = text.replacen(
            &format!("{key} = \"{example}\""),
            &format!("{key} = \"{url}\""),
            1,
        );
    }
    text
}

/// `HOST` or `HOST:PORT` (1863 by default).
fn server(text: &str) -> Result<(String, u16), InitError> {
    let bad = || InitError::BadServer(text.to_owned());
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().map_err(|_| bad())?),
        None => (text, 1863),
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._".contains(c);
    if host.is_empty() || !host.chars().all(plain) || port == 0 {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

/// Writes a new config where `request.path` says (the usual location when `None`) and
/// returns where.
pub fn init(request: &InitRequest<'_>, env: &Env) -> Result<PathBuf, InitError> {
    let path = match request.path {
        Some(path) => path.to_owned(),
        None => env.config_file().ok_or(ConfigError::NoLocation)?,
    };
    let (host, port) = match request.server {
        Some(text) => server(text)?,
        None => ("messenger.hotmail.com".to_owned(), 1863),
    };
    let email = request.account.unwrap_or_default();
    if !email.is_empty() && !is_valid_email(email) {
        return Err(InitError::BadAccount(email.to_owned()));
    }
    let services = match request.services {
        Some(base) => Services::under(&checked_service_url(base).map_err(InitError::BadServices)?),
        None => Services::default(),
    };
    let write_error = |source| InitError::Write {
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| match source.kind() {
            io::ErrorKind::AlreadyExists => InitError::Exists(path.clone()),
            _ => write_error(source),
        })?;
    file.write_all(template(&host, port, email, &services).as_bytes())
        .map_err(write_error)?;
    Ok(path)
}

/// What to tell the user after [`init`] wrote `path` for `request`.
pub fn next_steps(path: &Path, request: &InitRequest<'_>) -> String {
    let missing = if request.account.is_some() {
        "password_command in [account]"
    } else {
        "email and password_command in [account]"
    };
    let services = if request.services.is_some() {
        ""
    } else {
        " (and the [services] URLs your server gives)"
    };
    format!(
        "wrote {}\nnext: set {missing}{services}, then run msntui",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use url::Url;

    #[test]
    fn the_template_is_the_example_with_the_server_and_account() {
        let services = Url::parse("https://msn.example.net/services/").unwrap();
        let text = template(
            "msn.example.net",
            1864,
            "me@example.net",
            &Services::under(&services),
        )
        .replacen(
            "password_command = \"\"",
            "password_command = \"pass msn\"",
            1,
        );
        let env = Env {
            home: Some(PathBuf::from("/home/me")),
            ..Env::default()
        };
        let config = Config::parse(&text, Path::new("c.toml"), &env).expect("a valid config");
        assert_eq!(config.server.host, "msn.example.net");
        assert_eq!(config.server.port, 1864);
        assert_eq!(config.account.email, "me@example.net");
        assert_eq!(
            config.services.rst_url.as_str(),
            "https://msn.example.net/services/RST.srf"
        );
        assert_eq!(
            config.services.address_book_url.as_str(),
            "https://msn.example.net/services/abservice/abservice.asmx"
        );
        assert!(text.contains("# "), "the comments are kept");
    }

    #[test]
    fn init_writes_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("msntui").join("config.toml");
        let env = Env::default();
        let at = |path, server, account, services| InitRequest {
            path: Some(path),
            server,
            account,
            services,
        };
        let written = init(&at(&path, Some("127.0.0.1:1863"), None, None), &env).unwrap();
        assert_eq!(written, path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("host = \"127.0.0.1\"\nport = 1863"));
        assert!(text.contains("rst_url = \"https://login.live.com/RST.srf\""));
        assert!(matches!(
            init(&at(&path, None, None, None), &env),
            Err(InitError::Exists(_))
        ));
        let other = dir.path().join("x");
        assert!(matches!(
            init(&at(&other, Some("bad host:1"), None, None), &env),
            Err(InitError::BadServer(_))
        ));
        assert!(matches!(
            init(&at(&other, None, Some("nope"), None), &env),
            Err(InitError::BadAccount(_))
        ));
        assert!(!other.exists(), "nothing is written for a bad request");
    }

    #[test]
    fn services_are_written_below_their_base_url_and_checked_as_the_config_checks_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let env = Env::default();
        let request = |services| InitRequest {
            path: Some(&path),
            services: Some(services),
            ..InitRequest::default()
        };
        let remote_http = init(&request("http://msn.example.net:8081"), &env).unwrap_err();
        assert!(
            remote_http.to_string().contains("--services \"http://msn.example.net:8081\": plain http is only allowed for a loopback host"),
            "{remote_http}"
        );
        assert!(matches!(
            init(&request("127.0.0.1:8081"), &env),
            Err(InitError::BadServices(_))
        ));
        init(&request("http://127.0.0.1:8081?x=1"), &env).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in [
            "nexus_url = \"http://127.0.0.1:8081/rdr/pprdr.asp\"",
            "rst_url = \"http://127.0.0.1:8081/RST.srf\"",
            "address_book_url = \"http://127.0.0.1:8081/abservice/abservice.asmx\"",
            "sharing_url = \"http://127.0.0.1:8081/abservice/SharingService.asmx\"",
            "oim_url = \"http://127.0.0.1:8081/OimWS/oim.asmx\"",
            "rsi_url = \"http://127.0.0.1:8081/rsi/rsi.asmx\"",
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }

    #[test]
    fn the_next_steps_ask_only_for_what_is_missing() {
        let path = Path::new("c.toml");
        let given = |account, services| {
            next_steps(
                path,
                &InitRequest {
                    account,
                    services,
                    ..InitRequest::default()
                },
            )
        };
        assert!(
            given(Some("me@x.net"), None).contains(
                "next: set password_command in [account] (and the [services] URLs your server gives), then"
            )
        );
        assert!(
            given(None, Some("http://127.0.0.1:1"))
                .contains("next: set email and password_command in [account], then run msntui")
        );
    }
}
