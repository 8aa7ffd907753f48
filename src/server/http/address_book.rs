//! `ABFindAll` (MSNP13–15) and `ABFindContactsPaged` (MSNP16+): the caller's groups, the
//! forward-list contacts and the caller's own `Me` entry, in the recorded shapes.

use std::fmt::Write;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::abch::{AbchError, Call, DEFAULT_AB_ID};
use super::soap::{AB_NAMESPACE, ab_envelope, account_guid, cid, timestamp};
use crate::protocol::List;
use crate::protocol::xml::escape;
use crate::server::directory::{Account, Contact, Directory, Group, Privacy};
use crate::server::lock;

/// The two response flavours differ in element case and a few extra fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    FindAll,
    Paged,
}

pub fn find_all(call: &Call<'_>) -> Result<String, AbchError> {
    respond(call, Flavour::FindAll)
}

pub fn find_contacts_paged(call: &Call<'_>) -> Result<String, AbchError> {
    respond(call, Flavour::Paged)
}

fn respond(call: &Call<'_>, flavour: Flavour) -> Result<String, AbchError> {
    let now = timestamp(SystemTime::now());
    let store = lock(&call.shared.store);
    let directory = store.directory();
    let account = directory
        .account(&call.owner)
        .ok_or_else(|| AbchError::InvalidUser(call.owner.clone()))?;
    let (action, groups_tag, contacts_tag, ab_tag) = match flavour {
        Flavour::FindAll => ("ABFindAll", "groups", "contacts", "ab"),
        Flavour::Paged => ("ABFindContactsPaged", "Groups", "Contacts", "Ab"),
    };
    let mut body = format!(
        "\t\t<{action}Response xmlns=\"{AB_NAMESPACE}\">\n\t\t\t<{action}Result>\n\t\t\t\t<{groups_tag}>"
    );
    for group in &account.groups {
        body.push_str(&group_entry(group, &now));
    }
    let _ = write!(body, "\n\t\t\t\t</{groups_tag}>\n\t\t\t\t<{contacts_tag}>");
    for (email, contact) in &account.contacts {
        if contact.lists.contains(List::Forward) {
            body.push_str(&contact_entry(directory, email, contact, &now));
        }
    }
    body.push_str(&me_entry(account, &now));
    let _ = write!(body, "\n\t\t\t\t</{contacts_tag}>");
    if flavour == Flavour::Paged {
        let _ = write!(
            body,
            "\n\t\t\t\t<CircleResult>\n\t\t\t\t\t<CircleTicket>{}</CircleTicket>\n\t\t\t\t</CircleResult>",
            escape(&circle_ticket(cid(account.member_id)))
        );
    }
    let _ = write!(
        body,
        "\n\t\t\t\t<{ab_tag}>{}\n\t\t\t\t</{ab_tag}>\n\t\t\t</{action}Result>\n\t\t</{action}Response>",
        ab_properties(account, flavour, &now)
    );
    Ok(ab_envelope(call.host, &body))
}

fn group_entry(group: &Group, now: &str) -> String {
    format!(
        "
\t\t\t\t\t<Group>
\t\t\t\t\t\t<groupId>{id}</groupId>
\t\t\t\t\t\t<groupInfo>
\t\t\t\t\t\t\t<annotations>
\t\t\t\t\t\t\t\t<Annotation>
\t\t\t\t\t\t\t\t\t<Name>MSN.IM.Display</Name>
\t\t\t\t\t\t\t\t\t<Value>1</Value>
\t\t\t\t\t\t\t\t</Annotation>
\t\t\t\t\t\t\t</annotations>
\t\t\t\t\t\t\t<groupType>c8529ce2-6ead-434d-881f-341e17db3ff8</groupType>
\t\t\t\t\t\t\t<name>{name}</name>
\t\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>
\t\t\t\t\t\t\t<IsPrivate>false</IsPrivate>
\t\t\t\t\t\t\t<IsFavorite>false</IsFavorite>
\t\t\t\t\t\t</groupInfo>
\t\t\t\t\t\t<propertiesChanged />
\t\t\t\t\t\t<fDeleted>false</fDeleted>
\t\t\t\t\t\t<lastChange>{now}</lastChange>
\t\t\t\t\t</Group>",
        id = escape(&group.id),
        name = escape(&group.name),
    )
}

