//! Contacts' friendly names as last seen, kept between runs. From MSNP13 the contact list
//! comes from the address book, where revival servers give each contact's address as its
//! name: without this, every offline contact would show as an address until it signs in.
//! Official clients keep such a cache too.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::ContactList;
use crate::chatlog::file_name;

/// The names of one account's contacts: `<data_dir>/contact-names/<account>.toml`.
#[derive(Debug)]
pub(crate) struct KnownNames {
    path: PathBuf,
    names: BTreeMap<String, String>,
    /// Names learnt since the file was last written.
    changed: bool,
}

/// The file as read: lower-case address to friendly name.
#[derive(Debug, Deserialize)]
struct NamesFile {
    names: BTreeMap<String, String>,
}

/// The file as written, borrowing the names rather than copying them.
#[derive(Serialize)]
struct NamesFileRef<'a> {
    names: &'a BTreeMap<String, String>,
}

impl KnownNames {
    /// The names kept for `account`. A file that cannot be read is logged and treated
    /// as empty: it only saves the user from seeing addresses, and is written afresh.
    pub fn load(data_dir: &Path, account: &str) -> Self {
        let path = data_dir
            .join("contact-names")
            .join(format!("{}.toml", file_name(account)));
        let names = match std::fs::read_to_string(&path) {
            Ok(text) => match toml::from_str::<NamesFile>(&text) {
                Ok(file) => file.names,
                Err(error) => {
                    tracing::warn!(path = %path.display(), %error, "contact names unreadable; starting afresh");
                    BTreeMap::new()
                }
            },
            Err(error) if error.kind() == io::ErrorKind::NotFound => BTreeMap::new(),
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "contact names unreadable; starting afresh");
                BTreeMap::new()
            }
        };
        Self {
            path,
            names,
            changed: false,
        }
    }

    /// Names the contacts of `list`, the whole list, that the server named by their
    /// address, and forgets those no longer on it.
    pub fn fill(&mut self, list: &mut ContactList) {
        let listed: HashSet<String> = list
            .contacts
            .iter()
            .map(|contact| contact.email.to_ascii_lowercase())
            .collect();
        let before = self.names.len();
        self.names.retain(|email, _| listed.contains(email));
        self.changed |= self.names.len() != before;
        for contact in &mut list.contacts {
            let unnamed =
                contact.name.is_empty() || contact.name.eq_ignore_ascii_case(&contact.email);
            if unnamed && let Some(name) = self.names.get(&contact.email.to_ascii_lowercase()) {
                contact.name.clone_from(name);
            }
        }
    }

    /// Remembers the name `email` goes by now (not when it is only the address).
    pub fn remember(&mut self, email: &str, name: &str) {
        if name.is_empty() || name.eq_ignore_ascii_case(email) {
            return;
        }
        let email = email.to_ascii_lowercase();
        if self.names.get(&email).is_none_or(|known| known != name) {
            self.names.insert(email, name.to_owned());
            self.changed = true;
        }
    }

    /// Writes the names learnt since the last time, if any: to a temporary file renamed
    /// over the old one, so that a crash leaves one or the other whole.
    pub fn save(&mut self) -> io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let file = NamesFileRef { names: &self.names };
        let text = toml::to_string(&file).map_err(io::Error::other)?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = self.path.with_extension("toml.tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, &self.path)?;
        self.changed = false;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::model::Contact;

    fn list(contacts: &[(&str, &str)]) -> ContactList {
        ContactList {
            contacts: contacts
                .iter()
                .map(|(email, name)| Contact {
                    name: (*name).to_owned(),
                    ..Contact::new(*email)
                })
                .collect(),
            ..ContactList::default()
        }
    }

    fn names(list: &ContactList) -> Vec<&str> {
        list.contacts.iter().map(|c| c.name.as_str()).collect()
    }

    /// A data directory where one run of `me@example.com` learnt `names`.
    fn learnt(names: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut known = KnownNames::load(dir.path(), "me@example.com");
        for (email, name) in names {
            known.remember(email, name);
        }
        known.save().unwrap();
        dir
    }

    #[test]
    fn names_learnt_in_one_run_name_the_contacts_of_the_next() {
        let dir = learnt(&[
            ("Bob@Example.com", "Bob \"the\" 🌸\n[names]"),
            ("carol@example.com", "carol@example.com"),
        ]);
        let mut again = KnownNames::load(dir.path(), "me@example.com");
        let mut contacts = list(&[
            ("bob@example.com", "bob@example.com"),
            ("carol@example.com", "carol@example.com"),
            ("dave@example.com", "Dave as the server says"),
        ]);
        again.fill(&mut contacts);
        assert_eq!(
            names(&contacts),
            [
                "Bob \"the\" 🌸\n[names]",
                "carol@example.com",
                "Dave as the server says"
            ]
        );
        let mut elsewhere = KnownNames::load(dir.path(), "other@example.com");
        let mut theirs = list(&[("bob@example.com", "bob@example.com")]);
        elsewhere.fill(&mut theirs);
        assert_eq!(
            names(&theirs),
            ["bob@example.com"],
            "each account has its own"
        );
    }

    #[test]
    fn only_a_change_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut known = KnownNames::load(dir.path(), "me@example.com");
        known.save().unwrap();
        assert!(!known.path().exists(), "nothing learnt, nothing written");
        known.remember("bob@example.com", "Bob");
        known.save().unwrap();
        std::fs::remove_file(known.path()).unwrap();
        known.remember("bob@example.com", "Bob");
        known.save().unwrap();
        assert!(!known.path().exists(), "the same name again is no change");
    }

    #[test]
    fn contacts_no_longer_listed_are_forgotten() {
        let dir = learnt(&[("bob@example.com", "Bob"), ("gone@example.com", "Gone")]);
        let mut again = KnownNames::load(dir.path(), "me@example.com");
        again.fill(&mut list(&[("bob@example.com", "bob@example.com")]));
        again.save().unwrap();
        let text = std::fs::read_to_string(again.path()).unwrap();
        assert!(text.contains("Bob") && !text.contains("Gone"), "{text}");
    }

    #[test]
    fn an_unreadable_file_is_replaced_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = KnownNames::load(dir.path(), "me@example.com")
            .path()
            .to_owned();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "names = [not toml").unwrap();
        let mut known = KnownNames::load(dir.path(), "me@example.com");
        let mut contacts = list(&[("bob@example.com", "bob@example.com")]);
        known.fill(&mut contacts);
        assert_eq!(names(&contacts), ["bob@example.com"]);
        known.remember("bob@example.com", "Bob");
        known.save().unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains("Bob"));
    }
}
