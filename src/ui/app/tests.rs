use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEvent, MouseEventKind,
};

use super::App;
use crate::ui::action::{Action, Scroll, ScrollTarget};
use crate::ui::attention::Attention;
use crate::ui::model::{
    CommandHelp, Contact, Focus, Group, Limits, MessageLine, Model, Presence, Timestamp,
};
use crate::ui::theme::{ColourMode, Theme};

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn plain(code: KeyCode) -> Event {
    key(code, KeyModifiers::NONE)
}

fn press(app: &mut App, event: Event) -> Vec<Action> {
    let actions = app.handle_event(&event);
    actions
        .iter()
        .cloned()
        .for_each(|action| app.update(action));
    actions
}

fn type_text(app: &mut App, text: &str) {
    text.chars()
        .for_each(|c| drop(press(app, plain(KeyCode::Char(c)))));
}

fn app() -> App {
    let mut model = Model::new("me@x", Limits::default());
    model.contacts.upsert_group(Group::new("g", "Friends"));
    for (address, name, presence) in [
        ("bob@x", "Bob", Presence::Online),
        ("amy@x", "Amy", Presence::Away),
    ] {
        model.contacts.upsert(Contact {
            presence,
            groups: vec!["g".into()],
            ..Contact::new(address, name)
        });
    }
    model.commands = vec![CommandHelp {
        name: "/nudge".into(),
        usage: String::new(),
        summary: "shake the window".into(),
    }];
    App::new(model, Theme::new(ColourMode::Sixteen), Attention::default())
}

fn message(n: usize) -> MessageLine {
    MessageLine {
        time: Timestamp(n as i64),
        sender_address: "bob@x".into(),
        sender_name: "Bob".into(),
        text: format!("line {n}"),
        colour: None,
        own: None,
    }
}

#[test]
fn enter_submits_the_typed_line_and_up_brings_it_back() {
    let mut app = app();
    type_text(&mut app, "hello");
    assert_eq!(app.input().text(), "hello");
    assert_eq!(
        press(&mut app, plain(KeyCode::Enter)),
        [Action::Submit("hello".into())]
    );
    assert_eq!(app.input().text(), "");
    press(&mut app, plain(KeyCode::Up));
    assert_eq!(app.input().text(), "hello");
    press(&mut app, plain(KeyCode::Down));
    assert_eq!(app.input().text(), "");
}

#[test]
fn paste_lands_in_the_input_and_is_never_sent() {
    let mut app = app();
    app.model_mut().panes.focus = Focus::Contacts;
    let actions = press(&mut app, Event::Paste("one\ntwo\r\n".into()));
    assert!(
        !actions
            .iter()
            .any(|action| matches!(action, Action::Submit(_)))
    );
    assert_eq!(app.input().text(), "one\ntwo\n");
    assert_eq!(app.model().panes.focus, Focus::Input);
}

