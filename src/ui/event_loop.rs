//! The event loop: terminal input, session events and the nearest deadline, joined with
//! `select!`. It draws only after something changed and sleeps only until the next
//! typing indicator runs out; there is no periodic tick. A burst of session events (a
//! sign-in's contact list, a wave of presence changes) is applied whole before one draw.

use std::future::pending;
use std::io::{self, Write};
use std::time::Instant;

use crossterm::event::Event;
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;

use super::action::Action;
use super::app::App;

/// Session events applied before a draw at most, so keys stay answered in a flood.
const MAX_EVENTS_PER_FRAME: usize = 16_384;

/// The session side of the loop, written by the wiring.
pub trait Session {
    type Event;

    /// Applies one session event to the model.
    fn apply(&mut self, app: &mut App, event: Self::Event);

    /// Sees every action after it was applied, and forwards the ones the session acts on
    /// (`Submit`, `Typing`, `OpenConversation`, `CloseConversation`, `Quit`). It may change
    /// the model too: a command's explanation in the status bar, a `/debug` toggle.
    fn act(&mut self, app: &mut App, action: &Action);
}

/// What the loop did, for logging on exit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoopSummary {
    pub frames_drawn: u64,
}

/// Runs until the user quits or the terminal input ends, starting from the terminal's
/// current size. `out` receives bells and window titles; a session stream that ends
/// leaves the UI running on what it has.
pub async fn run<B, S>(
    terminal: &mut Terminal<B>,
    out: &mut impl Write,
    app: &mut App,
    mut input: impl Stream<Item = io::Result<Event>> + Unpin,
    mut session_events: impl Stream<Item = S::Event> + Unpin,
    session: &mut S,
) -> io::Result<LoopSummary>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Session,
{
    let size = terminal.size().map_err(io::Error::other)?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut summary = LoopSummary::default();
    let mut changed = true;
    let mut session_open = true;
    while !app.should_quit() {
        if changed {
            if app.take_full_redraw() {
                terminal.clear().map_err(io::Error::other)?;
            }
            terminal
                .draw(|frame| app.draw(frame))
                .map_err(io::Error::other)?;
            summary.frames_drawn += 1;
            out.write_all(app.take_terminal_output().as_bytes())?;
            out.flush()?;
        }
        let deadline = app.next_deadline();
        let until_deadline = async {
            match deadline {
                Some(deadline) => tokio::time::sleep_until(deadline.into()).await,
                None => pending().await,
            }
        };
        changed = tokio::select! {
            event = input.next() => match event {
                None => break,
                Some(event) => {
                    let actions = app.handle_event(&event?);
                    let any = !actions.is_empty();
                    for action in actions {
                        app.update(action.clone());
                        session.act(app, &action);
                    }
                    any
                }
            },
            event = session_events.next(), if session_open => match event {
                None => {
                    session_open = false;
                    false
                }
                Some(event) => {
                    session.apply(app, event);
                    session_open = apply_pending(app, &mut session_events, session);
                    true
                }
            },
            () = until_deadline => app.expire(Instant::now()),
        };
    }
    Ok(summary)
}

/// Applies the session events that are already waiting; false once the stream ended.
fn apply_pending<S: Session>(
    app: &mut App,
    session_events: &mut (impl Stream<Item = S::Event> + Unpin),
    session: &mut S,
) -> bool {
    for _ in 1..MAX_EVENTS_PER_FRAME {
        match session_events.next().now_or_never() {
            Some(Some(event)) => session.apply(app, event),
            Some(None) => return false,
            None => break,
        }
    }
    true
}

#[cfg(test)]
mod tests;
