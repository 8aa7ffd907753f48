//! Bounded line storage with a scroll position measured from the live tail.
//!
//! The view reads backwards from the newest visible item, so drawing costs what is on
//! screen however much is stored.

use std::collections::VecDeque;

/// Where a view stands in a list of items: `offset` newest items are hidden below it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollPosition {
    offset: usize,
    unseen: usize,
}

impl ScrollPosition {
    /// How many of the newest items are below the view (0 = following the live tail).
    pub fn offset(self) -> usize {
        self.offset
    }

    /// Items that arrived while the view was scrolled away from the tail.
    pub fn unseen(self) -> usize {
        self.unseen
    }

    /// Scrolled away from the live tail: new items do not move the view.
    pub fn is_paused(self) -> bool {
        self.offset > 0
    }

    /// Keeps a paused view on the same items when one arrives at the tail.
    pub fn item_added(&mut self, total: usize) {
        if self.is_paused() {
            self.offset = (self.offset + 1).min(total.saturating_sub(1));
            self.unseen += 1;
        }
    }

    /// Moves towards older items, stopping with the oldest item at the bottom.
    pub fn scroll_up(&mut self, lines: usize, total: usize) {
        self.offset = (self.offset + lines).min(total.saturating_sub(1));
    }

    /// Moves towards newer items; reaching the tail resumes following.
    pub fn scroll_down(&mut self, lines: usize) {
        self.offset = self.offset.saturating_sub(lines);
        if self.offset == 0 {
            self.unseen = 0;
        }
    }

    pub fn scroll_to_oldest(&mut self, total: usize) {
        self.scroll_up(total, total);
    }

    pub fn follow(&mut self) {
        *self = ScrollPosition::default();
    }

    /// Index of the newest item in view, in a list of `total` items.
    pub fn newest_visible(self, total: usize) -> Option<usize> {
        total.checked_sub(1 + self.offset)
    }
}

/// A ring buffer of items with its own scroll position.
#[derive(Debug, Clone)]
pub struct Scrollback<T> {
    items: VecDeque<T>,
    capacity: usize,
    position: ScrollPosition,
}

impl<T> Scrollback<T> {
    /// Keeps at most `capacity` items (at least one), dropping the oldest.
    pub fn with_capacity(capacity: usize) -> Self {
        Scrollback {
            items: VecDeque::new(),
            capacity: capacity.max(1),
            position: ScrollPosition::default(),
        }
    }

    /// Adds an item after the others; returns the oldest one if it had to make room.
    pub fn push(&mut self, item: T) -> Option<T> {
        let dropped = if self.items.len() == self.capacity {
            self.items.pop_front()
        } else {
            None
        };
        self.items.push_back(item);
        self.position.item_added(self.items.len());
        dropped
    }

    /// Puts older items (oldest first) before the others, as far as the capacity allows.
    pub fn prepend(&mut self, older: Vec<T>) {
        let skip = older.len().saturating_sub(self.room());
        older
            .into_iter()
            .skip(skip)
            .rev()
            .for_each(|item| self.items.push_front(item));
    }

    /// How many items can be added before the oldest are dropped.
    pub fn room(&self) -> usize {
        self.capacity - self.items.len()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        self.items.get(index)
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.items.get_mut(index)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.iter_mut()
    }

    pub fn position(&self) -> ScrollPosition {
        self.position
    }

    pub fn scroll_up(&mut self, lines: usize) {
        self.position.scroll_up(lines, self.items.len());
    }

    pub fn scroll_down(&mut self, lines: usize) {
        self.position.scroll_down(lines);
    }

    pub fn scroll_to_oldest(&mut self) {
        self.position.scroll_to_oldest(self.items.len());
    }

    pub fn follow(&mut self) {
        self.position.follow();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(count: usize, capacity: usize) -> Scrollback<usize> {
        let mut scrollback = Scrollback::with_capacity(capacity);
        (0..count).for_each(|n| {
            scrollback.push(n);
        });
        scrollback
    }

    #[test]
    fn drops_the_oldest_beyond_capacity() {
        let mut scrollback = filled(10, 4);
        assert_eq!(scrollback.len(), 4);
        assert_eq!(scrollback.get(0), Some(&6));
        assert_eq!(scrollback.push(10), Some(6), "the dropped item comes back");
    }

    #[test]
    fn follows_the_tail_until_scrolled() {
        let mut scrollback = filled(5, 10);
        assert_eq!(scrollback.position().newest_visible(5), Some(4));
        scrollback.scroll_up(2);
        assert!(scrollback.position().is_paused());
        scrollback.push(5);
        assert_eq!(scrollback.position().newest_visible(6), Some(2));
        assert_eq!(scrollback.position().unseen(), 1);
        scrollback.scroll_down(10);
        assert!(!scrollback.position().is_paused());
        assert_eq!(scrollback.position().unseen(), 0);
    }

    #[test]
    fn scrolling_stops_at_the_oldest_item() {
        let mut scrollback = filled(5, 10);
        scrollback.scroll_up(100);
        assert_eq!(scrollback.position().newest_visible(5), Some(0));
        scrollback.follow();
        scrollback.scroll_to_oldest();
        assert_eq!(scrollback.position().offset(), 4);
    }

    #[test]
    fn paused_view_at_capacity_keeps_within_bounds() {
        let mut scrollback = filled(4, 4);
        scrollback.scroll_to_oldest();
        scrollback.push(4);
        assert_eq!(scrollback.position().newest_visible(4), Some(0));
    }

    #[test]
    fn prepending_keeps_the_newest_of_the_older_items_within_capacity() {
        let mut scrollback = filled(2, 4);
        scrollback.prepend(vec![10, 11, 12]);
        let items: Vec<usize> = (0..scrollback.len())
            .filter_map(|index| scrollback.get(index).copied())
            .collect();
        assert_eq!(items, [11, 12, 0, 1]);
    }
}