#[test]
fn tab_completes_contacts_and_commands_then_moves_focus() {
    let mut app = app();
    type_text(&mut app, "/nu");
    press(&mut app, plain(KeyCode::Tab));
    assert_eq!(app.input().text(), "/nudge ");
    type_text(&mut app, "A");
    press(&mut app, plain(KeyCode::Tab));
    assert_eq!(app.input().text(), "/nudge amy@x ");
    press(&mut app, key(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut app, plain(KeyCode::Tab));
    assert_eq!(app.model().panes.focus, Focus::Contacts);
}

#[test]
fn filtering_the_contact_list_and_enter_opens_a_conversation() {
    let mut app = app();
    app.model_mut().panes.focus = Focus::Contacts;
    type_text(&mut app, "am");
    assert_eq!(app.model().contacts.filter(), "am");
    let opened = press(&mut app, plain(KeyCode::Enter));
    assert_eq!(opened, [Action::OpenConversation("amy@x".into())]);
    assert_eq!(app.model().contacts.filter(), "", "the filter is done with");
    let active = app.model().conversations.active();
    assert_eq!(
        active.map(|c| c.participants[0].address.as_str()),
        Some("amy@x")
    );
    assert_eq!(app.model().panes.focus, Focus::Input);
}

#[test]
fn conversation_keys_switch_tabs_and_close() {
    let mut app = app();
    let bob = app.model_mut().conversation_with("bob@x");
    let amy = app.model_mut().conversation_with("amy@x");
    press(&mut app, key(KeyCode::Char('2'), KeyModifiers::ALT));
    assert_eq!(app.model().conversations.active().map(|c| c.id), Some(amy));
    press(&mut app, key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(app.model().conversations.active().map(|c| c.id), Some(bob));
    app.model_mut().push_message(amy, message(1));
    press(&mut app, key(KeyCode::Char('a'), KeyModifiers::ALT));
    assert_eq!(app.model().conversations.active().map(|c| c.id), Some(amy));
    assert_eq!(app.model().conversations.total_unread(), 0);
    let closed = press(&mut app, key(KeyCode::Char('w'), KeyModifiers::CONTROL));
    assert_eq!(closed, [Action::CloseConversation(amy)]);
    assert_eq!(app.model().conversations.tabs().len(), 1);
}

#[test]
fn page_up_pauses_the_conversation_and_end_resumes() {
    let mut app = app();
    let bob = app.model_mut().conversation_with("bob@x");
    (0..100).for_each(|n| app.model_mut().push_message(bob, message(n)));
    press(&mut app, plain(KeyCode::PageUp));
    let position = |app: &App| {
        app.model()
            .conversations
            .active()
            .map(|c| c.lines.position())
    };
    assert_eq!(position(&app).map(|p| p.offset()), Some(12));
    app.model_mut().push_message(bob, message(100));
    assert_eq!(position(&app).map(|p| p.unseen()), Some(1));
    press(&mut app, plain(KeyCode::End));
    assert_eq!(position(&app).map(|p| p.is_paused()), Some(false));
}

#[test]
fn help_opens_scrolls_within_bounds_and_closes() {
    let mut app = app();
    press(&mut app, plain(KeyCode::F(1)));
    assert_eq!(app.model().panes.help, Some(0));
    press(&mut app, plain(KeyCode::Char('x')));
    assert_eq!(app.input().text(), "");
    (0..100).for_each(|_| drop(press(&mut app, plain(KeyCode::Down))));
    let furthest = app.model().panes.help.unwrap_or(0);
    assert!(furthest > 0 && furthest < 30, "{furthest}");
    press(&mut app, plain(KeyCode::Esc));
    assert_eq!(app.model().panes.help, None);
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app();
    let wheel = |column, kind| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(
        app.handle_event(&wheel(3, MouseEventKind::ScrollDown)),
        [Action::Scroll(ScrollTarget::Contacts, Scroll::LineDown)]
    );
    assert_eq!(
        app.handle_event(&wheel(50, MouseEventKind::ScrollUp)),
        [Action::Scroll(ScrollTarget::Conversation, Scroll::LineUp)]
    );
    assert!(
        app.handle_event(&wheel(50, MouseEventKind::Moved))
            .is_empty()
    );
}

#[test]
fn resize_and_redraw_requests() {
    let mut app = app();
    press(&mut app, Event::Resize(120, 40));
    assert_eq!(
        (app.model().panes.width, app.model().panes.height),
        (120, 40)
    );
    assert!(!app.take_full_redraw());
    press(&mut app, key(KeyCode::Char('l'), KeyModifiers::CONTROL));
    assert!(app.take_full_redraw());
    assert!(!app.take_full_redraw());
}

#[test]
fn tab_in_a_command_completes_the_address_and_shows_the_name() {
    let mut app = app();
    type_text(&mut app, "/msg Am");
    press(&mut app, plain(KeyCode::Tab));
    assert_eq!(app.input().text(), "/msg amy@x ");
    assert_eq!(app.model().status.notice.as_deref(), Some("amy@x — Amy"));
}

#[test]
fn the_first_key_after_auto_away_says_the_user_is_back() {
    let mut app = app();
    app.set_auto_away(Some(std::time::Duration::from_secs(600)));
    let deadline = app.next_deadline().expect("an auto-away deadline");
    assert_eq!(app.due_action(deadline), Some(Action::AutoAway));
    assert_eq!(app.next_deadline(), None);
    let actions = app.handle_event(&plain(KeyCode::Char('x')));
    assert_eq!(actions.first(), Some(&Action::Back));
    assert!(app.next_deadline().is_some());
}

#[test]
fn a_contact_the_selection_rests_on_is_named_once_and_scrolling_names_nobody() {
    let mut app = app();
    let start = std::time::Instant::now();
    app.track_selection(start);
    assert_eq!(app.next_deadline(), None, "the list is not focused");
    app.model_mut().panes.focus = Focus::Contacts;
    let step = std::time::Duration::from_millis(300);
    let mut now = start;
    // Down and up between a group row and a contact, ending on the contact.
    for n in 0..13 {
        let direction = if n % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        press(&mut app, plain(direction));
        now += step;
        app.track_selection(now);
        assert_eq!(app.due_action(now), None, "move {n}: still scrolling");
    }
    let resting = app
        .model()
        .contacts
        .selected_contact()
        .map(|contact| contact.address.clone())
        .expect("a contact selected");
    let deadline = app.next_deadline().expect("a rest deadline");
    assert_eq!(app.due_action(deadline - step), None);
    assert_eq!(
        app.due_action(deadline),
        Some(Action::ContactRested(resting))
    );
    app.track_selection(deadline);
    assert_eq!(app.next_deadline(), None, "asked once, then idle");
}
