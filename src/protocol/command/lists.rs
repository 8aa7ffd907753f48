//! Contact lists and groups: SYN and its LST/LSG/BPR/GTC/BLP/PRP lines, ADD/REM/ADC,
//! ADG/RMG/REG, SBP, REA, and the MSNP13+ ADL/RML notices.

use bytes::Bytes;

use super::Fields;
use super::common::{ContactId, GroupId, GroupList, is_guid, keyword_enum};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, Field, LineWriter, parse_decimal};
use crate::protocol::types::{Address, List, ListBits, Trid, UrlText};

/// `SYN TrID <list version> [<settings version>]` (the second from MSNP10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynRequest {
    pub trid: Trid,
    pub list_version: String,
    pub settings_version: Option<String>,
}

impl Fields for SynRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            list_version: args.string("list version")?,
            settings_version: args.opt_string(),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.list_version)
            .opt(&self.settings_version);
        None
    }
}

/// The server's SYN reply in each generation's shape (docs/protocol.md §3.2–3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SynReply {
    /// `SYN TrID <serial>`: MSNP2–7, or any version when the list is unchanged.
    Serial { trid: Trid, serial: u32 },
    /// `SYN TrID <serial> <contacts> <groups>` (MSNP8–9).
    Counted {
        trid: Trid,
        serial: u32,
        contacts: u32,
        groups: u32,
    },
    /// `SYN TrID <list version> <settings version> <contacts> <groups>` (MSNP10–12).
    Versioned {
        trid: Trid,
        list_version: String,
        settings_version: String,
        contacts: u32,
        groups: u32,
    },
}

impl Fields for SynReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        Ok(match args.remaining() {
            1 => SynReply::Serial {
                trid,
                serial: args.get()?,
            },
            3 => SynReply::Counted {
                trid,
                serial: args.get()?,
                contacts: args.get()?,
                groups: args.get()?,
            },
            _ => SynReply::Versioned {
                trid,
                list_version: args.string("list version")?,
                settings_version: args.string("settings version")?,
                contacts: args.get()?,
                groups: args.get()?,
            },
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            SynReply::Serial { trid, serial } => {
                line.field(trid).field(serial);
            }
            SynReply::Counted {
                trid,
                serial,
                contacts,
                groups,
            } => {
                line.field(trid).field(serial).field(contacts).field(groups);
            }
            SynReply::Versioned {
                trid,
                list_version,
                settings_version,
                contacts,
                groups,
            } => {
                line.field(trid)
                    .text(list_version)
                    .text(settings_version)
                    .field(contacts)
                    .field(groups);
            }
        }
        None
    }
}

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

fn is_property_key(text: Option<&str>) -> bool {
    text.is_some_and(|key| {
        !key.is_empty() && key.len() <= 4 && key.bytes().all(|b| b.is_ascii_uppercase())
    })
}

fn property_key(args: &mut Args<'_>) -> Result<String, ParseError> {
    let key = args.text("property")?;
    if is_property_key(Some(key)) {
        Ok(key.to_owned())
    } else {
        Err(args.invalid("property", key))
    }
}

/// `BPR [serial] [<e-mail>] <key> [<value>]`: a contact's phone numbers and flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bpr {
    pub serial: Option<u32>,
    pub contact: Option<Address>,
    pub key: String,
    pub value: Option<UrlText>,
}

impl Fields for Bpr {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let serial = match args.peek().and_then(parse_decimal::<u32>) {
            Some(_) => Some(args.get()?),
            None => None,
        };
        let contact = match args.peek() {
            Some(text) if text.contains('@') => Some(args.get()?),
            _ => None,
        };
        Ok(Self {
            serial,
            contact,
            key: property_key(args)?,
            value: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.opt(&self.serial)
            .opt(&self.contact)
            .text(&self.key)
            .opt(&self.value);
        None
    }
}

/// `LSG`: one group of the SYN dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lsg {
    /// `LSG TrID <serial> <index> <total> <id> <name> 0` (MSNP7).
    Indexed {
        trid: Trid,
        serial: u32,
        index: u32,
        total: u32,
        group: u32,
        name: UrlText,
    },
    /// `LSG <id> <name> 0` (MSNP8–9).
    Numbered { group: u32, name: UrlText },
    /// `LSG <name> <guid>` (MSNP10–12).
    Guid { name: UrlText, guid: String },
}

