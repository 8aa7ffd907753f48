use super::*;

const ACCOUNT: &str =
    "[account]\nemail = \"alice@example.com\"\npassword_command = \"pass show msn\"\n";

fn env() -> Env {
    Env {
        home: Some(PathBuf::from("/home/alice")),
        config_home: None,
        data_home: None,
        download_home: None,
    }
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/etc/msntui.toml"), &env())
}

fn invalid(text: &str) -> (usize, Option<String>, String) {
    match parse(text) {
        Err(ConfigError::Invalid {
            line, key, message, ..
        }) => (line, key, message),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

fn with_command(command: &str) -> Config {
    let text = format!("[account]\nemail = \"a@example.com\"\npassword_command = {command:?}\n");
    parse(&text).unwrap()
}

#[test]
fn a_good_config_loads() {
    let text = format!(
        "{ACCOUNT}
[server]
host = \"127.0.0.1\"
port = 1864
protocols = [\"MSNP15\", \"MSNP12\"]
ca_file = \"~/ca.pem\"

[services]
nexus_url = \"http://127.0.0.1:8080/nexus-mock\"
rst_url = \"https://login.example.net/RST.srf\"
rsi_url = \"http://127.0.0.1:8080/rsi/rsi.asmx\"

[storage]
data_dir = \"/var/lib/msntui\"
chat_logs = false

[ui]
mouse = true
"
    );
    let config = parse(&text).unwrap();
    assert_eq!(config.account.email, "alice@example.com");
    assert_eq!(config.server.port, 1864);
    assert_eq!(
        config.server.protocols,
        [Dialect::Msnp(15), Dialect::Msnp(12)]
    );
    assert_eq!(
        config.server.ca_file,
        Some(PathBuf::from("/home/alice/ca.pem"))
    );
    assert_eq!(
        config.services.nexus_url.as_str(),
        "http://127.0.0.1:8080/nexus-mock"
    );
    assert_eq!(config.services.sharing_url, Services::default().sharing_url);
    assert_eq!(
        config.services.rsi_url.as_str(),
        "http://127.0.0.1:8080/rsi/rsi.asmx"
    );
    assert_eq!(config.services.oim_url, Services::default().oim_url);
    assert_eq!(config.storage.data_dir, PathBuf::from("/var/lib/msntui"));
    assert_eq!(
        config.storage.log_dir,
        PathBuf::from("/var/lib/msntui/logs")
    );
    assert!(!config.storage.chat_logs);
    assert!(config.ui.mouse);
    assert_eq!(config.ui.timestamp_format, "%H:%M");
}

#[test]
fn everything_but_the_account_has_a_default() {
    let config = parse(ACCOUNT).unwrap();
    assert_eq!(config.server, Server::default());
    assert_eq!(config.server.protocols.first(), Some(&Dialect::Msnp(18)));
    assert_eq!(config.server.protocols.last(), Some(&Dialect::Msnp(8)));
    assert_eq!(
        config.storage.data_dir,
        PathBuf::from("/home/alice/.local/share/msntui")
    );
    assert_eq!(
        config.storage.download_dir,
        PathBuf::from("/home/alice/Downloads")
    );
    assert!(matches!(
        parse("[server]\nport = 1863\n"),
        Err(ConfigError::Invalid { message, .. }) if message.contains("`account`")
    ));
}

#[test]
fn the_example_file_parses_once_the_account_is_filled_in() {
    let example = include_str!("../../config.example.toml")
        .replace("email = \"\"", "email = \"alice@example.com\"")
        .replace(
            "password_command = \"\"",
            "password_command = \"pass show msn\"",
        );
    let config = parse(&example).unwrap();
    assert_eq!(config.server, Server::default());
    assert_eq!(config.services, Services::default());
    assert_eq!(config.ui, Ui::default());
    assert_eq!(config.storage, parse(ACCOUNT).unwrap().storage);
}

#[test]
fn the_example_file_as_shipped_asks_for_the_account() {
    let (line, key, message) = invalid(include_str!("../../config.example.toml"));
    assert_eq!(key.as_deref(), Some("account.email"));
    assert!(message.contains("fill in"), "{message}");
    assert!(line > 1);
}

#[test]
fn an_unknown_key_is_reported_with_file_line_and_key() {
    let error = parse(&format!(
        "{ACCOUNT}\n[ui]\nmouse = true\ncolour = \"red\"\n"
    ))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "/etc/msntui.toml:7: ui.colour: unknown field `colour`, expected one of \
         `show_contact_list`, `show_protocol_pane`, `mouse`, `bell`, `timestamp_format`, \
         `auto_away_minutes`, `display_picture`, `show_pictures`"
    );
    let (line, key, _) = invalid(&format!("{ACCOUNT}[colours]\n"));
    assert_eq!((line, key.as_deref()), (4, Some("colours")));
}

#[test]
fn a_syntax_error_names_the_line() {
    let (line, key, _) = invalid(&format!("{ACCOUNT}[server]\nport = = 3\n"));
    assert_eq!((line, key), (5, None));
}

#[test]
fn unknown_or_unsupported_protocols_are_rejected() {
    let (line, key, message) = invalid(&format!(
        "{ACCOUNT}[server]\nprotocols = [\n  \"MSNP18\",\n  \"MSNP99\",\n]\n"
    ));
    assert_eq!((line, key.as_deref()), (5, Some("server.protocols[1]")));
    assert_eq!(
        message,
        "MSNP99 is not supported: msntui speaks MSNP2 to MSNP18"
    );

    let (_, key, message) = invalid(&format!("{ACCOUNT}[server]\nprotocols = [\"FOO\"]\n"));
    assert_eq!(key.as_deref(), Some("server.protocols[0]"));
    assert!(
        message.contains("\"FOO\" is not a protocol version"),
        "{message}"
    );

    let (_, _, message) = invalid(&format!("{ACCOUNT}[server]\nprotocols = []\n"));
    assert!(message.contains("at least one"), "{message}");
    let (_, _, message) = invalid(&format!(
        "{ACCOUNT}[server]\nprotocols = [\"MSNP8\", \"MSNP8\"]\n"
    ));
    assert_eq!(message, "MSNP8 is listed twice");
}

#[test]
fn plain_http_is_only_allowed_for_loopback_hosts() {
    let with_nexus = |url: &str| format!("{ACCOUNT}[services]\nnexus_url = {url:?}\n");
    for url in [
        "http://127.0.0.1/nexus",
        "http://127.8.0.1:8080/nexus",
        "http://[::1]/nexus",
        "http://localhost:8080/nexus",
    ] {
        assert!(parse(&with_nexus(url)).is_ok(), "{url}");
    }
    let (line, key, message) = invalid(&with_nexus("http://login.example.net/nexus"));
    assert_eq!((line, key.as_deref()), (5, Some("services.nexus_url")));
    assert!(message.contains("use https"), "{message}");
    let (_, _, message) = invalid(&with_nexus("ftp://127.0.0.1/nexus"));
    assert!(message.contains("scheme \"ftp\""), "{message}");
    let (_, _, message) = invalid(&with_nexus("not a url"));
    assert!(message.contains("\"not a url\""), "{message}");
    for key in ["oim_url", "rsi_url"] {
        let text = format!("{ACCOUNT}[services]\n{key} = \"http://oim.example.net/x.asmx\"\n");
        let (_, named, message) = invalid(&text);
        assert_eq!(named, Some(format!("services.{key}")));
        assert!(message.contains("use https"), "{message}");
    }
}

#[test]
fn bad_values_name_their_key() {
    let (_, key, _) = invalid(&format!("{ACCOUNT}[server]\nport = 70000\n"));
    assert_eq!(key.as_deref(), Some("server.port"));
    let (_, key, _) = invalid(&format!("{ACCOUNT}[ui]\nbell = \"yes\"\n"));
    assert_eq!(key.as_deref(), Some("ui.bell"));
    let (_, key, message) =
        invalid("[account]\nemail = \"alice\"\npassword_command = \"pass show msn\"\n");
    assert_eq!(key.as_deref(), Some("account.email"));
    assert_eq!(message, "\"alice\" is not an e-mail address");
}

#[test]
fn the_config_file_follows_xdg() {
    let mut env = env();
    assert_eq!(
        env.config_file(),
        Some(PathBuf::from("/home/alice/.config/msntui/config.toml"))
    );
    env.config_home = Some(PathBuf::from("/xdg/config"));
    env.data_home = Some(PathBuf::from("/xdg/data"));
    assert_eq!(
        env.config_file(),
        Some(PathBuf::from("/xdg/config/msntui/config.toml"))
    );
    assert_eq!(env.data_dir(), Some(PathBuf::from("/xdg/data/msntui")));
    env.download_home = Some(PathBuf::from("/media/incoming"));
    assert_eq!(env.download_dir(), Some(PathBuf::from("/media/incoming")));
    assert_eq!(Env::default().config_file(), None);
    assert!(matches!(
        Config::load(None, &Env::default()),
        Err(ConfigError::NoLocation)
    ));
}

#[test]
fn load_reads_the_given_file_and_reports_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let missing = Config::load(Some(&path), &env()).unwrap_err();
    assert!(matches!(missing, ConfigError::NotFound { .. }));
    assert!(missing.to_string().contains("config.example.toml"));

    std::fs::write(&path, ACCOUNT).unwrap();
    let config = Config::load(Some(&path), &env()).unwrap();
    assert_eq!(config.path, path);
}

#[test]
fn tilde_needs_a_home() {
    let text = format!("{ACCOUNT}[storage]\ndata_dir = \"~/msn\"\n");
    let error = Config::parse(&text, Path::new("c.toml"), &Env::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "c.toml: storage.data_dir: cannot expand `~`: HOME is not set"
    );
    let error = Config::parse(ACCOUNT, Path::new("c.toml"), &Env::default()).unwrap_err();
    assert!(matches!(error, ConfigError::NoDataDir { .. }), "{error}");
}

#[tokio::test]
async fn password_command_output_is_the_password() {
    assert_eq!(
        with_command("printf 'hunter 2\\n'")
            .password()
            .await
            .unwrap(),
        "hunter 2"
    );
    assert_eq!(
        with_command("printf 'crlf\\r\\n'")
            .password()
            .await
            .unwrap(),
        "crlf"
    );
    assert_eq!(
        with_command("printf 'no newline'")
            .password()
            .await
            .unwrap(),
        "no newline"
    );
}

#[tokio::test]
async fn a_failing_password_command_is_reported_without_its_output() {
    // The command spells the password as s\063cret so that only its output contains it.
    let error = with_command("printf 's\\063cret'; echo 'no such entry' >&2; exit 3")
        .password()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, PasswordError::Failed { .. }));
    assert!(message.contains("exit status: 3"), "{message}");
    assert!(message.ends_with(": no such entry"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn a_password_command_that_prints_nothing_is_an_error() {
    for command in ["true", "echo"] {
        assert!(matches!(
            with_command(command).password().await,
            Err(PasswordError::Empty { .. })
        ));
    }
}

// Paused time: the clock jumps to the limit as soon as nothing else can happen.
#[tokio::test(start_paused = true)]
async fn a_password_command_that_hangs_is_stopped_after_its_timeout() {
    let text = "[account]\nemail = \"a@example.com\"\npassword_command = \"sleep 300\"\npassword_timeout_seconds = 5\n";
    let config = parse(text).unwrap();

    let error = config.password().await.unwrap_err();
    assert!(
        matches!(error, PasswordError::TimedOut { seconds: 5, .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("password_timeout_seconds"),
        "{error}"
    );
}

#[test]
fn auto_away_is_ten_minutes_unless_set_and_zero_is_off() {
    assert_eq!(
        parse(ACCOUNT).unwrap().ui.auto_away(),
        Some(std::time::Duration::from_secs(600))
    );
    let off = format!("{ACCOUNT}[ui]\nauto_away_minutes = 0\n");
    assert_eq!(parse(&off).unwrap().ui.auto_away(), None);
}

#[tokio::test]
async fn transport_gateway_and_proxy_keys() {
    let config = parse(&format!(
        "{ACCOUNT}[server]
transport = \"auto\"
gateway_url = \"http://127.0.0.1:8081/gateway/gateway.dll\"
poll_interval = 0.5
proxy = \"socks5h://127.0.0.1:1080\"
proxy_user = \"me\"
proxy_password_command = \"printf proxy-pass\"
"
    ))
    .unwrap();
    assert_eq!(config.server.transport, TransportMode::Auto);
    assert_eq!(config.server.poll_interval, Duration::from_millis(500));
    assert_eq!(
        config.server.proxy.as_ref().map(Url::as_str),
        Some("socks5h://127.0.0.1:1080")
    );
    assert_eq!(
        config.proxy_password().await.unwrap().as_deref(),
        Some("proxy-pass")
    );
    assert_eq!(with_command("x").proxy_password().await.unwrap(), None);
    assert_eq!(with_command("x").server.transport, TransportMode::Direct);
}

#[test]
fn bad_transport_gateway_and_proxy_values_name_their_key() {
    let server = |line: &str| format!("{ACCOUNT}[server]\n{line}\n");
    let (_, key, _) = invalid(&server("transport = \"carrier-pigeon\""));
    assert_eq!(key.as_deref(), Some("server.transport"));
    let (_, key, message) = invalid(&server(
        "gateway_url = \"http://gw.example.net/gateway.dll\"",
    ));
    assert_eq!(key.as_deref(), Some("server.gateway_url"));
    assert!(message.contains("use https"), "{message}");
    let (_, key, _) = invalid(&server("poll_interval = 0"));
    assert_eq!(key.as_deref(), Some("server.poll_interval"));
    let (_, key, message) = invalid(&server("proxy = \"ftp://127.0.0.1:21\""));
    assert_eq!(key.as_deref(), Some("server.proxy"));
    assert!(message.contains("socks5://"), "{message}");
    let (_, _, message) = invalid(&server("proxy = \"http://me:secret@127.0.0.1:3128\""));
    assert!(message.contains("proxy_password_command"), "{message}");
    assert!(!message.contains("secret"), "{message}");
    let (_, _, message) = invalid(&server("proxy = \"socks5://127.0.0.1\""));
    assert!(message.contains("host and port"), "{message}");
}
