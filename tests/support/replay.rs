//! Replaying recorded sessions against the bundled server and comparing its answers with
//! the recorded ones, after masking the values that must differ between two servers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use msntui::protocol::auth::{mbi_response, md5_response};
use msntui::protocol::command::{
    AnsRequest, Command, ServerAddress, UsrOutcome, UsrRequest, UsrStep, XfrTarget,
};
use msntui::protocol::frame::{Direction, Framer};
use msntui::protocol::message::Secret;
use msntui::protocol::{ClientCodec, ClientCommand, RawFrame, ServerCommand};
use msntui::server::directory::{Directory, DirectoryError, StoreError};
use msntui::server::{RunningServer, lock};
use msntui::session::auth::AuthClient;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::mpsc;
use tokio_util::codec::FramedRead;

use super::client::machine_guid;
use super::gateway_frames;
use super::replay_http::{
    Substitutions, exchange, is_http, mask_between, normalise_http, sort_entries,
};
use super::server::server;
use super::transcripts::{RecordedFrame, Sender};

/// The server is done answering once it has sent as many frames as the recording shows
/// and then been silent this long...
const QUIET: Duration = Duration::from_millis(30);
/// ...or, with fewer frames, silent this long.
const PATIENCE: Duration = Duration::from_millis(150);
/// How long a value the next client line needs (salt, cookie...) may take to arrive.
const VALUE_WAIT: Duration = Duration::from_secs(5);
/// Stands for "the server closed the connection" in a connection's list of answers.
pub const CLOSED: &str = "(server closed the connection)";

/// One recorded scenario, ready to replay.
pub struct Scenario {
    pub name: String,
    /// Frames replayed first to reach the state the recording starts in; the server's
    /// answers to them are not compared (another scenario compares them).
    pub setup: Vec<RecordedFrame>,
    /// The recorded frames whose server side is compared.
    pub script: Vec<RecordedFrame>,
    /// Connections the recording's notes say the server closed.
    pub closed: BTreeSet<String>,
    /// The password each account signs in with.
    pub password: fn(&str) -> &'static str,
    /// Brings the built-in accounts to the state they had in the lab run.
    pub lab_state: fn(&mut Directory) -> Result<(), DirectoryError>,
}

/// The built-in accounts as they are.
pub fn as_built_in(_: &mut Directory) -> Result<(), DirectoryError> {
    Ok(())
}

/// A login recorded with bob signing in on a second socket: bob's session is replayed
/// where alice saw him arrive (the note "bob now logs in") and his last line where
/// alice saw him leave (the note "bob signed out; alice sees FLN").
pub fn login_run(alice: &[RecordedFrame], bob: &[RecordedFrame]) -> Vec<RecordedFrame> {
    let last = bob
        .iter()
        .rposition(|frame| frame.sender == Sender::Client)
        .expect("bob sends something");
    let (session, sign_out) = bob.split_at(last);
    let arrives = position_of(alice, |line| {
        (line.starts_with("NLN ") || line.starts_with("ILN ")) && line.contains("bob@")
    });
    let leaves = position_of(alice, |line| {
        line.starts_with("FLN ") && line.contains("bob@")
    });
    let mut run = alice[..arrives].to_vec();
    run.extend_from_slice(session);
    run.extend_from_slice(&alice[arrives..leaves]);
    run.extend_from_slice(sign_out);
    run.extend_from_slice(&alice[leaves..]);
    run
}

fn position_of(frames: &[RecordedFrame], wanted: impl Fn(&str) -> bool) -> usize {
    frames
        .iter()
        .position(|frame| {
            frame.sender == Sender::Server && wanted(&String::from_utf8_lossy(&frame.bytes))
        })
        .expect("the recording shows bob arriving and leaving")
}

