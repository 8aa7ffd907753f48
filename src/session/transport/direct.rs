//! TCP to the server, or to a proxy that carries it there.

use std::time::Duration;

use tokio::net::TcpStream;

use super::proxy;
use crate::session::config::Proxy;
use crate::session::error::SessionError;

pub(super) async fn connect(
    host: &str,
    port: u16,
    timeout: Duration,
    configured: Option<&Proxy>,
) -> Result<TcpStream, SessionError> {
    let server = format!("{host}:{port}");
    let connect_error = |reason: String| SessionError::Connect {
        server: server.clone(),
        reason,
    };
    let route =
        proxy::for_tcp(configured, host, port).map_err(|error| connect_error(error.to_string()))?;
    let connecting = async {
        match &route {
            Some(route) => route
                .connect(host, port)
                .await
                .map_err(|error| error.to_string()),
            None => TcpStream::connect((host, port))
                .await
                .map_err(|error| error.to_string()),
        }
    };
    let stream = tokio::time::timeout(timeout, connecting)
        .await
        .map_err(|_| connect_error(format!("no answer within {}s", timeout.as_secs())))?
        .map_err(connect_error)?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}
