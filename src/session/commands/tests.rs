use super::*;

fn ok(line: &str) -> Request {
    parse(line).unwrap_or_else(|error| panic!("{line}: {error}"))
}

#[test]
fn statuses() {
    assert_eq!(ok("/status away"), Request::SetStatus(Status::Away));
    assert_eq!(ok("  /STATUS Busy "), Request::SetStatus(Status::Busy));
    assert_eq!(ok("/status hdn"), Request::SetStatus(Status::Hidden));
    assert_eq!(ok("/status brb"), Request::SetStatus(Status::BeRightBack));
    assert_eq!(
        parse("/status offline"),
        Err(CommandError::BadStatus("offline".into()))
    );
    assert_eq!(parse("/status"), Err(CommandError::Usage(STATUS)));
    assert_eq!(parse("/status away now"), Err(CommandError::Usage(STATUS)));
}

#[test]
fn profile_text_keeps_its_spaces() {
    assert_eq!(
        ok("/nick Alice  the Great"),
        Request::SetName("Alice  the Great".into())
    );
    assert_eq!(ok("/nick \"quoted\""), Request::SetName("quoted".into()));
    assert_eq!(
        ok("/psm gone fishing"),
        Request::SetPersonalMessage("gone fishing".into())
    );
    assert_eq!(ok("/psm"), Request::SetPersonalMessage(String::new()));
    assert_eq!(parse("/nick"), Err(CommandError::Usage(NICK)));
    assert_eq!(parse("/nick \"open"), Err(CommandError::OpenQuote));
}

#[test]
fn contacts() {
    assert_eq!(
        ok("/add Bob@Example.com"),
        Request::AddContact {
            email: "bob@example.com".into(),
            group: None
        }
    );
    assert_eq!(
        ok("/add bob@example.com \"Best Friends\""),
        Request::AddContact {
            email: "bob@example.com".into(),
            group: Some("Best Friends".into())
        }
    );
    assert_eq!(
        ok("/remove bob@example.com"),
        Request::RemoveContact {
            email: "bob@example.com".into()
        }
    );
    assert_eq!(
        ok("/block bob@example.com"),
        Request::Block {
            email: "bob@example.com".into()
        }
    );
    assert_eq!(
        ok("/unblock bob@example.com"),
        Request::Unblock {
            email: "bob@example.com".into()
        }
    );
    assert_eq!(
        ok("/accept bob@example.com"),
        Request::Accept {
            email: "bob@example.com".into()
        }
    );
    assert_eq!(
        ok("/decline bob@example.com"),
        Request::Decline {
            email: "bob@example.com".into()
        }
    );
    assert_eq!(parse("/add"), Err(CommandError::Usage(ADD)));
    assert_eq!(
        parse("/block bob"),
        Err(CommandError::BadEmail("bob".into()))
    );
    assert!(matches!(
        parse("/remove a@b.c d@e.f"),
        Err(CommandError::Usage(_))
    ));
}

#[test]
fn groups() {
    assert_eq!(
        ok("/group add Best Friends"),
        Request::AddGroup {
            name: "Best Friends".into()
        }
    );
    assert_eq!(
        ok("/group rename \"Best Friends\" Old Friends"),
        Request::RenameGroup {
            group: "Best Friends".into(),
            name: "Old Friends".into()
        }
    );
    assert_eq!(
        ok("/group remove Work"),
        Request::RemoveGroup {
            group: "Work".into()
        }
    );
    assert_eq!(
        ok("/group move bob@example.com Work"),
        Request::MoveContact {
            email: "bob@example.com".into(),
            group: Some("Work".into())
        }
    );
    assert_eq!(
        ok("/group move bob@example.com"),
        Request::MoveContact {
            email: "bob@example.com".into(),
            group: None
        }
    );
    for bad in [
        "/group",
        "/group add",
        "/group rename Work",
        "/group fly away",
        "/group move",
    ] {
        assert_eq!(parse(bad), Err(CommandError::Usage(GROUP)), "{bad}");
    }
}

