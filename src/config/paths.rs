//! Paths named in the config are checked when it is loaded, so that an unreadable
//! certificate file is a config error at its line rather than a failed sign-in later.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{Config, ConfigError, line_of};

impl Config {
    /// Checks the paths of a config parsed from `text`.
    pub(super) fn check_paths(&self, text: &str) -> Result<(), ConfigError> {
        if let Some(ca_file) = &self.server.ca_file
            && let Err(error) = std::fs::read(ca_file)
        {
            return Err(self.bad_path(text, "server", "ca_file", ca_file, &error.to_string()));
        }
        let directories = [
            ("data_dir", &self.storage.data_dir),
            ("log_dir", &self.storage.log_dir),
        ];
        for (key, dir) in directories {
            if dir.exists() && !dir.is_dir() {
                return Err(self.bad_path(text, "storage", key, dir, "not a directory"));
            }
        }
        Ok(())
    }

    fn bad_path(
        &self,
        text: &str,
        table: &str,
        key: &str,
        path: &Path,
        problem: &str,
    ) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.clone(),
            line: line_of(text, key_offset(text, table, key).unwrap_or(0)),
            key: Some(format!("{table}.{key}")),
            message: format!("{}: {problem}", path.display()),
        }
    }
}

/// Where `[table] key = …` is written in `text`.
fn key_offset(text: &str, table: &str, key: &str) -> Option<usize> {
    let document = DeTable::parse(text).ok()?;
    let DeValue::Table(entries) = document.get_ref().get(table)?.get_ref() else {
        return None;
    };
    Some(entries.get(key)?.span().start)
}

#[cfg(test)]
mod tests {
    use super::super::Env;
    use super::*;

    fn load(dir: &Path, extra: &str) -> Result<Config, ConfigError> {
        let path = dir.join("config.toml");
        let text = format!(
            "[account]\nemail = \"a@example.com\"\npassword_command = \"echo x\"\n\n{extra}"
        );
        std::fs::write(&path, text).unwrap();
        let env = Env {
            home: Some(dir.to_owned()),
            ..Env::default()
        };
        Config::load(Some(&path), &env)
    }

    #[test]
    fn an_unreadable_ca_file_is_a_config_error_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let error = load(
            dir.path(),
            "[server]\nport = 1863\nca_file = \"~/missing.pem\"\n",
        )
        .unwrap_err()
        .to_string();
        let expected = format!("config.toml:7: server.ca_file: {}", dir.path().display());
        assert!(error.contains(&expected), "{error}");
        assert!(error.contains("missing.pem: No such file"), "{error}");
    }

    #[test]
    fn a_readable_ca_file_and_a_file_in_place_of_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), "pem").unwrap();
        std::fs::write(dir.path().join("data"), "a file").unwrap();
        load(dir.path(), "[server]\nca_file = \"~/ca.pem\"\n").unwrap();
        let error = load(dir.path(), "[storage]\ndata_dir = \"~/data\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains(":6: storage.data_dir:"), "{error}");
        assert!(error.contains("not a directory"), "{error}");
    }
}
