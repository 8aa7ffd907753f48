//! The command line: what each command accepts, and running it.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand};
use thiserror::Error;

use crate::logging::LogLevel;
use crate::probe::{self, ProbeError, ProbeOptions, Target};
use crate::protocol::Dialect;
use crate::server::command::ServeOptions;

#[derive(Debug, Parser)]
#[command(
    name = "msntui",
    version,
    about = "A terminal MSN Messenger client for revival servers",
    long_about = "A terminal MSN Messenger client for revival servers.\n\n\
        Without a command, msntui signs in with the account and server of its \
        configuration file and opens the terminal UI (F1 there lists every key and \
        command). `msntui demo` needs no configuration and no network.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Configuration file [default: $XDG_CONFIG_HOME/msntui/config.toml, else
    /// ~/.config/msntui/config.toml]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// What goes into the log: the client's is msntui.log in the data directory, the
    /// server's goes to standard error [default: as RUST_LOG says, else info]
    #[arg(long, value_name = "LEVEL", global = true)]
    pub log_level: Option<LogLevel>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Try msntui with no configuration and no network: a bundled server and its bots
    #[command(
        long_about = "Try msntui with no configuration and no network. Starts the bundled \
        server on free loopback ports with its built-in accounts and bots, and opens the \
        terminal UI signed in as demo@msntui.local with the protocol pane showing the \
        handshake. echo@msntui.local answers what you write; the other contacts show \
        presence, personal messages and groups. The server stops when you quit.\n\n\
        With --gateway the session goes through the server's HTTP polling gateway \
        instead of TCP, as it would from a network that only lets web traffic out."
    )]
    Demo(DemoArgs),
    /// Ask a server which protocol versions it accepts and which one it prefers
    #[command(
        long_about = "Ask a server which protocol versions it accepts and which one it prefers.\n\n\
        For each version in the range, opens a connection, sends `VER 0 MSNPn CVR0` \
        and reports the answer: accepted, refused (VER 0 0), closed without answering, \
        timed out, an error code with its meaning, or a protocol error. One more \
        connection offers the whole range at once (highest first) to show which \
        version the server picks. Nothing else is sent: no sign-in."
    )]
    Probe(ProbeArgs),
    /// Run the bundled MSN server (notification server, switchboard, auth and address book)
    #[command(
        long_about = "Run the bundled MSN server: a notification server, a switchboard and the \
        HTTP auth and address-book services, speaking MSNP2 to MSNP18. Two people on one \
        machine can sign in to it with two msntui clients and chat.\n\n\
        Everything listens on loopback unless --allow-remote is given. A port of 0 picks a \
        free one; the addresses in use are printed on start. Ctrl+C or SIGTERM stops it."
    )]
    Serve(ServeArgs),
    /// Sign in without the terminal UI: commands on stdin, one JSON event per line on stdout
    #[command(
        long_about = "Sign in without the terminal UI. Commands are read from standard input, \
        one per line, in the input line's slash syntax (/status away, /nick NAME, /psm TEXT, \
        /add EMAIL, /remove EMAIL, /block EMAIL, /unblock EMAIL, /accept EMAIL, \
        /decline EMAIL, /group add|rename|remove|move ..., /msg EMAIL TEXT, /say N TEXT, \
        /typing [EMAIL|N], /reconnect, /quit). Every event is written \
        to standard output as one JSON object per line.\n\n\
        Exit status: 0 after /quit or the end of input, 2 when the account or password is \
        refused, 1 for anything else, with a one-line reason on standard error."
    )]
    Headless(crate::headless::HeadlessArgs),
    /// Work with the configuration file
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented config file for a server and account (nothing secret is asked)
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it [default: $XDG_CONFIG_HOME/msntui/config.toml]; never overwritten
    #[arg(long, value_name = "FILE")]
    pub path: Option<PathBuf>,

    /// The notification server, as HOST or HOST:PORT (port 1863 by default)
    #[arg(long, value_name = "HOST[:PORT]")]
    pub server: Option<String>,

    /// The e-mail address you sign in with
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// The base URL of your server's HTTP services, when it serves them at their usual
    /// paths (the bundled server's "http services", or one host in front of a revival
    /// server): every [services] URL is written below it. Without it, the official URLs
    /// are written, for a hosts file that points them at your server
    #[arg(long, value_name = "URL")]
    pub services: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Connect through the bundled server's HTTP polling gateway instead of TCP
    #[arg(long)]
    pub gateway: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Notification server address
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:1863")]
    pub listen: std::net::SocketAddr,

    /// Switchboard address
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:1864")]
    pub sb_listen: std::net::SocketAddr,

    /// HTTP address of the auth and address-book services
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8081")]
    pub http_listen: std::net::SocketAddr,

    /// Accounts file (TOML, see README); the built-in accounts when absent
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,

    /// Keep every change in this file (written atomically); memory only when absent
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Allow listening on addresses other than loopback
    #[arg(long)]
    pub allow_remote: bool,

    /// Never send CHL challenges (as the recorded Escargot server)
    #[arg(long)]
    pub no_challenges: bool,

    /// Open connections allowed per listener
    #[arg(
        long,
        value_name = "N",
        default_value_t = crate::server::DEFAULT_MAX_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub max_connections: u32,
}

