//! The built-in accounts: the three test accounts of the recorded sessions, and a demo
//! user whose list holds the server's bots.

use super::Directory;
use super::accounts_file::build;

const DEFAULT_ACCOUNTS: &str = r#"
[[accounts]]
email = "alice@example.com"
password = "alicepass1"
name = "Alice Test"
contacts = [{ email = "bob@example.com", lists = ["FL", "AL"] }]

[[accounts]]
email = "bob@example.com"
password = "bobpass1"
name = "Bob Test"
contacts = [{ email = "alice@example.com", lists = ["FL", "AL"], name = "Alice Test" }]

[[accounts]]
email = "carol@example.com"
password = "carolpass1"
name = "Carol Test"

[[accounts]]
email = "demo@msntui.local"
password = "demo-password"
name = "Demo User"
personal_message = "trying msntui"
groups = ["Friends", "Bots"]
contacts = [
    { email = "echo@msntui.local", lists = ["FL", "AL"], name = "Echo Bot", groups = ["Bots"] },
    { email = "dana@msntui.local", lists = ["FL", "AL"], name = "Dana", groups = ["Friends"] },
    { email = "erin@msntui.local", lists = ["FL", "AL"], name = "Erin", groups = ["Friends"] },
    { email = "frank@msntui.local", lists = ["FL", "AL"], name = "Frank", groups = ["Friends"] },
]

[[accounts]]
email = "echo@msntui.local"
password = "echo-bot-has-no-login"
name = "Echo Bot"
personal_message = "I repeat what you say"
allow_others = true
bot = { kind = "echo" }
contacts = [{ email = "demo@msntui.local", lists = ["FL", "AL"] }]

[[accounts]]
email = "dana@msntui.local"
password = "dana-bot-has-no-login"
name = "Dana"
personal_message = "out for coffee"
bot = { kind = "idle", status = "AWY" }
contacts = [{ email = "demo@msntui.local", lists = ["FL", "AL"] }]

[[accounts]]
email = "erin@msntui.local"
password = "erinpass"
name = "Erin"
contacts = [{ email = "demo@msntui.local", lists = ["FL", "AL"] }]

[[accounts]]
email = "frank@msntui.local"
password = "frankpass"
name = "Frank"
contacts = [{ email = "demo@msntui.local", lists = ["FL", "AL"] }]
"#;

/// The built-in directory used when no accounts file is given.
pub fn default_directory() -> Directory {
    #[derive(serde::Deserialize)]
    struct File {
        accounts: Vec<super::accounts_file::AccountSpec>,
    }
    let file: File = match toml::from_str(DEFAULT_ACCOUNTS) {
        Ok(file) => file,
        Err(error) => unreachable!("built-in accounts are valid TOML: {error}"),
    };
    match build(file.accounts) {
        Ok(directory) => directory,
        Err(error) => unreachable!("built-in accounts are consistent: {error}"),
    }
}
