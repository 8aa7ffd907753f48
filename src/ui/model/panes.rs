//! Which panes are shown, which has the focus, and the terminal's size.

/// The panes that take keys. Tab cycles through the visible ones in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    Contacts,
    Conversation,
    Protocol,
    #[default]
    Input,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panes {
    pub focus: Focus,
    pub contacts_visible: bool,
    pub protocol_visible: bool,
    /// `Some(first line shown)` while the help overlay is open.
    pub help: Option<usize>,
    /// Protocol payloads shown whole instead of folded to one row.
    pub payloads_unfolded: bool,
    pub width: u16,
    pub height: u16,
}

impl Default for Panes {
    fn default() -> Self {
        Panes {
            focus: Focus::default(),
            contacts_visible: true,
            protocol_visible: false,
            help: None,
            payloads_unfolded: false,
            width: 80,
            height: 24,
        }
    }
}

/// Below this many columns the contact list and protocol pane no longer fit beside the
/// conversation: each is shown over it, while it has the focus.
pub const NARROW_COLUMNS: u16 = 80;

const FOCUS_ORDER: [Focus; 4] = [
    Focus::Contacts,
    Focus::Conversation,
    Focus::Protocol,
    Focus::Input,
];

impl Panes {
    pub fn is_visible(&self, focus: Focus) -> bool {
        match focus {
            Focus::Contacts => self.contacts_visible,
            Focus::Protocol => self.protocol_visible,
            Focus::Conversation | Focus::Input => true,
        }
    }

    /// Moves the focus `step` visible panes along, wrapping around.
    pub fn cycle_focus(&mut self, step: isize) {
        let visible: Vec<Focus> = FOCUS_ORDER
            .into_iter()
            .filter(|&focus| self.is_visible(focus))
            .collect();
        let current = visible
            .iter()
            .position(|&focus| focus == self.focus)
            .unwrap_or(0) as isize;
        let next = (current + step).rem_euclid(visible.len() as isize) as usize;
        self.focus = visible[next];
    }

    pub fn is_narrow(&self) -> bool {
        self.width < NARROW_COLUMNS
    }

    pub fn toggle_contacts(&mut self) {
        if self.is_narrow() {
            self.contacts_visible = true;
            self.toggle_over_conversation(Focus::Contacts);
            return;
        }
        self.contacts_visible = !self.contacts_visible;
        self.keep_focus_visible();
    }

    pub fn toggle_protocol(&mut self) {
        if self.is_narrow() {
            self.protocol_visible = true;
            self.toggle_over_conversation(Focus::Protocol);
            return;
        }
        self.protocol_visible = !self.protocol_visible;
        self.keep_focus_visible();
    }

    /// On a narrow screen a side pane shows while it has the focus: give it the focus,
    /// or give the focus back to the input.
    fn toggle_over_conversation(&mut self, pane: Focus) {
        self.focus = if self.focus == pane {
            Focus::Input
        } else {
            pane
        };
    }

    fn keep_focus_visible(&mut self) {
        if !self.is_visible(self.focus) {
            self.focus = Focus::Input;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_cycles_through_visible_panes_only() {
        let mut panes = Panes::default();
        panes.cycle_focus(1);
        assert_eq!(panes.focus, Focus::Contacts);
        panes.cycle_focus(1);
        assert_eq!(panes.focus, Focus::Conversation);
        panes.cycle_focus(1);
        assert_eq!(panes.focus, Focus::Input);
        panes.toggle_protocol();
        panes.cycle_focus(-1);
        assert_eq!(panes.focus, Focus::Protocol);
    }

    #[test]
    fn on_a_narrow_screen_f2_and_f3_show_a_pane_over_the_conversation_and_back() {
        let mut panes = Panes {
            width: 60,
            ..Panes::default()
        };
        panes.toggle_contacts();
        assert_eq!(panes.focus, Focus::Contacts);
        panes.toggle_protocol();
        assert_eq!(panes.focus, Focus::Protocol);
        assert!(panes.protocol_visible);
        panes.toggle_protocol();
        assert_eq!(panes.focus, Focus::Input);
    }

    #[test]
    fn hiding_the_focused_pane_moves_focus_to_the_input() {
        let mut panes = Panes {
            focus: Focus::Contacts,
            ..Panes::default()
        };
        panes.toggle_contacts();
        assert_eq!(panes.focus, Focus::Input);
        panes.cycle_focus(1);
        assert_eq!(panes.focus, Focus::Conversation);
    }
}
