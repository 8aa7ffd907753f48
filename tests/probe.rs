//! `msntui probe` against a scripted loopback server that answers each `VER` offer the way
//! the recorded server did in `ver-probe.frames.jsonl`.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use msntui::probe::{
    self, Exchange, Outcome, ProbeError, ProbeOptions, ProbeReport, Target, render_json,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The offered dialects of a `VER 0 ...` line, as a set: the recorded server (Escargot)
/// picks by its own preference order, so the order of an offer does not change its answer.
type Offer = BTreeSet<String>;

/// For each recorded connection: what the client offered, and the server's first line
/// (`None` when it hung up without one).
struct Recording(HashMap<Offer, Option<Vec<u8>>>);

impl Recording {
    fn load() -> Recording {
        let dir = std::env::var_os("MSNTUI_TRANSCRIPTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts")
            });
        let path = dir.join("ver-probe.frames.jsonl");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("the recorded probe {}: {error}", path.display()));
        let mut offers: HashMap<String, Offer> = HashMap::new();
        let mut replies: HashMap<String, Vec<u8>> = HashMap::new();
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            let frame: serde_json::Value = serde_json::from_str(line).unwrap();
            let conn = frame["conn"].as_str().unwrap().to_owned();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(frame["bytes_b64"].as_str().unwrap())
                .unwrap();
            match frame["dir"].as_str().unwrap() {
                "C" => {
                    offers.entry(conn).or_insert_with(|| offer_of(&bytes));
                }
                _ => {
                    replies.entry(conn).or_insert(bytes);
                }
            }
        }
        let answers = offers
            .into_iter()
            .map(|(conn, offer)| (offer, replies.remove(&conn)))
            .collect();
        Recording(answers)
    }

    /// What the recorded server said to an offer, as the probe should report it.
    fn expected(&self, offer: &Offer) -> Exchange {
        let Some(Some(reply)) = self.0.get(offer) else {
            // No recording of this offer: the scripted server hangs up.
            return Exchange::without_reply(Outcome::Closed);
        };
        let line = String::from_utf8(reply.clone())
            .unwrap()
            .trim_end()
            .to_owned();
        let outcome = match line.strip_prefix("VER 0 ") {
            Some("0") => Outcome::Refused,
            Some(dialect) => {
                Outcome::Accepted(dialect.strip_prefix("MSNP").unwrap().parse().unwrap())
            }
            None => panic!("unexpected recorded reply {line:?}"),
        };
        Exchange {
            outcome,
            reply: Some(line),
        }
    }

    /// Versions n for which `VER 0 MSNPn CVR0` was recorded.
    fn single_versions(&self) -> Vec<u8> {
        (0..=u8::MAX)
            .filter(|n| self.0.contains_key(&single_offer(*n)))
            .collect()
    }

    /// Recorded offers of a contiguous range `MSNPa..MSNPb CVR0` with a < b.
    fn range_offers(&self) -> Vec<(u8, u8)> {
        self.0
            .keys()
            .filter_map(|offer| {
                if !offer.contains("CVR0") {
                    return None;
                }
                let mut versions = offer
                    .iter()
                    .filter(|token| *token != "CVR0")
                    .map(|token| token.strip_prefix("MSNP")?.parse::<u8>().ok())
                    .collect::<Option<Vec<u8>>>()?;
                versions.sort();
                let (low, high) = (*versions.first()?, *versions.last()?);
                (low < high && versions.len() == usize::from(high - low) + 1).then_some((low, high))
            })
            .collect()
    }
}

fn offer_of(line: &[u8]) -> Offer {
    let line = std::str::from_utf8(line).unwrap().trim_end();
    let tokens = line
        .strip_prefix("VER 0 ")
        .unwrap_or_else(|| panic!("not a VER 0 offer: {line:?}"));
    tokens.split(' ').map(str::to_owned).collect()
}

fn single_offer(version: u8) -> Offer {
    offer_of(format!("VER 0 MSNP{version} CVR0").as_bytes())
}

fn range_offer(low: u8, high: u8) -> Offer {
    (low..=high)
        .map(|n| format!("MSNP{n}"))
        .chain(["CVR0".to_owned()])
        .collect()
}

/// A loopback server answering every connection's first line from the recording.
async fn scripted_server(recording: Arc<Recording>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(answer(stream, recording.clone()));
        }
    });
    port
}

async fn answer(stream: TcpStream, recording: Arc<Recording>) {
    let mut stream = BufReader::new(stream);
    let mut line = Vec::new();
    stream.read_until(b'\n', &mut line).await.unwrap();
    if let Some(Some(reply)) = recording.0.get(&offer_of(&line)) {
        stream.write_all(reply).await.unwrap();
        // Wait for the client to hang up, so the reply is never cut short by a reset.
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest).await;
    }
}

fn options(port: u16, versions: std::ops::RangeInclusive<u8>) -> ProbeOptions {
    ProbeOptions {
        target: Target {
            host: "127.0.0.1".to_owned(),
            port,
        },
        versions,
        timeout: Duration::from_secs(5),
        concurrency: 4,
    }
}

