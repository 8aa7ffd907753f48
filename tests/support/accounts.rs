//! The test accounts' passwords, from the one place they are defined: the bundled
//! server's built-in directory.

use std::sync::LazyLock;

use msntui::server::directory::{Directory, default_directory};

static BUILT_IN: LazyLock<Directory> = LazyLock::new(default_directory);

/// The password of a built-in account; a wrong one for any other address.
pub fn password_of(email: &str) -> &'static str {
    BUILT_IN
        .account(email)
        .map_or("unknown", |account| account.password.as_str())
}
