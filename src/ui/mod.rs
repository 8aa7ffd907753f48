//! The terminal user interface.
//!
//! It works from a model of its own ([`model`]), which the session fills through a thin
//! adapter; drawing is a pure function of that model, and keys become typed [`Action`]s
//! that [`App::update`] applies. [`event_loop::run`] joins
//! terminal input, session events and the nearest deadline; [`terminal`] sets up and
//! restores the terminal, and [`diff_backend`] keeps what is written to it small. All network text passes through [`sanitize::sanitize`].

pub mod action;
mod app;
pub mod attention;
pub mod bridge;
pub mod diff_backend;
pub mod event_loop;
mod input;
pub mod model;
pub mod pictures;
pub mod run;
pub mod sanitize;
pub mod terminal;
mod terminal_input;
mod text_width;
pub mod theme;
mod view;

pub use action::{Action, Edit, FilterEdit, FilterTarget, Scroll, ScrollTarget};
pub use app::App;
pub use attention::Attention;
pub use input::LineEditor;
pub use theme::{ColourMode, Theme};
