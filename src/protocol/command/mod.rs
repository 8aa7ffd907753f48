//! Typed MSNP commands, one enum per direction, one variant per command (MSNP2–MSNP18).
//!
//! Parsing is by shape, not by negotiated version: where versions disagree on a
//! command's fields, the variant's type is an enum of the shapes (see `lists::Lst`).
//! Encoding a parsed command gives back the bytes it came from.

mod common;
mod lists;
mod presence;
mod session;
mod switchboard;

use bytes::{BufMut, Bytes, BytesMut};

pub use common::*;
pub use lists::*;
pub use presence::*;
pub use session::*;
pub use switchboard::*;

use super::error::ParseError;
use super::field::{Args, FieldSplit, LineWriter};
use super::frame::{Direction, RawFrame};
use super::types::{ErrorCode, Trid};

/// The fields of one command (everything after its name), in one direction.
pub trait Fields: Sized {
    /// Parses the fields; `payload` is the body of a payload command (its length field
    /// already removed from `args`).
    fn parse(args: &mut Args<'_>, payload: Option<Bytes>) -> Result<Self, ParseError>;
    /// Writes the fields; returns the body, if any, to append after the line.
    fn write(&self, line: &mut LineWriter) -> Option<Bytes>;
}

/// A typed command of one direction.
pub trait Command: Sized {
    const DIRECTION: Direction;
    /// Parses one frame. Unknown command names give an `Unknown` value, not an error.
    fn from_frame(frame: &RawFrame) -> Result<Self, ParseError>;
    /// Appends the command's exact wire bytes to `out`.
    fn encode(&self, out: &mut BytesMut);
    /// The three-letter command name, or the error code.
    fn name(&self) -> String;
    /// True for the `Unknown` fallback.
    fn is_unknown(&self) -> bool;
}

/// A numeric error reply: `NNN TrID [extra fields]` (docs/protocol.md §1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReply {
    pub code: ErrorCode,
    pub trid: Option<Trid>,
    /// Rare trailing data some servers attach.
    pub details: Vec<String>,
}

impl ErrorReply {
    pub fn new(code: ErrorCode, trid: Trid) -> Self {
        Self {
            code,
            trid: Some(trid),
            details: Vec::new(),
        }
    }
}

/// Splits a frame's line into its name and fields, dropping the payload length field.
fn split_line(frame: &RawFrame) -> Result<(&str, FieldSplit<'_>), ParseError> {
    let line = std::str::from_utf8(frame.line()).map_err(|_| ParseError::BadUtf8)?;
    if line.is_empty() {
        return Err(ParseError::EmptyLine);
    }
    let (name, mut fields) = match line.bytes().position(|byte| byte == b' ') {
        Some(space) => (&line[..space], FieldSplit::new(&line[space + 1..])),
        None => (line, FieldSplit::none()),
    };
    if frame.has_payload() {
        fields.pop();
    }
    Ok((name, fields))
}

/// Writes a finished line (plus payload length and payload) to `out`.
fn finish_line(line: LineWriter, payload: Option<Bytes>, out: &mut BytesMut) {
    let mut line = line.into_line();
    if let Some(payload) = &payload {
        line.push(b' ');
        line.extend_from_slice(payload.len().to_string().as_bytes());
    }
    out.reserve(line.len() + 2 + payload.as_ref().map_or(0, Bytes::len));
    out.put_slice(&line);
    out.put_slice(b"\r\n");
    if let Some(payload) = payload {
        out.put_slice(&payload);
    }
}

macro_rules! command_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $direction:expr, errors: $errors:tt,
        { $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $code:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            /// A numeric error reply.
            Error(ErrorReply),
            /// A command this crate does not know, kept byte for byte.
            Unknown(RawFrame),
        }

        impl Command for $name {
            const DIRECTION: Direction = $direction;

            fn from_frame(frame: &RawFrame) -> Result<Self, ParseError> {
                let (name, fields) = split_line(frame)?;
                if $errors {
                    if let Some(code) = ErrorCode::from_code(name) {
                        let mut args = Args::new("error reply", frame.buffer(), fields);
                        return Ok(Self::Error(ErrorReply {
                            code,
                            trid: args.opt()?,
                            details: args.rest(),
                        }));
                    }
                }
                match name {
                    $( $code => {
                        let mut args = Args::new($code, frame.buffer(), fields);
                        let parsed = <$ty as Fields>::parse(&mut args, frame.payload())?;
                        args.finish()?;
                        Ok(Self::$variant(parsed))
                    } )*
                    _ => Ok(Self::Unknown(frame.clone())),
                }
            }

            fn encode(&self, out: &mut BytesMut) {
                let (line, payload) = match self {
                    $( Self::$variant(fields) => {
                        let mut line = LineWriter::new($code);
                        let payload = fields.write(&mut line);
                        (line, payload)
                    } )*
                    Self::Error(reply) => {
                        let mut line = LineWriter::new(&format!("{:03}", reply.code.0));
                        line.opt(&reply.trid).texts(&reply.details);
                        (line, None)
                    }
                    Self::Unknown(frame) => {
                        out.put_slice(frame.as_bytes());
                        return;
                    }
                };
                finish_line(line, payload, out);
            }

            fn name(&self) -> String {
                match self {
                    $( Self::$variant(_) => $code.to_owned(), )*
                    Self::Error(reply) => format!("{:03}", reply.code.0),
                    Self::Unknown(frame) => frame.command_name(),
                }
            }

            fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl $name {
            /// The exact wire bytes of this command.
            pub fn to_bytes(&self) -> BytesMut {
                let mut out = BytesMut::new();
                self.encode(&mut out);
                out
            }
        }
    };
}

