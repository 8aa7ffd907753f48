//! One conversation: who is in it, and what each of them is told when someone joins,
//! speaks or leaves.

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot};

use super::formats::{self, Participant};
use crate::protocol::ServerCommand;
use crate::protocol::types::Trid;
use crate::server::directory::BotKind;

/// How many lines may wait for a slow client before it is dropped from the session.
pub const OUTBOX_LEN: usize = 256;

pub type MemberId = u64;

/// Where a member's lines go.
#[derive(Debug)]
pub enum Seat {
    /// A client connection of `version`; the session holds the only sender, so removing
    /// the member closes the connection's outbox.
    Client {
        version: u8,
        outbox: mpsc::Sender<Outbound>,
    },
    /// A server-driven account, answering through the registry.
    Bot(BotKind),
}

/// A line for one client's connection.
#[derive(Debug)]
pub struct Outbound {
    pub line: ServerCommand,
    /// Told once the line is written to the client's socket; dropped if it never is.
    pub written: Option<oneshot::Sender<()>>,
}

impl From<ServerCommand> for Outbound {
    fn from(line: ServerCommand) -> Self {
        Self {
            line,
            written: None,
        }
    }
}

#[derive(Debug)]
pub struct Member {
    pub id: MemberId,
    pub who: Participant,
    pub seat: Seat,
}

/// A message a bot received and may answer.
#[derive(Debug, Clone)]
pub struct BotDelivery {
    pub bot: MemberId,
    pub kind: BotKind,
    pub email: String,
    pub payload: Bytes,
}

/// The outcome of relaying one message.
#[derive(Debug, Default)]
pub struct Relayed {
    /// Bots the message reached.
    pub bots: usize,
    /// One per client the message was queued for: told once it is written to the
    /// client's socket, so that `ACK` means sent to someone, not just queued.
    pub written: Vec<oneshot::Receiver<()>>,
    pub to_bots: Vec<BotDelivery>,
}

impl Relayed {
    /// Whether the message reached anyone: a bot, or a client's socket.
    pub async fn reached_anyone(self) -> bool {
        let mut reached = self.bots > 0;
        for written in self.written {
            reached |= written.await.is_ok();
        }
        reached
    }
}

#[derive(Debug, Default)]
pub struct Session {
    /// In joining order, which is the order of IRO.
    members: Vec<Member>,
    /// Members to remove once the current step is done: they left, or their outbox was
    /// full or closed.
    leaving: Vec<MemberId>,
}

impl Session {
    pub fn new(first: Member) -> Self {
        Self {
            members: vec![first],
            leaving: Vec::new(),
        }
    }

    /// True while a client is in it; bots alone do not keep a session alive.
    pub fn has_clients(&self) -> bool {
        self.members
            .iter()
            .any(|member| matches!(member.seat, Seat::Client { .. }))
    }

    pub fn has_account(&self, email: &str) -> bool {
        self.members.iter().any(|member| member.who.email == email)
    }

    /// Endpoints of `email` in the session.
    pub fn endpoints_of(&self, email: &str) -> Vec<String> {
        self.members
            .iter()
            .filter(|member| member.who.email == email)
            .filter_map(|member| member.who.endpoint.clone())
            .collect()
    }

    /// Adds a member: it gets the roster (IRO, answering `trid`) as the return value and
    /// everyone, the newcomer included where the version says so, gets JOI.
    pub fn join(&mut self, member: Member, trid: Trid) -> Vec<ServerCommand> {
        let roster = match &member.seat {
            Seat::Client { version, .. } => {
                let present: Vec<&Participant> = self.members.iter().map(|m| &m.who).collect();
                formats::roster(trid, *version, &member.who, &present)
            }
            Seat::Bot(_) => Vec::new(),
        };
        let first_endpoint = !self.has_account(&member.who.email);
        let joiner = member.who.clone();
        let joiner_id = member.id;
        self.members.push(member);
        self.tell_all(|receiver| {
            Some(formats::joins(
                version_of(receiver)?,
                &joiner,
                receiver.id == joiner_id,
                first_endpoint,
            ))
        });
        self.settle();
        roster
    }

    /// Removes a member and tells the others.
    pub fn leave(&mut self, id: MemberId) {
        self.leaving.push(id);
        self.settle();
    }

    /// Relays `payload` from member `from` to everyone else.
    pub fn relay(&mut self, from: MemberId, payload: Bytes) -> Relayed {
        let Some(sender) = self.members.iter().find(|member| member.id == from) else {
            return Relayed::default();
        };
        let sender_is_client = matches!(sender.seat, Seat::Client { .. });
        let line = formats::message(&sender.who, payload.clone());
        let mut relayed = Relayed::default();
        for member in self.members.iter().filter(|member| member.id != from) {
            match &member.seat {
                Seat::Client { outbox, .. } => {
                    let (written, receipt) = oneshot::channel();
                    let outbound = Outbound {
                        line: line.clone(),
                        written: Some(written),
                    };
                    if outbox.try_send(outbound).is_ok() {
                        relayed.written.push(receipt);
                    } else {
                        self.leaving.push(member.id);
                    }
                }
                Seat::Bot(kind) => {
                    relayed.bots += 1;
                    // Bots never answer bots, so two echo bots cannot talk forever.
                    if sender_is_client {
                        relayed.to_bots.push(BotDelivery {
                            bot: member.id,
                            kind: *kind,
                            email: member.who.email.clone(),
                            payload: payload.clone(),
                        });
                    }
                }
            }
        }
        self.settle();
        relayed
    }

    /// Sends each client the lines `lines_for` gives it (bots get nothing).
    fn tell_all(&mut self, lines_for: impl Fn(&Member) -> Option<Vec<ServerCommand>>) {
        for member in &self.members {
            let Seat::Client { outbox, .. } = &member.seat else {
                continue;
            };
            let lines = lines_for(member).unwrap_or_default();
            if lines
                .into_iter()
                .any(|line| outbox.try_send(line.into()).is_err())
            {
                self.leaving.push(member.id);
            }
        }
    }

    /// Removes the members in `leaving`, telling the others; telling them may fill
    /// further outboxes, hence the loop.
    fn settle(&mut self) {
        while let Some(id) = self.leaving.pop() {
            let Some(index) = self.members.iter().position(|member| member.id == id) else {
                continue;
            };
            let leaver = self.members.remove(index).who;
            let last_endpoint = !self.has_account(&leaver.email);
            self.tell_all(|receiver| {
                Some(formats::byes(version_of(receiver)?, &leaver, last_endpoint))
            });
        }
    }
}

fn version_of(member: &Member) -> Option<u8> {
    match member.seat {
        Seat::Client { version, .. } => Some(version),
        Seat::Bot(_) => None,
    }
}
