//! `msntui probe`: which protocol versions does a server accept, and which does it prefer?
//!
//! One connection per version sends `VER 0 MSNPn CVR0` and records the answer; one more
//! offers the whole range at once to see which version the server picks.

mod exchange;
mod json;
mod report;
mod table;
mod target;

use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

use futures_util::{StreamExt, stream};
use thiserror::Error;

pub use json::render_json;
pub use report::{Exchange, Outcome, PreferredResult, ProbeReport, VersionResult};
pub use table::render_table;
pub use target::{DEFAULT_PORT, Target};

use crate::protocol::Dialect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    pub target: Target,
    /// MSNP version numbers to try, one connection each.
    pub versions: RangeInclusive<u8>,
    /// Bounds each connection, connecting included.
    pub timeout: Duration,
    /// Connections open at the same time (at least one).
    pub concurrency: usize,
}

#[derive(Debug, Error)]
pub enum ProbeError {
    #[error("cannot resolve {host}: {reason}")]
    Resolve { host: String, reason: String },
    #[error("cannot connect to {target}: {reason}")]
    Connect { target: String, reason: String },
}

/// Probes the server. Fails only when it cannot be resolved or reached at all.
pub async fn probe(options: &ProbeOptions) -> Result<ProbeReport, ProbeError> {
    let addresses = resolve(&options.target).await?;

    // The all-at-once offer goes first: if it cannot connect, neither will the others.
    let offered: Vec<Dialect> = options
        .versions
        .clone()
        .rev()
        .map(Dialect::Msnp)
        .chain([Dialect::Cvr0])
        .collect();
    let preferred = exchange::offer(&addresses, offered.clone(), options.timeout).await;
    if let Outcome::ConnectFailed(reason) = preferred.outcome {
        return Err(ProbeError::Connect {
            target: options.target.to_string(),
            reason,
        });
    }

    let addresses = &addresses;
    let versions = stream::iter(options.versions.clone())
        .map(|version| async move {
            let dialects = vec![Dialect::Msnp(version), Dialect::Cvr0];
            VersionResult {
                version,
                exchange: exchange::offer(addresses, dialects, options.timeout).await,
            }
        })
        .buffered(options.concurrency.max(1))
        .collect()
        .await;

    Ok(ProbeReport {
        server: options.target.to_string(),
        versions,
        preferred: PreferredResult {
            offered,
            exchange: preferred,
        },
    })
}

async fn resolve(target: &Target) -> Result<Vec<SocketAddr>, ProbeError> {
    let failed = |reason: String| ProbeError::Resolve {
        host: target.host.clone(),
        reason,
    };
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((target.host.as_str(), target.port))
        .await
        .map_err(|error| failed(error.to_string()))?
        .collect();
    if addresses.is_empty() {
        return Err(failed("no addresses found".to_owned()));
    }
    Ok(addresses)
}
