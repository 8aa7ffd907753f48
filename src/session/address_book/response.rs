//! Reading the services' answers: faults and HTTP errors first, then the data each call
//! returns, all by local element names.

use super::call::Call;
use super::error::AddressBookError;
use crate::protocol::xml::Element;

const AUTH_FAILED: &str = "PassportAuthFail";
const FULL_SYNC_REQUIRED: &str = "FullSyncRequired";

pub(super) fn unexpected(call: Call, detail: impl Into<String>) -> AddressBookError {
    AddressBookError::UnexpectedAnswer {
        call,
        detail: detail.into(),
    }
}

/// Turns an answer into its SOAP body, or the error it reports.
pub fn read(call: Call, status: u16, body: &str) -> Result<Element, AddressBookError> {
    let success = (200..300).contains(&status);
    let root = match Element::parse(body.as_bytes()) {
        Ok(root) => root,
        Err(_) if !success => return Err(http_error(call, status)),
        Err(error) => return Err(unexpected(call, format!("unreadable XML: {error}"))),
    };
    let envelope = (root.name == "Envelope").then_some(root.children);
    let body = match envelope.and_then(|parts| parts.into_iter().find(|part| part.name == "Body")) {
        Some(body) => body,
        None if !success => return Err(http_error(call, status)),
        None => return Err(unexpected(call, "not a SOAP envelope")),
    };
    if let Some(fault) = body.child("Fault") {
        return Err(fault_error(call, fault));
    }
    if !success {
        return Err(http_error(call, status));
    }
    Ok(body)
}

fn http_error(call: Call, status: u16) -> AddressBookError {
    match status {
        401 | 403 => AddressBookError::AuthenticationFailed { call },
        _ => AddressBookError::Http { call, status },
    }
}

/// Maps a `soap:Fault`; the ABCH's own `errorcode` is more precise than `faultcode`.
fn fault_error(call: Call, fault: &Element) -> AddressBookError {
    let detail = fault.child("detail");
    let code = detail
        .and_then(|detail| detail.child_text("errorcode"))
        .or_else(|| fault.child_text("faultcode"))
        .unwrap_or_default();
    let code = code.rsplit(':').next().unwrap_or(code);
    match code {
        AUTH_FAILED => AddressBookError::AuthenticationFailed { call },
        FULL_SYNC_REQUIRED => AddressBookError::FullSyncRequired { call },
        _ => AddressBookError::Fault {
            call,
            code: code.to_owned(),
            message: detail
                .and_then(|detail| detail.child_text("errorstring"))
                .or_else(|| fault.child_text("faultstring"))
                .unwrap_or_default()
                .to_owned(),
        },
    }
}

/// The `{action}Response` element a successful call answers with.
pub fn response(call: Call, body: &Element) -> Result<&Element, AddressBookError> {
    let name = format!("{}Response", call.name());
    body.child(&name)
        .ok_or_else(|| unexpected(call, format!("no {name}")))
}

/// The GUID that `ABContactAdd` and `ABGroupAdd` return.
pub fn guid(call: Call, body: &Element) -> Result<String, AddressBookError> {
    let result = format!("{}Result", call.name());
    response(call, body)?
        .path(&[&result, "guid"])
        .map(Element::trimmed)
        .filter(|guid| !guid.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| unexpected(call, format!("no {result}/guid")))
}

#[cfg(test)]
mod tests {
    use super::super::model::{Contact, Group, Memberships, Role};
    use super::super::streamed::{memberships, snapshot};
    use super::*;

