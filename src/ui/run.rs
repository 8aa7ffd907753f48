//! Running the terminal UI against a live session: the terminal is taken over, the event
//! loop runs until the user quits or a signal arrives, the session signs out, and the
//! terminal is given back (also on a panic, by the hook [`terminal`] installs, and while
//! the user has suspended msntui with Ctrl+Z).

use std::future::poll_fn;
use std::io::{self, stdout};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{StreamExt, stream};
use nix::sys::signal::Signal;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::mpsc::error::TryRecvError;

use super::App;
use super::action::Action;
use super::attention::Attention;
use super::bridge::{Bridge, Incoming};
use super::event_loop;
use super::model::{Limits, Model};
use super::pictures::{PictureDecoder, choose_picker};
use super::terminal::{TerminalGuard, TerminalOptions};
use super::terminal_input;
use super::theme::Theme;
use crate::config;
use crate::session::{Event, Session, SessionConfig};

/// How long quitting waits for the server to take the sign-out.
const SIGN_OUT_WAIT: Duration = Duration::from_secs(3);

/// Why the UI stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Quit,
    /// The user quit after the session had ended by itself (a refused sign-in…).
    QuitAfterFailure(String),
    Terminated,
    HungUp,
}

/// Signs in with `session` and runs the UI until the user quits or a signal stops it.
pub async fn run(session: SessionConfig, ui: &config::Ui) -> io::Result<Stop> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hang_up = signal(SignalKind::hangup())?;
    let mut model = Model::new(session.email.clone(), Limits::default());
    model.panes.contacts_visible = ui.show_contact_list;
    // The zone of `TZ` or the system's, with its daylight-saving rules; UTC if unknown.
    model.time_zone = jiff::tz::TimeZone::system();
    Bridge::prepare(&mut model);
    let mut app = App::new(model, Theme::from_env(), Attention::new(ui.bell, true));
    app.set_auto_away(ui.auto_away());
    let (handle, mut events) = Session::spawn(session);
    let mut bridge = Bridge::new(handle.clone(), ui.show_protocol_pane);
    let mut guard = TerminalGuard::start(TerminalOptions {
        mouse_capture: ui.mouse,
    })?;
    let pictures_on = pictures_wanted(ui.show_pictures, std::env::var("MSNTUI_PICTURES").ok());
    app.model_mut().pictures.enabled = pictures_on;
    // The graphics query reads the terminal's answers: before the input thread does.
    let decoded = if pictures_on {
        let picker = tokio::task::spawn_blocking(choose_picker)
            .await
            .map_err(io::Error::other)?;
        let (decoder, decoded) = PictureDecoder::new(picker);
        bridge = bridge.with_pictures(decoder);
        Some(decoded)
    } else {
        None
    };
    let mut keys = terminal_input::spawn()?;
    let mut input = stream::poll_fn(|context| next_queued(&mut keys, context));
    let session_events = stream::poll_fn(|context| next_queued(&mut events, context));
    let decoded = stream::iter(decoded).flat_map(|mut receiver| {
        stream::poll_fn(move |context| next_queued(&mut receiver, context))
    });
    let mut incoming = stream::select(
        session_events.map(Incoming::Session),
        decoded.map(Incoming::Picture),
    );
    let mut out = stdout();
    // The session goes on while the process runs; a suspended process answers nothing,
    // and a server that gave up on it meanwhile is reconnected to on the resume.
    let mut continued = signal(SignalKind::from_raw(Signal::SIGCONT as i32))?;
    let ui_loop = async {
        loop {
            let ui = guard.terminal();
            let ran = event_loop::run(
                ui,
                &mut out,
                &mut app,
                &mut input,
                &mut incoming,
                &mut bridge,
            );
            tokio::select! {
                result = ran => {
                    result?;
                    if !app.take_suspend() {
                        return Ok::<(), io::Error>(());
                    }
                    guard.suspend()?;
                }
                // Stopped by someone else (`kill -TSTP`): the shell has written over the
                // screen and may have reset the terminal's modes.
                _ = continued.recv() => {
                    guard.retake()?;
                    app.update(Action::Redraw);
                }
            }
        }
    };
    let (stop, result) = tokio::select! {
        result = ui_loop => (Stop::Quit, result),
        _ = terminate.recv() => (Stop::Terminated, Ok(())),
        _ = hang_up.recv() => (Stop::HungUp, Ok(())),
    };
    let stop = match (stop, app.model().status.connection.failure()) {
        (Stop::Quit, Some(reason)) => Stop::QuitAfterFailure(reason.to_owned()),
        (stop, _) => stop,
    };
    let _ = handle.sign_out();
    let _ = tokio::time::timeout(SIGN_OUT_WAIT, drain(&mut events)).await;
    drop(guard);
    result.map(|()| stop)
}

/// `ui.show_pictures`, unless `MSNTUI_PICTURES` says `off` (or `on`) for this run.
fn pictures_wanted(configured: bool, environment: Option<String>) -> bool {
    match environment.as_deref().map(str::trim) {
        Some("off" | "0" | "false" | "no") => false,
        Some("on" | "1" | "true" | "yes") => true,
        _ => configured,
    }
}

/// The next event queued on `receiver`. What is already queued is taken with `try_recv`,
/// which tokio does not count against the task's budget, so the event loop can drain a
/// burst whole.
fn next_queued<T>(
    receiver: &mut UnboundedReceiver<T>,
    context: &mut Context<'_>,
) -> Poll<Option<T>> {
    match receiver.try_recv() {
        Ok(event) => Poll::Ready(Some(event)),
        Err(TryRecvError::Disconnected) => Poll::Ready(None),
        Err(TryRecvError::Empty) => receiver.poll_recv(context),
    }
}

/// Waits for the session to end, dropping what it still says.
async fn drain(events: &mut UnboundedReceiver<Event>) {
    while poll_fn(|context| events.poll_recv(context)).await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::pictures_wanted;

    #[test]
    fn the_environment_overrides_the_configured_pictures_switch() {
        assert!(pictures_wanted(true, None));
        assert!(!pictures_wanted(false, None));
        assert!(!pictures_wanted(true, Some("off".into())));
        assert!(pictures_wanted(false, Some("on".into())));
        assert!(pictures_wanted(true, Some("maybe".into())));
    }
}
