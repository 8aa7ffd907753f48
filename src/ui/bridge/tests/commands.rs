use super::*;

#[test]
fn commands_become_requests_or_explanations() {
    let mut h = Harness::new(false);
    h.submit("/status away");
    h.submit("/group add Work");
    assert_eq!(
        h.sent(),
        [
            Request::SetStatus(Status::Away),
            Request::AddGroup {
                name: "Work".into()
            }
        ]
    );
    h.submit("/frobnicate");
    assert_eq!(h.notice(), Some("unknown command /frobnicate"));
    h.submit("/add not-an-address");
    assert_eq!(
        h.notice(),
        Some("\"not-an-address\" is not an e-mail address")
    );
    h.submit("hello?");
    assert!(
        h.notice()
            .is_some_and(|n| n.starts_with("no conversation is open"))
    );
    h.submit("/nudge");
    assert!(
        h.notice()
            .is_some_and(|n| n.starts_with("no conversation is open"))
    );
    h.submit("/resend");
    assert!(
        h.notice()
            .is_some_and(|n| n.starts_with("no conversation is open"))
    );
    assert!(h.sent().is_empty());

    h.submit("/msg bob@x.com hi there");
    assert_eq!(
        h.model()
            .conversations
            .active()
            .map(|t| t.participants[0].address.as_str()),
        Some("bob@x.com")
    );
    assert!(h.sent().contains(&Request::SendMessage {
        to: ChatTarget::Contact("bob@x.com".into()),
        text: "hi there".into()
    }));
    h.submit("/nudge");
    assert_eq!(
        h.sent(),
        [Request::Nudge {
            to: ChatTarget::Contact("bob@x.com".into())
        }]
    );
    h.submit("/resend");
    assert_eq!(h.notice(), Some("nothing failed in this conversation"));
    assert!(h.sent().is_empty(), "no conversation of the session yet");
}

#[test]
fn screen_commands_are_handled_by_the_ui() {
    let mut h = Harness::new(false);
    h.apply(Event::State(ConnectionState::Online));
    h.submit("/debug");
    assert!(h.model().panes.protocol_visible);
    h.submit("/debug filter SB");
    assert_eq!(h.model().protocol.filter(), "SB");
    h.submit("/debug sideways");
    assert_eq!(h.notice(), Some("usage: /debug [filter TEXT]"));
    h.submit("/help");
    assert!(h.model().panes.help.is_some());
    h.apply(opened(4, "bob@x.com"));
    h.sent();
    h.submit("/close");
    assert!(h.model().conversations.tabs().is_empty());
    assert_eq!(
        h.sent(),
        [Request::CloseConversation {
            conversation: conversation(4)
        }]
    );
    h.submit("/quit");
    assert_eq!(h.sent(), [Request::SignOut]);
    assert!(h.app.should_quit());
}

#[test]
fn a_refused_line_stays_in_the_input_and_an_accepted_one_does_not() {
    let mut h = Harness::new(false);
    h.submit("/msg Dana hello there");
    assert!(h.notice().is_some());
    assert_eq!(h.app.input().text(), "/msg Dana hello there");
    h.submit("/status away");
    assert_eq!(h.app.input().text(), "");
    h.submit("text with no conversation open");
    assert_eq!(h.app.input().text(), "text with no conversation open");
}

#[test]
fn auto_away_idles_an_online_user_and_the_next_key_brings_them_back() {
    let mut h = Harness::new(false);
    h.apply(Event::State(ConnectionState::Online));
    h.act(Action::AutoAway);
    assert_eq!(h.sent(), [Request::SetStatus(Status::Idle)]);
    assert!(h.model().status.auto_away);
    h.app.model_mut().status.own.presence = Presence::Idle;
    h.act(Action::Back);
    assert_eq!(h.sent(), [Request::SetStatus(Status::Online)]);
    assert!(!h.model().status.auto_away);
    h.act(Action::Back);
    assert!(h.sent().is_empty(), "only once");
}

#[test]
fn auto_away_never_overrides_a_status_the_user_chose() {
    let mut h = Harness::new(false);
    h.apply(Event::State(ConnectionState::Online));
    for chosen in [Presence::Busy, Presence::AppearOffline, Presence::Away] {
        h.app.model_mut().status.own.presence = chosen;
        h.act(Action::AutoAway);
        h.act(Action::Back);
        assert!(h.sent().is_empty(), "{chosen:?}");
    }
}
