//! Splitting a byte stream into frames: a command line plus, for payload commands,
//! exactly as many body bytes as the line's last field says (docs/protocol.md §1.3).

use bytes::{Bytes, BytesMut};

use super::error::FramingError;

/// Longest command line accepted, line end included.
pub const MAX_LINE: usize = 8 * 1024;
/// Largest payload accepted.
pub const MAX_PAYLOAD: usize = 1024 * 1024;

/// Who sent the bytes being framed. Which commands carry a payload depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    ClientToServer,
    ServerToClient,
}

/// Whether a command carries a payload in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayloadRule {
    None,
    /// The last field must be the body length.
    Always,
    /// A body only when the last field is numeric: `ADL 0 <len>` has one, the
    /// acknowledgement `ADL TrID OK` does not.
    WhenNumeric,
}

impl Direction {
    fn payload_rule(self, command: &[u8]) -> PayloadRule {
        use PayloadRule::*;
        match self {
            Direction::ClientToServer => match command {
                b"MSG" | b"QRY" | b"UUX" | b"ADL" | b"RML" | b"FQY" | b"UUN" | b"UUM" | b"PUT"
                | b"DEL" | b"SDG" | b"VAS" | b"SDC" | b"NOT" | b"PAG" | b"PGD" => Always,
                _ => None,
            },
            // Never QRY or UUX: their acknowledgements end in a number but carry no body.
            Direction::ServerToClient => match command {
                b"MSG" | b"NOT" | b"GCF" | b"UBX" | b"FQY" | b"UBN" | b"UBM" | b"IPG" | b"NFY"
                | b"PUT" | b"DEL" | b"SDG" => Always,
                b"ADL" | b"RML" => WhenNumeric,
                _ => None,
            },
        }
    }

    /// True when `command` carries a payload in this direction (at least in some form).
    pub fn carries_payload(self, command: &str) -> bool {
        self.payload_rule(command.as_bytes()) != PayloadRule::None
    }
}

/// One frame exactly as it was on the wire, before any interpretation: the command line,
/// its line end and, for payload commands, the body, held as one shared buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFrame {
    bytes: Bytes,
    /// Length of the command line without its line end.
    line_len: usize,
    bare_lf: bool,
    has_payload: bool,
}

impl RawFrame {
    /// A frame from its parts (for frames not read from a stream).
    pub fn new(line: &[u8], bare_lf: bool, payload: Option<&[u8]>) -> Self {
        let mut bytes = Vec::with_capacity(line.len() + 2 + payload.map_or(0, <[u8]>::len));
        bytes.extend_from_slice(line);
        bytes.extend_from_slice(if bare_lf { b"\n" } else { b"\r\n" });
        if let Some(payload) = payload {
            bytes.extend_from_slice(payload);
        }
        Self {
            bytes: Bytes::from(bytes),
            line_len: line.len(),
            bare_lf,
            has_payload: payload.is_some(),
        }
    }

    /// The command line without its line end.
    pub fn line(&self) -> &[u8] {
        &self.bytes[..self.line_len]
    }

    /// True when the line ended with a bare LF instead of CRLF.
    pub fn bare_lf(&self) -> bool {
        self.bare_lf
    }

    pub fn has_payload(&self) -> bool {
        self.has_payload
    }

    /// The body of a payload command (its length is the line's last field), sharing
    /// the frame's buffer.
    pub fn payload(&self) -> Option<Bytes> {
        self.has_payload
            .then(|| self.bytes.slice(self.payload_start()..))
    }

    /// The body as a slice.
    pub fn payload_slice(&self) -> Option<&[u8]> {
        self.has_payload
            .then(|| &self.bytes[self.payload_start()..])
    }

    fn payload_start(&self) -> usize {
        self.line_len + if self.bare_lf { 1 } else { 2 }
    }

    /// The first field of the line (the command name or an error code), lossily decoded.
    pub fn command_name(&self) -> String {
        let line = self.line();
        let end = memchr::memchr(b' ', line).unwrap_or(line.len());
        String::from_utf8_lossy(&line[..end]).into_owned()
    }

