//! The transfers of one switchboard — files, and display pictures (`pictures.rs`): the
//! P2P state machines (`p2p::transfer`) fed with what arrives, answered through the
//! switchboard, with the files read and written here. Data goes out in packets that fill
//! the 1,664-byte MSG limit, each its own `MSG … D`, with at most `WINDOW` awaiting the
//! server's `ACK`: that bounds memory and lets the switchboard pace the sender.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;

use super::Happening;
use super::p2p::{ForTransfers, Stream};
use super::pictures::PictureReport;
use super::task::Switchboard;
use crate::p2p::transfer::{DataKind, FileTransfer, Outcome, Phase, Position, Role, safe_name};
use crate::p2p::{FileOffer, MsnObject, SlpMessage, StartLine, Version};
use crate::protocol::command::AckMode;
use crate::protocol::message::MAX_PAYLOAD_LEN;
use crate::protocol::types::Trid;
use crate::session::error::SessionError;
use crate::session::transfers::{Meter, PartFile, Source, TransferId, TransferIds, TransferState};

/// Data packets of one transfer awaiting the server's `ACK`. The server acknowledges a
/// packet once it is written to the receiver, so this also bounds what one transfer
/// keeps in the receiver's outbox on the server (256 lines there); 32 packets of at
/// most 1,664 bytes (53 KB) keep loopback busy where 8 left it waiting on ACKs.
const WINDOW: usize = 32;

/// Data packets of all the switchboard's transfers awaiting `ACK`, however many files
/// are under way: a quarter of the receiver's outbox on the server, past which the
/// server drops a slow receiver from the conversation, so chat lines and transfers the
/// other way keep room.
const SWITCHBOARD_WINDOW: usize = 2 * WINDOW;

/// What a switchboard reports about a file transfer.
#[derive(Debug)]
pub(crate) struct TransferReport {
    pub transfer: TransferId,
    pub peer: String,
    pub name: String,
    pub size: u64,
    pub incoming: bool,
    pub state: TransferState,
}

/// Where received data goes.
pub(super) enum Inbound {
    File(PartFile),
    /// A display picture, kept in memory (small and bounded) until it is verified.
    Picture {
        data: Vec<u8>,
        object: Box<MsnObject>,
    },
}

/// Where sent data comes from.
pub(super) enum Outbound {
    File(Source),
    /// Our display picture; `prepared` once its data preparation went out.
    Picture {
        data: Bytes,
        prepared: bool,
    },
}

pub(super) struct Entry {
    pub machine: FileTransfer,
    /// The P2P address packets go to.
    pub to: String,
    pub peer: String,
    pub version: Version,
    pub kind: DataKind,
    meter: Meter,
    pub inbound: Option<Inbound>,
    /// Sending: the data and its packet identifiers.
    pub outbound: Option<(Outbound, Stream)>,
    /// Data packets awaiting the server's `ACK`.
    unacknowledged: usize,
    asked_ack: bool,
    /// When the peer was last heard from, for a transfer that stalls.
    heard: Instant,
    /// Display pictures are not reported as transfers.
    pub quiet: bool,
}

impl Entry {
    pub fn new(machine: FileTransfer, to: String, peer: String, version: Version) -> Self {
        Self {
            machine,
            to,
            peer,
            version,
            kind: DataKind::FILE,
            meter: Meter::start(Instant::now()),
            inbound: None,
            outbound: None,
            unacknowledged: 0,
            asked_ack: false,
            heard: Instant::now(),
            quiet: false,
        }
    }
}

