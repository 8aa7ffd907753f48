//! The `[server]` and `[services]` tables a client needs for this server, printed by
//! `msntui serve` to be pasted into a config file.

use super::RunningServer;
use super::http::{ADDRESS_BOOK_PATH, NEXUS_PATH, OIM_PATH, RSI_PATH, RST_PATH, SHARING_PATH};

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

impl RunningServer {
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