/// The frames of `run` before the client sends `first` on the same connection.
pub fn before(run: &[RecordedFrame], first: &RecordedFrame) -> Vec<RecordedFrame> {
    let end = run
        .iter()
        .position(|frame| {
            frame.sender == Sender::Client && frame.conn == first.conn && frame.bytes == first.bytes
        })
        .expect("the recording continues the login run");
    run[..end].to_vec()
}

/// Connections after whose lines a recording notes "(server closed the connection)".
/// Only labels of `frames` count: HTTP exchanges have `# [...]` headers too.
pub fn closed_in(text: &str, frames: &[RecordedFrame]) -> BTreeSet<String> {
    let labels: BTreeSet<&str> = frames.iter().map(|frame| frame.conn.as_str()).collect();
    let note = format!("# {CLOSED}");
    let mut current = None;
    let mut closed = BTreeSet::new();
    for line in text.lines() {
        let header = line
            .strip_prefix("# [")
            .and_then(|rest| rest.strip_suffix(']'));
        match header {
            Some(label) if labels.contains(label) => current = Some(label.to_owned()),
            _ if line == note => closed.extend(current.clone()),
            _ => {}
        }
    }
    closed
}

/// Frames `bytes` alone; `None` unless they are exactly one whole frame.
pub fn frame_alone(direction: Direction, bytes: &[u8]) -> Option<RawFrame> {
    let mut framer = Framer::new(direction);
    let mut buf = BytesMut::from(bytes);
    let frame = framer.next_frame(&mut buf).ok().flatten()?;
    buf.is_empty().then_some(frame)
}

/// Values our server handed out on one connection, which the client's next lines use.
#[derive(Debug, Default)]
struct Issued {
    salt: Option<String>,
    twn_challenge: Option<String>,
    /// Policy and nonce of `USR SSO S`.
    sso: Option<(String, String)>,
    /// Cookie of the last `XFR SB`.
    switchboard_cookie: Option<String>,
    /// Session id and cookie of the last `RNG`.
    ring: Option<(String, String)>,
}

impl Issued {
    fn note(&mut self, command: ServerCommand) {
        match command {
            ServerCommand::Usr(reply) => match reply.outcome {
                UsrOutcome::Md5Challenge { salt } => self.salt = Some(salt),
                UsrOutcome::TwnChallenge { challenge } => self.twn_challenge = Some(challenge),
                UsrOutcome::SsoChallenge { policy, nonce, .. } => self.sso = Some((policy, nonce)),
                UsrOutcome::Ok { .. } => {}
            },
            ServerCommand::Xfr(reply) => {
                if let XfrTarget::Switchboard { cookie, .. } = reply.target {
                    self.switchboard_cookie = Some(cookie);
                }
            }
            ServerCommand::Rng(rng) => self.ring = Some((rng.session, rng.cookie)),
            _ => {}
        }
    }
}

struct Connection {
    /// `None` for an HTTP gateway session.
    writer: Option<OwnedWriteHalf>,
    /// Our server's id for an HTTP gateway session, once it named one.
    gateway_session: Option<String>,
    /// The account of `USR I`, for the hash and tickets of the next step.
    account: String,
    issued: Issued,
}

type Event = (String, Option<RawFrame>);

/// Plays the client side of recordings against a fresh server, one TCP connection per
/// recorded connection label, and keeps what the server sends on each.
struct Replay {
    server: RunningServer,
    http: AuthClient,
    password: fn(&str) -> &'static str,
    connections: HashMap<String, Connection>,
    events_in: mpsc::UnboundedSender<Event>,
    events: mpsc::UnboundedReceiver<Event>,
    /// What the server sent, per connection, in arrival order.
    heard: BTreeMap<String, Vec<RawFrame>>,
    /// Connections the server closed.
    closed: BTreeSet<String>,
    /// HTTP answers, per connection, normalised.
    http_heard: BTreeMap<String, Vec<String>>,
    substitutions: Substitutions,
}

