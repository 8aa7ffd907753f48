//! One JSON object per session event, for `msntui headless`.

mod chat;
mod pictures;
mod transfer;

use serde::Serialize;

use crate::protocol::command::PrivacyMode;
use crate::protocol::types::List;
use crate::session::{
    ConnectionState, Contact, Direction, DisconnectReason, Event, Presence, Profile,
};

#[derive(Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Json<'a> {
    Connecting {
        server: &'a str,
    },
    SigningIn {
        server: &'a str,
    },
    Online,
    Reconnecting {
        attempt: u32,
        delay_ms: u128,
        reason: &'a str,
    },
    Disconnected {
        reason: &'static str,
        message: String,
    },
    SignedIn {
        version: String,
        account: &'a str,
        name: &'a str,
        status: &'static str,
    },
    ContactList {
        contacts: Vec<ContactJson<'a>>,
        groups: Vec<GroupJson<'a>>,
        privacy: Option<&'static str>,
    },
    Contact {
        contact: ContactJson<'a>,
    },
    ContactRemoved {
        email: &'a str,
    },
    Group(GroupJson<'a>),
    GroupRemoved {
        id: &'a str,
    },
    AddedBy {
        email: &'a str,
        name: &'a str,
    },
    RemovedBy {
        email: &'a str,
    },
    Presence {
        email: &'a str,
        status: &'static str,
        name: &'a str,
        capabilities: Option<String>,
        msn_object: Option<&'a str>,
    },
    PersonalMessage {
        email: &'a str,
        message: &'a str,
        media: Option<&'a str>,
    },
    Profile {
        email: &'a str,
        name: &'a str,
        status: &'static str,
        personal_message: &'a str,
    },
    Ring {
        session: &'a str,
        server: String,
        inviter: &'a str,
        inviter_name: &'a str,
    },
    FellBackToGateway {
        server: &'a str,
        gateway: &'a str,
        reason: &'a str,
    },
    Error {
        message: &'a str,
        code: Option<u16>,
    },
    Raw {
        connection: String,
        /// The conversation of a switchboard line.
        conversation: Option<u64>,
        direction: &'static str,
        line: &'a str,
        payload: Option<&'a str>,
    },
}

#[derive(Serialize)]
struct ContactJson<'a> {
    email: &'a str,
    name: &'a str,
    lists: Vec<&'static str>,
    groups: &'a [String],
    status: &'static str,
    personal_message: &'a str,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: &'a str,
    name: &'a str,
}

fn contact(contact: &Contact) -> ContactJson<'_> {
    ContactJson {
        email: &contact.email,
        name: &contact.name,
        lists: contact.lists.lists().map(List::code).collect(),
        groups: &contact.groups,
        status: contact.status.code(),
        personal_message: &contact.personal_message,
    }
}

fn presence(presence: &Presence) -> Json<'_> {
    Json::Presence {
        email: &presence.email,
        status: presence.status.code(),
        name: &presence.name,
        capabilities: presence.capabilities.map(|c| c.to_string()),
        msn_object: presence.msn_object.as_deref(),
    }
}

fn profile(profile: &Profile) -> Json<'_> {
    Json::Profile {
        email: &profile.email,
        name: &profile.name,
        status: profile.status.code(),
        personal_message: &profile.personal_message,
    }
}

fn state(state: &ConnectionState) -> Json<'_> {
    match state {
        ConnectionState::Connecting { server } => Json::Connecting { server },
        ConnectionState::SigningIn { server } => Json::SigningIn { server },
        ConnectionState::Online => Json::Online,
        ConnectionState::Reconnecting {
            attempt,
            delay,
            reason,
        } => Json::Reconnecting {
            attempt: *attempt,
            delay_ms: delay.as_millis(),
            reason,
        },
        ConnectionState::Disconnected(reason) => Json::Disconnected {
            reason: match reason {
                DisconnectReason::SignedOut => "signed_out",
                DisconnectReason::AuthenticationFailed(_) => "authentication_failed",
                DisconnectReason::OtherLocation => "other_location",
                DisconnectReason::Failed(_) => "failed",
            },
            message: reason.to_string(),
        },
    }
}

fn privacy(mode: PrivacyMode) -> &'static str {
    mode.code()
}

