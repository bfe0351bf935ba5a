//! HTML escaping: the one function every writer of HTML text in cited goes through.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
///
/// Scans bytes and copies the runs between the five characters it replaces: those are ASCII,
/// and no byte of a multi-byte UTF-8 character is ASCII, so each run ends on a character
/// boundary. (Pushing character by character was a few percent of a large build.)
pub fn escape_into(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    let _ = escape_to(out, text);
}

/// [`escape`], written to any text sink (a template engine's output), with no string of its own
/// in between: a page's templates write every value they show this way.
pub fn escape_to<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(i) = next_to_replace(bytes, copied) {
        let replacement = match bytes.get(i) {
            Some(b'&') => "&amp;",
            Some(b'<') => "&lt;",
            Some(b'>') => "&gt;",
            Some(b'"') => "&quot;",
            _ => "&#39;",
        };
        out.write_str(&text[copied..i])?;
        out.write_str(replacement)?;
        copied = i + 1;
    }
    out.write_str(&text[copied..])
}

/// Whether `b` is one of the five characters [`escape`] replaces.
fn replaced(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// The offset of the first byte at or after `from` that [`replaced`]: sixteen bytes at a time,
/// a test the compiler makes for all sixteen at once (most of a run of text has none; byte by
/// byte, this was over 1 % of a build).
fn next_to_replace(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut at = from;
    for piece in rest.chunks(16) {
        if piece.iter().fold(false, |any, &b| any | replaced(b)) {
            return piece.iter().position(|&b| replaced(b)).map(|p| at + p);
        }
        at += piece.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What escaping means, one character at a time.
    fn escaped_char_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn the_five_characters_are_replaced() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("é&€<😀"), "é&amp;€&lt;😀");
    }

    proptest! {
        #[test]
        fn escaping_by_runs_equals_escaping_by_characters(
            text in r#"[a-zé€😀&<>"' \n]{0,64}"#,
            prefix in ".{0,8}",
        ) {
            prop_assert_eq!(escape(&text), escaped_char_by_char(&text));
            let mut out = prefix.clone();
            escape_into(&mut out, &text);
            prop_assert_eq!(out, format!("{prefix}{}", escaped_char_by_char(&text)));
        }
    }
}
