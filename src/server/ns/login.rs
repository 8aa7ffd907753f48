//! Version negotiation and sign-in: VER, INF, CVR, USR for MD5, TWN and SSO.

use crate::protocol::ServerCommand;
use crate::protocol::auth::{md5_response, verify_mbi_response};
use crate::protocol::command::is_guid;
use crate::protocol::command::{
    AuthPackage, Chl, ClientVersion, CvrReply, GcfReply, Inf, InfReply, OutReason, Sbs, UsrOutcome,
    UsrReply, UsrRequest, UsrStep, Ver,
};
use crate::protocol::types::{Address, Dialect, ErrorCode, Trid, UrlText};
use crate::server::hub::Push;
use crate::server::lock;
use crate::server::tokens::random_hex;

use super::documents;
use super::formats::personal_line;
use super::session::{Challenge, Flow, NsSession, Stage};

/// Highest dialect first: the one picked is the best both sides speak.
const SUPPORTED: std::ops::RangeInclusive<u8> = 2..=18;

impl NsSession {
    pub(super) fn on_ver(&mut self, ver: Ver) -> Flow {
        if self.stage != Stage::AwaitingVersion {
            self.error(ErrorCode::NOT_EXPECTED, ver.trid);
            return Flow::Close;
        }
        let best = ver
            .dialects
            .iter()
            .filter_map(Dialect::version)
            .filter(|version| SUPPORTED.contains(version))
            .max();
        match best {
            Some(version) => {
                self.version = version;
                self.stage = Stage::Negotiated;
                self.reply(ServerCommand::Ver(Ver {
                    trid: ver.trid,
                    dialects: vec![Dialect::Msnp(version)],
                }));
                Flow::Continue
            }
            None => {
                self.reply(ServerCommand::Ver(Ver {
                    trid: ver.trid,
                    dialects: vec![Dialect::None],
                }));
                Flow::Close
            }
        }
    }

    pub(super) fn on_inf(&mut self, inf: Inf) -> Flow {
        if self.version >= 8 {
            tracing::info!(peer = %self.peer, "dropping client: INF at MSNP8+");
            return Flow::Close;
        }
        self.reply(ServerCommand::Inf(InfReply {
            trid: inf.trid,
            packages: vec!["MD5".into()],
        }));
        Flow::Continue
    }

    pub(super) fn on_cvr(&mut self, cvr: ClientVersion) -> Flow {
        let version = cvr.client_version;
        self.reply(ServerCommand::Cvr(CvrReply {
            trid: cvr.trid,
            recommended: version.clone(),
            recommended_again: version.clone(),
            minimum: version,
            download_url: format!("{}/download", self.shared.http_base),
            info_url: Some(format!("{}/info", self.shared.http_base)),
        }));
        Flow::Continue
    }

    fn package_for_version(&self) -> AuthPackage {
        match self.version {
            ..=7 => AuthPackage::Md5,
            8..=14 => AuthPackage::Tweener,
            _ => AuthPackage::SingleSignOn,
        }
    }

    pub(super) fn on_usr(&mut self, usr: UsrRequest) -> Flow {
        if self.signed_in() {
            self.error(ErrorCode(207), usr.trid);
            return Flow::Continue;
        }
        match (usr.step, self.stage.clone()) {
            (UsrStep::Initial { package, account }, Stage::Negotiated) => {
                self.start_auth(usr.trid, package, account)
            }
            (UsrStep::Md5Response { hash }, Stage::Challenged(Challenge::Md5 { email, salt })) => {
                let expected = lock(&self.shared.store)
                    .directory()
                    .account(&email)
                    .map(|account| md5_response(&salt, &account.password));
                self.finish_auth(
                    usr.trid,
                    email,
                    expected.as_deref() == Some(hash.as_str()),
                    None,
                )
            }
            (UsrStep::TwnTicket { ticket }, Stage::Challenged(Challenge::Twn { email })) => {
                let owner = lock(&self.shared.tokens).redeem_twn(&ticket);
                self.finish_auth(
                    usr.trid,
                    email.clone(),
                    owner.as_deref() == Some(email.as_str()),
                    None,
                )
            }
            (
                UsrStep::SsoResponse {
                    ticket,
                    response,
                    machine_guid,
                },
                Stage::Challenged(Challenge::Sso { email, nonce }),
            ) => {
                let grant = lock(&self.shared.tokens).check_sso(&ticket);
                let guid_ok = match &machine_guid {
                    Some(guid) => is_guid(guid),
                    None => self.version < 16,
                };
                let valid = guid_ok
                    && grant.is_some_and(|grant| {
                        grant.email == email
                            && verify_mbi_response(&grant.secret, &nonce, &response).is_ok()
                    });
                self.finish_auth(usr.trid, email, valid, machine_guid)
            }
            _ => {
                tracing::info!(peer = %self.peer, "dropping client: USR out of sequence");
                Flow::Close
            }
        }
    }

