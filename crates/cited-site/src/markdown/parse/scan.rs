//! Searches asked at increasing offsets of one text, each reading every stretch of it once: the
//! slips looked for at each mark of a line (`slips.rs`) find the bracket or parenthesis that
//! pairs with it without reading the line again for every mark.

/// Where the next match of `find` is, asked at increasing offsets of one text: the text is
/// searched again only past the last match, so that asking at each of n marks on a line reads
/// the line once rather than n times (a line of `[a](` nested n deep is one text to Markdown).
pub(super) struct NextOf<'t, F> {
    text: &'t str,
    find: F,
    /// The last search: where it started, and what it found there.
    last: Option<(usize, Option<usize>)>,
}

impl<'t, F: Fn(&str) -> Option<usize>> NextOf<'t, F> {
    pub(super) fn new(text: &'t str, find: F) -> Self {
        NextOf {
            text,
            find,
            last: None,
        }
    }

    /// The offset of the first match at or after `from`.
    pub(super) fn at_or_after(&mut self, from: usize) -> Option<usize> {
        if let Some((start, found)) = self.last
            && start <= from
            && found.is_none_or(|at| from <= at)
        {
            return found;
        }
        let found = self
            .text
            .get(from..)
            .and_then(|rest| (self.find)(rest))
            .map(|i| from + i);
        self.last = Some((from, found));
        found
    }
}

/// Where the last `byte` before an offset is, asked at increasing offsets of one text: each
/// stretch of the text is read once ([`NextOf`], looking back).
pub(super) struct LastByte<'t> {
    text: &'t [u8],
    byte: u8,
    /// How far the text has been read.
    read_to: usize,
    last: Option<usize>,
}

impl<'t> LastByte<'t> {
    pub(super) fn new(text: &'t str, byte: u8) -> Self {
        LastByte {
            text: text.as_bytes(),
            byte,
            read_to: 0,
            last: None,
        }
    }

    /// The offset of the last `byte` before `at`.
    pub(super) fn before(&mut self, at: usize) -> Option<usize> {
        let is = |&b: &u8| b == self.byte;
        if at < self.read_to {
            // Not asked in increasing order: looked for afresh.
            return self.text.get(..at)?.iter().rposition(is);
        }
        if let Some(i) = self.text.get(self.read_to..at)?.iter().rposition(is) {
            self.last = Some(self.read_to + i);
        }
        self.read_to = at;
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answer_is_the_search_made_afresh_in_any_order() {
        let text = "a](b) [c] (d) ](e\n[f](g h)]";
        let mut offsets: Vec<usize> = (0..=text.len()).collect();
        // Increasing, as the slips ask, then back and forth.
        offsets.extend([7, 3, 20, 0, text.len(), 12, 12, 5]);
        let mut next = NextOf::new(text, |t: &str| t.find([')', '\n']));
        let mut last = LastByte::new(text, b'[');
        for at in offsets {
            assert_eq!(
                next.at_or_after(at),
                text[at..].find([')', '\n']).map(|i| at + i),
                "next from {at}"
            );
            assert_eq!(last.before(at), text[..at].rfind('['), "last before {at}");
        }
        assert_eq!(next.at_or_after(text.len() + 1), None);
        assert_eq!(last.before(text.len() + 1), None);
    }
}
