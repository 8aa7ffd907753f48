//! What follows `USR OK` in each generation: the list (SYN, or the address book and
//! the initial ADL), then name, status and personal message, restored as wanted.

use crate::protocol::ClientCommand;
use crate::protocol::command::{Blp, PayloadRequest, PrivacyMode, Sequence, SynRequest};
use crate::protocol::message::Secret;
use crate::protocol::types::Status;
use crate::session::error::SessionError;

use super::context::Ctx;
use super::lists::Sync;
use super::online::{Online, Pending};

impl Online {
    pub(super) async fn start(
        &mut self,
        ctx: &mut Ctx,
        name: Option<String>,
        contacts_ticket: Option<Secret>,
    ) -> Result<(), SessionError> {
        if let Some(name) = name {
            ctx.profile.name = name;
        }
        ctx.profile.status = Status::Offline;
        if self.version >= 13 {
            // Loaded first so that the sign-in event already carries our name.
            self.load_address_book(ctx, contacts_ticket).await?;
        }
        self.announce(ctx);
        self.open_offline_services(ctx);
        if self.version < 13 {
            let trid = self.conn.trid();
            self.sync = Some(Sync::new(trid, self.version));
            let settings_version = (self.version >= 10).then(|| "0".to_owned());
            self.conn
                .send(ClientCommand::Syn(SynRequest {
                    trid,
                    list_version: "0".into(),
                    settings_version,
                }))
                .await?;
        } else {
            ctx.list_ready();
            self.send(Pending::StartUp("set the privacy mode"), |trid| {
                ClientCommand::Blp(Blp {
                    sequence: Sequence {
                        trid: Some(trid),
                        serial: None,
                    },
                    mode: PrivacyMode::BlockOthers,
                })
            })
            .await?;
            self.send_initial_list(ctx).await?;
        }
        match (&ctx.wanted.name, self.version) {
            (Some(name), _) if *name != ctx.profile.name || self.version >= 13 => {
                let name = name.clone();
                self.send_name(ctx, &name).await?;
            }
            (None, 13..) => {
                let name = ctx.profile.name.clone();
                self.send_name(ctx, &name).await?;
            }
            _ => {}
        }
        self.send_status(ctx, ctx.wanted.status).await?;
        if self.version >= 16 {
            self.send_endpoint_data(ctx).await?;
        }
        if self.version >= 11
            && let Some(text) = ctx.wanted.personal_message.clone()
        {
            self.send_personal_message(ctx, &text).await?;
        }
        Ok(())
    }

    /// MSNP16+: this endpoint's capabilities and name, as WLM 2009 sends them.
    async fn send_endpoint_data(&mut self, ctx: &Ctx) -> Result<(), SessionError> {
        let (capabilities, _) = super::presence::own_capabilities(self.version, None);
        let capabilities = capabilities.map(|c| c.to_string()).unwrap_or_default();
        let documents = [
            format!("<EndpointData><Capabilities>{capabilities}</Capabilities></EndpointData>"),
            format!(
                "<PrivateEndpointData><EpName>msntui</EpName><Idle>false</Idle><ClientType>1</ClientType><State>{}</State></PrivateEndpointData>",
                ctx.wanted.status.code()
            ),
        ];
        for document in documents {
            self.send(Pending::StartUp("describe this endpoint"), |trid| {
                ClientCommand::Uux(PayloadRequest {
                    trid,
                    payload: document.into(),
                })
            })
            .await?;
        }
        Ok(())
    }
}
