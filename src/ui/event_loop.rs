//! The event loop: terminal input, session events and the nearest deadline, joined with
//! `select!`. It draws only after something changed and sleeps only until the next
//! deadline (a typing indicator running out, auto-away, the contact-list selection
//! coming to rest); there is no periodic tick. A burst of events (a sign-in's
//! contact list, a wave of presence changes, keys pasted or typed ahead over a slow link)
//! is applied whole before one draw, and frames are at least [`FRAME_GAP`] apart: what
//! follows a frame closely (a message's sent and delivered marks, the echo behind them)
//! waits for the next one instead of costing a frame each over SSH.

use std::future::{pending, poll_fn};
use std::io::{self, Write};
use std::task::Poll;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::App;

/// Events of one source applied before a draw at most, so the other stays answered in a
/// flood.
const MAX_EVENTS_PER_FRAME: usize = 16_384;

/// The least time between two frames. A change after a quiet spell is drawn at once;
/// changes within this of the last frame are drawn together when it has passed.
pub const FRAME_GAP: Duration = Duration::from_millis(16);

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

/// Runs until the user quits, the terminal input ends, or the user asks to suspend
/// ([`App::wants_suspend`]: the caller stops the process, then runs the loop again),
/// starting from the terminal's current size. `out` receives bells and window titles; a session stream that ends
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
    // Something changed since the last frame.
    let mut changed = true;
    // On tokio's clock, which tests can pause.
    let mut last_frame: Option<tokio::time::Instant> = None;
    let mut session_open = true;
    while !app.should_quit() && !app.wants_suspend() {
        let now = tokio::time::Instant::now();
        let next_frame = last_frame.map(|at| at + FRAME_GAP);
        if changed && next_frame.is_none_or(|due| due <= now) {
            if app.take_full_redraw() {
                redraw_whole(terminal).map_err(io::Error::other)?;
            }
            terminal
                .draw(|frame| app.draw(frame))
                .map_err(io::Error::other)?;
            summary.frames_drawn += 1;
            out.write_all(app.take_terminal_output().as_bytes())?;
            out.flush()?;
            changed = false;
            last_frame = Some(now);
        }
        app.track_selection(Instant::now());
        let frame_due = next_frame.filter(|_| changed);
        let deadline = match (app.next_deadline().map(Into::into), frame_due) {
            (Some(deadline), Some(due)) => Some(due.min(deadline)),
            (deadline, due) => deadline.or(due),
        };
        let until_deadline = async {
            match deadline {
                Some(deadline) => tokio::time::sleep_until(deadline).await,
                None => pending().await,
            }
        };
        changed |= tokio::select! {
            event = input.next() => match event {
                None => break,
                Some(event) => {
                    let mut any = handle_input(app, session, event?);
                    for _ in 1..MAX_EVENTS_PER_FRAME {
                        // Keys typed after Ctrl+Z wait for the resume.
                        if app.should_quit() || app.wants_suspend() {
                            break;
                        }
                        match ready_now(&mut input).await {
                            Some(Some(event)) => any |= handle_input(app, session, event?),
                            Some(None) => return Ok(summary),
                            None => break,
                        }
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
                    for _ in 1..MAX_EVENTS_PER_FRAME {
                        match ready_now(&mut session_events).await {
                            Some(Some(event)) => session.apply(app, event),
                            Some(None) => {
                                session_open = false;
                                break;
                            }
                            None => break,
                        }
                    }
                    true
                }
            },
            () = until_deadline => {
                let now = Instant::now();
                let mut changed = app.expire(now);
                if let Some(action) = app.due_action(now) {
                    app.update(action.clone());
                    session.act(app, &action);
                    changed = true;
                }
                changed
            }
        };
    }
    Ok(summary)
}

/// Clears the screen and forgets what it showed, so the next frame is drawn whole.
/// Not `Terminal::clear`: it asks the terminal where the cursor is, and the answer goes
/// to the input stream instead, so the question times out and would end the program.
fn redraw_whole<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(Rect::from((Position::ORIGIN, size)))
}

/// Applies one terminal event; true if it changed anything.
fn handle_input<S: Session>(app: &mut App, session: &mut S, event: Event) -> bool {
    let actions = app.handle_event(&event);
    let any = !actions.is_empty();
    for action in actions {
        app.update(action.clone());
        session.act(app, &action);
    }
    any
}

/// The stream's next item if it is ready now (`Some(None)`: the stream ended), else
/// `None`, with this task's waker registered as by any poll.
async fn ready_now<T>(stream: &mut (impl Stream<Item = T> + Unpin)) -> Option<Option<T>> {
    poll_fn(|context| match stream.poll_next_unpin(context) {
        Poll::Ready(item) => Poll::Ready(Some(item)),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

#[cfg(test)]
mod tests;
