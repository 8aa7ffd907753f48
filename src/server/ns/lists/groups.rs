//! Group changes: ADG, RMG and REG.

use crate::protocol::ServerCommand;
use crate::protocol::command::{
    AdgReply, AdgRequest, GroupId, RegReply, RegRequest, RmgReply, RmgRequest,
};
use crate::protocol::types::ErrorCode;

use crate::server::ns::session::{Flow, NsSession};

impl NsSession {
    pub(in crate::server::ns) fn on_adg(&mut self, adg: AdgRequest) -> Flow {
        let owner = self.email.clone();
        let name = adg.name.as_str().to_owned();
        let Some(group) = self.change(adg.trid, |d| d.add_group(&owner, &name)) else {
            return Flow::Continue;
        };
        let reply = if self.version < 10 {
            AdgReply::Numbered {
                trid: adg.trid,
                serial: self.serial(),
                name: adg.name,
                group: group.number,
            }
        } else {
            AdgReply::Guid {
                trid: adg.trid,
                name: adg.name,
                guid: group.id,
                legacy_zero: true,
            }
        };
        self.reply(ServerCommand::Adg(reply));
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_rmg(&mut self, rmg: RmgRequest) -> Flow {
        let owner = self.email.clone();
        if rmg.group == GroupId::Number(0) {
            self.error(ErrorCode(230), rmg.trid);
            return Flow::Continue;
        }
        let id = rmg.group.to_string();
        if self
            .change(rmg.trid, |d| d.remove_group(&owner, &id))
            .is_some()
        {
            let serial = self.serial();
            self.reply(ServerCommand::Rmg(RmgReply {
                trid: rmg.trid,
                serial: Some(if self.version < 10 { serial } else { 1 }),
                group: rmg.group,
            }));
        }
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_reg(&mut self, reg: RegRequest) -> Flow {
        let owner = self.email.clone();
        let (id, name) = (reg.group.to_string(), reg.name.as_str().to_owned());
        let Some(group) = self.change(reg.trid, |d| d.rename_group(&owner, &id, &name)) else {
            return Flow::Continue;
        };
        let reply = if self.version < 10 {
            RegReply::Numbered {
                trid: reg.trid,
                serial: self.serial(),
                group: group.number,
                name: reg.name,
            }
        } else {
            RegReply::Guid {
                trid: reg.trid,
                serial: Some(1),
                name: reg.name,
                guid: group.id,
                legacy_zero: true,
            }
        };
        self.reply(ServerCommand::Reg(reply));
        Flow::Continue
    }
}
