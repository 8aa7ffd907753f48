//! The SOAP calls the client makes, and which service answers each.

use std::fmt;

/// One address-book or sharing-service call; errors name the call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    FindMembership,
    AddMember,
    DeleteMember,
    FindAll,
    FindContactsPaged,
    ContactAdd,
    ContactDelete,
    ContactUpdate,
    GroupAdd,
    GroupDelete,
    GroupUpdate,
    GroupContactAdd,
    GroupContactDelete,
}

/// The two endpoints: `SharingService.asmx` and `abservice.asmx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    Sharing,
    AddressBook,
}

impl Call {
    /// The SOAP action name, as in `SOAPAction` and the body element.
    pub fn name(self) -> &'static str {
        match self {
            Call::FindMembership => "FindMembership",
            Call::AddMember => "AddMember",
            Call::DeleteMember => "DeleteMember",
            Call::FindAll => "ABFindAll",
            Call::FindContactsPaged => "ABFindContactsPaged",
            Call::ContactAdd => "ABContactAdd",
            Call::ContactDelete => "ABContactDelete",
            Call::ContactUpdate => "ABContactUpdate",
            Call::GroupAdd => "ABGroupAdd",
            Call::GroupDelete => "ABGroupDelete",
            Call::GroupUpdate => "ABGroupUpdate",
            Call::GroupContactAdd => "ABGroupContactAdd",
            Call::GroupContactDelete => "ABGroupContactDelete",
        }
    }

    pub(super) fn service(self) -> Service {
        match self {
            Call::FindMembership | Call::AddMember | Call::DeleteMember => Service::Sharing,
            _ => Service::AddressBook,
        }
    }

    /// The `[services]` setting holding the address this call is sent to.
    pub fn setting(self) -> &'static str {
        match self.service() {
            Service::Sharing => "sharing_url",
            Service::AddressBook => "address_book_url",
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
