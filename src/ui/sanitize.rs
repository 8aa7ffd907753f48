//! The one gate between network text and the screen.
//!
//! Names, personal messages, message text and raw protocol lines can carry terminal
//! control sequences (clear screen, OSC 52 clipboard writes, title changes) or bidi
//! overrides that reorder what follows. Every such character is replaced with a visible
//! stand-in, which also leaves the sequence readable: `ESC [2J` becomes `␛[2J`.
//!
//! Emoji sequences are also taken apart here, because terminals disagree on their width:
//! tmux draws a ZWJ family as four emoji, a flag as two letters' width, a skin tone as an
//! emoji of its own, while a layout that measures grapheme clusters counts each as two
//! columns, and rows shift. Without the joiners, variation selectors and tone modifiers,
//! and with flags spelled as their two letters, every cluster is one character whose
//! width the terminal and the layout agree on.

use std::borrow::Cow;

use super::text_width::truncate;

/// Friendly names are cut to this many columns where they run in text (joins, nudges,
/// typing, the contact list): a 5,000-character name must not fill the screen.
pub const NAME_COLUMNS: usize = 40;

const REPLACEMENT: char = '\u{FFFD}';
/// U+2400 "SYMBOL FOR NULL": the control pictures follow in C0 order.
const CONTROL_PICTURES: u32 = 0x2400;
const DELETE_PICTURE: char = '\u{2421}';

/// Replaces control characters, escape-sequence introducers, C1 controls and bidi
/// controls with visible placeholders. Tabs become a single space, since their width
/// depends on the terminal.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| visible_form(c) == Some(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter_map(visible_form).collect())
}

/// What the user types or pastes, as it is kept and sent: controls and bidi controls
/// become what [`sanitize`] makes of them, but emoji sequences stay whole, so a contact
/// whose screen draws them gets the family, flag or skin tone that was typed. The input
/// line takes them apart only when it draws them.
pub fn sanitize_typed(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| typed_form(c) == c) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(typed_form).collect())
}

/// A friendly name as the screen shows it: sanitised, at most [`NAME_COLUMNS`] wide.
pub fn short_name(name: &str) -> String {
    truncate(&sanitize(name), NAME_COLUMNS).into_owned()
}

/// What is drawn for `c`; `None` drops it.
fn visible_form(c: char) -> Option<char> {
    let shown = match c {
        // Zero-width joiner, variation selectors 15 and 16, skin-tone modifiers.
        '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' => return None,
        // Regional indicators: 🇫🇷 is shown as FR.
        '\u{1f1e6}'..='\u{1f1ff}' => {
            char::from_u32(u32::from('A') + (u32::from(c) - 0x1f1e6)).unwrap_or(REPLACEMENT)
        }
        _ => typed_form(c),
    };
    Some(shown)
}

/// `c` with controls and bidi controls replaced by visible stand-ins.
fn typed_form(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1f}' => {
            char::from_u32(CONTROL_PICTURES + u32::from(c)).unwrap_or(REPLACEMENT)
        }
        '\u{7f}' => DELETE_PICTURE,
        '\u{80}'..='\u{9f}' => REPLACEMENT,
        '\u{061c}' | '\u{200e}' | '\u{200f}' => REPLACEMENT,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => REPLACEMENT,
        '\u{2028}' | '\u{2029}' => REPLACEMENT,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Hello, 世界 👋 — café";
        assert!(matches!(sanitize(text), Cow::Borrowed(same) if same == text));
    }

    #[test]
    fn clear_screen_csi_becomes_visible() {
        assert_eq!(sanitize("\x1b[2Jgotcha"), "␛[2Jgotcha");
    }

    #[test]
    fn osc_52_clipboard_write_becomes_visible() {
        assert_eq!(
            sanitize("\x1b]52;c;cm0gLXJmIH4=\x07"),
            "␛]52;c;cm0gLXJmIH4=␇"
        );
        assert_eq!(sanitize("\x1b]0;title\x1b\\"), "␛]0;title␛\\");
    }

    #[test]
    fn c1_controls_including_single_byte_csi_are_replaced() {
        assert_eq!(
            sanitize("a\u{9b}31mb\u{9d}c\u{85}"),
            "a\u{FFFD}31mb\u{FFFD}c\u{FFFD}"
        );
    }

    #[test]
    fn bidi_overrides_and_isolates_are_replaced() {
        assert_eq!(sanitize("invoice\u{202e}fdp.exe"), "invoice\u{FFFD}fdp.exe");
        assert_eq!(
            sanitize(
                "\u{2066}\u{2067}\u{2068}\u{2069}\u{202a}\u{202b}\u{202c}\u{202d}\u{200e}\u{200f}\u{61c}"
            ),
            "\u{FFFD}".repeat(11)
        );
    }

    #[test]
    fn c0_controls_newlines_and_delete_get_control_pictures() {
        assert_eq!(sanitize("a\r\nb\0c\x7f"), "a␍␊b␀c␡");
        assert_eq!(sanitize("line\u{2028}break"), "line\u{FFFD}break");
        assert_eq!(sanitize("a\tb"), "a b");
    }

    #[test]
    fn emoji_sequences_become_characters_every_terminal_measures_alike() {
        use crate::ui::text_width::display_width;
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(sanitize(family), "👨👩👧👦");
        assert_eq!(sanitize("🇫🇷 🇯🇵"), "FR JP");
        assert_eq!(sanitize("👋🏽 ❤\u{fe0f}"), "👋 ❤");
        for text in [family, "🇫🇷", "👋🏽", "❤\u{fe0f}"] {
            let shown = sanitize(text);
            let per_character: usize = shown
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            assert_eq!(display_width(&shown), per_character, "{text}");
        }
    }

    #[test]
    fn a_huge_name_is_cut_with_an_ellipsis() {
        let name = "Bob ".repeat(1250);
        let shown = short_name(&name);
        assert!(shown.ends_with('…'));
        assert_eq!(crate::ui::text_width::display_width(&shown), NAME_COLUMNS);
        assert_eq!(short_name("Bob\x1b"), "Bob␛");
    }

    #[test]
    fn nothing_a_terminal_would_interpret_survives() {
        let hostile: String = (0u32..0x250).filter_map(char::from_u32).collect();
        let clean = sanitize(&hostile);
        assert!(!clean.chars().any(|c| c.is_control()));
    }
}