impl From<ServeArgs> for ServeOptions {
    fn from(args: ServeArgs) -> Self {
        ServeOptions {
            listen: args.listen,
            sb_listen: args.sb_listen,
            http_listen: args.http_listen,
            accounts: args.accounts,
            state: args.state,
            allow_remote: args.allow_remote,
            no_challenges: args.no_challenges,
            max_connections: args.max_connections,
        }
    }
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The server, as HOST or HOST:PORT (port 1863 by default)
    #[arg(value_name = "HOST[:PORT]")]
    pub target: Target,

    /// Lowest version to try
    #[arg(long, value_name = "VERSION", default_value = "MSNP2")]
    pub from: Dialect,

    /// Highest version to try
    #[arg(long, value_name = "VERSION", default_value = "MSNP21")]
    pub to: Dialect,

    /// Time allowed to each connection, in seconds or with a unit (5, 5s, 500ms)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_timeout)]
    pub timeout: Duration,

    /// How many connections may be open at once
    #[arg(
        long,
        value_name = "N",
        default_value_t = 4,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=64)
    )]
    pub concurrency: usize,

    /// Print one JSON document instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Probe(#[from] ProbeError),
    #[error(transparent)]
    Serve(#[from] crate::server::command::ServeError),
    #[error(transparent)]
    Headless(#[from] crate::headless::HeadlessError),
    #[error("--from {from} is above --to {to}")]
    EmptyRange { from: Dialect, to: Dialect },
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
    #[error(transparent)]
    Interactive(#[from] crate::interactive::InteractiveError),
    #[error(transparent)]
    ConfigInit(#[from] crate::config::init::InitError),
}

impl CliError {
    /// 2 for a usage problem or nothing to run with, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::EmptyRange { .. } => 2,
            CliError::Headless(error) => error.exit_code(),
            CliError::Interactive(error) => error.exit_code(),
            _ => 1,
        }
    }
}

/// Runs the command the user asked for.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Some(Command::Probe(args)) => run_probe(args).await,
        Some(Command::Serve(args)) => {
            Ok(crate::server::command::run(args.into(), cli.log_level).await?)
        }
        Some(Command::Headless(args)) => Ok(crate::headless::run(args, cli.log_level).await?),
        Some(Command::Demo(args)) => {
            Ok(crate::interactive::run_demo(args.gateway, cli.log_level).await?)
        }
        Some(Command::Config(ConfigCommand::Init(args))) => {
            let request = crate::config::init::InitRequest {
                path: args.path.as_deref(),
                server: args.server.as_deref(),
                account: args.account.as_deref(),
                services: args.services.as_deref(),
            };
            let path = crate::config::init::init(&request, &crate::config::Env::from_process())?;
            let next_steps = crate::config::init::next_steps(&path, &request);
            writeln!(io::stdout(), "{next_steps}")?;
            Ok(())
        }
        None => {
            let config = cli.config.as_deref();
            Ok(crate::interactive::run_configured(config, cli.log_level).await?)
        }
    }
}

