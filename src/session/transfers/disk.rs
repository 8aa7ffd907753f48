//! The files of transfers. A received file is written to a hidden temporary file in the
//! download folder and, once complete and of the size offered, linked under its safe
//! name, numbered when that is taken: nothing is ever overwritten, nothing is written
//! outside the folder. A sent file is read through a buffer of about one window of
//! chunks, so the disk is not asked once per packet.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;
use tokio::fs::{self, File, OpenOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};

use crate::p2p::transfer::{numbered, safe_name};

/// How many numbered names are tried before giving up.
const MAX_NUMBER: u32 = 9999;

#[derive(Debug, Error)]
pub enum DiskError {
    #[error("cannot create the download folder {}: {source}", .dir.display())]
    Folder { dir: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("the file has {actual} bytes, {expected} were offered")]
    Size { actual: u64, expected: u64 },
    #[error("no free name for “{0}” in the download folder")]
    NoFreeName(String),
    #[error("cannot read {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a file", .0.display())]
    NotAFile(PathBuf),
}

/// A file being received.
pub(crate) struct PartFile {
    dir: PathBuf,
    path: PathBuf,
    file: BufWriter<File>,
}

impl PartFile {
    /// A new temporary file in `dir`, buffered by at most `buffer` bytes.
    pub async fn create(dir: &Path, buffer: usize) -> Result<Self, DiskError> {
        fs::create_dir_all(dir)
            .await
            .map_err(|source| DiskError::Folder {
                dir: dir.to_owned(),
                source,
            })?;
        loop {
            let path = dir.join(format!(".msntui-{:016x}.part", rand::random::<u64>()));
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .await
            {
                Ok(file) => {
                    return Ok(Self {
                        dir: dir.to_owned(),
                        path,
                        file: BufWriter::with_capacity(buffer, file),
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(source) => return Err(DiskError::Write { path, source }),
            }
        }
    }

    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), DiskError> {
        self.file
            .write_all(bytes)
            .await
            .map_err(|source| self.write_error(source))
    }

    fn write_error(&self, source: io::Error) -> DiskError {
        DiskError::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Checks the size and gives the file its name (from `offered`, made safe); the path
    /// it now has. The temporary file is removed on failure.
    pub async fn finish(mut self, offered: &str, expected: u64) -> Result<PathBuf, DiskError> {
        let result = self.settle(offered, expected).await;
        if result.is_err() {
            self.discard().await;
        }
        result
    }

    async fn settle(&mut self, offered: &str, expected: u64) -> Result<PathBuf, DiskError> {
        self.file
            .flush()
            .await
            .map_err(|source| self.write_error(source))?;
        let file = self.file.get_mut();
        let synced = file.sync_all().await;
        let metadata = match synced {
            Ok(()) => file.metadata().await,
            Err(error) => Err(error),
        };
        let actual = metadata.map_err(|source| self.write_error(source))?.len();
        if actual != expected {
            return Err(DiskError::Size { actual, expected });
        }
        let name = safe_name(offered);
        for index in 0..=MAX_NUMBER {
            let target = self.dir.join(numbered(&name, index));
            // A hard link fails rather than replace an existing file, as rename would.
            match fs::hard_link(&self.path, &target).await {
                Ok(()) => {
                    let _ = fs::remove_file(&self.path).await;
                    return Ok(target);
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(source) => {
                    return Err(DiskError::Write {
                        path: target,
                        source,
                    });
                }
            }
        }
        Err(DiskError::NoFreeName(name))
    }

    /// Removes the temporary file (a cancelled or failed transfer).
    pub async fn discard(self) {
        let Self { path, file, .. } = self;
        drop(file);
        if let Err(error) = fs::remove_file(&path).await {
            tracing::warn!(path = %path.display(), %error, "cannot remove a partial download");
        }
    }
}

/// A file being sent.
pub(crate) struct Source {
    path: PathBuf,
    file: BufReader<File>,
}

impl Source {
    /// Opens `path`, read ahead by at most `buffer` bytes; its size too.
    pub async fn open(path: &Path, buffer: usize) -> Result<(Self, u64), DiskError> {
        let read_error = |source| DiskError::Read {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).await.map_err(read_error)?;
        let metadata = file.metadata().await.map_err(read_error)?;
        if !metadata.is_file() {
            return Err(DiskError::NotAFile(path.to_owned()));
        }
        let source = Self {
            path: path.to_owned(),
            file: BufReader::with_capacity(buffer, file),
        };
        Ok((source, metadata.len()))
    }

    /// The next `length` bytes into `buffer`; a file that shrank meanwhile is an error.
    pub async fn read(&mut self, buffer: &mut Vec<u8>, length: usize) -> Result<(), DiskError> {
        buffer.resize(length, 0);
        self.file
            .read_exact(buffer)
            .await
            .map(|_| ())
            .map_err(|source| DiskError::Read {
                path: self.path.clone(),
                source,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn complete_files_get_a_free_safe_name_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), b"old").unwrap();
        let mut part = PartFile::create(dir.path(), 16).await.unwrap();
        part.write(b"hello").await.unwrap();
        let path = part.finish("../../a.txt", 5).await.unwrap();
        assert_eq!(path, dir.path().join("a (1).txt"));
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"old");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file stays");
    }

    #[tokio::test]
    async fn a_file_of_the_wrong_size_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut part = PartFile::create(dir.path(), 16).await.unwrap();
        part.write(b"hel").await.unwrap();
        assert!(matches!(
            part.finish("a.txt", 5).await,
            Err(DiskError::Size {
                actual: 3,
                expected: 5
            })
        ));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
