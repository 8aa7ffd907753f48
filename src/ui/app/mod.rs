//! The application state the event loop drives: the model, the input line and the theme.

mod auto_away;
mod events;
mod selection_rest;
mod update;

use std::time::{Duration, Instant};

use auto_away::AutoAway;
use selection_rest::SelectionRest;

use ratatui::Frame;

use super::action::Action;
use super::attention::Attention;
use super::input::{Completion, History, LineEditor};
use super::model::{Focus, Model};
use super::theme::Theme;
use super::view;

#[derive(Debug)]
pub struct App {
    model: Model,
    editor: LineEditor,
    history: History,
    completion: Option<Completion>,
    theme: Theme,
    attention: Attention,
    quit: bool,
    full_redraw: bool,
    suspend: bool,
    auto_away: AutoAway,
    selection_rest: SelectionRest,
}

impl App {
    pub fn new(model: Model, theme: Theme, attention: Attention) -> Self {
        App {
            model,
            editor: LineEditor::default(),
            history: History::default(),
            completion: None,
            theme,
            attention,
            quit: false,
            full_redraw: false,
            suspend: false,
            auto_away: AutoAway::new(None, Instant::now()),
            selection_rest: SelectionRest::default(),
        }
    }

    /// Counts the user away after `after` without a key press; `None` never does.
    pub fn set_auto_away(&mut self, after: Option<Duration>) {
        self.auto_away = AutoAway::new(after, Instant::now());
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// For the session wiring: every change to contacts, conversations and the log.
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    pub fn input(&self) -> &LineEditor {
        &self.editor
    }

    /// Puts a submitted line back into an empty input line, for the user to correct.
    pub fn restore_input(&mut self, line: &str) {
        if self.editor.is_empty() {
            self.editor.set_text(line);
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        view::draw(frame, &self.model, &self.editor, &self.theme);
    }

    /// Notes which contact is selected in the focused contact list, for
    /// [`Action::ContactRested`]; the event loop calls it after every change.
    pub fn track_selection(&mut self, now: Instant) {
        let list_focused = self.model.panes.focus == Focus::Contacts;
        let contact = self
            .model
            .contacts
            .selected_contact()
            .filter(|_| list_focused)
            .map(|contact| contact.address.as_str());
        self.selection_rest.at(contact, now);
    }

    /// The next moment something happens by itself (a typing indicator running out,
    /// auto-away, the selection coming to rest).
    pub fn next_deadline(&self) -> Option<Instant> {
        let typing = self.model.conversations.next_deadline();
        [
            typing,
            self.auto_away.deadline(),
            self.selection_rest.deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// [`Action::AutoAway`] when the user has just come to count as away, else
    /// [`Action::ContactRested`] when the selection has just come to rest.
    pub fn due_action(&mut self, now: Instant) -> Option<Action> {
        if self.auto_away.expire(now) {
            return Some(Action::AutoAway);
        }
        self.selection_rest.expire(now).map(Action::ContactRested)
    }

    /// Handles deadlines that passed; true if the screen changed.
    pub fn expire(&mut self, now: Instant) -> bool {
        self.model.expire_typing(now)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the user asked to be back at the shell (Ctrl+Z): the event loop returns.
    pub fn wants_suspend(&self) -> bool {
        self.suspend
    }

    /// Takes the suspend request; the next frame is drawn whole, as after Ctrl+L, since
    /// the shell drew over the screen meanwhile.
    pub fn take_suspend(&mut self) -> bool {
        let suspend = std::mem::take(&mut self.suspend);
        self.full_redraw |= suspend;
        suspend
    }

    /// Whether the terminal should be cleared before the next draw (Ctrl+L).
    pub fn take_full_redraw(&mut self) -> bool {
        std::mem::take(&mut self.full_redraw)
    }

    /// Bytes to write to the terminal besides the frame: a bell, a new window title.
    pub fn take_terminal_output(&mut self) -> String {
        self.attention.output(&mut self.model)
    }
}

#[cfg(test)]
mod tests;