impl Fields for Lsg {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let lsg = match args.remaining() {
            7 => Lsg::Indexed {
                trid: args.get()?,
                serial: args.get()?,
                index: args.get()?,
                total: args.get()?,
                group: args.get()?,
                name: args.get()?,
            },
            3 => Lsg::Numbered {
                group: args.get()?,
                name: args.get()?,
            },
            _ => {
                return Ok(Lsg::Guid {
                    name: args.get()?,
                    guid: args.string("group guid")?,
                });
            }
        };
        args.keyword("0")?;
        Ok(lsg)
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            Lsg::Indexed {
                trid,
                serial,
                index,
                total,
                group,
                name,
            } => {
                line.field(trid)
                    .field(serial)
                    .field(index)
                    .field(total)
                    .field(group)
                    .field(name)
                    .text("0");
            }
            Lsg::Numbered { group, name } => {
                line.field(group).field(name).text("0");
            }
            Lsg::Guid { name, guid } => {
                line.field(name).text(guid);
            }
        }
        None
    }
}

/// `LST`: one contact of the SYN dump, in each generation's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lst {
    /// `LST TrID <list> <serial> <index> <total> [<e-mail> <name> [<groups>]]` (MSNP2–7);
    /// an empty list is sent as index and total 0 with no contact.
    Indexed {
        trid: Trid,
        list: List,
        serial: u32,
        index: u32,
        total: u32,
        contact: Option<IndexedContact>,
    },
    /// `LST <e-mail> <name> <list bits> [<groups>]` (MSNP8–9).
    Counted {
        email: Address,
        name: UrlText,
        lists: ListBits,
        groups: Option<GroupList>,
    },
    /// `LST N=<e-mail> F=<name> [C=<guid>] <list bits> [<network>] [<groups>]` (MSNP10–12).
    Tagged {
        email: Address,
        name: Option<UrlText>,
        contact_guid: Option<String>,
        lists: ListBits,
        network: Option<u32>,
        groups: Option<GroupList>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedContact {
    pub email: Address,
    pub name: UrlText,
    pub groups: Option<GroupList>,
}

impl Fields for Lst {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let first = args.text("contact")?;
        if let Some(email) = first.strip_prefix("N=") {
            let email = Address::parse_field(email).ok_or_else(|| args.invalid("N=", email))?;
            let name = tagged(args, "F=")?
                .map(|name| parse_with(args, "F=", name))
                .transpose()?;
            let contact_guid = tagged(args, "C=")?.map(str::to_owned);
            let lists = args.get()?;
            // After the bits: `[<network>] [<groups>]`. MSNP12 always sends the network;
            // MSNP10–11 groups are GUIDs, so a lone number is the network id.
            let network = match args.remaining() {
                2 => Some(args.get()?),
                1 if args.peek().and_then(parse_decimal::<u32>).is_some() => Some(args.get()?),
                _ => None,
            };
            return Ok(Lst::Tagged {
                email,
                name,
                contact_guid,
                lists,
                network,
                groups: args.opt()?,
            });
        }
        if let Some(trid) = parse_decimal::<u32>(first) {
            let list = args.get()?;
            let serial = args.get()?;
            let index = args.get()?;
            let total = args.get()?;
            let contact = match args.peek() {
                None => None,
                Some(_) => Some(IndexedContact {
                    email: args.get()?,
                    name: args.get()?,
                    groups: args.opt()?,
                }),
            };
            return Ok(Lst::Indexed {
                trid: Trid(trid),
                list,
                serial,
                index,
                total,
                contact,
            });
        }
        Ok(Lst::Counted {
            email: Address::parse_field(first).ok_or_else(|| args.invalid("contact", first))?,
            name: args.get()?,
            lists: args.get()?,
            groups: args.opt()?,
        })
    }

    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            Lst::Indexed {
                trid,
                list,
                serial,
                index,
                total,
                contact,
            } => {
                line.field(trid)
                    .field(list)
                    .field(serial)
                    .field(index)
                    .field(total);
                if let Some(contact) = contact {
                    line.field(&contact.email)
                        .field(&contact.name)
                        .opt(&contact.groups);
                }
            }
            Lst::Counted {
                email,
                name,
                lists,
                groups,
            } => {
                line.field(email).field(name).field(lists).opt(groups);
            }
            Lst::Tagged {
                email,
                name,
                contact_guid,
                lists,
                network,
                groups,
            } => {
                write_tagged(line, "N=", email);
                if let Some(name) = name {
                    write_tagged(line, "F=", name);
                }
                if let Some(guid) = contact_guid {
                    line.text(&format!("C={guid}"));
                }
                line.field(lists).opt(network).opt(groups);
            }
        }
        None
    }
}

