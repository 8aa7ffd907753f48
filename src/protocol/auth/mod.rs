//! The cryptography of sign-in and challenges, shared by the client and the bundled server.

pub mod challenge;
pub mod mbi;
pub mod md5_login;

pub use challenge::{ProductKey, answer_challenge, product_for};
pub use mbi::{MbiError, mbi_response, verify_mbi_response};
pub use md5_login::md5_response;
