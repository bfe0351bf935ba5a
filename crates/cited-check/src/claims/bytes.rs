//! The one byte search the sentence rules share: the first byte of a sentence that may matter.
//! Most bytes of prose are none of the few a rule looks for, so a sentence is passed over sixteen
//! bytes at a time, each sixteen folded into one answer without a branch for each byte (which the
//! compiler makes into vector compares), and only the sixteen that hold one are looked at byte by
//! byte.

/// The first byte of `bytes` that is `wanted`.
#[inline]
pub(crate) fn first(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = 0;
    // The last piece, shorter than sixteen bytes, is folded as the others are: a search starts
    // again after every candidate, so short tails are many (searching them byte by byte made
    // splitting sentences a third slower).
    for chunk in bytes.chunks(16) {
        if chunk.iter().fold(false, |any, &b| any | wanted(b)) {
            return chunk.iter().position(|&b| wanted(b)).map(|i| at + i);
        }
        at += chunk.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::first;

    /// `wanted` found at every position of texts of 0 to 40 bytes made of `others`.
    fn found_wherever_it_is(wanted: impl Fn(u8) -> bool + Copy, marks: &[u8], others: &[u8]) {
        for len in 0..=40 {
            let none: Vec<u8> = (0..len).map(|i| others[i % others.len()]).collect();
            assert_eq!(first(&none, wanted), None, "{len} bytes without one");
            for at in 0..len {
                for &mark in marks {
                    let mut one = none.clone();
                    one[at] = mark;
                    one.extend_from_slice(marks);
                    assert_eq!(first(&one, wanted), Some(at), "{mark} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn a_digit_is_found_wherever_it_is() {
        // `/` and `:` are the bytes either side of the digits.
        found_wherever_it_is(|b| b.is_ascii_digit(), b"0159", b"a/:");
    }

    #[test]
    fn a_terminator_is_found_wherever_it_is() {
        let terminator = crate::claims::sentences::may_start_terminator;
        found_wherever_it_is(terminator, b".?!\xe2", b"a ,\xe1");
    }
}
