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
    if frame.conn.starts_with("HTTP ") {
        return http_body(&frame.bytes).map(|_| ());
    }
    if frame.conn.contains("gateway.dll") {
        // A gateway exchange carries zero or more whole MSNP frames in its HTTP body;
        // an error response carries a plain-text reason instead.
        let body = http_body(&frame.bytes)?;
        if frame.bytes.starts_with(b"HTTP/") && !frame.bytes.starts_with(b"HTTP/1.1 200 ") {
            return Ok(());
        }
        let frames = frames_of(direction, body)?;
        return frames
            .iter()
            .try_for_each(|raw| check_as(frame.sender, raw));
    }
    let raw = frame_alone(direction, &frame.bytes).ok_or("is not exactly one frame")?;
    check_as(frame.sender, &raw)
}

fn check_as(sender: Sender, raw: &RawFrame) -> Result<(), String> {
    match sender {
        Sender::Client => check::<ClientCommand>(raw),
        Sender::Server => check::<ServerCommand>(raw),
    }
}

/// The body of one recorded HTTP request or response, checked against its Content-Length.
fn http_body(bytes: &[u8]) -> Result<&[u8], String> {
    let end = memchr::memmem::find(bytes, b"\r\n\r\n").ok_or("HTTP head without an end")?;
    let head = std::str::from_utf8(&bytes[..end]).map_err(|_| "HTTP head is not UTF-8")?;
    let body = &bytes[end + 4..];
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.trim().parse::<usize>())
        .transpose()
        .map_err(|error| format!("bad Content-Length: {error}"))?;
    match length {
        Some(length) if length != body.len() => Err(format!(
            "Content-Length {length} but the body has {} bytes",
            body.len()
        )),
        _ => Ok(body),
    }
}

/// Every frame of a byte stream that must end on a frame boundary.
fn frames_of(direction: Direction, bytes: &[u8]) -> Result<Vec<RawFrame>, String> {
    let mut framer = Framer::new(direction);
    let mut buf = BytesMut::from(bytes);
    let mut frames = Vec::new();
    while let Some(frame) = framer
        .next_frame(&mut buf)
        .map_err(|error| format!("does not frame: {error}"))?
    {
        frames.push(frame);
    }
    if buf.is_empty() {
        Ok(frames)
    } else {
        Err(format!("{} bytes after the last whole frame", buf.len()))
    }
}

#[test]
fn every_recorded_frame_round_trips_as_a_typed_command() {
    let dir = transcripts::dir();
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
    let dir = transcripts::dir();
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
