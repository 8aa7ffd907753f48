//! Offline messages on the NS: the services are opened at each sign-in (MSNP11+ to
//! fetch, MSNP13+ to store), and each `Mail-Data` notification from "Hotmail" starts a
//! fetch off the NS loop.

use super::context::Ctx;
use super::online::Online;
use crate::protocol::command::MsgFrom;
use crate::protocol::message::Message;
use crate::session::offline::{Credentials, OfflineNews, OfflineService, Sender};

/// Where the server's own notifications come from.
const SERVICE_SENDER: &str = "Hotmail";
const FIRST_FETCHING_VERSION: u8 = 11;
const FIRST_STORING_VERSION: u8 = 13;

impl Online {
    /// Opens the services with this sign-in's tickets and tells the conversation layer
    /// whether messages can be stored.
    pub(super) fn open_offline_services(&self, ctx: &mut Ctx) {
        ctx.offline = None;
        let tickets = ctx.offline_tickets.take();
        let sending = match tickets.filter(|_| self.version >= FIRST_FETCHING_VERSION) {
            None if self.version < FIRST_STORING_VERSION => {
                Err("offline messages need MSNP13 or later".to_owned())
            }
            None => Err("the sign-in gave no offline-message tickets".to_owned()),
            Some(tickets) => {
                let credentials = Credentials {
                    email: ctx.config.email.clone(),
                    password: ctx.config.password.clone(),
                    rst_url: (self.version >= 15).then(|| ctx.config.rst_url.clone()),
                };
                let sender = (self.version >= FIRST_STORING_VERSION).then(|| Sender {
                    version: self.version,
                    friendly_name: ctx.profile.name.clone(),
                });
                let opened = ctx
                    .auth()
                    .map_err(|error| error.to_string())
                    .and_then(|client| {
                        OfflineService::new(
                            client,
                            &ctx.config.rsi_url,
                            &ctx.config.oim_url,
                            tickets,
                            credentials,
                            sender,
                        )
                        .map_err(|error| error.to_string())
                    });
                match opened {
                    Ok(service) => {
                        ctx.offline = Some(service.clone());
                        if service.can_store() {
                            Ok(service)
                        } else {
                            Err("offline messages need MSNP13 or later".to_owned())
                        }
                    }
                    Err(error) => {
                        ctx.error(&format!("offline messages are off: {error}"), None);
                        Err(error)
                    }
                }
            }
        };
        let _ = ctx.offline_news.send(OfflineNews::Sending(sending));
    }

    /// A message from the server itself: offline-message announcements start a fetch.
    pub(super) fn on_service_message(&self, ctx: &Ctx, message: &MsgFrom) {
        if !message.sender.email.eq_ignore_ascii_case(SERVICE_SENDER) {
            return;
        }
        let Ok(Message::MailData(announced)) = Message::parse(&message.payload) else {
            return;
        };
        let Some(service) = ctx.offline.clone() else {
            return;
        };
        let news = ctx.offline_news.clone();
        tokio::spawn(async move { service.receive(announced, news).await });
    }
}
