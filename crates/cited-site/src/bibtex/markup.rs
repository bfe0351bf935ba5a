//! LaTeX's font commands in a `.bib` field as CSL-JSON rich text, as Pandoc reads them:
//! `\emph{…}`, `\textit{…}`, `{\em …}` and `{\it …}` are `<i>…</i>`; `\textbf{…}` and
//! `{\bf …}` are `<b>…</b>`; `\textsc{…}` and `{\sc …}` are small caps, whose text keeps its
//! case; `\textsubscript{…}` and `\textsuperscript{…}` are `<sub>` and `<sup>`, biblatex's
//! `\mkbibquote{…}` is in quotation marks, `\url{…}` is the address as written, and `~` is a
//! no-break space. The vendored BibLaTeX reader leaves these commands in the text as written
//! (`\emph{Word}`), and a braced group (`{\em Word}`) as a chunk of its own.

/// A piece of a field's text: a character with whether it is protected from case changes
/// (braced, math or small caps), or a formatting tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Char(char, bool),
    Tag(&'static str),
}

const SMALL_CAPS: (&str, &str) = ("<span style=\"font-variant:small-caps;\">", "</span>");

/// The tags a font command stands for, and whether its text keeps its case.
fn tags(command: &str) -> Option<((&'static str, &'static str), bool)> {
    match command {
        "emph" | "textit" | "em" | "it" | "textsl" | "sl" | "mkbibemph" | "mkbibitalic" => {
            Some((("<i>", "</i>"), false))
        }
        "textbf" | "bf" | "mkbibbold" => Some((("<b>", "</b>"), false)),
        "textsc" | "sc" => Some((SMALL_CAPS, true)),
        "textsubscript" => Some((("<sub>", "</sub>"), false)),
        "textsuperscript" | "mkbibsuperscript" => Some((("<sup>", "</sup>"), false)),
        // biblatex's quotation marks, as a reader sees them.
        "mkbibquote" | "enquote" => Some((("\u{201c}", "\u{201d}"), false)),
        // Commands that only undo other formatting: their text, as it is.
        "textup" | "textnormal" | "textrm" | "textmd" | "mbox" => Some((("", ""), false)),
        _ => None,
    }
}