async fn run_probe(args: ProbeArgs) -> Result<(), CliError> {
    let range = match (args.from.version(), args.to.version()) {
        (Some(from), Some(to)) if from <= to => from..=to,
        _ => {
            return Err(CliError::EmptyRange {
                from: args.from,
                to: args.to,
            });
        }
    };
    let options = ProbeOptions {
        target: args.target,
        versions: range,
        timeout: args.timeout,
        concurrency: args.concurrency,
    };
    let report = probe::probe(&options).await?;
    let mut rendered = if args.json {
        probe::render_json(&report)
    } else {
        probe::render_table(&report)
    };
    if !rendered.ends_with('\n') {
        rendered.push('\n');
    }
    io::stdout().lock().write_all(rendered.as_bytes())?;
    Ok(())
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = match text.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => humantime::parse_duration(text)
            .map_err(|_| format!("{text:?} is not a duration such as 5, 5s or 500ms"))?,
    };
    if duration.is_zero() {
        return Err("the timeout must be longer than zero".to_owned());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn probe_args(args: &[&str]) -> ProbeArgs {
        let cli = Cli::try_parse_from([&["msntui", "probe"], args].concat()).unwrap();
        match cli.command {
            Some(Command::Probe(args)) => args,
            other => panic!("no probe command parsed: {other:?}"),
        }
    }

    #[test]
    fn serve_defaults_to_loopback() {
        let cli = Cli::try_parse_from(["msntui", "serve"]).unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("no serve command parsed");
        };
        assert!(args.listen.ip().is_loopback() && args.listen.port() == 1863);
        assert!(args.sb_listen.ip().is_loopback() && args.http_listen.ip().is_loopback());
        assert!(!args.allow_remote && !args.no_challenges);
        assert_eq!(args.max_connections, crate::server::DEFAULT_MAX_CONNECTIONS);
    }

    #[test]
    fn serve_takes_a_connection_cap() {
        let cli = Cli::try_parse_from(["msntui", "serve", "--max-connections", "12000"]).unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("no serve command parsed");
        };
        assert_eq!(args.max_connections, 12_000);
        assert!(Cli::try_parse_from(["msntui", "serve", "--max-connections", "0"]).is_err());
    }

    #[test]
    fn log_level_goes_with_any_command() {
        let level = |args: &[&str]| Cli::try_parse_from(args).map(|cli| cli.log_level);
        assert_eq!(level(&["msntui"]).unwrap(), None);
        assert_eq!(
            level(&["msntui", "--log-level", "trace"]).unwrap(),
            Some(LogLevel::Trace)
        );
        assert_eq!(
            level(&["msntui", "headless", "--log-level", "debug"]).unwrap(),
            Some(LogLevel::Debug)
        );
        assert_eq!(
            level(&["msntui", "serve", "--log-level", "warn"]).unwrap(),
            Some(LogLevel::Warn)
        );
        assert!(level(&["msntui", "--log-level", "loud"]).is_err());
    }

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn probe_defaults() {
        let args = probe_args(&["example.net"]);
        assert_eq!(args.target.to_string(), "example.net:1863");
        assert_eq!((args.from, args.to), (Dialect::Msnp(2), Dialect::Msnp(21)));
        assert_eq!(args.timeout, Duration::from_secs(5));
        assert_eq!(args.concurrency, 4);
        assert!(!args.json);
    }

    #[test]
    fn probe_options() {
        let args = probe_args(&[
            "[::1]:1864",
            "--from",
            "MSNP8",
            "--to",
            "msnp12",
            "--timeout",
            "250ms",
            "--concurrency",
            "9",
            "--json",
        ]);
        assert_eq!(args.target.port, 1864);
        assert_eq!((args.from, args.to), (Dialect::Msnp(8), Dialect::Msnp(12)));
        assert_eq!(args.timeout, Duration::from_millis(250));
        assert_eq!(args.concurrency, 9);
        assert!(args.json);
        assert_eq!(
            probe_args(&["h", "--timeout", "3"]).timeout,
            Duration::from_secs(3)
        );
    }

    #[test]
    fn bad_probe_arguments_are_usage_errors() {
        for args in [
            &["probe", "h", "--from", "FOO"][..],
            &["probe", "h", "--timeout", "0"],
            &["probe", "h", "--timeout", "soon"],
            &["probe", "h", "--concurrency", "0"],
            &["probe", "h:0"],
            &["probe"],
            &["--config", "c.toml", "probe", "h"],
        ] {
            let parsed = Cli::try_parse_from([&["msntui"], args].concat());
            assert!(parsed.is_err(), "{args:?} parsed");
        }
    }

    #[tokio::test]
    async fn an_upside_down_range_is_refused() {
        let args = probe_args(&["127.0.0.1", "--from", "MSNP9", "--to", "MSNP8"]);
        let error = run_probe(args).await.unwrap_err();
        assert_eq!(error.to_string(), "--from MSNP9 is above --to MSNP8");
        assert_eq!(error.exit_code(), 2);
    }
}
