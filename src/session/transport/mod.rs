//! How a connection reaches its server: TCP (directly or through a SOCKS5 / HTTP CONNECT
//! proxy) or the HTTP polling gateway. Either way the NS and switchboard code above gets
//! a byte stream and frames it as before.

mod direct;
mod gateway;
mod proxy;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::protocol::BoxedStream;
use crate::session::auth::{AuthClient, AuthError};
use crate::session::config::{Network, SessionConfig, TransportMode};
use crate::session::error::SessionError;
use crate::session::events::ConnectionKind;

/// An opened connection and how it travels.
pub(crate) struct Opened {
    pub stream: BoxedStream,
    pub via_gateway: bool,
}

/// Opens the session's connections the configured way. Cheap to clone; the NS task and
/// the conversation layer share one, so switchboards follow the NS onto the gateway.
#[derive(Clone)]
pub(crate) struct Connector {
    inner: Arc<Inner>,
}

struct Inner {
    network: Network,
    ca_file: Option<PathBuf>,
    /// The HTTP client of the gateway and the HTTP services, built on first use.
    http: Mutex<Option<AuthClient>>,
    /// `gateway`, or `auto` after it fell back.
    on_gateway: AtomicBool,
}

impl Connector {
    pub fn new(config: &SessionConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                network: config.network.clone(),
                ca_file: config.ca_file.clone(),
                http: Mutex::new(None),
                on_gateway: AtomicBool::new(config.network.transport == TransportMode::Gateway),
            }),
        }
    }

    /// The HTTP client, with the configured (or the environment's) proxy.
    pub fn http(&self) -> Result<AuthClient, AuthError> {
        let mut slot = self
            .inner
            .http
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(client) = slot.as_ref() {
            return Ok(client.clone());
        }
        let proxy = proxy::for_http(self.inner.network.proxy.as_ref())?;
        let client = AuthClient::with_proxy(self.inner.ca_file.as_deref(), proxy)?;
        *slot = Some(client.clone());
        Ok(client)
    }

    pub fn via_gateway(&self) -> bool {
        self.inner.on_gateway.load(Ordering::Relaxed)
    }

    /// `auto` and still direct: a failed direct connection may be retried on the gateway.
    pub fn may_fall_back(&self) -> bool {
        self.inner.network.transport == TransportMode::Auto && !self.via_gateway()
    }

    /// Switches this session to the gateway; returns its URL for the announcement.
    pub fn fall_back(&self) -> String {
        self.inner.on_gateway.store(true, Ordering::Relaxed);
        self.inner.network.gateway_url.clone()
    }

    /// A connection to `host:port`. Over the gateway nothing is sent until the first
    /// command is written (it goes in the `open` request).
    pub async fn open(
        &self,
        kind: ConnectionKind,
        host: &str,
        port: u16,
        timeout: Duration,
    ) -> Result<Opened, SessionError> {
        if self.via_gateway() {
            let http = self.http()?;
            let stream = gateway::open(http.http().clone(), &self.inner.network, kind, host, port)
                .map_err(|error| SessionError::Connect {
                    server: format!("{host}:{port}"),
                    reason: error.to_string(),
                })?;
            return Ok(Opened {
                stream: Box::new(stream),
                via_gateway: true,
            });
        }
        let stream =
            direct::connect(host, port, timeout, self.inner.network.proxy.as_ref()).await?;
        Ok(Opened {
            stream: Box::new(stream),
            via_gateway: false,
        })
    }
}
