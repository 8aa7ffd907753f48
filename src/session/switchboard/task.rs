//! A signed-in switchboard: one loop over its lines, the conversation layer's commands
//! and the deadlines of calls and acknowledgements.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::calls::Calls;
use super::incoming::SenderNames;
use super::login::{Admitted, LoginError, sign_in};
use super::outbox::Outbox;
use super::p2p::P2pAnswers;
use super::roster::{Arrival, Roster};
use super::transfers::Transfers;
use super::{Command, Happening, Report, Role, Setup};
use crate::protocol::command::Command as _;
use crate::protocol::command::{AckMode, Cal, MsgRequest, Out};
use crate::protocol::message::{
    ChunkLimits, MAX_PAYLOAD_LEN, Message, MessageError, Reassembly, TextMessage,
};
use crate::protocol::types::Address;
use crate::protocol::{ClientCommand, ServerCommand};
use crate::session::chat::Participant;
use crate::session::error::SessionError;
use crate::session::ns::connection::Connection;

/// The longest wait for outstanding acknowledgements when leaving, and then for the
/// `OUT` to go out.
const MAX_DRAIN: Duration = Duration::from_secs(2);
/// The first version whose clients put chunked messages back together (MSN 6).
const CHUNKS_FROM: u8 = 9;

type Commands = mpsc::UnboundedReceiver<Command>;

pub(super) async fn run(setup: Setup, mut commands: Commands) {
    let reason = match start(&setup, &mut commands).await {
        Ok((admitted, early)) => {
            let mut switchboard = Switchboard::new(&setup, admitted.conn);
            let reason = switchboard
                .serve(admitted.present, early, &mut commands)
                .await;
            switchboard.give_up_chunks();
            switchboard.give_up_files(&reason).await;
            reason
        }
        Err(error) => setup.redactor.text(&error.to_string()),
    };
    tracing::debug!(conversation = ?setup.conversation, %reason, "switchboard closed");
    report(&setup, Happening::Closed { reason });
}

fn report(setup: &Setup, happening: Happening) {
    let _ = setup.reports.send(Report {
        switchboard: setup.id,
        happening,
    });
}

/// Signs in, keeping commands that arrive meanwhile. Told to leave, it still finishes
/// signing in, to leave with `OUT` and read what was relayed to it meanwhile: the
/// server may already count it as a member and have acknowledged messages to it.
async fn start(
    setup: &Setup,
    commands: &mut Commands,
) -> Result<(Admitted, Vec<Command>), LoginError> {
    let login = sign_in(setup);
    tokio::pin!(login);
    let mut early = Vec::new();
    let mut open = true;
    loop {
        tokio::select! {
            admitted = &mut login => return admitted.map(|admitted| (admitted, early)),
            command = commands.recv(), if open => match command {
                None => {
                    open = false;
                    early.push(Command::Leave);
                }
                Some(command) => early.push(command),
            },
        }
    }
}

pub(super) struct Switchboard<'a> {
    pub(super) setup: &'a Setup,
    conn: Connection,
    pub(super) roster: Roster,
    calls: Calls,
    outbox: Outbox,
    pub(super) chunks: Reassembly,
    pub(super) p2p: P2pAnswers,
    pub(super) transfers: Transfers,
    pub(super) names: SenderNames,
    /// Set by `Leave`: when to give up waiting for acknowledgements.
    leaving: Option<Instant>,
}

impl<'a> Switchboard<'a> {
    fn new(setup: &'a Setup, conn: Connection) -> Self {
        let timeout = setup.timing.reply_timeout;
        Self {
            setup,
            conn,
            roster: Roster::new(&setup.account),
            calls: Calls::new(timeout),
            outbox: Outbox::new(timeout),
            chunks: Reassembly::new(ChunkLimits {
                timeout: setup.timing.chunk_timeout,
                ..ChunkLimits::default()
            }),
            p2p: match setup.picture {
                Some(_) => {
                    P2pAnswers::new(&setup.account, setup.endpoint.clone()).serving_objects()
                }
                None => P2pAnswers::new(&setup.account, setup.endpoint.clone()),
            },
            transfers: Transfers::new(setup.transfer_ids.clone(), setup.download_dir.clone()),
            names: SenderNames::default(),
            leaving: None,
        }
    }

