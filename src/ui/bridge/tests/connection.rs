use super::*;

#[test]
fn contact_list_presence_and_personal_messages_reach_the_model() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    h.apply(Event::PersonalMessage {
        email: "bob@x.com".into(),
        message: "out".into(),
        media: Some("Song".into()),
    });
    h.apply(Event::Presence(session::Presence {
        email: "amy@x.com".into(),
        status: Status::Busy,
        name: "Amy B".into(),
        capabilities: None,
        msn_object: None,
    }));
    let contacts = &h.model().contacts;
    assert_eq!(contacts.groups()[0].name, "Friends");
    let bob = contacts.get("bob@x.com").expect("bob");
    assert_eq!(
        (bob.presence, bob.groups.as_slice()),
        (Presence::Away, &["g1".to_owned()][..])
    );
    assert_eq!(bob.personal_message, "out ♫ Song");
    let amy = contacts.get("amy@x.com").expect("amy");
    assert_eq!(
        (amy.presence, amy.friendly_name.as_str()),
        (Presence::Busy, "Amy B")
    );

    let mut shorter = bob_list();
    shorter.contacts.truncate(1);
    shorter.groups.clear();
    h.apply(Event::ContactList(shorter));
    assert!(h.model().contacts.get("amy@x.com").is_none());
    assert!(h.model().contacts.groups().is_empty());
}

#[test]
fn blocking_and_unblocking_show_on_the_contact() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    let mut bob = contact("bob@x.com", "Bob", Status::Away, &["g1"]);
    bob.lists = bob.lists.with(List::Block);
    h.apply(Event::ContactChanged(bob.clone()));
    let blocked = |h: &Harness| h.model().contacts.get("bob@x.com").map(|bob| bob.blocked);
    assert_eq!(blocked(&h), Some(true));
    bob.lists = ListBits::default().with(List::Forward).with(List::Allow);
    h.apply(Event::ContactChanged(bob));
    assert_eq!(blocked(&h), Some(false));
}

#[test]
fn one_notice_names_everyone_who_added_us_until_each_is_answered() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    for (email, name) in [("cy@x.com", "Cy"), ("dee@x.com", "Dee")] {
        h.apply(Event::AddedBy {
            email: email.into(),
            name: name.into(),
        });
    }
    assert_eq!(
        h.notice(),
        Some("2 people added you (cy@x.com, dee@x.com): /accept EMAIL or /decline EMAIL")
    );
    let mut cy = contact("cy@x.com", "Cy", Status::Online, &[]);
    cy.lists = cy.lists.with(List::Allow);
    h.apply(Event::ContactChanged(cy));
    assert_eq!(
        h.notice(),
        Some("Dee (dee@x.com) added you: /accept dee@x.com or /decline dee@x.com")
    );
    h.apply(Event::Error(session::ErrorInfo {
        message: "something else".into(),
        code: None,
    }));
    let mut dee = contact("dee@x.com", "Dee", Status::Offline, &[]);
    dee.lists = ListBits::default().with(List::Reverse).with(List::Block);
    h.apply(Event::ContactChanged(dee));
    assert_eq!(h.notice(), Some("something else"), "another notice stays");

    h.apply(Event::AddedBy {
        email: "eve@x.com".into(),
        name: "eve@x.com".into(),
    });
    assert_eq!(
        h.notice(),
        Some("eve@x.com added you: /accept eve@x.com or /decline eve@x.com"),
        "a new addition shows; a name that is the address is not repeated"
    );
    h.apply(Event::ContactRemoved {
        email: "eve@x.com".into(),
    });
    assert_eq!(h.notice(), None, "everyone answered");
}

#[test]
fn connection_states_and_the_protocol_pane_during_sign_in() {
    let mut h = Harness::new(false);
    h.apply(Event::ContactList(bob_list()));
    assert!(h.model().panes.protocol_visible);
    h.apply(Event::State(ConnectionState::SigningIn {
        server: "s:1".into(),
    }));
    assert_eq!(h.model().status.connection, Shown::SigningIn);
    h.apply(Event::State(ConnectionState::Online));
    assert!(!h.model().panes.protocol_visible);
    h.act(Action::ToggleProtocol);
    h.apply(Event::State(ConnectionState::Reconnecting {
        attempt: 1,
        delay: Duration::from_millis(1500),
        reason: "connection reset".into(),
    }));
    assert_eq!(
        h.model().status.connection,
        Shown::Reconnecting { in_seconds: 2 }
    );
    assert_eq!(h.notice(), Some("connection lost: connection reset"));
    assert!(
        h.model()
            .contacts
            .contacts()
            .iter()
            .all(|contact| contact.presence == Presence::Offline)
    );
    // A reconnection goes through connecting and signing in again before it is online.
    h.apply(Event::State(ConnectionState::Connecting {
        server: "s:1".into(),
    }));
    h.apply(Event::State(ConnectionState::SigningIn {
        server: "s:1".into(),
    }));
    assert_eq!(h.notice(), Some("connection lost: connection reset"));
    h.apply(Event::State(ConnectionState::Online));
    assert!(h.model().panes.protocol_visible, "the user's choice stands");
    assert_eq!(h.notice(), None, "online again: the loss is over");
    h.apply(Event::State(ConnectionState::Disconnected(
        DisconnectReason::OtherLocation,
    )));
    assert_eq!(
        h.model().status.connection.describe(),
        "signed out: signed in from another location"
    );
}

#[test]
fn a_session_that_fails_for_good_says_why_once() {
    let mut h = Harness::new(false);
    let reason = "the security token service could not be reached at https://rst.example/RST.srf: \
        connection refused; check rst_url in [services]";
    h.apply(Event::Error(session::ErrorInfo {
        message: reason.into(),
        code: None,
    }));
    h.apply(Event::State(ConnectionState::Disconnected(
        DisconnectReason::Failed(reason.into()),
    )));
    assert_eq!(h.model().status.connection.failure(), Some(reason));
    assert_eq!(h.notice(), None, "not again as a notice below the state");
}

#[test]
fn falling_back_to_the_gateway_shows_in_the_status_bar_and_the_protocol_pane() {
    let mut h = Harness::new(false);
    h.apply(Event::FellBackToGateway {
        server: "ns.example.net:1863".into(),
        gateway: "https://gw.example.net/gateway/gateway.dll".into(),
        reason: "cannot connect to ns.example.net:1863: connection refused".into(),
    });
    let notice = h.model().status.notice.clone().expect("a notice");
    assert!(
        notice.contains("using the HTTP gateway https://gw.example.net"),
        "{notice}"
    );
    let protocol = &h.model().protocol;
    let entry = protocol.shown(protocol.shown_len() - 1).expect("an entry");
    assert_eq!(entry.line, format!("# {notice}"));
    assert!(entry.is_error);
}
