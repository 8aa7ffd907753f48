//! The contact list: a title with counts and the filter, then group headers and contacts.
//! Only the rows in view are turned into text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::rows::render_rows;
use crate::ui::model::{Contact, ContactList, ContactRow, Focus, Model, Presence, UNGROUPED_NAME};
use crate::ui::sanitize::{sanitize, short_name};
use crate::ui::text_width::{display_width, fit, truncate, truncate_measured};
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::RIGHT)
        .border_style(theme.separator());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let list = &model.contacts;
    let focused = model.panes.focus == Focus::Contacts;
    let width = usize::from(inner.width);
    let mut rows = vec![title(list, focused, width, theme)];
    let visible = usize::from(inner.height) - 1;
    let selected = list.selected_index();
    let first = (selected + 1).saturating_sub(visible);
    let shown = list.rows().iter().enumerate().skip(first).take(visible);
    rows.extend(shown.map(|(index, row)| {
        let line = row_line(list, *row, width, theme);
        if focused && index == selected {
            line.patch_style(theme.selected())
        } else {
            line
        }
    }));
    if list.rows().is_empty() {
        let hint = if list.filter().is_empty() {
            " no contacts yet"
        } else {
            " no match"
        };
        rows.push(Line::styled(hint, theme.dim()));
    }
    render_rows(frame.buffer_mut(), inner, &rows);
}

fn title(list: &ContactList, focused: bool, width: usize, theme: &Theme) -> Line<'static> {
    let counts = format!("{}/{}", list.reachable_count(), list.len());
    let mut spans = vec![
        Span::styled(" Contacts ", theme.pane_title(focused)),
        Span::styled(counts, theme.dim()),
    ];
    if !list.filter().is_empty() {
        let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
        let room = width.saturating_sub(used + 3);
        let filter = format!(" /{}", truncate(&sanitize(list.filter()), room));
        spans.push(Span::styled(filter, theme.key()));
    }
    Line::from(spans)
}

fn row_line(list: &ContactList, row: ContactRow, width: usize, theme: &Theme) -> Line<'static> {
    match row {
        ContactRow::Group {
            group,
            reachable,
            total,
            folded,
        } => {
            let name = match group.and_then(|index| list.groups().get(index)) {
                Some(found) => sanitize(&found.name).into_owned(),
                None => UNGROUPED_NAME.to_owned(),
            };
            let arrow = if folded { '▸' } else { '▾' };
            let text = format!("{arrow} {name} ({reachable}/{total})");
            Line::styled(fit(&text, width, false), theme.heading())
        }
        ContactRow::Contact { contact, .. } => match list.contacts().get(contact) {
            Some(found) => contact_line(found, width, theme),
            None => Line::raw(""),
        },
    }
}

fn contact_line(contact: &Contact, width: usize, theme: &Theme) -> Line<'static> {
    let badge = match contact.unread {
        0 => String::new(),
        count => format!(" ({count})"),
    };
    let mark = format!(" {} ", contact.presence.mark());
    let room = width.saturating_sub(display_width(&mark) + display_width(&badge));
    let name = short_name(&contact.friendly_name);
    let (name, mut used) = truncate_measured(&name, room);
    let name = name.into_owned();
    let mut spans = vec![
        Span::styled(mark, theme.presence(contact.presence)),
        Span::raw(name),
    ];
    let state = match contact.presence {
        Presence::Online | Presence::Offline => String::new(),
        other => format!("({})", other.label()),
    };
    let blocked = if contact.blocked { "(blocked)" } else { "" };
    let details = [blocked, state.as_str(), contact.personal_message.as_str()];
    for detail in details.into_iter().filter(|detail| !detail.is_empty()) {
        if room <= used + 2 {
            break;
        }
        let detail = sanitize(detail);
        let (detail, detail_width) = truncate_measured(&detail, room - used - 1);
        used += 1 + detail_width;
        spans.push(Span::styled(format!(" {detail}"), theme.dim()));
    }
    if !badge.is_empty() {
        spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
        spans.push(Span::styled(badge, theme.unread_badge()));
    }
    Line::from(spans)
}
