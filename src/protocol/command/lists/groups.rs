//! Group changes: ADG, RMG and REG.

use bytes::Bytes;

use super::{optional_zero, write_zero};
use crate::protocol::command::Fields;
use crate::protocol::command::common::{GroupId, is_guid};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter};
use crate::protocol::types::{Trid, UrlText};

/// `ADG TrID <name> [0]`: create a group (the `0` up to MSNP9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdgRequest {
    pub trid: Trid,
    pub name: UrlText,
    pub legacy_zero: bool,
}

impl Fields for AdgRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let name = args.get()?;
        let legacy_zero = optional_zero(args)?;
        Ok(Self {
            trid,
            name,
            legacy_zero,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.name);
        write_zero(line, self.legacy_zero);
        None
    }
}

/// The server's answer to ADG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdgReply {
    /// `ADG TrID <serial> <name> <id> 0` (MSNP7–9).
    Numbered {
        trid: Trid,
        serial: u32,
        name: UrlText,
        group: u32,
    },
    /// `ADG TrID <name> <guid> [0]` (MSNP10+).
    Guid {
        trid: Trid,
        name: UrlText,
        guid: String,
        legacy_zero: bool,
    },
}

impl Fields for AdgReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        if args.peek_at(1).is_some_and(is_guid) {
            return Ok(AdgReply::Guid {
                trid,
                name: args.get()?,
                guid: args.string("group guid")?,
                legacy_zero: optional_zero(args)?,
            });
        }
        let reply = AdgReply::Numbered {
            trid,
            serial: args.get()?,
            name: args.get()?,
            group: args.get()?,
        };
        args.keyword("0")?;
        Ok(reply)
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            AdgReply::Numbered {
                trid,
                serial,
                name,
                group,
            } => {
                line.field(trid)
                    .field(serial)
                    .field(name)
                    .field(group)
                    .text("0");
            }
            AdgReply::Guid {
                trid,
                name,
                guid,
                legacy_zero,
            } => {
                line.field(trid).field(name).text(guid);
                write_zero(line, *legacy_zero);
            }
        }
        None
    }
}

/// `RMG TrID <group>`: delete a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RmgRequest {
    pub trid: Trid,
    pub group: GroupId,
}

impl Fields for RmgRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            group: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.group);
        None
    }
}

/// `RMG TrID [<serial>] <group>` from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RmgReply {
    pub trid: Trid,
    pub serial: Option<u32>,
    pub group: GroupId,
}

impl Fields for RmgReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let serial = if args.remaining() == 2 {
            Some(args.get()?)
        } else {
            None
        };
        Ok(Self {
            trid,
            serial,
            group: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).opt(&self.serial).field(&self.group);
        None
    }
}

/// `REG TrID <group> <name> [0]`: rename a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegRequest {
    pub trid: Trid,
    pub group: GroupId,
    pub name: UrlText,
    pub legacy_zero: bool,
}

impl Fields for RegRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            group: args.get()?,
            name: args.get()?,
            legacy_zero: optional_zero(args)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.group).field(&self.name);
        write_zero(line, self.legacy_zero);
        None
    }
}

/// The server's answer to REG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegReply {
    /// `REG TrID <serial> <id> <name> 0` (MSNP7–9).
    Numbered {
        trid: Trid,
        serial: u32,
        group: u32,
        name: UrlText,
    },
    /// `REG TrID [<serial>] <name> <guid> [0]` (MSNP10+, Escargot's order).
    Guid {
        trid: Trid,
        serial: Option<u32>,
        name: UrlText,
        guid: String,
        legacy_zero: bool,
    },
}

impl Fields for RegReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        // Where the GUID sits tells the shapes apart; names may look like numbers.
        let guid_at = |n| args.peek_at(n).is_some_and(is_guid);
        let serial = if guid_at(2) {
            Some(args.get()?)
        } else if guid_at(1) {
            None
        } else {
            let reply = RegReply::Numbered {
                trid,
                serial: args.get()?,
                group: args.get()?,
                name: args.get()?,
            };
            args.keyword("0")?;
            return Ok(reply);
        };
        Ok(RegReply::Guid {
            trid,
            serial,
            name: args.get()?,
            guid: args.string("group guid")?,
            legacy_zero: optional_zero(args)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            RegReply::Numbered {
                trid,
                serial,
                group,
                name,
            } => {
                line.field(trid)
                    .field(serial)
                    .field(group)
                    .field(name)
                    .text("0");
            }
            RegReply::Guid {
                trid,
                serial,
                name,
                guid,
                legacy_zero,
            } => {
                line.field(trid).opt(serial).field(name).text(guid);
                write_zero(line, *legacy_zero);
            }
        }
        None
    }
}
