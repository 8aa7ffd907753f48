//! The slash commands of the input line. Session commands go through the shared parser
//! ([`crate::session::commands`]); the ones about the screen are handled here.

use crate::ui::model::CommandHelp;

/// Every command, as the help overlay, completion and README list them.
const COMMANDS: [(&str, &str, &str); 25] = [
    ("/msg", "EMAIL TEXT", "open a conversation and send TEXT"),
    (
        "/status",
        "online|busy|idle|brb|away|phone|lunch|hidden",
        "change your status",
    ),
    ("/nick", "NAME", "change your friendly name"),
    (
        "/psm",
        "TEXT",
        "change your personal message (empty clears)",
    ),
    (
        "/add",
        "EMAIL [GROUP]",
        "add a contact, optionally into a group",
    ),
    ("/remove", "EMAIL", "remove a contact"),
    (
        "/block",
        "EMAIL",
        "block a contact and end a chat with them alone",
    ),
    ("/unblock", "EMAIL", "unblock a contact"),
    ("/accept", "EMAIL", "allow someone who added you"),
    ("/decline", "EMAIL", "block someone who added you"),
    (
        "/group",
        "add NAME | rename GROUP NAME | remove GROUP | move EMAIL [GROUP]",
        "manage groups",
    ),
    ("/nudge", "[EMAIL]", "nudge a contact, or this conversation"),
    ("/invite", "EMAIL", "call someone into this conversation"),
    ("/resend", "", "send what failed in this conversation again"),
    (
        "/send",
        "PATH [EMAIL]",
        "offer a file in this conversation (or to EMAIL)",
    ),
    (
        "/accept-file",
        "[N]",
        "accept the file offered (or transfer N)",
    ),
    (
        "/decline-file",
        "[N]",
        "decline the file offered (or transfer N)",
    ),
    (
        "/cancel",
        "[N]",
        "stop the newest file transfer (or transfer N)",
    ),
    (
        "/whois",
        "EMAIL",
        "show a contact's name, status, message, groups and picture",
    ),
    (
        "/history",
        "EMAIL [COUNT]",
        "show the chat log with a contact",
    ),
    ("/close", "", "close this conversation"),
    (
        "/debug",
        "[filter TEXT]",
        "show or hide the protocol pane, or filter it",
    ),
    ("/help", "", "show or hide the help"),
    (
        "/reconnect",
        "",
        "while reconnecting: try the server now, not after the delay",
    ),
    ("/quit", "", "sign out and quit"),
];

pub fn command_help() -> Vec<CommandHelp> {
    COMMANDS
        .iter()
        .map(|(name, usage, summary)| CommandHelp {
            name: (*name).to_owned(),
            usage: (*usage).to_owned(),
            summary: (*summary).to_owned(),
        })
        .collect()
}

/// What the input line asks for. A line starting with `//` is text: `//etc` says `/etc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input<'a> {
    /// Text for the open conversation.
    Say(&'a str),
    /// A command: its lower-case name and the rest of the line.
    Command(String, &'a str),
}

pub fn classify(line: &str) -> Input<'_> {
    if line.starts_with("//") {
        return Input::Say(&line[1..]);
    }
    match line.trim_start().strip_prefix('/') {
        Some(body) => {
            let (name, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            Input::Command(name.to_ascii_lowercase(), rest.trim())
        }
        None => Input::Say(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_text_and_escaped_slashes() {
        assert_eq!(classify("hello"), Input::Say("hello"));
        assert_eq!(classify("//etc/passwd"), Input::Say("/etc/passwd"));
        assert_eq!(
            classify(" /Debug  filter SB "),
            Input::Command("debug".into(), "filter SB")
        );
        assert_eq!(classify("/quit"), Input::Command("quit".into(), ""));
    }

    #[test]
    fn help_lists_every_command_once() {
        let help = command_help();
        let mut names: Vec<&str> = help.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }

    #[test]
    fn the_readme_lists_every_command_as_the_help_does() {
        let readme = include_str!("../../../README.md");
        for (name, usage, summary) in COMMANDS {
            let shown = format!("{name} {usage}");
            let row = format!("| `{}` | {summary} |", shown.trim().replace('|', "\\|"));
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }
}
