use crossterm::event::{KeyEventState, KeyModifiers};

use super::*;

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn plain(code: KeyCode) -> KeyEvent {
    key(code, KeyModifiers::NONE)
}

fn in_input(input: &str) -> KeyContext<'_> {
    KeyContext {
        input,
        tab_completes: input.ends_with(|c: char| !c.is_whitespace()),
        active_conversation: Some(ConversationId(7)),
        ..KeyContext::default()
    }
}

#[test]
fn enter_submits_the_line_and_alt_enter_inserts_a_newline() {
    let context = in_input("hello");
    assert_eq!(
        actions_for_key(plain(KeyCode::Enter), &context),
        [Action::Submit("hello".into())]
    );
    assert_eq!(
        actions_for_key(key(KeyCode::Enter, KeyModifiers::ALT), &context),
        [Action::Edit(Edit::Newline)]
    );
    assert!(actions_for_key(plain(KeyCode::Enter), &in_input("  ")).is_empty());
}

#[test]
fn readline_keys_map_to_edits() {
    let context = in_input("some text");
    let cases = [
        (key(KeyCode::Char('a'), KeyModifiers::CONTROL), Edit::Start),
        (key(KeyCode::Char('e'), KeyModifiers::CONTROL), Edit::End),
        (
            key(KeyCode::Char('w'), KeyModifiers::CONTROL),
            Edit::DeleteWordBefore,
        ),
        (
            key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Edit::DeleteToStart,
        ),
        (
            key(KeyCode::Char('k'), KeyModifiers::CONTROL),
            Edit::DeleteToEnd,
        ),
        (key(KeyCode::Char('b'), KeyModifiers::ALT), Edit::WordLeft),
        (key(KeyCode::Char('f'), KeyModifiers::ALT), Edit::WordRight),
        (plain(KeyCode::Left), Edit::Left),
        (plain(KeyCode::Right), Edit::Right),
        (plain(KeyCode::Backspace), Edit::Backspace),
        (plain(KeyCode::Delete), Edit::Delete),
    ];
    for (pressed, edit) in cases {
        assert_eq!(
            actions_for_key(pressed, &context),
            [Action::Edit(edit)],
            "{pressed:?}"
        );
    }
}

#[test]
fn ctrl_w_closes_the_conversation_only_when_the_input_is_empty() {
    let ctrl_w = key(KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(
        actions_for_key(ctrl_w, &in_input("")),
        [Action::CloseConversation(ConversationId(7))]
    );
    assert_eq!(
        actions_for_key(ctrl_w, &in_input("word")),
        [Action::Edit(Edit::DeleteWordBefore)]
    );
}

#[test]
fn typing_a_message_signals_typing_but_a_command_does_not() {
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('h')), &in_input("")),
        [Action::Edit(Edit::Insert('h')), Action::Typing]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('/')), &in_input("")),
        [Action::Edit(Edit::Insert('/'))]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('x')), &in_input("/nudge")),
        [Action::Edit(Edit::Insert('x'))]
    );
}

#[test]
fn tab_completes_a_partial_word_and_otherwise_moves_focus() {
    assert_eq!(
        actions_for_key(plain(KeyCode::Tab), &in_input("/ms")),
        [Action::Complete]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Tab), &in_input("hi ")),
        [Action::FocusNext]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::BackTab), &in_input("/ms")),
        [Action::FocusPrevious]
    );
}

#[test]
fn conversation_navigation_keys() {
    let context = in_input("");
    let cases = [
        (
            key(KeyCode::Char('3'), KeyModifiers::ALT),
            Action::SelectConversation(2),
        ),
        (
            key(KeyCode::Char('1'), KeyModifiers::ALT),
            Action::SelectConversation(0),
        ),
        (
            key(KeyCode::Left, KeyModifiers::ALT),
            Action::PreviousConversation,
        ),
        (
            key(KeyCode::Right, KeyModifiers::ALT),
            Action::NextConversation,
        ),
        (
            key(KeyCode::Char('n'), KeyModifiers::CONTROL),
            Action::NextConversation,
        ),
        (
            key(KeyCode::Char('p'), KeyModifiers::CONTROL),
            Action::PreviousConversation,
        ),
        (
            key(KeyCode::Char('a'), KeyModifiers::ALT),
            Action::NextUnread,
        ),
        (plain(KeyCode::F(2)), Action::ToggleProtocol),
        (plain(KeyCode::F(1)), Action::ToggleHelp),
        (key(KeyCode::Char('c'), KeyModifiers::CONTROL), Action::Quit),
        (
            plain(KeyCode::PageUp),
            Action::Scroll(ScrollTarget::Conversation, Scroll::PageUp),
        ),
        (
            plain(KeyCode::End),
            Action::Scroll(ScrollTarget::Conversation, Scroll::Bottom),
        ),
        (plain(KeyCode::Up), Action::HistoryOlder),
        (plain(KeyCode::Down), Action::HistoryNewer),
    ];
    for (pressed, action) in cases {
        assert_eq!(actions_for_key(pressed, &context), [action], "{pressed:?}");
    }
}

