//! A scripted MSNP client for end-to-end tests of the bundled server: signs in with the
//! auth of any generation and reads typed commands with a timeout.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use msntui::protocol::auth::{answer_challenge, mbi_response, md5_response, product_for};
use msntui::protocol::command::{
    AuthPackage, Chg, ClientVersion, Inf, PayloadRequest, Qry, UsrOutcome, UsrRequest, UsrStep,
    Ver, XfrKind, XfrRequest, XfrTarget,
};
use msntui::protocol::message::Secret;
use msntui::protocol::types::{Address, Capabilities, Dialect, MsnObjectText, Status, Trid};
use msntui::protocol::{ClientCodec, ClientCommand, ServerCommand};
use msntui::server::RunningServer;
use msntui::session::auth::AuthClient;
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

use super::accounts::password_of;

pub const WAIT: Duration = Duration::from_secs(5);

/// Machine GUIDs used by the tests' MSNP16+ endpoints.
pub fn machine_guid(email: &str) -> String {
    match email {
        "alice@example.com" => "{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}".into(),
        "bob@example.com" => "{B0B0B0B0-1111-4222-8333-444455556666}".into(),
        _ => "{C0C0C0C0-1111-4222-8333-444455556666}".into(),
    }
}

pub struct TestClient {
    framed: Framed<TcpStream, ClientCodec>,
    next_trid: u32,
    pub version: u8,
    pub email: String,
    /// Every command received, CHL included (answered automatically).
    pub received: Vec<ServerCommand>,
    /// Answer challenges wrongly, to test the server's check.
    pub wrong_answers: bool,
}

#[derive(Debug)]
pub enum SignInFailure {
    /// `911` on the NS, or the HTTP service refused the password.
    Refused,
    Closed,
}

impl TestClient {
    pub async fn connect(address: SocketAddr, version: u8, email: &str) -> Self {
        let stream = TcpStream::connect(address).await.expect("connect");
        Self {
            framed: Framed::new(stream, ClientCodec::new()),
            next_trid: 1,
            version,
            email: email.to_owned(),
            received: Vec::new(),
            wrong_answers: false,
        }
    }

    pub fn trid(&mut self) -> Trid {
        let trid = Trid(self.next_trid);
        self.next_trid += 1;
        trid
    }

    pub async fn send(&mut self, command: ClientCommand) {
        self.framed.send(command).await.expect("send");
    }