impl Replay {
    /// A fresh server with the built-in accounts and challenges off, as in the lab.
    async fn new(password: fn(&str) -> &'static str) -> Self {
        let (events_in, events) = mpsc::unbounded_channel();
        Self {
            server: server(false).await,
            http: AuthClient::new(None).expect("http client"),
            password,
            connections: HashMap::new(),
            events_in,
            events,
            heard: BTreeMap::new(),
            closed: BTreeSet::new(),
            http_heard: BTreeMap::new(),
            substitutions: Substitutions::default(),
        }
    }

    /// Notes the offline-message ids the recording's server handed out, in order.
    fn expect_ids_of(&mut self, frames: &[RecordedFrame]) {
        for frame in frames.iter().filter(|frame| frame.sender == Sender::Server) {
            self.substitutions
                .recorded(&String::from_utf8_lossy(&frame.bytes));
        }
    }

    /// Sends the client frames of `frames` in order, each followed by a wait for the
    /// server's answers; the recorded server frames only tell how many to expect.
    async fn play_all(&mut self, frames: &[RecordedFrame]) {
        for (index, frame) in frames.iter().enumerate() {
            if frame.sender == Sender::Client {
                let answers = frames[index + 1..]
                    .iter()
                    .take_while(|next| next.sender == Sender::Server)
                    .count();
                self.play(frame, answers).await;
            }
        }
        self.settle(usize::MAX).await;
    }

    /// Sends a recorded client frame with the values that must differ replaced by ours.
    async fn play(&mut self, frame: &RecordedFrame, answers: usize) {
        if is_http(&frame.conn) {
            self.ids_for(frame).await;
            let answer = exchange(self.server.http, &frame.bytes, &self.substitutions).await;
            self.substitutions.heard(&String::from_utf8_lossy(&answer));
            self.http_heard
                .entry(frame.conn.clone())
                .or_default()
                .push(normalise_http(&answer));
            self.settle(0).await;
            return;
        }
        if gateway_frames::is_gateway(&frame.conn) {
            return self.play_gateway(frame).await;
        }
        self.connect_once(&frame.conn).await;
        let bytes = self.rewrite(frame).await;
        let connection = self.connection(&frame.conn);
        // A connection the server has closed stays closed; the comparison shows it.
        if let Some(writer) = connection.writer.as_mut() {
            let _ = writer.write_all(&bytes).await;
        }
        self.settle(answers).await;
    }

