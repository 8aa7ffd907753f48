//! Settings and own properties: GTC, BLP, PRP and REA.

use bytes::Bytes;

use super::{is_property_key, property_key};
use crate::protocol::command::Fields;
use crate::protocol::command::common::keyword_enum;
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter, parse_decimal};
use crate::protocol::types::{Address, Trid, UrlText};

/// Optional `TrID` and list serial that prefix GTC/BLP/PRP depending on version and
/// on whether the line is a reply or part of a SYN dump.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sequence {
    pub trid: Option<Trid>,
    pub serial: Option<u32>,
}

impl Sequence {
    /// Reads up to two leading numbers, leaving `keep` fields for the command itself.
    fn parse(args: &mut Args<'_>, keep: usize) -> Result<Self, ParseError> {
        let mut numbers = Vec::new();
        while numbers.len() < 2
            && args.remaining() > keep
            && args.peek().and_then(parse_decimal::<u32>).is_some()
        {
            numbers.push(args.get::<u32>()?);
        }
        Ok(match numbers[..] {
            [] => Sequence::default(),
            [trid] => Sequence {
                trid: Some(Trid(trid)),
                serial: None,
            },
            [trid, serial, ..] => Sequence {
                trid: Some(Trid(trid)),
                serial: Some(serial),
            },
        })
    }

    fn write(&self, line: &mut LineWriter) {
        line.opt(&self.trid).opt(&self.serial);
    }
}

keyword_enum! {
    /// `GTC`: whether to be asked when someone adds you.
    AddPrompt, "GTC setting", {
        Ask = "A",
        DoNotAsk = "N",
    }
}

/// `GTC [TrID [serial]] A|N` (MSNP2–12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gtc {
    pub sequence: Sequence,
    pub setting: AddPrompt,
}

impl Fields for Gtc {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            sequence: Sequence::parse(args, 1)?,
            setting: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        self.sequence.write(line);
        line.field(&self.setting);
        None
    }
}

keyword_enum! {
    /// `BLP`: what happens to people on neither the allow nor the block list.
    PrivacyMode, "BLP setting", {
        AllowOthers = "AL",
        BlockOthers = "BL",
    }
}

/// `BLP [TrID [serial]] AL|BL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blp {
    pub sequence: Sequence,
    pub mode: PrivacyMode,
}

impl Fields for Blp {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            sequence: Sequence::parse(args, 1)?,
            mode: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        self.sequence.write(line);
        line.field(&self.mode);
        None
    }
}

/// `PRP [TrID [serial]] <key> [<value>]`: own properties (`MFN` friendly name from
/// MSNP10, phone numbers `PHH`/`PHW`/`PHM`, `MOB`/`MBE` flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prp {
    pub sequence: Sequence,
    pub key: String,
    pub value: Option<UrlText>,
}

impl Fields for Prp {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let keep = if args.remaining() >= 2 && !is_property_key(args.peek_at(args.remaining() - 2))
        {
            1
        } else {
            2
        };
        Ok(Self {
            sequence: Sequence::parse(args, keep.min(args.remaining()))?,
            key: property_key(args)?,
            value: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        self.sequence.write(line);
        line.text(&self.key).opt(&self.value);
        None
    }
}

/// `REA TrID <e-mail> <name>` (MSNP2–9): set a friendly name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaRequest {
    pub trid: Trid,
    pub email: Address,
    pub name: UrlText,
}

impl Fields for ReaRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            email: args.get()?,
            name: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.email).field(&self.name);
        None
    }
}

/// `REA TrID <serial> <e-mail> <name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaReply {
    pub trid: Trid,
    pub serial: u32,
    pub email: Address,
    pub name: UrlText,
}

impl Fields for ReaReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            serial: args.get()?,
            email: args.get()?,
            name: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.serial)
            .field(&self.email)
            .field(&self.name);
        None
    }
}
