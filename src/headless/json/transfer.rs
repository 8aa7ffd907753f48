//! The JSON lines of file transfers: `file_offer`, `file_progress`, then one of
//! `file_done`, `file_declined`, `file_cancelled`, `file_failed`, `file_elsewhere`.

use serde::Serialize;

use crate::session::{TransferEvent, TransferState};

#[derive(Serialize)]
struct TransferJson<'a> {
    event: &'static str,
    conversation: u64,
    transfer: u64,
    peer: &'a str,
    name: &'a str,
    size: u64,
    incoming: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    transferred: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds_left: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_peer: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<bool>,
}

pub fn line(transfer: &TransferEvent) -> Option<String> {
    let mut json = TransferJson {
        event: "file_offer",
        conversation: transfer.conversation.0,
        transfer: transfer.transfer.0,
        peer: &transfer.peer,
        name: &transfer.name,
        size: transfer.size,
        incoming: transfer.incoming,
        transferred: None,
        rate: None,
        seconds_left: None,
        path: None,
        by_peer: None,
        reason: None,
        accepted: None,
    };
    match &transfer.state {
        TransferState::Offered => {}
        TransferState::Progress(progress) => {
            json.event = "file_progress";
            json.transferred = Some(progress.transferred);
            json.rate = Some(progress.rate);
            json.seconds_left = progress.left.map(|left| left.as_secs());
        }
        TransferState::Done { path } => {
            json.event = "file_done";
            json.transferred = Some(transfer.size);
            json.path = path.as_ref().map(|path| path.display().to_string());
        }
        TransferState::Declined { by_peer } => {
            json.event = "file_declined";
            json.by_peer = Some(*by_peer);
        }
        TransferState::Cancelled { by_peer } => {
            json.event = "file_cancelled";
            json.by_peer = Some(*by_peer);
        }
        TransferState::Failed { reason } => {
            json.event = "file_failed";
            json.reason = Some(reason);
        }
        TransferState::Elsewhere { accepted } => {
            json.event = "file_elsewhere";
            json.accepted = Some(*accepted);
        }
    }
    serde_json::to_string(&json).ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::session::{ConversationId, Progress, TransferId};

    #[test]
    fn offers_progress_and_endings_are_one_line_each() {
        let mut event = TransferEvent {
            conversation: ConversationId(1),
            transfer: TransferId(2),
            peer: "bob@example.com".into(),
            name: "a.txt".into(),
            size: 10,
            incoming: true,
            state: TransferState::Offered,
        };
        assert_eq!(
            line(&event).unwrap(),
            r#"{"event":"file_offer","conversation":1,"transfer":2,"peer":"bob@example.com","name":"a.txt","size":10,"incoming":true}"#
        );
        event.state = TransferState::Progress(Progress {
            transferred: 5,
            rate: 5,
            left: Some(Duration::from_secs(1)),
        });
        assert!(
            line(&event)
                .unwrap()
                .contains(r#""event":"file_progress","#)
        );
        event.state = TransferState::Failed {
            reason: "the sender stopped halfway".into(),
        };
        assert!(
            line(&event)
                .unwrap()
                .ends_with(r#""reason":"the sender stopped halfway"}"#)
        );
    }
}
