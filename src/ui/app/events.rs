//! Terminal events to actions.

use crossterm::event::{Event, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::App;
use crate::ui::action::{Action, Edit, Scroll, ScrollTarget};
use crate::ui::input::{KeyContext, ListSelection, actions_for_key};
use crate::ui::model::{ContactRow, Focus};
use crate::ui::view;

impl App {
    /// Turns any terminal event into the actions it asks for.
    pub fn handle_event(&mut self, event: &Event) -> Vec<Action> {
        match event {
            Event::Key(key) => {
                let mut actions = self.handle_key(*key);
                if self.auto_away.key_pressed(std::time::Instant::now()) {
                    actions.insert(0, Action::Back);
                }
                actions
            }
            Event::Paste(text) => self.paste(text),
            Event::Resize(width, height) => vec![Action::Resize {
                width: *width,
                height: *height,
            }],
            Event::Mouse(mouse) => self.mouse(*mouse).into_iter().collect(),
            Event::FocusGained | Event::FocusLost => Vec::new(),
        }
    }

    /// Turns a key into the actions it asks for; nothing changes until they are applied.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Action> {
        let model = &self.model;
        let list = &model.contacts;
        let selected_row = match (list.selected_contact(), list.selected_row()) {
            (Some(found), _) => ListSelection::Contact(&found.address),
            (None, Some(ContactRow::Group { .. })) => ListSelection::Group,
            (None, _) => ListSelection::Nothing,
        };
        let filter_empty = match model.panes.focus {
            Focus::Contacts => list.filter().is_empty(),
            Focus::Protocol => model.protocol.filter().is_empty(),
            Focus::Conversation | Focus::Input => true,
        };
        let context = KeyContext {
            focus: model.panes.focus,
            help_open: model.panes.help.is_some(),
            card_open: model.card.is_some(),
            input: self.editor.text(),
            tab_completes: self.completion.is_some()
                || !self.editor.word_before_cursor().1.is_empty(),
            active_conversation: model.conversations.active().map(|active| active.id),
            selected_row,
            filter_empty,
        };
        actions_for_key(key, &context)
    }

    /// Pasted text lands in the input, never sent.
    fn paste(&self, text: &str) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.model.panes.focus != Focus::Input {
            actions.push(Action::Focus(Focus::Input));
        }
        actions.push(Action::Edit(Edit::Paste(text.to_owned())));
        let command = self.editor.text().starts_with('/')
            || (self.editor.is_empty() && text.starts_with('/'));
        if !command && self.model.conversations.active().is_some() {
            actions.push(Action::Typing);
        }
        actions
    }

    /// The wheel scrolls the pane under the pointer (only with mouse capture on).
    fn mouse(&self, mouse: MouseEvent) -> Option<Action> {
        let scroll = match mouse.kind {
            MouseEventKind::ScrollUp => Scroll::LineUp,
            MouseEventKind::ScrollDown => Scroll::LineDown,
            _ => return None,
        };
        let panes = &self.model.panes;
        let screen = Rect::new(0, 0, panes.width, panes.height);
        let bottom = view::BottomRows {
            status: view::status_height(&self.model, panes.width),
            input: view::input_height(&self.editor, panes.width),
        };
        let areas = view::areas(
            screen,
            panes,
            bottom,
            self.model.conversations.active().is_some(),
        );
        let pointer = Position::new(mouse.column, mouse.row);
        let over = |area: Option<Rect>| area.is_some_and(|area| area.contains(pointer));
        let target = if panes.help.is_some() {
            ScrollTarget::Help
        } else if over(areas.contacts) {
            ScrollTarget::Contacts
        } else if over(areas.protocol) {
            ScrollTarget::Protocol
        } else {
            ScrollTarget::Conversation
        };
        Some(Action::Scroll(target, scroll))
    }
}
