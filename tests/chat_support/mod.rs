//! Helpers for the conversation tests: two or three msntui sessions on one bundled
//! server, chat logs on, and waits for chat events.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use msntui::chatlog::{ChatLog, LogEntry};
use msntui::server::RunningServer;
use msntui::session::{
    ChatTarget, ConnectionState, ConversationId, Delivery, DisconnectReason, Event, MessageId,
    ReceivedMessage, Request, SessionConfig,
};

use crate::session_support::{Watched, config_for};
use crate::support::accounts::password_of;

/// The longest wait for one thing in these tests.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A signed-in msntui session that keeps chat logs.
pub struct Chatter {
    pub email: String,
    pub watched: Watched,
    pub logs: PathBuf,
    /// Positions in `watched.seen` of the events `take` has handed out.
    claimed: BTreeSet<usize>,
}

impl Chatter {
    /// Signs `email` in at `version`, with its data and logs under `dir`.
    pub async fn sign_in(server: &RunningServer, version: u8, email: &str, dir: &Path) -> Self {
        Self::sign_in_with(server, version, email, dir, |_| {}).await
    }

    /// The same, with the session's configuration changed by `adjust` first.
    pub async fn sign_in_with(
        server: &RunningServer,
        version: u8,
        email: &str,
        dir: &Path,
        adjust: impl FnOnce(&mut SessionConfig),
    ) -> Self {
        let data = dir.join(email);
        let logs = data.join("logs");
        let mut config = config_for(
            server.ns,
            &server.shared.http_base,
            version,
            email,
            password_of(email),
            &data,
        );
        config.chat_log_dir = Some(logs.clone());
        adjust(&mut config);
        let mut watched = Watched::spawn(config);
        assert_eq!(watched.signed_in().await, version);
        watched
            .until("online", |e| {
                matches!(e, Event::Profile(p) if p.status == msntui::protocol::types::Status::Online)
            })
            .await;
        Self {
            email: email.to_owned(),
            watched,
            logs,
            claimed: BTreeSet::new(),
        }
    }

    pub fn send(&self, to: &str, text: &str) {
        self.watched
            .handle
            .send(Request::SendMessage {
                to: ChatTarget::Contact(to.to_owned()),
                text: text.to_owned(),
            })
            .expect("session running");
    }

    pub fn request(&self, request: Request) {
        self.watched.handle.send(request).expect("session running");
    }

    /// Reads events until `found` finds something in everything seen so far. Unlike
    /// `Watched::until`, it also finds what has already gone by, and gives up after
    /// [`PATIENCE`] even while a reconnecting session keeps talking.
    pub async fn wait_for<T>(&mut self, what: &str, found: impl Fn(&[Event]) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Some(value) = found(&self.watched.seen) {
                return value;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {what} within {PATIENCE:?}"
            );
            if self.watched.next().await.is_none() {
                panic!("the session ended before {what}");
            }
        }
    }

    /// The first matching event not taken before, whether it has gone by already or
    /// is still to come.
    pub async fn take(&mut self, what: &str, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let seen = &self.watched.seen;
            if let Some(index) =
                (0..seen.len()).find(|i| !self.claimed.contains(i) && wanted(&seen[*i]))
            {
                self.claimed.insert(index);
                return seen[index].clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {what} within {PATIENCE:?}"
            );
            if self.watched.next().await.is_none() {
                panic!("the session ended before {what}");
            }
        }
    }

    /// The next `Outgoing` event: the conversation and id of a queued message.
    pub async fn queued(&mut self) -> (ConversationId, MessageId) {
        match self
            .take("a queued message", |e| matches!(e, Event::Outgoing(_)))
            .await
        {
            Event::Outgoing(outgoing) => (outgoing.conversation, outgoing.message),
            _ => unreachable!(),
        }
    }

    /// The next final state of `message` (a resent message has one per attempt).
    pub async fn outcome(&mut self, message: MessageId) -> Delivery {
        let done = |e: &Event| matches!(e, Event::Delivery { message: m, state, .. } if *m == message && state.is_final());
        match self.take("a delivery result", done).await {
            Event::Delivery { state, .. } => state,
            _ => unreachable!(),
        }
    }

    /// Sends a text to `to` and waits until it is delivered.
    pub async fn say(&mut self, to: &str, text: &str) -> ConversationId {
        self.send(to, text);
        self.delivered(text).await
    }

    /// Sends a text into a conversation and waits until it is delivered.
    pub async fn say_in(&mut self, conversation: ConversationId, text: &str) {
        self.request(Request::SendMessage {
            to: ChatTarget::Conversation(conversation),
            text: text.to_owned(),
        });
        assert_eq!(self.delivered(text).await, conversation);
    }

    async fn delivered(&mut self, text: &str) -> ConversationId {
        let (conversation, message) = self.queued().await;
        assert_eq!(self.outcome(message).await, Delivery::Delivered, "{text}");
        conversation
    }

    /// The next message from `from`.
    pub async fn hears(&mut self, from: &str) -> ReceivedMessage {
        match self
            .take(
                "a message",
                |e| matches!(e, Event::MessageReceived(m) if m.sender == from),
            )
            .await
        {
            Event::MessageReceived(message) => message,
            _ => unreachable!(),
        }
    }

    /// Writes to `to`, signed in at every one of `places`, until each place has heard
    /// the same line (the places join the switchboard one by one, and one that joins
    /// late misses what was said before); returns each place's conversation.
    pub async fn say_to_every_place(
        &mut self,
        to: &str,
        places: &mut [&mut Chatter],
    ) -> Vec<ConversationId> {
        for attempt in 1..=10 {
            let text = format!("hello, attempt {attempt}");
            self.say(to, &text).await;
            let mut heard = Vec::new();
            for place in places.iter_mut() {
                let said = |e: &Event| matches!(e, Event::MessageReceived(m) if m.text == text);
                match tokio::time::timeout(Duration::from_secs(2), place.take(&text, said)).await {
                    Ok(Event::MessageReceived(message)) => heard.push(message.conversation),
                    _ => break,
                }
            }
            if heard.len() == places.len() {
                return heard;
            }
        }
        panic!("{to} did not hear {} at every place", self.email);
    }

    pub fn log(&self) -> ChatLog {
        ChatLog::new(&self.logs, &self.email)
    }

    pub fn log_with(&self, contact: &str) -> Vec<LogEntry> {
        self.log().last(contact, usize::MAX).expect("readable log")
    }

    /// Signs out; `Disconnected` must be the last event, after every switchboard's.
    pub async fn sign_out(&mut self) {
        self.request(Request::SignOut);
        assert_eq!(self.ends().await, DisconnectReason::SignedOut);
    }

    /// Reads to the end of the events; returns the reason `Disconnected` gave, which
    /// must be the last event.
    pub async fn ends(&mut self) -> DisconnectReason {
        self.watched.run_out().await;
        match self.watched.seen.last() {
            Some(Event::State(ConnectionState::Disconnected(reason))) => reason.clone(),
            other => panic!("the last event is {other:?}"),
        }
    }
}
