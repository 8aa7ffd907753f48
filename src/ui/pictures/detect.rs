//! Which way pictures reach the terminal: kitty, sixel or iTerm2 graphics when a
//! terminal that announces itself as drawing them answers the query, Unicode
//! half-blocks everywhere else.
//!
//! Only such terminals are asked: the query's reader waits for the answer even after
//! the time limit, so a terminal that never answers (a plain pty, a terminal emulator
//! library) would lose its first keys to it.

use std::io::{self, IsTerminal};
use std::time::Duration;

use ratatui_image::picker::Picker;
use ratatui_image::picker::cap_parser::QueryStdioOptions;

/// How long the terminal gets to answer.
const QUERY_TIMEOUT: Duration = Duration::from_millis(500);

/// `TERM` prefixes and `TERM_PROGRAM` values of terminals that draw graphics.
const GRAPHICS_TERMS: [&str; 6] = [
    "xterm-kitty",
    "foot",
    "wezterm",
    "xterm-ghostty",
    "mlterm",
    "contour",
];
const GRAPHICS_PROGRAMS: [&str; 4] = ["WezTerm", "iTerm.app", "ghostty", "mlterm"];
/// Variables those terminals set (`LC_TERMINAL` travels over SSH from iTerm2).
const GRAPHICS_VARIABLES: [&str; 4] = [
    "KITTY_WINDOW_ID",
    "WEZTERM_EXECUTABLE",
    "KONSOLE_VERSION",
    "LC_TERMINAL",
];

/// Must run before anything else reads the terminal's input, since the answers
/// arrive there.
pub fn choose_picker() -> Picker {
    let terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
    if !terminal || !announces_graphics(|name| std::env::var(name).ok()) {
        return Picker::halfblocks();
    }
    let options = QueryStdioOptions {
        timeout: QUERY_TIMEOUT,
        ..QueryStdioOptions::default()
    };
    Picker::from_query_stdio_with_options(options).unwrap_or_else(|error| {
        tracing::debug!(%error, "no answer to the graphics query: half-blocks");
        Picker::halfblocks()
    })
}

/// A terminal known to draw graphics, and not tmux or screen in front of it (their
/// passthrough is off by default).
fn announces_graphics(variable: impl Fn(&str) -> Option<String>) -> bool {
    let term = variable("TERM").unwrap_or_default();
    if variable("TMUX").is_some() || term.starts_with("tmux") || term.starts_with("screen") {
        return false;
    }
    let program = variable("TERM_PROGRAM").unwrap_or_default();
    GRAPHICS_TERMS.iter().any(|known| term.starts_with(known))
        || GRAPHICS_PROGRAMS.contains(&program.as_str())
        || GRAPHICS_VARIABLES
            .iter()
            .any(|name| variable(name).is_some_and(|value| !value.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn graphics_terminals_are_asked_and_the_rest_get_half_blocks() {
        for asked in [
            &[("TERM", "xterm-kitty")][..],
            &[("TERM", "xterm-256color"), ("TERM_PROGRAM", "WezTerm")],
            &[("TERM", "xterm-256color"), ("LC_TERMINAL", "iTerm2")],
            &[("TERM", "foot")],
        ] {
            assert!(announces_graphics(environment(asked)), "{asked:?}");
        }
        for not_asked in [
            &[("TERM", "xterm-256color")][..],
            &[("TERM", "linux")],
            &[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "1")],
            &[("TERM", "xterm-kitty"), ("TMUX", "/tmp/tmux-0/default,1,0")],
            &[("TERM", "screen"), ("TERM_PROGRAM", "WezTerm")],
            &[],
        ] {
            assert!(!announces_graphics(environment(not_asked)), "{not_asked:?}");
        }
    }
}
