//! The sharing service: `FindMembership` lists AL, BL, RL and PL as memberships;
//! `AddMember` and `DeleteMember` change AL, BL and PL (RL is derived, never stored).

use std::fmt::Write;
use std::time::SystemTime;

use super::abch::{AbchError, Call};
use super::soap::{AB_NAMESPACE, ab_empty_response, ab_envelope, account_guid, cid, timestamp};
use crate::protocol::xml::{Element, escape};
use crate::protocol::{List, ListBits};
use crate::server::directory::{Directory, DirectoryError};
use crate::server::lock;

/// Membership roles in the order Escargot lists them.
const ROLES: [(List, &str); 4] = [
    (List::Allow, "Allow"),
    (List::Block, "Block"),
    (List::Reverse, "Reverse"),
    (List::Pending, "Pending"),
];

fn role_list(role: &str) -> Option<List> {
    ROLES
        .iter()
        .find(|(_, name)| *name == role)
        .map(|(list, _)| *list)
}

/// Whether a contact shows up under `list`; pending people are not yet on the reverse list.
fn shown_in(list: List, bits: ListBits) -> bool {
    match list {
        List::Reverse => bits.contains(List::Reverse) && !bits.contains(List::Pending),
        _ => bits.contains(list),
    }
}

pub fn find_membership(call: &Call<'_>) -> Result<String, AbchError> {
    let now = timestamp(SystemTime::now());
    let store = lock(&call.shared.store);
    let directory = store.directory();
    let account = directory
        .account(&call.owner)
        .ok_or_else(|| AbchError::InvalidUser(call.owner.clone()))?;
    let roster = directory.roster(&call.owner);
    let mut memberships = String::new();
    for (list, role) in ROLES {
        let _ = write!(
            memberships,
            "<Membership>\n\t\t\t\t\t\t\t\t<MemberRole>{role}</MemberRole>\n\t\t\t\t\t\t\t\t<Members>"
        );
        for (email, bits) in &roster {
            if shown_in(list, *bits) {
                memberships.push_str(&member_entry(directory, &call.owner, role, email, &now));
            }
        }
        memberships.push_str(
            "</Members>\n\t\t\t\t\t\t\t\t<MembershipIsComplete>true</MembershipIsComplete>\n\t\t\t\t\t\t\t</Membership>",
        );
    }
    let body = format!(
        "\t\t<FindMembershipResponse xmlns=\"{AB_NAMESPACE}\">
\t\t\t<FindMembershipResult>
\t\t\t\t<Services>
\t\t\t\t\t<Service>
\t\t\t\t\t\t<Memberships>{memberships}
\t\t\t\t\t\t</Memberships>
\t\t\t\t\t\t<Info>
\t\t\t\t\t\t\t<Handle>
\t\t\t\t\t\t\t\t<Id>1</Id>
\t\t\t\t\t\t\t\t<Type>Messenger</Type>
\t\t\t\t\t\t\t\t<ForeignId />
\t\t\t\t\t\t\t</Handle>
\t\t\t\t\t\t\t<InverseRequired>false</InverseRequired>
\t\t\t\t\t\t\t<AuthorizationCriteria>Everyone</AuthorizationCriteria>
\t\t\t\t\t\t\t<IsBot>false</IsBot>
\t\t\t\t\t\t</Info>
\t\t\t\t\t\t<Changes />
\t\t\t\t\t\t<LastChange>{now}</LastChange>
\t\t\t\t\t\t<Deleted>false</Deleted>
\t\t\t\t\t</Service>
\t\t\t\t</Services>
\t\t\t\t<OwnerNamespace>
\t\t\t\t\t<Info>
\t\t\t\t\t\t<Handle>
\t\t\t\t\t\t\t<Id>00000000-0000-0000-0000-000000000000</Id>
\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>
\t\t\t\t\t\t\t<CID>0</CID>
\t\t\t\t\t\t</Handle>
\t\t\t\t\t\t<CreatorPuid>0</CreatorPuid>
\t\t\t\t\t\t<CreatorCID>{owner_cid}</CreatorCID>
\t\t\t\t\t\t<CreatorPassportName>{owner}</CreatorPassportName>
\t\t\t\t\t\t<CircleAttributes>
\t\t\t\t\t\t\t<IsPresenceEnabled>false</IsPresenceEnabled>
\t\t\t\t\t\t\t<Domain>WindowsLive</Domain>
\t\t\t\t\t\t</CircleAttributes>
\t\t\t\t\t\t<MessengerApplicationServiceCreated>false</MessengerApplicationServiceCreated>
\t\t\t\t\t</Info>
\t\t\t\t\t<Changes />
\t\t\t\t\t<CreateDate>{now}</CreateDate>
\t\t\t\t\t<LastChange>{now}</LastChange>
\t\t\t\t</OwnerNamespace>
\t\t\t</FindMembershipResult>
\t\t</FindMembershipResponse>",
        owner_cid = cid(account.member_id),
        owner = escape(&account.email),
    );
    Ok(ab_envelope(call.host, &body))
}