command_enum! {
    /// Everything a client sends, to the notification server or a switchboard.
    ClientCommand, Direction::ClientToServer, errors: false,
    {
        Ver(Ver) = "VER",
        Inf(Inf) = "INF",
        Cvr(ClientVersion) = "CVR",
        Usr(UsrRequest) = "USR",
        Xfr(XfrRequest) = "XFR",
        Out(Out) = "OUT",
        Png(Png) = "PNG",
        Qry(Qry) = "QRY",
        Gcf(GcfRequest) = "GCF",
        Syn(SynRequest) = "SYN",
        Gtc(Gtc) = "GTC",
        Blp(Blp) = "BLP",
        Prp(Prp) = "PRP",
        Add(AddRequest) = "ADD",
        Rem(Rem) = "REM",
        Adc(Adc) = "ADC",
        Adg(AdgRequest) = "ADG",
        Rmg(RmgRequest) = "RMG",
        Reg(RegRequest) = "REG",
        Sbp(Sbp) = "SBP",
        Rea(ReaRequest) = "REA",
        Adl(PayloadRequest) = "ADL",
        Rml(PayloadRequest) = "RML",
        Fqy(PayloadRequest) = "FQY",
        Chg(Chg) = "CHG",
        Uux(PayloadRequest) = "UUX",
        Uun(Uun) = "UUN",
        Uum(Uum) = "UUM",
        Url(UrlRequest) = "URL",
        Ims(ImsRequest) = "IMS",
        Snd(Snd) = "SND",
        Sdc(Sdc) = "SDC",
        Not(Notification) = "NOT",
        Pag(Page) = "PAG",
        Pgd(PageData) = "PGD",
        Put(PayloadRequest) = "PUT",
        Del(PayloadRequest) = "DEL",
        Sdg(PayloadRequest) = "SDG",
        Vas(PayloadRequest) = "VAS",
        Cal(Cal) = "CAL",
        Ans(AnsRequest) = "ANS",
        Msg(MsgRequest) = "MSG",
    }
}

command_enum! {
    /// Everything a server sends: notification server and switchboard.
    ServerCommand, Direction::ServerToClient, errors: true,
    {
        Ver(Ver) = "VER",
        Inf(InfReply) = "INF",
        Cvr(CvrReply) = "CVR",
        Usr(UsrReply) = "USR",
        Xfr(XfrReply) = "XFR",
        Out(OutNotice) = "OUT",
        Qng(Qng) = "QNG",
        Chl(Chl) = "CHL",
        Qry(QryAck) = "QRY",
        Sbs(Sbs) = "SBS",
        Gcf(GcfReply) = "GCF",
        Syn(SynReply) = "SYN",
        Gtc(Gtc) = "GTC",
        Blp(Blp) = "BLP",
        Prp(Prp) = "PRP",
        Lsg(Lsg) = "LSG",
        Lst(Lst) = "LST",
        Bpr(Bpr) = "BPR",
        Add(AddReply) = "ADD",
        Rem(Rem) = "REM",
        Adc(Adc) = "ADC",
        Adg(AdgReply) = "ADG",
        Rmg(RmgReply) = "RMG",
        Reg(RegReply) = "REG",
        Sbp(Sbp) = "SBP",
        Rea(ReaReply) = "REA",
        Adl(ListNotice) = "ADL",
        Rml(ListNotice) = "RML",
        Fqy(PayloadRequest) = "FQY",
        Chg(Chg) = "CHG",
        Iln(Iln) = "ILN",
        Nln(Presence) = "NLN",
        Fln(Fln) = "FLN",
        Ubx(Ubx) = "UBX",
        Uux(UuxAck) = "UUX",
        Uun(OkReply) = "UUN",
        Ubn(Ubn) = "UBN",
        Ubm(Ubm) = "UBM",
        Url(UrlReply) = "URL",
        Ims(ImsReply) = "IMS",
        Snd(OkReply) = "SND",
        Sdc(OkReply) = "SDC",
        Not(Notification) = "NOT",
        Ipg(Notification) = "IPG",
        Nfy(Nfy) = "NFY",
        Put(PayloadReply) = "PUT",
        Del(PayloadReply) = "DEL",
        Sdg(PayloadRequest) = "SDG",
        Rng(Rng) = "RNG",
        Cal(CalRinging) = "CAL",
        Joi(Joi) = "JOI",
        Iro(Iro) = "IRO",
        Ans(OkReply) = "ANS",
        Ack(TridOnly) = "ACK",
        Nak(TridOnly) = "NAK",
        Bye(Bye) = "BYE",
        Msg(MsgFrom) = "MSG",
    }
}
