//! The large answers (`FindMembership`, `ABFindAll`, `ABFindContactsPaged`) read in one
//! pass into the session's own types, keeping only the fields used: an address book of
//! thousands of contacts never exists as an element tree.

use std::collections::HashSet;

use super::call::Call;
use super::error::AddressBookError;
use super::model::{Contact, Group, Me, Memberships, Role, Snapshot};
use super::response::{read, unexpected};
use crate::protocol::xml::{Step, XmlError, local_name, walk};

/// Faults, HTTP errors and the `<Fault>` of an answer are read as before, from a tree:
/// they are small. Anything else is left to the streaming reader.
fn check_answer(call: Call, status: u16, body: &str) -> Result<(), AddressBookError> {
    if (200..300).contains(&status) && !body.contains("Fault") {
        return Ok(());
    }
    read(call, status, body).map(drop)
}

/// Where the reader is: local names from the root, and the text of the open element.
#[derive(Default)]
struct Cursor {
    path: Vec<String>,
    text: String,
}

impl Cursor {
    fn open(&mut self, name: String) {
        self.path.push(name);
        self.text.clear();
    }

    /// True when the open elements end with `names`.
    fn at(&self, names: &[&str]) -> bool {
        self.path.len() >= names.len()
            && self.path[self.path.len() - names.len()..]
                .iter()
                .zip(names)
                .all(|(open, name)| open == name)
    }

    /// True when the open elements are exactly `names`, from the root.
    fn is(&self, names: &[&str]) -> bool {
        self.path.len() == names.len() && self.at(names)
    }

    fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// Walks `body` with `close` called at each element's end (the cursor still on it).
fn read_closing(
    call: Call,
    body: &str,
    mut close: impl FnMut(&Cursor),
) -> Result<(), AddressBookError> {
    let mut cursor = Cursor::default();
    let walked = walk(body, |step| {
        match step {
            Step::Open(start) => cursor.open(local_name(&start)),
            Step::Text(text) => cursor.text.push_str(&text),
            Step::Close => {
                close(&cursor);
                cursor.path.pop();
                cursor.text.clear();
            }
        }
        Ok::<(), XmlError>(())
    });
    walked.map_err(|error| unexpected(call, format!("unreadable XML: {error}")))
}

fn is_true(text: &str) -> bool {
    matches!(text, "true" | "1")
}

#[derive(Default)]
struct MemberFields {
    deleted: bool,
    passport: Option<String>,
    email: Option<String>,
}

/// The memberships of the Messenger service in a `FindMembership` answer.
pub fn memberships(status: u16, body: &str) -> Result<Memberships, AddressBookError> {
    let call = Call::FindMembership;
    check_answer(call, status, body)?;
    let services = [
        "Envelope",
        "Body",
        "FindMembershipResponse",
        "FindMembershipResult",
        "Services",
    ];
    let mut found = Memberships::default();
    let mut listed: HashSet<(Role, String)> = HashSet::new();
    let mut seen_services = false;
    let mut service_type = String::new();
    let mut service_members: Vec<(Role, String)> = Vec::new();
    let mut role = None;
    let mut member = MemberFields::default();
    read_closing(call, body, |at| {
        let text = at.trimmed();
        if at.at(&["Member", "Deleted"]) {
            member.deleted = is_true(text);
        } else if at.at(&["Member", "PassportName"]) {
            member.passport = Some(text.to_owned());
        } else if at.at(&["Member", "Email"]) {
            member.email = Some(text.to_owned());
        } else if at.at(&["Members", "Member"]) {
            let member = std::mem::take(&mut member);
            let email = member
                .passport
                .or(member.email)
                .filter(|email| !email.is_empty());
            if let (Some(role), Some(email), false) = (role, email, member.deleted) {
                service_members.push((role, email.to_ascii_lowercase()));
            }
        } else if at.at(&["Membership", "MemberRole"]) {
            role = Role::from_name(text);
        } else if at.at(&["Memberships", "Membership"]) {
            role = None;
        } else if at.at(&["Service", "Info", "Handle", "Type"]) {
            service_type = text.to_owned();
        } else if at.at(&["Services", "Service"]) {
            let members = std::mem::take(&mut service_members);
            if std::mem::take(&mut service_type) == "Messenger" {
                for (role, email) in members {
                    if listed.insert((role, email.clone())) {
                        found.members_mut(role).push(email);
                    }
                }
            }
        } else if at.is(&services) {
            seen_services = true;
        }
    })?;
    if !seen_services {
        return Err(unexpected(call, "no FindMembershipResult/Services"));
    }
    Ok(found)
}

#[derive(Default)]
struct EntryFields {
    id: String,
    deleted: bool,
    has_info: bool,
    kind: String,
    email: String,
    display_name: String,
    is_messenger_user: bool,
    group_ids: Vec<String>,
    group_name: Option<String>,
}

impl EntryFields {
    /// A contact with an id and a passport name; e-mail-only and phone entries are skipped.
    fn contact(self) -> Option<Contact> {
        if self.id.is_empty() || self.email.is_empty() {
            return None;
        }
        let email = self.email.to_ascii_lowercase();
        let display_name = if self.display_name.is_empty() {
            email.clone()
        } else {
            self.display_name
        };
        Some(Contact {
            id: self.id,
            email,
            display_name,
            is_messenger_user: self.is_messenger_user,
            group_ids: self.group_ids,
        })
    }
}

/// The groups, contacts and `Me` entry of an `ABFindAll` or `ABFindContactsPaged` answer.
pub fn snapshot(call: Call, status: u16, body: &str) -> Result<Snapshot, AddressBookError> {
    check_answer(call, status, body)?;
    let (groups_tag, contacts_tag) = match call {
        Call::FindContactsPaged => ("Groups", "Contacts"),
        _ => ("groups", "contacts"),
    };
    let response_tag = format!("{}Response", call.name());
    let result_tag = format!("{}Result", call.name());
    let response_path = ["Envelope", "Body", response_tag.as_str()];
    let result_path = [
        "Envelope",
        "Body",
        response_tag.as_str(),
        result_tag.as_str(),
    ];
    let (mut seen_response, mut seen_result, mut envelope) = (false, false, false);
    let mut groups = Vec::new();
    let mut contacts = Vec::new();
    let mut me = None;
    let mut entry = EntryFields::default();
    read_closing(call, body, |at| {
        let text = at.trimmed();
        if at.at(&["Contact", "contactId"]) || at.at(&["Group", "groupId"]) {
            entry.id = text.to_owned();
        } else if at.at(&["Contact", "fDeleted"]) || at.at(&["Group", "fDeleted"]) {
            entry.deleted = is_true(text);
        } else if at.at(&["contactInfo", "contactType"]) {
            entry.kind = text.to_owned();
        } else if at.at(&["contactInfo", "passportName"]) {
            entry.email = text.to_owned();
        } else if at.at(&["contactInfo", "displayName"]) {
            entry.display_name = text.to_owned();
        } else if at.at(&["contactInfo", "isMessengerUser"]) {
            entry.is_messenger_user = is_true(text);
        } else if at.at(&["contactInfo", "groupIds", "guid"]) {
            entry.group_ids.push(text.to_owned());
        } else if at.at(&["Contact", "contactInfo"]) {
            entry.has_info = true;
        } else if at.at(&["Group", "groupInfo", "name"]) {
            entry.group_name = Some(text.to_owned());
        } else if at.at(&[result_tag.as_str(), contacts_tag, "Contact"]) {
            let done = std::mem::take(&mut entry);
            if done.deleted || !done.has_info {
                return;
            }
            if done.kind == "Me" {
                me = done.contact().map(|me| Me {
                    id: me.id,
                    email: me.email,
                    display_name: me.display_name,
                });
            } else if let Some(contact) = done.contact() {
                contacts.push(contact);
            }
        } else if at.at(&[result_tag.as_str(), groups_tag, "Group"]) {
            let done = std::mem::take(&mut entry);
            if let (false, false, Some(name)) = (done.deleted, done.id.is_empty(), done.group_name)
            {
                groups.push(Group { id: done.id, name });
            }
        } else if at.is(&result_path) {
            seen_result = true;
        } else if at.is(&response_path) {
            seen_response = true;
        } else if at.is(&["Envelope", "Body"]) {
            envelope = true;
        }
    })?;
    if !envelope {
        return Err(unexpected(call, "not a SOAP envelope"));
    }
    if !seen_response {
        return Err(unexpected(call, format!("no {response_tag}")));
    }
    if !seen_result {
        return Err(unexpected(call, format!("no {result_tag}")));
    }
    let me = me.ok_or_else(|| unexpected(call, "no Me contact"))?;
    Ok(Snapshot {
        me,
        groups,
        contacts,
    })
}
