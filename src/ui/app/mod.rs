//! The application state the event loop drives: the model, the input line and the theme.

mod events;
mod update;

use std::time::Instant;

use ratatui::Frame;

use super::attention::Attention;
use super::input::{Completion, History, LineEditor};
use super::model::Model;
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
        }
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

    /// The next moment the screen changes by itself (a typing indicator running out).
    pub fn next_deadline(&self) -> Option<Instant> {
        self.model.conversations.next_deadline()
    }

    /// Handles deadlines that passed; true if the screen changed.
    pub fn expire(&mut self, now: Instant) -> bool {
        self.model.expire_typing(now)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
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
