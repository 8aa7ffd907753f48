//! What the status bar shows: the connection's state and our own profile.

use super::presence::Presence;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Negotiating,
    SigningIn,
    Online,
    /// Counting down to the next attempt; the session updates the seconds.
    Reconnecting {
        in_seconds: u64,
    },
    SignedOut {
        reason: Option<String>,
    },
}

impl ConnectionState {
    /// Text for the status bar. A reason is network-supplied and still needs sanitising.
    pub fn describe(&self) -> String {
        match self {
            ConnectionState::Connecting => "connecting".into(),
            ConnectionState::Negotiating => "negotiating".into(),
            ConnectionState::SigningIn => "signing in".into(),
            ConnectionState::Online => "online".into(),
            ConnectionState::Reconnecting { in_seconds } => {
                format!("reconnecting in {in_seconds}s")
            }
            ConnectionState::SignedOut { reason: None } => "signed out".into(),
            ConnectionState::SignedOut {
                reason: Some(reason),
            } => format!("signed out: {reason}"),
        }
    }

    /// Why the session ended, when it ended by itself and will not come back.
    pub fn failure(&self) -> Option<&str> {
        match self {
            ConnectionState::SignedOut {
                reason: Some(reason),
            } => Some(reason),
            _ => None,
        }
    }
}

/// Our own profile as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnProfile {
    pub address: String,
    pub friendly_name: String,
    pub personal_message: String,
    pub presence: Presence,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBar {
    pub connection: ConnectionState,
    /// The negotiated protocol version, e.g. `MSNP15`, once known.
    pub protocol_version: Option<String>,
    pub own: OwnProfile,
    /// Our status was set to idle by auto-away, not by the user.
    pub auto_away: bool,
    /// A one-line explanation (a malformed command, an error), shown in place of the
    /// profile until the next line is sent. Network text in it still needs sanitising.
    pub notice: Option<String>,
}

impl StatusBar {
    pub fn new(address: impl Into<String>) -> Self {
        let address = address.into();
        StatusBar {
            connection: ConnectionState::Connecting,
            protocol_version: None,
            own: OwnProfile {
                friendly_name: address.clone(),
                address,
                personal_message: String::new(),
                presence: Presence::Online,
            },
            auto_away: false,
            notice: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_every_state() {
        let described: Vec<String> = [
            ConnectionState::Connecting,
            ConnectionState::Negotiating,
            ConnectionState::SigningIn,
            ConnectionState::Online,
            ConnectionState::Reconnecting { in_seconds: 7 },
            ConnectionState::SignedOut { reason: None },
            ConnectionState::SignedOut {
                reason: Some("signed in elsewhere".into()),
            },
        ]
        .iter()
        .map(ConnectionState::describe)
        .collect();
        assert_eq!(
            described,
            [
                "connecting",
                "negotiating",
                "signing in",
                "online",
                "reconnecting in 7s",
                "signed out",
                "signed out: signed in elsewhere"
            ]
        );
    }
}