/// The event as one line of JSON; `None` for raw lines unless `raw` is set.
pub fn event_line(event: &Event, raw: bool) -> Option<String> {
    let json = match event {
        Event::State(s) => state(s),
        Event::SignedIn {
            version,
            account,
            profile,
        } => Json::SignedIn {
            version: format!("MSNP{version}"),
            account,
            name: &profile.name,
            status: profile.status.code(),
        },
        Event::ContactList(list) => Json::ContactList {
            contacts: list.contacts.iter().map(contact).collect(),
            groups: list
                .groups
                .iter()
                .map(|g| GroupJson {
                    id: &g.id,
                    name: &g.name,
                })
                .collect(),
            privacy: list.privacy.map(privacy),
        },
        Event::ContactChanged(c) => Json::Contact {
            contact: contact(c),
        },
        Event::ContactRemoved { email } => Json::ContactRemoved { email },
        Event::GroupChanged(group) => Json::Group(GroupJson {
            id: &group.id,
            name: &group.name,
        }),
        Event::GroupRemoved { id } => Json::GroupRemoved { id },
        Event::AddedBy { email, name } => Json::AddedBy { email, name },
        Event::RemovedBy { email } => Json::RemovedBy { email },
        Event::Presence(p) => presence(p),
        Event::PersonalMessage {
            email,
            message,
            media,
        } => Json::PersonalMessage {
            email,
            message,
            media: media.as_deref(),
        },
        Event::Profile(p) => profile(p),
        Event::Ring(ring) => Json::Ring {
            session: &ring.session,
            server: ring.server.to_string(),
            inviter: &ring.inviter,
            inviter_name: &ring.inviter_name,
        },
        Event::FellBackToGateway {
            server,
            gateway,
            reason,
        } => Json::FellBackToGateway {
            server,
            gateway,
            reason,
        },
        Event::Error(error) => Json::Error {
            message: &error.message,
            code: error.code,
        },
        Event::HistoryUnreadable { reason, .. } => Json::Error {
            message: reason,
            code: None,
        },
        Event::ConversationOpened { .. }
        | Event::ConversationClosed { .. }
        | Event::Participants { .. }
        | Event::MessageReceived(_)
        | Event::SentElsewhere(_)
        | Event::OfflineMessage(_)
        | Event::NoticeReceived(_)
        | Event::Typing { .. }
        | Event::Nudge { .. }
        | Event::Outgoing(_)
        | Event::Delivery { .. }
        | Event::History { .. } => return chat::line(event),
        Event::Transfer(transfer) => return transfer::line(transfer),
        Event::Picture { email, sha1d, path } => return pictures::picture(email, sha1d, path),
        Event::ContactInfo(info) => return pictures::contact_info(info),
        Event::Raw(line) if raw => Json::Raw {
            connection: line.connection.to_string(),
            conversation: line.conversation.map(|id| id.0),
            direction: match line.direction {
                Direction::Sent => "sent",
                Direction::Received => "received",
            },
            line: &line.line,
            payload: line.payload.as_deref(),
        },
        Event::Raw(_) => return None,
    };
    serde_json::to_string(&json).ok()
}

/// An `error` event for something that happened outside the session (a bad command).
pub fn error_line(message: &str) -> String {
    let json = Json::Error {
        message,
        code: None,
    };
    serde_json::to_string(&json).unwrap_or_else(|_| String::from("{\"event\":\"error\"}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::types::Status;
    use crate::session::{ErrorInfo, RawLine};

    #[test]
    fn events_become_tagged_objects() {
        let signed_in = Event::SignedIn {
            version: 15,
            account: "alice@example.com".into(),
            profile: Profile {
                email: "alice@example.com".into(),
                name: "Alice".into(),
                status: Status::Online,
                personal_message: String::new(),
            },
        };
        let line = event_line(&signed_in, false).unwrap();
        assert!(
            line.starts_with(r#"{"event":"signed_in","version":"MSNP15""#),
            "{line}"
        );
        let error = Event::Error(ErrorInfo {
            message: "cannot add x: 208 (Invalid user name)".into(),
            code: Some(208),
        });
        assert_eq!(
            event_line(&error, false).unwrap(),
            r#"{"event":"error","message":"cannot add x: 208 (Invalid user name)","code":208}"#
        );
        let unreadable = Event::HistoryUnreadable {
            contact: "bob@x.com".into(),
            reason: "cannot read chat log bob.log: Permission denied".into(),
        };
        assert_eq!(
            event_line(&unreadable, false).unwrap(),
            r#"{"event":"error","message":"cannot read chat log bob.log: Permission denied","code":null}"#
        );
        assert_eq!(
            error_line("unknown command /x"),
            r#"{"event":"error","message":"unknown command /x","code":null}"#
        );
    }

    #[test]
    fn a_fallback_to_the_gateway_is_an_event() {
        let fell_back = Event::FellBackToGateway {
            server: "ns:1863".into(),
            gateway: "https://gw/gateway.dll".into(),
            reason: "refused".into(),
        };
        assert_eq!(
            event_line(&fell_back, false).unwrap(),
            r#"{"event":"fell_back_to_gateway","server":"ns:1863","gateway":"https://gw/gateway.dll","reason":"refused"}"#
        );
    }

    #[test]
    fn raw_lines_only_when_asked() {
        let raw = Event::Raw(RawLine {
            connection: crate::session::ConnectionTag {
                id: 1,
                kind: crate::session::ConnectionKind::Notification,
                server: "127.0.0.1:1863".into(),
            },
            direction: Direction::Sent,
            line: "PNG".into(),
            payload: None,
            conversation: None,
        });
        assert_eq!(event_line(&raw, false), None);
        assert_eq!(
            event_line(&raw, true).unwrap(),
            r#"{"event":"raw","connection":"NS#1 127.0.0.1:1863","conversation":null,"direction":"sent","line":"PNG","payload":null}"#
        );
    }
}
