//! Everything a key press can ask for, as plain data.
//!
//! `App::handle_key` turns keys into actions; `App::update` applies them. The session
//! wiring also looks at the outward ones: `Submit`, `Typing`, `OpenConversation`,
//! `CloseConversation`, `ShowContactInfo`, `ContactRested` and `Quit`.

use super::model::{ConversationId, Focus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The input line was sent: a message for the open conversation, or a slash command
    /// for the command parser. The line is taken from the input and kept in history.
    Submit(String),
    /// The user typed into a message; the session rate-limits typing notifications.
    Typing,
    /// Open (or show) the conversation with this address.
    OpenConversation(String),
    CloseConversation(ConversationId),
    Quit,
    Edit(Edit),
    HistoryOlder,
    HistoryNewer,
    /// Complete the word before the cursor, or cycle to the next completion.
    Complete,
    Focus(Focus),
    FocusNext,
    FocusPrevious,
    /// Show the tab at this (0-based) index.
    SelectConversation(usize),
    NextConversation,
    PreviousConversation,
    NextUnread,
    Scroll(ScrollTarget, Scroll),
    /// Fold or unfold the group of the selected contact-list row.
    ToggleGroup,
    Filter(FilterTarget, FilterEdit),
    ToggleContacts,
    ToggleProtocol,
    /// Show message payloads in the protocol pane whole, or folded to one row each.
    TogglePayloads,
    ToggleHelp,
    /// Ask for the contact-info overlay of this address (the session answers).
    ShowContactInfo(String),
    CloseContactInfo,
    Resize {
        width: u16,
        height: u16,
    },
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Stop msntui and give the terminal back to the shell (Ctrl+Z); `fg` resumes it.
    Suspend,
    /// No key for `ui.auto_away_minutes`: the bridge may set the status to idle.
    AutoAway,
    /// The first key after [`Action::AutoAway`]: the status the user had comes back.
    Back,
    /// The contact-list selection has rested on this address for a second: the bridge
    /// may fetch their picture.
    ContactRested(String),
}

/// Changes to the input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Pasted text: inserted, never sent.
    Paste(String),
    Newline,
    Backspace,
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    Start,
    End,
    DeleteWordBefore,
    DeleteToStart,
    DeleteToEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollTarget {
    Contacts,
    Conversation,
    Protocol,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    LineUp,
    LineDown,
    PageUp,
    PageDown,
    /// To the oldest line (or first row).
    Top,
    /// Back to the live tail (or last row).
    Bottom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterTarget {
    Contacts,
    Protocol,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterEdit {
    Push(char),
    Pop,
    Clear,
}
