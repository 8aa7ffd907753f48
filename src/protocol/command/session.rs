//! Connection and sign-in: VER, INF, CVR, USR, XFR, OUT, PNG/QNG, CHL/QRY, SBS, GCF.

use bytes::Bytes;

use super::Fields;
use super::common::{ServerAddress, keyword_enum, require_payload};
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, Field, LineWriter};
use crate::protocol::types::{Address, Dialect, Trid, UrlText};

/// `VER TrID MSNP18 MSNP17 CVR0` both ways; the server's `VER TrID 0` refuses all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ver {
    pub trid: Trid,
    pub dialects: Vec<Dialect>,
}

impl Fields for Ver {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let dialects = args.rest_of()?;
        if dialects.is_empty() {
            return Err(ParseError::MissingField {
                command: "VER",
                field: "dialect",
            });
        }
        Ok(Self { trid, dialects })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        for dialect in &self.dialects {
            line.field(dialect);
        }
        None
    }
}

/// `INF TrID` (MSNP2–7): asks for the supported security packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inf {
    pub trid: Trid,
}

impl Fields for Inf {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self { trid: args.get()? })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        None
    }
}

/// `INF TrID MD5`: the security packages the server offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfReply {
    pub trid: Trid,
    pub packages: Vec<String>,
}

impl Fields for InfReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let packages = args.rest();
        if packages.is_empty() {
            return Err(ParseError::MissingField {
                command: "INF",
                field: "package",
            });
        }
        Ok(Self { trid, packages })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).texts(&self.packages);
        None
    }
}

/// `CVR TrID <locale> <os> <os-version> <arch> <client> <version> <brand> [<e-mail>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientVersion {
    pub trid: Trid,
    /// Hex LCID such as `0x0409`.
    pub locale: String,
    pub os_type: String,
    pub os_version: String,
    pub arch: String,
    pub client_name: String,
    pub client_version: String,
    pub brand: String,
    /// Present from MSNP8.
    pub account: Option<Address>,
}

impl Fields for ClientVersion {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            locale: args.string("locale")?,
            os_type: args.string("os type")?,
            os_version: args.string("os version")?,
            arch: args.string("architecture")?,
            client_name: args.string("client name")?,
            client_version: args.string("client version")?,
            brand: args.string("brand")?,
            account: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.locale)
            .text(&self.os_type)
            .text(&self.os_version)
            .text(&self.arch)
            .text(&self.client_name)
            .text(&self.client_version)
            .text(&self.brand)
            .opt(&self.account);
        None
    }
}

/// `CVR TrID <recommended> <recommended> <minimum> <download-url> [<info-url>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvrReply {
    pub trid: Trid,
    pub recommended: String,
    pub recommended_again: String,
    pub minimum: String,
    pub download_url: String,
    pub info_url: Option<String>,
}

impl Fields for CvrReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            recommended: args.string("recommended version")?,
            recommended_again: args.string("recommended version")?,
            minimum: args.string("minimum version")?,
            download_url: args.string("download url")?,
            info_url: args.opt_string(),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid)
            .text(&self.recommended)
            .text(&self.recommended_again)
            .text(&self.minimum)
            .text(&self.download_url);
        if let Some(url) = &self.info_url {
            line.text(url);
        }
        None
    }
}

keyword_enum! {
    /// The authentication package named in `USR`.
    AuthPackage, "auth package", {
        Md5 = "MD5",
        Tweener = "TWN",
        SingleSignOn = "SSO",
        CircleTicket = "SHA",
    }
}

/// `USR` from the client: each sign-in step of each generation, and the SB login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsrRequest {
    pub trid: Trid,
    pub step: UsrStep,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsrStep {
    /// `MD5 I`, `TWN I`, `SSO I` with the account.
    Initial {
        package: AuthPackage,
        account: Address,
    },
    /// `MD5 S <hex md5(salt ‖ password)>`.
    Md5Response { hash: String },
    /// `TWN S <ticket>`.
    TwnTicket { ticket: String },
    /// `SSO S <ticket> <MBI blob> [<machine guid>]` (GUID from MSNP16).
    SsoResponse {
        ticket: String,
        response: String,
        machine_guid: Option<String>,
    },
    /// `SHA A <circle ticket>` (MSNP18).
    CircleTicket { ticket: String },
    /// Switchboard login: `USR TrID <address> <cookie>`.
    Switchboard { address: Address, cookie: String },
}

