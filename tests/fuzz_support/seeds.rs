//! Seed inputs for each parser, cut from the recorded transcripts: frames, the payloads
//! of MSG, ADL and UBX, the MSNObject fields of presence lines, the SOAP bodies and the
//! Passport headers of the HTTP recordings.

use std::path::PathBuf;

use crate::support::transcripts::{dir, frame_files, load_frames};

/// The seeds of the parser named `parser` (a name from `PARSERS`).
pub fn seeds(parser: &str) -> Vec<Vec<u8>> {
    let frames: Vec<Vec<u8>> = frame_files(&dir())
        .iter()
        .flat_map(|path| load_frames(path))
        .map(|frame| frame.bytes)
        .collect();
    let payloads = |commands: &[&str]| -> Vec<Vec<u8>> {
        frames
            .iter()
            .filter(|frame| {
                commands
                    .iter()
                    .any(|command| frame.starts_with(command.as_bytes()))
            })
            .filter_map(|frame| {
                let end = frame.windows(2).position(|pair| pair == b"\r\n")?;
                Some(frame[end + 2..].to_vec())
            })
            .collect()
    };
    match parser {
        "frames" => frames.clone(),
        "mime" => payloads(&["MSG ", "UBM ", "SDG "]),
        "ml" => payloads(&["ADL ", "RML ", "FQY "]),
        "personal" => payloads(&["UBX ", "UUX "]),
        "msn_object" => frames
            .iter()
            .filter_map(|frame| std::str::from_utf8(frame).ok())
            .flat_map(|line| line.split([' ', '\r', '\n']))
            .filter(|field| field.starts_with("%3Cmsnobj") || *field == "0")
            .map(|field| field.as_bytes().to_vec())
            .collect(),
        "xml" | "address_book" | "rst" => http_bodies(),
        "passport_header" => recorded_text()
            .lines()
            .filter_map(|line| line.strip_prefix("C: Authorization: "))
            .map(|header| header.as_bytes().to_vec())
            .collect(),
        other => panic!("no seeds for an unknown parser {other:?}"),
    }
}

/// Every `.txt` recording, one after the other.
fn recorded_text() -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("read transcripts folder")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("read recording"))
        .collect()
}

/// The XML bodies of the HTTP recordings: from a line starting with `<` to the next
/// request, response or note line.
fn http_bodies() -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut current: Option<String> = None;
    for line in recorded_text().lines() {
        let ends = line.starts_with("C: ") || line.starts_with("S: ") || line.starts_with('#');
        if ends {
            bodies.extend(current.take());
        } else if let Some(body) = current.as_mut() {
            body.push('\n');
            body.push_str(line);
        } else if line.starts_with('<') {
            current = Some(line.to_owned());
        }
    }
    bodies.extend(current);
    bodies.into_iter().map(String::into_bytes).collect()
}
