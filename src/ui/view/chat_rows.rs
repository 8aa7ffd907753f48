//! Conversation lines as screen rows: `time │ name │ text`, wrapped to the text column.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use jiff::tz::TimeZone;

use crate::ui::model::{Delivery, LocalDate, MessageLine, SystemEvent, Timestamp};
use crate::ui::sanitize::{sanitize, short_name};
use crate::ui::text_width::{display_width, fit, wrap};
use crate::ui::theme::Theme;

const TIME_WIDTH: usize = 5;
const SEPARATOR: &str = " │ ";
const SEPARATOR_WIDTH: usize = 3;
const NAME_WIDTH_RANGE: (usize, usize) = (4, 16);
const SYSTEM_MARK: &str = "*";
/// Room kept at the end of our own messages for " ✓✓".
const DELIVERY_MARK_WIDTH: usize = 3;

/// Column widths of a conversation of a given width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub name: usize,
    pub text: usize,
}

impl Columns {
    /// `widest_name` is the widest sender name that can appear (participants and us).
    pub fn new(total: usize, widest_name: usize) -> Columns {
        let name = widest_name.clamp(NAME_WIDTH_RANGE.0, NAME_WIDTH_RANGE.1);
        let used = TIME_WIDTH + 2 * SEPARATOR_WIDTH + name;
        Columns {
            name,
            text: total.saturating_sub(used).max(1),
        }
    }
}

/// How the rows of one line are painted.
pub struct RowStyle<'a> {
    pub columns: Columns,
    pub zone: &'a TimeZone,
    pub theme: &'a Theme,
}

impl RowStyle<'_> {
    fn prefix(&self, time: Option<Timestamp>, name: Span<'static>) -> Vec<Span<'static>> {
        let time = match time {
            Some(time) => time.time(self.zone).hours_minutes(),
            None => " ".repeat(TIME_WIDTH),
        };
        let separator = Span::styled(SEPARATOR, self.theme.separator());
        vec![
            Span::styled(time, self.theme.dim()),
            separator.clone(),
            name,
            separator,
        ]
    }

    fn name(&self, name: &str, style: Style) -> Span<'static> {
        Span::styled(fit(&sanitize(name), self.columns.name, true), style)
    }

    fn blank_name(&self) -> Span<'static> {
        Span::raw(" ".repeat(self.columns.name))
    }

    /// Rows for `text`, line by line and sanitised, the first one stamped with time and name.
    fn rows(
        &self,
        time: Timestamp,
        name: Span<'static>,
        text: &str,
        text_width: usize,
        style: Style,
    ) -> Vec<Line<'static>> {
        let lines: Vec<_> = text.lines().map(sanitize).collect();
        let pieces = lines.iter().flat_map(|line| wrap(line, text_width));
        let mut rows: Vec<Line<'static>> = pieces
            .enumerate()
            .map(|(index, piece)| {
                let mut spans = if index == 0 {
                    self.prefix(Some(time), name.clone())
                } else {
                    self.prefix(None, self.blank_name())
                };
                spans.push(Span::styled(piece.to_owned(), style));
                Line::from(spans)
            })
            .collect();
        if rows.is_empty() {
            rows.push(Line::from(self.prefix(Some(time), name)));
        }
        rows
    }

    pub fn message(&self, message: &MessageLine) -> Vec<Line<'static>> {
        let theme = self.theme;
        let own = message.own.as_ref().map(|(_, delivery)| delivery);
        let name = self.name(&message.sender_name, theme.sender(own.is_some()));
        let text = &message.text;
        let style = theme.message_text(message.colour);
        let Some(delivery) = own else {
            return self.rows(message.time, name, text, self.columns.text, style);
        };
        let width = self.columns.text.saturating_sub(DELIVERY_MARK_WIDTH).max(1);
        let mut rows = self.rows(message.time, name, text, width, style);
        if let Some(last) = rows.last_mut() {
            last.spans.push(Span::styled(
                delivery_mark(delivery),
                theme.delivery(delivery),
            ));
        }
        let note = match delivery {
            Delivery::Failed(reason) => Some((
                format!("not delivered: {}", sanitize(reason)),
                theme.error(),
            )),
            Delivery::StoredOffline => Some((
                // Clients before Messenger 7 (MSNP11) cannot fetch offline messages.
                "stored offline: delivered at their next sign-in (Messenger 7+)".to_owned(),
                theme.dim(),
            )),
            _ => None,
        };
        if let Some((note, style)) = note {
            rows.extend(wrap(&note, self.columns.text).into_iter().map(|piece| {
                let mut spans = self.prefix(None, self.blank_name());
                spans.push(Span::styled(piece.to_owned(), style));
                Line::from(spans)
            }));
        }
        rows
    }

    pub fn system(&self, time: Timestamp, event: &SystemEvent) -> Vec<Line<'static>> {
        let text = match event {
            SystemEvent::Joined { name } => format!("{} joined the conversation", short_name(name)),
            SystemEvent::Left { name } => format!("{} left the conversation", short_name(name)),
            SystemEvent::Nudge { name } => format!("{} sent a nudge!", short_name(name)),
            SystemEvent::Notice(notice) => notice.clone(),
            SystemEvent::OfflineMessage { sent } => format!(
                "offline message, sent {} {}",
                sent.date(self.zone).long_form(),
                sent.time(self.zone).hours_minutes()
            ),
            SystemEvent::Transfer { text, .. } => sanitize(text).into_owned(),
        };
        let name = self.name(SYSTEM_MARK, self.theme.system());
        self.rows(time, name, &text, self.columns.text, self.theme.system())
    }

    /// `──── Monday, 4 March 2024 ────` across the pane.
    pub fn day_separator(&self, date: LocalDate, width: usize) -> Line<'static> {
        let label = format!(" {} ", date.long_form());
        let rule = width.saturating_sub(display_width(&label));
        let left = rule / 2;
        let text = format!("{}{label}{}", "─".repeat(left), "─".repeat(rule - left));
        Line::styled(text, self.theme.dim())
    }
}

