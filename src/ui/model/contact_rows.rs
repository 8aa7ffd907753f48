//! The contact list flattened into drawable rows: groups in order, "Other contacts" last,
//! reachable contacts first within each group, filtered by the type-to-filter text.

use super::contacts::{Contact, ContactList};

/// One row of the contact list. `group` is an index into the list's groups, `None` for
/// "Other contacts"; `contact` is an index into its contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactRow {
    Group {
        group: Option<usize>,
        reachable: usize,
        total: usize,
        folded: bool,
    },
    Contact {
        contact: usize,
        group: Option<usize>,
    },
}

/// What a selection remembers, so it stays on the same row when rows are rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RowKey {
    Group(Option<String>),
    Contact {
        group: Option<String>,
        address: String,
    },
}

#[derive(Debug)]
pub(super) struct Rows {
    pub(super) rows: Vec<ContactRow>,
    pub(super) selected: usize,
    pub(super) reachable: usize,
}

/// Heading of the group that holds contacts in no (known) group.
pub const UNGROUPED_NAME: &str = "Other contacts";

impl ContactRow {
    pub(super) fn key(&self, list: &ContactList) -> RowKey {
        let group_id = |group: &Option<usize>| {
            group
                .and_then(|position| list.groups.get(position))
                .map(|found| found.id.clone())
        };
        match self {
            ContactRow::Group { group, .. } => RowKey::Group(group_id(group)),
            ContactRow::Contact { contact, group } => RowKey::Contact {
                group: group_id(group),
                address: list
                    .contacts
                    .get(*contact)
                    .map(|found| found.address.to_ascii_lowercase())
                    .unwrap_or_default(),
            },
        }
    }
}

impl Rows {
    pub(super) fn build(list: &ContactList, selected: Option<&RowKey>) -> Rows {
        let needle = list.filter.to_lowercase();
        let shown: Vec<usize> = (0..list.contacts.len())
            .filter(|&position| needle.is_empty() || matches(&list.contacts[position], &needle))
            .collect();
        let mut rows = Vec::new();
        let listed = (0..list.groups.len()).map(Some);
        for group in listed.chain([None]) {
            let mut members: Vec<usize> = shown
                .iter()
                .copied()
                .filter(|&position| belongs(list, &list.contacts[position], group))
                .collect();
            if members.is_empty() && (group.is_none() || !needle.is_empty()) {
                continue;
            }
            members.sort_by_cached_key(|&position| sort_key(&list.contacts[position]));
            let folded = match group {
                Some(position) => list.groups[position].folded,
                None => list.ungrouped_folded,
            };
            rows.push(ContactRow::Group {
                group,
                reachable: members
                    .iter()
                    .filter(|&&position| list.contacts[position].presence.is_reachable())
                    .count(),
                total: members.len(),
                folded,
            });
            if !folded || !needle.is_empty() {
                rows.extend(
                    members
                        .into_iter()
                        .map(|contact| ContactRow::Contact { contact, group }),
                );
            }
        }
        let selected = selected
            .and_then(|key| rows.iter().position(|row| row.key(list) == *key))
            .unwrap_or(0);
        let reachable = list
            .contacts
            .iter()
            .filter(|contact| contact.presence.is_reachable())
            .count();
        Rows {
            rows,
            selected,
            reachable,
        }
    }
}

fn matches(contact: &Contact, needle: &str) -> bool {
    [
        &contact.friendly_name,
        &contact.address,
        &contact.personal_message,
    ]
    .iter()
    .any(|field| field.to_lowercase().contains(needle))
}

fn belongs(list: &ContactList, contact: &Contact, group: Option<usize>) -> bool {
    match group {
        Some(position) => contact.groups.contains(&list.groups[position].id),
        None => !contact
            .groups
            .iter()
            .any(|id| list.groups.iter().any(|known| &known.id == id)),
    }
}

