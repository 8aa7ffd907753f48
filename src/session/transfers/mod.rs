//! File transfers as the session reports them: offers, progress and how each ended.
//! The P2P state machine is `p2p::transfer`; the switchboard task drives it, reading
//! and writing the files with the helpers here.

mod disk;
mod meter;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::chat::ConversationId;
use super::notice::file_size;

pub(crate) use disk::{PartFile, Source};
pub(crate) use meter::Meter;

/// One file transfer, for as long as the session runs: `/accept-file 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransferId(pub u64);

impl fmt::Display for TransferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transfer {}", self.0)
    }
}

/// Hands out transfer numbers to the conversation layer and its switchboards.
#[derive(Debug, Clone, Default)]
pub(crate) struct TransferIds(Arc<AtomicU64>);

impl TransferIds {
    pub fn next(&self) -> TransferId {
        TransferId(self.0.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// What happened to a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferEvent {
    pub conversation: ConversationId,
    pub transfer: TransferId,
    /// The contact on the other side, lower case.
    pub peer: String,
    /// The file's name, safe to show and to save under.
    pub name: String,
    pub size: u64,
    /// True when the contact sends the file to us.
    pub incoming: bool,
    pub state: TransferState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferState {
    /// Offered, waiting for an answer: ours (`/accept-file`) when incoming.
    Offered,
    Progress(Progress),
    /// Complete; `path` is where a received file was saved.
    Done {
        path: Option<PathBuf>,
    },
    Declined {
        by_peer: bool,
    },
    Cancelled {
        by_peer: bool,
    },
    Failed {
        reason: String,
    },
    /// An offer answered at another place of our account (MSNP16+: every place is shown
    /// it), so no longer for this one.
    Elsewhere {
        accepted: bool,
    },
}

impl TransferState {
    pub fn is_final(&self) -> bool {
        !matches!(self, TransferState::Offered | TransferState::Progress(_))
    }

    /// The chat-log status word.
    pub fn kind(&self) -> &'static str {
        match self {
            TransferState::Offered => "offered",
            TransferState::Progress(_) => "progress",
            TransferState::Done { .. } => "done",
            TransferState::Declined { .. } => "declined",
            TransferState::Cancelled { .. } => "cancelled",
            TransferState::Failed { .. } => "failed",
            TransferState::Elsewhere { .. } => "elsewhere",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub transferred: u64,
    /// Bytes per second since the transfer started.
    pub rate: u64,
    /// At that rate; `None` before anything moved.
    pub left: Option<Duration>,
}

impl TransferEvent {
    /// The line shown for it, `who` being the contact's name: what happened and, for an
    /// offer, the commands that answer it.
    pub fn describe(&self, who: &str) -> String {
        match self.state {
            TransferState::Offered => self.offer_line(who),
            _ => self.record(who),
        }
    }

    /// The offer's line as it reads once the transfer is where this event says: the
    /// offer and the commands that still apply to it, none once it has ended.
    pub fn offer_line(&self, who: &str) -> String {
        let offer = self.offer(who);
        let number = self.transfer.0;
        match (&self.state, self.incoming) {
            (TransferState::Offered, true) => {
                format!("{offer} — /accept-file {number} or /decline-file {number}")
            }
            (TransferState::Offered, false) | (TransferState::Progress(_), _) => {
                format!("{offer} — /cancel {number} to stop")
            }
            _ => offer,
        }
    }

    fn offer(&self, who: &str) -> String {
        let name = &self.name;
        let size = file_size(self.size);
        if self.incoming {
            format!("{who} offers the file “{name}” ({size})")
        } else {
            format!("offering “{name}” ({size}) to {who}")
        }
    }

    /// The line logged for it: what happened, without commands that will have no
    /// meaning when the log is read again.
    pub fn record(&self, who: &str) -> String {
        let name = &self.name;
        let size = file_size(self.size);
        match &self.state {
            TransferState::Offered => self.offer(who),
            TransferState::Progress(progress) => {
                let percent = percent(progress.transferred, self.size);
                let left = progress
                    .left
                    .map_or_else(|| "?".to_owned(), |left| format!("{}s", left.as_secs()));
                format!(
                    "“{name}”: {percent:.0}% of {size}, {}/s, {left} left",
                    file_size(progress.rate)
                )
            }
            TransferState::Done { path: Some(path) } => {
                format!("received “{name}” ({size}), saved as {}", path.display())
            }
            TransferState::Done { path: None } => format!("sent “{name}” ({size}) to {who}"),
            TransferState::Declined { by_peer: true } => {
                format!("{who} declined “{name}”")
            }
            TransferState::Declined { by_peer: false } => format!("you declined “{name}”"),
            TransferState::Cancelled { by_peer: true } => {
                format!("{who} cancelled the transfer of “{name}”")
            }
            TransferState::Cancelled { by_peer: false } => {
                format!("you cancelled the transfer of “{name}”")
            }
            TransferState::Failed { reason } => {
                format!("the transfer of “{name}” failed: {reason}")
            }
            TransferState::Elsewhere { accepted: true } => {
                format!("“{name}” was accepted at another place you are signed in at")
            }
            TransferState::Elsewhere { accepted: false } => {
                format!("“{name}” was declined at another place you are signed in at")
            }
        }
    }
}

fn percent(done: u64, size: u64) -> f64 {
    if size == 0 {
        100.0
    } else {
        done as f64 * 100.0 / size as f64
    }
}
