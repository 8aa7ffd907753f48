//! Which way pictures reach the terminal: kitty, sixel or iTerm2 graphics when the
//! terminal answers the query for them, Unicode half-blocks everywhere else.

use std::time::Duration;

use ratatui_image::picker::Picker;
use ratatui_image::picker::cap_parser::QueryStdioOptions;

/// How long the terminal gets to answer; a terminal that says nothing costs no more.
const QUERY_TIMEOUT: Duration = Duration::from_millis(300);

/// Where the environment says graphics cannot work, or the terminal does not answer:
/// half-blocks. Must run before anything else reads the terminal's input, since the
/// answers arrive there.
pub fn choose_picker() -> Picker {
    if !may_have_graphics(
        |name| std::env::var_os(name).is_some(),
        std::env::var("TERM").ok(),
    ) {
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

/// tmux (whose passthrough is off by default) and the Linux console draw no graphics.
fn may_have_graphics(is_set: impl Fn(&str) -> bool, term: Option<String>) -> bool {
    let term = term.unwrap_or_default();
    !is_set("TMUX")
        && !term.starts_with("tmux")
        && !term.starts_with("screen")
        && term != "linux"
        && term != "dumb"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_screen_and_the_linux_console_get_half_blocks_without_a_query() {
        let unset = |_: &str| false;
        assert!(may_have_graphics(unset, Some("xterm-kitty".into())));
        assert!(!may_have_graphics(
            |name| name == "TMUX",
            Some("xterm".into())
        ));
        for term in ["tmux-256color", "screen", "linux", "dumb"] {
            assert!(!may_have_graphics(unset, Some(term.into())), "{term}");
        }
    }
}
