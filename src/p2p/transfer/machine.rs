//! One transfer as a state machine: offered, running, then over with an outcome. A file
//! is sent by the side that invites; an MSNObject (display picture) by the side invited.
//! It answers and ends the MSNSLP session and checks every received chunk against the
//! size offered, so that nothing past the end, out of order or overflowing is ever
//! written (libpurple CVE-2008-2927, CVE-2009-1376, CVE-2009-2694).

use super::error::TransferError;
use super::session;
use crate::p2p::{MsnObject, P2pError, SlpMessage, StartLine};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Receiving,
    Sending,
}

/// Where a received chunk says it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// P2Pv1: the chunk's offset and the total size of the message.
    V1 { offset: u64, total: u64 },
    /// P2Pv2: the bytes of the file still to come after this chunk (none on the last).
    V2 { remaining: Option<u64> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Declined { by_peer: bool },
    Cancelled { by_peer: bool },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for an answer: ours when receiving, the peer's when sending.
    Offered,
    Running,
    Over(Outcome),
}

#[derive(Debug, Clone)]
pub struct FileTransfer {
    role: Role,
    /// True when we sent the INVITE.
    invited_by_us: bool,
    /// The name as offered: to show (sanitized), never a path.
    pub name: String,
    pub size: u64,
    pub session_id: u32,
    call_id: String,
    /// Our and the peer's MSNSLP addresses.
    local: String,
    remote: String,
    /// When receiving: the INVITE our answer is built from.
    invite: Option<SlpMessage>,
    phase: Phase,
    /// Bytes received, or sent.
    done: u64,
}

impl FileTransfer {
    /// A file offered to us by `invite`; fails when the INVITE lacks what the answer
    /// needs (CVE-2009-3083, CVE-2010-0277 were crashes on such messages).
    pub fn offered(invite: SlpMessage, name: String, size: u64) -> Result<Self, TransferError> {
        let bad = TransferError::BadInvite;
        invite.decline().map_err(bad)?;
        let session_id = invite
            .body
            .get("SessionID")
            .ok_or(bad(P2pError::MissingField("SessionID")))?;
        let session_id = session_id.trim().parse().map_err(|_| {
            bad(P2pError::InvalidField {
                field: "SessionID",
                value: session_id.chars().take(20).collect(),
            })
        })?;
        let address = |field| {
            let value = invite.header(field).unwrap_or_default();
            value
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim_start_matches("msnmsgr:")
                .to_owned()
        };
        Ok(Self {
            role: Role::Receiving,
            invited_by_us: false,
            name,
            size,
            session_id,
            call_id: invite.header("Call-ID").unwrap_or_default().to_owned(),
            local: address("To"),
            remote: address("From"),
            invite: Some(invite),
            phase: Phase::Offered,
            done: 0,
        })
    }

    /// Offers `name` of `size` bytes from `local` to `remote`; the INVITE to send.
    pub fn offering(local: &str, remote: &str, name: &str, size: u64) -> (Self, SlpMessage) {
        let invite = session::invite(local, remote, &super::file_context(name, size));
        let transfer = Self {
            role: Role::Sending,
            invited_by_us: true,
            name: name.to_owned(),
            size,
            session_id: invite.session_id,
            call_id: invite.call_id,
            local: local.to_owned(),
            remote: remote.to_owned(),
            invite: None,
            phase: Phase::Offered,
            done: 0,
        };
        (transfer, invite.message)
    }

    /// A request for our MSNObject of `size` bytes (`invite` asks for it): we send the
    /// data once `accept` has answered.
    pub fn object_requested(invite: SlpMessage, size: u64) -> Result<Self, TransferError> {
        let mut transfer = Self::offered(invite, String::new(), size)?;
        transfer.role = Role::Sending;
        Ok(transfer)
    }

