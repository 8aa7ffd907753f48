//! Receiving: read the announced list (or ask `GetMetadata` when it was `too-large`),
//! fetch each message, hand them to the conversation layer, and delete on the server
//! only what it reports safely logged. A message that cannot be fetched stays on the
//! server for next time; one that cannot be read becomes a placeholder line. A refused
//! ticket is renewed once per request (MSNP15+, through RST).

use std::time::SystemTime;

use tokio::sync::{mpsc, oneshot};

use super::renew::Ticket;
use super::{Endpoint, MAX_ANSWER, OfflineError, OfflineNews, OfflineService};
use crate::protocol::message::{MailData, Secret};
use crate::protocol::offline::{
    MailDataList, OfflineSummary, OfflineText, RsiAction, refuses_ticket, rsi_answer_text,
    rsi_envelope,
};

const SERVICE: Endpoint = Endpoint::Fetch;

/// Offline messages fetched in one go, oldest first, and what went wrong on the way.
#[derive(Debug, Default)]
pub(crate) struct Fetched {
    pub messages: Vec<FetchedMessage>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchedMessage {
    /// The server's id, for de-duplication and `DeleteMessages`.
    pub id: String,
    pub sender: String,
    pub sender_name: String,
    pub sent: SystemTime,
    /// The text, or why it cannot be shown.
    pub text: Result<String, String>,
    run: Option<(String, u32)>,
}

impl OfflineService {
    /// Fetches what `announced` lists, has it shown and logged, then deletes it.
    pub async fn receive(&self, announced: MailData, news: mpsc::UnboundedSender<OfflineNews>) {
        let mut ticket = self.inner.fetch_ticket.lock().await;
        let fetched = self.fetch(&mut ticket, &announced).await;
        if fetched.messages.is_empty() {
            for problem in fetched.problems {
                let _ = news.send(OfflineNews::Problem(problem));
            }
            return;
        }
        let (logged, safe) = oneshot::channel();
        if news.send(OfflineNews::Fetched { fetched, logged }).is_err() {
            return;
        }
        let Ok(ids) = safe.await else {
            return;
        };
        if ids.is_empty() {
            return;
        }
        if let Err(error) = self.delete(&mut ticket, ids).await {
            let problem = format!("offline messages were shown but not deleted: {error}");
            let _ = news.send(OfflineNews::Problem(problem));
        }
    }