    fn start_auth(&mut self, trid: Trid, package: AuthPackage, account: Address) -> Flow {
        if package != self.package_for_version() {
            tracing::info!(peer = %self.peer, version = self.version, package = package.code(), "dropping client: auth package does not match the version");
            return Flow::Close;
        }
        let email = account.email.to_ascii_lowercase();
        let (challenge, outcome) = match package {
            AuthPackage::Md5 => {
                let salt = random_hex(15);
                (
                    Challenge::Md5 {
                        email,
                        salt: salt.clone(),
                    },
                    UsrOutcome::Md5Challenge { salt },
                )
            }
            AuthPackage::Tweener => (
                Challenge::Twn { email },
                UsrOutcome::TwnChallenge {
                    challenge: "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1".into(),
                },
            ),
            AuthPackage::SingleSignOn => {
                let nonce = base64_nonce();
                (
                    Challenge::Sso {
                        email,
                        nonce: nonce.clone(),
                    },
                    UsrOutcome::SsoChallenge {
                        policy: "MBI_KEY_OLD".into(),
                        nonce,
                        extra: None,
                    },
                )
            }
            AuthPackage::CircleTicket => return Flow::Close,
        };
        if self.version >= 13 {
            self.reply(ServerCommand::Gcf(GcfReply {
                trid: Trid(0),
                file: None,
                payload: documents::policies(),
            }));
        }
        self.reply(ServerCommand::Usr(UsrReply { trid, outcome }));
        self.stage = Stage::Challenged(challenge);
        Flow::Continue
    }

    fn finish_auth(
        &mut self,
        trid: Trid,
        email: String,
        valid: bool,
        endpoint: Option<String>,
    ) -> Flow {
        let account = lock(&self.shared.store)
            .directory()
            .account(&email)
            .cloned();
        let Some(account) = account.filter(|account| valid && account.bot.is_none()) else {
            tracing::info!(peer = %self.peer, %email, "sign-in refused: wrong credentials");
            self.error(ErrorCode::AUTH_FAILED, trid);
            return Flow::Close;
        };
        self.kick_previous_sessions(&email, endpoint.as_deref());
        let (id, pushes) = lock(&self.shared.hub).register(&email, self.version, endpoint.clone());
        self.id = Some(id);
        self.pushes = Some(pushes);
        self.email = email.clone();
        self.endpoint = endpoint.clone();
        self.stage = Stage::SignedIn;

        let address = Address::email(&email);
        let name = UrlText::new(account.display_name.clone());
        let outcome = match self.version {
            ..=5 => UsrOutcome::Ok {
                address,
                friendly: Some(name),
                verified: None,
                restricted: None,
            },
            6..=7 => UsrOutcome::Ok {
                address,
                friendly: Some(name),
                verified: Some(true),
                restricted: None,
            },
            8..=9 => UsrOutcome::Ok {
                address,
                friendly: Some(name),
                verified: Some(true),
                restricted: Some(false),
            },
            _ => UsrOutcome::Ok {
                address,
                friendly: None,
                verified: Some(true),
                restricted: Some(false),
            },
        };
        self.reply(ServerCommand::Usr(UsrReply { trid, outcome }));
        if self.version >= 11 {
            self.reply(ServerCommand::Sbs(Sbs {
                trid: Trid(0),
                value: "null".into(),
            }));
        }
        // MSPAuth only has to look like a ticket: nothing accepts it.
        self.reply(documents::profile(
            account.member_id,
            &random_hex(20),
            self.peer,
            self.version,
        ));
        if self.version >= 16
            && let Some(line) = personal_line(self.version, &email, bytes::Bytes::new())
        {
            self.reply(line);
        }
        self.send_challenge();
        Flow::Continue
    }

    /// Below MSNP16 a new sign-in ends the old one; from MSNP16 only the same endpoint does.
    fn kick_previous_sessions(&mut self, email: &str, endpoint: Option<&str>) {
        let mut hub = lock(&self.shared.hub);
        let previous: Vec<_> = hub
            .sessions_of(email)
            .filter(|(_, info)| {
                self.version < 16
                    || info.version < 16
                    || info.endpoint.as_deref().map(str::to_ascii_lowercase)
                        == endpoint.map(str::to_ascii_lowercase)
            })
            .map(|(id, _)| id)
            .collect();
        for id in previous {
            hub.push(id, Push::Close(Some(OutReason::OtherLocation)));
        }
    }

    /// Sends `CHL 0 <challenge>` when challenges are enabled.
    pub(super) fn send_challenge(&mut self) {
        if self.shared.options.challenge_interval.is_none() || self.version < 6 {
            return;
        }
        let challenge: String = (0..20)
            .map(|_| char::from(b'0' + rand::random_range(0..10u8)))
            .collect();
        self.pending_challenge = Some(challenge.clone());
        self.reply(ServerCommand::Chl(Chl {
            trid: Trid(0),
            challenge,
        }));
    }
}

/// 48 random bytes as base64: 64 characters, like the recorded server's nonce.
fn base64_nonce() -> String {
    use base64::Engine;
    let bytes: [u8; 48] = rand::random();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
