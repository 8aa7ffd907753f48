//! Standard input, line by line, read on a thread of its own.
//!
//! Tokio's `stdin()` reads on its blocking pool, and the runtime waits for that read at
//! shutdown: after `/quit` the process would stay until the driving program closed the
//! pipe. A detached thread ends with the process instead.

use std::io::BufRead;

use tokio::sync::mpsc;

/// Lines not yet taken by the session; reading pauses while this many wait.
const QUEUE: usize = 64;

/// Lines of standard input (each with its line end), or the error that ended it; the
/// channel closes at the end of input.
pub fn lines() -> mpsc::Receiver<std::io::Result<Vec<u8>>> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(_) => {
                    if sender.blocking_send(Ok(line)).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    let _ = sender.blocking_send(Err(error));
                    return;
                }
            }
        }
    });
    receiver
}