fn delivery_mark(delivery: &Delivery) -> &'static str {
    match delivery {
        Delivery::Queued => " …",
        Delivery::Sent => " ✓",
        Delivery::Delivered => " ✓✓",
        Delivery::Failed(_) => " ✗",
        Delivery::StoredOffline => " ✉",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::MessageId;
    use crate::ui::theme::ColourMode;

    fn text_of(line: &Line<'_>) -> String {
        line.spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect()
    }

    fn message(name: &str, text: &str, own: Option<Delivery>) -> MessageLine {
        MessageLine {
            time: Timestamp(9 * 3600 + 5 * 60),
            sender_address: "x@y".into(),
            sender_name: name.into(),
            text: text.into(),
            colour: None,
            own: own.map(|delivery| (MessageId(0), delivery)),
        }
    }

    static UTC: TimeZone = TimeZone::UTC;

    fn style(theme: &Theme, total: usize) -> RowStyle<'_> {
        RowStyle {
            columns: Columns::new(total, 6),
            zone: &UTC,
            theme,
        }
    }

    #[test]
    fn columns_line_up_with_wide_names_and_text() {
        let theme = Theme::new(ColourMode::Monochrome);
        let rows = style(&theme, 40);
        let mut lines = rows.message(&message("日本人", "こんにちは世界、元気ですか", None));
        lines.extend(rows.message(&message("bob", "hi", None)));
        let texts: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(texts[0], "09:05 │ 日本人 │ こんにちは世界、元気で");
        assert_eq!(texts[1], "      │        │ すか");
        assert_eq!(texts[2], "09:05 │    bob │ hi");
        let bars: Vec<usize> = texts
            .iter()
            .map(|text| display_width(&text[..text.rfind('│').unwrap_or(0)]))
            .collect();
        assert!(bars.iter().all(|&bar| bar == bars[0]), "{texts:#?}");
    }

    #[test]
    fn own_messages_carry_delivery_marks_and_failures_their_reason() {
        let theme = Theme::new(ColourMode::Sixteen);
        let rows = style(&theme, 60);
        let sent = rows.message(&message("me", "ok", Some(Delivery::Delivered)));
        assert_eq!(text_of(&sent[0]), "09:05 │     me │ ok ✓✓");
        let failed = rows.message(&message(
            "me",
            "ok",
            Some(Delivery::Failed("\x1b[5moffline".into())),
        ));
        assert_eq!(text_of(&failed[0]), "09:05 │     me │ ok ✗");
        assert_eq!(
            text_of(&failed[1]),
            "      │        │ not delivered: ␛[5moffline"
        );
    }

    #[test]
    fn multi_line_messages_and_system_lines() {
        let theme = Theme::new(ColourMode::Sixteen);
        let rows = style(&theme, 40);
        let lines = rows.message(&message("bob", "one\r\ntwo", None));
        assert_eq!(lines.len(), 2);
        assert_eq!(text_of(&lines[1]), "      │        │ two");
        let nudge = rows.system(
            Timestamp(0),
            &SystemEvent::Nudge {
                name: "Bob\u{202e}".into(),
            },
        );
        assert_eq!(
            text_of(&nudge[0]),
            "00:00 │      * │ Bob\u{FFFD} sent a nudge!"
        );
    }

    #[test]
    fn a_huge_name_is_cut_short_in_a_join_line() {
        let theme = Theme::new(ColourMode::Sixteen);
        let rows = style(&theme, 80);
        let joined = rows.system(
            Timestamp(0),
            &SystemEvent::Joined {
                name: "x".repeat(5_000),
            },
        );
        assert!(joined.len() <= 2, "{} rows", joined.len());
        assert!(text_of(&joined[0]).contains("xxx… joined"));
    }

    #[test]
    fn history_from_before_a_daylight_saving_change_shows_the_hour_it_was() {
        let theme = Theme::new(ColourMode::Monochrome);
        let berlin = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("a valid zone");
        let style = RowStyle {
            columns: Columns::new(40, 6),
            zone: &berlin,
            theme: &theme,
        };
        // 12:00 UTC in January (CET) and in July (CEST), shown side by side.
        let hour = |seconds| {
            style.prefix(Some(Timestamp(seconds)), Span::raw(""))[0]
                .content
                .to_string()
        };
        assert_eq!(hour(1_768_478_400), "13:00");
        assert_eq!(hour(1_784_116_800), "14:00");
    }

    #[test]
    fn day_separator_is_centred_across_the_width() {
        let theme = Theme::new(ColourMode::Sixteen);
        let date = Timestamp(0).date(&TimeZone::UTC);
        let line = style(&theme, 40).day_separator(date, 40);
        assert_eq!(display_width(&text_of(&line)), 40);
        assert!(text_of(&line).contains(" Thursday, 1 January 1970 "));
    }
}
