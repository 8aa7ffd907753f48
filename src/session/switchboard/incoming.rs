//! Messages from the others on a switchboard: chunked ones are put back together first;
//! text, typing and nudges go to the conversation layer as messages; everything else a
//! person sent becomes a notice; P2P packets and MSNP2–8 invitations are answered here
//! (declined) since only this task can write to the switchboard.

use std::collections::HashMap;

use bytes::Bytes;
use tokio::time::Instant;

use super::Happening;
use super::task::Switchboard;
use crate::p2p;
use crate::protocol::command::{AckMode, MsgFrom};
use crate::protocol::message::{
    Datacast, Headers, Incomplete, Message, MimeMessage, Outcome, Part, TextFormat, TextMessage,
};
use crate::session::error::SessionError;
use crate::session::notice::Notice;

const INK: [&str; 2] = ["application/x-ms-ink", "image/gif"];
const KEEPALIVE: &str = "text/x-keepalive";

/// Where a received message goes.
enum Route {
    /// To the conversation layer as it is (text, typing, nudge).
    Message(Message),
    Notice(Notice),
    /// Purely technical: logged at debug level only.
    Quiet(&'static str),
}

/// The names senders last gave, for the notices of messages that time out.
#[derive(Default)]
pub(super) struct SenderNames(HashMap<String, String>);

impl SenderNames {
    fn remember(&mut self, email: &str, name: &str) {
        self.0.insert(email.to_owned(), name.to_owned());
    }

    fn of(&self, email: &str) -> String {
        self.0
            .get(email)
            .cloned()
            .unwrap_or_else(|| email.to_owned())
    }
}

impl Switchboard<'_> {
    pub(super) async fn receive(&mut self, message: MsgFrom) -> Result<(), SessionError> {
        let sender = message.sender.email.to_ascii_lowercase();
        let name = message.sender_name.0;
        self.names.remember(&sender, &name);
        let mime = match MimeMessage::parse(&message.payload) {
            Ok(mime) => mime,
            Err(error) => {
                let reason = error.to_string();
                self.notice(&sender, Notice::Unreadable { reason });
                return Ok(());
            }
        };
        let whole = match Part::of(mime) {
            Part::Whole(mime) => mime,
            Part::Chunk(chunk) => {
                match self
                    .chunks
                    .accept(&sender, chunk, Instant::now().into_std())
                {
                    Outcome::Complete(mime) => mime,
                    Outcome::Pending => return Ok(()),
                    Outcome::Refused { error, partial } => {
                        let partial = partial.unwrap_or_else(|| Incomplete {
                            sender: sender.clone(),
                            headers: None,
                            body: Bytes::new(),
                            received: 1,
                            expected: None,
                        });
                        self.incomplete(partial, &error.to_string());
                        return Ok(());
                    }
                }
            }
        };
        self.whole(&sender, whole).await
    }

    /// Shows what arrived of chunked messages whose time ran out.
    pub(super) fn expire_chunks(&mut self, now: Instant) {
        for partial in self.chunks.expire(now.into_std()) {
            self.incomplete(partial, "the other parts did not arrive in time");
        }
    }

    /// Shows what arrived of chunked messages still under way when the switchboard closed.
    pub(super) fn give_up_chunks(&mut self) {
        for partial in self.chunks.drain() {
            self.incomplete(partial, "the conversation closed first");
        }
    }

    pub(super) fn chunks_deadline(&self) -> Option<Instant> {
        self.chunks.deadline().map(Instant::from_std)
    }

    async fn whole(&mut self, sender: &str, mime: MimeMessage) -> Result<(), SessionError> {
        let is_p2p = mime
            .content_type()
            .is_some_and(|kind| kind.media_type == p2p::CONTENT_TYPE);
        if is_p2p {
            let answer = self.p2p.receive(sender, &mime);
            for reply in answer.replies {
                self.send(AckMode::Data, reply).await?;
            }
            if let Some(notice) = answer.notice {
                self.notice(sender, notice);
            }
            if let Some(input) = answer.transfer {
                self.for_transfers(sender, input).await?;
            }
            return Ok(());
        }
        let message = match Message::from_mime(mime) {
            Ok(message) => message,
            Err(error) => {
                let reason = error.to_string();
                self.notice(sender, Notice::Unreadable { reason });
                return Ok(());
            }
        };
        if let Message::Invitation(invitation) = &message
            && invitation.is_invite()
        {
            self.send(AckMode::NegativeOnly, invitation.reject().to_bytes())
                .await?;
        }
        match route(message) {
            Route::Message(message) => self.tell(Happening::Received {
                sender: sender.to_owned(),
                sender_name: self.names.of(sender),
                message: Box::new(message),
            }),
            Route::Notice(notice) => self.notice(sender, notice),
            Route::Quiet(what) => tracing::debug!(%sender, what, "technical switchboard message"),
        }
        Ok(())
    }

