//! One log line: `<UTC time> <arrow> <sender> [<status>] <text>`, with backslash escapes
//! for line breaks and control characters, so a message is always exactly one line that
//! `grep` and `less` show well.

use std::time::SystemTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Sent,
    Received,
}

/// One logged message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub time: SystemTime,
    pub direction: Direction,
    pub sender: String,
    /// Delivery result of a sent message ("delivered", "failed: contact offline").
    pub status: Option<String>,
    pub text: String,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ']' => out.push_str("\\]"),
            c if c.is_control() || is_invisible_direction(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// Bidi marks, embeddings, overrides and isolates, and the line and paragraph
/// separators: written raw they reorder or break what `cat` and `less` show.
fn is_invisible_direction(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            ']' => out.push(']'),
            'u' => {
                let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let code = u32::from_str_radix(rest.strip_prefix('{')?, 16).ok()?;
                out.push(char::from_u32(code)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

impl LogEntry {
    pub fn to_line(&self) -> String {
        let arrow = match self.direction {
            Direction::Sent => '>',
            Direction::Received => '<',
        };
        format!(
            "{} {arrow} {} [{}] {}",
            humantime::format_rfc3339_seconds(self.time),
            escape(&self.sender).replace(' ', "\\u{20}"),
            escape(self.status.as_deref().unwrap_or("")),
            escape(&self.text)
        )
    }

    pub fn parse(line: &str) -> Option<Self> {
        let (time, rest) = line.split_once(' ')?;
        let (arrow, rest) = rest.split_once(' ')?;
        let (sender, rest) = rest.split_once(' ')?;
        let rest = rest.strip_prefix('[')?;
        let close = find_unescaped_bracket(rest)?;
        let status = unescape(&rest[..close])?;
        let text = rest[close + 1..].strip_prefix(' ')?;
        Some(Self {
            time: humantime::parse_rfc3339(time).ok()?,
            direction: match arrow {
                ">" => Direction::Sent,
                "<" => Direction::Received,
                _ => return None,
            },
            sender: unescape(sender)?,
            status: (!status.is_empty()).then_some(status),
            text: unescape(text)?,
        })
    }
}

fn find_unescaped_bracket(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match (escaped, c) {
            (false, '\\') => escaped = true,
            (false, ']') => return Some(index),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_line_reads_well() {
        let entry = LogEntry {
            time: UNIX_EPOCH + Duration::from_secs(1_795_503_504),
            direction: Direction::Sent,
            sender: "alice@example.com".into(),
            status: Some("delivered".into()),
            text: "Hello\nBob [ok]".into(),
        };
        let line = entry.to_line();
        assert_eq!(
            line,
            "2026-11-24T06:58:24Z > alice@example.com [delivered] Hello\\nBob [ok\\]"
        );
        assert_eq!(LogEntry::parse(&line), Some(entry));
        assert_eq!(LogEntry::parse("garbage"), None);
    }

    #[test]
    fn bidi_overrides_are_escaped_and_old_raw_lines_still_read() {
        let entry = LogEntry {
            time: UNIX_EPOCH + Duration::from_secs(1_795_503_504),
            direction: Direction::Received,
            sender: "bob@example.com".into(),
            status: None,
            text: "\u{202e}gnp.exe\u{2066}x\u{1b}[2J".into(),
        };
        let line = entry.to_line();
        assert!(
            line.ends_with("[] \\u{202e}gnp.exe\\u{2066}x\\u{1b}[2J"),
            "{line}"
        );
        assert!(!line.contains('\u{202e}'));
        assert_eq!(LogEntry::parse(&line), Some(entry.clone()));
        let old = "2026-11-24T06:58:24Z < bob@example.com [] \u{202e}gnp.exe\u{2066}x\\u{1b}[2J";
        assert_eq!(LogEntry::parse(old), Some(entry));
    }

    proptest! {
        #[test]
        fn any_message_is_one_line_and_reads_back(text in any::<String>(), sender in "[a-z@. ]{1,20}", status in proptest::option::of(any::<String>())) {
            let entry = LogEntry {
                time: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
                direction: Direction::Received,
                sender,
                status: status.filter(|s| !s.is_empty()),
                text,
            };
            let line = entry.to_line();
            prop_assert!(!line.contains('\n') && !line.contains('\r'));
            prop_assert_eq!(LogEntry::parse(&line), Some(entry));
        }
    }
}
