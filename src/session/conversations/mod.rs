//! The conversation layer, between the user interface and the switchboards: it keeps
//! conversations across switchboards (re-opening one for the next message, merging two
//! with the same contact), queues outgoing messages until someone has joined (and, while
//! the session reconnects, until it is back), follows each to `Delivered` or `Failed`,
//! throttles and expires typing notifications, and writes the chat log. Requests other
//! than chat go on to the NS task unchanged.

mod conversation;
mod incoming;
mod links;
mod log;
mod notices;
mod offline;
mod outgoing;
mod pictures;
mod requests;
mod transfers;
mod typing;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use crate::chatlog::ChatLog;
use crate::p2p::MsnObject;
use crate::protocol::types::List;
use crate::session::chat::ConversationId;
use crate::session::config::SessionConfig;
use crate::session::events::{ConnectionState, ErrorInfo, Event};
use crate::session::handle::EventSink;
use crate::session::machine_guid;
use crate::session::model::Contact;
use crate::session::ns::connection::ConnectionIds;
use crate::session::ns::{SwitchboardGrant, SwitchboardRequest};
use crate::session::offline::{OfflineNews, OfflineService};
use crate::session::pictures::OwnPicture;
use crate::session::redact::Redactor;
use crate::session::request::Request;
use crate::session::switchboard::{Report, SwitchboardId};
use crate::session::transfers::{TransferId, TransferIds};
use crate::session::transport::Connector;

use conversation::Conversation;
use links::Link;
use offline::OfflineState;
use outgoing::Messages;
use typing::Typing;

/// The channels between the conversation layer, the NS task and the user interface.
pub(crate) struct Wiring {
    /// From the user interface.
    pub requests: mpsc::UnboundedReceiver<Request>,
    /// On to the NS task.
    pub ns_requests: mpsc::UnboundedSender<Request>,
    /// `XFR SB` through the NS task.
    pub switchboards: mpsc::UnboundedSender<SwitchboardRequest>,
    /// The NS events this layer acts on.
    pub ns_events: mpsc::UnboundedReceiver<Event>,
    /// Offline messages fetched by the NS task, and the service to store ours.
    pub offline: mpsc::UnboundedReceiver<OfflineNews>,
}

/// The answer to one `XFR SB`, for a conversation.
struct Granted {
    purpose: links::Purpose,
    /// The sign-in it was asked under (see `Manager::sign_ins`).
    asked_in: u64,
    answer: Result<SwitchboardGrant, NoSwitchboard>,
}

/// Why an `XFR SB` gave no switchboard.
#[derive(Debug, thiserror::Error)]
enum NoSwitchboard {
    /// The NS connection went before the answer.
    #[error("the connection to the server was lost")]
    Lost,
    #[error("the server did not answer the switchboard request")]
    Unanswered,
    #[error("{0}")]
    Refused(String),
}

/// Whether the NS can give switchboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Before the first sign-in, and while the session reconnects: messages wait for
    /// the sign-in.
    Waiting,
    Online,
    /// The session is over: messages fail at once.
    Over,
}

/// How the layer ends: after a sign-out it waits for its switchboards to close before
/// the NS signs out; after the NS ended it passes on `Disconnected` last.
enum Ending {
    SigningOut { asked_ns: bool },
    Over { last: Option<Event> },
}

pub(crate) struct Manager {
    config: SessionConfig,
    /// Our account, lower case.
    account: String,
    events: EventSink,
    ids: ConnectionIds,
    connector: Connector,
    redactor: Redactor,
    ns_requests: mpsc::UnboundedSender<Request>,
    switchboard_requests: mpsc::UnboundedSender<SwitchboardRequest>,
    granted: mpsc::UnboundedSender<Granted>,
    reports: mpsc::UnboundedSender<Report>,
    reach: Reach,
    /// Sign-ins so far: a switchboard asked for under an earlier one was asked of a
    /// connection that has since been replaced.
    sign_ins: u64,
    /// Our machine GUID, which switchboards want from MSNP16.
    endpoint: Option<String>,
    /// The protocol version of the last sign-in.
    version: u8,
    conversations: BTreeMap<ConversationId, Conversation>,
    links: HashMap<SwitchboardId, Link>,
    messages: Messages,
    typing: Typing,
    transfer_ids: TransferIds,
    transfers: BTreeMap<TransferId, transfers::Known>,
    /// Ours, served by the switchboards.
    picture: Option<Arc<OwnPicture>>,
    /// Contacts' display pictures as last announced, by address.
    objects: HashMap<String, MsnObject>,
    /// SHA1Ds asked for this session: none is fetched twice.
    fetched: HashSet<String>,
    /// Contacts not offline, by lower-case address: only they can send a picture.
    online: HashSet<String>,
    /// Contacts on the block list, by lower-case address: their offline messages are
    /// deleted unread.
    blocked: HashSet<String>,
    log: Option<ChatLog>,
    /// Where `Invite` without a conversation goes: the last one written in.
    last_used: Option<ConversationId>,
    next_conversation: u64,
    next_switchboard: u64,
    ending: Option<Ending>,
    /// Storing offline messages, or why it is not possible.
    offline: Result<OfflineService, String>,
    offline_state: OfflineState,
}

