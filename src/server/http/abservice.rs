//! Address-book changes: forward-list contacts, groups and group membership, and the
//! caller's own display name and privacy settings (through the `Me` contact).

use super::abch::{AbchError, Call};
use super::soap::{ab_empty_response, ab_guid_response, account_guid};
use crate::protocol::List;
use crate::protocol::xml::Element;
use crate::server::directory::{Directory, DirectoryError, Privacy};

/// A name the ABCH reserves for contacts outside every group.
const NO_GROUP: &str = "(No Group)";

/// The `guid`s under `groupFilter/groupIds`.
fn group_filter(action: &Element) -> Vec<String> {
    action
        .path(&["groupFilter", "groupIds"])
        .map(|ids| {
            ids.children
                .iter()
                .filter(|id| id.name == "guid")
                .map(|id| id.trimmed().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The `contacts/Contact` elements of a request.
fn contacts(action: &Element) -> Vec<&Element> {
    action
        .child("contacts")
        .map(|list| {
            list.children
                .iter()
                .filter(|c| c.name == "Contact")
                .collect()
        })
        .unwrap_or_default()
}

/// `propertiesChanged`, a space-separated list; Escargot refuses updates without one.
fn properties_changed(element: &Element) -> Result<Vec<&str>, AbchError> {
    let properties: Vec<&str> = element
        .child("propertiesChanged")
        .map(|changed| changed.trimmed().split_whitespace().collect())
        .unwrap_or_default();
    if properties.is_empty() {
        return Err(AbchError::Refused("propertiesChanged is missing"));
    }
    Ok(properties)
}

fn checked_email(email: &str) -> Result<String, AbchError> {
    for required in ['@', '.'] {
        if !email.contains(required) {
            return Err(AbchError::BadEmail(required));
        }
    }
    Ok(email.to_ascii_lowercase())
}

fn contact_id(directory: &Directory, owner: &str, email: &str) -> Option<String> {
    directory
        .account(owner)?
        .contacts
        .get(email)
        .map(|contact| contact.id.clone())
}

fn on_forward_list(directory: &Directory, owner: &str, email: &str) -> bool {
    directory
        .account(owner)
        .and_then(|account| account.contacts.get(email))
        .is_some_and(|contact| contact.lists.contains(List::Forward))
}

/// The address of a forward-list contact named by its GUID.
fn forward_contact(directory: &Directory, owner: &str, id: &str) -> Result<String, AbchError> {
    directory
        .contact_by_id(owner, id)
        .filter(|email| on_forward_list(directory, owner, email))
        .ok_or(AbchError::NoContact)
}

/// Puts a new address on the forward list and returns its contact GUID.
fn add_forward(directory: &mut Directory, owner: &str, email: &str) -> Result<String, AbchError> {
    if on_forward_list(directory, owner, email) {
        return Err(AbchError::ContactExists);
    }
    Ok(directory.add_to_list(owner, List::Forward, email, email)?)
}

pub fn contact_add(call: &Call<'_>) -> Result<String, AbchError> {
    let contact = contacts(call.action)
        .into_iter()
        .next()
        .ok_or(AbchError::Refused("no contact to add"))?;
    let email = checked_email(contact.find_text("passportName").unwrap_or_default())?;
    let id = call.transact(|directory, owner| add_forward(directory, owner, &email))?;
    Ok(ab_guid_response(call.host, "ABContactAdd", &id))
}

pub fn contact_delete(call: &Call<'_>) -> Result<String, AbchError> {
    let ids: Vec<String> = contacts(call.action)
        .iter()
        .map(|contact| {
            contact
                .find_text("contactId")
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    call.transact(|directory, owner| {
        for id in &ids {
            let email = forward_contact(directory, owner, id)?;
            directory.remove_from_list(owner, List::Forward, &email)?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "ABContactDelete"))
}

pub fn contact_update(call: &Call<'_>) -> Result<String, AbchError> {
    let updates = contacts(call.action);
    call.transact(|directory, owner| {
        let me = directory
            .account(owner)
            .map(|account| account_guid(account.member_id))
            .unwrap_or_default();
        for contact in &updates {
            let info = contact
                .child("contactInfo")
                .ok_or(AbchError::Refused("contactInfo is missing"))?;
            let properties = properties_changed(contact)?;
            let id = contact.find_text("contactId").unwrap_or_default();
            if info.find_text("contactType") == Some("Me") || id.eq_ignore_ascii_case(&me) {
                update_me(directory, owner, info, &properties)?;
            } else {
                forward_contact(directory, owner, id)?;
            }
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "ABContactUpdate"))
}

/// The caller's display name and the `MSN.IM.BLP` / `MSN.IM.GTC` annotations.
fn update_me(
    directory: &mut Directory,
    owner: &str,
    info: &Element,
    properties: &[&str],
) -> Result<(), AbchError> {
    if properties.contains(&"DisplayName") {
        let name = info.find_text("displayName").unwrap_or_default();
        directory.set_display_name(owner, name)?;
    }
    if !properties.contains(&"Annotation") {
        return Ok(());
    }
    for annotation in info.find_all("Annotation") {
        let value = annotation.find_text("Value").unwrap_or_default();
        match (annotation.find_text("Name").unwrap_or_default(), value) {
            ("MSN.IM.BLP", "1") => directory.set_privacy(owner, Privacy::AllowOthers)?,
            ("MSN.IM.BLP", "2") => directory.set_privacy(owner, Privacy::BlockOthers)?,
            ("MSN.IM.GTC", "1") => directory.set_ask_on_add(owner, true)?,
            ("MSN.IM.GTC", "2") => directory.set_ask_on_add(owner, false)?,
            _ => {}
        }
    }
    Ok(())
}

/// Refuses the reserved name and names another group already has.
fn check_group_name(
    directory: &Directory,
    owner: &str,
    name: &str,
    renamed: Option<&str>,
) -> Result<(), AbchError> {
    let taken = directory.account(owner).is_some_and(|account| {
        account
            .groups
            .iter()
            .any(|group| group.name == name && Some(group.id.as_str()) != renamed)
    });
    if name == NO_GROUP || taken {
        return Err(AbchError::GroupExists);
    }
    Ok(())
}

pub fn group_add(call: &Call<'_>) -> Result<String, AbchError> {
    let name = call
        .action
        .find_text("name")
        .ok_or(AbchError::Refused("no group name"))?;
    let group = call.transact(|directory, owner| {
        check_group_name(directory, owner, name, None)?;
        Ok(directory.add_group(owner, name)?)
    })?;
    Ok(ab_guid_response(call.host, "ABGroupAdd", &group.id))
}

pub fn group_update(call: &Call<'_>) -> Result<String, AbchError> {
    let groups: Vec<&Element> = call
        .action
        .child("groups")
        .map(|list| list.children.iter().filter(|g| g.name == "Group").collect())
        .unwrap_or_default();
    call.transact(|directory, owner| {
        for group in &groups {
            let id = group.find_text("groupId").unwrap_or_default();
            let existing = directory
                .group(owner, id)
                .map(|group| group.id.clone())
                .ok_or(AbchError::Refused("no such group"))?;
            if !properties_changed(group)?.contains(&"GroupName") {
                continue;
            }
            let name = group
                .path(&["groupInfo", "name"])
                .map(Element::trimmed)
                .ok_or(AbchError::Refused("no group name"))?;
            check_group_name(directory, owner, name, Some(&existing))?;
            directory.rename_group(owner, &existing, name)?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "ABGroupUpdate"))
}

pub fn group_delete(call: &Call<'_>) -> Result<String, AbchError> {
    let ids = group_filter(call.action);
    call.transact(|directory, owner| {
        for id in &ids {
            directory.remove_group(owner, id)?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "ABGroupDelete"))
}

/// Adds a contact (by GUID, or by address, adding it to the forward list first) to groups.
pub fn group_contact_add(call: &Call<'_>) -> Result<String, AbchError> {
    let groups = group_filter(call.action);
    let contact = contacts(call.action)
        .into_iter()
        .next()
        .ok_or(AbchError::Refused("no contact"))?;
    let by_address = contact
        .child("contactInfo")
        .map(|info| {
            let email = info
                .find_text("passportName")
                .or_else(|| info.find_text("email"))
                .unwrap_or_default();
            checked_email(email)
        })
        .transpose()?;
    let id = call.transact(|directory, owner| {
        let email = match &by_address {
            Some(email) => {
                if !on_forward_list(directory, owner, email) {
                    add_forward(directory, owner, email)?;
                }
                email.clone()
            }
            None => forward_contact(
                directory,
                owner,
                contact.find_text("contactId").unwrap_or_default(),
            )?,
        };
        for group in &groups {
            directory
                .set_membership(owner, &email, group, true)
                .map_err(|error| match error {
                    DirectoryError::AlreadyListed(_) => {
                        AbchError::Refused("contact is already in that group")
                    }
                    other => other.into(),
                })?;
        }
        contact_id(directory, owner, &email).ok_or(AbchError::NoContact)
    })?;
    Ok(ab_guid_response(call.host, "ABGroupContactAdd", &id))
}

pub fn group_contact_delete(call: &Call<'_>) -> Result<String, AbchError> {
    let groups = group_filter(call.action);
    let id = call
        .action
        .find_text("contactId")
        .unwrap_or_default()
        .to_owned();
    call.transact(|directory, owner| {
        let email = forward_contact(directory, owner, &id)?;
        for group in &groups {
            directory.set_membership(owner, &email, group, false)?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "ABGroupContactDelete"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_group_filters_and_contacts() {
        let action = Element::parse(
            b"<ABGroupContactAdd><abId>0</abId><groupFilter><groupIds><guid> g1 </guid><guid>g2</guid></groupIds></groupFilter><contacts><Contact><contactId>c1</contactId></Contact></contacts></ABGroupContactAdd>",
        )
        .expect("valid");
        assert_eq!(group_filter(&action), ["g1", "g2"]);
        let found = contacts(&action);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].find_text("contactId"), Some("c1"));
    }

    #[test]
    fn checks_addresses_like_the_abch() {
        assert!(matches!(
            checked_email("bob"),
            Err(AbchError::BadEmail('@'))
        ));
        assert!(matches!(
            checked_email("bob@local"),
            Err(AbchError::BadEmail('.'))
        ));
        assert_eq!(
            checked_email("Bob@Example.com").expect("valid"),
            "bob@example.com"
        );
    }

    #[test]
    fn updates_need_a_property_list() {
        let contact = Element::parse(
            b"<Contact><propertiesChanged>DisplayName Annotation</propertiesChanged></Contact>",
        )
        .expect("valid");
        assert_eq!(
            properties_changed(&contact).expect("listed"),
            ["DisplayName", "Annotation"]
        );
        let bare = Element::parse(b"<Contact/>").expect("valid");
        assert!(properties_changed(&bare).is_err());
    }
}
