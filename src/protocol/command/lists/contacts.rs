//! Contact changes: ADD and REM, ADC (by GUID) and SBP.

use bytes::Bytes;

use super::{property_key, tagged, write_tagged};
use crate::protocol::command::Fields;
use crate::protocol::command::common::{ContactId, GroupId};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter, parse_decimal};
use crate::protocol::types::{Address, List, Trid, UrlText};

/// `ADD TrID <list> <e-mail> <name> [<group>]` (MSNP2–9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    pub trid: Trid,
    pub list: List,
    pub email: Address,
    pub name: UrlText,
    pub group: Option<u32>,
}

impl Fields for AddRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            list: args.get()?,
            email: args.get()?,
            name: args.get()?,
            group: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.list)
            .field(&self.email)
            .field(&self.name)
            .opt(&self.group);
        None
    }
}

/// `ADD TrID <list> <serial> <e-mail> <name> [<group>]`; TrID 0 when someone adds you.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddReply {
    pub trid: Trid,
    pub list: List,
    pub serial: u32,
    pub email: Address,
    pub name: UrlText,
    pub group: Option<u32>,
}

impl Fields for AddReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            list: args.get()?,
            serial: args.get()?,
            email: args.get()?,
            name: args.get()?,
            group: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.list)
            .field(&self.serial)
            .field(&self.email)
            .field(&self.name)
            .opt(&self.group);
        None
    }
}

/// `REM TrID <list> [<serial>] <e-mail or contact guid> [<group>]`, both directions
/// (the serial only in MSNP2–9 replies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rem {
    pub trid: Trid,
    pub list: List,
    pub serial: Option<u32>,
    pub contact: ContactId,
    pub group: Option<GroupId>,
}

impl Fields for Rem {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let list = args.get()?;
        let serial = match args.peek().and_then(parse_decimal::<u32>) {
            Some(_) if args.remaining() >= 2 => Some(args.get()?),
            _ => None,
        };
        Ok(Self {
            trid,
            list,
            serial,
            contact: args.get()?,
            group: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.list)
            .opt(&self.serial)
            .field(&self.contact)
            .opt(&self.group);
        None
    }
}

/// `ADC TrID <list> [N=<e-mail>] [F=<name>] [C=<guid>] [<group guid>]` (MSNP10–12),
/// both directions; TrID 0 when someone adds you.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adc {
    pub trid: Trid,
    pub list: List,
    pub email: Option<Address>,
    pub name: Option<UrlText>,
    pub contact_guid: Option<String>,
    pub group: Option<String>,
}

impl Fields for Adc {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let list = args.get()?;
        let email = tagged(args, "N=")?
            .map(|text| args.parse("N=", text))
            .transpose()?;
        let name = tagged(args, "F=")?
            .map(|text| args.parse("F=", text))
            .transpose()?;
        let contact_guid = tagged(args, "C=")?.map(str::to_owned);
        if email.is_none() && contact_guid.is_none() {
            return Err(ParseError::MissingField {
                command: "ADC",
                field: "N= or C=",
            });
        }
        Ok(Self {
            trid,
            list,
            email,
            name,
            contact_guid,
            group: args.opt_string(),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.list);
        if let Some(email) = &self.email {
            write_tagged(line, "N=", email);
        }
        if let Some(name) = &self.name {
            write_tagged(line, "F=", name);
        }
        if let Some(guid) = &self.contact_guid {
            line.text(&format!("C={guid}"));
        }
        line.opt(&self.group);
        None
    }
}

/// `SBP TrID <contact guid> <key> <value>` (MSNP10–12): a contact's stored name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sbp {
    pub trid: Trid,
    pub contact_guid: String,
    pub key: String,
    pub value: UrlText,
}

impl Fields for Sbp {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            contact_guid: args.string("contact guid")?,
            key: property_key(args)?,
            value: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.contact_guid)
            .text(&self.key)
            .field(&self.value);
        None
    }
}
