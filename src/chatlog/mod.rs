//! Chat logs on disk: one plain-text file per account and contact, one message per line,
//! appended and flushed per message so that a crash never damages earlier lines.

mod format;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha1::{Digest, Sha1};
use thiserror::Error;

pub use format::{Direction, LogEntry};

#[derive(Debug, Error)]
pub enum ChatLogError {
    #[error("cannot write chat log {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read chat log {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

/// The logs of one account: `<log dir>/<account>/<contact>.log`.
#[derive(Debug, Clone)]
pub struct ChatLog {
    dir: PathBuf,
}

/// File names longer than this (in bytes, before `.log`) are shortened and hashed: most
/// file systems refuse names over 255 bytes.
const MAX_NAME: usize = 200;
/// What is kept of a long name before its hash.
const KEPT_OF_LONG_NAME: usize = 150;

/// A file name for an address: anything but letters, digits and `@._+-` is escaped, so
/// an address from the network can never name a path outside the log folder. A name too
/// long for the file system keeps its start and gets the SHA-1 of the whole address.
pub(crate) fn file_name(address: &str) -> String {
    let name = escaped_name(address);
    if name.len() <= MAX_NAME {
        return name;
    }
    let digest = Sha1::digest(address.to_ascii_lowercase().as_bytes());
    let hash: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    // The escaped name is ASCII, so any byte index is a character boundary.
    format!("{}~{hash}", &name[..KEPT_OF_LONG_NAME])
}

fn escaped_name(address: &str) -> String {
    let mut name = String::new();
    for byte in address.to_ascii_lowercase().bytes() {
        if byte.is_ascii_alphanumeric()
            || b"@_+-".contains(&byte)
            || (byte == b'.' && !name.is_empty())
        {
            name.push(char::from(byte));
        } else {
            name.push_str(&format!("%{byte:02X}"));
        }
    }
    name
}

impl ChatLog {
    pub fn new(log_dir: &Path, account: &str) -> Self {
        Self {
            dir: log_dir.join(file_name(account)),
        }
    }

    /// The file holding the conversation with `contact`.
    pub fn path(&self, contact: &str) -> PathBuf {
        self.dir.join(format!("{}.log", file_name(contact)))
    }

    /// Appends one message and flushes it to the operating system.
    pub fn append(&self, contact: &str, entry: &LogEntry) -> Result<(), ChatLogError> {
        let path = self.path(contact);
        let error = |source| ChatLogError::Write {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(error)?;
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(error)?;
        let mut line = String::new();
        if ends_mid_line(&mut file).map_err(error)? {
            // A crash cut the last line short: close it so this entry stands alone.
            line.push('\n');
        }
        line.push_str(&entry.to_line());
        line.push('\n');
        file.write_all(line.as_bytes()).map_err(error)?;
        file.flush().map_err(error)
    }

    /// The last `count` messages with `contact`, oldest first. Lines that are not
    /// well-formed (a line cut short by a crash, maybe inside a character) are skipped.
    pub fn last(&self, contact: &str, count: usize) -> Result<Vec<LogEntry>, ChatLogError> {
        let path = self.path(contact);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(ChatLogError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        let complete = bytes
            .iter()
            .rposition(|byte| *byte == b'\n')
            .map_or(&bytes[..0], |end| &bytes[..end]);
        let mut entries: Vec<LogEntry> = complete
            .split(|byte| *byte == b'\n')
            .rev()
            .filter_map(|line| LogEntry::parse(std::str::from_utf8(line).ok()?))
            .take(count)
            .collect();
        entries.reverse();
        Ok(entries)
    }
}

/// The status of a message our own account sent from another place (MSNP16+).
pub const SENT_ELSEWHERE: &str = "sent from another place";

/// The status of a received offline message's line: its server id, by which a second
/// fetch of the same message is recognised.
pub fn offline_status(id: &str) -> String {
    format!("offline {id}")
}

impl ChatLog {
    /// True when the log with `contact` already holds the offline message `id` (by the
    /// status of its line, so that no message text can pass for it).
    pub fn has_offline(&self, contact: &str, id: &str) -> Result<bool, ChatLogError> {
        let status = offline_status(id);
        Ok(self
            .last(contact, usize::MAX)?
            .iter()
            .any(|entry| entry.status.as_deref() == Some(status.as_str())))
    }
}

fn ends_mid_line(file: &mut File) -> std::io::Result<bool> {
    let length = file.seek(SeekFrom::End(0))?;
    if length == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn entry(n: u64, text: &str) -> LogEntry {
        LogEntry {
            time: UNIX_EPOCH + Duration::from_secs(1_795_500_000 + n),
            direction: Direction::Received,
            sender: "bob@example.com".into(),
            status: None,
            text: text.into(),
        }
    }

    #[test]
    fn appends_and_reads_back_the_last_messages() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChatLog::new(dir.path(), "alice@example.com");
        for n in 0..5 {
            log.append(
                "bob@example.com",
                &entry(n, &format!("line {n}\nwith a break")),
            )
            .unwrap();
        }
        let last = log.last("bob@example.com", 2).unwrap();
        assert_eq!(
            last,
            [
                entry(3, "line 3\nwith a break"),
                entry(4, "line 4\nwith a break")
            ]
        );
        assert!(log.last("carol@example.com", 5).unwrap().is_empty());
    }

    #[test]
    fn a_line_cut_by_a_crash_leaves_earlier_lines_intact() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChatLog::new(dir.path(), "alice@example.com");
        log.append("bob@example.com", &entry(1, "first")).unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(log.path("bob@example.com"))
            .unwrap();
        file.write_all(b"2026-11-24T22:00:00Z < bob@example.com half a li")
            .unwrap();
        log.append("bob@example.com", &entry(2, "after the crash"))
            .unwrap();
        assert_eq!(
            log.last("bob@example.com", 10).unwrap(),
            [entry(1, "first"), entry(2, "after the crash")]
        );
    }