    /// Waits until our server has announced the offline messages a recorded request
    /// names (their ids stand in for the recorded ones).
    async fn ids_for(&mut self, frame: &RecordedFrame) {
        let deadline = tokio::time::Instant::now() + VALUE_WAIT;
        while !self.substitutions.ready_for(&frame.bytes) {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) => self.hear(event),
                _ => panic!(
                    "{}: our server never announced the messages named",
                    frame.conn
                ),
            }
        }
    }

    /// A recorded gateway request: its body rewritten like a TCP line, its session id
    /// replaced by the one our server gave, POSTed to our gateway; the response's frames
    /// are what the server "sent" on that connection.
    async fn play_gateway(&mut self, frame: &RecordedFrame) {
        let label = frame.conn.clone();
        self.connections
            .entry(label.clone())
            .or_insert_with(|| Connection {
                writer: None,
                gateway_session: None,
                account: String::new(),
                issued: Issued::default(),
            });
        let request = gateway_frames::request(&frame.bytes);
        let body = if request.body.is_empty() {
            Vec::new()
        } else {
            let line = RecordedFrame {
                conn: label.clone(),
                sender: Sender::Client,
                bytes: request.body,
            };
            self.rewrite(&line).await
        };
        let query = match &self.connection(&label).gateway_session {
            Some(ours) => request
                .query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("SessionID", _)) => format!("SessionID={ours}"),
                    _ => pair.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("&"),
            None => request.query,
        };
        let response = gateway_frames::post(self.server.http, &query, &body).await;
        if let Some(session) = response.session() {
            self.connection(&label).gateway_session = Some(session);
        }
        for raw in response.frames() {
            self.hear((label.clone(), Some(raw)));
        }
        self.settle(0).await;
    }

    /// Forgets what the server sent so far (after the setup).
    fn forget_heard(&mut self) {
        self.heard.clear();
        self.closed.clear();
        self.http_heard.clear();
    }

    async fn connect_once(&mut self, label: &str) {
        if self.connections.contains_key(label) {
            return;
        }
        let address = if label.contains(" SB") {
            self.server.sb
        } else {
            self.server.ns
        };
        let stream = TcpStream::connect(address).await.expect("connect");
        let (reader, writer) = stream.into_split();
        let events = self.events_in.clone();
        let name = label.to_owned();
        tokio::spawn(async move {
            let mut frames = FramedRead::new(reader, ClientCodec::new());
            while let Some(Ok(incoming)) = frames.next().await {
                if events.send((name.clone(), Some(incoming.frame))).is_err() {
                    return;
                }
            }
            let _ = events.send((name, None));
        });
        self.connections.insert(
            label.to_owned(),
            Connection {
                writer: Some(writer),
                gateway_session: None,
                account: String::new(),
                issued: Issued::default(),
            },
        );
    }

    fn connection(&mut self, label: &str) -> &mut Connection {
        self.connections.get_mut(label).expect("connected")
    }

    /// Collects what the server sends until it has been quiet for a while: briefly once
    /// `answers` frames came, longer before.
    async fn settle(&mut self, answers: usize) {
        let mut heard = 0;
        loop {
            let wait = if heard >= answers { QUIET } else { PATIENCE };
            match tokio::time::timeout(wait, self.events.recv()).await {
                Ok(Some(event)) => {
                    heard += usize::from(event.1.is_some());
                    self.hear(event);
                }
                _ => return,
            }
        }
    }

    fn hear(&mut self, (label, frame): Event) {
        let Some(frame) = frame else {
            self.closed.insert(label);
            return;
        };
        if let Ok(command) = ServerCommand::from_frame(&frame)
            && let Some(connection) = self.connections.get_mut(&label)
        {
            connection.issued.note(command);
        }
        self.substitutions
            .heard(&String::from_utf8_lossy(&frame.to_bytes()));
        self.heard.entry(label).or_default().push(frame);
    }

    /// A value our server issued on `label`, waiting for it if it is not there yet.
    async fn issued<T>(&mut self, label: &str, pick: impl Fn(&Issued) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + VALUE_WAIT;
        loop {
            if let Some(value) = self.connections.get(label).and_then(|c| pick(&c.issued)) {
                return value;
            }
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) => self.hear(event),
                _ => panic!("{label}: the server never sent what the next recorded line needs"),
            }
        }
    }

    /// The NS connection of the user owning the SB connection `label` ("alice SB#2" →
    /// "alice NS …", "carol gateway.dll SB" → "carol gateway.dll NS").
    fn ns_of(&self, label: &str) -> String {
        let user = label.split(' ').next().unwrap_or_default();
        let names = [format!("{user} NS"), format!("{user} gateway.dll NS")];
        self.connections
            .keys()
            .find(|other| names.iter().any(|name| other.starts_with(name.as_str())))
            .cloned()
            .unwrap_or_else(|| panic!("{label}: no NS connection for {user}"))
    }

    /// The bytes to send for a recorded client frame. Frames that are not exactly one
    /// well-formed command (the deliberately malformed ones) go out as recorded.
    async fn rewrite(&mut self, frame: &RecordedFrame) -> Vec<u8> {
        let typed = frame_alone(Direction::ClientToServer, &frame.bytes)
            .and_then(|raw| ClientCommand::from_frame(&raw).ok());
        let rewritten = match typed {
            Some(ClientCommand::Usr(usr)) => self.rewrite_usr(&frame.conn, usr).await,
            Some(ClientCommand::Ans(ans)) => Some(self.rewrite_ans(&frame.conn, ans).await),
            _ => None,
        };
        rewritten.map_or_else(
            || frame.bytes.clone(),
            |command| command.to_bytes().to_vec(),
        )
    }

    async fn rewrite_usr(&mut self, label: &str, usr: UsrRequest) -> Option<ClientCommand> {
        let step = match usr.step {
            UsrStep::Initial { account, .. } => {
                self.connection(label).account = account.email.to_ascii_lowercase();
                return None;
            }
            UsrStep::Md5Response { .. } => {
                let salt = self.issued(label, |issued| issued.salt.clone()).await;
                let password = (self.password)(&self.connection(label).account);
                UsrStep::Md5Response {
                    hash: md5_response(&salt, password),
                }
            }
            UsrStep::TwnTicket { ticket } => {
                let ours = self
                    .twn_ticket(label)
                    .await
                    .unwrap_or_else(|| ticket.clone());
                self.substitutions.ticket(&ticket, &ours);
                UsrStep::TwnTicket { ticket: ours }
            }
            UsrStep::SsoResponse {
                ticket,
                response,
                machine_guid,
            } => {
                let (ours, response) = self
                    .sso_response(label)
                    .await
                    .unwrap_or_else(|| (ticket.clone(), response));
                self.substitutions.ticket(&ticket, &ours);
                let ticket = ours;
                UsrStep::SsoResponse {
                    ticket,
                    response,
                    machine_guid,
                }
            }
            UsrStep::Switchboard { address, .. } => {
                let ns = self.ns_of(label);
                let cookie = self
                    .issued(&ns, |issued| issued.switchboard_cookie.clone())
                    .await;
                UsrStep::Switchboard { address, cookie }
            }
            UsrStep::CircleTicket { .. } => return None,
        };
        Some(ClientCommand::Usr(UsrRequest {
            trid: usr.trid,
            step,
        }))
    }

    async fn rewrite_ans(&mut self, label: &str, ans: AnsRequest) -> ClientCommand {
        let ns = self.ns_of(label);
        let (session, cookie) = self.issued(&ns, |issued| issued.ring.clone()).await;
        ClientCommand::Ans(AnsRequest {
            session,
            cookie,
            ..ans
        })
    }

    /// A TWN ticket from our Passport service, or `None` when it refuses the password
    /// (the recording then sent a made-up ticket, which is kept).
    async fn twn_ticket(&mut self, label: &str) -> Option<String> {
        let challenge = self
            .issued(label, |issued| issued.twn_challenge.clone())
            .await;
        let account = self.connection(label).account.clone();
        let password = Secret::new((self.password)(&account));
        let nexus = format!("{}/rdr/pprdr.asp", self.server.shared.http_base);
        let ticket = self
            .http
            .twn_ticket(&nexus, &account, &password, &challenge)
            .await
            .ok()?;
        Some(ticket.expose().to_owned())
    }

    /// The SSO ticket and MBI answer to our nonce, or `None` when RST refuses the
    /// password (the recorded made-up ticket and blob are kept).
    async fn sso_response(&mut self, label: &str) -> Option<(String, String)> {
        let (policy, nonce) = self.issued(label, |issued| issued.sso.clone()).await;
        let account = self.connection(label).account.clone();
        let password = Secret::new((self.password)(&account));
        let rst = format!("{}/RST.srf", self.server.shared.http_base);
        let tokens = self
            .http
            .sso_tokens(&rst, &account, &password, &policy)
            .await
            .ok()?;
        let response = mbi_response(tokens.messenger_secret.expose(), &nonce, rand::random())
            .expect("MBI answer");
        Some((tokens.messenger_ticket.expose().to_owned(), response))
    }
}

