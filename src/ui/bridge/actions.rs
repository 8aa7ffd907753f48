//! The actions the UI forwards, turned into session requests.

use super::commands::{self, Input};
use super::{Bridge, HISTORY_LINES};
use crate::protocol::types::Status;
use crate::session::commands as parser;
use crate::session::{ChatTarget, Request};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::model::{self, Model};

const NO_CONVERSATION: &str =
    "no conversation is open: press Enter on a contact, or /msg EMAIL TEXT";
/// A tab with nothing sent from it since it was opened (its lines are from the log).
const NOTHING_TO_RESEND: &str = "nothing failed in this conversation";

impl Bridge {
    pub(super) fn act_on(&mut self, app: &mut App, action: &Action) {
        match action {
            Action::Submit(line) => self.submit(app, line),
            Action::Typing => {
                let active = app.model().conversations.active().map(|tab| tab.id);
                if let Some(conversation) = active.and_then(|tab| self.to_session.get(&tab)) {
                    let request = Request::Typing {
                        conversation: *conversation,
                    };
                    self.send(app.model_mut(), request);
                }
            }
            Action::OpenConversation(address) => {
                let model = app.model_mut();
                if let Some(tab) = model.conversations.find_with(address) {
                    self.ask_history(model, tab, address);
                }
            }
            Action::CloseConversation(tab) => self.closed(app.model_mut(), *tab),
            Action::Quit => {
                let _ = self.handle.send(Request::SignOut);
            }
            Action::ShowContactInfo(email) => {
                let request = Request::Whois {
                    email: email.clone(),
                };
                self.send(app.model_mut(), request);
            }
            // A picture already on disk needs nothing; the session decides the rest.
            Action::ContactRested(email) if app.model().pictures.of_contact(email).is_none() => {
                let request = Request::FetchPicture {
                    email: email.clone(),
                };
                self.send(app.model_mut(), request);
            }
            Action::ToggleProtocol => self.protocol_pane_chosen(),
            Action::AutoAway => self.auto_away(app.model_mut()),
            Action::Back => self.back(app.model_mut()),
            _ => {}
        }
    }

    /// Idle, but only over plain online: a status the user chose (busy, hidden…) stays.
    fn auto_away(&mut self, model: &mut Model) {
        let online = model.status.connection == model::ConnectionState::Online;
        if online && model.status.own.presence == model::Presence::Online {
            model.status.auto_away = true;
            self.send(model, Request::SetStatus(Status::Idle));
        }
    }

    /// Online again, if auto-away set idle and nobody changed it since.
    fn back(&mut self, model: &mut Model) {
        if !std::mem::take(&mut model.status.auto_away) {
            return;
        }
        if model.status.own.presence == model::Presence::Idle {
            self.send(model, Request::SetStatus(Status::Online));
        }
    }

    /// Asks once per open tab for the chat log with its contact.
    pub(super) fn ask_history(&mut self, model: &mut Model, tab: model::ConversationId, to: &str) {
        if self.history_asked.insert(tab) {
            let request = Request::History {
                contact: to.to_owned(),
                count: HISTORY_LINES,
            };
            self.send(model, request);
        }
    }

    fn closed(&mut self, model: &mut Model, tab: model::ConversationId) {
        self.history_asked.remove(&tab);
        if let Some(conversation) = self.to_session.remove(&tab) {
            self.to_ui.remove(&conversation);
            self.send(model, Request::CloseConversation { conversation });
        }
    }

    fn submit(&mut self, app: &mut App, line: &str) {
        app.model_mut().status.notice = None;
        if line.trim().is_empty() {
            return;
        }
        match commands::classify(line) {
            Input::Say(text) => self.say(app.model_mut(), text),
            Input::Command(name, rest) => self.command(app, &name, rest, line),
        }
        // Every refusal leaves a notice: the line goes back to be corrected, not lost.
        if app.model().status.notice.is_some() {
            app.restore_input(line);
        }
    }

    fn say(&mut self, model: &mut Model, text: &str) {
        match self.active_target(model) {
            Some(to) => {
                let request = Request::SendMessage {
                    to,
                    text: text.to_owned(),
                };
                self.send(model, request);
            }
            None => model.status.notice = Some(NO_CONVERSATION.into()),
        }
    }

