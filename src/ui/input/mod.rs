//! The input line and the key map.

mod completion;
mod editor;
mod history;
mod keymap;

pub use completion::{Candidates, Completion, ContactCandidate};
pub use editor::LineEditor;
pub use history::History;
pub use keymap::{KeyContext, ListSelection, actions_for_key};
