//! SYN and the lines of its dump: LSG, LST and BPR (docs/protocol.md §3.2–3.4).

use bytes::Bytes;

use super::{property_key, tagged, write_tagged};
use crate::protocol::command::Fields;
use crate::protocol::command::common::GroupList;
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter, parse_decimal};
use crate::protocol::types::{Address, List, ListBits, Text, Trid, UrlText};

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
    Guid { name: UrlText, guid: Text },
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
                    guid: args.raw_text("group guid")?,
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
        contact_guid: Option<Text>,
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
            let email = args.parse("N=", email)?;
            let name = tagged(args, "F=")?
                .map(|name| args.parse("F=", name))
                .transpose()?;
            let contact_guid = tagged(args, "C=")?.map(|guid| args.keep(guid));
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
            email: args.parse("contact", first)?,
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
