//! The wiring between a running session and the terminal UI: session events become
//! changes to the UI model, and the actions the UI forwards become session requests.
//!
//! The session and the UI number conversations and messages each their own way; the
//! bridge keeps the maps between them.

mod actions;
mod additions;
mod chat;
mod commands;
mod convert;
mod events;
mod pictures;

use std::collections::{HashMap, HashSet};

use crate::session::{self, Event, Request, SessionHandle};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::event_loop;
use crate::ui::model::{self, Model};
use crate::ui::pictures::{DecodedPicture, PictureDecoder};

pub use commands::command_help;

/// Chat-log lines shown when a conversation is opened.
pub const HISTORY_LINES: usize = 20;

/// How the protocol pane behaves: shown during sign-in so the handshake can be watched,
/// then as configured unless the user chose otherwise in the meantime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ProtocolPane {
    after_sign_in: bool,
    decided: bool,
}

/// A message or nudge of ours, in UI terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Message(model::ConversationId, model::MessageId),
    Nudge(model::ConversationId),
}

pub struct Bridge {
    handle: SessionHandle,
    to_ui: HashMap<session::ConversationId, model::ConversationId>,
    to_session: HashMap<model::ConversationId, session::ConversationId>,
    sent: HashMap<session::MessageId, Sent>,
    /// Tabs whose chat log was asked for.
    history_asked: HashSet<model::ConversationId>,
    /// Contacts (lower case) whose chat log the user asked for with `/history`: what it
    /// brought is said in the status bar.
    history_requested: HashSet<String>,
    protocol_pane: ProtocolPane,
    /// The "connection lost" notice shown while reconnecting, cleared once online again.
    lost_notice: Option<String>,
    /// Who added us and waits for an answer, and the notice last made of them.
    additions: Vec<(String, String)>,
    shown_additions: Option<String>,
    /// Decodes contacts' pictures; `None` while pictures are off.
    pictures: Option<PictureDecoder>,
}

/// Shows `new` in the status bar in place of `ours`, the notice last shown for the same
/// purpose, unless another notice has replaced it since; `new` becomes `ours`.
fn replace_own_notice(model: &mut Model, ours: &mut Option<String>, new: Option<String>) {
    if model.status.notice == *ours {
        model.status.notice.clone_from(&new);
    }
    *ours = new;
}

/// What reaches the UI besides keys: the session's events and decoded pictures.
#[derive(Debug)]
pub enum Incoming {
    Session(Event),
    Picture(DecodedPicture),
}

impl From<Event> for Incoming {
    fn from(event: Event) -> Self {
        Incoming::Session(event)
    }
}

impl Bridge {
    /// `protocol_pane_after_sign_in` is the configured `show_protocol_pane`.
    pub fn new(handle: SessionHandle, protocol_pane_after_sign_in: bool) -> Self {
        Bridge {
            handle,
            to_ui: HashMap::new(),
            to_session: HashMap::new(),
            sent: HashMap::new(),
            history_asked: HashSet::new(),
            history_requested: HashSet::new(),
            protocol_pane: ProtocolPane {
                after_sign_in: protocol_pane_after_sign_in,
                decided: false,
            },
            lost_notice: None,
            additions: Vec::new(),
            shown_additions: None,
            pictures: None,
        }
    }

    /// Draws contacts' pictures, decoded by `decoder`.
    pub fn with_pictures(mut self, decoder: PictureDecoder) -> Self {
        self.pictures = Some(decoder);
        self
    }

    /// Readies a fresh model: the command list for help and completion, and the protocol
    /// pane open for the sign-in.
    pub fn prepare(model: &mut Model) {
        model.commands = command_help();
        model.panes.protocol_visible = true;
    }

    /// Sends a request; a session that has ended is reported in the status bar.
    fn send(&self, model: &mut Model, request: Request) {
        if self.handle.send(request).is_err() {
            model.status.notice = Some("the session has ended; /quit to leave".into());
        }
    }

    /// The UI tab for a session conversation, opened (with these addresses) if unknown.
    fn tab_for(
        &mut self,
        model: &mut Model,
        conversation: session::ConversationId,
        with: &[String],
    ) -> model::ConversationId {
        if let Some(&tab) = self.to_ui.get(&conversation)
            && model.conversations.get(tab).is_some()
        {
            return tab;
        }
        let tab = match with {
            [one] => {
                let tab = model.conversation_with(one);
                self.ask_history(model, tab, one);
                tab
            }
            many => {
                let participants = many
                    .iter()
                    .map(|a| chat::participant(model, a, a))
                    .collect();
                model.conversations.open(participants)
            }
        };
        self.link(conversation, tab);
        tab
    }

    fn link(&mut self, conversation: session::ConversationId, tab: model::ConversationId) {
        self.to_ui.insert(conversation, tab);
        self.to_session.insert(tab, conversation);
    }
}

impl event_loop::Session for Bridge {
    type Event = Incoming;

    fn apply(&mut self, app: &mut App, incoming: Incoming) {
        match incoming {
            Incoming::Session(event) => self.apply_event(app.model_mut(), event),
            Incoming::Picture(decoded) => pictures::decoded(app.model_mut(), decoded),
        }
    }

    fn act(&mut self, app: &mut App, action: &Action) {
        self.act_on(app, action);
    }
}

#[cfg(test)]
mod tests;
