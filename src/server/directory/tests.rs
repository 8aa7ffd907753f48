use super::*;

fn directory() -> Directory {
    default_directory()
}

#[test]
fn default_accounts_match_the_recorded_lab() {
    let directory = directory();
    assert!(directory.check_password("alice@example.com", "alicepass1"));
    assert!(!directory.check_password("alice@example.com", "wrong"));
    let roster = directory.roster("alice@example.com");
    assert_eq!(roster, [("bob@example.com".to_owned(), ListBits(11))]);
    assert!(directory.roster("carol@example.com").is_empty());
}

#[test]
fn privacy_follows_allow_and_block_lists() {
    let mut directory = directory();
    assert!(directory.allows("alice@example.com", "bob@example.com"));
    assert!(!directory.allows("alice@example.com", "carol@example.com"));
    directory
        .set_privacy("alice@example.com", Privacy::AllowOthers)
        .unwrap();
    assert!(directory.allows("alice@example.com", "carol@example.com"));
    directory
        .add_to_list(
            "alice@example.com",
            List::Block,
            "carol@example.com",
            "carol",
        )
        .unwrap();
    assert!(!directory.allows("alice@example.com", "carol@example.com"));
    assert_eq!(
        directory.add_to_list(
            "alice@example.com",
            List::Allow,
            "carol@example.com",
            "carol"
        ),
        Err(DirectoryError::OppositeList("carol@example.com".into()))
    );
}

#[test]
fn adding_and_removing_contacts_and_groups() {
    let mut directory = directory();
    let owner = "carol@example.com";
    assert_eq!(
        directory.add_to_list(owner, List::Forward, "nobody@example.com", "x"),
        Err(DirectoryError::NoSuchAccount("nobody@example.com".into()))
    );
    directory
        .add_to_list(owner, List::Forward, "alice@example.com", "Alice")
        .unwrap();
    assert!(
        directory
            .lists_of("alice@example.com", owner)
            .contains(List::Reverse)
    );
    let group = directory.add_group(owner, "Work").unwrap();
    assert_eq!(
        directory.add_group(owner, "Work"),
        Err(DirectoryError::GroupExists("Work".into()))
    );
    directory
        .set_membership(owner, "alice@example.com", &group.id, true)
        .unwrap();
    directory
        .rename_group(owner, &group.number.to_string(), "Office")
        .unwrap();
    assert_eq!(directory.group(owner, &group.id).unwrap().name, "Office");
    directory.remove_group(owner, &group.id).unwrap();
    assert!(
        directory.account(owner).unwrap().contacts["alice@example.com"]
            .groups
            .is_empty()
    );
    directory
        .remove_from_list(owner, List::Forward, "alice@example.com")
        .unwrap();
    assert_eq!(
        directory.remove_from_list(owner, List::Forward, "alice@example.com"),
        Err(DirectoryError::NotListed("alice@example.com".into()))
    );
}

#[test]
fn state_survives_a_restart_and_is_replaced_atomically() {
    #[derive(Debug)]
    struct Failure;
    impl From<StoreError> for Failure {
        fn from(_: StoreError) -> Self {
            Failure
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let mut store = Store::persistent(&path, directory()).unwrap();
    store
        .update(|directory| {
            directory
                .set_display_name("carol@example.com", "Carol C.")
                .map_err(|_| Failure)
        })
        .unwrap();
    assert!(!path.with_extension("tmp").exists());
    let reloaded = Store::persistent(&path, Directory::default()).unwrap();
    assert_eq!(
        reloaded
            .directory()
            .account("carol@example.com")
            .unwrap()
            .display_name,
        "Carol C."
    );
}
