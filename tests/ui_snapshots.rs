//! Whole-screen snapshots of the terminal UI, drawn into ratatui's `TestBackend`.
//! Times are fixed and nothing reads the clock, so the screens are reproducible.

use std::time::{Duration, Instant};

use msntui::ui::model::{
    ChatLine, CommandHelp, ConnectionState, Contact, ContactCard, ConversationId, Delivery,
    Direction, Focus, Group, Limits, MessageLine, Model, Participant, PictureState, Presence,
    ProtocolEntry, Rgb, SystemEvent, Timestamp, Typing,
};
use msntui::ui::pictures::Tiles;
use msntui::ui::{
    Action, App, Attention, ColourMode, Edit, FilterEdit, FilterTarget, Scroll, ScrollTarget, Theme,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Monday, 4 March 2024, 09:15:00 UTC.
const MONDAY_MORNING: i64 = 1_709_543_700;
const SUNDAY_NIGHT: i64 = MONDAY_MORNING - 9 * 3600 - 20 * 60;

fn at(offset_seconds: i64) -> Timestamp {
    Timestamp(MONDAY_MORNING + offset_seconds)
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let drawn = terminal.draw(|frame| app.draw(frame));
    assert!(drawn.is_ok());
    terminal.backend().to_string()
}

fn app_with(model: Model, width: u16, height: u16) -> App {
    let mut app = App::new(
        model,
        Theme::new(ColourMode::Monochrome),
        Attention::default(),
    );
    app.update(Action::Resize { width, height });
    app
}

fn contact(address: &str, name: &str, presence: Presence, groups: &[&str], psm: &str) -> Contact {
    Contact {
        presence,
        groups: groups.iter().map(|id| id.to_string()).collect(),
        personal_message: psm.into(),
        ..Contact::new(address, name)
    }
}

fn signed_in_model() -> Model {
    let mut model = Model::new("me@example.com", Limits::default());
    model.status.connection = ConnectionState::Online;
    model.status.protocol_version = Some("MSNP15".into());
    model.status.own.friendly_name = "Sam ☕".into();
    model.status.own.personal_message = "writing a terminal client".into();
    model.commands = ["/msg", "/nudge", "/status", "/quit"]
        .iter()
        .map(|name| CommandHelp {
            name: (*name).into(),
            usage: if *name == "/msg" {
                "<address> <text>".into()
            } else {
                String::new()
            },
            summary: format!("what {name} does"),
        })
        .collect();
    model
        .contacts
        .upsert_group(Group::new("friends", "Friends"));
    model.contacts.upsert_group(Group::new("work", "Work"));
    model.contacts.upsert_group(Group::new("family", "Family"));
    let people = [
        (
            "alice@example.com",
            "Alice",
            Presence::Online,
            &["friends"][..],
            "🎵 Daft Punk",
        ),
        (
            "bob@example.com",
            "Bob",
            Presence::Busy,
            &["friends", "work"][..],
            "",
        ),
        (
            "carol@example.com",
            "Carol 李",
            Presence::Away,
            &["friends"][..],
            "back at 3",
        ),
        ("dan@example.com", "Dan", Presence::Idle, &["work"][..], ""),
        (
            "erin@example.com",
            "Erin",
            Presence::BeRightBack,
            &["work"][..],
            "",
        ),
        (
            "fay@example.com",
            "Fay",
            Presence::OnThePhone,
            &["work"][..],
            "in a call",
        ),
        (
            "gus@example.com",
            "Gus",
            Presence::OutToLunch,
            &["work"][..],
            "",
        ),
        (
            "hal@example.com",
            "Hal",
            Presence::Offline,
            &["friends"][..],
            "old message",
        ),
        (
            "ivy@example.com",
            "Ivy",
            Presence::Online,
            &["family"][..],
            "",
        ),
        (
            "zoe@example.com",
            "Zoë \x1b[31mred",
            Presence::Online,
            &[][..],
            "\u{202e}gnp.exe",
        ),
    ];
    for (address, name, presence, groups, psm) in people {
        model
            .contacts
            .upsert(contact(address, name, presence, groups, psm));
    }
    model
        .contacts
        .update("bob@example.com", |bob| bob.unread = 2);
    model
}

fn log(model: &mut Model, seconds: i64, connection: &str, direction: Direction, line: &str) {
    model.protocol.push(ProtocolEntry {
        time: at(seconds),
        connection: connection.into(),
        direction,
        line: line.into(),
        is_error: line.starts_with("911"),
    });
}

fn sign_in_log(model: &mut Model) {
    use Direction::{Incoming, Outgoing};
    log(model, 0, "NS", Outgoing, "VER 1 MSNP15 MSNP14 CVR0");
    log(model, 0, "NS", Incoming, "VER 1 MSNP15");
    log(
        model,
        1,
        "NS",
        Outgoing,
        "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 msmsgs me@example.com",
    );
    log(
        model,
        1,
        "NS",
        Incoming,
        "CVR 2 8.5.1302 8.5.1302 8.5.1302 http://example.com http://example.com",
    );
    log(model, 2, "NS", Outgoing, "USR 3 SSO I me@example.com");
    log(
        model,
        2,
        "NS",
        Incoming,
        "USR 3 SSO S MBI_KEY_OLD [redacted nonce]",
    );
    log(model, 3, "NS", Outgoing, "USR 4 SSO S [redacted ticket]");
    log(model, 3, "NS", Incoming, "911 4");
    log(model, 5, "NS", Outgoing, "USR 5 SSO S [redacted ticket]");
    log(model, 5, "NS", Incoming, "USR 5 OK me@example.com 1 0");
}

fn conversation_model() -> (Model, ConversationId) {
    let mut model = signed_in_model();
    let id = model.conversation_with("carol@example.com");
    model.conversations.open(vec![Participant {
        address: "dan@example.com".into(),
        friendly_name: "Dan".into(),
        presence: Presence::Idle,
    }]);
    model.activate_id(id);
    let carol = |time: Timestamp, text: &str, colour: Option<Rgb>| MessageLine {
        time,
        sender_address: "carol@example.com".into(),
        sender_name: "Carol 李".into(),
        text: text.into(),
        colour,
        own: None,
    };
    model.push_message(id, carol(Timestamp(SUNDAY_NIGHT), "还在吗？🙂", None));
    model.push_system(
        id,
        at(0),
        SystemEvent::Nudge {
            name: "Carol 李".into(),
        },
    );
    model.push_message(
        id,
        carol(
            at(30),
            "日本語とEnglishが混ざった長いメッセージは正しく折り返されるはずです 🎉🎉",
            Some(Rgb(255, 0, 0)),
        ),
    );
    model.push_message(
        id,
        carol(
            at(60),
            "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07gotcha\u{9b}31m \u{202e}evil",
            None,
        ),
    );
    let sent = [
        Delivery::Delivered,
        Delivery::Sent,
        Delivery::Failed("switchboard closed".into()),
        Delivery::Queued,
    ];
    for (n, delivery) in sent.into_iter().enumerate() {
        let text = [
            "👋 hi!",
            "two lines\nof text",
            "did this arrive?",
            "still sending",
        ][n];
        let message = model.push_own_message(id, at(90 + n as i64 * 30), text);
        if let Some(message) = message
            && let Some(conversation) = model.conversations.get_mut(id)
        {
            conversation.set_delivery(message, delivery);
        }
    }
    let dan = Participant {
        address: "dan@example.com".into(),
        friendly_name: "Dan".into(),
        presence: Presence::Idle,
    };
    model.participant_joined(id, at(240), dan);
    if let Some(conversation) = model.conversations.get_mut(id) {
        conversation.set_typing(Typing {
            address: "carol@example.com".into(),
            name: "Carol 李".into(),
            until: Instant::now() + Duration::from_secs(5),
        });
        assert!(matches!(
            conversation.lines.get(0),
            Some(ChatLine::Message(_))
        ));
    }
    (model, id)
}

#[test]
fn sign_in_with_protocol_pane() {
    let mut model = signed_in_model();
    model.status.connection = ConnectionState::SigningIn;
    sign_in_log(&mut model);
    model.panes.protocol_visible = true;
    model.panes.focus = Focus::Protocol;
    insta::assert_snapshot!(screen(&app_with(model, 80, 24), 80, 24));
}

#[test]
fn protocol_pane_filtered_and_paused() {
    let mut model = signed_in_model();
    sign_in_log(&mut model);
    model.panes.protocol_visible = true;
    model.panes.contacts_visible = false;
    let mut app = app_with(model, 100, 20);
    app.update(Action::Focus(Focus::Protocol));
    "usr"
        .chars()
        .for_each(|c| app.update(Action::Filter(FilterTarget::Protocol, FilterEdit::Push(c))));
    app.update(Action::Scroll(ScrollTarget::Protocol, Scroll::LineUp));
    log(
        app.model_mut(),
        9,
        "NS",
        Direction::Outgoing,
        "USR 6 SSO I again",
    );
    insta::assert_snapshot!(screen(&app, 100, 20));
}

#[test]
fn contact_list_with_groups_and_every_presence() {
    let mut model = signed_in_model();
    model.panes.focus = Focus::Contacts;
    let mut app = app_with(model, 80, 24);
    app.update(Action::Scroll(ScrollTarget::Contacts, Scroll::Bottom));
    app.update(Action::ToggleGroup);
    app.update(Action::Scroll(ScrollTarget::Contacts, Scroll::Top));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn conversation_with_wide_characters_and_injected_escapes() {
    let (model, _) = conversation_model();
    let mut app = app_with(model, 80, 24);
    "typing 你好 🙂"
        .chars()
        .for_each(|c| app.update(Action::Edit(Edit::Insert(c))));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn help_overlay() {
    let (model, _) = conversation_model();
    let mut app = app_with(model, 80, 24);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn help_overlay_scrolled_to_the_commands() {
    let (model, _) = conversation_model();
    let mut app = app_with(model, 80, 24);
    app.update(Action::ToggleHelp);
    app.update(Action::Scroll(ScrollTarget::Help, Scroll::Bottom));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn layout_80x24() {
    let (mut model, _) = conversation_model();
    sign_in_log(&mut model);
    model.panes.protocol_visible = true;
    insta::assert_snapshot!(screen(&app_with(model, 80, 24), 80, 24));
}

#[test]
fn layout_200x50() {
    let (mut model, _) = conversation_model();
    sign_in_log(&mut model);
    model.panes.protocol_visible = true;
    insta::assert_snapshot!(screen(&app_with(model, 200, 50), 200, 50));
}

#[test]
fn panes_scrolled_to_the_oldest_line_are_full() {
    let mut model = signed_in_model();
    for n in 0..40 {
        log(
            &mut model,
            n,
            "NS",
            Direction::Outgoing,
            &format!("PNG {n}"),
        );
    }
    model.panes.protocol_visible = true;
    model.panes.contacts_visible = false;
    let id = model.conversation_with("carol@example.com");
    model.activate_id(id);
    for n in 0..40 {
        model.push_own_message(id, at(n), format!("message {n}"));
    }
    let mut app = app_with(model, 100, 30);
    app.update(Action::Scroll(ScrollTarget::Protocol, Scroll::Top));
    app.update(Action::Scroll(ScrollTarget::Conversation, Scroll::Top));
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("PNG 0 ") && shown.contains("PNG 4 "),
        "{shown}"
    );
    assert!(
        shown.contains("message 0 ") && shown.contains("message 4 "),
        "{shown}"
    );
}

#[test]
fn offline_messages_both_ways() {
    let mut model = signed_in_model();
    model.panes.contacts_visible = false;
    let id = model.conversation_with("bob@example.com");
    model.activate_id(id);
    let sent = Timestamp(SUNDAY_NIGHT);
    model.push_system(id, sent, SystemEvent::OfflineMessage { sent });
    model.push_message(
        id,
        MessageLine {
            time: sent,
            sender_address: "bob@example.com".into(),
            sender_name: "Bob".into(),
            text: "left you a note while you were away".into(),
            colour: None,
            own: None,
        },
    );
    let message = model.push_own_message(id, at(0), "thanks, see you tomorrow");
    if let Some(message) = message
        && let Some(conversation) = model.conversations.get_mut(id)
    {
        conversation.set_delivery(message, Delivery::StoredOffline);
    }
    insta::assert_snapshot!(screen(&app_with(model, 80, 12), 80, 12));
}

/// What a contact on an official client sends besides plain text: a long message that
/// arrived in chunks shows as one, and a wink, a file offer and a message missing a part
/// show as lines saying what arrived (the texts are the session's own).
#[test]
fn conversation_with_notices_and_a_reassembled_long_message() {
    use msntui::session::Notice;
    let mut model = signed_in_model();
    let id = model.conversation_with("bob@example.com");
    model.activate_id(id);
    let long: String = (1..=6)
        .map(|n| {
            format!(
                "Line {n:03} of a long message that has to be split into chunks; äöü € ☺ fin.\n"
            )
        })
        .collect();
    model.push_message(
        id,
        MessageLine {
            time: at(0),
            sender_address: "bob@example.com".into(),
            sender_name: "Bob".into(),
            text: long.trim_end().into(),
            colour: None,
            own: None,
        },
    );
    let notices = [
        Notice::Wink,
        Notice::FileOffer {
            name: "holiday.jpg".into(),
            size: Some(2_400_000),
            declined: true,
        },
        Notice::IncompleteMessage {
            received: 2,
            expected: Some(3),
            reason: "the other parts did not arrive in time".into(),
        },
    ];
    for (n, notice) in notices.iter().enumerate() {
        let line = SystemEvent::Notice(notice.describe("Bob"));
        model.push_system(id, at(30 + 30 * n as i64), line);
    }
    insta::assert_snapshot!(screen(&app_with(model, 80, 24), 80, 24));
}

/// The screen's rows, each without the quotes, borders and blanks at its ends, joined
/// with spaces: a wrapped text reads as one.
fn rows_joined(shown: &str) -> String {
    shown
        .lines()
        .map(|row| row.trim_matches(|c: char| c == '"' || c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_sign_in_that_cannot_succeed_shows_its_whole_reason() {
    let mut model = Model::new("me@example.com", Limits::default());
    let reason = "authentication failed: wrong e-mail address or password (the login service refused them); check email and password_command in [account]";
    model.status.connection = ConnectionState::SignedOut {
        reason: Some(reason.into()),
    };
    let shown = screen(&app_with(model, 80, 24), 80, 24);
    assert!(
        rows_joined(&shown).contains("check email and password_command in [account]"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

/// With the protocol pane below, the conversation keeps five rows before a chat opens:
/// the box takes the top of the pane, whose newest lines (the failed exchange) stay.
#[test]
fn a_failed_sign_in_over_the_protocol_pane_is_shown_whole_beside_the_newest_lines() {
    let mut model = Model::new("me@example.com", Limits::default());
    sign_in_log(&mut model);
    model.panes.protocol_visible = true;
    let reason = "the security token service could not be reached at \
        https://login.example.com/RST.srf: failed to lookup address information: Name or \
        service not known; check rst_url in [services]";
    model.status.connection = ConnectionState::SignedOut {
        reason: Some(reason.into()),
    };
    let shown = screen(&app_with(model, 80, 24), 80, 24);
    assert!(
        rows_joined(&shown).contains("check rst_url in [services]"),
        "{shown}"
    );
    assert!(shown.contains("USR 5 OK me@example.com"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn the_status_bar_shows_our_own_status_not_just_online() {
    let mut model = signed_in_model();
    model.status.own.presence = Presence::Away;
    let shown = screen(&app_with(model, 80, 24), 80, 24);
    let bar = shown.lines().nth(22).unwrap_or_default();
    assert!(bar.starts_with("\" away │ MSNP15"), "{bar}");
}

#[test]
fn the_first_screen_pins_the_handshake_and_folds_payloads() {
    let mut model = signed_in_model();
    sign_in_log(&mut model);
    for n in 0..30 {
        log(
            &mut model,
            6 + n,
            "NS",
            Direction::Incoming,
            &format!("UBX 1:contact{n}@example.com 120"),
        );
        log(
            &mut model,
            6 + n,
            "NS",
            Direction::Incoming,
            "  <Data>\r\n  <PSM>away from the keyboard</PSM>\r\n  <CurrentMedia></CurrentMedia>\r\n</Data>",
        );
    }
    model.panes.protocol_visible = true;
    let shown = screen(&app_with(model, 80, 24), 80, 24);
    for handshake in ["→ VER 1", "← VER 1", "→ CVR 2", "→ USR 3", "← USR 5 OK"] {
        assert!(shown.contains(handshake), "{handshake}:\n{shown}");
    }
    assert!(
        shown.contains("[85 bytes] <Data><PSM>away from the keyb"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

/// A one-to-one conversation with Alice, pictures on; hers decoded when `picture`.
fn picture_model(picture: bool) -> Model {
    let mut model = signed_in_model();
    model.pictures.enabled = true;
    let id = model.conversation_with("alice@example.com");
    model.activate_id(id);
    model.push_message(
        id,
        MessageLine {
            time: at(0),
            sender_address: "alice@example.com".into(),
            sender_name: "Alice".into(),
            text: "look, a picture".into(),
            colour: None,
            own: None,
        },
    );
    if picture {
        // Stripes of colour, so every half-block row differs from the next.
        let image = image::RgbaImage::from_fn(96, 96, |x, y| {
            let band = (y / 6) as u8;
            image::Rgba([band.wrapping_mul(40), (x * 2) as u8, 255 - band * 12, 255])
        });
        let picker = ratatui_image::picker::Picker::halfblocks();
        let tiles = Tiles::new(&picker, &image::DynamicImage::ImageRgba8(image));
        let tiles = tiles.expect("a picture encodes as half-blocks");
        model
            .pictures
            .set_contact("alice@example.com", "alicesha1d");
        model.pictures.finished(
            "alicesha1d".into(),
            PictureState::Ready(std::sync::Arc::new(tiles)),
        );
    }
    model
}

#[test]
fn conversation_header_with_a_half_block_picture() {
    let text = screen(&app_with(picture_model(true), 80, 24), 80, 24);
    assert!(text.contains('▀') || text.contains('▄'), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn conversation_header_with_the_placeholder() {
    let text = screen(&app_with(picture_model(false), 80, 24), 80, 24);
    assert!(text.contains("no"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_small_terminal_keeps_the_one_row_header_without_a_picture() {
    let text = screen(&app_with(picture_model(true), 40, 12), 40, 12);
    assert!(!text.contains('▀') && !text.contains('▄'), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn contact_info_overlay_with_the_picture() {
    let mut model = picture_model(true);
    model.card = Some(ContactCard {
        address: "alice@example.com".into(),
        friendly_name: "Alice".into(),
        presence: Presence::Online,
        personal_message: "🎵 Daft Punk".into(),
        groups: vec!["Friends".into(), "\x1b[31mWork".into()],
        picture: Some("alicesha1d".into()),
        picture_fetched: true,
    });
    insta::assert_snapshot!(screen(&app_with(model, 80, 24), 80, 24));
}

#[test]
fn contact_info_overlay_on_a_small_terminal_leaves_the_picture_out() {
    let mut model = picture_model(false);
    model.card = Some(ContactCard {
        address: "bob@example.com".into(),
        friendly_name: "Bob".into(),
        presence: Presence::Busy,
        personal_message: String::new(),
        groups: Vec::new(),
        picture: Some("notyet".into()),
        picture_fetched: false,
    });
    insta::assert_snapshot!(screen(&app_with(model, 40, 12), 40, 12));
}

/// A contact we blocked says so beside their name, and their card tells how to undo it.
#[test]
fn a_blocked_contact_says_so_in_the_list_and_the_card() {
    let mut model = signed_in_model();
    model
        .contacts
        .update("carol@example.com", |carol| carol.blocked = true);
    model.card = Some(ContactCard {
        address: "carol@example.com".into(),
        friendly_name: "Carol 李".into(),
        presence: Presence::Away,
        personal_message: "back at 3".into(),
        groups: vec!["Friends".into()],
        picture: None,
        picture_fetched: false,
    });
    let text = screen(&app_with(model, 80, 24), 80, 24);
    assert!(text.contains("Carol 李 (blocked)"), "{text}");
    assert!(
        text.contains("blocked: /unblock carol@example.com"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// Someone not on the list is shown online while they are in the conversation; once
/// they have left, nothing says they still are.
#[test]
fn a_stranger_who_left_is_no_longer_shown_online() {
    let mut model = signed_in_model();
    let id = model.conversations.open(vec![Participant {
        address: "cy@example.net".into(),
        friendly_name: "cy@example.net".into(),
        presence: Presence::Offline,
    }]);
    model.activate_id(id);
    model.participant_joined(
        id,
        at(0),
        Participant {
            address: "cy@example.net".into(),
            friendly_name: "Cy".into(),
            presence: Presence::Online,
        },
    );
    let mut app = app_with(model, 80, 24);
    let header = |app: &mut App, width: u16| {
        app.update(Action::Resize { width, height: 24 });
        let text = screen(app, width, 24);
        let row = text.lines().find(|row| row.contains("<cy@example.net>"));
        row.map(str::to_owned).unwrap_or_else(|| panic!("{text}"))
    };
    for width in [80, 200] {
        let row = header(&mut app, width);
        assert!(row.contains("<cy@example.net> online"), "{row}");
    }
    app.model_mut()
        .participant_left(id, at(60), "cy@example.net");
    for width in [80, 200] {
        let row = header(&mut app, width);
        assert!(row.contains("○ Cy"), "{row}");
        assert!(
            row.contains("<cy@example.net> not in your contacts"),
            "{row}"
        );
    }
}
