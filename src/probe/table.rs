use super::report::{Outcome, ProbeReport};

/// The report as an aligned table, followed by the server's pick among all versions.
pub fn render_table(report: &ProbeReport) -> String {
    let rows: Vec<[String; 3]> = report
        .versions
        .iter()
        .map(|result| {
            [
                format!("MSNP{}", result.version),
                single_result(result.version, &result.exchange.outcome),
                reply_cell(&result.exchange.reply),
            ]
        })
        .collect();
    let header = ["VERSION", "RESULT", "REPLY"].map(str::to_owned);
    let widths = [0, 1].map(|column| {
        (rows.iter().chain([&header]))
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    });

    let mut out = format!(
        "{}: one connection per version, each sending VER 0 MSNPn CVR0\n\n",
        report.server
    );
    for [version, result, reply] in [header].iter().chain(&rows) {
        let line = format!(
            "{version:<w0$}  {result:<w1$}  {reply}",
            w0 = widths[0],
            w1 = widths[1]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }

    let preferred = &report.preferred;
    let versions: Vec<u8> = preferred
        .offered
        .iter()
        .filter_map(|d| d.version())
        .collect();
    let offer = match (versions.first(), versions.last()) {
        (Some(high), Some(low)) if high != low => format!("MSNP{high} down to MSNP{low}"),
        (Some(only), _) => format!("MSNP{only}"),
        _ => "no version".to_owned(),
    };
    let answer = match &preferred.exchange.outcome {
        Outcome::Accepted(version) => format!("the server chose MSNP{version}"),
        Outcome::Refused => "the server refused all of them".to_owned(),
        other => describe(other),
    };
    out.push_str(&format!("\nOffering {offer} in one VER: {answer}"));
    if let Some(reply) = &preferred.exchange.reply {
        out.push_str(&format!(" (reply: {reply})"));
    }
    out.push('\n');
    out
}

fn single_result(offered: u8, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted(version) if *version == offered => "accepted".to_owned(),
        Outcome::Accepted(version) => format!("answered MSNP{version}"),
        other => describe(other),
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted(version) => format!("accepted MSNP{version}"),
        Outcome::Refused => "refused".to_owned(),
        Outcome::Closed => "closed without answering".to_owned(),
        Outcome::TimedOut => "timed out".to_owned(),
        Outcome::ServerError(code) => format!("error {code}"),
        Outcome::ProtocolError(detail) => format!("protocol error: {detail}"),
        Outcome::ConnectionLost(detail) => format!("connection lost: {detail}"),
        Outcome::ConnectFailed(detail) => format!("cannot connect: {detail}"),
    }
}

fn reply_cell(reply: &Option<String>) -> String {
    reply.clone().unwrap_or_else(|| "-".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::report::{Exchange, PreferredResult, VersionResult};
    use crate::protocol::{Dialect, ErrorCode};

    fn result(version: u8, outcome: Outcome, reply: Option<&str>) -> VersionResult {
        VersionResult {
            version,
            exchange: Exchange {
                outcome,
                reply: reply.map(str::to_owned),
            },
        }
    }

    #[test]
    fn aligned_rows_and_the_pick() {
        let report = ProbeReport {
            server: "127.0.0.1:1863".to_owned(),
            versions: vec![
                result(9, Outcome::Accepted(9), Some("VER 0 MSNP9")),
                result(10, Outcome::ServerError(ErrorCode(500)), Some("500 0")),
                result(11, Outcome::TimedOut, None),
                result(22, Outcome::Refused, Some("VER 0 0")),
            ],
            preferred: PreferredResult {
                offered: vec![Dialect::Msnp(22), Dialect::Msnp(9), Dialect::Cvr0],
                exchange: Exchange {
                    outcome: Outcome::Accepted(18),
                    reply: Some("VER 0 MSNP18".to_owned()),
                },
            },
        };
        assert_eq!(
            render_table(&report),
            "127.0.0.1:1863: one connection per version, each sending VER 0 MSNPn CVR0

VERSION  RESULT                             REPLY
MSNP9    accepted                           VER 0 MSNP9
MSNP10   error 500 (Internal server error)  500 0
MSNP11   timed out                          -
MSNP22   refused                            VER 0 0

Offering MSNP22 down to MSNP9 in one VER: the server chose MSNP18 (reply: VER 0 MSNP18)
"
        );
    }
}