/// Replays a scenario against a fresh server; returns what the server sent during the
/// script, normalised, per connection.
pub async fn replay(scenario: &Scenario) -> Exchanges {
    let mut replay = Replay::new(scenario.password).await;
    replay.expect_ids_of(&scenario.setup);
    replay.expect_ids_of(&scenario.script);
    lock(&replay.server.shared.store)
        .update(|directory| Ok::<_, StoreError>((scenario.lab_state)(directory)))
        .expect("kept in memory")
        .expect("the lab state applies");
    replay.play_all(&scenario.setup).await;
    replay.forget_heard();
    replay.play_all(&scenario.script).await;
    let mut heard = exchanges(std::mem::take(&mut replay.heard), &replay.closed);
    heard.extend(
        std::mem::take(&mut replay.http_heard)
            .into_iter()
            .map(|(label, answers)| (label, answers.iter().map(|a| mask_guids(a)).collect())),
    );
    heard
}

/// What the server sent on each connection, normalised, with [`CLOSED`] last when it
/// closed the connection.
pub type Exchanges = BTreeMap<String, Vec<String>>;

/// The recorded server side of a scenario's script, normalised.
pub fn recorded(scenario: &Scenario) -> Exchanges {
    let mut frames: BTreeMap<String, Vec<RawFrame>> = BTreeMap::new();
    let mut http: Exchanges = BTreeMap::new();
    for frame in &scenario.script {
        if is_http(&frame.conn) {
            if frame.sender == Sender::Server {
                let answer = mask_guids(&normalise_http(&frame.bytes));
                http.entry(frame.conn.clone()).or_default().push(answer);
            }
            continue;
        }
        let entry = frames.entry(frame.conn.clone()).or_default();
        if frame.sender == Sender::Server {
            if gateway_frames::is_gateway(&frame.conn) {
                entry.extend(gateway_frames::response(&frame.bytes).frames());
                continue;
            }
            let raw = frame_alone(Direction::ServerToClient, &frame.bytes)
                .expect("recorded server frames are whole frames");
            entry.push(raw);
        }
    }
    let mut recorded = exchanges(frames, &scenario.closed);
    recorded.extend(http);
    recorded
}

