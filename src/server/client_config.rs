//! The `[server]` and `[services]` tables a client needs for this server, printed by
//! `msntui serve` to be pasted into a config file.

use super::RunningServer;
use crate::config::Services;

/// The service URLs of a server whose HTTP services are at `base` (`http://host:port`),
/// each at its official path: nexus, RST, address book, sharing, offline-message storing
/// (oim) and fetching (rsi).
pub fn service_urls(base: &str) -> [String; 6] {
    Services::default()
        .urls()
        .map(|official| format!("{base}{}", official.path()))
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
        // `config init --server` takes HOST:PORT, which an IPv6 address cannot be written as.
        let init = if host.is_ipv4() {
            format!(
                "\n# Or let msntui write a whole config file with these:\n\
                 # msntui config init --server {host}:{port} --services {base} --account EMAIL\n",
                port = self.ns.port(),
                base = self.shared.http_base,
            )
        } else {
            String::new()
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
             rsi_url = \"{rsi}\"\n\
             {init}",
            port = self.ns.port(),
        )
    }
}