    #[test]
    fn a_line_cut_inside_a_character_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChatLog::new(dir.path(), "alice@example.com");
        log.append("bob@example.com", &entry(1, "first")).unwrap();
        let torn = "2026-11-24T22:00:00Z < bob@example.com caf\u{e9}☺";
        let cut = &torn.as_bytes()[..torn.len() - 1];
        let mut file = OpenOptions::new()
            .append(true)
            .open(log.path("bob@example.com"))
            .unwrap();
        file.write_all(cut).unwrap();
        assert_eq!(
            log.last("bob@example.com", 10).unwrap(),
            [entry(1, "first")]
        );
        log.append("bob@example.com", &entry(2, "after")).unwrap();
        assert_eq!(
            log.last("bob@example.com", 10).unwrap(),
            [entry(1, "first"), entry(2, "after")]
        );
    }

    #[test]
    fn offline_messages_are_found_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChatLog::new(dir.path(), "alice@example.com");
        assert!(!log.has_offline("bob@example.com", "ID-1").unwrap());
        let mut offline = entry(1, "sent while you were away");
        offline.status = Some(offline_status("ID-1"));
        log.append("bob@example.com", &offline).unwrap();
        assert!(log.has_offline("bob@example.com", "ID-1").unwrap());
        assert!(!log.has_offline("bob@example.com", "ID-2").unwrap());
        log.append("bob@example.com", &entry(2, "[offline ID-2]"))
            .unwrap();
        assert!(
            !log.has_offline("bob@example.com", "ID-2").unwrap(),
            "text is not a status"
        );
        assert_eq!(log.last("bob@example.com", 2).unwrap()[0], offline);
    }

    #[test]
    fn addresses_cannot_escape_the_log_folder() {
        let log = ChatLog::new(Path::new("/logs"), "alice@example.com");
        assert_eq!(
            log.path("../../etc/passwd"),
            Path::new("/logs/alice@example.com/%2E.%2F..%2Fetc%2Fpasswd.log")
        );
        assert_eq!(
            log.path("Bob@Example.com"),
            Path::new("/logs/alice@example.com/bob@example.com.log")
        );
    }

    #[test]
    fn an_address_too_long_for_a_file_name_still_gets_its_own_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChatLog::new(dir.path(), "alice@example.com");
        let a = format!("{}@example.com", "a".repeat(400));
        let b = format!("{}b@example.com", "a".repeat(400));
        log.append(&a, &entry(1, "to a")).unwrap();
        log.append(&b, &entry(2, "to b")).unwrap();
        assert_eq!(log.last(&a, 5).unwrap(), [entry(1, "to a")]);
        assert_eq!(log.last(&b, 5).unwrap(), [entry(2, "to b")]);
        let name = log.path(&a).file_name().unwrap().len();
        assert!(name <= 255, "{name}");
    }
}