fn exchanges(
    frames: impl IntoIterator<Item = (String, Vec<RawFrame>)>,
    closed: &BTreeSet<String>,
) -> Exchanges {
    let mut out: Exchanges = frames
        .into_iter()
        .map(|(label, frames)| (label, frames.iter().map(normalise).collect()))
        .collect();
    for label in closed {
        out.entry(label.clone())
            .or_default()
            .push(CLOSED.to_owned());
    }
    out
}

/// A server frame as comparable text: typed, volatile fields masked, re-encoded.
pub fn normalise(frame: &RawFrame) -> String {
    let bytes = match ServerCommand::from_frame(frame) {
        Ok(command) => masked(command).to_bytes().to_vec(),
        Err(_) => frame.to_bytes(),
    };
    let text = String::from_utf8_lossy(&bytes);
    mask_guids(text.trim_end_matches("\r\n"))
        .escape_debug()
        .to_string()
}

fn placeholder_address() -> ServerAddress {
    ServerAddress::new("<host>", 0)
}

/// Masks the fields that must differ between two servers (or between two runs): salts,
/// nonces, cookies, session ids, addresses, and the documents we deliberately write
/// our own way (CVR URLs, the GCF policy document).
fn masked(command: ServerCommand) -> ServerCommand {
    match command {
        ServerCommand::Usr(mut reply) => {
            match &mut reply.outcome {
                UsrOutcome::Md5Challenge { salt } => *salt = "<salt>".into(),
                UsrOutcome::SsoChallenge { nonce, .. } => *nonce = "<nonce>".into(),
                _ => {}
            }
            ServerCommand::Usr(reply)
        }
        ServerCommand::Cvr(mut reply) => {
            reply.download_url = "<download-url>".into();
            reply.info_url = reply.info_url.map(|_| "<info-url>".into());
            ServerCommand::Cvr(reply)
        }
        ServerCommand::Gcf(mut reply) => {
            reply.payload = Bytes::from_static(b"<policy document>");
            ServerCommand::Gcf(reply)
        }
        ServerCommand::Xfr(mut reply) => {
            if let XfrTarget::Switchboard { server, cookie, .. } = &mut reply.target {
                *server = placeholder_address();
                *cookie = "<cookie>".into();
            }
            ServerCommand::Xfr(reply)
        }
        ServerCommand::Rng(mut rng) => {
            rng.session = "<session>".into();
            rng.server = placeholder_address();
            rng.cookie = "<cookie>".into();
            ServerCommand::Rng(rng)
        }
        ServerCommand::Cal(mut ringing) => {
            ringing.session = "<session>".into();
            ServerCommand::Cal(ringing)
        }
        ServerCommand::Msg(mut message) if is_profile(&message.payload) => {
            message.payload = masked_profile(&message.payload);
            ServerCommand::Msg(message)
        }
        ServerCommand::Msg(mut message) if is_mail_data(&message.payload) => {
            let text = String::from_utf8_lossy(&message.payload);
            // A stored message's size counts its dates, which depend on the day of the run.
            let text = mask_between(&mask_between(&text, "<RT>", "</RT>"), "<SZ>", "</SZ>");
            message.payload = Bytes::from(sort_entries(&text));
            ServerCommand::Msg(message)
        }
        other => other,
    }
}

