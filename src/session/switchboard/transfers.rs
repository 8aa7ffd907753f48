//! The file transfers of one switchboard: the P2P state machines (`p2p::transfer`) fed
//! with what arrives, answered through the switchboard, with the files read and written
//! here. Data goes out in packets of at most 1,202 bytes, each its own `MSG … D`, with
//! at most `WINDOW` awaiting the server's `ACK`: that bounds memory and lets the
//! switchboard pace the sender.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::time::Instant;

use super::Happening;
use super::p2p::{ForTransfers, Stream};
use super::task::Switchboard;
use crate::p2p::transfer::{FileTransfer, Outcome, Phase, Role, safe_name};
use crate::p2p::{FileOffer, MAX_PACKET_DATA, SlpMessage, Version};
use crate::protocol::command::AckMode;
use crate::protocol::types::Trid;
use crate::session::error::SessionError;
use crate::session::transfers::{Meter, PartFile, Source, TransferId, TransferIds, TransferState};

/// Data packets of one transfer awaiting the server's `ACK`.
const WINDOW: usize = 8;

/// What a switchboard reports about a transfer.
#[derive(Debug)]
pub(crate) struct TransferReport {
    pub transfer: TransferId,
    pub peer: String,
    pub name: String,
    pub size: u64,
    pub incoming: bool,
    pub state: TransferState,
}

struct Entry {
    machine: FileTransfer,
    /// The P2P address packets go to.
    to: String,
    peer: String,
    version: Version,
    meter: Meter,
    /// Receiving: the file being written, once accepted.
    part: Option<PartFile>,
    /// Sending: the file, its packet identifiers, and packets awaiting `ACK`.
    source: Option<(Source, Stream)>,
    unacknowledged: usize,
    asked_ack: bool,
    /// When the peer was last heard from, for a transfer that stalls.
    heard: Instant,
}

pub(super) struct Transfers {
    ids: TransferIds,
    download_dir: PathBuf,
    entries: BTreeMap<TransferId, Entry>,
    /// Data packets on the wire, by TrID.
    on_wire: HashMap<Trid, TransferId>,
    buffer: Vec<u8>,
}

impl Transfers {
    pub fn new(ids: TransferIds, download_dir: PathBuf) -> Self {
        Self {
            ids,
            download_dir,
            entries: BTreeMap::new(),
            on_wire: HashMap::new(),
            buffer: Vec::with_capacity(MAX_PACKET_DATA),
        }
    }

    fn by_call(&self, call_id: &str) -> Option<TransferId> {
        self.entries
            .iter()
            .find(|(_, entry)| entry.machine.call_id().eq_ignore_ascii_case(call_id))
            .map(|(id, _)| *id)
    }

    fn by_session(&self, session_id: u32) -> Option<TransferId> {
        self.entries
            .iter()
            .find(|(_, entry)| entry.machine.session_id == session_id && !entry.machine.is_over())
            .map(|(id, _)| *id)
    }

    /// The earliest moment a running transfer counts as stalled.
    pub fn deadline(&self, stall: std::time::Duration) -> Option<Instant> {
        self.entries
            .values()
            .filter(|entry| *entry.machine.phase() == Phase::Running)
            .map(|entry| entry.heard + stall)
            .min()
    }
}

fn report(id: TransferId, entry: &Entry, state: TransferState) -> Happening {
    Happening::Transfer(TransferReport {
        transfer: id,
        peer: entry.peer.clone(),
        name: safe_name(&entry.machine.name),
        size: entry.machine.size,
        incoming: entry.machine.role() == Role::Receiving,
        state,
    })
}

fn final_state(outcome: &Outcome, path: Option<PathBuf>) -> TransferState {
    match outcome {
        Outcome::Done => TransferState::Done { path },
        Outcome::Declined { by_peer } => TransferState::Declined { by_peer: *by_peer },
        Outcome::Cancelled { by_peer } => TransferState::Cancelled { by_peer: *by_peer },
        Outcome::Failed(reason) => TransferState::Failed {
            reason: reason.clone(),
        },
    }
}

