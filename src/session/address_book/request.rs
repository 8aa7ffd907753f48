//! SOAP request bodies, in the shapes of the recorded MSNP13–18 exchanges. Every value
//! that comes from outside goes through `escape`.

use std::borrow::Cow;

use super::call::Call;
use super::model::Role;
use crate::protocol::message::Secret;

pub(super) const AB_NAMESPACE: &str = "http://www.msn.com/webservices/AddressBook";
/// The application id libpurple sends.
const APPLICATION_ID: &str = "F6D2794D-501F-443A-ADBE-8F1490FF30FD";
/// The user's own address book: the all-zero GUID is the only one the services accept.
const AB_ID: &str = "<abId>00000000-0000-0000-0000-000000000000</abId>";
/// The ABCH's `groupType` for messenger contact groups.
const GROUP_TYPE: &str = "C8529CE2-6EAD-434d-881F-341E17DB3FF8";

/// `PartnerScenario`: why the client is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scenario {
    Initial,
    ContactSave,
    BlockUnblock,
    GroupSave,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Initial => "Initial",
            Scenario::ContactSave => "ContactSave",
            Scenario::BlockUnblock => "BlockUnblock",
            Scenario::GroupSave => "GroupSave",
        }
    }
}

/// One call and the contents of its action element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Request {
    pub call: Call,
    scenario: Scenario,
    inner: String,
}

fn escape(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

impl Request {
    fn new(call: Call, scenario: Scenario, inner: String) -> Self {
        Self {
            call,
            scenario,
            inner,
        }
    }

    /// The whole SOAP document, carrying `ticket` in `ABAuthHeader`.
    pub fn envelope(&self, ticket: &Secret) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><soap:Header><ABApplicationHeader xmlns="{AB_NAMESPACE}"><ApplicationId>{APPLICATION_ID}</ApplicationId><IsMigration>false</IsMigration><PartnerScenario>{scenario}</PartnerScenario></ABApplicationHeader><ABAuthHeader xmlns="{AB_NAMESPACE}"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>{ticket}</TicketToken></ABAuthHeader></soap:Header><soap:Body><{action} xmlns="{AB_NAMESPACE}">{inner}</{action}></soap:Body></soap:Envelope>"#,
            scenario = self.scenario.name(),
            ticket = escape(ticket.expose()),
            action = self.call.name(),
            inner = self.inner,
        )
    }
}

pub(super) fn find_membership() -> Request {
    let types: String = [
        "Messenger",
        "Invitation",
        "SocialNetwork",
        "Space",
        "Profile",
    ]
    .iter()
    .map(|service| format!("<ServiceType>{service}</ServiceType>"))
    .collect();
    Request::new(
        Call::FindMembership,
        Scenario::Initial,
        format!("<serviceFilter><Types>{types}</Types></serviceFilter>"),
    )
}

/// A full `ABFindAll`: no `lastChange`, so nothing is left out.
pub(super) fn find_all() -> Request {
    Request::new(
        Call::FindAll,
        Scenario::Initial,
        format!("{AB_ID}<abView>Full</abView><deltasOnly>false</deltasOnly>"),
    )
}

/// A full `ABFindContactsPaged` (MSNP18).
pub(super) fn find_contacts_paged() -> Request {
    Request::new(
        Call::FindContactsPaged,
        Scenario::Initial,
        "<filterOptions><DeltasOnly>false</DeltasOnly><ContactFilter><IncludeHiddenContacts>true</IncludeHiddenContacts></ContactFilter><HasFilter>false</HasFilter></filterOptions><abView>MessengerClient8</abView><extendedContent>AB AllGroups CircleResult</extendedContent>".into(),
    )
}

/// `AddMember` or `DeleteMember` for one passport member.
pub(super) fn member_change(call: Call, role: Role, email: &str) -> Request {
    let scenario = match role {
        Role::Allow | Role::Block => Scenario::BlockUnblock,
        Role::Reverse | Role::Pending => Scenario::ContactSave,
    };
    Request::new(
        call,
        scenario,
        format!(
            "<serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId></ForeignId></serviceHandle><memberships><Membership><MemberRole>{role}</MemberRole><Members><Member xsi:type=\"PassportMember\"><Type>Passport</Type><State>Accepted</State><PassportName>{email}</PassportName></Member></Members></Membership></memberships>",
            role = role.name(),
            email = escape(email),
        ),
    )
}

