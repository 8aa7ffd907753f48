//! Taking over the terminal and giving it back: raw mode, the alternate screen, bracketed
//! paste, the window title (saved on xterm's title stack, since the UI sets its own) and
//! (if asked for) mouse capture. The terminal is restored on drop and by a panic
//! hook that runs before the panic message is printed, so the message stays readable,
//! and for the time the process is suspended (Ctrl+Z).

use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::queue;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use nix::sys::signal::{Signal, raise};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::diff_backend::{DiffBackend, RESET_SCROLL_REGION};

/// The terminal the UI draws to.
pub type UiTerminal = Terminal<DiffBackend<CrosstermBackend<Stdout>>>;

/// xterm's "push window and icon title" and "pop" (XTWINOPS 22 and 23).
const SAVE_TITLE: &str = "\x1b[22;0t";
const RESTORE_TITLE: &str = "\x1b[23;0t";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalOptions {
    /// Capture the mouse so the wheel scrolls panes; off by default, since it takes
    /// ordinary text selection away from the terminal.
    pub mouse_capture: bool,
}

/// The terminal in use by the UI; dropping it restores the terminal.
pub struct TerminalGuard {
    terminal: UiTerminal,
    options: TerminalOptions,
}

impl TerminalGuard {
    pub fn start(options: TerminalOptions) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let started = enter(&mut stdout(), options)
            .and_then(|()| Terminal::new(DiffBackend::new(CrosstermBackend::new(stdout()))));
        match started {
            Ok(terminal) => Ok(TerminalGuard { terminal, options }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    pub fn terminal(&mut self) -> &mut UiTerminal {
        &mut self.terminal
    }

    /// Gives the terminal back and stops the process, as Ctrl+Z does to a program that
    /// leaves it to the terminal; once the shell continues it (`fg`), takes the terminal
    /// again. The caller then draws the whole screen, which the shell has written over.
    /// Started without a job-control shell (directly by tmux or ssh), the process is not
    /// stopped: the kernel drops a stop that nothing could undo, and this returns at once.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        let stopped = raise(Signal::SIGTSTP).map_err(io::Error::from);
        enable_raw_mode()?;
        enter(&mut stdout(), self.options)?;
        stopped
    }

    /// Puts the terminal back into the UI's modes after the process was stopped and
    /// continued by others, who may have changed them. Safe after [`Self::suspend`] too:
    /// the modes are set again, the window title is left alone.
    pub fn retake(&mut self) -> io::Result<()> {
        // crossterm skips enabling a raw mode it believes is on: off first, then on.
        disable_raw_mode()?;
        enable_raw_mode()?;
        let mut out = stdout();
        enter_modes(&mut out, self.options)?;
        out.flush()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Writes what puts the terminal into the UI's modes.
pub fn enter(out: &mut impl Write, options: TerminalOptions) -> io::Result<()> {
    out.write_all(SAVE_TITLE.as_bytes())?;
    enter_modes(out, options)?;
    out.flush()
}

fn enter_modes(out: &mut impl Write, options: TerminalOptions) -> io::Result<()> {
    queue!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if options.mouse_capture {
        queue!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Writes what undoes [`enter`], whichever options it had (undoing an unset mode is harmless).
pub fn leave(out: &mut impl Write) -> io::Result<()> {
    // The UI leaves a scrolling region in force between frames.
    out.write_all(RESET_SCROLL_REGION.as_bytes())?;
    queue!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    )?;
    out.write_all(RESTORE_TITLE.as_bytes())?;
    out.flush()
}

/// Gives the terminal back; safe to call more than once, and from a panic.
pub fn restore() {
    let left = leave(&mut stdout());
    let cooked = disable_raw_mode();
    if let Err(error) = left.and(cooked) {
        // Not eprintln!: after a hang-up stderr is gone too, and that must not panic.
        let _ = writeln!(io::stderr(), "could not restore the terminal: {error}");
    }
}

fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRACKETED_PASTE_ON: &str = "\x1b[?2004h";
    const MOUSE_ON: &str = "\x1b[?1000h";

    fn written(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        assert!(write(&mut out).is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn enter_turns_on_bracketed_paste_and_mouse_only_when_asked() {
        let plain = written(|out| enter(out, TerminalOptions::default()));
        assert!(plain.contains(BRACKETED_PASTE_ON));
        assert!(plain.contains("\x1b[?1049h"));
        assert!(!plain.contains(MOUSE_ON));
        let mouse = written(|out| {
            enter(
                out,
                TerminalOptions {
                    mouse_capture: true,
                },
            )
        });
        assert!(mouse.contains(MOUSE_ON));
    }

    #[test]
    fn leave_undoes_every_mode_and_shows_the_cursor() {
        let left = written(leave);
        for undo in ["\x1b[?2004l", "\x1b[?1000l", "\x1b[?1049l", "\x1b[?25h"] {
            assert!(left.contains(undo), "missing {undo:?} in {left:?}");
        }
    }

    #[test]
    fn the_window_title_is_saved_on_entry_and_restored_on_exit() {
        assert!(written(|out| enter(out, TerminalOptions::default())).starts_with(SAVE_TITLE));
        assert!(written(leave).ends_with(RESTORE_TITLE));
    }
}
