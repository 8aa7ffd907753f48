//! Settings and own properties: the GTC, BLP and PRP lines of a SYN dump (MSNP2–12,
//! docs/protocol.md §3.2–3.4), and from MSNP13 the address-book half of a name change
//! (docs/protocol.md §3.6).

use crate::protocol::ServerCommand;
use crate::protocol::command::AddPrompt;
use crate::session::ns::context::Ctx;
use crate::session::ns::online::Online;

use super::sync::Sync;

impl Sync {
    /// Takes a GTC, BLP or PRP line of the dump; false when it is not part of it.
    pub(super) fn take_setting(&mut self, command: &ServerCommand) -> bool {
        match command {
            ServerCommand::Gtc(gtc) if self.ours(gtc.sequence.trid) => {
                self.list.ask_on_add = Some(gtc.setting == AddPrompt::Ask);
                true
            }
            ServerCommand::Blp(blp) if self.ours(blp.sequence.trid) => {
                self.list.privacy = Some(blp.mode);
                true
            }
            ServerCommand::Prp(prp) if self.ours(prp.sequence.trid) || self.version < 8 => {
                if prp.key == "MFN" {
                    self.own_name = prp.value.as_ref().map(|name| name.0.to_string());
                }
                true
            }
            _ => false,
        }
    }
}

impl Online {
    /// The address-book half of a name change (MSNP13+); failures are reported only.
    pub(in crate::session::ns) async fn store_name(&mut self, ctx: &Ctx, name: &str) {
        if let Some(book) = &self.address_book
            && let Err(error) = book.set_display_name(name).await
        {
            ctx.error(
                &format!("cannot store the name in the address book: {error}"),
                None,
            );
        }
    }
}