    fn envelope(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<soap:Header><ServiceHeader xmlns="http://www.msn.com/webservices/AddressBook"><Version>15.01.1408.0000</Version></ServiceHeader></soap:Header>
	<soap:Body>{body}</soap:Body>
</soap:Envelope>"#
        )
    }

    fn member(role: &str, email: &str) -> String {
        format!(
            r#"<Member xsi:type="PassportMember"><MembershipId>{role}/38f0af1a-8d0d-4213-9f1e-1b25720ce4c9</MembershipId><Type>Passport</Type><State>Accepted</State><Deleted>false</Deleted><Changes /><PassportName>{email}</PassportName><IsPassportNameHidden>false</IsPassportNameHidden><CID>-3898977693007667553</CID></Member>"#
        )
    }

    fn membership(role: &str, members: &str) -> String {
        format!(
            "<Membership>\n\t<MemberRole>{role}</MemberRole>\n\t<Members>{members}</Members>\n\t<MembershipIsComplete>true</MembershipIsComplete></Membership>"
        )
    }

    fn find_membership(memberships: &str, service: &str) -> String {
        envelope(&format!(
            r#"<FindMembershipResponse xmlns="http://www.msn.com/webservices/AddressBook"><FindMembershipResult><Services><Service><Memberships>{memberships}</Memberships><Info><Handle><Id>1</Id><Type>{service}</Type><ForeignId /></Handle></Info><Deleted>false</Deleted></Service></Services><OwnerNamespace><Info><CreatorPassportName>alice@example.com</CreatorPassportName></Info></OwnerNamespace></FindMembershipResult></FindMembershipResponse>"#
        ))
    }

    fn read_ok(call: Call, body: &str) -> Element {
        read(call, 200, body).expect("a successful answer")
    }

    #[test]
    fn memberships_are_read_per_role() {
        let body = find_membership(
            &[
                membership("Allow", &member("Allow", "Bob@Example.com")),
                membership("Block", ""),
                membership(
                    "Reverse",
                    &(member("Reverse", "bob@example.com") + &member("Reverse", "BOB@example.com")),
                ),
                membership("Pending", &member("Pending", "carol@example.com")),
                membership("ProfileExpression", &member("x", "dave@example.com")),
            ]
            .concat(),
            "Messenger",
        );
        let found = memberships(200, &body).expect("parses");
        assert_eq!(found.members(Role::Allow), ["bob@example.com"]);
        assert!(found.block.is_empty());
        assert_eq!(found.reverse, ["bob@example.com"]);
        assert_eq!(found.pending, ["carol@example.com"]);
    }

    #[test]
    fn other_services_and_deleted_members_are_ignored() {
        let deleted =
            member("Allow", "gone@example.com").replace("<Deleted>false", "<Deleted>true");
        let body = find_membership(&membership("Allow", &deleted), "Messenger");
        let found = memberships(200, &body).expect("parses");
        assert!(found.allow.is_empty());
        let body = find_membership(&membership("Allow", &member("Allow", "x@y.z")), "Space");
        let found = memberships(200, &body).expect("parses");
        assert_eq!(found, Memberships::default());
    }

    const BOB: &str = r#"<Contact>
		<contactId>38f0af1a-8d0d-4213-9f1e-1b25720ce4c9</contactId>
		<contactInfo><contactType>Regular</contactType>
			<quickName>Bob</quickName><passportName>Bob@Example.com</passportName>
			<displayName>Bob &amp; &lt;Co&gt;</displayName>
			<puid>0</puid><groupIds><guid>g-1</guid><guid>g-2</guid></groupIds><CID>-3898977693007667553</CID>
			<isMessengerUser>true</isMessengerUser>
		</contactInfo>
		<propertiesChanged />
		<fDeleted>false</fDeleted>
	</Contact>"#;
    const ME: &str = r#"<Contact>
		<contactId>bc3a1685-a219-424a-8212-105546f8b9d6</contactId>
		<contactInfo>
			<annotations><Annotation><Name>MSN.IM.BLP</Name><Value>2</Value></Annotation></annotations>
			<contactType>Me</contactType>
			<quickName>Alice Test</quickName>
			<passportName>alice@example.com</passportName>
			<displayName>Alice Test</displayName>
			<isMessengerUser>false</isMessengerUser>
		</contactInfo>
		<fDeleted>false</fDeleted>
	</Contact>"#;
    const GROUP: &str = r#"<Group><groupId>g-1</groupId><groupInfo><annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations><groupType>c8529ce2-6ead-434d-881f-341e17db3ff8</groupType><name>Work &amp; Play</name></groupInfo><fDeleted>false</fDeleted></Group>"#;

    #[test]
    fn find_all_lists_groups_contacts_and_me() {
        let body = envelope(&format!(
            r#"<ABFindAllResponse xmlns="http://www.msn.com/webservices/AddressBook"><ABFindAllResult><groups>{GROUP}</groups><contacts>{BOB}{ME}</contacts><ab><abId>00000000-0000-0000-0000-000000000000</abId></ab></ABFindAllResult></ABFindAllResponse>"#
        ));
        let snapshot = snapshot(Call::FindAll, 200, &body).expect("parses");
        assert_eq!(snapshot.me.display_name, "Alice Test");
        assert_eq!(snapshot.me.email, "alice@example.com");
        assert_eq!(
            snapshot.groups,
            [Group {
                id: "g-1".into(),
                name: "Work & Play".into()
            }]
        );
        assert_eq!(
            snapshot.contacts,
            [Contact {
                id: "38f0af1a-8d0d-4213-9f1e-1b25720ce4c9".into(),
                email: "bob@example.com".into(),
                display_name: "Bob & <Co>".into(),
                is_messenger_user: true,
                group_ids: vec!["g-1".into(), "g-2".into()],
            }]
        );
    }

    #[test]
    fn paged_answers_use_capitalised_containers() {
        let deleted = BOB.replace("<fDeleted>false", "<fDeleted>true");
        let body = envelope(&format!(
            r#"<ABFindContactsPagedResponse xmlns="http://www.msn.com/webservices/AddressBook"><ABFindContactsPagedResult><Groups>
						</Groups><Contacts>{deleted}{ME}</Contacts><CircleResult><CircleTicket>&lt;?xml version="1.0"?&gt;</CircleTicket></CircleResult><Ab><abId>00000000-0000-0000-0000-000000000000</abId></Ab></ABFindContactsPagedResult></ABFindContactsPagedResponse>"#
        ));
        let call = Call::FindContactsPaged;
        let snapshot = snapshot(call, 200, &body).expect("parses");
        assert!(snapshot.groups.is_empty());
        assert!(snapshot.contacts.is_empty());
        assert_eq!(snapshot.me.display_name, "Alice Test");
    }

    #[test]
    fn an_address_book_without_me_is_unexpected() {
        let body = envelope(&format!(
            r#"<ABFindAllResponse><ABFindAllResult><groups/><contacts>{BOB}</contacts></ABFindAllResult></ABFindAllResponse>"#
        ));
        assert!(matches!(
            snapshot(Call::FindAll, 200, &body),
            Err(AddressBookError::UnexpectedAnswer {
                call: Call::FindAll,
                ..
            })
        ));
    }

    #[test]
    fn added_items_return_their_guid() {
        let body = envelope(
            "<ABGroupAddResponse xmlns=\"http://www.msn.com/webservices/AddressBook\">\n\t<ABGroupAddResult>\n\t\t<guid>4e2a1b1c-0000-4000-8000-000000000001</guid>\n\t</ABGroupAddResult>\n</ABGroupAddResponse>",
        );
        let root = read_ok(Call::GroupAdd, &body);
        assert_eq!(
            guid(Call::GroupAdd, &root).expect("guid"),
            "4e2a1b1c-0000-4000-8000-000000000001"
        );
        assert!(guid(Call::ContactAdd, &root).is_err());
        let empty = envelope(
            "<ABGroupDeleteResponse xmlns=\"http://www.msn.com/webservices/AddressBook\"/>",
        );
        assert!(response(Call::GroupDelete, &read_ok(Call::GroupDelete, &empty)).is_ok());
        assert!(response(Call::GroupUpdate, &read_ok(Call::GroupDelete, &empty)).is_err());
    }

    fn fault(code: &str, message: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
	<soap:Body>
		<soap:Fault>
			<faultcode>soap:Client</faultcode>
			<faultstring>{message}</faultstring>
			<faultactor>http://www.msn.com/webservices/AddressBook/ABFindAll</faultactor>
			<detail>
				<errorcode xmlns="http://www.msn.com/webservices/AddressBook">{code}</errorcode>
				<errorstring xmlns="http://www.msn.com/webservices/AddressBook">{message}</errorstring>
				<machineName xmlns="http://www.msn.com/webservices/AddressBook">MSNTUI</machineName>
			</detail>
		</soap:Fault>
	</soap:Body>
</soap:Envelope>"#
        )
    }

    #[test]
    fn faults_map_to_typed_errors() {
        let full = fault(
            "FullSyncRequired",
            "Full sync required.  Details: Delta syncs disabled.",
        );
        assert!(matches!(
            read(Call::FindAll, 500, &full),
            Err(AddressBookError::FullSyncRequired {
                call: Call::FindAll
            })
        ));
        let auth = fault("PassportAuthFail", "Passport authentication failed");
        assert!(matches!(
            read(Call::FindMembership, 500, &auth),
            Err(AddressBookError::AuthenticationFailed {
                call: Call::FindMembership
            })
        ));
        let exists = fault("GroupAlreadyExists", "Group Already Exists &amp; more");
        let error = read(Call::GroupAdd, 500, &exists).expect_err("a fault");
        let AddressBookError::Fault {
            call,
            code,
            message,
        } = &error
        else {
            panic!("expected a fault, got {error:?}");
        };
        assert_eq!(
            (*call, code.as_str()),
            (Call::GroupAdd, "GroupAlreadyExists")
        );
        assert_eq!(message, "Group Already Exists & more");
        assert_eq!(
            error.to_string(),
            "ABGroupAdd: SOAP fault GroupAlreadyExists: Group Already Exists & more"
        );
    }

    #[test]
    fn a_fault_without_detail_uses_the_faultcode() {
        let body = envelope(
            "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>boom</faultstring></soap:Fault>",
        );
        let error = read(Call::ContactAdd, 500, &body).expect_err("a fault");
        assert!(matches!(
            error,
            AddressBookError::Fault { ref code, ref message, .. } if code == "Server" && message == "boom"
        ));
    }

    #[test]
    fn http_errors_and_garbage_are_errors() {
        assert!(matches!(
            read(Call::FindAll, 500, "500: Internal Server Error"),
            Err(AddressBookError::Http { status: 500, .. })
        ));
        assert!(matches!(
            read(Call::FindAll, 401, ""),
            Err(AddressBookError::AuthenticationFailed { .. })
        ));
        assert!(matches!(
            read(Call::FindAll, 404, &envelope("")),
            Err(AddressBookError::Http { status: 404, .. })
        ));
        assert!(matches!(
            read(Call::FindAll, 200, "<soap:Envelope><unclosed"),
            Err(AddressBookError::UnexpectedAnswer { .. })
        ));
        assert!(matches!(
            read(Call::FindAll, 200, "<html><body>hello</body></html>"),
            Err(AddressBookError::UnexpectedAnswer { .. })
        ));
        let body = envelope("<Other/>");
        assert!(memberships(200, &body).is_err());
        assert!(snapshot(Call::FindAll, 200, &body).is_err());
        assert!(snapshot(Call::FindAll, 200, "<html><body>hello</body></html>").is_err());
    }
}
