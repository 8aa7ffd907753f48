//! The notification-server side of a session: one task that signs in, stays online,
//! carries out requests, and reconnects when the connection is lost.

mod authenticate;
pub(super) mod connection;
mod context;
mod dispatch;
mod keepalive;
mod lists;
mod offline;
mod online;
mod presence;
mod requests;
mod signin;
mod startup;
mod switchboards;
mod whois;

use tokio::sync::mpsc;

use super::error::{Recovery, SessionError};
use super::events::{ConnectionState, DisconnectReason, ErrorInfo, Event};
use super::reconnect::Backoff;
use super::request::Request;
pub(crate) use context::Ctx;
use online::Ended;
pub(crate) use signin::client_build;
pub(crate) use switchboards::{SwitchboardGrant, SwitchboardRequest};

/// Runs a session until it signs out, is refused, or fails for good.
pub(crate) async fn run(mut ctx: Ctx, mut requests: mpsc::UnboundedReceiver<Request>) {
    let timing = ctx.config.timing.clone();
    let mut backoff = Backoff::new(timing.backoff_min, timing.backoff_max, timing.healthy_after);
    let mut signed_in_before = false;
    loop {
        let ended = match signin::sign_in_or_quit(&mut ctx, &mut requests).await {
            Ok(Some(signed_in)) => {
                signed_in_before = true;
                let since = tokio::time::Instant::now();
                let ended = online::run(&mut ctx, signed_in, &mut requests).await;
                backoff.connection_lasted(since.elapsed());
                ended
            }
            Ok(None) => Ended::SignedOut,
            Err(error) => Ended::Failed(error),
        };
        let error = match ended {
            Ended::SignedOut => return finish(&ctx, DisconnectReason::SignedOut),
            Ended::Moved => continue,
            Ended::Failed(error) => error,
        };
        let reason = ctx.redactor.text(&error.to_string());
        match error.recovery() {
            Recovery::StopAuth => {
                report(&ctx, &reason, &error);
                return finish(&ctx, DisconnectReason::AuthenticationFailed(reason));
            }
            Recovery::StopOtherLocation => {
                return finish(&ctx, DisconnectReason::OtherLocation);
            }
            Recovery::Stop => {
                report(&ctx, &reason, &error);
                return finish(&ctx, DisconnectReason::Failed(reason));
            }
            Recovery::Retry if !signed_in_before && !ctx.config.retry_first_connect => {
                report(&ctx, &reason, &error);
                return finish(&ctx, DisconnectReason::Failed(reason));
            }
            Recovery::Retry => {}
        }
        tracing::info!(%reason, "connection lost");
        let delay = backoff.next_delay();
        ctx.state(ConnectionState::Reconnecting {
            attempt: backoff.attempt(),
            delay,
            reason,
        });
        if !ctx.wait_offline(delay, &mut requests).await {
            return finish(&ctx, DisconnectReason::SignedOut);
        }
    }
}

fn report(ctx: &Ctx, reason: &str, error: &SessionError) {
    ctx.emit(Event::Error(ErrorInfo {
        message: reason.to_owned(),
        code: error.code(),
    }));
}

fn finish(ctx: &Ctx, reason: DisconnectReason) {
    tracing::info!(%reason, "session over");
    ctx.state(ConnectionState::Disconnected(reason));
}