impl Switchboard<'_> {
    /// Something P2P for the transfers.
    pub(super) async fn for_transfers(
        &mut self,
        sender: &str,
        input: ForTransfers,
    ) -> Result<(), SessionError> {
        match input {
            ForTransfers::Offer {
                reply_to,
                version,
                invite,
                offer,
            } => self.offered(sender, reply_to, version, invite, offer).await,
            ForTransfers::Slp(message) => {
                let Some(id) = message
                    .header("Call-ID")
                    .and_then(|call| self.transfers.by_call(call))
                else {
                    tracing::debug!(start = ?message.start, "MSNSLP message of no transfer");
                    return Ok(());
                };
                if let Some(entry) = self.transfers.entries.get_mut(&id) {
                    entry.heard = Instant::now();
                    let was_offered = *entry.machine.phase() == Phase::Offered;
                    entry.machine.on_slp(&message);
                    if was_offered && *entry.machine.phase() == Phase::Running {
                        entry.meter = Meter::start(Instant::now());
                    }
                }
                self.settle(id).await;
                Ok(())
            }
            ForTransfers::Data {
                session_id,
                at,
                payload,
            } => {
                let Some(id) = self.transfers.by_session(session_id) else {
                    tracing::debug!(session_id, "P2P data of no transfer");
                    return Ok(());
                };
                self.received(id, at, payload).await
            }
        }
    }

    async fn offered(
        &mut self,
        sender: &str,
        reply_to: String,
        version: Version,
        invite: SlpMessage,
        offer: FileOffer,
    ) -> Result<(), SessionError> {
        let id = self.transfers.ids.next();
        let name = safe_name(&offer.name);
        match FileTransfer::offered(invite.clone(), offer.name, offer.size) {
            Ok(machine) => {
                let entry = Entry {
                    machine,
                    to: reply_to,
                    peer: sender.to_owned(),
                    version,
                    meter: Meter::start(Instant::now()),
                    part: None,
                    source: None,
                    unacknowledged: 0,
                    asked_ack: false,
                    heard: Instant::now(),
                };
                self.tell(report(id, &entry, TransferState::Offered));
                self.transfers.entries.insert(id, entry);
            }
            Err(error) => {
                if let Ok(decline) = invite.decline() {
                    for packet in self.p2p.slp(&reply_to, version, &decline) {
                        self.send(AckMode::Data, packet).await?;
                    }
                }
                self.tell(Happening::Transfer(TransferReport {
                    transfer: id,
                    peer: sender.to_owned(),
                    name,
                    size: offer.size,
                    incoming: true,
                    state: TransferState::Failed {
                        reason: error.to_string(),
                    },
                }));
            }
        }
        Ok(())
    }

    /// Offers the file at `path` to `peer`.
    pub(super) async fn offer_file(
        &mut self,
        id: TransferId,
        path: &Path,
        peer: &str,
    ) -> Result<(), SessionError> {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (source, size) = match Source::open(path).await {
            Ok(opened) => opened,
            Err(error) => {
                self.tell(Happening::Transfer(TransferReport {
                    transfer: id,
                    peer: peer.to_owned(),
                    name: safe_name(&name),
                    size: 0,
                    incoming: false,
                    state: TransferState::Failed {
                        reason: error.to_string(),
                    },
                }));
                return Ok(());
            }
        };
        let version = match (self.setup.version >= 16, &self.setup.endpoint) {
            (true, Some(_)) => Version::V2,
            _ => Version::V1,
        };
        let local = match (version, &self.setup.endpoint) {
            (Version::V2, Some(guid)) => format!("{};{guid}", self.setup.account),
            _ => self.setup.account.clone(),
        };
        let (machine, invite) = FileTransfer::offering(&local, peer, &name, size);
        let stream = self.p2p.stream();
        let entry = Entry {
            machine,
            to: peer.to_owned(),
            peer: peer.to_owned(),
            version,
            meter: Meter::start(Instant::now()),
            part: None,
            source: Some((source, stream)),
            unacknowledged: 0,
            asked_ack: false,
            heard: Instant::now(),
        };
        self.tell(report(id, &entry, TransferState::Offered));
        for packet in self.p2p.slp(peer, version, &invite) {
            self.send(AckMode::Data, packet).await?;
        }
        self.transfers.entries.insert(id, entry);
        Ok(())
    }

    /// Our answer to an offer: accept (and open the file) or decline.
    pub(super) async fn answer_file(
        &mut self,
        id: TransferId,
        accept: bool,
    ) -> Result<(), SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(());
        };
        let answer = if accept {
            match PartFile::create(&self.transfers.download_dir, WINDOW * MAX_PACKET_DATA).await {
                Ok(part) => {
                    entry.part = Some(part);
                    entry.heard = Instant::now();
                    entry.meter = Meter::start(Instant::now());
                    entry.machine.accept()
                }
                Err(error) => entry.machine.fail(error.to_string()),
            }
        } else {
            entry.machine.decline()
        };
        let (to, version) = (entry.to.clone(), entry.version);
        if let Some(answer) = answer {
            for packet in self.p2p.slp(&to, version, &answer) {
                self.send(AckMode::Data, packet).await?;
            }
        }
        self.settle(id).await;
        Ok(())
    }

    /// Stops a transfer at the user's request.
    pub(super) async fn cancel_file(&mut self, id: TransferId) -> Result<(), SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(());
        };
        let message = entry.machine.cancel();
        self.say(id, message).await?;
        self.settle(id).await;
        Ok(())
    }

    async fn say(
        &mut self,
        id: TransferId,
        message: Option<SlpMessage>,
    ) -> Result<(), SessionError> {
        let (Some(message), Some(entry)) = (message, self.transfers.entries.get(&id)) else {
            return Ok(());
        };
        let (to, version) = (entry.to.clone(), entry.version);
        for packet in self.p2p.slp(&to, version, &message) {
            self.send(AckMode::Data, packet).await?;
        }
        Ok(())
    }

    async fn received(
        &mut self,
        id: TransferId,
        at: crate::p2p::transfer::Position,
        payload: Bytes,
    ) -> Result<(), SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(());
        };
        entry.heard = Instant::now();
        let written = match entry.machine.on_data(at, payload.len()) {
            Ok(complete) => match &mut entry.part {
                Some(part) => part
                    .write(&payload)
                    .await
                    .map(|()| complete)
                    .map_err(|error| error.to_string()),
                None => Err("data arrived before the transfer was accepted".to_owned()),
            },
            Err(error) => Err(error.to_string()),
        };
        let message = match written {
            Ok(false) => {
                let (transferred, size) = (entry.machine.transferred(), entry.machine.size);
                if let Some(progress) = entry.meter.tick(Instant::now(), transferred, size) {
                    let happening = report(id, entry, TransferState::Progress(progress));
                    self.tell(happening);
                }
                return Ok(());
            }
            Ok(true) => {
                let part = entry.part.take();
                let saved = match part {
                    Some(part) => part.finish(&entry.machine.name, entry.machine.size).await,
                    None => Err(crate::session::transfers::DiskError::NoFreeName(
                        entry.machine.name.clone(),
                    )),
                };
                match saved {
                    Ok(path) => {
                        let bye = entry.machine.saved();
                        self.say(id, bye).await?;
                        if let Some(entry) = self.transfers.entries.remove(&id) {
                            self.tell(report(id, &entry, TransferState::Done { path: Some(path) }));
                        }
                        return Ok(());
                    }
                    Err(error) => entry.machine.fail(error.to_string()),
                }
            }
            Err(reason) => entry.machine.fail(reason),
        };
        self.say(id, message).await?;
        self.settle(id).await;
        Ok(())
    }

    /// Reports a transfer that is over and forgets it, removing a partial download.
    async fn settle(&mut self, id: TransferId) {
        let over = self
            .transfers
            .entries
            .get(&id)
            .is_some_and(|entry| entry.machine.is_over());
        if !over {
            return;
        }
        let Some(mut entry) = self.transfers.entries.remove(&id) else {
            return;
        };
        if let Some(part) = entry.part.take() {
            part.discard().await;
        }
        self.transfers.on_wire.retain(|_, transfer| *transfer != id);
        if let Phase::Over(outcome) = entry.machine.phase() {
            let state = final_state(outcome, None);
            self.tell(report(id, &entry, state));
        }
    }

    /// Sends file data while the window allows.
    pub(super) async fn pump_files(&mut self) -> Result<(), SessionError> {
        let ids: Vec<TransferId> = self.transfers.entries.keys().copied().collect();
        for id in ids {
            loop {
                let Some(entry) = self.transfers.entries.get_mut(&id) else {
                    break;
                };
                if entry.unacknowledged >= WINDOW {
                    break;
                }
                let Some((offset, length)) = entry.machine.next_chunk(MAX_PACKET_DATA) else {
                    let all_sent = entry.machine.role() == Role::Sending
                        && *entry.machine.phase() == Phase::Running
                        && entry.machine.transferred() == entry.machine.size;
                    if all_sent && entry.version == Version::V2 && !entry.asked_ack {
                        entry.asked_ack = true;
                        let packet = self.p2p.request_ack(&entry.to.clone());
                        self.send(AckMode::Data, packet).await?;
                    }
                    break;
                };
                let Some((source, _)) = &mut entry.source else {
                    break;
                };
                let buffer = &mut self.transfers.buffer;
                if let Err(error) = source.read(buffer, length).await {
                    let bye = entry.machine.fail(error.to_string());
                    self.say(id, bye).await?;
                    self.settle(id).await;
                    break;
                }
                let chunk = Bytes::copy_from_slice(buffer);
                let (to, version, size) = (entry.to.clone(), entry.version, entry.machine.size);
                let session_id = entry.machine.session_id;
                let Some((_, stream)) = &entry.source else {
                    break;
                };
                let packet =
                    self.p2p
                        .file_chunk(&to, version, stream, session_id, (offset, size), chunk);
                entry.machine.sent(length);
                entry.unacknowledged += 1;
                let transferred = entry.machine.transferred();
                let progress = entry.meter.tick(Instant::now(), transferred, size);
                let happening = progress.map(|p| report(id, entry, TransferState::Progress(p)));
                let trid = self.send(AckMode::Data, packet).await?;
                self.transfers.on_wire.insert(trid, id);
                if let Some(happening) = happening {
                    self.tell(happening);
                }
            }
        }
        Ok(())
    }

    /// The server's `ACK` of a data packet; false when `trid` was not one.
    pub(super) fn file_data_acknowledged(&mut self, trid: Trid) -> bool {
        let Some(id) = self.transfers.on_wire.remove(&trid) else {
            return false;
        };
        if let Some(entry) = self.transfers.entries.get_mut(&id) {
            entry.unacknowledged = entry.unacknowledged.saturating_sub(1);
            entry.heard = Instant::now();
        }
        true
    }

    /// The server refused a data packet: the transfer fails.
    pub(super) async fn file_data_refused(&mut self, trid: Trid) -> Result<bool, SessionError> {
        let Some(id) = self.transfers.on_wire.remove(&trid) else {
            return Ok(false);
        };
        if let Some(entry) = self.transfers.entries.get_mut(&id) {
            let bye = entry
                .machine
                .fail("the switchboard refused a piece of the file".to_owned());
            self.say(id, bye).await?;
            self.settle(id).await;
        }
        Ok(true)
    }

    /// Fails the transfers that stalled.
    pub(super) async fn expire_files(&mut self, now: Instant) -> Result<(), SessionError> {
        let stall = self.setup.timing.reply_timeout;
        let stalled: Vec<TransferId> = self
            .transfers
            .entries
            .iter()
            .filter(|(_, entry)| *entry.machine.phase() == Phase::Running)
            .filter(|(_, entry)| entry.heard + stall <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in stalled {
            if let Some(entry) = self.transfers.entries.get_mut(&id) {
                let reason = match entry.machine.role() {
                    Role::Receiving => "the sender stopped halfway",
                    Role::Sending => "the receiver stopped answering",
                };
                let bye = entry.machine.fail(reason.to_owned());
                self.say(id, bye).await?;
                self.settle(id).await;
            }
        }
        Ok(())
    }

    /// The switchboard closes: every transfer still on fails.
    pub(super) async fn give_up_files(&mut self, reason: &str) {
        let ids: Vec<TransferId> = self.transfers.entries.keys().copied().collect();
        for id in ids {
            if let Some(entry) = self.transfers.entries.get_mut(&id) {
                entry
                    .machine
                    .fail(format!("the conversation closed ({reason})"));
            }
            self.settle(id).await;
        }
    }
}
