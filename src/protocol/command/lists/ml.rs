//! The MSNP13+ ADL/RML notices from the server (docs/protocol.md §3.7).

use bytes::Bytes;

use crate::protocol::command::Fields;
use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, LineWriter};
use crate::protocol::types::Trid;

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