    /// Runs until the switchboard closes; returns why.
    async fn serve(
        &mut self,
        present: Vec<Arrival>,
        early: Vec<Command>,
        commands: &mut Commands,
    ) -> String {
        let there: Vec<_> = present
            .iter()
            .filter_map(|arrival| self.roster.arrive(arrival))
            .collect();
        self.came(there);
        let leaving = early
            .iter()
            .any(|command| matches!(command, Command::Leave));
        let calling = match &self.setup.role {
            Role::Open { .. } if leaving => Vec::new(),
            Role::Open { invite } => invite.clone(),
            Role::Answer { .. } if self.roster.is_empty() => {
                let reason = "nobody was left in the conversation".to_owned();
                self.tell(Happening::NobodyCame { reason });
                Vec::new()
            }
            Role::Answer { .. } => Vec::new(),
        };
        for email in calling {
            if let Err(error) = self.call(&email).await {
                return error.to_string();
            }
        }
        for command in early {
            if let Err(error) = self.obey(command).await {
                return error.to_string();
            }
        }
        self.run(commands).await
    }

    async fn run(&mut self, commands: &mut Commands) -> String {
        loop {
            if let Some(until) = self.leaving
                && (self.outbox.is_empty() || Instant::now() >= until)
            {
                let _ = self.conn.send(ClientCommand::Out(Out)).await;
                self.read_until_closed().await;
                return "left".into();
            }
            if let Err(error) = self.pump_files().await {
                return error.to_string();
            }
            let deadline = [
                self.outbox.deadline(),
                self.calls.deadline(),
                self.chunks_deadline(),
                self.transfers.deadline(self.setup.timing.reply_timeout),
                self.leaving,
            ]
            .into_iter()
            .flatten()
            .min();
            tokio::select! {
                incoming = self.conn.recv() => match incoming {
                    Ok(Some(command)) => {
                        if let Err(error) = self.on_line(command).await {
                            return error.to_string();
                        }
                    }
                    Ok(None) => return "closed by the server".into(),
                    Err(error) => return error.to_string(),
                },
                command = commands.recv(), if self.leaving.is_none() => {
                    if let Err(error) = self.obey(command.unwrap_or(Command::Leave)).await {
                        return error.to_string();
                    }
                }
                () = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    self.on_deadline();
                    if let Err(error) = self.expire_files(Instant::now()).await {
                        return error.to_string();
                    }
                }
            }
        }
    }

    /// After `OUT`, what the server relayed before reading it is still on the way (and
    /// the sender was told it was delivered): read on until the server closes.
    async fn read_until_closed(&mut self) {
        let until = Instant::now() + MAX_DRAIN;
        while let Ok(Ok(Some(command))) = tokio::time::timeout_at(until, self.conn.recv()).await {
            if self.on_line(command).await.is_err() {
                break;
            }
        }
    }

    pub(super) fn tell(&self, happening: Happening) {
        report(self.setup, happening);
    }

    fn arrive(&mut self, arrival: Arrival) {
        let joined = self.roster.arrive(&arrival);
        self.came(joined.into_iter().collect());
    }

    fn came(&mut self, people: Vec<Participant>) {
        for participant in &people {
            self.calls.joined(&participant.email);
        }
        if !people.is_empty() {
            self.tell(Happening::Joined(people));
        }
    }

    async fn call(&mut self, email: &str) -> Result<(), SessionError> {
        let trid = self.conn.trid();
        self.calls.asked(trid, email);
        self.conn
            .send(ClientCommand::Cal(Cal {
                trid,
                invitee: Address::email(email),
            }))
            .await
    }

    async fn obey(&mut self, command: Command) -> Result<(), SessionError> {
        match command {
            Command::Text { message, text } => match self.payloads(&text) {
                Ok(payloads) => {
                    for payload in payloads {
                        let trid = self.send(AckMode::Acknowledged, payload).await?;
                        self.outbox.sent(trid, message);
                    }
                    self.tell(Happening::Sent(message));
                }
                Err(error) => self.tell(Happening::Failed {
                    message,
                    reason: error.to_string(),
                }),
            },
            Command::Nudge { message } => {
                self.send(AckMode::NegativeOnly, Message::nudge().to_bytes())
                    .await?;
                self.tell(Happening::Sent(message));
            }
            Command::Typing => {
                let typing = Message::typing(self.setup.account.clone()).to_bytes();
                self.send(AckMode::Unacknowledged, typing).await?;
            }
            Command::Invite(email) if self.roster.contains(&email) => {}
            Command::Invite(email) => self.call(&email).await?,
            Command::SendFile { transfer, path, to } => {
                self.offer_file(transfer, &path, &to).await?;
            }
            Command::AnswerFile { transfer, accept } => self.answer_file(transfer, accept).await?,
            Command::CancelFile(transfer) => self.cancel_file(transfer).await?,
            Command::FetchPicture { email, object } => {
                self.fetch_picture(&email, *object).await?;
            }
            Command::Leave => {
                let drain = self.setup.timing.reply_timeout.min(MAX_DRAIN);
                self.leaving = Some(Instant::now() + drain);
            }
        }
        Ok(())
    }

    /// A text as chunks of one message from MSNP9, else as several whole messages.
    fn payloads(&self, text: &TextMessage) -> Result<Vec<bytes::Bytes>, MessageError> {
        if self.setup.version >= CHUNKS_FROM {
            let max_parts = ChunkLimits::default().max_parts;
            let new_id = || format!("{{{}}}", uuid::Uuid::new_v4()).to_ascii_uppercase();
            text.chunked(MAX_PAYLOAD_LEN, max_parts, new_id)
        } else {
            let pieces = text.split(MAX_PAYLOAD_LEN)?;
            Ok(pieces.iter().map(TextMessage::to_bytes).collect())
        }
    }

    pub(super) async fn send(
        &mut self,
        ack: AckMode,
        payload: bytes::Bytes,
    ) -> Result<crate::protocol::types::Trid, SessionError> {
        let trid = self.conn.trid();
        self.conn
            .send(ClientCommand::Msg(MsgRequest { trid, ack, payload }))
            .await?;
        Ok(trid)
    }

    /// A P2P packet left in the write buffer until `pump_files` flushes its burst.
    pub(super) async fn queue(
        &mut self,
        payload: bytes::Bytes,
    ) -> Result<crate::protocol::types::Trid, SessionError> {
        let trid = self.conn.trid();
        let ack = AckMode::Data;
        self.conn
            .feed(ClientCommand::Msg(MsgRequest { trid, ack, payload }))
            .await?;
        Ok(trid)
    }

    pub(super) async fn flush(&mut self) -> Result<(), SessionError> {
        self.conn.flush().await
    }

    async fn on_line(&mut self, command: ServerCommand) -> Result<(), SessionError> {
        match command {
            ServerCommand::Joi(joi) => self.arrive(joi.into()),
            ServerCommand::Iro(iro) => self.arrive(iro.into()),
            ServerCommand::Bye(bye) => {
                if let Some(email) = self.roster.leave(&bye.address) {
                    self.peer_left(&email).await;
                    self.tell(Happening::Left(email));
                }
            }
            ServerCommand::Cal(ringing) => self.calls.ringing(ringing.trid),
            ServerCommand::Ack(ack) => {
                if !self.file_data_acknowledged(ack.trid)
                    && let Some(message) = self.outbox.acknowledged(ack.trid)
                {
                    self.tell(Happening::Delivered(message));
                }
            }
            ServerCommand::Nak(nak) => {
                if !self.file_data_refused(nak.trid).await?
                    && let Some(message) = self.outbox.refused(nak.trid)
                {
                    let reason = "the switchboard could not deliver it (NAK)".to_owned();
                    self.tell(Happening::Failed { message, reason });
                }
            }
            ServerCommand::Error(error) => {
                let Some(trid) = error.trid else {
                    return Ok(());
                };
                if let Some(reason) = self.calls.refused(trid, error.code) {
                    self.tell(Happening::CallFailed { reason });
                } else if let Some(message) = self.outbox.refused(trid) {
                    let reason = format!("the switchboard refused it: {}", error.code);
                    self.tell(Happening::Failed { message, reason });
                }
            }
            ServerCommand::Msg(message) => self.receive(message).await?,
            other => tracing::debug!(command = %other.name(), "switchboard line ignored"),
        }
        self.check_anyone_came();
        Ok(())
    }

    fn on_deadline(&mut self) {
        let now = Instant::now();
        for message in self.outbox.expire(now) {
            let reason = "the switchboard did not acknowledge it in time".to_owned();
            self.tell(Happening::Failed { message, reason });
        }
        for reason in self.calls.expire(now) {
            self.tell(Happening::CallFailed { reason });
        }
        self.expire_chunks(now);
        self.check_anyone_came();
    }

    fn check_anyone_came(&mut self) {
        if self.roster.is_empty()
            && let Some(reason) = self.calls.nobody_came()
        {
            self.tell(Happening::NobodyCame { reason });
        }
    }
}