pub(super) fn contact_add(email: &str) -> Request {
    let email = escape(email);
    Request::new(
        Call::ContactAdd,
        Scenario::ContactSave,
        format!(
            "{AB_ID}<contacts><Contact xmlns=\"{AB_NAMESPACE}\"><contactInfo><contactType>LivePending</contactType><passportName>{email}</passportName><isMessengerUser>true</isMessengerUser><MessengerMemberInfo><DisplayName>{email}</DisplayName></MessengerMemberInfo></contactInfo></Contact></contacts><options><EnableAllowListManagement>true</EnableAllowListManagement></options>"
        ),
    )
}

pub(super) fn contact_delete(contact_id: &str) -> Request {
    Request::new(
        Call::ContactDelete,
        Scenario::ContactSave,
        format!(
            "{AB_ID}<contacts><Contact><contactId>{}</contactId></Contact></contacts>",
            escape(contact_id)
        ),
    )
}

/// `ABContactUpdate` of the `Me` contact's display name.
pub(super) fn display_name_update(name: &str) -> Request {
    Request::new(
        Call::ContactUpdate,
        Scenario::ContactSave,
        format!(
            "{AB_ID}<contacts><Contact xmlns=\"{AB_NAMESPACE}\"><contactInfo><contactType>Me</contactType><displayName>{}</displayName></contactInfo><propertiesChanged>DisplayName</propertiesChanged></Contact></contacts>",
            escape(name)
        ),
    )
}

pub(super) fn group_add(name: &str) -> Request {
    Request::new(
        Call::GroupAdd,
        Scenario::GroupSave,
        format!(
            "{AB_ID}<groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict></groupAddOptions><groupInfo><GroupInfo><name>{}</name><groupType>{GROUP_TYPE}</groupType><fMessenger>false</fMessenger><annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations></GroupInfo></groupInfo>",
            escape(name)
        ),
    )
}

pub(super) fn group_delete(group_id: &str) -> Request {
    Request::new(
        Call::GroupDelete,
        Scenario::GroupSave,
        format!("{AB_ID}{}", group_filter(group_id)),
    )
}

pub(super) fn group_rename(group_id: &str, name: &str) -> Request {
    Request::new(
        Call::GroupUpdate,
        Scenario::GroupSave,
        format!(
            "{AB_ID}<groups><Group><groupId>{}</groupId><groupInfo><name>{}</name></groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups>",
            escape(group_id),
            escape(name)
        ),
    )
}

/// `ABGroupContactAdd` or `ABGroupContactDelete` for one contact and one group.
pub(super) fn group_contact(call: Call, group_id: &str, contact_id: &str) -> Request {
    Request::new(
        call,
        Scenario::GroupSave,
        format!(
            "{AB_ID}{}<contacts><Contact><contactId>{}</contactId></Contact></contacts>",
            group_filter(group_id),
            escape(contact_id)
        ),
    )
}

