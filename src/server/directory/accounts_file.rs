//! The accounts file (`msntui serve --accounts FILE`): a human-written TOML description
//! of accounts, their lists and groups. Its format is documented in README.md.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

use super::{Account, BotKind, BotPresence, Contact, Directory, Group, Privacy, new_guid};
use crate::protocol::field::Field;
use crate::protocol::types::{List, ListBits, Status};

#[derive(Debug, Error)]
pub enum AccountsFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    accounts: Vec<AccountSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountSpec {
    pub email: String,
    pub password: String,
    pub name: Option<String>,
    #[serde(default)]
    pub personal_message: String,
    #[serde(default)]
    pub allow_others: bool,
    #[serde(default)]
    pub groups: Vec<String>,
    pub bot: Option<BotSpec>,
    #[serde(default)]
    pub contacts: Vec<ContactSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BotSpec {
    pub kind: BotKind,
    #[serde(default = "online")]
    pub status: String,
}

fn online() -> String {
    "NLN".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ContactSpec {
    pub email: String,
    pub lists: Vec<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
}

/// Reads and checks an accounts file.
pub fn load_accounts_file(path: &Path) -> Result<Directory, AccountsFileError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| AccountsFileError::Read {
        path: shown.clone(),
        source,
    })?;
    let file: File = toml::from_str(&text).map_err(|error| AccountsFileError::Invalid {
        path: shown.clone(),
        message: error.to_string(),
    })?;
    build(file.accounts).map_err(|message| AccountsFileError::Invalid {
        path: shown,
        message,
    })
}

/// Turns account descriptions into a directory, checking every reference.
pub(super) fn build(specs: Vec<AccountSpec>) -> Result<Directory, String> {
    let known: Vec<String> = specs
        .iter()
        .map(|spec| spec.email.to_ascii_lowercase())
        .collect();
    let mut accounts = BTreeMap::new();
    for (index, spec) in specs.into_iter().enumerate() {
        let email = spec.email.to_ascii_lowercase();
        if !crate::protocol::types::is_valid_email(&email) {
            return Err(format!(
                "account {}: {email:?} is not an e-mail address",
                index + 1
            ));
        }
        let groups: Vec<Group> = spec
            .groups
            .iter()
            .enumerate()
            .map(|(i, name)| Group {
                id: new_guid(),
                number: i as u32 + 1,
                name: name.clone(),
            })
            .collect();
        let mut contacts = BTreeMap::new();
        for contact in spec.contacts {
            let address = contact.email.to_ascii_lowercase();
            if !known.contains(&address) {
                return Err(format!("{email}: contact {address} has no account"));
            }
            let mut lists = ListBits(0);
            for code in &contact.lists {
                match List::parse_field(code) {
                    Some(List::Reverse) | None => {
                        return Err(format!(
                            "{email}: contact {address}: list {code:?} must be FL, AL, BL or PL"
                        ));
                    }
                    Some(list) => lists = lists.with(list),
                }
            }
            let mut member_of = Vec::new();
            for name in &contact.groups {
                let group = groups
                    .iter()
                    .find(|group| &group.name == name)
                    .ok_or_else(|| {
                        format!("{email}: contact {address}: no group named {name:?}")
                    })?;
                member_of.push(group.id.clone());
            }
            contacts.insert(
                address.clone(),
                Contact {
                    id: new_guid(),
                    lists,
                    stored_name: contact.name.unwrap_or(address),
                    groups: member_of,
                },
            );
        }
        let bot = match spec.bot {
            Some(bot) => {
                if Status::parse_field(&bot.status)
                    .is_none_or(|status| matches!(status, Status::Offline | Status::Hidden))
                {
                    return Err(format!(
                        "{email}: bot status {:?} is not an online status",
                        bot.status
                    ));
                }
                Some(BotPresence {
                    kind: bot.kind,
                    status: bot.status,
                })
            }
            None => None,
        };
        let account = Account {
            display_name: spec.name.unwrap_or_else(|| email.clone()),
            email: email.clone(),
            password: spec.password,
            personal_message: spec.personal_message,
            privacy: if spec.allow_others {
                Privacy::AllowOthers
            } else {
                Privacy::BlockOthers
            },
            ask_on_add: true,
            member_id: member_id(&email),
            contacts,
            groups,
            bot,
        };
        if accounts.insert(email.clone(), account).is_some() {
            return Err(format!("account {email} is listed twice"));
        }
    }
    Ok(Directory::new(accounts))
}

/// A stable pseudo member id derived from the address (shown in the profile message).
fn member_id(email: &str) -> u64 {
    email.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