    /// The frame's buffer, for values that share it.
    pub fn buffer(&self) -> &Bytes {
        &self.bytes
    }

    /// The exact bytes of the frame.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The exact bytes of the frame, copied.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

/// Incremental framer. It remembers how far it has scanned and what the current frame
/// needs, so no byte is looked at twice however the stream is split.
#[derive(Debug, Clone)]
pub struct Framer {
    direction: Direction,
    scanned: usize,
    pending: Option<Pending>,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    /// Line length including its line end.
    line_len: usize,
    bare_lf: bool,
    body_len: Option<usize>,
}

impl Framer {
    pub fn new(direction: Direction) -> Self {
        Self {
            direction,
            scanned: 0,
            pending: None,
        }
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Takes the next whole frame out of `buf`, or returns `None` until more bytes arrive.
    pub fn next_frame(&mut self, buf: &mut BytesMut) -> Result<Option<RawFrame>, FramingError> {
        let pending = match self.pending {
            Some(pending) => pending,
            None => match self.scan_line(buf)? {
                Some(pending) => {
                    self.pending = Some(pending);
                    pending
                }
                None => return Ok(None),
            },
        };
        let total = pending.line_len + pending.body_len.unwrap_or(0);
        if buf.len() < total {
            buf.reserve(total - buf.len());
            return Ok(None);
        }
        self.pending = None;
        self.scanned = 0;
        let end_len = if pending.bare_lf { 1 } else { 2 };
        Ok(Some(RawFrame {
            bytes: buf.split_to(total).freeze(),
            line_len: pending.line_len - end_len,
            bare_lf: pending.bare_lf,
            has_payload: pending.body_len.is_some(),
        }))
    }

    /// Called at end of stream: leftover bytes mean the peer hung up mid-frame.
    pub fn finish(&self, buf: &BytesMut) -> Result<(), FramingError> {
        if buf.is_empty() {
            Ok(())
        } else {
            Err(FramingError::Truncated {
                command: command_name(buf),
                buffered: buf.len(),
            })
        }
    }

    fn scan_line(&mut self, buf: &BytesMut) -> Result<Option<Pending>, FramingError> {
        let limit = buf.len().min(MAX_LINE);
        let Some(offset) = memchr::memchr(b'\n', &buf[self.scanned..limit]) else {
            if buf.len() >= MAX_LINE {
                return Err(FramingError::LineTooLong {
                    command: command_name(buf),
                    limit: MAX_LINE,
                });
            }
            self.scanned = limit;
            return Ok(None);
        };
        let newline = self.scanned + offset;
        let bare_lf = newline == 0 || buf[newline - 1] != b'\r';
        let text_end = if bare_lf { newline } else { newline - 1 };
        let body_len = self.body_len(&buf[..text_end])?;
        Ok(Some(Pending {
            line_len: newline + 1,
            bare_lf,
            body_len,
        }))
    }

    fn body_len(&self, line: &[u8]) -> Result<Option<usize>, FramingError> {
        // Command names are three characters; only odd lines need the search.
        let name_end = if line.len() == 3 || line.get(3) == Some(&b' ') {
            3
        } else {
            memchr::memchr(b' ', line).unwrap_or(line.len())
        };
        let rule = self.direction.payload_rule(&line[..name_end]);
        if rule == PayloadRule::None {
            return Ok(None);
        }
        let last_start = memchr::memrchr(b' ', line).map_or(line.len(), |i| i + 1);
        let last = &line[last_start..];
        let numeric = !last.is_empty() && last.iter().all(u8::is_ascii_digit);
        if !numeric {
            return match rule {
                PayloadRule::WhenNumeric => Ok(None),
                _ => Err(FramingError::BadPayloadLength {
                    command: lossy(&line[..name_end]),
                    value: lossy(last),
                }),
            };
        }
        // At most 20 digits fit a u64; anything longer is over the limit anyway.
        let length = last
            .iter()
            .try_fold(0u64, |acc, digit| {
                acc.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
            })
            .unwrap_or(u64::MAX);
        if length > MAX_PAYLOAD as u64 {
            return Err(FramingError::PayloadTooLarge {
                command: lossy(&line[..name_end]),
                length,
                limit: MAX_PAYLOAD,
            });
        }
        Ok(Some(length as usize))
    }
}

fn command_name(buf: &[u8]) -> String {
    let window = &buf[..buf.len().min(16)];
    let end = window
        .iter()
        .position(|b| matches!(b, b' ' | b'\r' | b'\n'))
        .unwrap_or(window.len());
    lossy(&window[..end])
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(direction: Direction, input: &[u8]) -> Vec<RawFrame> {
        let mut framer = Framer::new(direction);
        let mut buf = BytesMut::from(input);
        let mut out = Vec::new();
        while let Some(frame) = framer.next_frame(&mut buf).expect("frames") {
            out.push(frame);
        }
        assert!(buf.is_empty(), "left over: {buf:?}");
        out
    }

    #[test]
    fn splits_lines_and_payloads() {
        let out = frames(
            Direction::ServerToClient,
            b"VER 1 MSNP18\r\nUBX 1:bob@example.com 5\r\nhelloQNG 60\n",
        );
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].payload_slice(), Some(&b"hello"[..]));
        assert!(out[2].bare_lf());
        assert_eq!(out[2].to_bytes(), b"QNG 60\n");
    }

