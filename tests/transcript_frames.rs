//! Every frame of every recorded session decodes to a typed command in the direction it
//! was sent, and re-encodes to the identical bytes, except the frames the recordings
//! themselves mark as deliberately malformed.

mod support;

use bytes::BytesMut;
use msntui::protocol::command::Command;
use msntui::protocol::frame::{Direction, Framer};
use msntui::protocol::{ClientCommand, RawFrame, ServerCommand};
use support::transcripts::{self, RecordedFrame, Sender};

/// Frames sent wrong on purpose: (first bytes of the frame, the note in the same
/// recording's .txt that says so). The note must be present there, so this list cannot
/// drift from the recordings.
const DELIBERATELY_MALFORMED: &[(&str, &str)] = &[
    ("VER abc", "non-numeric trid in VER"),
    ("X\r\n", "one-character line"),
    ("\u{fffd}", "invalid UTF-8 bytes"),
    ("VER 1 MSNP12 CVR0\n", "LF-only line ending"),
    ("\r\n", "empty line"),
    ("USR 2\r\n", "USR with missing arguments"),
    ("USR 3 TWN\r\n", "USR with missing arguments"),
    ("FOO ", "unknown command"),
    ("MSG 3 A 86", "declares a length 20 bytes SHORTER"),
    ("MSG 4 A 117", "declares a length 50 bytes LONGER"),
    ("xxxxxxxxxx", "50 bytes \"x\" filler"),
    ("CHG 11 XYZ", "invalid status code"),
    ("CHG 7 XYZ", "invalid status code"),
];

fn malformed_note(frame: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(frame);
    DELIBERATELY_MALFORMED
        .iter()
        .find(|(start, _)| text.starts_with(start))
        .map(|(_, note)| *note)
}

/// Frames one recorded frame on its own; it must be exactly one whole frame.
fn frame_alone(direction: Direction, bytes: &[u8]) -> Option<RawFrame> {
    let mut framer = Framer::new(direction);
    let mut buf = BytesMut::from(bytes);
    let frame = framer.next_frame(&mut buf).ok().flatten()?;
    buf.is_empty().then_some(frame)
}

fn check<C: Command>(frame: &RawFrame) -> Result<(), String> {
    let command = C::from_frame(frame).map_err(|error| format!("does not parse: {error}"))?;
    if command.is_unknown() {
        return Err("parsed as Unknown".into());
    }
    let mut encoded = BytesMut::new();
    command.encode(&mut encoded);
    if encoded[..] != frame.to_bytes()[..] {
        return Err(format!(
            "re-encodes differently:\n  was  {:?}\n  now  {:?}",
            String::from_utf8_lossy(&frame.to_bytes()),
            String::from_utf8_lossy(&encoded)
        ));
    }
    Ok(())
}

fn check_recorded(frame: &RecordedFrame) -> Result<(), String> {
    let direction = match frame.sender {
        Sender::Client => Direction::ClientToServer,
        Sender::Server => Direction::ServerToClient,
    };
    let raw = frame_alone(direction, &frame.bytes).ok_or("is not exactly one frame")?;
    match frame.sender {
        Sender::Client => check::<ClientCommand>(&raw),
        Sender::Server => check::<ServerCommand>(&raw),
    }
}

#[test]
fn every_recorded_frame_round_trips_as_a_typed_command() {
    let Some(dir) = transcripts::dir("every_recorded_frame_round_trips_as_a_typed_command") else {
        return;
    };
    let files = transcripts::frame_files(&dir);
    assert!(
        !files.is_empty(),
        "no .frames.jsonl files in {}",
        dir.display()
    );
    let (mut checked, mut malformed, mut failures) = (0, 0, Vec::new());
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let notes = transcripts::companion_text(path);
        for (index, frame) in transcripts::load_frames(path).iter().enumerate() {
            if let Some(note) = malformed_note(&frame.bytes) {
                assert!(
                    notes.contains(note),
                    "{file}: note {note:?} not found in the .txt"
                );
                malformed += 1;
                continue;
            }
            checked += 1;
            if let Err(problem) = check_recorded(frame) {
                failures.push(format!(
                    "{file} #{index} [{}] {:?}: {problem}",
                    frame.conn,
                    String::from_utf8_lossy(&frame.bytes[..frame.bytes.len().min(80)])
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} frames failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 500, "only {checked} frames checked");
    assert!(
        malformed >= 10,
        "only {malformed} malformed frames recognised"
    );
}

#[test]
fn deliberately_malformed_frames_are_per_line_errors_or_unknown() {
    let Some(dir) =
        transcripts::dir("deliberately_malformed_frames_are_per_line_errors_or_unknown")
    else {
        return;
    };
    for path in transcripts::frame_files(&dir) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for frame in transcripts::load_frames(&path) {
            if malformed_note(&frame.bytes).is_none() || frame.sender != Sender::Client {
                continue;
            }
            let Some(raw) = frame_alone(Direction::ClientToServer, &frame.bytes) else {
                continue;
            };
            let verdict = ClientCommand::from_frame(&raw);
            let bare_lf_valid = raw.bare_lf() && verdict.is_ok();
            let rejected = matches!(verdict, Err(_) | Ok(ClientCommand::Unknown(_)));
            let wrong_length_msg = raw.command_name() == "MSG";
            assert!(
                rejected || bare_lf_valid || wrong_length_msg,
                "{file}: {:?} should not parse cleanly: {verdict:?}",
                String::from_utf8_lossy(&frame.bytes)
            );
        }
    }
}
