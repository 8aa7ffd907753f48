//! Reading the recorded sessions in `tests/fixtures/transcripts` (or `$MSNTUI_TRANSCRIPTS`).
//! They are part of the repository (see the README there); a test that needs them fails
//! when they are missing, it never skips.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Deserialize;

/// Who sent a recorded frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Client,
    Server,
}

/// One recorded frame: its connection label, sender, and exact bytes.
#[derive(Debug, Clone)]
pub struct RecordedFrame {
    pub conn: String,
    pub sender: Sender,
    pub bytes: Vec<u8>,
}

#[derive(Deserialize)]
struct JsonFrame {
    conn: String,
    dir: String,
    bytes_b64: String,
}

/// The transcripts folder; panics, failing the test, when it is missing.
pub fn dir() -> PathBuf {
    let candidate = match std::env::var_os("MSNTUI_TRANSCRIPTS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts"),
    };
    assert!(
        candidate.is_dir(),
        "the recorded transcripts are missing: {} (they are part of the repository)",
        candidate.display()
    );
    candidate
}

/// Every `*.frames.jsonl` file in the folder, sorted by name.
pub fn frame_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read transcripts folder")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".frames.jsonl"))
        .collect();
    files.sort();
    files
}

/// Loads the frames of one `.frames.jsonl` file.
pub fn load_frames(path: &Path) -> Vec<RecordedFrame> {
    let text = std::fs::read_to_string(path).expect("read frames file");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let frame: JsonFrame = serde_json::from_str(line).expect("frame JSON");
            let sender = match frame.dir.as_str() {
                "C" => Sender::Client,
                "S" => Sender::Server,
                other => panic!("unknown direction {other:?} in {}", path.display()),
            };
            RecordedFrame {
                conn: frame.conn,
                sender,
                bytes: base64::engine::general_purpose::STANDARD
                    .decode(frame.bytes_b64)
                    .expect("frame base64"),
            }
        })
        .collect()
}

/// The readable `.txt` companion of a frames file.
pub fn companion_text(frames_path: &Path) -> String {
    let name = frames_path
        .to_string_lossy()
        .replace(".frames.jsonl", ".txt");
    std::fs::read_to_string(name).expect("read companion .txt")
}
