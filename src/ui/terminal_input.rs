//! The terminal's input, read on a thread of its own.
//!
//! Not crossterm's `EventStream`. Its tty source with `use-dev-tty` is the one that reads a
//! paste of more than 1 KB whole (level-triggered `poll`), but there the stream's
//! non-blocking poll never returns the events already read and parsed: each key of a paste
//! came through the stream's wake-up thread one at a time, and the UI drew a frame between
//! them. Here a blocking `read` queues every event as soon as it is parsed, so the event
//! loop finds a typed burst whole and draws it once.

use std::io;
use std::thread;

use crossterm::event::Event;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// Starts reading the terminal. The thread ends after the first event once the receiver
/// is gone, or after the first read error, which it passes on.
pub fn spawn() -> io::Result<UnboundedReceiver<io::Result<Event>>> {
    let (sender, receiver) = unbounded_channel();
    thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            loop {
                let event = crossterm::event::read();
                let failed = event.is_err();
                if sender.send(event).is_err() || failed {
                    break;
                }
            }
        })?;
    Ok(receiver)
}
