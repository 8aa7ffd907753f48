//! Offline messages kept for their recipients until they delete them (`rsi.asmx`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Directory;

/// One stored offline message, with what `GetMessage` rebuilds its text from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOffline {
    /// Upper-case GUID, as `M/I`.
    pub id: String,
    pub sender: String,
    /// The sender's friendly name, plain text.
    pub sender_name: String,
    /// Seconds since the Unix epoch.
    pub received: u64,
    /// `X-OIM-originatingSource`: the sender's IP address.
    pub origin: String,
    /// The client's own MIME header lines, CRLF-separated.
    pub headers: String,
    /// The base64 body as the client sent it.
    pub body: String,
}

/// Recipient (lower case) to their waiting messages, oldest first.
pub type Mailboxes = BTreeMap<String, Vec<StoredOffline>>;

impl Directory {
    pub fn offline_for(&self, recipient: &str) -> &[StoredOffline] {
        self.offline
            .get(&recipient.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    pub fn store_offline(&mut self, recipient: &str, message: StoredOffline) {
        self.offline
            .entry(recipient.to_ascii_lowercase())
            .or_default()
            .push(message);
    }

    /// Deletes every listed message, or none when one of them is unknown (as Escargot).
    pub fn delete_offline(&mut self, recipient: &str, ids: &[String]) -> Result<usize, String> {
        let key = recipient.to_ascii_lowercase();
        let waiting = self.offline.get(&key).map_or(&[][..], Vec::as_slice);
        if let Some(unknown) = ids
            .iter()
            .find(|id| !waiting.iter().any(|m| m.id.eq_ignore_ascii_case(id)))
        {
            return Err(unknown.clone());
        }
        let Some(mailbox) = self.offline.get_mut(&key) else {
            return Ok(0);
        };
        let before = mailbox.len();
        mailbox.retain(|message| !ids.iter().any(|id| message.id.eq_ignore_ascii_case(id)));
        let deleted = before - mailbox.len();
        if mailbox.is_empty() {
            self.offline.remove(&key);
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str) -> StoredOffline {
        StoredOffline {
            id: id.into(),
            sender: "alice@example.com".into(),
            sender_name: "Alice".into(),
            received: 1,
            origin: "127.0.0.1".into(),
            headers: String::new(),
            body: String::new(),
        }
    }

    #[test]
    fn waiting_messages_are_part_of_the_state_file() {
        let mut directory = Directory::default();
        directory.store_offline("carol@example.com", message("A"));
        let saved = serde_json::to_string(&directory).unwrap();
        let loaded: Directory = serde_json::from_str(&saved).unwrap();
        assert_eq!(loaded.offline_for("carol@example.com"), [message("A")]);
        let older: Directory = serde_json::from_str(r#"{"accounts":{},"serial":3}"#).unwrap();
        assert!(older.offline.is_empty(), "state files from before load");
    }

    #[test]
    fn deleting_an_unknown_id_deletes_nothing() {
        let mut directory = Directory::default();
        directory.store_offline("Carol@example.com", message("A"));
        directory.store_offline("carol@example.com", message("B"));
        assert_eq!(
            directory.delete_offline("carol@example.com", &["a".into(), "C".into()]),
            Err("C".into())
        );
        assert_eq!(directory.offline_for("carol@example.com").len(), 2);
        assert_eq!(
            directory.delete_offline("carol@example.com", &["a".into(), "B".into()]),
            Ok(2)
        );
        assert!(directory.offline.is_empty());
    }
}
