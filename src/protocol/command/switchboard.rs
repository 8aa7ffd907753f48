//! Switchboard commands: RNG (on the NS), CAL, ANS, IRO, JOI, MSG, ACK/NAK, BYE.

use bytes::Bytes;

use super::Fields;
use super::common::{AckMode, ServerAddress, require_payload};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter};
use crate::protocol::types::{Address, Capabilities, Trid, UrlText};

/// `RNG <session> <host:port> CKI <cookie> <inviter> <name> [U <host> [<direct>]]`:
/// someone invites you to a switchboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    pub session: String,
    pub server: ServerAddress,
    pub cookie: String,
    pub inviter: Address,
    pub inviter_name: UrlText,
    pub host: Option<String>,
    pub direct: Option<bool>,
}

impl Fields for Rng {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let session = args.string("session id")?;
        let server = args.get()?;
        args.keyword("CKI")?;
        let cookie = args.string("cookie")?;
        let inviter = args.get()?;
        let inviter_name = args.get()?;
        let host = if args.peek().is_some() {
            args.keyword("U")?;
            Some(args.string("host")?)
        } else {
            None
        };
        Ok(Self {
            session,
            server,
            cookie,
            inviter,
            inviter_name,
            host,
            direct: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.text(&self.session)
            .field(&self.server)
            .text("CKI")
            .text(&self.cookie)
            .field(&self.inviter)
            .field(&self.inviter_name);
        if let Some(host) = &self.host {
            line.text("U").text(host);
        }
        line.opt(&self.direct);
        None
    }
}

/// `CAL TrID <address>`: invite a contact into the switchboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cal {
    pub trid: Trid,
    pub invitee: Address,
}

impl Fields for Cal {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            invitee: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.invitee);
        None
    }
}

/// `CAL TrID RINGING <session>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalRinging {
    pub trid: Trid,
    pub session: String,
}

impl Fields for CalRinging {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        args.keyword("RINGING")?;
        Ok(Self {
            trid,
            session: args.string("session id")?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text("RINGING").text(&self.session);
        None
    }
}

/// `ANS TrID <address> <cookie> <session>`: answer an RNG invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsRequest {
    pub trid: Trid,
    pub address: Address,
    pub cookie: String,
    pub session: String,
}

impl Fields for AnsRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            address: args.get()?,
            cookie: args.string("cookie")?,
            session: args.string("session id")?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.address)
            .text(&self.cookie)
            .text(&self.session);
        None
    }
}

/// `IRO TrID <index> <total> <address> <name> [<capabilities>]`: who is already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iro {
    pub trid: Trid,
    pub index: u32,
    pub total: u32,
    pub address: Address,
    pub name: UrlText,
    pub capabilities: Option<Capabilities>,
}

impl Fields for Iro {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            index: args.get()?,
            total: args.get()?,
            address: args.get()?,
            name: args.get()?,
            capabilities: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.index)
            .field(&self.total)
            .field(&self.address)
            .field(&self.name)
            .opt(&self.capabilities);
        None
    }
}

/// `JOI <address> <name> [<capabilities>]`: someone joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joi {
    pub address: Address,
    pub name: UrlText,
    pub capabilities: Option<Capabilities>,
}

impl Fields for Joi {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            address: args.get()?,
            name: args.get()?,
            capabilities: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.address)
            .field(&self.name)
            .opt(&self.capabilities);
        None
    }
}

/// `BYE <address> [1]`: someone left (`1`: dropped for idleness).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bye {
    pub address: Address,
    pub idle: bool,
}

impl Fields for Bye {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let address = args.get()?;
        let idle = if args.peek().is_some() {
            args.keyword("1")?;
            true
        } else {
            false
        };
        Ok(Self { address, idle })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.address);
        if self.idle {
            line.text("1");
        }
        None
    }
}

/// `MSG TrID <ack mode> <len>` + MIME payload, from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRequest {
    pub trid: Trid,
    pub ack: AckMode,
    pub payload: Bytes,
}

impl Fields for MsgRequest {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            ack: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.ack);
        Some(self.payload.clone())
    }
}

/// `MSG <sender> <name> <len>` + MIME payload, from the server (`Hotmail Hotmail` on the NS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgFrom {
    pub sender: Address,
    pub sender_name: UrlText,
    pub payload: Bytes,
}

impl Fields for MsgFrom {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            sender: args.get()?,
            sender_name: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.sender).field(&self.sender_name);
        Some(self.payload.clone())
    }
}