/// One chunk's characters as pieces: `\command{…}` anywhere, and a declaration (`\em …`)
/// to the end of the chunk, the braced group it was written in. Linear in the chunk's length.
pub(super) fn pieces(chars: &[char], protected: bool) -> Vec<Piece> {
    // Each `{`'s matching `}`, found once.
    let mut closing = vec![None; chars.len()];
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' => open.push(i),
            '}' => {
                if let Some(o) = open.pop() {
                    closing[o] = Some(i);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(chars.len());
    // The open tags: each one's closing tag and whether the text before it kept its case; and
    // of those opened by `\command{`, where their text ends and their place among the open
    // tags (braces nest, so the innermost ends first).
    let mut open_tags: Vec<(&'static str, bool)> = Vec::new();
    let mut brace_ends: Vec<(usize, usize)> = Vec::new();
    let mut protected = protected;
    let mut i = 0;
    while i < chars.len() {
        // A closing brace ends its command's text, and a declaration inside it (`\emph{a \bf
        // b}`).
        if let Some(&(end, at)) = brace_ends.last()
            && end == i
        {
            brace_ends.pop();
            protected = open_tags[at].1;
            for (close, _) in open_tags.drain(at..).rev() {
                out.push(Piece::Tag(close));
            }
            i += 1;
            continue;
        }
        if chars[i] == '\\' {
            let name_end = chars[i + 1..]
                .iter()
                .position(|c| !c.is_ascii_alphabetic())
                .map_or(chars.len(), |n| i + 1 + n);
            let command: String = chars[i + 1..name_end].iter().collect();
            // `\url{…}`: the address as written (a `~` in it is a tilde), as Pandoc reads it.
            if command == "url"
                && let Some(end) = closing.get(name_end).copied().flatten()
            {
                out.extend(
                    chars[name_end + 1..end]
                        .iter()
                        .map(|&c| Piece::Char(c, true)),
                );
                i = end + 1;
                continue;
            }
            if let Some(((open, close), keep_case)) = tags(&command) {
                // `\emph{…}`: up to the matching closing brace, which is dropped.
                if let Some(end) = closing.get(name_end).copied().flatten() {
                    out.push(Piece::Tag(open));
                    brace_ends.push((end, open_tags.len()));
                    open_tags.push((close, protected));
                    protected |= keep_case;
                    i = name_end + 1;
                    continue;
                }
                // `\em …`: to the end of the chunk.
                if chars.get(name_end).is_some_and(|c| c.is_whitespace()) {
                    out.push(Piece::Tag(open));
                    open_tags.push((close, protected));
                    protected |= keep_case;
                    i = name_end + 1;
                    continue;
                }
            }
        }
        // TeX's tie: a space no line breaks at.
        let c = if chars[i] == '~' { '\u{a0}' } else { chars[i] };
        out.push(Piece::Char(c, protected));
        i += 1;
    }
    out.extend(
        open_tags
            .into_iter()
            .rev()
            .map(|(close, _)| Piece::Tag(close)),
    );
    out
}

/// The pieces as CSL-JSON rich text.
pub(super) fn to_text(pieces: &[Piece]) -> String {
    let mut s = String::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            Piece::Char(c, _) => s.push(*c),
            Piece::Tag(t) => s.push_str(t),
        }
    }
    s
}

/// Splits a title at its first `: ` outside formatting (`<i>A: B</i>` stays whole), as Pandoc
/// makes a short title.
pub(super) fn split_title(title: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    let bytes = title.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if title[i..].starts_with("</") => depth = depth.saturating_sub(1),
            b'<' if ["<i>", "<b>", SMALL_CAPS.0]
                .iter()
                .any(|t| title[i..].starts_with(t)) =>
            {
                depth += 1
            }
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                return Some((&title[..i], &title[i + 2..]));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rich(s: &str) -> String {
        to_text(&pieces(&s.chars().collect::<Vec<_>>(), false))
    }

    #[test]
    fn font_commands_become_tags() {
        assert_eq!(
            rich(r"Sleep in \emph{Drosophila}"),
            "Sleep in <i>Drosophila</i>"
        );
        assert_eq!(rich(r"\textbf{a \textit{b} c}"), "<b>a <i>b</i> c</b>");
        assert_eq!(
            rich(r"\textsc{Rem}"),
            "<span style=\"font-variant:small-caps;\">Rem</span>"
        );
        assert_eq!(rich(r"\em Other"), "<i>Other</i>");
        assert_eq!(rich(r"\emph{a \bf b} c"), "<i>a <b>b</b></i> c");
        assert_eq!(
            rich(
                r"Sleep~and \mkbibquote{rest} in H\textsubscript{2}O at 10\textsuperscript{th} \textup{x}"
            ),
            "Sleep\u{a0}and \u{201c}rest\u{201d} in H<sub>2</sub>O at 10<sup>th</sup> x"
        );
        // Other commands, and font commands without their text, stay as written.
        assert_eq!(rich(r"\foo{x} \emph"), r"\foo{x} \emph");
        // An address keeps its tilde.
        assert_eq!(
            rich(r"See \url{https://example.org/~a_b%20c} now"),
            "See https://example.org/~a_b%20c now"
        );
        assert_eq!(rich(r"\emph{open"), r"\emph{open");
        // Small caps protect their text from case changes.
        let p = pieces(&r"\textsc{R} s".chars().collect::<Vec<_>>(), false);
        assert!(p.contains(&Piece::Char('R', true)));
        assert!(p.contains(&Piece::Char('s', false)));
    }

    #[test]
    fn many_commands_take_linear_time() {
        // Unclosed `\emph{`s and stacked declarations: each character is looked at once.
        let open = r"\emph{".repeat(50_000);
        assert_eq!(rich(&open), open);
        let declarations = r"\em ".repeat(50_000);
        assert_eq!(rich(&declarations).matches("</i>").count(), 50_000);
    }

    #[test]
    fn a_short_title_ends_at_a_colon_outside_formatting() {
        assert_eq!(split_title("A: b"), Some(("A", "b")));
        assert_eq!(split_title("<i>A: b</i>: c"), Some(("<i>A: b</i>", "c")));
        assert_eq!(
            split_title("<span style=\"font-variant:small-caps;\">A</span>"),
            None
        );
    }
}