#[test]
fn contact_list_filters_as_you_type_and_enter_opens() {
    let mut context = KeyContext {
        focus: Focus::Contacts,
        filter_empty: true,
        selected_row: ListSelection::Contact("bob@x"),
        ..KeyContext::default()
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('b')), &context),
        [Action::Filter(
            FilterTarget::Contacts,
            FilterEdit::Push('b')
        )]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Enter), &context),
        [Action::OpenConversation("bob@x".into())]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('?')), &context),
        [Action::ToggleHelp]
    );
    context.selected_row = ListSelection::Group;
    context.filter_empty = false;
    assert_eq!(
        actions_for_key(plain(KeyCode::Enter), &context),
        [Action::ToggleGroup]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Esc), &context),
        [Action::Filter(FilterTarget::Contacts, FilterEdit::Clear)]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Down), &context),
        [Action::Scroll(ScrollTarget::Contacts, Scroll::LineDown)]
    );
}

#[test]
fn protocol_pane_filters_and_scrolls() {
    let context = KeyContext {
        focus: Focus::Protocol,
        ..KeyContext::default()
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('S')), &context),
        [Action::Filter(
            FilterTarget::Protocol,
            FilterEdit::Push('S')
        )]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Home), &context),
        [Action::Scroll(ScrollTarget::Protocol, Scroll::Top)]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Enter), &context),
        [Action::TogglePayloads]
    );
}

#[test]
fn typing_in_the_conversation_pane_moves_to_the_input() {
    let context = KeyContext {
        focus: Focus::Conversation,
        active_conversation: Some(ConversationId(1)),
        ..KeyContext::default()
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('h')), &context),
        [
            Action::Focus(Focus::Input),
            Action::Edit(Edit::Insert('h')),
            Action::Typing
        ]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Char('?')), &context),
        [Action::ToggleHelp]
    );
}

#[test]
fn help_overlay_swallows_keys_except_closing_scrolling_and_quit() {
    let context = KeyContext {
        help_open: true,
        ..in_input("")
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::Esc), &context),
        [Action::ToggleHelp]
    );
    assert_eq!(
        actions_for_key(plain(KeyCode::Down), &context),
        [Action::Scroll(ScrollTarget::Help, Scroll::LineDown)]
    );
    assert!(actions_for_key(plain(KeyCode::Char('x')), &context).is_empty());
    assert_eq!(
        actions_for_key(key(KeyCode::Char('c'), KeyModifiers::CONTROL), &context),
        [Action::Quit]
    );
    let escape_then_ctrl_c = key(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    );
    assert_eq!(
        actions_for_key(escape_then_ctrl_c, &context),
        [Action::Quit]
    );
}

#[test]
fn key_releases_are_ignored() {
    let mut released = plain(KeyCode::Char('x'));
    released.kind = KeyEventKind::Release;
    assert!(actions_for_key(released, &in_input("")).is_empty());
}

#[test]
fn f4_on_a_contact_asks_for_its_info_and_the_overlay_closes_with_esc() {
    let on_contact = KeyContext {
        focus: Focus::Contacts,
        selected_row: ListSelection::Contact("bob@x.com"),
        ..KeyContext::default()
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::F(4)), &on_contact),
        [Action::ShowContactInfo("bob@x.com".into())]
    );
    let on_group = KeyContext {
        selected_row: ListSelection::Group,
        ..on_contact
    };
    assert!(actions_for_key(plain(KeyCode::F(4)), &on_group).is_empty());
    let card_open = KeyContext {
        card_open: true,
        ..on_contact
    };
    assert_eq!(
        actions_for_key(plain(KeyCode::Esc), &card_open),
        [Action::CloseContactInfo]
    );
    assert!(actions_for_key(plain(KeyCode::Char('x')), &card_open).is_empty());
    assert_eq!(
        actions_for_key(key(KeyCode::Char('c'), KeyModifiers::CONTROL), &card_open),
        [Action::Quit]
    );
}

#[test]
fn ctrl_z_suspends_from_every_pane_and_overlay() {
    let ctrl_z = key(KeyCode::Char('z'), KeyModifiers::CONTROL);
    let contexts = [
        in_input("half a message"),
        KeyContext {
            focus: Focus::Contacts,
            ..in_input("")
        },
        KeyContext {
            help_open: true,
            ..in_input("")
        },
        KeyContext {
            card_open: true,
            ..in_input("")
        },
    ];
    for context in contexts {
        assert_eq!(actions_for_key(ctrl_z, &context), [Action::Suspend]);
    }
}
