//! Keeping the directory on disk: every change is written to a temporary file, synced,
//! and renamed over the state file, so a crash never leaves a half-written state.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::Directory;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot read state file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("state file {path} is not valid: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("cannot write state file {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The directory and, optionally, the file it is persisted to.
#[derive(Debug)]
pub struct Store {
    path: Option<PathBuf>,
    directory: Directory,
}

impl Store {
    /// State kept in memory only.
    pub fn in_memory(directory: Directory) -> Self {
        Self {
            path: None,
            directory,
        }
    }

    /// State persisted at `path`: loaded from it when it exists, else `initial`.
    pub fn persistent(path: &Path, initial: Directory) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        let directory = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| StoreError::Parse {
                path: shown,
                source,
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => initial,
            Err(source) => {
                return Err(StoreError::Read {
                    path: shown,
                    source,
                });
            }
        };
        let store = Self {
            path: Some(path.to_owned()),
            directory,
        };
        store.save()?;
        Ok(store)
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Applies a change and persists it when it succeeded.
    pub fn update<T, E>(
        &mut self,
        change: impl FnOnce(&mut Directory) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let result = change(&mut self.directory)?;
        self.save()?;
        Ok(result)
    }

    fn save(&self) -> Result<(), StoreError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let write_error = |source| StoreError::Write {
            path: path.display().to_string(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(&self.directory)
            .map_err(|error| write_error(error.into()))?;
        let temporary = path.with_extension("tmp");
        let mut file = std::fs::File::create(&temporary).map_err(write_error)?;
        file.write_all(&bytes).map_err(write_error)?;
        file.sync_all().map_err(write_error)?;
        std::fs::rename(&temporary, path).map_err(write_error)?;
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::File::open(parent)
                .and_then(|dir| dir.sync_all())
                .map_err(write_error)?;
        }
        Ok(())
    }
}