    /// Sends raw bytes, for malformed-input tests.
    pub async fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        self.framed.get_mut().write_all(bytes).await
    }

    /// The next command, answering CHL on the way; `None` when the server closed.
    pub async fn next(&mut self) -> Option<ServerCommand> {
        loop {
            let incoming = tokio::time::timeout(WAIT, self.framed.next())
                .await
                .unwrap_or_else(|_| {
                    panic!("{}: nothing from the server within {WAIT:?}", self.email)
                })?;
            let command = incoming
                .ok()?
                .command
                .expect("server sent a well-formed command");
            self.received.push(command.clone());
            if let ServerCommand::Chl(chl) = &command {
                let product = product_for(self.version);
                let answer = if self.wrong_answers {
                    "0".repeat(32)
                } else {
                    answer_challenge(self.version, &chl.challenge, product)
                };
                let trid = self.trid();
                self.send(ClientCommand::Qry(Qry {
                    trid,
                    product_id: product.id.to_owned(),
                    response: Bytes::from(answer),
                }))
                .await;
                continue;
            }
            return Some(command);
        }
    }

    /// Opens a switchboard as an official client does: `XFR SB`, then `USR` with the
    /// cookie (as `email;{guid}` from MSNP16), and waits for its OK. TrID 1 is used on
    /// the new connection.
    pub async fn open_switchboard(&mut self) -> Framed<TcpStream, ClientCodec> {
        let trid = self.trid();
        self.send(ClientCommand::Xfr(XfrRequest {
            trid,
            kind: XfrKind::Switchboard,
        }))
        .await;
        let ServerCommand::Xfr(xfr) = self
            .wait_for("XFR SB", |c| matches!(c, ServerCommand::Xfr(_)))
            .await
        else {
            unreachable!()
        };
        let XfrTarget::Switchboard { server, cookie, .. } = xfr.target else {
            panic!("not a switchboard: {xfr:?}");
        };
        let stream = TcpStream::connect((server.host.as_str(), server.port))
            .await
            .expect("switchboard");
        let mut sb = Framed::new(stream, ClientCodec::new());
        let mut address = Address::email(self.email.as_str());
        if self.version >= 16 {
            address = address.with_endpoint(machine_guid(&self.email));
        }
        sb.send(ClientCommand::Usr(UsrRequest {
            trid: Trid(1),
            step: UsrStep::Switchboard { address, cookie },
        }))
        .await
        .expect("USR");
        let signed_in = async {
            while let Some(frame) = sb.next().await {
                if matches!(frame.expect("a frame").command, Ok(ServerCommand::Usr(_))) {
                    return;
                }
            }
            panic!("the switchboard closed before USR OK");
        };
        tokio::time::timeout(Duration::from_secs(10), signed_in)
            .await
            .expect("USR OK within 10 s");
        sb
    }

    /// Reads until `wanted` matches, returning that command.
    pub async fn wait_for(
        &mut self,
        what: &str,
        wanted: impl Fn(&ServerCommand) -> bool,
    ) -> ServerCommand {
        loop {
            match self.next().await {
                Some(command) if wanted(&command) => return command,
                Some(_) => {}
                None => panic!("{}: connection closed while waiting for {what}", self.email),
            }
        }
    }

    /// True once the server has closed the connection (within the wait).
    pub async fn closed(&mut self) -> bool {
        loop {
            match tokio::time::timeout(WAIT, self.framed.next()).await {
                Err(_) => return false,
                Ok(None) | Ok(Some(Err(_))) => return true,
                Ok(Some(Ok(incoming))) => {
                    if let Ok(command) = incoming.command {
                        self.received.push(command);
                    }
                }
            }
        }
    }

    /// The whole sign-in of the generation of `version`, up to and including `USR OK`.
    pub async fn sign_in(
        server: &RunningServer,
        email: &str,
        password: &str,
        version: u8,
    ) -> Result<Self, SignInFailure> {
        Self::sign_in_at(
            server.ns,
            &server.shared.http_base,
            email,
            password,
            version,
        )
        .await
    }

    /// [`Self::sign_in`] against a server known only by its NS address and HTTP base.
    pub async fn sign_in_at(
        ns: SocketAddr,
        http_base: &str,
        email: &str,
        password: &str,
        version: u8,
    ) -> Result<Self, SignInFailure> {
        let mut client = Self::connect(ns, version, email).await;
        let trid = client.trid();
        client
            .send(ClientCommand::Ver(Ver {
                trid,
                dialects: vec![Dialect::Msnp(version), Dialect::Cvr0],
            }))
            .await;
        client
            .wait_for("VER", |c| matches!(c, ServerCommand::Ver(_)))
            .await;
        let trid = client.trid();
        client
            .send(ClientCommand::Cvr(ClientVersion {
                trid,
                locale: "0x0409".into(),
                os_type: "winnt".into(),
                os_version: "6.1".into(),
                arch: "i386".into(),
                client_name: "MSNMSGR".into(),
                client_version: "14.0.8117.0416".into(),
                brand: "msmsgs".into(),
                account: Some(Address::email(email)),
            }))
            .await;
        client
            .wait_for("CVR", |c| matches!(c, ServerCommand::Cvr(_)))
            .await;
        if version < 8 {
            let trid = client.trid();
            client.send(ClientCommand::Inf(Inf { trid })).await;
            client
                .wait_for("INF", |c| matches!(c, ServerCommand::Inf(_)))
                .await;
        }
        let package = match version {
            ..=7 => AuthPackage::Md5,
            8..=14 => AuthPackage::Tweener,
            _ => AuthPackage::SingleSignOn,
        };
        let trid = client.trid();
        client
            .send(ClientCommand::Usr(UsrRequest {
                trid,
                step: UsrStep::Initial {
                    package,
                    account: Address::email(email),
                },
            }))
            .await;
        let Some(ServerCommand::Usr(challenge)) = client.next_skipping_gcf().await else {
            return Err(SignInFailure::Closed);
        };
        let http = || AuthClient::new(None).expect("http client");
        let base = http_base;
        let secret_password = Secret::new(password);
        let step = match challenge.outcome {
            UsrOutcome::Md5Challenge { salt } => UsrStep::Md5Response {
                hash: md5_response(&salt, password),
            },
            UsrOutcome::TwnChallenge { challenge } => {
                let ticket = http()
                    .twn_ticket(
                        &format!("{base}/rdr/pprdr.asp"),
                        email,
                        &secret_password,
                        &challenge,
                    )
                    .await
                    .map_err(|_| SignInFailure::Refused)?;
                UsrStep::TwnTicket {
                    ticket: ticket.expose().to_owned(),
                }
            }
            UsrOutcome::SsoChallenge { policy, nonce, .. } => {
                let tokens = http()
                    .sso_tokens(&format!("{base}/RST.srf"), email, &secret_password, &policy)
                    .await
                    .map_err(|_| SignInFailure::Refused)?;
                let response =
                    mbi_response(tokens.messenger_secret.expose(), &nonce, rand::random())
                        .expect("mbi");
                UsrStep::SsoResponse {
                    ticket: tokens.messenger_ticket.expose().to_owned(),
                    response,
                    machine_guid: (version >= 16).then(|| machine_guid(email)),
                }
            }
            UsrOutcome::Ok { .. } => return Err(SignInFailure::Closed),
        };
        let trid = client.trid();
        client
            .send(ClientCommand::Usr(UsrRequest { trid, step }))
            .await;
        match client.next().await {
            Some(ServerCommand::Usr(reply)) if matches!(reply.outcome, UsrOutcome::Ok { .. }) => {
                Ok(client)
            }
            Some(ServerCommand::Error(error)) if error.code.0 == 911 => Err(SignInFailure::Refused),
            _ => Err(SignInFailure::Closed),
        }
    }

    async fn next_skipping_gcf(&mut self) -> Option<ServerCommand> {
        loop {
            match self.next().await? {
                ServerCommand::Gcf(_) => {}
                other => return Some(other),
            }
        }
    }

    /// Signs in with the built-in password, panicking on failure.
    pub async fn signed_in(server: &RunningServer, email: &str, version: u8) -> Self {
        match Self::sign_in(server, email, password_of(email), version).await {
            Ok(client) => client,
            Err(failure) => panic!("{email} at MSNP{version}: sign-in failed: {failure:?}"),
        }
    }

    /// Goes online (`CHG NLN` with the capabilities of the version) and waits for the echo.
    pub async fn go_online(&mut self, status: Status) {
        let trid = self.trid();
        let (capabilities, object) = match self.version {
            ..=7 => (None, None),
            8 => (
                Some(Capabilities {
                    flags: 0,
                    extended: None,
                }),
                None,
            ),
            9..=15 => (
                Some(Capabilities {
                    flags: 1073741824,
                    extended: None,
                }),
                Some(MsnObjectText::None),
            ),
            _ => (
                Some(Capabilities {
                    flags: 2789003324,
                    extended: Some(48),
                }),
                Some(MsnObjectText::None),
            ),
        };
        self.send(ClientCommand::Chg(Chg {
            trid,
            status,
            capabilities,
            object,
        }))
        .await;
        self.wait_for(
            "CHG echo",
            |c| matches!(c, ServerCommand::Chg(chg) if chg.trid == trid),
        )
        .await;
    }

    /// Sets the personal message (MSNP11+) and waits for `UUX TrID 0`.
    pub async fn set_personal_message(&mut self, text: &str) {
        let trid = self.trid();
        let payload = format!("<Data><PSM>{text}</PSM><CurrentMedia></CurrentMedia></Data>");
        self.send(ClientCommand::Uux(PayloadRequest {
            trid,
            payload: Bytes::from(payload),
        }))
        .await;
        self.wait_for(
            "UUX ack",
            |c| matches!(c, ServerCommand::Uux(ack) if ack.trid == trid),
        )
        .await;
    }
}
