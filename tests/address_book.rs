//! The address-book client against the bundled server's sharing and address-book services.

mod support;

use msntui::protocol::message::Secret;
use msntui::server::RunningServer;
use msntui::session::address_book::{AddressBook, AddressBookError, Call, Role};
use msntui::session::auth::AuthClient;
use support::server::server;

fn book(server: &RunningServer, client: AuthClient, ticket: Secret) -> AddressBook {
    let base = &server.shared.http_base;
    AddressBook::new(
        client,
        &format!("{base}/abservice/abservice.asmx"),
        &format!("{base}/abservice/SharingService.asmx"),
        ticket,
    )
    .expect("loopback URLs are accepted")
}

/// Alice's address book, signed in over RST like an MSNP15+ client.
async fn alice(server: &RunningServer) -> AddressBook {
    let client = AuthClient::new(None).expect("HTTP client");
    let tokens = client
        .sso_tokens(
            &format!("{}/RST.srf", server.shared.http_base),
            "alice@example.com",
            &Secret::new("alicepass1"),
            "MBI_KEY_OLD",
        )
        .await
        .expect("alice signs in");
    let ticket = tokens.contacts_ticket.expect("a contacts ticket");
    book(server, client, ticket)
}

#[tokio::test]
async fn alice_has_bob_on_allow_and_reverse() {
    let server = server(true).await;
    let memberships = alice(&server)
        .await
        .memberships()
        .await
        .expect("memberships");
    assert_eq!(memberships.members(Role::Allow), ["bob@example.com"]);
    assert_eq!(memberships.members(Role::Reverse), ["bob@example.com"]);
    assert!(memberships.block.is_empty());
    assert!(memberships.pending.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn the_address_book_lists_bob_and_me() {
    let server = server(true).await;
    let snapshot = alice(&server)
        .await
        .contacts(false)
        .await
        .expect("ABFindAll");
    assert_eq!(snapshot.me.display_name, "Alice Test");
    assert_eq!(snapshot.me.email, "alice@example.com");
    assert!(snapshot.groups.is_empty());
    let emails: Vec<&str> = snapshot.contacts.iter().map(|c| c.email.as_str()).collect();
    assert_eq!(emails, ["bob@example.com"]);
    let bob = &snapshot.contacts[0];
    assert!(bob.is_messenger_user);
    assert!(bob.group_ids.is_empty());
    assert!(!bob.id.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn the_paged_fetch_sees_the_same_book() {
    let server = server(true).await;
    let book = alice(&server).await;
    let paged = book.contacts(true).await.expect("ABFindContactsPaged");
    let full = book.contacts(false).await.expect("ABFindAll");
    assert_eq!(paged, full);
    server.shutdown().await;
}

#[tokio::test]
async fn an_added_and_allowed_contact_shows_up_until_removed() {
    let server = server(true).await;
    let book = alice(&server).await;
    let carol = book
        .add_contact("carol@example.com")
        .await
        .expect("ABContactAdd");
    book.add_member(Role::Allow, "carol@example.com")
        .await
        .expect("AddMember");

    let snapshot = book.contacts(false).await.expect("ABFindAll");
    let listed = snapshot.contact("carol@example.com").expect("carol listed");
    assert_eq!(listed.id, carol);
    let memberships = book.memberships().await.expect("memberships");
    assert_eq!(memberships.allow, ["bob@example.com", "carol@example.com"]);

    book.delete_contact(&carol).await.expect("ABContactDelete");
    book.delete_member(Role::Allow, "carol@example.com")
        .await
        .expect("DeleteMember");
    let snapshot = book.contacts(true).await.expect("ABFindContactsPaged");
    assert!(snapshot.contact("carol@example.com").is_none());
    let memberships = book.memberships().await.expect("memberships");
    assert_eq!(memberships.allow, ["bob@example.com"]);
    server.shutdown().await;
}

#[tokio::test]
async fn blocking_moves_a_member_from_allow_to_block() {
    let server = server(true).await;
    let book = alice(&server).await;
    book.add_member(Role::Block, "bob@example.com")
        .await
        .expect("block bob");
    let memberships = book.memberships().await.expect("memberships");
    assert_eq!(memberships.block, ["bob@example.com"]);
    assert!(memberships.allow.is_empty());

    book.add_member(Role::Allow, "bob@example.com")
        .await
        .expect("unblock bob");
    let memberships = book.memberships().await.expect("memberships");
    assert!(memberships.block.is_empty());
    assert_eq!(memberships.allow, ["bob@example.com"]);
    server.shutdown().await;
}

#[tokio::test]
async fn groups_are_added_renamed_filled_emptied_and_deleted() {
    let server = server(true).await;
    let book = alice(&server).await;
    let bob = book.contacts(false).await.expect("ABFindAll").contacts[0]
        .id
        .clone();

    let group = book.add_group("Work & <Play>").await.expect("ABGroupAdd");
    let snapshot = book.contacts(true).await.expect("ABFindContactsPaged");
    assert_eq!(snapshot.groups.len(), 1);
    assert_eq!(
        (
            snapshot.groups[0].id.as_str(),
            snapshot.groups[0].name.as_str()
        ),
        (group.as_str(), "Work & <Play>")
    );

    book.rename_group(&group, "Office")
        .await
        .expect("ABGroupUpdate");
    book.add_to_group(&group, &bob)
        .await
        .expect("ABGroupContactAdd");
    let snapshot = book.contacts(false).await.expect("ABFindAll");
    assert_eq!(snapshot.groups[0].name, "Office");
    let listed = snapshot.contact("bob@example.com").expect("bob listed");
    assert_eq!(listed.group_ids, std::slice::from_ref(&group));

    book.remove_from_group(&group, &bob)
        .await
        .expect("ABGroupContactDelete");
    let snapshot = book.contacts(false).await.expect("ABFindAll");
    let listed = snapshot.contact("bob@example.com").expect("bob listed");
    assert!(listed.group_ids.is_empty());

    book.delete_group(&group).await.expect("ABGroupDelete");
    let snapshot = book.contacts(false).await.expect("ABFindAll");
    assert!(snapshot.groups.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn the_display_name_is_the_me_contacts_name() {
    let server = server(true).await;
    let book = alice(&server).await;
    book.set_display_name("Alice <3 & co")
        .await
        .expect("ABContactUpdate");
    let snapshot = book.contacts(false).await.expect("ABFindAll");
    assert_eq!(snapshot.me.display_name, "Alice <3 & co");
    let paged = book.contacts(true).await.expect("ABFindContactsPaged");
    assert_eq!(paged.me.display_name, "Alice <3 & co");
    server.shutdown().await;
}

#[tokio::test]
async fn a_wrong_ticket_is_an_authentication_error() {
    let server = server(true).await;
    let client = AuthClient::new(None).expect("HTTP client");
    let ticket = "t=BADBADBADBADBADBADBA&p=";
    let book = book(&server, client, Secret::new(ticket));
    let error = book.memberships().await.expect_err("refused");
    assert!(matches!(
        error,
        AddressBookError::AuthenticationFailed {
            call: Call::FindMembership
        }
    ));
    assert!(!error.to_string().contains("BADBAD"));
    let error = book.contacts(true).await.expect_err("refused");
    assert!(matches!(
        error,
        AddressBookError::AuthenticationFailed {
            call: Call::FindContactsPaged
        }
    ));
    server.shutdown().await;
}

#[tokio::test]
async fn refused_changes_are_faults_naming_the_call() {
    let server = server(true).await;
    let book = alice(&server).await;
    let error = book
        .add_contact("bob@example.com")
        .await
        .expect_err("bob is already listed");
    assert!(
        matches!(
            &error,
            AddressBookError::Fault { call: Call::ContactAdd, code, .. } if code == "ContactAlreadyExists"
        ),
        "{error:?}"
    );
    let error = book
        .delete_member(Role::Block, "bob@example.com")
        .await
        .expect_err("bob is not blocked");
    assert!(
        matches!(
            &error,
            AddressBookError::Fault { call: Call::DeleteMember, code, .. } if code == "MemberDoesNotExist"
        ),
        "{error:?}"
    );
    let error = book
        .delete_group("no-such-group")
        .await
        .expect_err("no such group");
    assert!(
        matches!(
            error,
            AddressBookError::Http {
                call: Call::GroupDelete,
                status: 500
            }
        ),
        "{error:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_stopped_server_is_unreachable() {
    let server = server(true).await;
    let book = alice(&server).await;
    server.shutdown().await;
    let error = book.memberships().await.expect_err("nothing listens");
    assert!(
        matches!(
            error,
            AddressBookError::Unreachable {
                call: Call::FindMembership,
                ..
            }
        ),
        "{error:?}"
    );
}