impl Fields for UsrRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let step = match args.peek().and_then(AuthPackage::parse_field) {
            None => UsrStep::Switchboard {
                address: args.get()?,
                cookie: args.string("cookie")?,
            },
            Some(package) => {
                args.get::<AuthPackage>()?;
                let stage = args.text("stage")?;
                match (package, stage) {
                    (AuthPackage::CircleTicket, "A") => UsrStep::CircleTicket {
                        ticket: args.string("ticket")?,
                    },
                    (AuthPackage::CircleTicket, _) => return Err(args.invalid("stage", stage)),
                    (_, "I") => UsrStep::Initial {
                        package,
                        account: args.get()?,
                    },
                    (AuthPackage::Md5, "S") => UsrStep::Md5Response {
                        hash: args.string("hash")?,
                    },
                    (AuthPackage::Tweener, "S") => UsrStep::TwnTicket {
                        ticket: args.string("ticket")?,
                    },
                    (AuthPackage::SingleSignOn, "S") => UsrStep::SsoResponse {
                        ticket: args.string("ticket")?,
                        response: args.string("MBI response")?,
                        machine_guid: args.opt_string(),
                    },
                    _ => return Err(args.invalid("stage", stage)),
                }
            }
        };
        Ok(Self { trid, step })
    }

    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        match &self.step {
            UsrStep::Initial { package, account } => {
                line.field(package).text("I").field(account);
            }
            UsrStep::Md5Response { hash } => {
                line.field(&AuthPackage::Md5).text("S").text(hash);
            }
            UsrStep::TwnTicket { ticket } => {
                line.field(&AuthPackage::Tweener).text("S").text(ticket);
            }
            UsrStep::SsoResponse {
                ticket,
                response,
                machine_guid,
            } => {
                line.field(&AuthPackage::SingleSignOn)
                    .text("S")
                    .text(ticket)
                    .text(response);
                if let Some(guid) = machine_guid {
                    line.text(guid);
                }
            }
            UsrStep::CircleTicket { ticket } => {
                line.field(&AuthPackage::CircleTicket)
                    .text("A")
                    .text(ticket);
            }
            UsrStep::Switchboard { address, cookie } => {
                line.field(address).text(cookie);
            }
        }
        None
    }
}

/// `USR` from the server: a challenge, or `OK` with the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsrReply {
    pub trid: Trid,
    pub outcome: UsrOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsrOutcome {
    /// `MD5 S <salt>`.
    Md5Challenge { salt: String },
    /// `TWN S <challenge>`: an opaque `key=value,...` string passed on verbatim.
    TwnChallenge { challenge: String },
    /// `SSO S <policy> <nonce> [<extra>]`.
    SsoChallenge {
        policy: String,
        nonce: String,
        extra: Option<String>,
    },
    /// `OK <address> [<friendly>] [<verified> [<restricted>]]`.
    ///
    /// MSNP2–5 and the SB: address and friendly name; MSNP6–7 add `verified`;
    /// MSNP8–9 add `restricted`; MSNP10+ drop the friendly name.
    Ok {
        address: Address,
        friendly: Option<UrlText>,
        verified: Option<bool>,
        restricted: Option<bool>,
    },
}

