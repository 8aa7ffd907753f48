//! The contact-info overlay: name, address, status, personal message and groups, with
//! the contact's picture on the left when the screen has room for it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::help::cut_wide_characters_left_of;
use super::picture::{self, Place};
use crate::ui::model::{ContactCard, Model};
use crate::ui::pictures::CARD_SIZE;
use crate::ui::sanitize::sanitize;
use crate::ui::text_width::wrap;
use crate::ui::theme::Theme;

const MAX_WIDTH: u16 = 72;
/// Columns the text keeps beside the picture; with fewer the picture is left out.
const MIN_TEXT_WIDTH: u16 = 24;
const BORDERS: u16 = 2;

pub fn draw(frame: &mut Frame, screen: Rect, model: &Model, card: &ContactCard, theme: &Theme) {
    let width = screen.width.min(MAX_WIDTH);
    let with_picture = model.pictures.enabled
        && width >= BORDERS + CARD_SIZE.width + 1 + MIN_TEXT_WIDTH
        && screen.height >= BORDERS + CARD_SIZE.height;
    let picture_width = if with_picture { CARD_SIZE.width + 1 } else { 0 };
    let text_width = width.saturating_sub(BORDERS + picture_width).max(1);
    let text = lines(model, card, theme, usize::from(text_width));
    let text_rows = u16::try_from(text.len()).unwrap_or(u16::MAX);
    let inner_rows = if with_picture {
        text_rows.max(CARD_SIZE.height)
    } else {
        text_rows
    };
    let height = (inner_rows + BORDERS).min(screen.height);
    let [area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(screen);
    let [area] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let block = Block::bordered()
        .title(Line::styled(
            " Contact — Esc closes ",
            theme.pane_title(true),
        ))
        .border_style(theme.separator());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    cut_wide_characters_left_of(frame.buffer_mut(), area);
    frame.render_widget(block, area);
    let [picture_area, text_area] =
        Layout::horizontal([Constraint::Length(picture_width), Constraint::Fill(1)]).areas(inner);
    if with_picture {
        let slot = Rect {
            width: CARD_SIZE.width,
            height: CARD_SIZE.height.min(picture_area.height),
            ..picture_area
        };
        let shown = model.pictures.shown(card.picture.as_deref());
        picture::draw(frame, slot, shown, Place::Card, theme);
    }
    frame.render_widget(Paragraph::new(text), text_area);
}

/// The text, wrapped to `width` columns.
fn lines(model: &Model, card: &ContactCard, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let wrapped = |text: &str, style: Style| -> Vec<Line<'static>> {
        wrap(text, width)
            .into_iter()
            .map(|row| Line::styled(row.to_owned(), style))
            .collect()
    };
    let mut lines = wrapped(&sanitize(&card.friendly_name), theme.heading());
    lines.extend(wrapped(
        &format!("<{}>", sanitize(&card.address)),
        theme.dim(),
    ));
    lines.push(Line::from(vec![
        Span::styled(
            card.presence.mark().to_string(),
            theme.presence(card.presence),
        ),
        Span::raw(format!(" {}", card.presence.label())),
    ]));
    if model
        .contacts
        .get(&card.address)
        .is_some_and(|contact| contact.blocked)
    {
        let unblock = format!("blocked: /unblock {}", sanitize(&card.address));
        lines.extend(wrapped(&unblock, theme.dim()));
    }
    if !card.personal_message.is_empty() {
        let message = format!("“{}”", sanitize(&card.personal_message));
        lines.extend(wrapped(&message, Style::default()));
    }
    let groups = if card.groups.is_empty() {
        "no group".to_owned()
    } else {
        card.groups
            .iter()
            .map(|group| sanitize(group).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.extend(wrapped(&format!("groups: {groups}"), theme.dim()));
    if let Some(line) = picture_line(model, card) {
        lines.extend(wrapped(&line, theme.dim()));
    }
    lines
}

/// What the picture's box cannot say: why a picture is missing or bad.
fn picture_line(model: &Model, card: &ContactCard) -> Option<String> {
    let sha1d = card.picture.as_deref()?;
    if !card.picture_fetched {
        return Some("picture: not fetched yet".into());
    }
    match model.pictures.state(sha1d) {
        Some(crate::ui::model::PictureState::Bad(reason)) => Some(format!("picture: {reason}")),
        _ => None,
    }
}
