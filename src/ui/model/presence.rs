//! Presence states as the UI shows them.

/// A contact's (or our own) presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    Online,
    Busy,
    Away,
    Idle,
    BeRightBack,
    OnThePhone,
    OutToLunch,
    /// Signed in but appearing offline; only ever our own status.
    AppearOffline,
    Offline,
}

impl Presence {
    /// Every state, in the order the UI ranks them.
    pub const ALL: [Presence; 9] = [
        Presence::Online,
        Presence::Busy,
        Presence::Away,
        Presence::Idle,
        Presence::BeRightBack,
        Presence::OnThePhone,
        Presence::OutToLunch,
        Presence::AppearOffline,
        Presence::Offline,
    ];

    /// A mark that carries the state without colour: ● online, ◐ any "away" state, ○ offline.
    pub fn mark(self) -> char {
        match self {
            Presence::Online => '●',
            Presence::Offline | Presence::AppearOffline => '○',
            _ => '◐',
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Busy => "busy",
            Presence::Away => "away",
            Presence::Idle => "idle",
            Presence::BeRightBack => "be right back",
            Presence::OnThePhone => "on the phone",
            Presence::OutToLunch => "out to lunch",
            Presence::AppearOffline => "appear offline",
            Presence::Offline => "offline",
        }
    }

    /// Whether the contact can be messaged right now.
    pub fn is_reachable(self) -> bool {
        !matches!(self, Presence::Offline | Presence::AppearOffline)
    }

    /// Sort key: online before the "away" family before offline.
    pub fn rank(self) -> u8 {
        match self {
            Presence::Online => 0,
            Presence::Offline | Presence::AppearOffline => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_distinguish_the_three_families_without_colour() {
        let marks: Vec<char> = Presence::ALL.iter().map(|p| p.mark()).collect();
        assert_eq!(marks, ['●', '◐', '◐', '◐', '◐', '◐', '◐', '○', '○']);
        assert!(
            Presence::ALL
                .iter()
                .all(|p| (p.mark() == '○') != p.is_reachable())
        );
    }
}
