//! Keys to actions. A pure function of the key and a small description of the screen.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::ui::action::{Action, Edit, FilterEdit, FilterTarget, Scroll, ScrollTarget};
use crate::ui::model::{ConversationId, Focus};

/// What the key map needs to know about the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyContext<'a> {
    pub focus: Focus,
    pub help_open: bool,
    /// The contact-info overlay is shown.
    pub card_open: bool,
    /// The text in the input line.
    pub input: &'a str,
    /// The cursor is right after a word (or a completion can be cycled), so Tab
    /// completes instead of moving focus.
    pub tab_completes: bool,
    pub active_conversation: Option<ConversationId>,
    pub selected_row: ListSelection<'a>,
    /// The filter of the focused list pane is empty.
    pub filter_empty: bool,
}

/// The contact-list row that Enter acts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSelection<'a> {
    #[default]
    Nothing,
    Group,
    Contact(&'a str),
}

/// Maps one key to the actions it asks for (often none or one).
pub fn actions_for_key(key: KeyEvent, context: &KeyContext<'_>) -> Vec<Action> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if let Some(action) = process_key(key) {
        return vec![action];
    }
    if context.help_open {
        return help_keys(key);
    }
    if context.card_open {
        return card_keys(key);
    }
    if let Some(action) = global_key(key, context) {
        return vec![action];
    }
    match context.focus {
        Focus::Input => input_keys(key, context),
        Focus::Conversation => conversation_keys(key, context),
        Focus::Contacts => list_keys(key, context, FilterTarget::Contacts),
        Focus::Protocol => list_keys(key, context, FilterTarget::Protocol),
    }
}

/// Ctrl+C and Ctrl+Z act on the program, whatever is shown: they quit and suspend it.
fn process_key(key: KeyEvent) -> Option<Action> {
    if !key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    match key.code {
        KeyCode::Char('c') => Some(Action::Quit),
        KeyCode::Char('z') => Some(Action::Suspend),
        _ => None,
    }
}

fn help_keys(key: KeyEvent) -> Vec<Action> {
    let action = match (key.code, key.modifiers) {
        (KeyCode::Esc | KeyCode::F(1) | KeyCode::Enter | KeyCode::Char('?' | 'q'), _) => {
            Action::ToggleHelp
        }
        _ => match scroll_for(key.code) {
            Some(scroll) => Action::Scroll(ScrollTarget::Help, scroll),
            None => return Vec::new(),
        },
    };
    vec![action]
}

/// The contact-info overlay takes every key: Esc (or Enter, q) closes it.
fn card_keys(key: KeyEvent) -> Vec<Action> {
    match (key.code, key.modifiers) {
        (KeyCode::Esc | KeyCode::Enter | KeyCode::F(4) | KeyCode::Char('q'), _) => {
            vec![Action::CloseContactInfo]
        }
        _ => Vec::new(),
    }
}

fn scroll_for(code: KeyCode) -> Option<Scroll> {
    Some(match code {
        KeyCode::Up => Scroll::LineUp,
        KeyCode::Down => Scroll::LineDown,
        KeyCode::PageUp => Scroll::PageUp,
        KeyCode::PageDown => Scroll::PageDown,
        KeyCode::Home => Scroll::Top,
        KeyCode::End => Scroll::Bottom,
        _ => return None,
    })
}

fn scroll_target(focus: Focus) -> ScrollTarget {
    match focus {
        Focus::Contacts => ScrollTarget::Contacts,
        Focus::Protocol => ScrollTarget::Protocol,
        Focus::Conversation | Focus::Input => ScrollTarget::Conversation,
    }
}

fn global_key(key: KeyEvent, context: &KeyContext<'_>) -> Option<Action> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('l') if ctrl => Action::Redraw,
        KeyCode::Char('n') if ctrl => Action::NextConversation,
        KeyCode::Char('p') if ctrl => Action::PreviousConversation,
        KeyCode::Char('w') if ctrl => {
            let editing = context.focus == Focus::Input && !context.input.is_empty();
            match context.active_conversation {
                Some(id) if !editing => Action::CloseConversation(id),
                _ => return None,
            }
        }
        KeyCode::Char(digit @ '1'..='9') if alt => {
            Action::SelectConversation(usize::from(digit as u8 - b'1'))
        }
        KeyCode::Char('a') if alt => Action::NextUnread,
        KeyCode::Left if alt => Action::PreviousConversation,
        KeyCode::Right if alt => Action::NextConversation,
        KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::F(2) => Action::ToggleProtocol,
        KeyCode::F(3) => Action::ToggleContacts,
        KeyCode::BackTab => Action::FocusPrevious,
        KeyCode::Tab if context.focus == Focus::Input && context.tab_completes => Action::Complete,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::PageUp | KeyCode::PageDown | KeyCode::Home | KeyCode::End => {
            Action::Scroll(scroll_target(context.focus), scroll_for(key.code)?)
        }
        _ => return None,
    })
}