fn group_filter(group_id: &str) -> String {
    format!(
        "<groupFilter><groupIds><guid>{}</guid></groupIds></groupFilter>",
        escape(group_id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Secret {
        Secret::new("t=abc<1>&p=")
    }

    #[test]
    fn envelope_carries_the_headers_and_the_escaped_ticket() {
        let body = find_membership().envelope(&ticket());
        assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope "));
        assert!(body.contains("<ApplicationId>F6D2794D-501F-443A-ADBE-8F1490FF30FD</ApplicationId><IsMigration>false</IsMigration><PartnerScenario>Initial</PartnerScenario>"));
        assert!(body.contains(
            "<ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>t=abc&lt;1&gt;&amp;p=</TicketToken>"
        ));
        assert!(body.contains("<soap:Body><FindMembership xmlns=\"http://www.msn.com/webservices/AddressBook\"><serviceFilter><Types><ServiceType>Messenger</ServiceType><ServiceType>Invitation</ServiceType>"));
        assert!(body.ends_with("</FindMembership></soap:Body></soap:Envelope>"));
    }

    #[test]
    fn full_syncs_ask_for_no_deltas() {
        let all = find_all().envelope(&ticket());
        assert!(all.contains("<ABFindAll xmlns=\"http://www.msn.com/webservices/AddressBook\"><abId>00000000-0000-0000-0000-000000000000</abId><abView>Full</abView><deltasOnly>false</deltasOnly></ABFindAll>"));
        assert!(!all.contains("lastChange"));
        let paged = find_contacts_paged().envelope(&ticket());
        assert!(paged.contains("<filterOptions><DeltasOnly>false</DeltasOnly><ContactFilter>"));
        assert!(paged.contains("<abView>MessengerClient8</abView><extendedContent>AB AllGroups CircleResult</extendedContent>"));
        assert!(!paged.contains("LastChanged"));
    }

    #[test]
    fn names_and_addresses_are_escaped() {
        let group = group_add("Work & <Play>").envelope(&ticket());
        assert!(group.contains("<name>Work &amp; &lt;Play&gt;</name>"));
        assert!(group.contains("<PartnerScenario>GroupSave</PartnerScenario>"));
        let rename = group_rename("g<1>", "A&B").envelope(&ticket());
        assert!(rename.contains("<groupId>g&lt;1&gt;</groupId><groupInfo><name>A&amp;B</name></groupInfo><propertiesChanged>GroupName</propertiesChanged>"));
        let me = display_name_update("Alice <3 & co").envelope(&ticket());
        assert!(me.contains("<contactType>Me</contactType><displayName>Alice &lt;3 &amp; co</displayName></contactInfo><propertiesChanged>DisplayName</propertiesChanged>"));
        let contact = contact_add("a<b>@example.com").envelope(&ticket());
        assert!(contact.contains("<passportName>a&lt;b&gt;@example.com</passportName>"));
        assert!(contact.contains("<PartnerScenario>ContactSave</PartnerScenario>"));
    }

    #[test]
    fn member_changes_name_the_role_and_scenario() {
        let block = member_change(Call::AddMember, Role::Block, "bob&co@example.com");
        let body = block.envelope(&ticket());
        assert!(body.contains("<PartnerScenario>BlockUnblock</PartnerScenario>"));
        assert!(body.contains("<AddMember xmlns=\"http://www.msn.com/webservices/AddressBook\"><serviceHandle><Id>0</Id><Type>Messenger</Type>"));
        assert!(body.contains("<MemberRole>Block</MemberRole><Members><Member xsi:type=\"PassportMember\"><Type>Passport</Type><State>Accepted</State><PassportName>bob&amp;co@example.com</PassportName></Member>"));
        let pending = member_change(Call::DeleteMember, Role::Pending, "x@example.com");
        assert_eq!(pending.scenario, Scenario::ContactSave);
        assert!(pending.envelope(&ticket()).contains("<DeleteMember "));
    }

    #[test]
    fn group_changes_use_the_default_address_book() {
        let add = group_contact(Call::GroupContactAdd, "g1", "c<1>").envelope(&ticket());
        assert!(add.contains("<ABGroupContactAdd xmlns=\"http://www.msn.com/webservices/AddressBook\"><abId>00000000-0000-0000-0000-000000000000</abId><groupFilter><groupIds><guid>g1</guid></groupIds></groupFilter><contacts><Contact><contactId>c&lt;1&gt;</contactId></Contact></contacts></ABGroupContactAdd>"));
        let delete = group_delete("g1").envelope(&ticket());
        assert!(delete.contains("<ABGroupDelete xmlns=\"http://www.msn.com/webservices/AddressBook\"><abId>00000000-0000-0000-0000-000000000000</abId><groupFilter>"));
        let contact = contact_delete("c1").envelope(&ticket());
        assert!(contact.contains(
            "<contacts><Contact><contactId>c1</contactId></Contact></contacts></ABContactDelete>"
        ));
    }
}
