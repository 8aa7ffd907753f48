//! The text of a client config file pointing at a bundled server on loopback.

/// What differs between the tests' config files.
pub struct ConfigFile<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub ns_port: u16,
    /// `http://127.0.0.1:PORT` of the server's HTTP services.
    pub http_base: &'a str,
    /// The one protocol to offer; the configured default when `None`.
    pub protocol: Option<&'a str>,
    /// Further TOML tables (`[storage]`, `[ui]`), written as given.
    pub extra: &'a str,
}

impl ConfigFile<'_> {
    pub fn text(&self) -> String {
        let Self {
            email,
            password,
            ns_port,
            http_base: base,
            protocol,
            extra,
        } = self;
        let protocols = protocol.map_or(String::new(), |p| format!("protocols = [\"{p}\"]\n"));
        format!(
            r#"[account]
email = "{email}"
password_command = "echo {password}"

[server]
host = "127.0.0.1"
port = {ns_port}
{protocols}
[services]
nexus_url = "{base}/rdr/pprdr.asp"
rst_url = "{base}/RST.srf"
address_book_url = "{base}/abservice/abservice.asmx"
sharing_url = "{base}/abservice/SharingService.asmx"
oim_url = "{base}/OimWS/oim.asmx"
rsi_url = "{base}/rsi/rsi.asmx"

{extra}"#
        )
    }
}