impl Fields for UsrReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let outcome = if args.peek() == Some("OK") {
            args.keyword("OK")?;
            let address = args.get()?;
            // Three fields after OK are either MSNP6–7 (name, verified) or MSNP10+
            // (verified, restricted); two flags mean the latter.
            let flags_only = args.remaining() == 2
                && args.peek().is_some_and(is_flag)
                && args.peek_at(1).is_some_and(is_flag);
            let friendly = if flags_only { None } else { args.opt()? };
            UsrOutcome::Ok {
                address,
                friendly,
                verified: args.opt()?,
                restricted: args.opt()?,
            }
        } else {
            let package: AuthPackage = args.get()?;
            args.keyword("S")?;
            match package {
                AuthPackage::Md5 => UsrOutcome::Md5Challenge {
                    salt: args.string("salt")?,
                },
                AuthPackage::Tweener => UsrOutcome::TwnChallenge {
                    challenge: args.string("challenge")?,
                },
                AuthPackage::SingleSignOn => UsrOutcome::SsoChallenge {
                    policy: args.string("policy")?,
                    nonce: args.string("nonce")?,
                    extra: args.opt_string(),
                },
                AuthPackage::CircleTicket => return Err(args.invalid("auth package", "SHA")),
            }
        };
        Ok(Self { trid, outcome })
    }

    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        match &self.outcome {
            UsrOutcome::Md5Challenge { salt } => {
                line.field(&AuthPackage::Md5).text("S").text(salt);
            }
            UsrOutcome::TwnChallenge { challenge } => {
                line.field(&AuthPackage::Tweener).text("S").text(challenge);
            }
            UsrOutcome::SsoChallenge {
                policy,
                nonce,
                extra,
            } => {
                line.field(&AuthPackage::SingleSignOn)
                    .text("S")
                    .text(policy)
                    .text(nonce);
                if let Some(extra) = extra {
                    line.text(extra);
                }
            }
            UsrOutcome::Ok {
                address,
                friendly,
                verified,
                restricted,
            } => {
                line.text("OK")
                    .field(address)
                    .opt(friendly)
                    .opt(verified)
                    .opt(restricted);
            }
        }
        None
    }
}

fn is_flag(text: &str) -> bool {
    text == "0" || text == "1"
}

keyword_enum! {
    /// What `XFR` asks for or redirects to.
    XfrKind, "transfer kind", {
        Switchboard = "SB",
        Notification = "NS",
    }
}

/// `XFR TrID SB`: the client asks for a switchboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XfrRequest {
    pub trid: Trid,
    pub kind: XfrKind,
}

impl Fields for XfrRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            kind: args.get()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).field(&self.kind);
        None
    }
}

/// `XFR` from the server: a switchboard to join, or another NS to move to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XfrReply {
    pub trid: Trid,
    pub target: XfrTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XfrTarget {
    /// `NS <host:port> [...]`: the fields after the address changed over the versions
    /// (MSNP3 `0`, MSNP7 `0 <current server>`, MSNP13 `U D`) and are never used.
    Notification {
        server: ServerAddress,
        unused: Vec<String>,
    },
    /// `SB <host:port> CKI <cookie> [U <host> [<direct>]]` (extras from MSNP13/14).
    Switchboard {
        server: ServerAddress,
        cookie: String,
        host: Option<String>,
        direct: Option<bool>,
    },
}

impl Fields for XfrReply {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let trid = args.get()?;
        let target = match args.get::<XfrKind>()? {
            XfrKind::Notification => XfrTarget::Notification {
                server: args.get()?,
                unused: args.rest(),
            },
            XfrKind::Switchboard => {
                let server = args.get()?;
                args.keyword("CKI")?;
                let cookie = args.string("cookie")?;
                let host = if args.peek().is_some() {
                    args.keyword("U")?;
                    Some(args.string("host")?)
                } else {
                    None
                };
                XfrTarget::Switchboard {
                    server,
                    cookie,
                    host,
                    direct: args.opt()?,
                }
            }
        };
        Ok(Self { trid, target })
    }

    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        match &self.target {
            XfrTarget::Notification { server, unused } => {
                line.field(&XfrKind::Notification)
                    .field(server)
                    .texts(unused);
            }
            XfrTarget::Switchboard {
                server,
                cookie,
                host,
                direct,
            } => {
                line.field(&XfrKind::Switchboard)
                    .field(server)
                    .text("CKI")
                    .text(cookie);
                if let Some(host) = host {
                    line.text("U").text(host);
                }
                line.opt(direct);
            }
        }
        None
    }
}

/// `OUT` from the client: sign out (NS) or leave (SB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Out;

impl Fields for Out {
    fn parse(_args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Out)
    }
    fn write(&self, _line: &mut LineWriter) -> Option<Bytes> {
        None
    }
}

