use crate::protocol::command::Command;
use crate::protocol::{RawFrame, ServerCommand};

fn parse(line: &'static str) -> ServerCommand {
    let frame = RawFrame::new(line.as_bytes(), false, None);
    let command = ServerCommand::from_frame(&frame).expect(line);
    assert_eq!(
        &command.to_bytes()[..],
        format!("{line}\r\n").as_bytes(),
        "{line} re-encodes"
    );
    command
}

const GUID: &str = "0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd";

#[test]
fn group_names_that_look_like_numbers_are_names() {
    let ServerCommand::Reg(super::RegReply::Guid {
        serial, name, guid, ..
    }) = parse("REG 1 1 2024 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0")
    else {
        panic!("not the GUID shape");
    };
    assert_eq!(
        (serial, name.as_str(), guid.as_str()),
        (Some(1), "2024", GUID)
    );
    let ServerCommand::Reg(super::RegReply::Guid { serial, name, .. }) =
        parse("REG 1 5 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0")
    else {
        panic!("not the GUID shape");
    };
    assert_eq!((serial, name.as_str()), (None, "5"));
    assert!(matches!(
        parse("REG 14 47 2 Renamed 0"),
        ServerCommand::Reg(super::RegReply::Numbered { group: 2, .. })
    ));
    assert!(matches!(
        parse("ADG 12 7 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0"),
        ServerCommand::Adg(super::AdgReply::Guid { .. })
    ));
    assert!(matches!(
        parse("ADG 12 45 New%20Group 2 0"),
        ServerCommand::Adg(super::AdgReply::Numbered { group: 2, .. })
    ));
}
