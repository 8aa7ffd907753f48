//! Display pictures on a switchboard: ours, served to a contact who asks for it (the
//! INVITE must name our current picture's SHA1D), and a contact's, asked for, checked
//! against its SHA1D and written to the cache. Both are quiet transfers: no progress
//! lines, one `Happening::Picture` when a contact's picture is in the cache.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

use super::Happening;
use super::task::Switchboard;
use super::transfers::{Entry, Inbound, Outbound};
use crate::p2p::transfer::{DataKind, FileTransfer, OBJECT_APP_ID_V1, OBJECT_APP_ID_V2};
use crate::p2p::{MsnObject, SlpMessage, Version};
use crate::protocol::command::AckMode;
use crate::session::error::SessionError;
use crate::session::notice::Notice;
use crate::session::pictures::{self, MAX_PICTURE};
use crate::session::transfers::TransferId;

/// What a contact's picture became.
#[derive(Debug)]
pub(crate) struct PictureReport {
    pub email: String,
    pub object: MsnObject,
    /// The cached file, or why there is none.
    pub outcome: Result<PathBuf, String>,
}

/// The MSNObject an INVITE asks for, from its base64 `Context`.
fn requested(invite: &SlpMessage) -> Option<MsnObject> {
    let context = invite.body.get("Context")?;
    let xml = STANDARD.decode(context.trim()).ok()?;
    MsnObject::parse(std::str::from_utf8(&xml).ok()?).ok()
}

impl Switchboard<'_> {
    /// Whether this place answers for our account as a whole here (MSNP16+: every
    /// place of an account in a switchboard gets what is addressed to it).
    fn first_of_our_places(&self) -> bool {
        self.setup
            .endpoint
            .as_deref()
            .is_none_or(|ours| self.roster.first_of_our_places(ours))
    }

    /// A contact asks for one of our objects: our picture is served, anything else
    /// declined; a request to the whole account only by the first of our places.
    pub(super) async fn object_requested(
        &mut self,
        sender: &str,
        reply_to: String,
        version: Version,
        invite: SlpMessage,
        to_account: bool,
    ) -> Result<(), SessionError> {
        if to_account && !self.first_of_our_places() {
            // Another place of our account answers it: two answers would send the
            // requester two interleaved copies, and it would keep neither.
            tracing::debug!(%sender, "picture request left to another place");
            return Ok(());
        }
        let ours = self.setup.picture.as_ref().filter(|picture| {
            requested(&invite).is_some_and(|object| object.sha1d == picture.object.sha1d)
        });
        let machine = ours.map(|picture| {
            FileTransfer::object_requested(invite.clone(), picture.object.size)
                .map(|machine| (machine, picture.data.clone()))
        });
        let Some(Ok((mut machine, data))) = machine else {
            if let Ok(decline) = invite.decline() {
                for packet in self.p2p.slp(&reply_to, version, &decline) {
                    self.send(AckMode::Data, packet).await?;
                }
            }
            let notice = Notice::ObjectRequest { declined: true };
            self.tell(Happening::Notice {
                sender: sender.to_owned(),
                sender_name: sender.to_owned(),
                notice,
            });
            return Ok(());
        };
        let app_id = invite
            .body
            .get("AppID")
            .and_then(|id| id.trim().parse().ok())
            .unwrap_or(OBJECT_APP_ID_V1);
        let ok = machine.accept();
        let stream = self.p2p.stream(&reply_to, version);
        let mut entry = Entry::new(machine, reply_to, sender.to_owned(), version);
        entry.kind = DataKind::object(app_id);
        entry.quiet = true;
        let outbound = Outbound::Picture {
            data,
            prepared: false,
        };
        entry.outbound = Some((outbound, stream));
        let id = self.transfers.ids.next();
        self.transfers.entries.insert(id, entry);
        self.say(id, ok).await
    }

    /// Asks `email` for their picture `object`.
    pub(super) async fn fetch_picture(
        &mut self,
        email: &str,
        object: MsnObject,
    ) -> Result<(), SessionError> {
        if !pictures::wanted(&object) {
            return Ok(());
        }
        let (version, local, remote) = self.p2p_addresses(email);
        let app_id = match version {
            Version::V1 => OBJECT_APP_ID_V1,
            Version::V2 => OBJECT_APP_ID_V2,
        };
        let (machine, invite) = FileTransfer::requesting_object(&local, &remote, &object, app_id);
        let mut entry = Entry::new(machine, remote, email.to_owned(), version);
        entry.kind = DataKind::object(app_id);
        entry.quiet = true;
        let capacity = usize::try_from(object.size.min(MAX_PICTURE)).unwrap_or_default();
        entry.inbound = Some(Inbound::Picture {
            data: Vec::with_capacity(capacity),
            object: Box::new(object),
        });
        let id = self.transfers.ids.next();
        self.transfers.entries.insert(id, entry);
        self.say(id, Some(invite)).await
    }

    /// All of a contact's picture is in: checked, cached, the session closed.
    pub(super) async fn picture_arrived(
        &mut self,
        id: TransferId,
        object: MsnObject,
        data: Vec<u8>,
    ) -> Result<(), SessionError> {
        let Some(entry) = self.transfers.entries.get_mut(&id) else {
            return Ok(());
        };
        let outcome = if object.matches(&data) {
            store(&self.setup.data_dir, &object, Bytes::from(data)).await
        } else {
            Err("the picture does not match its SHA1D".to_owned())
        };
        let bye = match &outcome {
            Ok(_) => entry.machine.saved(),
            Err(reason) => entry.machine.fail(reason.clone()),
        };
        let email = entry.peer.clone();
        self.say(id, bye).await?;
        self.settle(id).await;
        self.tell(Happening::Picture(PictureReport {
            email,
            object,
            outcome,
        }));
        Ok(())
    }
}

/// Writes a verified picture to the cache: a temporary file, then renamed.
async fn store(
    data_dir: &std::path::Path,
    object: &MsnObject,
    data: Bytes,
) -> Result<PathBuf, String> {
    let dir = pictures::cache_dir(data_dir);
    let path = pictures::cache_path(data_dir, object);
    let temporary = dir.join(format!(".{}.part", object.cache_name()));
    let written = async {
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::write(&temporary, &data).await?;
        tokio::fs::rename(&temporary, &path).await
    };
    match written.await {
        Ok(()) => Ok(path),
        Err(error) => {
            let _ = tokio::fs::remove_file(&temporary).await;
            Err(format!(
                "cannot cache the picture in {}: {error}",
                dir.display()
            ))
        }
    }
}
