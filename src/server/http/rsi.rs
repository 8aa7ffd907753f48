//! `rsi.asmx` (MSNP11+): the recipient's side of offline messages. `GetMetadata` lists
//! them, `GetMessage` returns one, `DeleteMessages` removes them and the NS then says so.
//! Errors take Escargot's shapes: a plain-text 500 for an unknown message or a request
//! it cannot read, a `soap:Client` fault for a delete naming an unknown id.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::abch::authenticate;
use super::soap::{ENVELOPE_OPEN, ENVELOPE_TAG, XML_DECLARATION, xml_response};
use crate::protocol::offline::{
    MailDataShape, RSI_NAMESPACE, RsiAction, RsiRequest, mail_data_xml,
};
use crate::protocol::xml::escape;
use crate::server::{Shared, lock, offline};

/// aiohttp's answer to an exception in a handler, as Escargot sends it.
fn trouble() -> Response {
    let content_type = HeaderValue::from_static("text/plain; charset=utf-8");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, content_type)],
        "500 Internal Server Error\n\nServer got itself in trouble",
    )
        .into_response()
}

fn client_fault(message: &str) -> Response {
    xml_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!(
            "{ENVELOPE_OPEN}\t<soap:Body>\n\t\t<soap:Fault>\n\t\t\t<faultcode>soap:Client</faultcode>\n\t\t\t<faultstring>{}</faultstring>\n\t\t\t<faultactor>https://rsi.hotmail.com/rsi/rsi.asmx</faultactor>\n\t\t\t<detail />\n\t\t</soap:Fault>\n\t</soap:Body>\n</soap:Envelope>",
            escape(message)
        ),
    )
}

/// Escapes only what XML requires in element content, keeping CR and tabs as they are.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A successful answer; `separator` goes between the declaration and the envelope tag
/// (Escargot writes none before `GetMetadataResponse`, a line break elsewhere).
fn answer(separator: &str, body: &str) -> Response {
    xml_response(
        StatusCode::OK,
        format!(
            "{XML_DECLARATION}{separator}{ENVELOPE_TAG}\n\t<soap:Body>\n{body}\n\t</soap:Body>\n</soap:Envelope>"
        ),
    )
}

/// `POST /rsi/rsi.asmx`.
pub async fn handle(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request = match RsiRequest::parse(&body) {
        Ok(request) => request,
        Err(error) => {
            tracing::debug!(%error, "unreadable rsi.asmx request");
            return trouble();
        }
    };
    let Some(owner) = authenticate(&shared, &request.ticket) else {
        tracing::debug!(
            action = request.action.name(),
            "rsi.asmx call with a bad ticket"
        );
        return client_fault("Authentication failed");
    };
    tracing::debug!(action = request.action.name(), %owner, "rsi.asmx call");
    match request.action {
        RsiAction::GetMetadata { .. } => {
            let list = mail_data_xml(
                MailDataShape::Metadata,
                &offline::summaries(&shared, &owner),
            );
            answer(
                "",
                &format!(
                    "\t\t<GetMetadataResponse xmlns=\"{RSI_NAMESPACE}\">{}</GetMetadataResponse>",
                    escape_text(&list)
                ),
            )
        }
        RsiAction::GetMessage { id } => {
            let text = lock(&shared.store)
                .directory()
                .offline_for(&owner)
                .iter()
                .find(|message| message.id.eq_ignore_ascii_case(&id))
                .map(|message| offline::stored_text(message, &owner));
            match text {
                Some(text) => answer(
                    "\n",
                    &format!(
                        "\t\t<GetMessageResponse xmlns=\"{RSI_NAMESPACE}\">\n\t\t\t<GetMessageResult>{}</GetMessageResult>\n\t\t</GetMessageResponse>",
                        escape_text(&text)
                    ),
                ),
                None => trouble(),
            }
        }
        RsiAction::DeleteMessages { ids } => {
            let deleted =
                lock(&shared.store).update(|directory| Ok(directory.delete_offline(&owner, &ids)));
            match deleted {
                Ok(Ok(count)) => {
                    offline::deleted(&shared, &owner, count);
                    answer(
                        "\n",
                        &format!("\t\t<DeleteMessagesResponse xmlns=\"{RSI_NAMESPACE}\" />"),
                    )
                }
                Ok(Err(unknown)) => {
                    tracing::debug!(%owner, %unknown, "delete of an unknown offline message");
                    client_fault("Schema validation error")
                }
                Err::<_, crate::server::directory::StoreError>(error) => {
                    tracing::error!(%error, "cannot save the directory");
                    trouble()
                }
            }
        }
    }
}
