//! RFC 2047 encoded-words (`=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`) in mail subjects
//! and senders.

/// Decodes every encoded-word in `input`. Words in an unknown charset or with a broken
/// encoding are left as they are; invalid UTF-8 becomes U+FFFD.
pub fn decode_encoded_words(input: &str) -> String {
    let mut decoded = String::with_capacity(input.len());
    // Adjacent words of one charset are joined before decoding, as a character may be
    // cut across them; the white space between adjacent words is not part of the text.
    let mut pending: Option<(Charset, Vec<u8>)> = None;
    let mut rest = input;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        let Some((charset, bytes, length)) = parse_word(candidate) else {
            flush(&mut decoded, pending.take());
            decoded.push_str(&rest[..start + 2]);
            rest = &candidate[2..];
            continue;
        };
        let adjacent = pending.is_some() && before.chars().all(char::is_whitespace);
        match &mut pending {
            Some((pending_charset, pending_bytes)) if adjacent && *pending_charset == charset => {
                pending_bytes.extend(bytes);
            }
            _ => {
                flush(&mut decoded, pending.take());
                if !adjacent {
                    decoded.push_str(before);
                }
                pending = Some((charset, bytes));
            }
        }
        rest = &candidate[length..];
    }
    flush(&mut decoded, pending);
    decoded.push_str(rest);
    decoded
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    Utf8,
    Latin1,
}

impl Charset {
    fn from_name(name: &str) -> Option<Self> {
        // RFC 2231 allows a language suffix: `utf-8*en`.
        let name = name
            .split('*')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match name.as_str() {
            "utf-8" | "utf8" | "us-ascii" => Some(Charset::Utf8),
            "iso-8859-1" | "latin1" | "windows-1252" => Some(Charset::Latin1),
            _ => None,
        }
    }

    fn decode(self, bytes: &[u8]) -> String {
        match self {
            Charset::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            Charset::Latin1 => bytes.iter().map(|&byte| char::from(byte)).collect(),
        }
    }
}

fn flush(decoded: &mut String, pending: Option<(Charset, Vec<u8>)>) {
    if let Some((charset, bytes)) = pending {
        decoded.push_str(&charset.decode(&bytes));
    }
}

/// Reads `=?charset?encoding?text?=` at the start of `input`: the charset, the decoded
/// bytes and the length of the word.
fn parse_word(input: &str) -> Option<(Charset, Vec<u8>, usize)> {
    let inner = input.strip_prefix("=?")?;
    let (charset_name, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let text_length = inner.find('?')?;
    let text = &inner[..text_length];
    if !inner[text_length..].starts_with("?=") || text.contains(char::is_whitespace) {
        return None;
    }
    let charset = Charset::from_name(charset_name)?;
    let bytes = match encoding {
        "B" | "b" => decode_base64(text)?,
        "Q" | "q" => decode_q(text)?,
        _ => return None,
    };
    let length = 2 + charset_name.len() + 1 + encoding.len() + 1 + text_length + 2;
    Some((charset, bytes, length))
}

/// The "Q" encoding: `_` is a space, `=XX` a byte in hex.
fn decode_q(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'_' => bytes.push(b' '),
            b'=' => {
                let high = hex_digit(input.next()?)?;
                let low = hex_digit(input.next()?)?;
                bytes.push((high << 4) | low);
            }
            other => bytes.push(other),
        }
    }
    Some(bytes)
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64_utf8() {
        assert_eq!(
            decode_encoded_words("=?utf-8?B?SGVsbG8gd8O2cmxkIOKYug==?="),
            "Hello wörld ☺"
        );
    }

    #[test]
    fn decodes_quoted_printable_latin1() {
        assert_eq!(
            decode_encoded_words("Re: =?iso-8859-1?Q?caf=E9_cr=E8me?= !"),
            "Re: café crème !"
        );
    }

    #[test]
    fn joins_adjacent_words_and_drops_the_space_between() {
        // "é" cut in the middle: C3 in the first word, A9 in the second.
        assert_eq!(
            decode_encoded_words("=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?= ok"),
            "café ok"
        );
        assert_eq!(
            decode_encoded_words("=?utf-8?Q?a?=\r\n =?utf-8?Q?b?="),
            "ab"
        );
    }

    #[test]
    fn leaves_plain_and_broken_text_alone() {
        assert_eq!(decode_encoded_words("plain subject"), "plain subject");
        assert_eq!(decode_encoded_words("=?utf-8?B?***?="), "=?utf-8?B?***?=");
        assert_eq!(
            decode_encoded_words("=?koi8-r?B?AAAA?="),
            "=?koi8-r?B?AAAA?="
        );
        assert_eq!(decode_encoded_words("a =? b"), "a =? b");
        assert_eq!(decode_encoded_words("=?utf-8?Q?x"), "=?utf-8?Q?x");
    }

    #[test]
    fn invalid_utf8_becomes_a_replacement_character() {
        assert_eq!(decode_encoded_words("=?utf-8?Q?a=FFb?="), "a\u{fffd}b");
    }
}
