//! What a client needs for this server: the `[server]` and `[services]` tables printed
//! by `msntui serve` to be pasted into a config file, and the session configuration the
//! demo, the tests and the benchmarks sign in with.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::RunningServer;
use super::http::{ADDRESS_BOOK_PATH, NEXUS_PATH, OIM_PATH, RSI_PATH, RST_PATH, SHARING_PATH};
use crate::protocol::message::Secret;
use crate::protocol::types::Status;
use crate::session::{Network, SessionConfig, Timing};

/// The service URLs of a server whose HTTP services are at `base` (`http://host:port`):
/// nexus, RST, address book, sharing, offline-message storing (oim) and fetching (rsi).
pub fn service_urls(base: &str) -> [String; 6] {
    [
        NEXUS_PATH,
        RST_PATH,
        ADDRESS_BOOK_PATH,
        SHARING_PATH,
        OIM_PATH,
        RSI_PATH,
    ]
    .map(|path| format!("{base}{path}"))
}

/// A session for `email` on the server whose NS is at `ns` and whose HTTP services are at
/// `http_base`: every version MSNP18 down to MSNP8, no chat log, online at once, data
/// (and downloads) under `data_dir`, default timing, direct TCP.
pub fn session_config(
    ns: SocketAddr,
    http_base: &str,
    email: &str,
    password: Secret,
    data_dir: PathBuf,
) -> SessionConfig {
    let [
        nexus_url,
        rst_url,
        address_book_url,
        sharing_url,
        oim_url,
        rsi_url,
    ] = service_urls(http_base);
    SessionConfig {
        email: email.to_owned(),
        password,
        host: ns.ip().to_string(),
        port: ns.port(),
        protocols: (8..=18).rev().collect(),
        ca_file: None,
        nexus_url,
        rst_url,
        address_book_url,
        sharing_url,
        oim_url,
        rsi_url,
        chat_log_dir: None,
        download_dir: data_dir.join("downloads"),
        display_picture: None,
        data_dir,
        initial_status: Status::Online,
        retry_first_connect: false,
        timing: Timing::default(),
        network: Network::default(),
    }
}

impl RunningServer {
    /// [`session_config`] for this server.
    pub fn session_config(
        &self,
        email: &str,
        password: Secret,
        data_dir: PathBuf,
    ) -> SessionConfig {
        session_config(self.ns, &self.shared.http_base, email, password, data_dir)
    }

    /// A config excerpt for this server's actual addresses.
    pub fn client_config(&self) -> String {
        let [nexus, rst, address_book, sharing, oim, rsi] = service_urls(&self.shared.http_base);
        let host = self.ns.ip();
        let unspecified = if host.is_unspecified() {
            "# listening on every interface: put this machine's address in host and in the URLs\n"
        } else {
            ""
        };
        format!(
            "# For your config file (msntui --help says where), with your [account]:\n\
             {unspecified}\
             [server]\n\
             host = \"{host}\"\n\
             port = {port}\n\
             \n\
             [services]\n\
             nexus_url = \"{nexus}\"\n\
             rst_url = \"{rst}\"\n\
             address_book_url = \"{address_book}\"\n\
             sharing_url = \"{sharing}\"\n\
             oim_url = \"{oim}\"\n\
             rsi_url = \"{rsi}\"\n",
            port = self.ns.port(),
        )
    }
}
