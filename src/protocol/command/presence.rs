//! Presence and profile: CHG, ILN/NLN/FLN, UBX/UUX, UUN/UBN, UUM/UBM, and the small
//! service commands URL, IMS, SND, SDC, PAG/PGD, NFY.

use bytes::Bytes;

use super::Fields;
use super::common::{keyword_enum, require_payload};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter};
use crate::protocol::types::{Address, Capabilities, MsnObjectText, Status, Trid, UrlText};

/// `CHG TrID <status> [<capabilities> [<msnobj>]]`, both directions (the server echoes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chg {
    pub trid: Trid,
    pub status: Status,
    pub capabilities: Option<Capabilities>,
    pub object: Option<MsnObjectText>,
}

impl Fields for Chg {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            status: args.get()?,
            capabilities: args.opt()?,
            object: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.status)
            .opt(&self.capabilities)
            .opt(&self.object);
        None
    }
}

/// A contact's presence as NLN (and ILN after its TrID) carry it (docs/protocol.md §4.3):
/// `<status> <address> [<network>] <name> [<capabilities> [<msnobj>]]`, the network id
/// only in MSNP14–17 (MSNP18 prefixes the address instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub status: Status,
    pub address: Address,
    pub network: Option<u32>,
    pub name: UrlText,
    pub capabilities: Option<Capabilities>,
    pub object: Option<MsnObjectText>,
}

impl Fields for Presence {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let status = args.get()?;
        let address = args.get()?;
        // Only MSNP14–17 send five fields after the address.
        let network = if args.remaining() == 4 {
            Some(args.get()?)
        } else {
            None
        };
        Ok(Self {
            status,
            address,
            network,
            name: args.get()?,
            capabilities: args.opt()?,
            object: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.status)
            .field(&self.address)
            .opt(&self.network)
            .field(&self.name)
            .opt(&self.capabilities)
            .opt(&self.object);
        None
    }
}

/// `ILN TrID <presence>`: the initial presence of a contact, answering the first CHG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iln {
    pub trid: Trid,
    pub presence: Presence,
}

impl Fields for Iln {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            presence: Presence::parse(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        self.presence.write(line)
    }
}

/// `FLN <address> [<network>] [<capabilities>]`: a contact went offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fln {
    pub address: Address,
    pub network: Option<u32>,
    pub capabilities: Option<Capabilities>,
}

impl Fields for Fln {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let address = args.get()?;
        let network = if args.remaining() == 2 {
            Some(args.get()?)
        } else {
            None
        };
        Ok(Self {
            address,
            network,
            capabilities: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.address)
            .opt(&self.network)
            .opt(&self.capabilities);
        None
    }
}

/// `UBX <address> [<network>] <len>` + a contact's personal-message XML (MSNP11+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ubx {
    pub address: Address,
    pub network: Option<u32>,
    pub payload: Bytes,
}

impl Fields for Ubx {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            address: args.get()?,
            network: args.opt()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.address).opt(&self.network);
        Some(self.payload.clone())
    }
}

/// `UUX TrID <result>`: the server stored the personal message (`0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UuxAck {
    pub trid: Trid,
    pub result: u32,
}

impl Fields for UuxAck {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            result: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.result);
        None
    }
}

/// `UUN TrID <address> <type> <len>` + body: a notification relayed to one contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uun {
    pub trid: Trid,
    pub to: Address,
    pub kind: u32,
    pub payload: Bytes,
}

impl Fields for Uun {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            to: args.get()?,
            kind: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.to).field(&self.kind);
        Some(self.payload.clone())
    }
}

/// `UBN <address> <type> <len>` + body: a notification relayed from a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ubn {
    pub from: Address,
    pub kind: u32,
    pub payload: Bytes,
}

impl Fields for Ubn {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            from: args.get()?,
            kind: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.from).field(&self.kind);
        Some(self.payload.clone())
    }
}

/// `UUM TrID <address> <network> <type> <len>` + body: a message to a Yahoo or offline contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uum {
    pub trid: Trid,
    pub to: Address,
    pub network: u32,
    pub kind: u32,
    pub payload: Bytes,
}

impl Fields for Uum {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            to: args.get()?,
            network: args.get()?,
            kind: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.to)
            .field(&self.network)
            .field(&self.kind);
        Some(self.payload.clone())
    }
}

/// `UBM <address> <network> <type> <len>` + body: a message from a Yahoo contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ubm {
    pub from: Address,
    pub network: u32,
    pub kind: u32,
    pub payload: Bytes,
}

