//! Where each pane goes, from the terminal size and which panes are shown.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::ui::model::{Focus, NARROW_COLUMNS, Panes};

/// From this many columns the protocol pane goes beside the conversation, not below it.
pub const SIDE_BY_SIDE_COLUMNS: u16 = 160;
/// The input grows with its content up to this many rows.
pub const MAX_INPUT_ROWS: u16 = 5;
/// Below this the screen only says it is too small.
pub const MIN_COLUMNS: u16 = 30;
pub const MIN_ROWS: u16 = 8;
/// Rows the conversation keeps, for its hint, while none is open and the protocol
/// pane is below it: the handshake gets the room.
const EMPTY_CONVERSATION_ROWS: u16 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub contacts: Option<Rect>,
    pub conversation: Rect,
    pub protocol: Option<Rect>,
    pub status: Rect,
    pub input: Rect,
}

/// Whether the screen is too small to lay anything out.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_COLUMNS || area.height < MIN_ROWS
}

/// Rows the body keeps however tall the status bar grows.
const MIN_BODY_ROWS: u16 = 3;

/// The rows the status bar and the input line want.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BottomRows {
    pub status: u16,
    pub input: u16,
}

/// Splits the screen. The contact list and protocol pane take what they need and the
/// conversation keeps the rest; on a narrow screen the focused side pane covers the
/// conversation instead.
pub fn areas(area: Rect, panes: &Panes, bottom: BottomRows, conversation_open: bool) -> Areas {
    let input_rows = bottom.input.clamp(1, MAX_INPUT_ROWS);
    let status_room = area.height.saturating_sub(1 + MIN_BODY_ROWS + input_rows);
    let status_rows = bottom.status.clamp(1, status_room.max(1));
    let [tabs, body, status, input] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status_rows),
        Constraint::Length(input_rows),
    ])
    .areas(area);
    if area.width < NARROW_COLUMNS {
        let covering =
            |pane: Focus, visible: bool| (visible && panes.focus == pane).then_some(body);
        return Areas {
            tabs,
            contacts: covering(Focus::Contacts, panes.contacts_visible),
            conversation: body,
            protocol: covering(Focus::Protocol, panes.protocol_visible),
            status,
            input,
        };
    }
    let (contacts, centre) = if panes.contacts_visible {
        let width = (body.width / 4).clamp(22, 36);
        let [contacts, centre] =
            Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)]).areas(body);
        (Some(contacts), centre)
    } else {
        (None, body)
    };
    let (conversation, protocol) = if !panes.protocol_visible {
        (centre, None)
    } else if area.width >= SIDE_BY_SIDE_COLUMNS {
        let [conversation, protocol] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(centre);
        (conversation, Some(protocol))
    } else {
        let conversation_rows = if conversation_open {
            Constraint::Percentage(55)
        } else {
            Constraint::Length(EMPTY_CONVERSATION_ROWS)
        };
        let [conversation, protocol] =
            Layout::vertical([conversation_rows, Constraint::Fill(1)]).areas(centre);
        (conversation, Some(protocol))
    };
    Areas {
        tabs,
        contacts,
        conversation,
        protocol,
        status,
        input,
    }
}

/// How many rows a page-wise scroll moves, for a screen of `height` rows.
pub fn page_rows(height: u16) -> usize {
    usize::from(height / 2).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panes(contacts_visible: bool, protocol_visible: bool) -> Panes {
        Panes {
            contacts_visible,
            protocol_visible,
            ..Panes::default()
        }
    }

    fn input(rows: u16) -> BottomRows {
        BottomRows {
            status: 1,
            input: rows,
        }
    }

    #[test]
    fn minimum_screen_keeps_every_row_in_use() {
        let screen = Rect::new(0, 0, 80, 24);
        let areas = areas(screen, &panes(true, false), input(1), true);
        assert_eq!(areas.tabs.height, 1);
        assert_eq!(areas.conversation.height, 21);
        assert_eq!(areas.input.y, 23);
        assert_eq!(areas.contacts.map(|c| c.width), Some(22));
        assert_eq!(areas.conversation.width, 58);
        assert!(areas.protocol.is_none());
    }

    #[test]
    fn protocol_pane_goes_below_on_narrow_and_beside_on_wide_screens() {
        let narrow = areas(Rect::new(0, 0, 80, 24), &panes(false, true), input(1), true);
        let protocol = narrow.protocol.unwrap_or_default();
        assert_eq!(protocol.x, narrow.conversation.x);
        assert!(protocol.y > narrow.conversation.y);
        let wide = areas(Rect::new(0, 0, 200, 50), &panes(true, true), input(3), true);
        let protocol = wide.protocol.unwrap_or_default();
        assert_eq!(protocol.y, wide.conversation.y);
        assert!(protocol.x > wide.conversation.x);
        assert_eq!(wide.input.height, 3);
    }

    #[test]
    fn a_long_notice_grows_the_status_bar_while_the_body_keeps_its_rows() {
        let bottom = |status| BottomRows { status, input: 2 };
        let tall = areas(
            Rect::new(0, 0, 80, 24),
            &panes(true, false),
            bottom(3),
            true,
        );
        assert_eq!(tall.status.height, 3);
        assert_eq!(tall.conversation.height, 18);
        assert_eq!(tall.input.y, 22);
        let short = areas(Rect::new(0, 0, 40, 8), &panes(true, false), bottom(3), true);
        assert_eq!(short.status.height, 2);
        assert_eq!(short.conversation.height, MIN_BODY_ROWS);
    }

    #[test]
    fn input_height_is_bounded() {
        let areas = areas(
            Rect::new(0, 0, 80, 24),
            &panes(true, false),
            input(40),
            true,
        );
        assert_eq!(areas.input.height, MAX_INPUT_ROWS);
    }

    #[test]
    fn a_narrow_screen_gives_the_conversation_the_whole_width() {
        for width in [40, 60, 79] {
            let screen = Rect::new(0, 0, width, 15);
            let mut both = panes(true, true);
            let shown = areas(screen, &both, input(1), true);
            assert_eq!(shown.conversation.width, width);
            assert!(shown.contacts.is_none() && shown.protocol.is_none());
            both.focus = Focus::Contacts;
            let covered = areas(screen, &both, input(1), true);
            assert_eq!(covered.contacts, Some(covered.conversation));
        }
        assert!(too_small(Rect::new(0, 0, 29, 24)) && too_small(Rect::new(0, 0, 80, 7)));
        assert!(!too_small(Rect::new(0, 0, 40, 12)));
    }

    #[test]
    fn without_a_conversation_the_protocol_pane_below_gets_the_room() {
        let screen = Rect::new(0, 0, 80, 24);
        let empty = areas(screen, &panes(true, true), input(1), false);
        assert_eq!(empty.conversation.height, EMPTY_CONVERSATION_ROWS);
        assert_eq!(
            empty.protocol.map(|p| p.height),
            Some(21 - EMPTY_CONVERSATION_ROWS)
        );
    }
}
