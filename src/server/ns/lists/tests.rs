use super::reverse_list_notice;
use super::sync::{LIST_VERSION, sync_lines};
use crate::protocol::ServerCommand;
use crate::protocol::types::Trid;
use crate::server::directory::default_directory;

fn wire(lines: Vec<ServerCommand>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| {
            String::from_utf8(line.to_bytes().to_vec())
                .unwrap()
                .trim_end_matches("\r\n")
                .to_owned()
        })
        .collect()
}

#[test]
fn sync_dumps_match_the_recordings() {
    let directory = default_directory();
    assert_eq!(
        wire(sync_lines(&directory, "alice@example.com", 2, Trid(5))),
        [
            "SYN 5 1",
            "GTC 5 1 A",
            "BLP 5 1 BL",
            "LST 5 FL 1 1 1 bob@example.com bob@example.com",
            "LST 5 AL 1 1 1 bob@example.com bob@example.com",
            "LST 5 BL 1 0 0",
            "LST 5 RL 1 1 1 bob@example.com bob@example.com",
        ]
    );
    assert_eq!(
        wire(sync_lines(&directory, "bob@example.com", 7, Trid(6)))[3..5],
        [
            "LSG 6 1 1 1 0 Other%20Contacts 0",
            "LST 6 FL 1 1 1 alice@example.com Alice%20Test 0"
        ]
    );
    assert_eq!(
        wire(sync_lines(&directory, "alice@example.com", 8, Trid(5))),
        [
            "SYN 5 1 1 1",
            "GTC A",
            "BLP BL",
            "LSG 0 Other%20Contacts 0",
            "LST bob@example.com bob@example.com 11 0"
        ]
    );
    let msnp12 = wire(sync_lines(&directory, "alice@example.com", 12, Trid(5)));
    assert_eq!(
        msnp12[0],
        format!("SYN 5 {LIST_VERSION} {LIST_VERSION} 1 0")
    );
    assert_eq!(msnp12[3], "PRP MFN Alice%20Test");
    assert!(
        msnp12[4].starts_with("LST N=bob@example.com F=bob@example.com C="),
        "{}",
        msnp12[4]
    );
    assert!(msnp12[4].ends_with(" 11 1 "), "{:?}", msnp12[4]);
}

#[test]
fn reverse_list_notices_per_version() {
    let line = |version, added| {
        wire(vec![reverse_list_notice(
            version,
            "alice@example.com",
            "Alice Test",
            4,
            added,
        )])
        .remove(0)
    };
    assert_eq!(line(7, true), "ADD 0 RL 4 alice@example.com Alice%20Test");
    assert_eq!(
        line(12, true),
        "ADC 0 RL N=alice@example.com F=Alice%20Test"
    );
    assert_eq!(line(12, false), "REM 0 RL alice@example.com");
    assert!(line(15, true).starts_with("ADL 0 "));
}
