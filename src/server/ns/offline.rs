//! `UUM` to an offline contact (MSNP18): stored as an offline message, as Escargot does.
//! The server never answers UUM, whether it stores the message or drops it.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::protocol::command::Uum;
use crate::protocol::message::{ContentType, MimeMessage};
use crate::server::directory::StoredOffline;
use crate::server::{lock, offline};

use super::session::{Flow, NsSession};

/// The MSN network in `UUM`; `1` as type is a text message.
const MSN_NETWORK: u32 = 1;
const TEXT_MESSAGE: u32 = 1;

impl NsSession {
    pub(super) fn on_uum(&mut self, uum: Uum) -> Flow {
        if self.version < 18 || uum.kind != TEXT_MESSAGE {
            tracing::info!(peer = %self.peer, "dropping client: UUM it may not send");
            return Flow::Close;
        }
        if uum.network != MSN_NETWORK {
            return Flow::Continue;
        }
        let recipient = uum.to.email.to_ascii_lowercase();
        let Some(text) = self.offline_text(&recipient, &uum.payload) else {
            return Flow::Continue;
        };
        let sender_name = lock(&self.shared.store)
            .directory()
            .account(&self.email)
            .map_or_else(
                || self.email.clone(),
                |account| account.display_name.clone(),
            );
        let message = StoredOffline {
            id: uuid::Uuid::new_v4().to_string().to_ascii_uppercase(),
            sender: self.email.clone(),
            sender_name,
            received: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs()),
            origin: self.peer.ip().to_string(),
            headers: format!(
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\nX-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {{{}}}",
                uuid::Uuid::new_v4()
            ),
            body: BASE64.encode(text.as_bytes()),
        };
        if let Err(error) = offline::deliver(&self.shared, &recipient, message) {
            tracing::error!(%error, "cannot save the directory");
        }
        Flow::Continue
    }

    /// The text of a UUM worth storing: plain text for the client, to a contact who
    /// is offline (or invisible) and does not block us.
    fn offline_text(&self, recipient: &str, payload: &[u8]) -> Option<String> {
        let mime = MimeMessage::parse(payload).ok()?;
        let content_type: ContentType = mime.content_type()?;
        let for_client = mime
            .headers
            .get("Dest-Agent")
            .is_some_and(|agent| agent.trim().eq_ignore_ascii_case("client"));
        if content_type.media_type != "text/plain" || !content_type.is_utf8() || !for_client {
            return None;
        }
        let allowed = lock(&self.shared.store)
            .directory()
            .allows(recipient, &self.email);
        let online = lock(&self.shared.hub).visible_presence(recipient).is_some();
        if !allowed || online {
            return None;
        }
        String::from_utf8(mime.body.to_vec()).ok()
    }
}