fn sort_key(contact: &Contact) -> (u8, String, String) {
    (
        contact.presence.rank(),
        contact.friendly_name.to_lowercase(),
        contact.address.to_ascii_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::contacts::Group;
    use super::super::presence::Presence;
    use super::*;

    fn contact(address: &str, name: &str, presence: Presence, groups: &[&str]) -> Contact {
        Contact {
            presence,
            groups: groups.iter().map(|id| id.to_string()).collect(),
            ..Contact::new(address, name)
        }
    }

    fn sample() -> ContactList {
        let mut list = ContactList::default();
        list.upsert_group(Group::new("g1", "Friends"));
        list.upsert_group(Group::new("g2", "Work"));
        list.upsert(contact("zed@x", "Zed", Presence::Online, &["g1"]));
        list.upsert(contact("amy@x", "Amy", Presence::Offline, &["g1"]));
        list.upsert(contact("bob@x", "Bob", Presence::Away, &["g1", "g2"]));
        list.upsert(contact("lone@x", "Lone", Presence::Online, &[]));
        list
    }

    fn names(list: &ContactList) -> Vec<String> {
        list.rows()
            .iter()
            .map(|row| match *row {
                ContactRow::Group { group, total, .. } => format!(
                    "[{}/{total}]",
                    group.map_or(UNGROUPED_NAME, |g| &list.groups()[g].name)
                ),
                ContactRow::Contact { contact, .. } => {
                    list.contacts()[contact].friendly_name.clone()
                }
            })
            .collect()
    }

    #[test]
    fn groups_in_order_with_reachable_contacts_first() {
        let list = sample();
        assert_eq!(
            names(&list),
            [
                "[Friends/3]",
                "Zed",
                "Bob",
                "Amy",
                "[Work/1]",
                "Bob",
                "[Other contacts/1]",
                "Lone"
            ]
        );
        assert_eq!(list.reachable_count(), 3);
    }

    #[test]
    fn filter_matches_name_address_and_message_and_ignores_folding() {
        let mut list = sample();
        list.update("amy@x", |amy| amy.personal_message = "Gone FISHING".into());
        list.select_first();
        list.toggle_selected_group();
        list.set_filter("fish");
        assert_eq!(names(&list), ["[Friends/1]", "Amy"]);
        list.set_filter("BOB@");
        assert_eq!(names(&list), ["[Friends/1]", "Bob", "[Work/1]", "Bob"]);
    }

    #[test]
    fn folded_group_shows_only_its_header() {
        let mut list = sample();
        list.move_selection(2);
        list.toggle_selected_group();
        assert_eq!(names(&list)[..2], ["[Friends/3]", "[Work/1]"]);
        assert_eq!(list.selected_index(), 0);
    }

    #[test]
    fn selection_follows_its_contact_when_rows_reorder() {
        let mut list = sample();
        list.move_selection(3);
        assert_eq!(names(&list)[list.selected_index()], "Amy");
        list.update("amy@x", |amy| amy.presence = Presence::Online);
        assert_eq!(names(&list)[list.selected_index()], "Amy");
        assert_eq!(list.selected_index(), 1);
    }

    #[test]
    fn selection_stops_at_both_ends() {
        let mut list = sample();
        list.move_selection(-5);
        assert_eq!(list.selected_index(), 0);
        list.move_selection(100);
        assert_eq!(list.selected_index(), 7);
    }

    #[test]
    fn upsert_keeps_unread_and_remove_keeps_lookup_consistent() {
        let mut list = sample();
        list.mark_unread("ZED@x");
        list.upsert(contact("zed@x", "Zed 2", Presence::Busy, &["g1"]));
        assert_eq!(list.get("zed@x").map(|zed| zed.unread), Some(1));
        assert!(list.remove("zed@x").is_some());
        assert_eq!(
            list.get("lone@x").map(|c| c.friendly_name.as_str()),
            Some("Lone")
        );
        assert!(list.get("zed@x").is_none());
    }

    #[test]
    fn contacts_in_unknown_groups_count_as_ungrouped() {
        let mut list = sample();
        list.remove_group("g2");
        list.upsert(contact("new@x", "New", Presence::Idle, &["gone"]));
        assert_eq!(names(&list)[4..], ["[Other contacts/2]", "Lone", "New"]);
    }
}