pub(super) struct Transfers {
    pub ids: TransferIds,
    download_dir: PathBuf,
    pub entries: BTreeMap<TransferId, Entry>,
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
            buffer: Vec::with_capacity(MAX_PAYLOAD_LEN),
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
    pub fn deadline(&self, stall: Duration) -> Option<Instant> {
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

fn final_state(outcome: &Outcome) -> TransferState {
    match outcome {
        Outcome::Done => TransferState::Done { path: None },
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
            ForTransfers::ObjectRequest {
                reply_to,
                version,
                invite,
                to_account,
            } => {
                self.object_requested(sender, reply_to, version, invite, to_account)
                    .await
            }
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
            ForTransfers::AnsweredElsewhere(message) => {
                self.answered_elsewhere(&message);
                Ok(())
            }
            ForTransfers::Data {
                session_id,
                at,
                payload,
                preparation,
            } => {
                let Some(id) = self.transfers.by_session(session_id) else {
                    tracing::debug!(session_id, "P2P data of no transfer");
                    return Ok(());
                };
                let for_picture =
                    self.transfers.entries.get(&id).is_some_and(|entry| {
                        matches!(entry.inbound, Some(Inbound::Picture { .. }))
                    });
                if preparation && for_picture {
                    return Ok(());
                }
                self.received(id, at, payload).await
            }
        }
    }

    /// Another place of our account accepted (200) or declined (603) a file all our
    /// places were offered: the offer here ends without a word to the sender.
    fn answered_elsewhere(&mut self, message: &SlpMessage) {
        let accepted = match message.start {
            StartLine::Response { code: 200, .. } => true,
            StartLine::Response { code: 603, .. } => false,
            _ => return,
        };
        let Some(id) = message
            .header("Call-ID")
            .and_then(|call| self.transfers.by_call(call))
        else {
            return;
        };
        let still_offered = self.transfers.entries.get(&id).is_some_and(|entry| {
            entry.machine.role() == Role::Receiving && *entry.machine.phase() == Phase::Offered
        });
        if !still_offered {
            return;
        }
        self.transfers.on_wire.retain(|_, transfer| *transfer != id);
        if let Some(entry) = self.transfers.entries.remove(&id) {
            self.tell(report(id, &entry, TransferState::Elsewhere { accepted }));
        }
    }

    /// The P2P version we start a session with `peer` in, and both MSNSLP addresses in
    /// it (ours, theirs): P2Pv2, which names endpoints (`email;{guid}`) as WLM 2009 does,
    /// when both of us are MSNP16+ clients announcing it; P2Pv1 otherwise.
    pub(super) fn p2p_addresses(&self, peer: &str) -> (Version, String, String) {
        let both_speak_p2pv2 = self.setup.version >= 16 && self.roster.speaks_p2pv2(peer);
        match (both_speak_p2pv2, &self.setup.endpoint) {
            (true, Some(guid)) => {
                let theirs = match self.roster.endpoint(peer) {
                    Some(their_guid) => format!("{peer};{their_guid}"),
                    None => peer.to_owned(),
                };
                (
                    Version::V2,
                    format!("{};{guid}", self.setup.account),
                    theirs,
                )
            }
            _ => (Version::V1, self.setup.account.clone(), peer.to_owned()),
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
                let entry = Entry::new(machine, reply_to, sender.to_owned(), version);
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
        let (source, size) = match Source::open(path, WINDOW * MAX_PAYLOAD_LEN).await {
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
        let (version, local, remote) = self.p2p_addresses(peer);
        let (machine, invite) = FileTransfer::offering(&local, &remote, &name, size);
        let mut entry = Entry::new(machine, remote.clone(), peer.to_owned(), version);
        entry.outbound = Some((Outbound::File(source), self.p2p.stream(&remote, version)));
        self.tell(report(id, &entry, TransferState::Offered));
        for packet in self.p2p.slp(&remote, version, &invite) {
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
            let buffer = WINDOW * MAX_PAYLOAD_LEN;
            match PartFile::create(&self.transfers.download_dir, buffer).await {
                Ok(part) => {
                    entry.inbound = Some(Inbound::File(part));
                    entry.heard = Instant::now();
                    entry.meter = Meter::start(Instant::now());
                    entry.machine.accept()
                }
                Err(error) => entry.machine.fail(error.to_string()),
            }
        } else {
            entry.machine.decline()
        };
        self.say(id, answer).await?;
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

    /// Sends an MSNSLP message of transfer `id`.
    pub(super) async fn say(
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
        at: Position,
        payload: Bytes,
    ) -> Result<(), SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(());
        };
        entry.heard = Instant::now();
        let written = match entry.machine.on_data(at, payload.len()) {
            Ok(complete) => match &mut entry.inbound {
                Some(Inbound::File(part)) => part
                    .write(&payload)
                    .await
                    .map(|()| complete)
                    .map_err(|error| error.to_string()),
                Some(Inbound::Picture { data, .. }) => {
                    data.extend_from_slice(&payload);
                    Ok(complete)
                }
                None => Err("data arrived before the transfer was accepted".to_owned()),
            },
            Err(error) => Err(error.to_string()),
        };
        let message = match written {
            Ok(false) => {
                let (transferred, size) = (entry.machine.transferred(), entry.machine.size);
                let progress = entry.meter.tick(Instant::now(), transferred, size);
                if let Some(progress) = progress.filter(|_| !entry.quiet) {
                    let happening = report(id, entry, TransferState::Progress(progress));
                    self.tell(happening);
                }
                return Ok(());
            }
            Ok(true) => match entry.inbound.take() {
                Some(Inbound::File(part)) => {
                    match part.finish(&entry.machine.name, entry.machine.size).await {
                        Ok(path) => {
                            let bye = entry.machine.saved();
                            self.say(id, bye).await?;
                            if let Some(entry) = self.transfers.entries.remove(&id) {
                                let done = TransferState::Done { path: Some(path) };
                                self.tell(report(id, &entry, done));
                            }
                            return Ok(());
                        }
                        Err(error) => entry.machine.fail(error.to_string()),
                    }
                }
                Some(Inbound::Picture { data, object }) => {
                    return self.picture_arrived(id, *object, data).await;
                }
                None => entry
                    .machine
                    .fail("nothing to write the data to".to_owned()),
            },
            Err(reason) => entry.machine.fail(reason),
        };
        self.say(id, message).await?;
        self.settle(id).await;
        Ok(())
    }

    /// Reports a transfer that is over and forgets it, removing a partial download.
    pub(super) async fn settle(&mut self, id: TransferId) {
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
        match entry.inbound.take() {
            Some(Inbound::File(part)) => part.discard().await,
            // A picture that ended before all of it came: said, so nobody waits for it.
            Some(Inbound::Picture { object, .. }) => {
                let reason = match entry.machine.phase() {
                    Phase::Over(Outcome::Failed(reason)) => reason.clone(),
                    Phase::Over(Outcome::Declined { .. }) => "declined".to_owned(),
                    _ => "cancelled".to_owned(),
                };
                self.tell(Happening::Picture(PictureReport {
                    email: entry.peer.clone(),
                    object: *object,
                    outcome: Err(reason),
                }));
            }
            None => {}
        }
        self.transfers.on_wire.retain(|_, transfer| *transfer != id);
        if let Phase::Over(outcome) = entry.machine.phase()
            && !entry.quiet
        {
            self.tell(report(id, &entry, final_state(outcome)));
        }
    }

    /// Sends data while the windows allow, as one burst of socket writes, the transfers
    /// taking turns.
    pub(super) async fn pump_files(&mut self) -> Result<(), SessionError> {
        let mut queued = false;
        // Transfers with nothing to send until something changes.
        let mut idle = Vec::new();
        loop {
            let waiting = self
                .transfers
                .entries
                .iter()
                .map(|(id, entry)| (*id, entry.unacknowledged));
            let Some(id) = next_to_send(waiting, &idle) else {
                break;
            };
            if self.send_one(id).await? {
                queued = true;
            } else {
                idle.push(id);
            }
        }
        if queued {
            self.flush().await?;
        }
        Ok(())
    }

    /// Sends the next packet of transfer `id`; false when there is nothing to send now.
    async fn send_one(&mut self, id: TransferId) -> Result<bool, SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(false);
        };
        let (to, version, kind) = (entry.to.clone(), entry.version, entry.kind);
        let session_id = entry.machine.session_id;
        let Some(capacity) = entry.outbound.as_ref().map(|(_, stream)| stream.capacity) else {
            return Ok(false);
        };
        let Some((offset, length)) = entry.machine.next_chunk(capacity) else {
            let all_sent = entry.machine.role() == Role::Sending
                && *entry.machine.phase() == Phase::Running
                && entry.machine.transferred() == entry.machine.size;
            if all_sent && version == Version::V2 && !entry.asked_ack {
                entry.asked_ack = true;
                let packet = self.p2p.request_ack(&to);
                self.send(AckMode::Data, packet).await?;
            }
            return Ok(false);
        };
        if length == 0 {
            let reason = "the addresses leave no room for data in a switchboard message";
            let bye = entry.machine.fail(reason.to_owned());
            self.say(id, bye).await?;
            self.settle(id).await;
            return Ok(false);
        }
        let chunk = match &mut entry.outbound {
            Some((Outbound::Picture { prepared, .. }, _)) if !*prepared => {
                *prepared = true;
                let packet = self
                    .p2p
                    .data_preparation(&to, version, session_id, kind.app_id);
                self.send(AckMode::Data, packet).await?;
                return Ok(true);
            }
            Some((Outbound::Picture { data, .. }, _)) => {
                let start = usize::try_from(offset)
                    .unwrap_or(usize::MAX)
                    .min(data.len());
                data.slice(start..(start + length).min(data.len()))
            }
            Some((Outbound::File(source), _)) => {
                let buffer = &mut self.transfers.buffer;
                match source.read(buffer, length).await {
                    Ok(()) => Bytes::copy_from_slice(buffer),
                    Err(error) => {
                        let bye = entry.machine.fail(error.to_string());
                        self.say(id, bye).await?;
                        self.settle(id).await;
                        return Ok(false);
                    }
                }
            }
            None => return Ok(false),
        };
        let Some((_, stream)) = &entry.outbound else {
            return Ok(false);
        };
        let size = entry.machine.size;
        let packet = self.p2p.data_chunk(
            &to,
            (version, kind),
            stream,
            session_id,
            (offset, size),
            chunk,
        );
        entry.machine.sent(length);
        entry.unacknowledged += 1;
        let transferred = entry.machine.transferred();
        let progress = entry.meter.tick(Instant::now(), transferred, size);
        let happening = progress
            .filter(|_| !entry.quiet)
            .map(|progress| report(id, entry, TransferState::Progress(progress)));
        let trid = self.queue(packet).await?;
        self.transfers.on_wire.insert(trid, id);
        if let Some(happening) = happening {
            self.tell(happening);
        }
        Ok(true)
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

    /// `email` left the switchboard: transfers with them cannot go on.
    pub(super) async fn peer_left(&mut self, email: &str) {
        let theirs: Vec<TransferId> = self
            .transfers
            .entries
            .iter()
            .filter(|(_, entry)| entry.peer.eq_ignore_ascii_case(email))
            .map(|(id, _)| *id)
            .collect();
        for id in theirs {
            if let Some(entry) = self.transfers.entries.get_mut(&id) {
                let _ = entry.machine.fail(format!("{email} left the conversation"));
            }
            self.settle(id).await;
        }
    }

    /// The switchboard closes: every transfer still on fails.
    pub(super) async fn give_up_files(&mut self, reason: &str) {
        let ids: Vec<TransferId> = self.transfers.entries.keys().copied().collect();
        for id in ids {
            if let Some(entry) = self.transfers.entries.get_mut(&id) {
                let _ = entry
                    .machine
                    .fail(format!("the conversation closed ({reason})"));
            }
            self.settle(id).await;
        }
    }
}

/// Of the transfers (`id`, data packets awaiting `ACK`) not `idle`, the one whose packet
/// goes next: the fewest awaiting among those under their own window, while the
/// switchboard's window has room.
fn next_to_send(
    waiting: impl Iterator<Item = (TransferId, usize)> + Clone,
    idle: &[TransferId],
) -> Option<TransferId> {
    let in_flight: usize = waiting.clone().map(|(_, awaiting)| awaiting).sum();
    if in_flight >= SWITCHBOARD_WINDOW {
        return None;
    }
    waiting
        .filter(|(id, awaiting)| *awaiting < WINDOW && !idle.contains(id))
        .min_by_key(|(_, awaiting)| *awaiting)
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends as `pump_files` does, every transfer not `idle` always having data.
    fn fill(awaiting: &mut [usize], idle: &[TransferId]) {
        let ids = |awaiting: &[usize]| {
            (0..awaiting.len() as u64)
                .map(TransferId)
                .zip(awaiting.to_vec())
                .collect::<Vec<_>>()
        };
        while let Some(TransferId(id)) = next_to_send(ids(awaiting).into_iter(), idle) {
            awaiting[id as usize] += 1;
        }
    }

    fn spread(awaiting: &[usize]) -> usize {
        awaiting.iter().max().unwrap_or(&0) - awaiting.iter().min().unwrap_or(&0)
    }

    #[test]
    fn one_transfer_fills_its_own_window() {
        let mut awaiting = [0];
        fill(&mut awaiting, &[]);
        assert_eq!(awaiting, [WINDOW]);
    }

    #[test]
    fn many_transfers_share_the_switchboards_window_in_turn() {
        let mut awaiting = [0; 12];
        fill(&mut awaiting, &[]);
        assert_eq!(awaiting.iter().sum::<usize>(), SWITCHBOARD_WINDOW);
        assert!(spread(&awaiting) <= 1, "{awaiting:?}");
        // Acknowledgements free room for as many packets, to those with fewest out.
        awaiting[0] -= 1;
        awaiting[7] -= 1;
        fill(&mut awaiting, &[]);
        assert_eq!(awaiting.iter().sum::<usize>(), SWITCHBOARD_WINDOW);
        assert!(spread(&awaiting) <= 1, "{awaiting:?}");
    }

    #[test]
    fn transfers_with_nothing_to_send_are_passed_over() {
        let mut awaiting = [0, 0, 0];
        fill(&mut awaiting, &[TransferId(1)]);
        assert_eq!(awaiting, [WINDOW, 0, WINDOW]);
    }
}
