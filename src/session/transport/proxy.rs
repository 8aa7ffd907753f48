//! Proxies: SOCKS5 and HTTP CONNECT for TCP (hyper-util's connectors), reqwest's own
//! proxy support for HTTP. The configured proxy wins; without one the `ALL_PROXY` /
//! `HTTPS_PROXY` / `NO_PROXY` environment decides, as curl reads it.

use std::future::poll_fn;

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use thiserror::Error;
use tokio::net::TcpStream;
use tower_service::Service;
use url::Url;

use crate::session::auth::AuthError;
use crate::session::config::Proxy;

#[derive(Debug, Error)]
pub(crate) enum ProxyError {
    #[error("proxy {0} is not a usable URL")]
    BadUrl(String),
    #[error("proxy {proxy}: {reason}")]
    Failed { proxy: String, reason: String },
}

/// The proxy a TCP connection goes through, with its credentials.
pub(super) struct TcpRoute {
    intercept: Intercept,
}

/// The proxy for a TCP connection to `host:port`, if any.
pub(super) fn for_tcp(
    configured: Option<&Proxy>,
    host: &str,
    port: u16,
) -> Result<Option<TcpRoute>, ProxyError> {
    let matcher = match configured {
        Some(proxy) => Matcher::builder()
            .all(with_credentials(proxy)?.to_string())
            .build(),
        None => Matcher::from_env(),
    };
    // Raw MSNP is not HTTP: it is matched like an https destination, so that
    // `HTTPS_PROXY` (else `ALL_PROXY`) and `NO_PROXY` apply to it.
    let destination = destination(host, port)?;
    Ok(matcher
        .intercept(&destination)
        .map(|intercept| TcpRoute { intercept }))
}

impl TcpRoute {
    /// A TCP stream to `host:port` through the proxy.
    pub async fn connect(&self, host: &str, port: u16) -> Result<TcpStream, ProxyError> {
        let proxy = self.intercept.uri().clone();
        let failed = |reason: String| ProxyError::Failed {
            proxy: without_credentials(&proxy),
            reason,
        };
        let destination = destination(host, port)?;
        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        connector.set_nodelay(true);
        let stream = match proxy.scheme_str() {
            Some(scheme @ ("socks5" | "socks5h")) => {
                let mut socks =
                    SocksV5::new(proxy.clone(), connector).local_dns(scheme == "socks5");
                if let Some((user, password)) = self.intercept.raw_auth() {
                    socks = socks.with_auth(user.to_owned(), password.to_owned());
                }
                call(&mut socks, destination)
                    .await
                    .map_err(|error| failed(error.to_string()))?
            }
            Some("http") => {
                let mut tunnel = Tunnel::new(proxy.clone(), connector);
                if let Some(auth) = self.intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                call(&mut tunnel, destination)
                    .await
                    .map_err(|error| failed(error.to_string()))?
            }
            _ => return Err(ProxyError::BadUrl(without_credentials(&proxy))),
        };
        Ok(stream.into_inner())
    }
}

async fn call<S: Service<Uri>>(service: &mut S, destination: Uri) -> Result<S::Response, S::Error> {
    poll_fn(|cx| service.poll_ready(cx)).await?;
    service.call(destination).await
}

fn destination(host: &str, port: u16) -> Result<Uri, ProxyError> {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    format!("https://{host}:{port}")
        .parse()
        .map_err(|_| ProxyError::BadUrl(format!("{host}:{port}")))
}

/// The proxy for the HTTP client; `None` leaves it to reqwest, which reads the environment.
pub(super) fn for_http(configured: Option<&Proxy>) -> Result<Option<reqwest::Proxy>, AuthError> {
    let Some(proxy) = configured else {
        return Ok(None);
    };
    let bad = |reason: String| AuthError::Setup {
        what: "proxy",
        reason,
    };
    let url = with_credentials(proxy).map_err(|error| bad(error.to_string()))?;
    // reqwest turns the URL's userinfo into Proxy-Authorization (http) or SOCKS5 auth.
    let built =
        reqwest::Proxy::all(url.as_str()).map_err(|error| bad(error.without_url().to_string()))?;
    Ok(Some(built))
}

/// The proxy URL with its credentials, for the libraries that read them from there.
fn with_credentials(proxy: &Proxy) -> Result<Url, ProxyError> {
    let mut url = Url::parse(&proxy.url).map_err(|_| ProxyError::BadUrl(proxy.url.clone()))?;
    if let Some(user) = &proxy.username {
        url.set_username(user)
            .map_err(|()| ProxyError::BadUrl(proxy.url.clone()))?;
        url.set_password(proxy.password.as_ref().map(|p| p.expose()))
            .map_err(|()| ProxyError::BadUrl(proxy.url.clone()))?;
    }
    Ok(url)
}

fn without_credentials(uri: &Uri) -> String {
    match (uri.scheme_str(), uri.host(), uri.port_u16()) {
        (Some(scheme), Some(host), Some(port)) => format!("{scheme}://{host}:{port}"),
        (Some(scheme), Some(host), None) => format!("{scheme}://{host}"),
        _ => "(unnamed)".to_owned(),
    }
}
