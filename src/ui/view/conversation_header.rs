//! The conversation's header: the participants on one row, or, for a one-to-one
//! conversation with room to spare, the contact's picture beside their name, address,
//! status and personal message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::picture::{self, Place};
use super::rows::render_rows;
use crate::ui::model::{Conversation, Model, Participant, Presence};
use crate::ui::pictures::HEADER_SIZE;
use crate::ui::sanitize::{sanitize, short_name};
use crate::ui::text_width::truncate;
use crate::ui::theme::Theme;

/// The smallest conversation pane that gets the picture: below it, the rows go to the
/// messages.
const PICTURE_MIN_WIDTH: u16 = 40;
const PICTURE_MIN_HEIGHT: u16 = 14;

/// Draws the header at the top of `area`; returns the rows it took.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    conversation: &Conversation,
    focused: bool,
    theme: &Theme,
) -> u16 {
    let room = area.width >= PICTURE_MIN_WIDTH && area.height >= PICTURE_MIN_HEIGHT;
    let alone = match conversation.participants.as_slice() {
        [participant] if room && model.pictures.enabled => Some(participant),
        _ => None,
    };
    let Some(participant) = alone else {
        let row = Rect { height: 1, ..area };
        let line = one_row(model, conversation, focused, theme, area.width);
        render_rows(frame.buffer_mut(), row, &[line]);
        return row.height;
    };
    let header = Rect {
        height: HEADER_SIZE.height,
        ..area
    };
    let [picture_area, _, text_area] = Layout::horizontal([
        Constraint::Length(HEADER_SIZE.width),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(header);
    let shown = model.pictures.shown_for(&participant.address);
    picture::draw(frame, picture_area, shown, Place::Header, theme);
    let rows = beside_picture(model, conversation, participant, focused, theme);
    let rows: Vec<Line<'static>> = rows
        .into_iter()
        .map(|row| cut(row, text_area.width))
        .collect();
    render_rows(frame.buffer_mut(), text_area, &rows);
    header.height
}

fn number(model: &Model, conversation: &Conversation) -> usize {
    model
        .conversations
        .position(conversation.id)
        .map_or(0, |index| index + 1)
}

fn personal_message<'a>(model: &'a Model, participant: &Participant) -> Option<&'a str> {
    model
        .contacts
        .get(&participant.address)
        .map(|contact| contact.personal_message.as_str())
        .filter(|message| !message.is_empty())
}

/// The address and the status; the status of someone not on the list is only known
/// while they are in the conversation.
fn address_and_status(model: &Model, participant: &Participant) -> String {
    let stranger = model.contacts.get(&participant.address).is_none();
    let status = if stranger && participant.presence == Presence::Offline {
        "not in your contacts"
    } else {
        participant.presence.label()
    };
    format!("<{}> {status}", sanitize(&participant.address))
}

/// Name, address and status, and the personal message, each on a row of its own.
fn beside_picture(
    model: &Model,
    conversation: &Conversation,
    participant: &Participant,
    focused: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let title = Line::from(vec![
        Span::styled(
            format!("{} ", number(model, conversation)),
            theme.pane_title(focused),
        ),
        Span::raw(" "),
        Span::styled(
            participant.presence.mark().to_string(),
            theme.presence(participant.presence),
        ),
        Span::raw(format!(" {}", short_name(&participant.friendly_name))),
    ]);
    let address = Line::styled(address_and_status(model, participant), theme.dim());
    let mut rows = vec![title, address];
    if let Some(message) = personal_message(model, participant) {
        rows.push(Line::styled(sanitize(message).into_owned(), theme.dim()));
    }
    rows
}

/// Every participant on one row: presence mark and name, and for a one-to-one
/// conversation the address, status and personal message too.
fn one_row(
    model: &Model,
    conversation: &Conversation,
    focused: bool,
    theme: &Theme,
    width: u16,
) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" {} ", number(model, conversation)),
        theme.pane_title(focused),
    )];
    if conversation.participants.is_empty() {
        spans.push(Span::styled(" nobody else is here", theme.dim()));
    }
    for participant in &conversation.participants {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            participant.presence.mark().to_string(),
            theme.presence(participant.presence),
        ));
        spans.push(Span::raw(format!(
            " {}",
            short_name(&participant.friendly_name)
        )));
        if conversation.participants.len() == 1 {
            spans.push(Span::styled(
                format!(" {}", address_and_status(model, participant)),
                theme.dim(),
            ));
            if let Some(message) = personal_message(model, participant) {
                spans.push(Span::styled(
                    format!(" — {}", sanitize(message)),
                    theme.dim(),
                ));
            }
        }
    }
    cut(Line::from(spans), width)
}

/// A line too wide for its row becomes its text, cut to fit.
fn cut(line: Line<'static>, width: u16) -> Line<'static> {
    if line.width() <= usize::from(width) {
        return line;
    }
    let text: String = line
        .spans
        .iter()
        .map(|span| span.content.as_ref())
        .collect();
    Line::raw(truncate(&text, usize::from(width)).into_owned())
}
