//! Offline messages on the server side, shared by `oim.asmx`, `UUM`, `rsi.asmx` and the
//! NS: storing one and announcing it, the list a recipient is told about, the text
//! `GetMessage` rebuilds, and the notice after a delete.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::protocol::message::MailDataKind;
use crate::protocol::offline::{OfflineSummary, mail_dates};
use crate::server::directory::{StoreError, StoredOffline};
use crate::server::hub::Push;
use crate::server::ns::documents;
use crate::server::{Shared, lock};

/// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
const FILETIME_EPOCH_OFFSET: u64 = 11_644_473_600;

/// Notifications about offline messages go to MSNP11+ sessions that have sent CHG.
const FIRST_NOTIFIED_VERSION: u8 = 11;

/// Keeps `message` for `recipient` and tells their signed-in sessions about it.
pub fn deliver(shared: &Shared, recipient: &str, message: StoredOffline) -> Result<(), StoreError> {
    let summary = summary(&message, recipient);
    lock(&shared.store).update(|directory| {
        directory.store_offline(recipient, message);
        Ok::<_, StoreError>(())
    })?;
    notify(
        shared,
        recipient,
        &documents::mail_data(MailDataKind::OfflineMessages, &[summary]),
    );
    Ok(())
}

/// Tells `recipient`'s sessions that `count` of their offline messages were deleted.
pub fn deleted(shared: &Shared, recipient: &str, count: usize) {
    notify(shared, recipient, &documents::offline_deleted(count));
}

fn notify(shared: &Shared, recipient: &str, command: &crate::protocol::ServerCommand) {
    let mut hub = lock(&shared.hub);
    let sessions: Vec<u64> = hub
        .sessions_of(recipient)
        .filter(|(_, info)| info.version >= FIRST_NOTIFIED_VERSION && info.presence.is_some())
        .map(|(id, _)| id)
        .collect();
    for session in sessions {
        hub.push(session, Push::send(command.clone()));
    }
}

/// What `recipient` is told is waiting, oldest first.
pub fn summaries(shared: &Shared, recipient: &str) -> Vec<OfflineSummary> {
    lock(&shared.store)
        .directory()
        .offline_for(recipient)
        .iter()
        .map(|message| summary(message, recipient))
        .collect()
}

fn summary(message: &StoredOffline, recipient: &str) -> OfflineSummary {
    OfflineSummary {
        id: message.id.clone(),
        sender: message.sender.clone(),
        sender_name: message.sender_name.clone(),
        received: Some(time_of(message)),
        size: u32::try_from(stored_text(message, recipient).len()).ok(),
    }
}

fn time_of(message: &StoredOffline) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(message.received)
}

/// The message `GetMessage` returns, rebuilt the way Escargot rebuilds it: fixed relay
/// headers, the sender, the client's own MIME headers, the dates, then the body.
pub fn stored_text(message: &StoredOffline, recipient: &str) -> String {
    let dates = mail_dates(time_of(message));
    let filetime = (message.received + FILETIME_EPOCH_OFFSET) * 10_000_000;
    format!(
        "X-Message-Info: cwRBnLifKNE8dVZlNj6AiX8142B67OTjG9BFMLMyzuui1H4Xx7m3NQ==\r\n\
         Received: from OIM-SSI02.phx.gbl ([65.54.237.206]) by oim1-f1.hotmail.com with Microsoft SMTPSVC(6.0.3790.211);\r\n\
         \t {weekday}, {pacific}\r\n\
         Received: from mail pickup service by OIM-SSI02.phx.gbl with Microsoft SMTPSVC;\r\n\
         \t {weekday}, {pacific}\r\n\
         From: =?utf-8?B?{name}?= <{sender}>\r\n\
         To: {recipient}\r\n\
         Subject: \r\n\
         X-OIM-originatingSource: {origin}\r\n\
         X-OIMProxy: MSNMSGR\r\n\
         {headers}\r\n\
         Message-ID: <OIM-SSI02zDv60gxapz00061a8b@OIM-SSI02.phx.gbl>\r\n\
         X-OriginalArrivalTime: {arrival} (UTC) FILETIME=[{low:08X}:{high:08X}]\r\n\
         Date: {pacific}\r\n\
         Return-Path: ndr@oim.messenger.msn.com\r\n\
         \r\n\
         {body}",
        weekday = dates.pacific_weekday,
        pacific = dates.pacific,
        arrival = dates.arrival,
        name = BASE64.encode(message.sender_name.as_bytes()),
        sender = message.sender,
        origin = message.origin,
        headers = message.headers,
        low = filetime & 0xFFFF_FFFF,
        high = filetime >> 32,
        body = message.body,
    )
}