/// Runs the layer until the NS task has ended and every switchboard is closed.
pub(crate) async fn run(
    config: SessionConfig,
    events: EventSink,
    ids: ConnectionIds,
    connector: Connector,
    mut wiring: Wiring,
    picture: Option<Arc<OwnPicture>>,
) {
    let (granted, mut granted_rx) = mpsc::unbounded_channel();
    let (reports, mut reports_rx) = mpsc::unbounded_channel();
    let (stored, mut stored_rx) = mpsc::unbounded_channel();
    let redactor = config.redactor();
    let log = config
        .chat_log_dir
        .as_deref()
        .map(|dir| ChatLog::new(dir, &config.email));
    let mut manager = Manager {
        account: config.email.to_ascii_lowercase(),
        config,
        events,
        ids,
        connector,
        redactor,
        ns_requests: wiring.ns_requests,
        switchboard_requests: wiring.switchboards,
        granted,
        reports,
        reach: Reach::Waiting,
        sign_ins: 0,
        endpoint: None,
        version: 0,
        conversations: BTreeMap::new(),
        links: HashMap::new(),
        messages: Messages::default(),
        typing: Typing::default(),
        transfer_ids: TransferIds::default(),
        transfers: BTreeMap::new(),
        picture,
        objects: HashMap::new(),
        fetched: HashSet::new(),
        online: HashSet::new(),
        blocked: HashSet::new(),
        log,
        last_used: None,
        next_conversation: 1,
        next_switchboard: 1,
        ending: None,
        offline: Err("not signed in yet".to_owned()),
        offline_state: OfflineState::new(stored),
    };
    let mut ns_running = true;
    loop {
        if manager.finished() {
            return;
        }
        let typing = manager.typing.deadline();
        // What the NS and the switchboards said goes before what the user asks next.
        tokio::select! {
            biased;
            event = wiring.ns_events.recv(), if ns_running => match event {
                Some(event) => manager.ns_event(event),
                None => {
                    ns_running = false;
                    manager.ns_ended();
                }
            },
            Some(report) = reports_rx.recv() => manager.report(report),
            Some(granted) = granted_rx.recv() => manager.granted(granted),
            Some(news) = wiring.offline.recv() => manager.offline_news(news),
            Some(result) = stored_rx.recv() => manager.stored(result),
            request = wiring.requests.recv(), if manager.ending.is_none() => {
                manager.request(request.unwrap_or(Request::SignOut));
            }
            () = sleep_until(typing.unwrap_or_else(Instant::now)), if typing.is_some() => {
                manager.expire_typing();
            }
        }
    }
}

impl Manager {
    fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    fn error(&self, message: &str) {
        let message = self.redactor.text(message);
        tracing::warn!(%message, "conversation error");
        self.emit(Event::Error(ErrorInfo::new(message)));
    }

    /// An NS event: sign-in, state changes, invitations, the end.
    fn ns_event(&mut self, event: Event) {
        match event {
            Event::SignedIn { version, .. } => {
                self.version = version;
                self.endpoint = (version >= 16)
                    .then(|| machine_guid::load_or_create(&self.config.data_dir))
                    .transpose()
                    .unwrap_or_else(|error| {
                        self.error(&format!("cannot read the machine GUID: {error}"));
                        None
                    });
                self.reach = Reach::Online;
                self.sign_ins += 1;
                let waiting: Vec<ConversationId> = self.conversations.keys().copied().collect();
                for id in waiting {
                    self.pump(id);
                }
            }
            Event::Ring(ring) => self.ring(ring),
            Event::Presence(presence) => {
                self.announced(&presence.email, presence.status, presence.msn_object);
            }
            Event::ContactList(list) => {
                self.blocked.clear();
                for contact in list.contacts {
                    self.note_blocked(&contact);
                    self.announced(&contact.email, contact.status, contact.msn_object);
                }
            }
            Event::ContactChanged(contact) => self.note_blocked(&contact),
            Event::ContactRemoved { email } => {
                self.blocked.remove(&email.to_ascii_lowercase());
            }
            Event::State(ConnectionState::Reconnecting { .. }) => self.reach = Reach::Waiting,
            Event::State(ConnectionState::Disconnected(reason)) => {
                self.shut_down(&reason.to_string());
                let last = Event::State(ConnectionState::Disconnected(reason));
                self.ending = Some(Ending::Over { last: Some(last) });
            }
            _ => {}
        }
    }

    fn note_blocked(&mut self, contact: &Contact) {
        let email = contact.email.to_ascii_lowercase();
        if contact.on(List::Block) {
            self.blocked.insert(email);
        } else {
            self.blocked.remove(&email);
        }
    }

    /// The NS task has gone; normally right after its `Disconnected`, kept to pass on.
    fn ns_ended(&mut self) {
        if !matches!(self.ending, Some(Ending::Over { .. })) {
            self.shut_down("the session ended");
            self.ending = Some(Ending::Over { last: None });
        }
    }

    /// Signing out: nothing more is sent; the switchboards leave.
    fn sign_out(&mut self) {
        self.shut_down("signed out");
        self.ending = Some(Ending::SigningOut { asked_ns: false });
    }

    /// Fails every queued message and makes every switchboard leave.
    fn shut_down(&mut self, reason: &str) {
        self.reach = Reach::Over;
        self.abandon_offline_stores(reason);
        let ids: Vec<ConversationId> = self.conversations.keys().copied().collect();
        for id in ids {
            self.fail_queue(id, reason);
        }
        let links: Vec<SwitchboardId> = self.links.keys().copied().collect();
        for link in links {
            self.leave(link);
        }
    }

    /// Moves the ending along; true once the layer is done.
    fn finished(&mut self) -> bool {
        if !self.links.is_empty() {
            return false;
        }
        match &mut self.ending {
            None => false,
            Some(Ending::SigningOut { asked_ns }) => {
                if !*asked_ns {
                    *asked_ns = true;
                    if self.ns_requests.send(Request::SignOut).is_err() {
                        self.ending = Some(Ending::Over { last: None });
                        return true;
                    }
                }
                false
            }
            Some(Ending::Over { last }) => {
                if let Some(event) = last.take() {
                    self.events.emit(event);
                }
                true
            }
        }
    }
}