/// Takes the next field if it starts with `tag`, returning the text after the tag.
fn tagged<'a>(args: &mut Args<'a>, tag: &'static str) -> Result<Option<&'a str>, ParseError> {
    match args.peek() {
        Some(text) if text.starts_with(tag) => Ok(Some(&args.text(tag)?[tag.len()..])),
        _ => Ok(None),
    }
}

fn parse_with<T: Field>(args: &Args<'_>, what: &'static str, text: &str) -> Result<T, ParseError> {
    T::parse_field(text).ok_or_else(|| args.invalid(what, text))
}

fn write_tagged<T: Field>(line: &mut LineWriter, tag: &str, value: &T) {
    let mut text = tag.as_bytes().to_vec();
    value.write_field(&mut text);
    line.text(&String::from_utf8_lossy(&text));
}

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
            .map(|text| parse_with(args, "N=", text))
            .transpose()?;
        let name = tagged(args, "F=")?
            .map(|text| parse_with(args, "F=", text))
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

fn optional_zero(args: &mut Args<'_>) -> Result<bool, ParseError> {
    if args.peek().is_some() {
        args.keyword("0")?;
        Ok(true)
    } else {
        Ok(false)
    }
}

fn write_zero(line: &mut LineWriter, present: bool) {
    if present {
        line.text("0");
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

/// ADL/RML from the server: `<TrID> OK` acknowledges the client's list, `0 <len>`
/// pushes a change (someone added or removed you).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListNotice {
    Ok { trid: Trid },
    Push { trid: Trid, payload: Bytes },
}

impl Fields for ListNotice {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        match payload {
            Some(payload) => Ok(ListNotice::Push { trid, payload }),
            None => {
                args.keyword("OK")?;
                Ok(ListNotice::Ok { trid })
            }
        }
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self {
            ListNotice::Ok { trid } => {
                line.field(trid).text("OK");
                None
            }
            ListNotice::Push { trid, payload } => {
                line.field(trid);
                Some(payload.clone())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::protocol::command::Command;
    use crate::protocol::{RawFrame, ServerCommand};

    fn parse(line: &'static str) -> ServerCommand {
        let frame = RawFrame::new(line.as_bytes(), false, None);
        let command = ServerCommand::from_frame(&frame).expect(line);
        assert_eq!(
            &command.to_bytes()[..],
            format!("{line}\r\n").as_bytes(),
            "{line} re-encodes"
        );
        command
    }

    const GUID: &str = "0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd";

    #[test]
    fn group_names_that_look_like_numbers_are_names() {
        let ServerCommand::Reg(super::RegReply::Guid {
            serial, name, guid, ..
        }) = parse("REG 1 1 2024 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0")
        else {
            panic!("not the GUID shape");
        };
        assert_eq!(
            (serial, name.as_str(), guid.as_str()),
            (Some(1), "2024", GUID)
        );
        let ServerCommand::Reg(super::RegReply::Guid { serial, name, .. }) =
            parse("REG 1 5 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0")
        else {
            panic!("not the GUID shape");
        };
        assert_eq!((serial, name.as_str()), (None, "5"));
        assert!(matches!(
            parse("REG 14 47 2 Renamed 0"),
            ServerCommand::Reg(super::RegReply::Numbered { group: 2, .. })
        ));
        assert!(matches!(
            parse("ADG 12 7 0ad6e0d1-1b07-4cce-bd0c-a4ff18efd4dd 0"),
            ServerCommand::Adg(super::AdgReply::Guid { .. })
        ));
        assert!(matches!(
            parse("ADG 12 45 New%20Group 2 0"),
            ServerCommand::Adg(super::AdgReply::Numbered { group: 2, .. })
        ));
    }
}