impl Fields for Ubm {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            from: args.get()?,
            network: args.get()?,
            kind: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.from)
            .field(&self.network)
            .field(&self.kind);
        Some(self.payload.clone())
    }
}

/// `URL TrID <service> [<parameter>]`: asks for a Hotmail/service link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRequest {
    pub trid: Trid,
    pub service: String,
    pub parameter: Option<String>,
}

impl Fields for UrlRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            service: args.string("service")?,
            parameter: args.opt_string(),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.service)
            .opt(&self.parameter);
        None
    }
}

/// `URL TrID <rru> <url> [<id>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlReply {
    pub trid: Trid,
    pub rru: String,
    pub url: String,
    pub id: Option<u32>,
}

impl Fields for UrlReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            rru: args.string("rru")?,
            url: args.string("url")?,
            id: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.rru)
            .text(&self.url)
            .opt(&self.id);
        None
    }
}

keyword_enum! {
    /// `IMS` switch: whether others may open switchboards with you.
    Switch, "ON or OFF", {
        On = "ON",
        Off = "OFF",
    }
}

/// `IMS TrID ON|OFF` (MSNP3+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImsRequest {
    pub trid: Trid,
    pub switch: Switch,
}

impl Fields for ImsRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            switch: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.switch);
        None
    }
}

/// `IMS TrID <serial> ON|OFF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImsReply {
    pub trid: Trid,
    pub serial: u32,
    pub switch: Switch,
}

impl Fields for ImsReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            serial: args.get()?,
            switch: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .field(&self.serial)
            .field(&self.switch);
        None
    }
}

/// Locale and client identification that SND and SDC append after the address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InviteClient {
    pub locale: Option<String>,
    pub client: Option<String>,
    pub client_address: Option<String>,
}

impl InviteClient {
    fn parse(args: &mut Args<'_>, keep: usize) -> Self {
        let mut take = || {
            (args.remaining() > keep)
                .then(|| args.opt_string())
                .flatten()
        };
        Self {
            locale: take(),
            client: take(),
            client_address: take(),
        }
    }

    fn write(&self, line: &mut LineWriter) {
        line.opt(&self.locale)
            .opt(&self.client)
            .opt(&self.client_address);
    }
}

/// `SND TrID <e-mail> [<locale> <client> <client address>]`: send an invitation e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snd {
    pub trid: Trid,
    pub email: Address,
    pub client: InviteClient,
}

impl Fields for Snd {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            email: args.get()?,
            client: InviteClient::parse(args, 0),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.email);
        self.client.write(line);
        None
    }
}

/// `SDC TrID <e-mail> <locale> <client> <client address> X X <name> <len>` + message:
/// an invitation e-mail with a personal note (MSNP5+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdc {
    pub trid: Trid,
    pub email: Address,
    pub client: InviteClient,
    /// The two reserved `X` fields (kept as sent).
    pub reserved: [String; 2],
    pub sender_name: UrlText,
    pub payload: Bytes,
}

impl Fields for Sdc {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let email = args.get()?;
        let client = InviteClient::parse(args, 3);
        Ok(Self {
            trid,
            email,
            client,
            reserved: [args.string("reserved")?, args.string("reserved")?],
            sender_name: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.email);
        self.client.write(line);
        line.text(&self.reserved[0])
            .text(&self.reserved[1])
            .field(&self.sender_name);
        Some(self.payload.clone())
    }
}

/// `PAG TrID <e-mail> <len>` + page (MSNP5–8): a message to a contact's mobile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub trid: Trid,
    pub to: Address,
    pub payload: Bytes,
}

impl Fields for Page {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            to: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.to);
        Some(self.payload.clone())
    }
}

/// `PGD TrID <e-mail> <type> <len>` + page (MSNP9+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageData {
    pub trid: Trid,
    pub to: Address,
    pub kind: u32,
    pub payload: Bytes,
}

impl Fields for PageData {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            to: args.get()?,
            kind: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.to).field(&self.kind);
        Some(self.payload.clone())
    }
}

keyword_enum! {
    /// What an `NFY` document does.
    NfyAction, "NFY action", {
        Put = "PUT",
        Delete = "DEL",
    }
}

/// `NFY PUT|DEL <len>` + document (MSNP18 circles, MSNP21 presence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nfy {
    pub action: NfyAction,
    pub payload: Bytes,
}

impl Fields for Nfy {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            action: args.get()?,
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.action);
        Some(self.payload.clone())
    }
}
