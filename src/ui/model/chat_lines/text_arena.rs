//! The texts of a conversation's lines in one buffer, each line holding only where its
//! text lies: a line costs its bytes and eight more instead of a `String` and its
//! allocation.

/// Where one text lies in a [`TextArena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct TextSpan {
    start: u32,
    len: u32,
}

/// Texts one after the other. Texts no longer needed stay until a rebuild leaves them out.
#[derive(Debug, Clone, Default)]
pub(super) struct TextArena {
    buffer: String,
    /// Bytes of released texts still in the buffer.
    released: usize,
}

/// The buffer is rebuilt once released texts take more than half of it (and this much).
const REBUILD_FROM: usize = 64 * 1024;

impl TextArena {
    /// Appends `text`; `None` if the buffer would grow past what a span can address.
    pub(super) fn add(&mut self, text: &str) -> Option<TextSpan> {
        let start = u32::try_from(self.buffer.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        self.buffer.push_str(text);
        Some(TextSpan { start, len })
    }

    pub(super) fn get(&self, span: TextSpan) -> &str {
        let start = span.start as usize;
        self.buffer
            .get(start..start + span.len as usize)
            .unwrap_or_default()
    }

    /// Marks a text as no longer needed.
    pub(super) fn release(&mut self, span: TextSpan) {
        self.released += span.len as usize;
    }

    /// Whether released texts take enough room to be worth a rebuild.
    pub(super) fn is_wasteful(&self) -> bool {
        self.released > REBUILD_FROM && self.released * 2 > self.buffer.len()
    }

    /// A new arena holding only the texts at `spans`, each span moved to its new place.
    pub(super) fn rebuilt<'a>(&self, spans: impl Iterator<Item = &'a mut TextSpan>) -> TextArena {
        let mut fresh = TextArena {
            buffer: String::with_capacity(self.buffer.len() - self.released),
            released: 0,
        };
        for span in spans {
            *span = fresh.add(self.get(*span)).unwrap_or_default();
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_added_and_survive_a_rebuild() {
        let mut arena = TextArena::default();
        let spans: Vec<TextSpan> = ["one", "", "日本語 🎉", "x".repeat(REBUILD_FROM).as_str()]
            .iter()
            .filter_map(|text| arena.add(text))
            .collect();
        assert_eq!(arena.get(spans[2]), "日本語 🎉");
        arena.release(spans[0]);
        assert!(!arena.is_wasteful(), "a few bytes are not worth a rebuild");
        arena.release(spans[3]);
        assert!(arena.is_wasteful());
        let mut kept = [spans[1], spans[2]];
        let rebuilt = arena.rebuilt(kept.iter_mut());
        assert_eq!(
            [rebuilt.get(kept[0]), rebuilt.get(kept[1])],
            ["", "日本語 🎉"]
        );
        assert_eq!(rebuilt.buffer.len(), "日本語 🎉".len());
        assert_eq!(rebuilt.released, 0);
    }
}