fn contact_entry(directory: &Directory, email: &str, contact: &Contact, now: &str) -> String {
    let member_cid = directory
        .account(email)
        .map_or(0, |account| cid(account.member_id));
    let name = escape(&contact.stored_name);
    let email = escape(email);
    let group_ids = if contact.groups.is_empty() {
        String::new()
    } else {
        let ids: String = contact
            .groups
            .iter()
            .map(|id| format!("<guid>{}</guid>", escape(id)))
            .collect();
        format!("<groupIds>{ids}</groupIds>")
    };
    format!(
        "<Contact>
\t\t\t\t\t\t<contactId>{id}</contactId>
\t\t\t\t\t\t<contactInfo><contactType>Regular</contactType>
\t\t\t\t\t\t\t<quickName>{name}</quickName><passportName>{email}</passportName>
\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>
\t\t\t\t\t\t\t<displayName>{name}</displayName>
\t\t\t\t\t\t\t<puid>0</puid>{group_ids}<CID>{member_cid}</CID>
{tail}",
        tail = contact_tail(true, now),
        id = escape(&contact.id),
    )
}

/// What every contact entry ends with, after its `CID`.
fn contact_tail(messenger_user: bool, now: &str) -> String {
    format!(
        "\t\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>
\t\t\t\t\t\t\t<isMobileIMEnabled>false</isMobileIMEnabled>
\t\t\t\t\t\t\t<isMessengerUser>{messenger_user}</isMessengerUser>
\t\t\t\t\t\t\t<isFavorite>false</isFavorite>
\t\t\t\t\t\t\t<isSmtp>false</isSmtp>
\t\t\t\t\t\t\t<hasSpace>false</hasSpace>
\t\t\t\t\t\t\t<spotWatchState>NoDevice</spotWatchState>
\t\t\t\t\t\t\t<birthdate>0001-01-01T00:00:00</birthdate>
\t\t\t\t\t\t\t<primaryEmailType>ContactEmailPersonal</primaryEmailType>
\t\t\t\t\t\t\t<PrimaryLocation>ContactLocationPersonal</PrimaryLocation>
\t\t\t\t\t\t\t<PrimaryPhone>ContactPhonePersonal</PrimaryPhone>
\t\t\t\t\t\t\t<IsPrivate>false</IsPrivate>
\t\t\t\t\t\t\t<Gender>Unspecified</Gender>
\t\t\t\t\t\t\t<TimeZone>None</TimeZone>
\t\t\t\t\t\t</contactInfo>
\t\t\t\t\t\t<propertiesChanged />
\t\t\t\t\t\t<fDeleted>false</fDeleted>
\t\t\t\t\t\t<lastChange>{now}</lastChange>
\t\t\t\t\t</Contact>"
    )
}

/// The caller's own entry; its annotations carry the privacy settings (GTC and BLP).
fn me_entry(account: &Account, now: &str) -> String {
    let gtc = if account.ask_on_add { 1 } else { 2 };
    let blp = match account.privacy {
        Privacy::AllowOthers => 1,
        Privacy::BlockOthers => 2,
    };
    let name = escape(&account.display_name);
    format!(
        "<Contact>
\t\t\t\t\t\t<contactId>{id}</contactId>
\t\t\t\t\t\t<contactInfo>
\t\t\t\t\t\t\t<annotations>
\t\t\t\t\t\t\t\t<Annotation>
\t\t\t\t\t\t\t\t\t<Name>MSN.IM.MBEA</Name>
\t\t\t\t\t\t\t\t\t<Value>0</Value>
\t\t\t\t\t\t\t\t</Annotation>
\t\t\t\t\t\t\t\t<Annotation>
\t\t\t\t\t\t\t\t\t<Name>MSN.IM.GTC</Name>
\t\t\t\t\t\t\t\t\t<Value>{gtc}</Value>
\t\t\t\t\t\t\t\t</Annotation>
\t\t\t\t\t\t\t\t<Annotation>
\t\t\t\t\t\t\t\t\t<Name>MSN.IM.BLP</Name>
\t\t\t\t\t\t\t\t\t<Value>{blp}</Value>
\t\t\t\t\t\t\t\t</Annotation></annotations>
\t\t\t\t\t\t\t<contactType>Me</contactType>
\t\t\t\t\t\t\t<quickName>{name}</quickName>
\t\t\t\t\t\t\t<passportName>{email}</passportName>
\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>
\t\t\t\t\t\t\t<displayName>{name}</displayName>
\t\t\t\t\t\t\t<puid>0</puid>
\t\t\t\t\t\t\t<CID>{cid}</CID>
{tail}",
        tail = contact_tail(false, now),
        id = account_guid(account.member_id),
        email = escape(&account.email),
        cid = cid(account.member_id),
    )
}