/// The id a member is known by: its contact GUID, or for people who only have the caller
/// on their list, their account GUID.
fn member_id(directory: &Directory, owner: &str, email: &str) -> String {
    directory
        .account(owner)
        .and_then(|account| account.contacts.get(email))
        .map(|contact| contact.id.clone())
        .or_else(|| {
            directory
                .account(email)
                .map(|account| account_guid(account.member_id))
        })
        .unwrap_or_default()
}

fn member_entry(directory: &Directory, owner: &str, role: &str, email: &str, now: &str) -> String {
    let member_cid = directory
        .account(email)
        .map_or(0, |account| cid(account.member_id));
    format!(
        "<Member xsi:type=\"PassportMember\">
\t\t\t\t\t\t\t\t\t\t<MembershipId>{role}/{id}</MembershipId>
\t\t\t\t\t\t\t\t\t\t<Type>Passport</Type>
\t\t\t\t\t\t\t\t\t\t<State>Accepted</State>
\t\t\t\t\t\t\t\t\t\t<Deleted>false</Deleted>
\t\t\t\t\t\t\t\t\t\t<LastChanged>{now}</LastChanged>
\t\t\t\t\t\t\t\t\t\t<JoinedDate>{now}</JoinedDate>
\t\t\t\t\t\t\t\t\t\t<ExpirationDate>0001-01-01T00:00:00</ExpirationDate>
\t\t\t\t\t\t\t\t\t\t<Changes />
\t\t\t\t\t\t\t\t\t\t<PassportName>{email}</PassportName>
\t\t\t\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>
\t\t\t\t\t\t\t\t\t\t<PassportId>0</PassportId>
\t\t\t\t\t\t\t\t\t\t<CID>{member_cid}</CID>
\t\t\t\t\t\t\t\t\t\t<PassportChanges />
\t\t\t\t\t\t\t\t\t\t<LookedupByCID>false</LookedupByCID>
\t\t\t\t\t\t\t\t\t</Member>",
        id = escape(&member_id(directory, owner, email)),
        email = escape(email),
    )
}

/// One member of an `AddMember`/`DeleteMember` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberChange {
    pub list: List,
    pub email: Option<String>,
    /// The GUID part of `MembershipId` (`Allow/<guid>`).
    pub membership_id: Option<String>,
}

/// Reads `memberships/Membership/{MemberRole, Members/Member}`.
pub fn member_changes(action: &Element) -> Result<Vec<MemberChange>, AbchError> {
    let mut changes = Vec::new();
    for membership in action.find_all("Membership") {
        let role = membership.find_text("MemberRole").unwrap_or_default();
        let list = role_list(role).ok_or(AbchError::Refused("unknown member role"))?;
        for member in membership.find_all("Member") {
            let email = member
                .find_text("PassportName")
                .or_else(|| member.find_text("Email"))
                .filter(|email| !email.is_empty())
                .map(str::to_ascii_lowercase);
            let membership_id = member
                .find_text("MembershipId")
                .and_then(|id| id.split_once('/'))
                .map(|(_, id)| id.to_owned());
            if email.is_none() && membership_id.is_none() {
                return Err(AbchError::Refused("member without a name"));
            }
            changes.push(MemberChange {
                list,
                email,
                membership_id,
            });
        }
    }
    Ok(changes)
}