fn input_keys(key: KeyEvent, context: &KeyContext<'_>) -> Vec<Action> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edit = match key.code {
        KeyCode::Enter if alt => Edit::Newline,
        KeyCode::Enter if context.input.trim().is_empty() => return Vec::new(),
        KeyCode::Enter => return vec![Action::Submit(context.input.to_owned())],
        KeyCode::Up => return vec![Action::HistoryOlder],
        KeyCode::Down => return vec![Action::HistoryNewer],
        KeyCode::Char('a') if ctrl => Edit::Start,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char('w') if ctrl => Edit::DeleteWordBefore,
        KeyCode::Char('u') if ctrl => Edit::DeleteToStart,
        KeyCode::Char('k') if ctrl => Edit::DeleteToEnd,
        KeyCode::Char('b') if alt => Edit::WordLeft,
        KeyCode::Char('f') if alt => Edit::WordRight,
        KeyCode::Left if ctrl => Edit::WordLeft,
        KeyCode::Right if ctrl => Edit::WordRight,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Backspace if alt => Edit::DeleteWordBefore,
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Char(c) if !ctrl && !alt => return typed(c, context),
        _ => return Vec::new(),
    };
    vec![Action::Edit(edit)]
}

/// A printable character in the input; a message (not a command) also signals typing.
fn typed(c: char, context: &KeyContext<'_>) -> Vec<Action> {
    let mut actions = vec![Action::Edit(Edit::Insert(c))];
    let first = context.input.chars().next().unwrap_or(c);
    if first != '/' && context.active_conversation.is_some() {
        actions.push(Action::Typing);
    }
    actions
}

fn conversation_keys(key: KeyEvent, context: &KeyContext<'_>) -> Vec<Action> {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Up => vec![Action::Scroll(ScrollTarget::Conversation, Scroll::LineUp)],
        KeyCode::Down => vec![Action::Scroll(ScrollTarget::Conversation, Scroll::LineDown)],
        KeyCode::Enter => vec![Action::Focus(Focus::Input)],
        KeyCode::Char('?') if plain => vec![Action::ToggleHelp],
        KeyCode::Char(c) if plain => {
            let mut actions = vec![Action::Focus(Focus::Input)];
            actions.extend(typed(c, context));
            actions
        }
        _ => Vec::new(),
    }
}

fn list_keys(key: KeyEvent, context: &KeyContext<'_>, target: FilterTarget) -> Vec<Action> {
    let scroll = match target {
        FilterTarget::Contacts => ScrollTarget::Contacts,
        FilterTarget::Protocol => ScrollTarget::Protocol,
    };
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    let action = match key.code {
        KeyCode::Up => Action::Scroll(scroll, Scroll::LineUp),
        KeyCode::Down => Action::Scroll(scroll, Scroll::LineDown),
        KeyCode::Enter if target == FilterTarget::Contacts => match context.selected_row {
            ListSelection::Contact(address) => Action::OpenConversation(address.to_owned()),
            ListSelection::Group => Action::ToggleGroup,
            ListSelection::Nothing => return Vec::new(),
        },
        KeyCode::F(4) => match context.selected_row {
            ListSelection::Contact(address) if target == FilterTarget::Contacts => {
                Action::ShowContactInfo(address.to_owned())
            }
            _ => return Vec::new(),
        },
        KeyCode::Enter => Action::TogglePayloads,
        KeyCode::Esc if context.filter_empty => Action::Focus(Focus::Input),
        KeyCode::Esc => Action::Filter(target, FilterEdit::Clear),
        KeyCode::Backspace => Action::Filter(target, FilterEdit::Pop),
        KeyCode::Char('?') if plain && context.filter_empty => Action::ToggleHelp,
        KeyCode::Char(c) if plain => Action::Filter(target, FilterEdit::Push(c)),
        _ => return Vec::new(),
    };
    vec![action]
}

#[cfg(test)]
mod tests;
