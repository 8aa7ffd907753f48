//! Settings and own properties: GTC, BLP, PRP and REA.

use crate::protocol::ServerCommand;
use crate::protocol::command::{
    AddPrompt, Blp, Gtc, PrivacyMode, Prp, ReaReply, ReaRequest, Sequence,
};
use crate::protocol::types::{ErrorCode, Trid};
use crate::server::directory::{Account, Directory, DirectoryError, Privacy};
use crate::server::lock;

use crate::server::ns::session::{Flow, NsSession};

impl NsSession {
    pub(in crate::server::ns) fn on_gtc(&mut self, gtc: Gtc) -> Flow {
        if self.version >= 13 {
            return Flow::Close;
        }
        let ask = gtc.setting == AddPrompt::Ask;
        let email = self.email.clone();
        self.set_privacy_setting(
            gtc.sequence.trid,
            |account| account.ask_on_add == ask,
            |d| d.set_ask_on_add(&email, ask),
            |sequence| {
                ServerCommand::Gtc(Gtc {
                    sequence,
                    setting: gtc.setting,
                })
            },
        )
    }

    pub(in crate::server::ns) fn on_blp(&mut self, blp: Blp) -> Flow {
        let privacy = match blp.mode {
            PrivacyMode::AllowOthers => Privacy::AllowOthers,
            PrivacyMode::BlockOthers => Privacy::BlockOthers,
        };
        let email = self.email.clone();
        self.set_privacy_setting(
            blp.sequence.trid,
            |account| account.privacy == privacy,
            |d| d.set_privacy(&email, privacy),
            |sequence| {
                ServerCommand::Blp(Blp {
                    sequence,
                    mode: blp.mode,
                })
            },
        )
    }

    /// GTC and BLP: 218 when the setting is already so (below MSNP13), else change it and
    /// echo it, with the list serial below MSNP10.
    fn set_privacy_setting(
        &mut self,
        trid: Option<Trid>,
        unchanged: impl FnOnce(&Account) -> bool,
        change: impl FnOnce(&mut Directory) -> Result<(), DirectoryError>,
        reply: impl FnOnce(Sequence) -> ServerCommand,
    ) -> Flow {
        let Some(trid) = trid else {
            return Flow::Continue;
        };
        let unchanged = lock(&self.shared.store)
            .directory()
            .account(&self.email)
            .is_some_and(unchanged);
        if unchanged && self.version < 13 {
            self.error(ErrorCode(218), trid);
            return Flow::Continue;
        }
        if self.change(trid, change).is_some() {
            let serial = (self.version < 10).then(|| self.serial());
            self.reply(reply(Sequence {
                trid: Some(trid),
                serial,
            }));
        }
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_prp(&mut self, prp: Prp) -> Flow {
        let Some(trid) = prp.sequence.trid else {
            return Flow::Continue;
        };
        if prp.key == "MFN" {
            if self.version < 10 {
                self.error(ErrorCode::NOT_EXPECTED, trid);
                return Flow::Continue;
            }
            let name = prp.value.clone().unwrap_or_default();
            let email = self.email.clone();
            if self
                .change(trid, |d| d.set_display_name(&email, name.as_str()))
                .is_none()
            {
                return Flow::Continue;
            }
            if self.first_chg_seen {
                self.announce_presence(true);
            }
        }
        let serial = (self.version < 10).then(|| self.serial());
        self.reply(ServerCommand::Prp(Prp {
            sequence: Sequence {
                trid: Some(trid),
                serial,
            },
            key: prp.key,
            value: prp.value,
        }));
        Flow::Continue
    }

    pub(in crate::server::ns) fn on_rea(&mut self, rea: ReaRequest) -> Flow {
        if self.version >= 10 {
            self.error(ErrorCode(502), rea.trid);
            return Flow::Continue;
        }
        let (owner, target, name) = (
            self.email.clone(),
            rea.email.email.to_ascii_lowercase(),
            rea.name.clone(),
        );
        let own = target == owner;
        let changed = self.change(rea.trid, |d| {
            if own {
                d.set_display_name(&owner, name.as_str())
            } else {
                d.rename_contact(&owner, &target, name.as_str())
            }
        });
        if changed.is_some() {
            self.reply(ServerCommand::Rea(ReaReply {
                trid: rea.trid,
                serial: self.serial(),
                email: rea.email,
                name: rea.name,
            }));
            if own && self.first_chg_seen {
                self.announce_presence(true);
            }
        }
        Flow::Continue
    }
}
