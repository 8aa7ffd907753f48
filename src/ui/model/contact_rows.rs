//! The contact list flattened into drawable rows: groups in order, "Other Contacts" last,
//! reachable contacts first within each group, filtered by the type-to-filter text.

use super::contacts::ContactList;

/// One row of the contact list. `group` is an index into the list's groups, `None` for
/// "Other Contacts"; `contact` is an index into its contacts.
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
}

/// Heading of the group that holds contacts in no (known) group.
pub const UNGROUPED_NAME: &str = "Other Contacts";

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

    /// Whether this is the row `key` remembers, without building the row's own key.
    fn is(&self, key: &RowKey, list: &ContactList) -> bool {
        let same_group = |group: &Option<usize>, id: &Option<String>| {
            let found = group.and_then(|position| list.groups.get(position));
            found.map(|group| &group.id) == id.as_ref()
        };
        match (self, key) {
            (ContactRow::Group { group, .. }, RowKey::Group(id)) => same_group(group, id),
            (ContactRow::Contact { contact, group }, RowKey::Contact { group: id, address }) => {
                same_group(group, id)
                    && list
                        .contacts
                        .get(*contact)
                        .is_some_and(|found| found.address.eq_ignore_ascii_case(address))
            }
            _ => false,
        }
    }
}

impl Rows {
    /// Lays the already sorted members out under their group headers.
    pub(super) fn build(list: &ContactList, selected: Option<&RowKey>) -> Rows {
        let members = &list.members;
        let filtering = members.is_filtering();
        let mut rows = Vec::new();
        let listed = (0..list.groups.len()).map(Some);
        for group in listed.chain([None]) {
            let slot = group.unwrap_or(list.groups.len());
            let (mut reachable, mut total) = (0, 0);
            for position in members.of_slot(slot) {
                total += 1;
                reachable += usize::from(
                    list.contacts
                        .get(position)
                        .is_some_and(|contact| contact.presence.is_reachable()),
                );
            }
            if total == 0 && (group.is_none() || filtering) {
                continue;
            }
            let folded = match group {
                Some(position) => list.groups[position].folded,
                None => list.ungrouped_folded,
            };
            rows.push(ContactRow::Group {
                group,
                reachable,
                total,
                folded,
            });
            if !folded || filtering {
                rows.extend(
                    members
                        .of_slot(slot)
                        .map(|contact| ContactRow::Contact { contact, group }),
                );
            }
        }
        // Until something is chosen, the first contact: Enter then opens a chat, where on
        // the first group's header it would fold the group.
        let first_contact = || {
            rows.iter()
                .position(|row| matches!(row, ContactRow::Contact { .. }))
                .unwrap_or(0)
        };
        let selected = match selected {
            Some(key) => rows.iter().position(|row| row.is(key, list)).unwrap_or(0),
            None => first_contact(),
        };
        Rows { rows, selected }
    }
}

#[cfg(test)]
mod tests {
    use super::super::contacts::{Contact, Group};
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
                "[Other Contacts/1]",
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
    fn until_something_is_chosen_the_first_contact_is_selected() {
        let mut list = sample();
        assert_eq!(names(&list)[list.selected_index()], "Zed");
        assert_eq!(
            list.selected_contact().map(|c| c.address.as_str()),
            Some("zed@x")
        );
        list.move_selection(-1);
        assert_eq!(list.selected_index(), 0, "the header, once chosen, stays");
        list.upsert(contact("abe@x", "Abe", Presence::Online, &["g1"]));
        assert_eq!(list.selected_index(), 0);
        let empty = ContactList::default();
        assert_eq!(empty.selected_index(), 0);
    }

    #[test]
    fn selection_follows_its_contact_when_rows_reorder() {
        let mut list = sample();
        list.move_selection(2);
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
        assert_eq!(names(&list)[4..], ["[Other Contacts/2]", "Lone", "New"]);
    }

    #[test]
    fn rows_kept_up_to_date_match_rows_built_from_scratch() {
        let presences = [Presence::Online, Presence::Away, Presence::Offline];
        let mut list = sample();
        for step in 0..40usize {
            let address = format!("c{}@x", step % 7);
            match step % 5 {
                0 | 1 => list.upsert(contact(
                    &address,
                    &format!("Name {}", step % 3),
                    presences[step % 3],
                    if step % 2 == 0 { &["g1"] } else { &[] },
                )),
                2 => {
                    list.update(&address, |found| found.presence = presences[(step + 1) % 3]);
                }
                3 => {
                    list.remove(&address);
                }
                _ => {
                    list.update("bob@x", |bob| bob.friendly_name = format!("Bob {step}"));
                }
            }
            let mut fresh = ContactList::default();
            for group in list.groups() {
                fresh.upsert_group(group.clone());
            }
            for found in list.contacts() {
                fresh.upsert(found.clone());
            }
            assert_eq!(names(&list), names(&fresh), "after step {step}");
            assert_eq!(list.reachable_count(), fresh.reachable_count());
        }
    }
}
