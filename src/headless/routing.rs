//! Which conversation a headless command goes to. Left to itself, the session sends
//! `/msg EMAIL` to a one-to-one conversation; a script that invited others expects its
//! text in the conversation it last used with that contact, multi-party or not. The
//! conversations and their members are learnt from the events the script also sees.

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use crate::session::commands::address;
use crate::session::{ChatTarget, ConversationId, Event, Request};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RouteError {
    #[error("usage: {0} [EMAIL|CONVERSATION]")]
    Usage(&'static str),
    #[error("no open conversation with {0}")]
    NoConversationWith(String),
    #[error("no conversation is open")]
    NoConversation,
    #[error(transparent)]
    Command(#[from] super::commands::CommandError),
}

#[derive(Debug, Default)]
pub struct Routing {
    /// Whom each open conversation is with: who was there last.
    members: BTreeMap<ConversationId, BTreeSet<String>>,
    /// Open conversations, the one used last at the end.
    recent: Vec<ConversationId>,
}

impl Routing {
    /// Learns from an event the session sent.
    pub fn observe(&mut self, event: &Event) {
        match event {
            Event::ConversationOpened { conversation, with } => {
                self.members
                    .entry(*conversation)
                    .or_default()
                    .extend(with.iter().cloned());
                self.touch(*conversation);
            }
            Event::Participants {
                conversation,
                present,
                ..
            } => {
                // As the session does: who was there last. Someone who left is called
                // back only into a conversation that emptied, never into a group.
                if !present.is_empty() {
                    let now = present.iter().map(|p| p.email.to_ascii_lowercase());
                    self.members.insert(*conversation, now.collect());
                }
                self.touch(*conversation);
            }
            Event::MessageReceived(message) => self.touch(message.conversation),
            Event::Outgoing(outgoing) => self.touch(outgoing.conversation),
            Event::ConversationClosed { conversation } => {
                self.members.remove(conversation);
                self.recent.retain(|id| id != conversation);
            }
            _ => {}
        }
    }

    /// One line of input as a request: `/typing`, `/close` and `/resend` here,
    /// everything else through the shared parser, with messages and nudges to a contact
    /// sent into the conversation last used with them.
    pub fn command(&self, line: &str) -> Result<Request, RouteError> {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default().to_ascii_lowercase();
        let name = match first.as_str() {
            "/typing" => "/typing",
            "/close" => "/close",
            "/resend" => "/resend",
            _ => return self.shared_command(line),
        };
        let conversation = match (words.next(), words.next()) {
            (None, _) => self
                .recent
                .last()
                .copied()
                .ok_or(RouteError::NoConversation)?,
            (Some(target), None) => self.conversation(target)?,
            _ => return Err(RouteError::Usage(name)),
        };
        Ok(match name {
            "/typing" => Request::Typing { conversation },
            "/resend" => Request::Resend { conversation },
            _ => Request::CloseConversation { conversation },
        })
    }

    fn shared_command(&self, line: &str) -> Result<Request, RouteError> {
        Ok(match super::commands::parse(line)? {
            Request::SendMessage { to, text } => Request::SendMessage {
                to: self.route(to),
                text,
            },
            Request::Nudge { to } => Request::Nudge { to: self.route(to) },
            other => other,
        })
    }

    fn route(&self, to: ChatTarget) -> ChatTarget {
        match to {
            ChatTarget::Contact(email) => match self.last_with(&email) {
                Some(id) => ChatTarget::Conversation(id),
                None => ChatTarget::Contact(email),
            },
            other => other,
        }
    }

    /// A conversation number, or the conversation last used with an address.
    fn conversation(&self, target: &str) -> Result<ConversationId, RouteError> {
        if let Ok(id) = target.parse() {
            return Ok(ConversationId(id));
        }
        let email = address(target)?;
        self.last_with(&email)
            .ok_or(RouteError::NoConversationWith(email))
    }

    fn last_with(&self, email: &str) -> Option<ConversationId> {
        self.recent.iter().rev().copied().find(|id| {
            self.members
                .get(id)
                .is_some_and(|members| members.contains(email))
        })
    }

    fn touch(&mut self, conversation: ConversationId) {
        self.recent.retain(|id| *id != conversation);
        self.recent.push(conversation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Participant;

    fn opened(id: u64, with: &[&str]) -> Event {
        Event::ConversationOpened {
            conversation: ConversationId(id),
            with: with.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn to(request: Request) -> ChatTarget {
        match request {
            Request::SendMessage { to, .. } | Request::Nudge { to } => to,
            other => panic!("not a message: {other:?}"),
        }
    }

    #[test]
    fn msg_goes_to_the_conversation_last_used_with_the_contact_even_a_group() {
        let mut routing = Routing::default();
        assert_eq!(
            to(routing.command("/msg bob@x.com hi").unwrap()),
            ChatTarget::Contact("bob@x.com".into())
        );
        routing.observe(&opened(1, &["bob@x.com"]));
        routing.observe(&opened(2, &["carol@x.com"]));
        routing.observe(&Event::Participants {
            conversation: ConversationId(1),
            present: vec![Participant {
                email: "carol@x.com".into(),
                name: "Carol".into(),
            }],
            joined: vec!["carol@x.com".into()],
            left: vec![],
        });
        for line in ["/msg carol@x.com hi", "/nudge carol@x.com"] {
            assert_eq!(
                to(routing.command(line).unwrap()),
                ChatTarget::Conversation(ConversationId(1)),
                "{line}"
            );
        }
        routing.observe(&Event::ConversationClosed {
            conversation: ConversationId(1),
        });
        assert_eq!(
            to(routing.command("/msg carol@x.com hi").unwrap()),
            ChatTarget::Conversation(ConversationId(2))
        );
    }

    fn present(conversation: u64, emails: &[&str], left: &[&str]) -> Event {
        Event::Participants {
            conversation: ConversationId(conversation),
            present: emails
                .iter()
                .map(|email| Participant {
                    email: email.to_string(),
                    name: email.to_string(),
                })
                .collect(),
            joined: vec![],
            left: left.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A message for someone who left a group must not go to those still in it.
    #[test]
    fn msg_to_someone_who_left_a_group_does_not_go_to_the_group() {
        let mut routing = Routing::default();
        routing.observe(&opened(1, &["alice@x.com"]));
        routing.observe(&present(1, &["alice@x.com", "carol@x.com"], &[]));
        routing.observe(&present(1, &["carol@x.com"], &["alice@x.com"]));
        assert_eq!(
            to(routing.command("/msg alice@x.com only for you").unwrap()),
            ChatTarget::Contact("alice@x.com".into())
        );
        assert_eq!(
            to(routing.command("/msg carol@x.com hi").unwrap()),
            ChatTarget::Conversation(ConversationId(1))
        );
        // The last one leaving empties the switchboard, not the conversation: a message
        // to them calls them back into it.
        routing.observe(&present(1, &[], &["carol@x.com"]));
        assert_eq!(
            to(routing.command("/msg carol@x.com back?").unwrap()),
            ChatTarget::Conversation(ConversationId(1))
        );
    }

    /// `/typing`, `/close` and `/resend` each name a conversation the same way.
    #[test]
    fn conversation_commands_take_a_number_an_address_or_the_last_conversation() {
        type Build = fn(ConversationId) -> Request;
        let commands: [(&str, Build); 3] = [
            ("/typing", |conversation| Request::Typing { conversation }),
            ("/close", |conversation| Request::CloseConversation {
                conversation,
            }),
            ("/resend", |conversation| Request::Resend { conversation }),
        ];
        for (name, request) in commands {
            let mut routing = Routing::default();
            let command = |routing: &Routing, args: &str| routing.command(&format!("{name}{args}"));
            let to = |id| Ok(request(ConversationId(id)));
            assert_eq!(command(&routing, ""), Err(RouteError::NoConversation));
            assert_eq!(
                command(&routing, " bob@x.com"),
                Err(RouteError::NoConversationWith("bob@x.com".into()))
            );
            routing.observe(&opened(4, &["bob@x.com"]));
            routing.observe(&opened(5, &["dan@x.com"]));
            assert_eq!(command(&routing, ""), to(5), "{name}");
            assert_eq!(command(&routing, " Bob@x.com"), to(4), "{name}");
            assert_eq!(command(&routing, " 9"), to(9), "{name}");
            assert_eq!(command(&routing, " 4 5"), Err(RouteError::Usage(name)));
            assert_eq!(
                command(&routing, " carol@x.com"),
                Err(RouteError::NoConversationWith("carol@x.com".into()))
            );
            let upper = routing.command(&format!("{} bob@x.com", name.to_uppercase()));
            assert_eq!(upper, to(4), "{name} in capitals");
        }
    }
}
