//! What a session keeps across connections: configuration, the event channel, the
//! secrets to redact, the contact list, and the profile the user wants restored.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::connection::{Connection, ConnectionIds};
use super::switchboards::SwitchboardRequest;
use crate::protocol::command::ServerAddress;
use crate::protocol::types::Status;
use crate::session::auth::AuthClient;
use crate::session::config::SessionConfig;
use crate::session::error::SessionError;
use crate::session::events::{ConnectionKind, ConnectionState, ErrorInfo, Event};
use crate::session::handle::EventSink;
use crate::session::known_names::KnownNames;
use crate::session::machine_guid;
use crate::session::model::{Contact, ContactList, Profile};
use crate::session::offline::{OfflineNews, OfflineService, OfflineTickets};
use crate::session::pictures::OwnPicture;
use crate::session::redact::Redactor;
use crate::session::request::Request;
use crate::session::transport::Connector;

/// The profile the user asked for; restored after every reconnection.
#[derive(Debug, Clone)]
pub(crate) struct Wanted {
    pub status: Status,
    /// `None` until the user sets one: the server's copy is kept.
    pub name: Option<String>,
    pub personal_message: Option<String>,
}

pub(crate) struct Ctx {
    pub config: SessionConfig,
    events: EventSink,
    pub redactor: Redactor,
    connection_ids: ConnectionIds,
    /// `XFR SB` requests from the conversation layer; `None` once it has gone.
    pub switchboards: Option<mpsc::UnboundedReceiver<SwitchboardRequest>>,
    pub connector: Connector,
    machine_guid: Option<String>,
    pub wanted: Wanted,
    pub profile: Profile,
    pub list: ContactList,
    /// Contacts' names as last seen, for those the server names by their address.
    pub known_names: KnownNames,
    /// Where an asynchronous `XFR NS` told us to go next.
    pub moved_to: Option<ServerAddress>,
    /// The offline-message tickets of the last sign-in (MSNP11+).
    pub offline_tickets: Option<OfflineTickets>,
    /// The offline-message services of the current sign-in.
    pub offline: Option<OfflineService>,
    /// Fetched offline messages and the sending service, for the conversation layer.
    pub offline_news: mpsc::UnboundedSender<OfflineNews>,
    /// Our display picture, announced with every status.
    pub picture: Option<Arc<OwnPicture>>,
    /// Who the user was told added us: a reconnection does not tell it again.
    pub additions_told: HashSet<String>,
}

impl Ctx {
    pub fn new(
        config: SessionConfig,
        events: EventSink,
        connection_ids: ConnectionIds,
        connector: Connector,
        switchboards: mpsc::UnboundedReceiver<SwitchboardRequest>,
        offline_news: mpsc::UnboundedSender<OfflineNews>,
        picture: Option<Arc<OwnPicture>>,
    ) -> Self {
        let redactor = config.redactor();
        let wanted = Wanted {
            status: config.initial_status,
            name: None,
            personal_message: None,
        };
        let profile = Profile {
            email: config.email.clone(),
            name: config.email.clone(),
            status: Status::Offline,
            personal_message: String::new(),
        };
        let known_names = KnownNames::load(&config.data_dir, &config.email);
        Self {
            config,
            events,
            redactor,
            connection_ids,
            switchboards: Some(switchboards),
            connector,
            machine_guid: None,
            wanted,
            profile,
            list: ContactList::default(),
            known_names,
            moved_to: None,
            offline_tickets: None,
            offline: None,
            offline_news,
            picture,
            additions_told: HashSet::new(),
        }
    }

    pub fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    /// Reports a changed contact, or its removal once it is on no list any more.
    pub fn report_contact(&mut self, contact: Contact) {
        if self.list.forget_if_unlisted(&contact.email) {
            self.emit(Event::ContactRemoved {
                email: contact.email,
            });
        } else {
            self.emit(Event::ContactChanged(contact));
        }
    }

    /// The whole list is known: named from the names last seen where the server gives
    /// only addresses, then shown, then everyone waiting for an answer is asked about.
    pub fn list_ready(&mut self) {
        self.known_names.fill(&mut self.list);
        self.emit(Event::ContactList(self.list.clone()));
        self.tell_waiting_additions();
    }

    /// Writes the contact names learnt since the last time; a failure is only logged.
    pub fn save_known_names(&mut self) {
        if let Err(error) = self.known_names.save() {
            let path = self.known_names.path().display().to_string();
            tracing::warn!(%path, %error, "cannot keep contact names");
        }
    }

    pub fn state(&self, state: ConnectionState) {
        self.emit(Event::State(state));
    }

    /// Reports an error to the user, secrets removed.
    pub fn error(&self, message: &str, code: Option<u16>) {
        let message = self.redactor.text(message);
        tracing::warn!(%message, "session error");
        self.emit(Event::Error(ErrorInfo { message, code }));
    }

    pub async fn open(&mut self, server: &ServerAddress) -> Result<Connection, SessionError> {
        Connection::open(
            &self.connector,
            self.connection_ids.next(),
            ConnectionKind::Notification,
            server,
            self.config.timing.connect_timeout,
            self.events.clone(),
            self.redactor.clone(),
        )
        .await
    }

    /// The HTTPS client, built on first use.
    pub fn auth(&mut self) -> Result<AuthClient, SessionError> {
        Ok(self.connector.http()?)
    }

    /// This installation's machine GUID, read or created in the data directory.
    pub fn machine_guid(&mut self) -> Result<String, SessionError> {
        if let Some(guid) = &self.machine_guid {
            return Ok(guid.clone());
        }
        let guid = machine_guid::load_or_create(&self.config.data_dir).map_err(|error| {
            SessionError::MachineGuid {
                path: self.config.data_dir.display().to_string(),
                reason: error.to_string(),
            }
        })?;
        self.machine_guid = Some(guid.clone());
        Ok(guid)
    }

    /// Waits out a reconnection delay, or less when the user asks to reconnect now.
    /// Profile changes are kept for the next sign-in; other requests are refused. False
    /// when the user signed out meanwhile.
    pub async fn wait_offline(
        &mut self,
        delay: Duration,
        requests: &mut mpsc::UnboundedReceiver<Request>,
    ) -> bool {
        let sleep = tokio::time::sleep(delay);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                () = &mut sleep => return true,
                request = requests.recv() => match request {
                    None | Some(Request::SignOut) => return false,
                    Some(Request::Reconnect) => return true,
                    Some(request) => self.keep_for_later(request),
                },
            }
        }
    }

    /// Records a request made while not signed in.
    pub fn keep_for_later(&mut self, request: Request) {
        match request {
            Request::SetStatus(status) if status != Status::Offline => {
                self.wanted.status = status;
            }
            Request::SetName(name) => self.wanted.name = Some(name),
            Request::SetPersonalMessage(text) => self.wanted.personal_message = Some(text),
            other => self.error(
                &format!("cannot {} while not connected", other.describe()),
                None,
            ),
        }
    }
}
