//! Groups and answers to people who added you, in each generation's commands:
//! ADG/REG/RMG (MSNP7–12), the address book (MSNP13+); ADD/ADC/ADL from the adder.

mod session_support;
mod support;

use bytes::Bytes;
use msntui::protocol::ClientCommand;
use msntui::protocol::command::{Adc, AddRequest, PayloadRequest};
use msntui::protocol::types::Status;
use msntui::protocol::types::{Address, List, UrlText};
use msntui::session::{Event, Request};
use session_support::{Watched, config};
use support::client::TestClient;
use support::server::server;

/// `who` puts alice on their forward list, the way their version does it.
async fn add_alice(who: &mut TestClient) {
    let trid = who.trid();
    let alice = "alice@example.com";
    let command = match who.version {
        ..=9 => ClientCommand::Add(AddRequest {
            trid,
            list: List::Forward,
            email: Address::email(alice),
            name: UrlText::new(alice),
            group: None,
        }),
        10..=12 => ClientCommand::Adc(Adc {
            trid,
            list: List::Forward,
            email: Some(Address::email(alice)),
            name: Some(UrlText::new(alice)),
            contact_guid: None,
            group: None,
        }),
        _ => ClientCommand::Adl(PayloadRequest {
            trid,
            payload: Bytes::from_static(
                br#"<ml><d n="example.com"><c n="alice" l="1" t="1" /></d></ml>"#,
            ),
        }),
    };
    who.send(command).await;
}

/// Alice's session at `version`, signed in and with her list.
async fn alice_with_her_list(
    server: &msntui::server::RunningServer,
    version: u8,
    data_dir: &std::path::Path,
) -> Watched {
    let mut alice = Watched::spawn(config(server, version, "alice@example.com", data_dir));
    alice.signed_in().await;
    alice
        .until("the list", |e| matches!(e, Event::ContactList(_)))
        .await;
    alice
}

fn contact_event<'a>(event: &'a Event, email: &str) -> Option<&'a msntui::session::Contact> {
    match event {
        Event::ContactChanged(contact) if contact.email == email => Some(contact),
        _ => None,
    }
}

async fn answers(version: u8) {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = alice_with_her_list(&server, version, data.path()).await;
    for (adder, accept) in [("carol@example.com", true), ("demo@msntui.local", false)] {
        let mut other = TestClient::signed_in(&server, adder, version).await;
        add_alice(&mut other).await;
        alice
            .until(
                "added by",
                |e| matches!(e, Event::AddedBy { email, .. } if email == adder),
            )
            .await;
        let request = if accept {
            Request::Accept {
                email: adder.into(),
            }
        } else {
            Request::Decline {
                email: adder.into(),
            }
        };
        alice.handle.send(request).unwrap();
        let wanted = |e: &Event| {
            contact_event(e, adder).is_some_and(|c| {
                if accept {
                    c.on(List::Allow) && c.on(List::Forward) && !c.on(List::Pending)
                } else {
                    c.on(List::Block) && !c.on(List::Allow)
                }
            })
        };
        alice.until("the answer", wanted).await;
    }
    assert_no_errors(&alice, version);
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}

async fn groups(version: u8, move_contacts: bool) {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = alice_with_her_list(&server, version, data.path()).await;
    alice
        .handle
        .send(Request::AddGroup {
            name: "Best Friends".into(),
        })
        .unwrap();
    let Event::GroupChanged(group) = alice
        .until(
            "group created",
            |e| matches!(e, Event::GroupChanged(g) if g.name == "Best Friends"),
        )
        .await
    else {
        unreachable!()
    };
    alice
        .handle
        .send(Request::RenameGroup {
            group: "best friends".into(),
            name: "Pals".into(),
        })
        .unwrap();
    alice
        .until(
            "group renamed",
            |e| matches!(e, Event::GroupChanged(g) if g.id == group.id && g.name == "Pals"),
        )
        .await;
    if move_contacts {
        let bob = "bob@example.com";
        alice
            .handle
            .send(Request::MoveContact {
                email: bob.into(),
                group: Some("Pals".into()),
            })
            .unwrap();
        alice
            .until("bob in Pals", |e| {
                contact_event(e, bob).is_some_and(|c| c.groups == [group.id.clone()])
            })
            .await;
        alice
            .handle
            .send(Request::AddContact {
                email: "carol@example.com".into(),
                group: Some("Pals".into()),
            })
            .unwrap();
        alice
            .until("carol in Pals", |e| {
                contact_event(e, "carol@example.com").is_some_and(|c| c.groups.contains(&group.id))
            })
            .await;
        alice
            .handle
            .send(Request::MoveContact {
                email: bob.into(),
                group: None,
            })
            .unwrap();
        alice
            .until("bob in no group", |e| {
                contact_event(e, bob).is_some_and(|c| !c.groups.contains(&group.id))
            })
            .await;
    }
    alice
        .handle
        .send(Request::RemoveGroup {
            group: "Pals".into(),
        })
        .unwrap();
    alice
        .until(
            "group removed",
            |e| matches!(e, Event::GroupRemoved { id } if *id == group.id),
        )
        .await;
    assert_no_errors(&alice, version);
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}

