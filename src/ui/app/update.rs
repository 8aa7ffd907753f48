//! Applying actions: the only place key presses change state.

use super::App;
use crate::ui::action::{Action, FilterEdit, FilterTarget, Scroll, ScrollTarget};
use crate::ui::input::{Candidates, Completion, ContactCandidate};
use crate::ui::model::Focus;
use crate::ui::sanitize::sanitize;
use crate::ui::view;

impl App {
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Complete) {
            self.completion = None;
        }
        let model = &mut self.model;
        match action {
            Action::Submit(text) => {
                self.history.record(&text);
                self.editor.take();
            }
            Action::Typing => {}
            Action::OpenConversation(address) => {
                let id = model.conversation_with(&address);
                model.activate_id(id);
                model.panes.focus = Focus::Input;
                model.contacts.set_filter(String::new());
            }
            Action::CloseConversation(id) => {
                model.conversations.close(id);
                if let Some(index) = model.conversations.active_index() {
                    model.activate(index);
                }
            }
            Action::Quit => self.quit = true,
            Action::Edit(edit) => self.editor.apply(&edit),
            Action::HistoryOlder => {
                if let Some(entry) = self.history.older(self.editor.text()) {
                    self.editor.set_text(entry);
                }
            }
            Action::HistoryNewer => {
                if let Some(entry) = self.history.newer() {
                    self.editor.set_text(entry);
                }
            }
            Action::Complete => self.complete(),
            Action::Focus(focus) => {
                if model.panes.is_visible(focus) {
                    model.panes.focus = focus;
                }
            }
            Action::FocusNext => model.panes.cycle_focus(1),
            Action::FocusPrevious => model.panes.cycle_focus(-1),
            Action::SelectConversation(index) => model.activate(index),
            Action::NextConversation | Action::PreviousConversation => {
                let step = if action == Action::NextConversation {
                    1
                } else {
                    -1
                };
                if let Some(index) = model.conversations.neighbour(step) {
                    model.activate(index);
                }
            }
            Action::NextUnread => {
                if let Some(index) = model.conversations.next_unread() {
                    model.activate(index);
                }
            }
            Action::Scroll(target, scroll) => self.scroll(target, scroll),
            Action::ToggleGroup => model.contacts.toggle_selected_group(),
            Action::Filter(target, edit) => self.edit_filter(target, edit),
            Action::ToggleContacts => model.panes.toggle_contacts(),
            Action::ToggleProtocol => model.panes.toggle_protocol(),
            Action::TogglePayloads => model.panes.payloads_unfolded ^= true,
            Action::ShowContactInfo(_) => {}
            Action::CloseContactInfo => model.card = None,
            Action::ToggleHelp => {
                model.panes.help = match model.panes.help {
                    Some(_) => None,
                    None => Some(0),
                }
            }
            Action::Resize { width, height } => {
                model.panes.width = width;
                model.panes.height = height;
            }
            Action::Redraw => self.full_redraw = true,
            Action::Suspend => self.suspend = true,
            Action::AutoAway | Action::Back | Action::ContactRested(_) => {}
        }
    }

    fn complete(&mut self) {
        let commands: Vec<String> = self
            .model
            .commands
            .iter()
            .map(|command| command.name.clone())
            .collect();
        let contacts: Vec<ContactCandidate> = self
            .model
            .contacts
            .contacts()
            .iter()
            .map(|contact| ContactCandidate {
                address: contact.address.clone(),
                name: sanitize(&contact.friendly_name).into_owned(),
            })
            .collect();
        let candidates = Candidates {
            commands: &commands,
            contacts: &contacts,
        };
        self.completion =
            Completion::complete(&mut self.editor, self.completion.take(), &candidates);
        if let Some(shown) = self.completion.as_ref().and_then(Completion::describe) {
            self.model.status.notice = Some(shown);
        }
    }

    fn scroll(&mut self, target: ScrollTarget, scroll: Scroll) {
        let page = view::page_rows(self.model.panes.height);
        let lines = match scroll {
            Scroll::LineUp | Scroll::LineDown => 1,
            Scroll::PageUp | Scroll::PageDown => page,
            Scroll::Top | Scroll::Bottom => usize::MAX,
        };
        let up = matches!(scroll, Scroll::LineUp | Scroll::PageUp | Scroll::Top);
        let model = &mut self.model;
        match target {
            ScrollTarget::Conversation => {
                if let Some(conversation) = model.conversations.active_mut() {
                    let lines_view = &mut conversation.lines;
                    match scroll {
                        Scroll::Top => lines_view.scroll_to_oldest(),
                        Scroll::Bottom => lines_view.follow(),
                        _ if up => lines_view.scroll_up(lines),
                        _ => lines_view.scroll_down(lines),
                    }
                }
            }
            ScrollTarget::Protocol => match scroll {
                Scroll::Top => model.protocol.scroll_to_oldest(),
                Scroll::Bottom => model.protocol.follow(),
                _ if up => model.protocol.scroll_up(lines),
                _ => model.protocol.scroll_down(lines),
            },
            ScrollTarget::Contacts => match scroll {
                Scroll::Top => model.contacts.select_first(),
                Scroll::Bottom => model.contacts.select_last(),
                _ => {
                    let step = isize::try_from(lines).unwrap_or(isize::MAX);
                    model.contacts.move_selection(if up { -step } else { step });
                }
            },
            ScrollTarget::Help => {
                let count = view::help_line_count(model, model.panes.width);
                let room = usize::from(model.panes.height).saturating_sub(2).min(count);
                let last = count - room;
                let current = model.panes.help.unwrap_or(0);
                let moved = if up {
                    current.saturating_sub(lines)
                } else {
                    current.saturating_add(lines)
                };
                model.panes.help = Some(moved.min(last));
            }
        }
    }

    fn edit_filter(&mut self, target: FilterTarget, edit: FilterEdit) {
        let current = match target {
            FilterTarget::Contacts => self.model.contacts.filter(),
            FilterTarget::Protocol => self.model.protocol.filter(),
        };
        let mut filter = current.to_owned();
        match edit {
            FilterEdit::Push(c) => filter.push(c),
            FilterEdit::Pop => {
                filter.pop();
            }
            FilterEdit::Clear => filter.clear(),
        }
        match target {
            FilterTarget::Contacts => {
                self.model.contacts.set_filter(filter);
                self.model.contacts.select_first_contact();
            }
            FilterTarget::Protocol => self.model.protocol.set_filter(filter),
        }
    }
}