/// `OUT [<reason>]` from the server: the session is over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutNotice {
    pub reason: Option<OutReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutReason {
    /// `OTH`: signed in from another place.
    OtherLocation,
    /// `SSD`: the server is shutting down.
    ServerShutdown,
    /// `MIG`: address-book migration.
    Migration,
    /// `RCT <minutes>`: reconnect after a delay (MSNP11+).
    Reconnect { minutes: u32 },
}

impl OutReason {
    pub fn describe(self) -> String {
        match self {
            OutReason::OtherLocation => "signed in from another location".to_owned(),
            OutReason::ServerShutdown => "the server is shutting down".to_owned(),
            OutReason::Migration => "the address book is being migrated".to_owned(),
            OutReason::Reconnect { minutes } => format!("asked to reconnect in {minutes} minutes"),
        }
    }
}

impl Fields for OutNotice {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        let Some(code) = args.opt_string() else {
            return Ok(Self { reason: None });
        };
        let reason = match code.as_str() {
            "OTH" => OutReason::OtherLocation,
            "SSD" => OutReason::ServerShutdown,
            "MIG" => OutReason::Migration,
            "RCT" => OutReason::Reconnect {
                minutes: args.get()?,
            },
            _ => return Err(args.invalid("reason", &code)),
        };
        Ok(Self {
            reason: Some(reason),
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        match self.reason {
            None => {}
            Some(OutReason::OtherLocation) => {
                line.text("OTH");
            }
            Some(OutReason::ServerShutdown) => {
                line.text("SSD");
            }
            Some(OutReason::Migration) => {
                line.text("MIG");
            }
            Some(OutReason::Reconnect { minutes }) => {
                line.text("RCT").field(&minutes);
            }
        }
        None
    }
}

/// `PNG`: keep-alive, no TrID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Png;

impl Fields for Png {
    fn parse(_args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Png)
    }
    fn write(&self, _line: &mut LineWriter) -> Option<Bytes> {
        None
    }
}

/// `QNG [<seconds>]`: the answer to PNG; from MSNP9 the seconds until the next PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qng {
    pub next_ping_secs: Option<u32>,
}

impl Fields for Qng {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            next_ping_secs: args.opt()?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.opt(&self.next_ping_secs);
        None
    }
}

/// `CHL 0 <challenge>`: must be answered with QRY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chl {
    pub trid: Trid,
    pub challenge: String,
}

impl Fields for Chl {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            challenge: args.string("challenge")?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text(&self.challenge);
        None
    }
}

/// `QRY TrID <product id> 32` + the 32 hex characters of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qry {
    pub trid: Trid,
    pub product_id: String,
    pub response: Bytes,
}

impl Fields for Qry {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            product_id: args.string("product id")?,
            response: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text(&self.product_id);
        Some(self.response.clone())
    }
}

/// `QRY TrID`: the server accepted the challenge answer (no body, whatever its last field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QryAck {
    pub trid: Trid,
}

impl Fields for QryAck {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self { trid: args.get()? })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        None
    }
}

/// `SBS 0 null` (MSNP11+): meaning unknown, ignored by clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sbs {
    pub trid: Trid,
    pub value: String,
}

impl Fields for Sbs {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            value: args.string("value")?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text(&self.value);
        None
    }
}

/// `GCF TrID Shields.xml` (MSNP11–12): asks for a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcfRequest {
    pub trid: Trid,
    pub file: String,
}

impl Fields for GcfRequest {
    fn parse(args: &mut Args<'_>, _payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            file: args.string("file")?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid).text(&self.file);
        None
    }
}

/// `GCF TrID [<file>] <len>` + policy XML; MSNP13+ pushes `GCF 0 <len>` during sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcfReply {
    pub trid: Trid,
    pub file: Option<String>,
    pub payload: Bytes,
}

impl Fields for GcfReply {
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError> {
        Ok(Self {
            trid: args.get()?,
            file: args.opt_string(),
            payload: require_payload(args, payload)?,
        })
    }
    fn write(&self, line: &mut LineWriter) -> Option<Bytes> {
        line.field(&self.trid);
        if let Some(file) = &self.file {
            line.text(file);
        }
        Some(self.payload.clone())
    }
}
