//! What the sharing and address-book services report, as plain data.

/// A sharing-service role: the MSNP12 allow, block, reverse and pending lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Allow,
    Block,
    Reverse,
    Pending,
}

impl Role {
    /// The `MemberRole` text.
    pub fn name(self) -> &'static str {
        match self {
            Role::Allow => "Allow",
            Role::Block => "Block",
            Role::Reverse => "Reverse",
            Role::Pending => "Pending",
        }
    }

    pub(super) fn from_name(name: &str) -> Option<Role> {
        [Role::Allow, Role::Block, Role::Reverse, Role::Pending]
            .into_iter()
            .find(|role| role.name() == name)
    }
}

/// The members of each role, as lower-case e-mail addresses in the order listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memberships {
    pub allow: Vec<String>,
    pub block: Vec<String>,
    pub reverse: Vec<String>,
    pub pending: Vec<String>,
}

impl Memberships {
    pub fn members(&self, role: Role) -> &[String] {
        match role {
            Role::Allow => &self.allow,
            Role::Block => &self.block,
            Role::Reverse => &self.reverse,
            Role::Pending => &self.pending,
        }
    }

    pub(super) fn members_mut(&mut self, role: Role) -> &mut Vec<String> {
        match role {
            Role::Allow => &mut self.allow,
            Role::Block => &mut self.block,
            Role::Reverse => &mut self.reverse,
            Role::Pending => &mut self.pending,
        }
    }
}

/// The signed-in user's own entry (`contactType` `Me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// A forward-list contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    /// Lower-case.
    pub email: String,
    /// The stored name, or the address when the entry has none.
    pub display_name: String,
    pub is_messenger_user: bool,
    pub group_ids: Vec<String>,
}

/// A full address book: the user, their groups and their contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub me: Me,
    pub groups: Vec<Group>,
    pub contacts: Vec<Contact>,
}

impl Snapshot {
    /// The contact with this address, compared without regard to case.
    pub fn contact(&self, email: &str) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|contact| contact.email.eq_ignore_ascii_case(email))
    }
}
