//! Client sessions: the notification-server connection and its sign-in.

pub mod address_book;
pub mod auth;
pub mod service_url;
