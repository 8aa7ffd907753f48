//! Slash commands (`/status away`, `/add bob@example.com`, ...) parsed into session
//! requests. Shared by `msntui headless` and the terminal UI's input line.

use thiserror::Error;

use crate::protocol::types::{Status, is_valid_email};
use std::path::PathBuf;

use crate::session::{ChatTarget, ConversationId, Request, TransferId};

/// What went wrong with a typed command; the text is meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommandError {
    #[error(
        "commands start with /; try /msg, /say, /typing, /close, /resend, /nudge, /invite, /send, /accept-file, /decline-file, /cancel, /whois, /history, /status, /nick, /psm, /add, /remove, /block, /unblock, /accept, /decline, /group, /reconnect or /quit"
    )]
    NotACommand,
    #[error("unknown command /{0}")]
    Unknown(String),
    #[error("usage: {0}")]
    Usage(&'static str),
    #[error("{0:?} is not a status; use online, busy, idle, brb, away, phone, lunch or hidden")]
    BadStatus(String),
    #[error("{0:?} is not an e-mail address")]
    BadEmail(String),
    #[error("a quotation mark is not closed")]
    OpenQuote,
}

const STATUS: &str = "/status online|busy|idle|brb|away|phone|lunch|hidden";
const NICK: &str = "/nick NAME";
const ADD: &str = "/add EMAIL [GROUP]";
const MSG: &str = "/msg EMAIL TEXT";
const SAY: &str = "/say CONVERSATION TEXT (the number in the conversation's events)";
const HISTORY: &str = "/history EMAIL [COUNT]";
const SEND: &str = "/send PATH [EMAIL]  (quote a path with spaces)";
/// Lines `/history` shows when no count is given.
const HISTORY_LINES: usize = 20;
const GROUP: &str =
    "/group add NAME | /group rename GROUP NAME | /group remove GROUP | /group move EMAIL [GROUP]";

/// Parses one input line.
pub fn parse(line: &str) -> Result<Request, CommandError> {
    let line = line.trim();
    let Some(body) = line.strip_prefix('/') else {
        return Err(CommandError::NotACommand);
    };
    let (name, rest) = split_first(body);
    let rest = rest.trim();
    match name.to_ascii_lowercase().as_str() {
        "status" => one_word(rest, STATUS)
            .and_then(status)
            .map(Request::SetStatus),
        "nick" | "name" => {
            let name = unquote_all(rest)?;
            if name.is_empty() {
                return Err(CommandError::Usage(NICK));
            }
            Ok(Request::SetName(name))
        }
        "psm" | "message" => Ok(Request::SetPersonalMessage(unquote_all(rest)?)),
        "add" => {
            let words = words(rest)?;
            let Some((email, group)) = words.split_first() else {
                return Err(CommandError::Usage(ADD));
            };
            Ok(Request::AddContact {
                email: address(email)?,
                group: joined(group),
            })
        }
        "remove" | "rm" => {
            contact(rest, "/remove EMAIL").map(|email| Request::RemoveContact { email })
        }
        "block" => contact(rest, "/block EMAIL").map(|email| Request::Block { email }),
        "unblock" => contact(rest, "/unblock EMAIL").map(|email| Request::Unblock { email }),
        "accept" => contact(rest, "/accept EMAIL").map(|email| Request::Accept { email }),
        "decline" => contact(rest, "/decline EMAIL").map(|email| Request::Decline { email }),
        "msg" | "m" => {
            let (email, text) = split_first(rest);
            let text = text.trim_start();
            if email.is_empty() || text.is_empty() {
                return Err(CommandError::Usage(MSG));
            }
            Ok(Request::SendMessage {
                to: ChatTarget::Contact(address(email)?),
                text: text.to_owned(),
            })
        }
        "say" => {
            let (id, text) = split_first(rest);
            let text = text.trim_start();
            match id.parse() {
                Ok(id) if !text.is_empty() => Ok(Request::SendMessage {
                    to: ChatTarget::Conversation(ConversationId(id)),
                    text: text.to_owned(),
                }),
                _ => Err(CommandError::Usage(SAY)),
            }
        }
        "nudge" => contact(rest, "/nudge EMAIL").map(|email| Request::Nudge {
            to: ChatTarget::Contact(email),
        }),
        "invite" => contact(rest, "/invite EMAIL").map(|email| Request::Invite {
            conversation: None,
            email,
        }),
        "history" | "log" => history(rest),
        "whois" | "info" => contact(rest, "/whois EMAIL").map(|email| Request::Whois { email }),
        "send" => send(rest),
        "accept-file" => {
            transfer(rest, "/accept-file [N]").map(|transfer| Request::AcceptFile { transfer })
        }
        "decline-file" => {
            transfer(rest, "/decline-file [N]").map(|transfer| Request::DeclineFile { transfer })
        }
        "cancel" => {
            transfer(rest, "/cancel [N]").map(|transfer| Request::CancelTransfer { transfer })
        }
        "group" => group(rest),
        "reconnect" => match rest {
            "" => Ok(Request::Reconnect),
            _ => Err(CommandError::Usage("/reconnect")),
        },
        "quit" | "exit" | "signout" => {
            if rest.is_empty() {
                Ok(Request::SignOut)
            } else {
                Err(CommandError::Usage("/quit"))
            }
        }
        _ => Err(CommandError::Unknown(name.to_owned())),
    }
}