    /// Asks `remote` for `object`; the INVITE to send.
    pub fn requesting_object(
        local: &str,
        remote: &str,
        object: &MsnObject,
        app_id: u32,
    ) -> (Self, SlpMessage) {
        let invite = session::object_invite(local, remote, object, app_id);
        let transfer = Self {
            role: Role::Receiving,
            invited_by_us: true,
            name: object.cache_name(),
            size: object.size,
            session_id: invite.session_id,
            call_id: invite.call_id,
            local: local.to_owned(),
            remote: remote.to_owned(),
            invite: None,
            phase: Phase::Offered,
            done: 0,
        };
        (transfer, invite.message)
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// Bytes received or sent so far.
    pub fn transferred(&self) -> u64 {
        self.done
    }

    pub fn is_over(&self) -> bool {
        matches!(self.phase, Phase::Over(_))
    }

    fn awaiting_us(&self) -> bool {
        !self.invited_by_us && self.phase == Phase::Offered
    }

    /// Our `200 OK` to an offer waiting for us.
    pub fn accept(&mut self) -> Option<SlpMessage> {
        if !self.awaiting_us() {
            return None;
        }
        let mut ok = self.invite.as_ref()?.decline().ok()?;
        ok.start = StartLine::Response {
            code: 200,
            reason: "OK".to_owned(),
        };
        self.phase = Phase::Running;
        Some(ok)
    }

    /// Our `603 Decline` to an offer waiting for us.
    pub fn decline(&mut self) -> Option<SlpMessage> {
        if !self.awaiting_us() {
            return None;
        }
        self.phase = Phase::Over(Outcome::Declined { by_peer: false });
        self.invite.as_ref()?.decline().ok()
    }

    /// Stops the transfer at our request: a decline before it runs on our side, a BYE
    /// otherwise.
    pub fn cancel(&mut self) -> Option<SlpMessage> {
        if self.awaiting_us() {
            let decline = self.invite.as_ref()?.decline().ok();
            self.phase = Phase::Over(Outcome::Cancelled { by_peer: false });
            return decline;
        }
        self.end(Outcome::Cancelled { by_peer: false })
    }

    /// Ends with `reason`; what tells the peer: a decline for an offer still waiting
    /// for us, else a BYE if the session was still on.
    pub fn fail(&mut self, reason: String) -> Option<SlpMessage> {
        if self.awaiting_us() {
            self.phase = Phase::Over(Outcome::Failed(reason));
            return self.invite.as_ref()?.decline().ok();
        }
        self.end(Outcome::Failed(reason))
    }

    fn end(&mut self, outcome: Outcome) -> Option<SlpMessage> {
        if self.is_over() {
            return None;
        }
        self.phase = Phase::Over(outcome);
        Some(self.bye())
    }

    fn bye(&self) -> SlpMessage {
        session::bye(&self.local, &self.remote, &self.call_id, self.session_id)
    }

    /// A response or BYE of this session from the peer.
    pub fn on_slp(&mut self, message: &SlpMessage) {
        if self.is_over() {
            return;
        }
        match (&message.start, self.role, &self.phase) {
            (StartLine::Response { code: 200, .. }, _, Phase::Offered) if self.invited_by_us => {
                self.phase = Phase::Running;
            }
            (StartLine::Response { code, .. }, _, Phase::Offered) if self.invited_by_us => {
                self.phase = Phase::Over(if *code == 603 {
                    Outcome::Declined { by_peer: true }
                } else {
                    Outcome::Failed(format!("the other side answered {code}"))
                });
            }
            (StartLine::Request { method, .. }, _, _) if method == "BYE" => {
                self.phase = Phase::Over(if self.role == Role::Sending && self.done == self.size {
                    Outcome::Done
                } else {
                    Outcome::Cancelled { by_peer: true }
                });
            }
            (start, _, _) => tracing::debug!(?start, "MSNSLP message ignored by a transfer"),
        }
    }

    /// A chunk of `length` bytes received at `at`: true once the file is complete.
    /// Nothing is written unless this accepts the chunk.
    pub fn on_data(&mut self, at: Position, length: usize) -> Result<bool, TransferError> {
        if self.role != Role::Receiving || self.phase != Phase::Running {
            return Err(TransferError::NotAccepted);
        }
        let length = u64::try_from(length).unwrap_or(u64::MAX);
        let offset = match at {
            Position::V1 { offset, total } => {
                if total != self.size {
                    return Err(TransferError::SizeMismatch {
                        announced: total,
                        offered: self.size,
                    });
                }
                offset
            }
            Position::V2 { .. } => self.done,
        };
        let past_end = TransferError::PastEnd {
            offset,
            length,
            size: self.size,
        };
        let end = offset.checked_add(length).ok_or(past_end.clone())?;
        if end > self.size {
            return Err(past_end);
        }
        if offset != self.done {
            return Err(TransferError::OutOfOrder {
                offset,
                expected: self.done,
            });
        }
        if let Position::V2 { remaining } = at {
            let announced = remaining.and_then(|remaining| end.checked_add(remaining));
            match announced {
                Some(total) if total != self.size => {
                    return Err(TransferError::SizeMismatch {
                        announced: total,
                        offered: self.size,
                    });
                }
                None if remaining.is_none() && end != self.size => {
                    return Err(TransferError::EndedEarly {
                        received: end,
                        size: self.size,
                    });
                }
                None if remaining.is_some() => return Err(past_end),
                _ => {}
            }
        }
        self.done = end;
        Ok(end == self.size)
    }

    /// The received file is saved: the BYE that ends the session.
    pub fn saved(&mut self) -> Option<SlpMessage> {
        self.end(Outcome::Done)
    }

    /// The next chunk to send, at most `max` bytes: its offset and length.
    pub fn next_chunk(&self, max: usize) -> Option<(u64, usize)> {
        if self.role != Role::Sending || self.phase != Phase::Running || self.done >= self.size {
            return None;
        }
        let left = self.size - self.done;
        let length = usize::try_from(left).map_or(max, |left| left.min(max));
        Some((self.done, length))
    }

    /// `length` bytes went out.
    pub fn sent(&mut self, length: usize) {
        self.done = self
            .done
            .saturating_add(u64::try_from(length).unwrap_or(u64::MAX))
            .min(self.size);
    }
}

#[cfg(test)]
mod tests;
