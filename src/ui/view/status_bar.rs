//! The status bar: connection state, protocol version, our own presence, name and
//! personal message, and the unread total or a pointer to the help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::model::{ConnectionState, Model, OwnProfile};
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::{display_width, truncate_measured};
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let status = &model.status;
    let bar = theme.status_bar();
    let right = match model.conversations.total_unread() {
        0 => " F1 help ".to_owned(),
        count => format!(" {count} unread · Alt+A · F1 help "),
    };
    // Signed in, the first word is our own status (away, busy…), not merely "online".
    let state = match &status.connection {
        ConnectionState::Online if status.auto_away => {
            format!("{} (auto-away)", status.own.presence.label())
        }
        ConnectionState::Online => status.own.presence.label().to_owned(),
        other => other.describe(),
    };
    let mut spans = vec![Span::styled(
        format!(" {} ", sanitize(&state)),
        theme.connection(&status.connection),
    )];
    if let Some(version) = &status.protocol_version {
        spans.push(Span::styled(format!("│ {} ", sanitize(version)), bar));
    }
    let own = &status.own;
    spans.push(Span::styled("│ ", bar));
    spans.push(Span::styled(
        format!("{} ", own.presence.mark()),
        bar.patch(theme.presence(own.presence)),
    ));
    let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
    let room = usize::from(area.width).saturating_sub(used + display_width(&right));
    let (profile, style) = match &status.notice {
        Some(notice) => (sanitize(notice).into_owned(), bar.patch(theme.error())),
        None => (profile_text(own), bar),
    };
    let (profile, profile_width) = truncate_measured(&profile, room);
    let gap = room.saturating_sub(profile_width);
    spans.push(Span::styled(profile.into_owned(), style));
    spans.push(Span::styled(" ".repeat(gap), bar));
    spans.push(Span::styled(right, bar));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(bar), area);
}

fn profile_text(own: &OwnProfile) -> String {
    let mut profile = format!(
        "{} ({})",
        sanitize(&own.friendly_name),
        own.presence.label()
    );
    if !own.personal_message.is_empty() {
        profile.push_str(&format!(" — {}", sanitize(&own.personal_message)));
    }
    profile
}
