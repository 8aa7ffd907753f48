//! A log file that never grows past a size: when a write would take it over the cap,
//! `msntui.log` becomes `msntui.log.1` (the older ones shift up, the oldest is dropped)
//! and a fresh file is started.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    /// How many older files are kept beside the current one.
    keep: usize,
    file: File,
    written: u64,
}

impl RotatingFile {
    /// Opens (or creates) `path` for appending, creating its folder.
    pub fn open(path: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = append(path)?;
        let written = file.metadata()?.len();
        Ok(Self {
            path: path.to_owned(),
            max_bytes,
            keep,
            file,
            written,
        })
    }

    fn archive(&self, number: usize) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{number}"));
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file.flush()?;
        if self.keep == 0 {
            self.file = File::create(&self.path)?;
        } else {
            for number in (1..self.keep).rev() {
                let older = self.archive(number);
                if older.exists() {
                    fs::rename(&older, self.archive(number + 1))?;
                }
            }
            fs::rename(&self.path, self.archive(1))?;
            self.file = append(&self.path)?;
        }
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if self.written > 0 && self.written.saturating_add(len) > self.max_bytes {
            self.rotate()?;
        }
        let written = self.file.write(bytes)?;
        self.written += u64::try_from(written).unwrap_or(u64::MAX);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(path: &Path) -> u64 {
        fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }

    #[test]
    fn stays_under_its_cap_and_keeps_a_few_older_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join("msntui.log");
        let mut log = RotatingFile::open(&path, 100, 2).unwrap();
        for line in 0..50 {
            writeln!(log, "line {line:02} of the log").unwrap();
        }
        log.flush().unwrap();
        assert!(size(&path) <= 100);
        let first = PathBuf::from(format!("{}.1", path.display()));
        let second = PathBuf::from(format!("{}.2", path.display()));
        assert!(size(&first) > 0 && size(&first) <= 100);
        assert!(size(&second) > 0);
        assert!(!PathBuf::from(format!("{}.3", path.display())).exists());
        let newest = fs::read_to_string(&path).unwrap();
        assert!(newest.ends_with("line 49 of the log\n"), "{newest}");
    }

    #[test]
    fn reopening_continues_the_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("msntui.log");
        fs::write(&path, "x".repeat(90)).unwrap();
        let mut log = RotatingFile::open(&path, 100, 1).unwrap();
        log.write_all(&[b'y'; 20]).unwrap();
        assert_eq!(size(&path), 20);
        assert_eq!(size(&PathBuf::from(format!("{}.1", path.display()))), 90);
    }
}
