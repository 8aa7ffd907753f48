//! One NS connection's protocol state, driven one command at a time. Socket I/O lives in
//! `connection.rs`; this file only turns commands into replies and pushes.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::protocol::command::{ErrorReply, OkReply, UrlReply};
use crate::protocol::types::{ErrorCode, Trid};
use crate::protocol::{ClientCommand, ServerCommand};
use crate::server::hub::{Push, SessionId};
use crate::server::{Shared, lock};

/// Where the connection is in the sign-in sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stage {
    AwaitingVersion,
    Negotiated,
    /// `USR I` answered; waiting for the response to this challenge.
    Challenged(Challenge),
    SignedIn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Challenge {
    Md5 { email: String, salt: String },
    Twn { email: String },
    Sso { email: String, nonce: String },
}

/// Whether the connection goes on after a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Close,
}

pub(super) struct NsSession {
    pub shared: Arc<Shared>,
    pub peer: SocketAddr,
    pub version: u8,
    pub stage: Stage,
    pub email: String,
    pub endpoint: Option<String>,
    pub id: Option<SessionId>,
    /// The TrID of the first CHG, once sent: the presence flood answers it.
    pub first_chg_seen: bool,
    /// A CHL we sent and that has not been answered yet.
    pub pending_challenge: Option<String>,
    pub output: Vec<ServerCommand>,
    pub pushes: Option<mpsc::Receiver<Push>>,
}

impl NsSession {
    pub fn new(shared: Arc<Shared>, peer: SocketAddr) -> Self {
        Self {
            shared,
            peer,
            version: 0,
            stage: Stage::AwaitingVersion,
            email: String::new(),
            endpoint: None,
            id: None,
            first_chg_seen: false,
            pending_challenge: None,
            output: Vec::new(),
            pushes: None,
        }
    }

    pub fn signed_in(&self) -> bool {
        self.stage == Stage::SignedIn
    }

    pub fn reply(&mut self, command: ServerCommand) {
        self.output.push(command);
    }

    pub fn error(&mut self, code: ErrorCode, trid: Trid) {
        self.reply(ServerCommand::Error(ErrorReply::new(code, trid)));
    }

    /// Handles one well-formed command.
    pub fn handle(&mut self, command: ClientCommand) -> Flow {
        match (&self.stage, command) {
            (_, ClientCommand::Ver(ver)) => self.on_ver(ver),
            (Stage::AwaitingVersion, other) => {
                tracing::info!(peer = %self.peer, command = %crate::protocol::command::Command::name(&other), "dropping client: command before VER");
                Flow::Close
            }
            (_, ClientCommand::Inf(inf)) => self.on_inf(inf),
            (_, ClientCommand::Cvr(cvr)) => self.on_cvr(cvr),
            (_, ClientCommand::Usr(usr)) => self.on_usr(usr),
            (_, ClientCommand::Out(_)) => Flow::Close,
            (Stage::SignedIn, command) => self.signed_in_command(command),
            (_, ClientCommand::Png(_)) => {
                tracing::info!(peer = %self.peer, "dropping client: PNG before sign-in");
                Flow::Close
            }
            (_, _) => Flow::Continue,
        }
    }

    fn signed_in_command(&mut self, command: ClientCommand) -> Flow {
        match command {
            ClientCommand::Png(_) => {
                let interval = self.shared.options.ping_interval.as_secs();
                let next = (self.version >= 9).then(|| u32::try_from(interval).unwrap_or(u32::MAX));
                self.reply(ServerCommand::Qng(crate::protocol::command::Qng {
                    next_ping_secs: next,
                }));
                Flow::Continue
            }
            ClientCommand::Qry(qry) => self.on_qry(qry),
            ClientCommand::Syn(syn) => self.on_syn(syn),
            ClientCommand::Gtc(gtc) => self.on_gtc(gtc),
            ClientCommand::Blp(blp) => self.on_blp(blp),
            ClientCommand::Prp(prp) => self.on_prp(prp),
            ClientCommand::Rea(rea) => self.on_rea(rea),
            ClientCommand::Add(add) => self.on_add(add),
            ClientCommand::Rem(rem) => self.on_rem(rem),
            ClientCommand::Adc(adc) => self.on_adc(adc),
            ClientCommand::Adg(adg) => self.on_adg(adg),
            ClientCommand::Rmg(rmg) => self.on_rmg(rmg),
            ClientCommand::Reg(reg) => self.on_reg(reg),
            ClientCommand::Adl(adl) => self.on_adl(adl, true),
            ClientCommand::Rml(rml) => self.on_adl(rml, false),
            ClientCommand::Fqy(fqy) => self.on_fqy(fqy),
            ClientCommand::Chg(chg) => self.on_chg(chg),
            ClientCommand::Uux(uux) => self.on_uux(uux),
            ClientCommand::Uun(uun) => self.on_uun(uun),
            ClientCommand::Uum(uum) => self.on_uum(uum),
            ClientCommand::Xfr(xfr) => self.on_xfr(xfr),
            ClientCommand::Gcf(gcf) => {
                self.reply(ServerCommand::Gcf(crate::protocol::command::GcfReply {
                    trid: gcf.trid,
                    file: Some(gcf.file),
                    payload: super::documents::policies(),
                }));
                Flow::Continue
            }
            ClientCommand::Url(url) => {
                self.reply(ServerCommand::Url(UrlReply {
                    trid: url.trid,
                    rru: "/unused1".into(),
                    url: "/unused2".into(),
                    id: Some(1),
                }));
                Flow::Continue
            }
            ClientCommand::Ims(ims) => {
                self.reply(ServerCommand::Ims(crate::protocol::command::ImsReply {
                    trid: ims.trid,
                    serial: 0,
                    switch: ims.switch,
                }));
                Flow::Continue
            }
            ClientCommand::Snd(snd) => {
                self.reply(ServerCommand::Snd(OkReply { trid: snd.trid }));
                Flow::Continue
            }
            ClientCommand::Sdc(sdc) => {
                self.reply(ServerCommand::Sdc(OkReply { trid: sdc.trid }));
                Flow::Continue
            }
            other => {
                tracing::debug!(peer = %self.peer, command = %crate::protocol::command::Command::name(&other), "ignoring command");
                Flow::Continue
            }
        }
    }

    /// Called once the connection ends, however it ends.
    pub fn finish(&mut self) {
        let Some(id) = self.id.take() else {
            return;
        };
        lock(&self.shared.hub).unregister(id);
        self.announce_offline_if_gone();
    }
}