    /// Deletes `ids` on the server. Escargot refuses the whole list when one id is
    /// unknown, as one is when another place of the account deleted it first: then
    /// those the server still lists are deleted, and the rest are gone already.
    async fn delete(&self, ticket: &mut Secret, ids: Vec<String>) -> Result<(), OfflineError> {
        let refused = match self
            .rsi(ticket, &RsiAction::DeleteMessages { ids: ids.clone() })
            .await
        {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        let Some(listed) = self.listed_now(ticket).await else {
            return Err(refused);
        };
        let left: Vec<String> = ids.into_iter().filter(|id| listed.holds(id)).collect();
        if left.is_empty() {
            tracing::debug!("offline messages already deleted, by another place of the account");
            return Ok(());
        }
        self.rsi(ticket, &RsiAction::DeleteMessages { ids: left })
            .await
            .map(drop)
    }

    async fn fetch(&self, ticket: &mut Secret, announced: &MailData) -> Fetched {
        let mut fetched = Fetched::default();
        let list = if announced.too_large() {
            self.metadata(ticket).await.and_then(|xml| read_list(&xml))
        } else {
            read_list(&announced.xml)
        };
        let list = match list {
            Ok(list) => list,
            Err(error) => {
                fetched
                    .problems
                    .push(format!("cannot list offline messages: {error}"));
                return fetched;
            }
        };
        if list.skipped > 0 {
            fetched.problems.push(format!(
                "{} offline messages were listed without a usable sender or id",
                list.skipped
            ));
        }
        if list.truncated {
            fetched
                .problems
                .push("more offline messages are waiting; they come with the next sign-in".into());
        }
        let mut failed = Vec::new();
        for summary in list.messages {
            let action = RsiAction::GetMessage {
                id: summary.id.clone(),
            };
            match self.rsi(ticket, &action).await {
                Ok(text) => fetched.messages.push(message(summary, &text)),
                Err(error) => failed.push((summary, error)),
            }
        }
        if !failed.is_empty() {
            let listed = self.listed_now(ticket).await;
            for (summary, error) in failed {
                if listed.as_ref().is_some_and(|list| !list.holds(&summary.id)) {
                    tracing::debug!(sender = %summary.sender, "offline message deleted meanwhile, by another place of the account");
                    continue;
                }
                fetched.problems.push(format!(
                    "cannot fetch the offline message from {}: {error} (kept for later)",
                    summary.sender
                ));
            }
        }
        // Oldest first; within one second, one sender's run by its sequence numbers.
        fetched
            .messages
            .sort_by(|a, b| (a.sent, &a.run).cmp(&(b.sent, &b.run)));
        fetched
    }

    /// What the server lists now, to tell the messages another place of the account
    /// fetched and deleted meanwhile from those still waiting; `None` when it cannot say.
    async fn listed_now(&self, ticket: &mut Secret) -> Option<MailDataList> {
        let list = self.metadata(ticket).await.and_then(|xml| read_list(&xml));
        list.ok().filter(|list| !list.truncated)
    }

    /// The list by `GetMetadata`: the standard request, else the form Escargot takes.
    async fn metadata(&self, ticket: &mut Secret) -> Result<String, OfflineError> {
        match self
            .rsi(ticket, &RsiAction::GetMetadata { with_child: false })
            .await
        {
            Err(OfflineError::Http { status: 500, .. }) => {
                self.rsi(ticket, &RsiAction::GetMetadata { with_child: true })
                    .await
            }
            other => other,
        }
    }

    /// One `rsi.asmx` call: the text its answer carries. A refused ticket is renewed
    /// (kept for the next calls) and the call made again, once.
    async fn rsi(&self, ticket: &mut Secret, action: &RsiAction) -> Result<String, OfflineError> {
        match self.rsi_with(ticket, action).await {
            Err(OfflineError::TicketExpired { .. }) => {
                *ticket = self.renew(Ticket::Fetch).await?;
                self.rsi_with(ticket, action).await
            }
            other => other,
        }
    }

    async fn rsi_with(&self, ticket: &Secret, action: &RsiAction) -> Result<String, OfflineError> {
        let inner = &self.inner;
        let answer = inner
            .client
            .post_soap(
                inner.rsi_url.clone(),
                &action.soap_action(),
                rsi_envelope(ticket.expose(), action),
                MAX_ANSWER,
            )
            .await
            .map_err(|error| OfflineError::posting(SERVICE, error))?;
        if answer.status != 200 && refuses_ticket(&answer.body) {
            return Err(OfflineError::TicketExpired { service: SERVICE });
        }
        if answer.status != 200 {
            return Err(OfflineError::Http {
                service: SERVICE,
                status: answer.status,
            });
        }
        rsi_answer_text(&answer.body, action)
            .map_err(|error| OfflineError::Unreadable {
                service: SERVICE,
                reason: error.to_string(),
            })?
            .ok_or_else(|| OfflineError::Unreadable {
                service: SERVICE,
                reason: format!("no {}Response", action.name()),
            })
    }
}

fn read_list(xml: &str) -> Result<MailDataList, OfflineError> {
    MailDataList::parse(xml).map_err(|error| OfflineError::Unreadable {
        service: SERVICE,
        reason: error.to_string(),
    })
}

/// The message as shown: the list's sender and time win over the message's own (the
/// list's `RT` is UTC; a message without a readable sender still shows, as a placeholder).
fn message(summary: OfflineSummary, text: &str) -> FetchedMessage {
    let parsed = OfflineText::parse(text);
    let (name, sent, body, run) = match parsed {
        Ok(parsed) => {
            let run = parsed.run_id.clone().zip(parsed.sequence);
            let body = parsed.body.map_err(|problem| problem.to_string());
            (Some(parsed.sender_name), parsed.sent, body, run)
        }
        Err(error) => (None, None, Err(error.to_string()), None),
    };
    let sender_name = name
        .filter(|name| !name.is_empty())
        .unwrap_or(summary.sender_name);
    FetchedMessage {
        id: summary.id,
        sender_name: if sender_name.is_empty() {
            summary.sender.clone()
        } else {
            sender_name
        },
        sender: summary.sender,
        sent: summary.received.or(sent).unwrap_or_else(SystemTime::now),
        text: body,
        run,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> OfflineSummary {
        OfflineSummary {
            id: "ID-1".into(),
            sender: "bob@example.com".into(),
            sender_name: "Bob".into(),
            received: None,
            size: None,
        }
    }

    #[test]
    fn an_unreadable_message_is_still_a_message() {
        let broken = message(summary(), "no headers");
        assert_eq!(broken.sender, "bob@example.com");
        assert_eq!(broken.sender_name, "Bob");
        assert!(broken.text.is_err());
        let bad_utf8 = message(
            summary(),
            "From: <bob@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\nwyj/",
        );
        assert_eq!(bad_utf8.text, Err("its text is not valid UTF-8".into()));
    }
}
