//! `msntui config init`: a commented config file to start from, for a chosen server and
//! account. Nothing secret is asked or written: the password comes from
//! `password_command`, which the user fills in.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{ConfigError, Env};
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
}

/// The example config with the server and account filled in.
pub fn template(host: &str, port: u16, email: &str) -> String {
    EXAMPLE
        .replacen(EXAMPLE_ACCOUNT, &format!("email = \"{email}\""), 1)
        .replacen(
            EXAMPLE_SERVER,
            &format!("host = \"{host}\"\nport = {port}"),
            1,
        )
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

/// Writes a new config to `path` (the usual location when `None`) and returns where.
pub fn init(
    path: Option<&Path>,
    server_text: Option<&str>,
    account: Option<&str>,
    env: &Env,
) -> Result<PathBuf, InitError> {
    let path = match path {
        Some(path) => path.to_owned(),
        None => env.config_file().ok_or(ConfigError::NoLocation)?,
    };
    let (host, port) = match server_text {
        Some(text) => server(text)?,
        None => ("messenger.hotmail.com".to_owned(), 1863),
    };
    let email = account.unwrap_or_default();
    if !email.is_empty() && !is_valid_email(email) {
        return Err(InitError::BadAccount(email.to_owned()));
    }
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
    file.write_all(template(&host, port, email).as_bytes())
        .map_err(write_error)?;
    Ok(path)
}

/// What to tell the user after [`init`] wrote `path`; `email_given` when `--account` was.
pub fn next_steps(path: &Path, email_given: bool) -> String {
    let missing = if email_given {
        "password_command"
    } else {
        "email and password_command"
    };
    format!(
        "wrote {}\nnext: set {missing} in [account] (and the [services] URLs your server gives), then run msntui",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_template_is_the_example_with_the_server_and_account() {
        let text = template("msn.example.net", 1864, "me@example.net").replacen(
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
        assert!(text.contains("# "), "the comments are kept");
    }

    #[test]
    fn init_writes_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("msntui").join("config.toml");
        let env = Env::default();
        let written = init(Some(&path), Some("127.0.0.1:1863"), None, &env).unwrap();
        assert_eq!(written, path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("host = \"127.0.0.1\"\nport = 1863"));
        assert!(matches!(
            init(Some(&path), None, None, &env),
            Err(InitError::Exists(_))
        ));
        assert!(matches!(
            init(Some(&dir.path().join("x")), Some("bad host:1"), None, &env),
            Err(InitError::BadServer(_))
        ));
        assert!(matches!(
            init(Some(&dir.path().join("y")), None, Some("nope"), &env),
            Err(InitError::BadAccount(_))
        ));
    }

    #[test]
    fn the_next_steps_ask_only_for_what_is_missing() {
        let path = Path::new("c.toml");
        assert!(next_steps(path, true).contains("next: set password_command in"));
        assert!(next_steps(path, false).contains("next: set email and password_command in"));
    }
}