#[test]
fn quitting_and_nonsense() {
    assert_eq!(ok("/quit"), Request::SignOut);
    assert_eq!(parse("/quit now"), Err(CommandError::Usage("/quit")));
    assert_eq!(ok("/reconnect"), Request::Reconnect);
    assert_eq!(
        parse("/reconnect later"),
        Err(CommandError::Usage("/reconnect"))
    );
    assert_eq!(parse("hello"), Err(CommandError::NotACommand));
    assert_eq!(parse("/"), Err(CommandError::Unknown(String::new())));
    assert_eq!(
        parse("/frobnicate x"),
        Err(CommandError::Unknown("frobnicate".into()))
    );
    assert!(parse("/status \u{0}\u{1b}[2J").is_err());
}

#[test]
fn chat() {
    assert_eq!(
        ok("/msg Bob@Example.com  hello   there "),
        Request::SendMessage {
            to: ChatTarget::Contact("bob@example.com".into()),
            text: "hello   there".into()
        }
    );
    assert_eq!(
        ok("/nudge bob@example.com"),
        Request::Nudge {
            to: ChatTarget::Contact("bob@example.com".into())
        }
    );
    assert_eq!(
        ok("/invite carol@example.com"),
        Request::Invite {
            conversation: None,
            email: "carol@example.com".into()
        }
    );
    assert_eq!(
        ok("/history bob@example.com 5"),
        Request::History {
            contact: "bob@example.com".into(),
            count: 5
        }
    );
    assert_eq!(
        ok("/history bob@example.com"),
        Request::History {
            contact: "bob@example.com".into(),
            count: HISTORY_LINES
        }
    );
    assert_eq!(parse("/msg bob@example.com"), Err(CommandError::Usage(MSG)));
    assert_eq!(parse("/msg"), Err(CommandError::Usage(MSG)));
    assert_eq!(
        parse("/msg bob hi"),
        Err(CommandError::BadEmail("bob".into()))
    );
    assert_eq!(
        parse("/history bob@example.com many"),
        Err(CommandError::Usage(HISTORY))
    );
}

#[test]
fn say_writes_into_a_conversation_by_its_number() {
    assert_eq!(
        ok("/say 3 hello  all"),
        Request::SendMessage {
            to: ChatTarget::Conversation(ConversationId(3)),
            text: "hello  all".into(),
        }
    );
    assert_eq!(parse("/say three hi"), Err(CommandError::Usage(SAY)));
    assert_eq!(parse("/say 3"), Err(CommandError::Usage(SAY)));
}

#[test]
fn file_transfers() {
    use std::path::PathBuf;

    use crate::session::TransferId;

    assert_eq!(
        ok("/send \"my photos/a b.jpg\" Bob@Example.com"),
        Request::SendFile {
            to: Some(ChatTarget::Contact("bob@example.com".into())),
            path: PathBuf::from("my photos/a b.jpg"),
        }
    );
    assert_eq!(
        ok("/send notes.txt"),
        Request::SendFile {
            to: None,
            path: PathBuf::from("notes.txt"),
        }
    );
    assert_eq!(
        ok("/accept-file 3"),
        Request::AcceptFile {
            transfer: Some(TransferId(3))
        }
    );
    assert_eq!(ok("/decline-file"), Request::DeclineFile { transfer: None });
    assert_eq!(
        ok("/cancel #2"),
        Request::CancelTransfer {
            transfer: Some(TransferId(2))
        }
    );
    assert!(matches!(parse("/send"), Err(CommandError::Usage(_))));
    assert!(matches!(parse("/send a b c"), Err(CommandError::Usage(_))));
    assert!(matches!(
        parse("/send a not-an-email"),
        Err(CommandError::BadEmail(_))
    ));
    assert!(matches!(parse("/cancel x"), Err(CommandError::Usage(_))));
}