pub fn add_member(call: &Call<'_>) -> Result<String, AbchError> {
    let changes = member_changes(call.action)?;
    call.transact(|directory, owner| {
        for change in &changes {
            let email = change
                .email
                .as_deref()
                .ok_or(AbchError::Refused("member without a name"))?;
            add_to(directory, owner, change.list, email)?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "AddMember"))
}

/// Adds to AL, BL or PL; moving between AL and BL takes the contact off the other one.
fn add_to(
    directory: &mut Directory,
    owner: &str,
    list: List,
    email: &str,
) -> Result<(), AbchError> {
    if list == List::Reverse {
        return Ok(());
    }
    let result = match directory.add_to_list(owner, list, email, email) {
        Err(DirectoryError::OppositeList(_)) => {
            let opposite = if list == List::Allow {
                List::Block
            } else {
                List::Allow
            };
            directory.remove_from_list(owner, opposite, email)?;
            directory.add_to_list(owner, list, email, email)
        }
        other => other,
    };
    match result {
        Ok(_) | Err(DirectoryError::AlreadyListed(_)) => Ok(()),
        Err(DirectoryError::NoSuchAccount(_)) => Err(AbchError::NoUser),
        Err(error) => Err(error.into()),
    }
}

pub fn delete_member(call: &Call<'_>) -> Result<String, AbchError> {
    let changes = member_changes(call.action)?;
    call.transact(|directory, owner| {
        for change in &changes {
            if change.list == List::Reverse {
                return Err(AbchError::Refused("the reverse list is kept by the server"));
            }
            let email = change
                .membership_id
                .as_deref()
                .and_then(|id| directory.contact_by_id(owner, id))
                .or_else(|| change.email.clone())
                .ok_or(AbchError::NoMember)?;
            directory
                .remove_from_list(owner, change.list, &email)
                .map_err(|error| match error {
                    DirectoryError::NotListed(_) => AbchError::NoMember,
                    other => other.into(),
                })?;
        }
        Ok(())
    })?;
    Ok(ab_empty_response(call.host, "DeleteMember"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_member_changes() {
        let action = Element::parse(
            br#"<AddMember xmlns="http://www.msn.com/webservices/AddressBook"><serviceHandle><Id>0</Id><Type>Messenger</Type></serviceHandle><memberships><Membership><MemberRole>Allow</MemberRole><Members><Member xsi:type="PassportMember" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Type>Passport</Type><State>Accepted</State><PassportName>Carol@Example.com</PassportName></Member></Members></Membership><Membership><MemberRole>Block</MemberRole><Members><Member><MembershipId>Block/abc-def</MembershipId></Member></Members></Membership></memberships></AddMember>"#,
        )
        .expect("valid");
        assert_eq!(
            member_changes(&action).expect("parses"),
            [
                MemberChange {
                    list: List::Allow,
                    email: Some("carol@example.com".into()),
                    membership_id: None,
                },
                MemberChange {
                    list: List::Block,
                    email: None,
                    membership_id: Some("abc-def".into()),
                },
            ]
        );
    }

    #[test]
    fn refuses_unknown_roles() {
        let action = Element::parse(
            b"<AddMember><memberships><Membership><MemberRole>Owner</MemberRole></Membership></memberships></AddMember>",
        )
        .expect("valid");
        assert!(matches!(
            member_changes(&action),
            Err(AbchError::Refused(_))
        ));
    }

    #[test]
    fn pending_people_are_not_listed_as_reverse() {
        let pending = ListBits(0).with(List::Reverse).with(List::Pending);
        assert!(!shown_in(List::Reverse, pending));
        assert!(shown_in(List::Pending, pending));
        assert!(shown_in(List::Reverse, ListBits(0).with(List::Reverse)));
    }
}