fn ab_properties(account: &Account, flavour: Flavour, now: &str) -> String {
    let paged_only = match flavour {
        Flavour::FindAll => "",
        Flavour::Paged => {
            "\n\t\t\t\t\t\t<AccountTierLastChanged>0001-01-01T00:00:00</AccountTierLastChanged>\n\t\t\t\t\t\t<ProfileVersion>0</ProfileVersion>"
        }
    };
    format!(
        "
\t\t\t\t\t<abId>{DEFAULT_AB_ID}</abId>
\t\t\t\t\t<abInfo>
\t\t\t\t\t\t<ownerPuid>0</ownerPuid>
\t\t\t\t\t\t<OwnerCID>{cid}</OwnerCID>
\t\t\t\t\t\t<ownerEmail>{email}</ownerEmail>
\t\t\t\t\t\t<fDefault>true</fDefault>
\t\t\t\t\t\t<joinedNamespace>false</joinedNamespace>
\t\t\t\t\t\t<IsBot>false</IsBot>
\t\t\t\t\t\t<IsParentManaged>false</IsParentManaged>{paged_only}
\t\t\t\t\t\t<SubscribeExternalPartner>false</SubscribeExternalPartner>
\t\t\t\t\t\t<NotifyExternalPartner>false</NotifyExternalPartner>
\t\t\t\t\t\t<AddressBookType>Individual</AddressBookType>
\t\t\t\t\t</abInfo>
\t\t\t\t\t<lastChange>{now}</lastChange>
\t\t\t\t\t<DynamicItemLastChanged>0001-01-01T00:00:00</DynamicItemLastChanged>
\t\t\t\t\t<createDate>{now}</createDate>
\t\t\t\t\t<propertiesChanged />",
        cid = cid(account.member_id),
        email = escape(&account.email),
    )
}

/// The circle ticket MSNP18 clients hand to the NS (`USR SHA A`). The server holds no
/// signing key, so the signature is zeros; its `Data` carries the caller's CID.
fn circle_ticket(cid: i64) -> String {
    let data = format!(
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Ticket xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\r\n  <TS>0000-01-01T00:00:00</TS>\r\n  <CID>{cid}</CID>\r\n</Ticket>"
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-16\"?><SignedTicket xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" ver=\"1\" keyVer=\"1\"><Data>{}</Data><Sig>{}</Sig></SignedTicket>",
        BASE64.encode(data),
        BASE64.encode([0u8; 256]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::xml::Element;

    #[test]
    fn circle_ticket_data_names_the_cid() {
        let ticket = circle_ticket(-2_974_073_097_942_986_110);
        let root = Element::parse(ticket.as_bytes()).expect("well-formed");
        let data = BASE64
            .decode(root.find_text("Data").expect("data"))
            .expect("base64");
        let recorded = "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0idXRmLTE2Ij8+DQo8VGlja2V0IHhtbG5zOnhzaT0iaHR0cDovL3d3dy53My5vcmcvMjAwMS9YTUxTY2hlbWEtaW5zdGFuY2UiIHhtbG5zOnhzZD0iaHR0cDovL3d3dy53My5vcmcvMjAwMS9YTUxTY2hlbWEiPg0KICA8VFM+MDAwMC0wMS0wMVQwMDowMDowMDwvVFM+DQogIDxDSUQ+LTI5NzQwNzMwOTc5NDI5ODYxMTA8L0NJRD4NCjwvVGlja2V0Pg==";
        assert_eq!(BASE64.encode(data), recorded);
    }

    #[test]
    fn names_are_escaped() {
        let group = Group {
            id: "g1".into(),
            number: 1,
            name: "<Friends & Co>".into(),
        };
        let entry = group_entry(&group, "now");
        let root = Element::parse(entry.as_bytes()).expect("well-formed");
        assert_eq!(root.find_text("name"), Some("<Friends & Co>"));
    }
}
