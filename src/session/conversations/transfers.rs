//! File transfers in the conversation layer: `/send` waits like a message for a
//! switchboard with the contact in it; answers and cancels go to the switchboard that
//! carries the transfer; what the switchboards report is passed on as
//! `Event::Transfer` and written to the chat log when it is an offer or an ending.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::SystemTime;

use super::Manager;
use crate::chatlog::{Direction, LogEntry};
use crate::p2p::transfer::safe_name;
use crate::session::chat::{ChatTarget, ConversationId};
use crate::session::events::Event;
use crate::session::notice::TRANSFER_STATUS;
use crate::session::switchboard::{Command, SwitchboardId, TransferReport};
use crate::session::transfers::{TransferEvent, TransferId, TransferState};

/// A file to offer once the conversation has a switchboard.
pub(super) struct PendingFile {
    pub transfer: TransferId,
    pub path: PathBuf,
    pub to: String,
}

/// A transfer the layer knows of, until it ends.
pub(super) struct Known {
    conversation: ConversationId,
    /// `None` while it waits for a switchboard.
    switchboard: Option<SwitchboardId>,
    incoming: bool,
    offered: bool,
}

/// What a transfer request is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Accept,
    Decline,
}

impl Manager {
    /// `/send PATH [EMAIL]`: offers the file in `to`, else in the conversation last
    /// used, to its one contact.
    pub(super) fn send_file(&mut self, to: Option<ChatTarget>, path: PathBuf) {
        let what = format!("send {}", path.display());
        let id = match &to {
            Some(to) => self.target(to, &what),
            None if self.last_used.is_some() => self.last_used,
            None => {
                self.error(&format!("cannot {what}: write to someone first"));
                None
            }
        };
        let Some(id) = id else {
            return;
        };
        let members = self
            .conversations
            .get(&id)
            .map(|conversation| conversation.members.clone())
            .unwrap_or_default();
        let peer = match (&to, members.len()) {
            (Some(ChatTarget::Contact(email)), _) => email.to_ascii_lowercase(),
            (_, 1) => members.iter().next().cloned().unwrap_or_default(),
            _ => {
                self.error(&format!(
                    "cannot {what}: name who gets it: /send PATH EMAIL"
                ));
                return;
            }
        };
        let transfer = self.transfer_ids.next();
        self.transfers.insert(
            transfer,
            Known {
                conversation: id,
                switchboard: None,
                incoming: false,
                offered: false,
            },
        );
        if let Some(conversation) = self.conversations.get_mut(&id) {
            conversation.files.push_back(PendingFile {
                transfer,
                path,
                to: peer,
            });
        }
        self.last_used = Some(id);
        self.pump(id);
    }

    /// Hands a pending file to a switchboard.
    pub(super) fn file_command(&mut self, link: SwitchboardId, file: &PendingFile) -> Command {
        if let Some(known) = self.transfers.get_mut(&file.transfer) {
            known.switchboard = Some(link);
        }
        Command::SendFile {
            transfer: file.transfer,
            path: file.path.clone(),
            to: file.to.clone(),
        }
    }

    /// Files still waiting for a switchboard that will not come.
    pub(super) fn fail_files(&mut self, id: ConversationId, reason: &str) {
        let Some(conversation) = self.conversations.get_mut(&id) else {
            return;
        };
        let files: Vec<PendingFile> = conversation.files.drain(..).collect();
        for file in files {
            let name = file
                .path
                .file_name()
                .map(|name| safe_name(&name.to_string_lossy()))
                .unwrap_or_default();
            self.transfer_event(TransferEvent {
                conversation: id,
                transfer: file.transfer,
                peer: file.to,
                name,
                size: 0,
                incoming: false,
                state: TransferState::Failed {
                    reason: reason.to_owned(),
                },
            });
        }
    }

    pub(super) fn accept_file(&mut self, transfer: Option<TransferId>) {
        self.answer(transfer, Answer::Accept);
    }

    pub(super) fn decline_file(&mut self, transfer: Option<TransferId>) {
        self.answer(transfer, Answer::Decline);
    }

