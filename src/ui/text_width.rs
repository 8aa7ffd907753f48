//! Measuring, cutting and wrapping text in terminal columns.
//!
//! Text is handled in grapheme clusters measured with unicode-width, the same way ratatui
//! places them, so columns stay aligned with wide characters and emoji.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const ELLIPSIS: &str = "…";

/// Printable ASCII is one column a byte, which spares the grapheme segmentation.
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|byte| (b' '..=b'~').contains(&byte))
}

/// Columns the text occupies.
pub fn display_width(text: &str) -> usize {
    if is_printable_ascii(text) {
        return text.len();
    }
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts the text to at most `max` columns, ending with `…` when anything was cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    truncate_measured(text, max).0
}

/// [`truncate`], also returning the columns the result occupies, in one pass.
pub fn truncate_measured(text: &str, max: usize) -> (Cow<'_, str>, usize) {
    if max == 0 {
        return (Cow::Borrowed(""), 0);
    }
    if is_printable_ascii(text) {
        if text.len() <= max {
            return (Cow::Borrowed(text), text.len());
        }
        return (Cow::Owned(format!("{}{ELLIPSIS}", &text[..max - 1])), max);
    }
    let mut used = 0;
    let mut cut_before_ellipsis = None;
    for (start, grapheme) in text.grapheme_indices(true) {
        let width = grapheme.width();
        if used + width > max - 1 && cut_before_ellipsis.is_none() {
            cut_before_ellipsis = Some((start, used));
        }
        if used + width > max {
            let (end, kept) = cut_before_ellipsis.unwrap_or((start, used));
            return (Cow::Owned(format!("{}{ELLIPSIS}", &text[..end])), kept + 1);
        }
        used += width;
    }
    (Cow::Borrowed(text), used)
}

/// Cuts or pads the text to exactly `width` columns, right-aligned when `right` is set.
pub fn fit(text: &str, width: usize, right: bool) -> String {
    let cut = truncate(text, width);
    let padding = " ".repeat(width.saturating_sub(display_width(&cut)));
    if right {
        format!("{padding}{cut}")
    } else {
        format!("{cut}{padding}")
    }
}

/// Splits the text into rows of at most `width` columns, breaking after whitespace where
/// a row can, inside a word where it must; a space that falls at a break is dropped.
/// Always returns at least one row.
pub fn wrap(text: &str, width: usize) -> Vec<&str> {
    if is_printable_ascii(text) {
        let bytes = text
            .char_indices()
            .map(|(start, _)| (start, &text[start..=start]));
        wrap_clusters(text, width, bytes)
    } else {
        wrap_clusters(text, width, text.grapheme_indices(true))
    }
}

fn wrap_clusters<'a>(
    text: &'a str,
    width: usize,
    clusters: impl Iterator<Item = (usize, &'a str)>,
) -> Vec<&'a str> {
    let width = width.max(2);
    let mut rows = Vec::new();
    let mut row_start = 0;
    let mut row_width = 0;
    let mut last_break: Option<(usize, usize)> = None;
    for (start, grapheme) in clusters {
        let grapheme_width = grapheme.width();
        let is_space = grapheme.chars().all(char::is_whitespace);
        if is_space && row_width + grapheme_width > width {
            rows.push(&text[row_start..start]);
            row_start = start + grapheme.len();
            row_width = 0;
            last_break = None;
            continue;
        }
        while row_width > 0 && row_width + grapheme_width > width {
            let (cut, width_before_cut) = match last_break {
                Some(found) if found.0 > row_start => found,
                _ => (start, row_width),
            };
            rows.push(&text[row_start..cut]);
            row_start = cut;
            row_width -= width_before_cut;
            last_break = None;
        }
        row_width += grapheme_width;
        if is_space {
            last_break = Some((start + grapheme.len(), row_width));
        }
    }
    rows.push(&text[row_start..]);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_and_emoji_count_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("日本語"), 6);
        assert_eq!(display_width("👋🏽"), 2);
        assert_eq!(display_width("❤️"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn fit_aligns_wide_text_to_the_column() {
        assert_eq!(fit("日本語", 8, true), "  日本語");
        assert_eq!(fit("日本語", 5, false), "日本…");
        assert_eq!(fit("日本語", 4, false), "日… ");
        assert_eq!(fit("bob", 5, false), "bob  ");
        for name in ["ab", "日本", "👋🏽x", "Zoë", "한국어이름"] {
            assert_eq!(display_width(&fit(name, 6, true)), 6, "{name}");
        }
    }

    #[test]
    fn truncate_never_splits_a_cluster() {
        assert_eq!(truncate("👋🏽👋🏽👋🏽", 4), "👋🏽…");
        assert_eq!(
            truncate_measured("日本語", 4),
            (Cow::Owned("日…".into()), 3)
        );
        assert_eq!(truncate_measured("日本語", 6), (Cow::Borrowed("日本語"), 6));
        assert_eq!(
            truncate_measured("abcdef", 4),
            (Cow::Owned("abc…".into()), 4)
        );
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn wrap_prefers_spaces_and_keeps_rows_within_width() {
        assert_eq!(
            wrap("hello brave new world", 11),
            ["hello brave", "new world"]
        );
        assert_eq!(
            wrap("hello brave new world", 8),
            ["hello ", "brave ", "new ", "world"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap(" bcd日", 4), [" ", "bcd", "日"]);
    }

    #[test]
    fn ascii_shortcuts_agree_with_grapheme_measurement() {
        let text = "The quick brown fox jumps over the lazy dog, again and again.";
        for width in 2..20 {
            let by_grapheme = wrap_clusters(text, width, text.grapheme_indices(true));
            assert_eq!(wrap(text, width), by_grapheme, "width {width}");
            let cut = truncate(text, width);
            assert_eq!(display_width(&cut), width.min(display_width(text)));
        }
        let measured: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
        assert_eq!(display_width(text), measured);
    }

    #[test]
    fn wrap_measures_wide_characters() {
        let rows = wrap("日本語のテキストです", 7);
        assert_eq!(rows, ["日本語", "のテキ", "ストで", "す"]);
        assert!(rows.iter().all(|row| display_width(row) <= 7));
        assert_eq!(wrap("ok 🎉🎉🎉 done", 6), ["ok ", "🎉🎉🎉", "done"]);
    }
}