fn is_mail_data(payload: &[u8]) -> bool {
    let needle = b"Mail-Data: ";
    payload.windows(needle.len()).any(|window| window == needle)
}

fn is_profile(payload: &[u8]) -> bool {
    let needle = b"Content-Type: text/x-msmsgsprofile";
    payload.windows(needle.len()).any(|window| window == needle)
}

/// Profile headers that differ per sign-in, and `MSPAuth`, whose filler is our own.
const PROFILE_VOLATILE: &[&str] = &[
    "LoginTime",
    "MemberIdHigh",
    "MemberIdLow",
    "MSPAuth",
    "ClientPort",
];

fn masked_profile(payload: &[u8]) -> Bytes {
    let text = String::from_utf8_lossy(payload);
    let lines: Vec<String> = text
        .split("\r\n")
        .map(|line| match line.split_once(": ") {
            Some((name, _)) if PROFILE_VOLATILE.contains(&name) => format!("{name}: <{name}>"),
            _ => line.to_owned(),
        })
        .collect();
    Bytes::from(lines.join("\r\n"))
}

/// Replaces GUIDs with `<guid>`, whatever their case, except the test clients' machine
/// GUIDs, which the client chose and the server must echo.
fn mask_guids(text: &str) -> String {
    let machines = [
        machine_guid("alice@example.com"),
        machine_guid("bob@example.com"),
    ];
    let is_machine = |guid: &str| {
        machines
            .iter()
            .any(|machine| machine.trim_matches(['{', '}']).eq_ignore_ascii_case(guid))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        match rest.get(..36).filter(|candidate| is_guid(candidate)) {
            Some(guid) if !is_machine(guid) => {
                out.push_str("<guid>");
                rest = &rest[36..];
            }
            _ => {
                let next = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..next]);
                rest = &rest[next..];
            }
        }
    }
    out
}

fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, c)| match index {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A difference the replay cannot avoid: in each of `scenarios`, on the connection
/// whose label starts with `connection`, `count` recorded frames containing `recorded`
/// stand where ours contain `ours` (`None`: the frames are missing on that side).
pub struct ExpectedDifference {
    pub scenarios: &'static [&'static str],
    pub connection: &'static str,
    pub recorded: Option<&'static str>,
    pub ours: Option<&'static str>,
    pub count: usize,
    /// Why the replay cannot reproduce the recording here.
    pub reason: &'static str,
}