    /// Where the open tab's messages go: its session conversation, or its one contact.
    fn active_target(&self, model: &Model) -> Option<ChatTarget> {
        let tab = model.conversations.active()?;
        if let Some(conversation) = self.to_session.get(&tab.id) {
            return Some(ChatTarget::Conversation(*conversation));
        }
        match tab.participants.as_slice() {
            [one] => Some(ChatTarget::Contact(one.address.clone())),
            _ => None,
        }
    }

    fn command(&mut self, app: &mut App, name: &str, rest: &str, line: &str) {
        match (name, rest) {
            ("debug", _) => self.debug(app.model_mut(), rest),
            ("help" | "?", "") => {
                if app.model().panes.help.is_none() {
                    app.update(Action::ToggleHelp);
                }
            }
            ("close", "") => match app.model().conversations.active().map(|tab| tab.id) {
                Some(tab) => {
                    app.update(Action::CloseConversation(tab));
                    self.closed(app.model_mut(), tab);
                }
                None => app.model_mut().status.notice = Some(NO_CONVERSATION.into()),
            },
            ("resend", "") => {
                let model = app.model_mut();
                let active = model.conversations.active().map(|tab| tab.id);
                match active.map(|tab| self.to_session.get(&tab)) {
                    Some(Some(&conversation)) => self.send(model, Request::Resend { conversation }),
                    Some(None) => model.status.notice = Some(NOTHING_TO_RESEND.into()),
                    None => model.status.notice = Some(NO_CONVERSATION.into()),
                }
            }
            ("nudge", "") => {
                let model = app.model_mut();
                match self.active_target(model) {
                    Some(to) => self.send(model, Request::Nudge { to }),
                    None => model.status.notice = Some(NO_CONVERSATION.into()),
                }
            }
            _ => self.session_command(app, line),
        }
    }

    fn debug(&mut self, model: &mut Model, rest: &str) {
        self.protocol_pane_chosen();
        let (word, filter) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        match word {
            "" => model.panes.toggle_protocol(),
            "filter" => {
                model.protocol.set_filter(filter.trim());
                model.panes.protocol_visible = true;
            }
            _ => model.status.notice = Some("usage: /debug [filter TEXT]".into()),
        }
    }

    /// A command for the session, through the parser `msntui headless` uses too.
    fn session_command(&mut self, app: &mut App, line: &str) {
        let request = match parser::parse(line) {
            Ok(request) => request,
            Err(error) => {
                app.model_mut().status.notice = Some(error.to_string());
                return;
            }
        };
        let model = app.model_mut();
        let own_address = match &request {
            Request::SendMessage {
                to: ChatTarget::Contact(email),
                ..
            } => Some(("send a message", email)),
            Request::History { contact, .. } => Some(("show the chat log", contact)),
            _ => None,
        }
        .filter(|(_, email)| email.eq_ignore_ascii_case(&model.status.own.address));
        if let Some((what, _)) = own_address {
            // Refused here, before a tab with ourselves is opened.
            model.status.notice = Some(format!("cannot {what}: that is your own address"));
            return;
        }
        let request = match request {
            Request::SendMessage {
                to: ChatTarget::Contact(email),
                text,
            } => {
                let tab = self.show_tab(model, &email);
                self.ask_history(model, tab, &email);
                let to = match self.to_session.get(&tab) {
                    Some(conversation) => ChatTarget::Conversation(*conversation),
                    None => ChatTarget::Contact(email),
                };
                Request::SendMessage { to, text }
            }
            Request::History { contact, count } => {
                let tab = self.show_tab(model, &contact);
                self.history_asked.insert(tab);
                self.history_requested.insert(contact.to_ascii_lowercase());
                Request::History { contact, count }
            }
            Request::Invite {
                conversation: None,
                email,
            } => Request::Invite {
                conversation: self.active_target(model),
                email,
            },
            Request::SendFile { to: None, path } => match self.active_target(model) {
                Some(to) => Request::SendFile { to: Some(to), path },
                None => {
                    model.status.notice = Some(NO_CONVERSATION.into());
                    return;
                }
            },
            Request::SignOut => {
                self.send(model, Request::SignOut);
                app.update(Action::Quit);
                return;
            }
            other => other,
        };
        self.send(model, request);
    }

    /// Opens (or shows) the tab with `address` and makes it the active one.
    fn show_tab(&mut self, model: &mut Model, address: &str) -> model::ConversationId {
        let tab = model.conversation_with(address);
        model.activate_id(tab);
        tab
    }
}
