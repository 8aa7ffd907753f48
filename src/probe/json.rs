use serde_json::{Map, Value, json};

use super::report::{Exchange, Outcome, ProbeReport};

/// The report as one JSON document:
///
/// ```json
/// {"server": "host:1863",
///  "versions": [{"version": "MSNP8", "result": "accepted", "chosen": "MSNP8", "reply": "VER 0 MSNP8"}, ...],
///  "preferred": {"offered": ["MSNP21", ..., "CVR0"], "result": "accepted", "chosen": "MSNP18", "reply": "..."}}
/// ```
///
/// `result` is one of `accepted` (with `chosen`), `refused`, `closed`, `timed_out`,
/// `error` (with `code` and `meaning`, null when unknown), `protocol_error`,
/// `connection_lost` or `connect_failed` (with `detail`). `reply` is null when the
/// server sent nothing.
pub fn render_json(report: &ProbeReport) -> String {
    let versions: Vec<Value> = report
        .versions
        .iter()
        .map(|result| {
            let mut object = exchange(&result.exchange);
            object.insert("version".into(), format!("MSNP{}", result.version).into());
            Value::Object(object)
        })
        .collect();
    let mut preferred = exchange(&report.preferred.exchange);
    let offered: Vec<String> = report
        .preferred
        .offered
        .iter()
        .map(ToString::to_string)
        .collect();
    preferred.insert("offered".into(), json!(offered));
    json!({
        "server": report.server,
        "versions": versions,
        "preferred": preferred,
    })
    .to_string()
}

fn exchange(exchange: &Exchange) -> Map<String, Value> {
    let (result, details) = match &exchange.outcome {
        Outcome::Accepted(version) => (
            "accepted",
            vec![("chosen", json!(format!("MSNP{version}")))],
        ),
        Outcome::Refused => ("refused", vec![]),
        Outcome::Closed => ("closed", vec![]),
        Outcome::TimedOut => ("timed_out", vec![]),
        Outcome::ServerError(code) => (
            "error",
            vec![("code", json!(code.0)), ("meaning", json!(code.meaning()))],
        ),
        Outcome::ProtocolError(detail) => ("protocol_error", vec![("detail", json!(detail))]),
        Outcome::ConnectionLost(detail) => ("connection_lost", vec![("detail", json!(detail))]),
        Outcome::ConnectFailed(detail) => ("connect_failed", vec![("detail", json!(detail))]),
    };
    let mut object = Map::new();
    object.insert("result".into(), result.into());
    for (key, value) in details {
        object.insert(key.into(), value);
    }
    object.insert("reply".into(), json!(exchange.reply));
    object
}