async fn probe_recorded(recording: &Arc<Recording>, low: u8, high: u8) -> ProbeReport {
    let port = scripted_server(recording.clone()).await;
    probe::probe(&options(port, low..=high)).await.unwrap()
}

/// A port on 127.0.0.1 with nothing listening.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn reports_each_version_as_the_recorded_server_answered() {
    let recording = Arc::new(Recording::load());
    let versions = recording.single_versions();
    assert!(versions.len() >= 20, "recording has only {versions:?}");
    let (low, high) = (versions[0], versions[versions.len() - 1]);

    let report = probe_recorded(&recording, low, high).await;

    assert!(report.server.starts_with("127.0.0.1:"), "{}", report.server);
    let reported: Vec<u8> = report
        .versions
        .iter()
        .map(|result| result.version)
        .collect();
    assert_eq!(reported, (low..=high).collect::<Vec<_>>());
    for result in &report.versions {
        let expected = recording.expected(&single_offer(result.version));
        assert_eq!(result.exchange, expected, "MSNP{}", result.version);
    }
    assert!(
        report
            .versions
            .iter()
            .any(|r| r.exchange.outcome == Outcome::Refused)
    );
    assert_eq!(
        report.preferred.exchange,
        recording.expected(&range_offer(low, high))
    );
}

#[tokio::test]
async fn reports_the_version_the_recorded_server_picked() {
    let recording = Arc::new(Recording::load());
    let ranges = recording.range_offers();
    assert!(!ranges.is_empty(), "no multi-version offer recorded");
    for (low, high) in ranges {
        let report = probe_recorded(&recording, low, high).await;
        let expected = recording.expected(&range_offer(low, high));
        assert!(matches!(expected.outcome, Outcome::Accepted(_)));
        assert_eq!(report.preferred.exchange, expected, "MSNP{low}..MSNP{high}");
        let offered: Vec<String> = report
            .preferred
            .offered
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(offered.first(), Some(&format!("MSNP{high}")));
        assert_eq!(offered.last().map(String::as_str), Some("CVR0"));
    }
}

#[tokio::test]
async fn json_output_has_one_entry_per_version() {
    let recording = Arc::new(Recording::load());
    let report = probe_recorded(&recording, 21, 22).await;
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();

    assert_eq!(json["server"], report.server);
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], "MSNP21");
    assert_eq!(versions[0]["result"], "accepted");
    assert_eq!(versions[0]["chosen"], "MSNP21");
    assert_eq!(versions[0]["reply"], "VER 0 MSNP21");
    assert_eq!(versions[1]["version"], "MSNP22");
    assert_eq!(versions[1]["result"], "refused");
    assert_eq!(versions[1]["reply"], "VER 0 0");
    let preferred = &json["preferred"];
    assert_eq!(
        preferred["offered"],
        serde_json::json!(["MSNP22", "MSNP21", "CVR0"])
    );
    assert!(preferred["result"].is_string());
    assert!(preferred.get("reply").is_some());
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            held.push(stream);
        }
    });
    let mut options = options(port, 2..=5);
    options.timeout = Duration::from_millis(200);
    options.concurrency = 2;

    let report = probe::probe(&options).await.unwrap();

    assert_eq!(report.preferred.exchange.outcome, Outcome::TimedOut);
    assert_eq!(report.versions.len(), 4);
    for result in &report.versions {
        assert_eq!(result.exchange, Exchange::without_reply(Outcome::TimedOut));
    }
}

#[tokio::test]
async fn an_unreachable_server_is_one_error() {
    let port = closed_port().await;
    let error = probe::probe(&options(port, 2..=21)).await.unwrap_err();
    assert!(matches!(error, ProbeError::Connect { .. }));
    assert_eq!(
        error.to_string(),
        format!("cannot connect to 127.0.0.1:{port}: connection refused")
    );
}

#[tokio::test]
async fn the_binary_prints_a_table() {
    let recording = Arc::new(Recording::load());
    let port = scripted_server(recording).await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_msntui"))
        .args([
            "probe",
            &format!("127.0.0.1:{port}"),
            "--from",
            "MSNP7",
            "--to",
            "MSNP12",
        ])
        .output()
        .await
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[2], "VERSION  RESULT    REPLY");
    assert_eq!(lines[3], "MSNP7    accepted  VER 0 MSNP7");
    assert_eq!(lines[8], "MSNP12   accepted  VER 0 MSNP12");
    assert!(
        stdout.contains("Offering MSNP12 down to MSNP7 in one VER: "),
        "{stdout}"
    );
}

#[tokio::test]
async fn the_binary_reports_an_unreachable_server_on_one_line() {
    let port = closed_port().await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_msntui"))
        .args(["probe", &format!("127.0.0.1:{port}")])
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("msntui: cannot connect to 127.0.0.1:{port}: connection refused\n")
    );
}