    fn answer(&mut self, transfer: Option<TransferId>, answer: Answer) {
        let what = match answer {
            Answer::Accept => "accept a file",
            Answer::Decline => "decline a file",
        };
        let waiting = |known: &Known| known.incoming && known.offered;
        let Some((id, link)) = self.find_transfer(transfer, waiting, what) else {
            return;
        };
        if let Some(known) = self.transfers.get_mut(&id) {
            known.offered = false;
        }
        let accept = answer == Answer::Accept;
        if let Some(link) = self.links.get_mut(&link) {
            link.command(Command::AnswerFile {
                transfer: id,
                accept,
            });
        }
    }

    pub(super) fn cancel_file(&mut self, transfer: Option<TransferId>) {
        let pending = transfer.or_else(|| self.transfers.keys().next_back().copied());
        if let Some(id) = pending
            && let Some(known) = self.transfers.get(&id)
            && known.switchboard.is_none()
        {
            let conversation = known.conversation;
            let file = self.conversations.get_mut(&conversation).and_then(|c| {
                let at = c.files.iter().position(|file| file.transfer == id)?;
                c.files.remove(at)
            });
            if let Some(file) = file {
                let name = file
                    .path
                    .file_name()
                    .map(|name| safe_name(&name.to_string_lossy()))
                    .unwrap_or_default();
                self.transfer_event(TransferEvent {
                    conversation,
                    transfer: id,
                    peer: file.to,
                    name,
                    size: 0,
                    incoming: false,
                    state: TransferState::Cancelled { by_peer: false },
                });
                return;
            }
        }
        let Some((id, link)) = self.find_transfer(transfer, |_| true, "cancel a transfer") else {
            return;
        };
        if let Some(link) = self.links.get_mut(&link) {
            link.command(Command::CancelFile(id));
        }
    }

    /// The transfer asked for (else the newest that `fits`) and its switchboard.
    fn find_transfer(
        &self,
        transfer: Option<TransferId>,
        fits: impl Fn(&Known) -> bool,
        what: &str,
    ) -> Option<(TransferId, SwitchboardId)> {
        let found = match transfer {
            Some(id) => self
                .transfers
                .get(&id)
                .filter(|known| fits(known))
                .map(|known| (id, known)),
            None => self
                .transfers
                .iter()
                .rev()
                .find(|(_, known)| fits(known) && known.switchboard.is_some())
                .map(|(id, known)| (*id, known)),
        };
        match found.and_then(|(id, known)| Some((id, known.switchboard?))) {
            Some(found) => Some(found),
            None => {
                let why = match transfer {
                    Some(id) => format!("{id} is not waiting for that"),
                    None => "no transfer is waiting for that".to_owned(),
                };
                self.error(&format!("cannot {what}: {why}"));
                None
            }
        }
    }

    /// A switchboard's news of a transfer.
    pub(super) fn transfer_report(
        &mut self,
        link: SwitchboardId,
        conversation: ConversationId,
        report: TransferReport,
    ) {
        let known = self.transfers.entry(report.transfer).or_insert(Known {
            conversation,
            switchboard: Some(link),
            incoming: report.incoming,
            offered: false,
        });
        known.switchboard = Some(link);
        known.offered = report.state == TransferState::Offered;
        let conversation = known.conversation;
        let id = self.conversation_for(conversation, &report.peer);
        self.transfer_event(TransferEvent {
            conversation: id,
            transfer: report.transfer,
            peer: report.peer,
            name: report.name,
            size: report.size,
            incoming: report.incoming,
            state: report.state,
        });
    }

    fn transfer_event(&mut self, event: TransferEvent) {
        let transfer = event.transfer;
        if event.state.is_final() {
            self.transfers.remove(&transfer);
        }
        if !matches!(event.state, TransferState::Progress(_)) {
            self.log_transfer(&event);
        }
        self.emit(Event::Transfer(event));
    }

    /// One chat-log line: the state as its status, the description as its text.
    fn log_transfer(&self, event: &TransferEvent) {
        let mut contacts: BTreeSet<String> = self
            .conversations
            .get(&event.conversation)
            .map(|conversation| conversation.members.clone())
            .unwrap_or_default();
        contacts.insert(event.peer.clone());
        let (direction, sender) = if event.incoming {
            (Direction::Received, event.peer.clone())
        } else {
            (Direction::Sent, self.account.clone())
        };
        let entry = LogEntry {
            time: SystemTime::now(),
            direction,
            sender,
            status: Some(format!("{TRANSFER_STATUS}{}", event.state.kind())),
            text: event.record(&event.peer),
        };
        self.append(contacts, &entry);
    }
}
