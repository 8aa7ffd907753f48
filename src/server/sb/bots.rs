//! Server-driven participants. The echo bot types, then repeats each text message and
//! answers nudges with a nudge; idle bots only sit in the conversation. The parts of a
//! chunked message are echoed part by part, so the sender gets one message back.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use super::registry::Registry;
use super::session::BotDelivery;
use crate::protocol::message::{
    ChunkPosition, Datacast, Headers, Message, MimeMessage, Part, TextMessage,
};
use crate::protocol::types::Capabilities;
use crate::server::directory::BotKind;

/// What bots announce in JOI and IRO: a plain MSNC4 client, as the recorded MSNP12 one.
pub const BOT_CAPABILITIES: Capabilities = Capabilities {
    flags: 0x4000_0000,
    extended: Some(0),
};

/// How long the echo bot "types" before answering.
const ANSWER_DELAY: Duration = Duration::from_millis(300);

/// A bot's answer to one message: an optional typing notification, then after
/// [`ANSWER_DELAY`] the reply.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    typing: Option<Bytes>,
    reply: Bytes,
}

fn answer(delivery: &BotDelivery) -> Option<Answer> {
    if delivery.kind != BotKind::Echo {
        return None;
    }
    let typing = || Some(Message::typing(delivery.email.clone()).to_bytes());
    let mime = match Part::of(MimeMessage::parse(&delivery.payload).ok()?) {
        Part::Chunk(chunk) => {
            let first = matches!(chunk.position, ChunkPosition::First { .. });
            return Some(Answer {
                typing: if first { typing() } else { None },
                reply: delivery.payload.clone(),
            });
        }
        Part::Whole(mime) => mime,
    };
    match Message::from_mime(mime).ok()? {
        Message::Text(received) => {
            let echo = TextMessage {
                text: received.text,
                format: received.format,
                extra_headers: Headers::new(),
            };
            Some(Answer {
                typing: typing(),
                reply: Message::Text(echo).to_bytes(),
            })
        }
        Message::Datacast(Datacast::Nudge) => Some(Answer {
            typing: None,
            reply: Message::nudge().to_bytes(),
        }),
        _ => None,
    }
}

/// Lets each bot that received a message answer it, in the background.
pub fn react(registry: &Arc<Registry>, session: &str, deliveries: Vec<BotDelivery>) {
    for delivery in deliveries {
        let Some(answer) = answer(&delivery) else {
            continue;
        };
        let registry = Arc::clone(registry);
        let session = session.to_owned();
        tokio::spawn(async move {
            if let Some(typing) = answer.typing {
                registry.relay(&session, delivery.bot, typing);
            }
            tokio::time::sleep(ANSWER_DELAY).await;
            registry.relay(&session, delivery.bot, answer.reply);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(kind: BotKind, payload: &'static [u8]) -> BotDelivery {
        BotDelivery {
            bot: 1,
            kind,
            email: "echo@msntui.local".into(),
            payload: Bytes::from_static(payload),
        }
    }

    const HELLO: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nhello";

    #[test]
    fn echo_types_then_repeats_the_text() {
        let answer = answer(&delivery(BotKind::Echo, HELLO)).expect("answers");
        assert_eq!(
            answer.typing.as_deref(),
            Some(&b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: echo@msntui.local\r\n\r\n\r\n"[..])
        );
        assert_eq!(answer.reply, HELLO);
    }

    #[test]
    fn echo_repeats_chunks_part_by_part() {
        let first = b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nMessage-ID: {1}\r\nChunks: 2\r\n\r\nhel";
        let answer_first = answer(&delivery(BotKind::Echo, first)).expect("answers");
        assert!(answer_first.typing.is_some());
        assert_eq!(answer_first.reply, &first[..]);
        let later = b"Message-ID: {1}\r\nChunk: 1\r\n\r\nlo";
        let answer_later = answer(&delivery(BotKind::Echo, later)).expect("answers");
        assert_eq!(answer_later.typing, None);
        assert_eq!(answer_later.reply, &later[..]);
    }

    #[test]
    fn echo_answers_a_nudge_with_a_nudge() {
        let nudge =
            b"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";
        let answer = answer(&delivery(BotKind::Echo, nudge)).expect("answers");
        assert_eq!(answer.typing, None);
        assert_eq!(answer.reply, &nudge[..]);
    }

    #[test]
    fn echo_ignores_typing_and_idle_bots_never_answer() {
        let typing = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: demo@msntui.local\r\n\r\n\r\n";
        assert_eq!(answer(&delivery(BotKind::Echo, typing)), None);
        assert_eq!(answer(&delivery(BotKind::Idle, HELLO)), None);
        assert_eq!(answer(&delivery(BotKind::Echo, b"\xff\xfe")), None);
    }
}