/// Removes the expected differences of `scenario` from both sides; an entry that finds
/// nothing to remove is an error, so the table cannot go stale.
pub fn remove_expected(
    scenario: &str,
    table: &[ExpectedDifference],
    recorded: &mut Exchanges,
    ours: &mut Exchanges,
) -> Result<(), String> {
    for entry in table
        .iter()
        .filter(|entry| entry.scenarios.contains(&scenario))
    {
        let sides = [(&mut *recorded, entry.recorded), (&mut *ours, entry.ours)];
        for (side, frame) in sides {
            if let Some(frame) = frame {
                remove_frames(side, entry, frame).map_err(|()| stale(scenario, entry, frame))?;
            }
        }
    }
    Ok(())
}

fn remove_frames(side: &mut Exchanges, entry: &ExpectedDifference, frame: &str) -> Result<(), ()> {
    let lines = side
        .iter_mut()
        .find(|(label, _)| label.starts_with(entry.connection))
        .map(|(_, lines)| lines)
        .ok_or(())?;
    for _ in 0..entry.count {
        let index = lines
            .iter()
            .position(|line| line.contains(frame))
            .ok_or(())?;
        lines.remove(index);
    }
    Ok(())
}

fn stale(scenario: &str, entry: &ExpectedDifference, frame: &str) -> String {
    format!(
        "stale expected difference in {scenario}, {}: {} frames containing {frame:?} not \
         found (the entry's reason: {})",
        entry.connection, entry.count, entry.reason
    )
}

/// Compares per connection: (1) the replies carrying the client's TrIDs in the same
/// order with the same content; (2) the same multiset of frames (notifications may
/// arrive in another order than recorded, as they race with the client's lines).
/// Returns a readable report of every difference.
pub fn compare(scenario: &Scenario, recorded: &Exchanges, ours: &Exchanges) -> Result<(), String> {
    let labels: BTreeSet<&String> = recorded.keys().chain(ours.keys()).collect();
    let mut report = String::new();
    for label in labels {
        let none = Vec::new();
        let theirs = recorded.get(label).unwrap_or(&none);
        let mine = ours.get(label).unwrap_or(&none);
        let trids = client_trids(scenario, label);
        let replies = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .filter(|line| reply_trid(line).is_some_and(|trid| trids.contains(&trid)))
                .cloned()
                .collect()
        };
        let (only_theirs, only_mine) = multiset_difference(theirs, mine);
        let order_differs = replies(theirs) != replies(mine);
        if only_theirs.is_empty() && only_mine.is_empty() && !order_differs {
            continue;
        }
        let _ = writeln!(report, "\n=== {} / {label}", scenario.name);
        section(&mut report, "only in the recording", &only_theirs);
        section(&mut report, "only from our server", &only_mine);
        if order_differs {
            let _ = writeln!(report, "--- the TrID replies differ in order or content");
        }
        section(&mut report, "recorded", theirs);
        section(&mut report, "ours", mine);
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

fn section(report: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(report, "--- {title}:");
    for line in lines {
        let _ = writeln!(report, "    {line}");
    }
}

/// The TrIDs the client used on a connection during the script.
fn client_trids(scenario: &Scenario, label: &str) -> BTreeSet<u32> {
    scenario
        .script
        .iter()
        .filter(|frame| frame.sender == Sender::Client && frame.conn == label)
        .filter_map(|frame| reply_trid(&String::from_utf8_lossy(&frame.bytes)))
        .collect()
}

/// The second field of a line when it is a number: the TrID, if the line has one.
fn reply_trid(line: &str) -> Option<u32> {
    let line = line.split(['\r', '\n', '\\']).next().unwrap_or_default();
    line.split(' ').nth(1)?.parse().ok()
}

fn multiset_difference(left: &[String], right: &[String]) -> (Vec<String>, Vec<String>) {
    let mut unmatched = right.to_vec();
    let mut only_left = Vec::new();
    for line in left {
        match unmatched.iter().position(|other| other == line) {
            Some(index) => {
                unmatched.remove(index);
            }
            None => only_left.push(line.clone()),
        }
    }
    (only_left, unmatched)
}