fn group(rest: &str) -> Result<Request, CommandError> {
    let words = words(rest)?;
    let Some((action, args)) = words.split_first() else {
        return Err(CommandError::Usage(GROUP));
    };
    match (action.to_ascii_lowercase().as_str(), args) {
        ("add" | "create", [_, ..]) => Ok(Request::AddGroup {
            name: args.join(" "),
        }),
        ("rename", [group, name @ ..]) if !name.is_empty() => Ok(Request::RenameGroup {
            group: group.clone(),
            name: name.join(" "),
        }),
        ("remove" | "delete" | "rm", [_, ..]) => Ok(Request::RemoveGroup {
            group: args.join(" "),
        }),
        ("move", [email, group @ ..]) => Ok(Request::MoveContact {
            email: address(email)?,
            group: joined(group),
        }),
        _ => Err(CommandError::Usage(GROUP)),
    }
}

fn history(rest: &str) -> Result<Request, CommandError> {
    let (contact, count) = match rest.split_whitespace().collect::<Vec<_>>()[..] {
        [email] => (email, HISTORY_LINES),
        [email, count] => (
            email,
            count.parse().map_err(|_| CommandError::Usage(HISTORY))?,
        ),
        _ => return Err(CommandError::Usage(HISTORY)),
    };
    Ok(Request::History {
        contact: address(contact)?,
        count,
    })
}

fn send(rest: &str) -> Result<Request, CommandError> {
    let (path, to) = match &words(rest)?[..] {
        [path] => (path.clone(), None),
        [path, email] => (path.clone(), Some(ChatTarget::Contact(address(email)?))),
        _ => return Err(CommandError::Usage(SEND)),
    };
    Ok(Request::SendFile {
        to,
        path: PathBuf::from(path),
    })
}

/// An optional transfer number.
fn transfer(rest: &str, usage: &'static str) -> Result<Option<TransferId>, CommandError> {
    match rest.split_whitespace().collect::<Vec<_>>()[..] {
        [] => Ok(None),
        [number] => number
            .trim_start_matches('#')
            .parse()
            .map(|number| Some(TransferId(number)))
            .map_err(|_| CommandError::Usage(usage)),
        _ => Err(CommandError::Usage(usage)),
    }
}

fn status(word: &str) -> Result<Status, CommandError> {
    let status = match word.to_ascii_lowercase().as_str() {
        "online" | "available" | "nln" => Status::Online,
        "busy" | "bsy" => Status::Busy,
        "idle" | "idl" => Status::Idle,
        "brb" | "berightback" | "be-right-back" => Status::BeRightBack,
        "away" | "awy" => Status::Away,
        "phone" | "onthephone" | "on-the-phone" | "phn" => Status::OnThePhone,
        "lunch" | "outtolunch" | "out-to-lunch" | "lun" => Status::OutToLunch,
        "hidden" | "invisible" | "appear-offline" | "hdn" => Status::Hidden,
        _ => return Err(CommandError::BadStatus(word.to_owned())),
    };
    Ok(status)
}

fn contact(rest: &str, usage: &'static str) -> Result<String, CommandError> {
    one_word(rest, usage).and_then(address)
}

pub(crate) fn address(text: &str) -> Result<String, CommandError> {
    if is_valid_email(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(CommandError::BadEmail(text.to_owned()))
    }
}

fn one_word<'a>(rest: &'a str, usage: &'static str) -> Result<&'a str, CommandError> {
    match rest.split_whitespace().collect::<Vec<_>>()[..] {
        [word] => Ok(word),
        _ => Err(CommandError::Usage(usage)),
    }
}

fn joined(words: &[String]) -> Option<String> {
    (!words.is_empty()).then(|| words.join(" "))
}

fn split_first(text: &str) -> (&str, &str) {
    match text.find(char::is_whitespace) {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

/// Splits on whitespace; `"two words"` stays one word.
fn words(text: &str) -> Result<Vec<String>, CommandError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err(CommandError::OpenQuote);
    }
    if started {
        words.push(current);
    }
    Ok(words)
}

/// Free text: kept as typed, except that one pair of surrounding quotes is removed.
fn unquote_all(text: &str) -> Result<String, CommandError> {
    match text.strip_prefix('"') {
        Some(inner) => inner
            .strip_suffix('"')
            .map(str::to_owned)
            .ok_or(CommandError::OpenQuote),
        None => Ok(text.to_owned()),
    }
}

#[cfg(test)]
mod tests;