    #[test]
    fn qry_acknowledgement_has_no_body() {
        let out = frames(Direction::ServerToClient, b"QRY 9\r\nQNG 60\r\n");
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].payload_slice(), None);
    }

    #[test]
    fn adl_ok_has_no_body_but_adl_zero_len_does() {
        let out = frames(
            Direction::ServerToClient,
            b"ADL 6 OK\r\nADL 0 2\r\nxyRML 7 OK\r\n",
        );
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].payload_slice(), None);
        assert_eq!(out[1].payload_slice(), Some(&b"xy"[..]));
    }

    #[test]
    fn client_qry_carries_its_answer() {
        let out = frames(
            Direction::ClientToServer,
            b"QRY 8 PROD0090YUAUV{2B 4\r\nabcdPNG\r\n",
        );
        assert_eq!(out[0].payload_slice(), Some(&b"abcd"[..]));
        assert_eq!(out[1].line(), b"PNG");
    }

    #[test]
    fn limits_name_the_command() {
        let mut framer = Framer::new(Direction::ClientToServer);
        let mut long = BytesMut::from(&b"MSG 1 A "[..]);
        long.extend_from_slice(&vec![b'9'; MAX_LINE]);
        let err = framer.next_frame(&mut long).unwrap_err();
        assert!(matches!(err, FramingError::LineTooLong { ref command, .. } if command == "MSG"));

        let mut big = BytesMut::from(&b"MSG 1 A 1048577\r\n"[..]);
        let err = Framer::new(Direction::ClientToServer)
            .next_frame(&mut big)
            .unwrap_err();
        assert!(err.to_string().contains("MSG"), "{err}");

        let mut bad = BytesMut::from(&b"MSG 1 A lots\r\n"[..]);
        let err = Framer::new(Direction::ClientToServer)
            .next_frame(&mut bad)
            .unwrap_err();
        assert!(
            matches!(err, FramingError::BadPayloadLength { .. }),
            "{err}"
        );
    }

    #[test]
    fn waits_for_the_whole_payload() {
        let mut framer = Framer::new(Direction::ClientToServer);
        let mut buf = BytesMut::from(&b"MSG 1 U 4\r\nab"[..]);
        assert!(framer.next_frame(&mut buf).unwrap().is_none());
        buf.extend_from_slice(b"cd");
        let frame = framer.next_frame(&mut buf).unwrap().unwrap();
        assert_eq!(frame.payload_slice(), Some(&b"abcd"[..]));
        assert!(framer.finish(&buf).is_ok());
    }

    #[test]
    fn eof_mid_frame_is_reported() {
        let framer = Framer::new(Direction::ClientToServer);
        let err = framer
            .finish(&BytesMut::from(&b"MSG 1 U 4\r\nab"[..]))
            .unwrap_err();
        assert!(matches!(err, FramingError::Truncated { ref command, .. } if command == "MSG"));
    }
}