/// A second group whose name differs only by case is refused before anything is sent:
/// commands name groups case-insensitively. Renaming a group to its own name in another
/// case is not refused.
async fn group_names_taken(version: u8) {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = alice_with_her_list(&server, version, data.path()).await;
    let add = |name: &str| Request::AddGroup { name: name.into() };
    alice.handle.send(add("Pals")).unwrap();
    alice
        .until(
            "group created",
            |e| matches!(e, Event::GroupChanged(g) if g.name == "Pals"),
        )
        .await;
    alice.handle.send(add("PALS")).unwrap();
    alice
        .until("refused", |e| {
            matches!(e, Event::Error(error)
                if error.message == "cannot create group PALS: there is already a group \"PALS\"")
        })
        .await;
    alice
        .handle
        .send(Request::RenameGroup {
            group: "pals".into(),
            name: "PALS".into(),
        })
        .unwrap();
    alice
        .until(
            "renamed",
            |e| matches!(e, Event::GroupChanged(g) if g.name == "PALS"),
        )
        .await;
    if version < 13 {
        assert_eq!(
            alice.raw_count(msntui::session::Direction::Sent, "ADG "),
            1,
            "MSNP{version}"
        );
    }
}

#[tokio::test]
async fn group_names_taken_are_refused_msnp12() {
    group_names_taken(12).await;
}

#[tokio::test]
async fn group_names_taken_are_refused_msnp18() {
    group_names_taken(18).await;
}

fn assert_no_errors(watched: &Watched, version: u8) {
    let errors: Vec<_> = watched
        .seen
        .iter()
        .filter(|e| matches!(e, Event::Error(_)))
        .collect();
    assert!(errors.is_empty(), "MSNP{version}: {errors:?}");
}

/// From MSNP13 the server's address book names each contact by its address (as Escargot
/// does): a contact seen online once keeps their name at the next sign-in while offline.
async fn names_seen_before(version: u8) {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut bob = TestClient::signed_in(&server, "bob@example.com", version).await;
    bob.go_online(Status::Online).await;
    let bob_named = |e: &Event| matches!(e, Event::Presence(p) if p.email == "bob@example.com" && p.name == "Bob Test");
    let mut alice = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
    alice.until("bob online, named", bob_named).await;
    alice.handle.send(Request::SignOut).unwrap();
    alice.run_out().await;
    drop(bob);

    let mut again = Watched::spawn(config(&server, version, "alice@example.com", data.path()));
    let list = again
        .until("the list", |e| matches!(e, Event::ContactList(_)))
        .await;
    let Event::ContactList(list) = list else {
        unreachable!()
    };
    let bob = list.contact("bob@example.com").expect("bob is on the list");
    assert_eq!(
        (bob.name.as_str(), bob.status),
        ("Bob Test", Status::Offline),
        "MSNP{version}"
    );
}

#[tokio::test]
async fn names_seen_before_name_offline_contacts_msnp13() {
    names_seen_before(13).await;
}

#[tokio::test]
async fn names_seen_before_name_offline_contacts_msnp18() {
    names_seen_before(18).await;
}

#[tokio::test]
async fn accept_and_decline_msnp8() {
    answers(8).await;
}

#[tokio::test]
async fn accept_and_decline_msnp12() {
    answers(12).await;
}

#[tokio::test]
async fn accept_and_decline_msnp15() {
    answers(15).await;
}

#[tokio::test]
async fn groups_msnp7() {
    // The bundled server refuses ADD FL for a listed contact (215), the MSNP7–9 way of
    // filing it in another group, so only creating, renaming and removing are shown.
    groups(7, false).await;
}

#[tokio::test]
async fn groups_and_moves_msnp12() {
    groups(12, true).await;
}

#[tokio::test]
async fn groups_and_moves_msnp13() {
    groups(13, true).await;
}

#[tokio::test]
async fn groups_and_moves_msnp18() {
    groups(18, true).await;
}

#[tokio::test]
async fn groups_need_msnp7() {
    let server = server(false).await;
    let data = tempfile::tempdir().unwrap();
    let mut alice = Watched::spawn(config(&server, 5, "alice@example.com", data.path()));
    alice.signed_in().await;
    alice
        .handle
        .send(Request::AddGroup {
            name: "Friends".into(),
        })
        .unwrap();
    let Event::Error(error) = alice
        .until("an error", |e| matches!(e, Event::Error(_)))
        .await
    else {
        unreachable!()
    };
    assert!(error.message.contains("MSNP7"), "{error:?}");
    alice.handle.sign_out().unwrap();
    alice.run_out().await;
}