    /// The text that arrived of an incomplete message, then a notice saying so.
    fn incomplete(&mut self, partial: Incomplete, reason: &str) {
        let headers = partial.headers.unwrap_or_default();
        let is_text = headers
            .get("Content-Type")
            .is_none_or(|kind| kind.to_ascii_lowercase().starts_with("text/plain"));
        if is_text && !partial.body.is_empty() {
            let text = TextMessage {
                text: String::from_utf8_lossy(&partial.body).into_owned(),
                format: headers.get("X-MMS-IM-Format").map(TextFormat::parse),
                extra_headers: Headers::new(),
            };
            self.tell(Happening::Received {
                sender: partial.sender.clone(),
                sender_name: self.names.of(&partial.sender),
                message: Box::new(Message::Text(text)),
            });
        }
        let notice = Notice::IncompleteMessage {
            received: partial.received,
            expected: partial.expected,
            reason: reason.to_owned(),
        };
        self.notice(&partial.sender, notice);
    }

    fn notice(&self, sender: &str, notice: Notice) {
        self.tell(Happening::Notice {
            sender: sender.to_owned(),
            sender_name: self.names.of(sender),
            notice,
        });
    }
}

fn route(message: Message) -> Route {
    match message {
        Message::Text(_) | Message::Typing { .. } | Message::Datacast(Datacast::Nudge) => {
            Route::Message(message)
        }
        Message::Datacast(Datacast::Wink { .. }) => Route::Notice(Notice::Wink),
        Message::Datacast(Datacast::VoiceClip { .. }) => Route::Notice(Notice::VoiceClip),
        Message::Datacast(Datacast::Action { text }) => Route::Notice(Notice::Action { text }),
        Message::Datacast(Datacast::Other { id, .. }) => Route::Notice(Notice::Unknown {
            content_type: format!("text/x-msnmsgr-datacast ID {id}"),
        }),
        Message::Emoticons(list) if list.emoticons.is_empty() => {
            Route::Quiet("empty emoticon list")
        }
        Message::Emoticons(list) => Route::Notice(Notice::CustomEmoticons {
            shortcuts: list.emoticons.into_iter().map(|e| e.shortcut).collect(),
        }),
        Message::Invitation(invitation) if invitation.is_invite() => {
            Route::Notice(match invitation.file {
                Some(name) => Notice::FileOffer {
                    name,
                    size: invitation.file_size,
                    declined: true,
                },
                None => Notice::Invitation {
                    application: invitation
                        .application
                        .unwrap_or_else(|| "unnamed application".to_owned()),
                    declined: true,
                },
            })
        }
        Message::Invitation(_) => Route::Quiet("answer to an invitation"),
        Message::ClientCaps(_) => Route::Quiet("client capabilities"),
        Message::Profile(_)
        | Message::InitialEmail(_)
        | Message::NewEmail(_)
        | Message::MailActivity(_)
        | Message::MailData(_)
        | Message::SystemMessage(_) => Route::Quiet("a notification-server message"),
        Message::Unknown(mime) => {
            let content_type = mime
                .headers
                .get("Content-Type")
                .unwrap_or("none")
                .to_owned();
            let media_type = mime.content_type().map(|kind| kind.media_type);
            match media_type.as_deref() {
                Some(kind) if INK.contains(&kind) => Route::Notice(Notice::Ink),
                Some(KEEPALIVE) => Route::Quiet("keep-alive"),
                _ => Route::Notice(Notice::Unknown { content_type }),
            }
        }
    }
}
