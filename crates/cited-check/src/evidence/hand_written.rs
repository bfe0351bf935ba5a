//! Citations typed the way another tool or a journal prints them (`[1]`, `(Hansen et al.,
//! 2002)`, LaTeX's `\cite{hansen2002}`), which cited reads as text. Found only in a claim that
//! cites nothing (E0301), so its hint can say what was typed and how to write it instead.

/// A citation typed the way another tool or a journal prints it, which cited reads as text.
#[derive(Debug, PartialEq)]
pub(super) enum HandWritten {
    /// `[1]`, `[2, 3]`, `[4–6]`.
    Numbered(String),
    /// `(Hansen 2002)`, `(Hansen et al., 2002)`, with the key Pandoc's and cited's examples
    /// would give it (`hansen2002`).
    AuthorYear { written: String, key: String },
    /// `\cite{hansen2002}`, `\parencite{a,b}`: LaTeX's, with the citation in Pandoc's syntax.
    Latex { written: String, pandoc: String },
}

/// LaTeX's citation commands (natbib's and biblatex's too), longest first.
const LATEX_CITES: [&str; 6] = [
    "\\parencite",
    "\\textcite",
    "\\autocite",
    "\\citep",
    "\\citet",
    "\\cite",
];

/// A LaTeX citation command in `text`: `\cite{a}`, `\citep[p.~4]{a, b}`.
fn latex_citation(text: &str) -> Option<HandWritten> {
    let (at, command) = LATEX_CITES
        .iter()
        .filter_map(|c| text.find(c).map(|at| (at, *c)))
        .min_by_key(|(at, c)| (*at, std::cmp::Reverse(c.len())))?;
    let rest = &text[at + command.len()..];
    // An optional `[…]` (a locator), then the braced keys.
    let after_options = match rest.strip_prefix('[') {
        Some(options) => &options[options.find(']')? + 1..],
        None => rest,
    };
    let keys = after_options.strip_prefix('{')?;
    let close = keys.find('}')?;
    let written = &text[at..text.len() - keys.len() + close + 1];
    let pandoc = keys[..close]
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| format!("@{k}"))
        .collect::<Vec<_>>()
        .join("; ");
    (!pandoc.is_empty()).then(|| HandWritten::Latex {
        written: written.to_owned(),
        pandoc: format!("[{pandoc}]"),
    })
}

/// The first hand-written citation in a sentence's `text`, if any.
pub(super) fn hand_written_citation(text: &str) -> Option<HandWritten> {
    if let Some(latex) = latex_citation(text) {
        return Some(latex);
    }
    for (open, _) in text.match_indices(['[', '(']) {
        let close = if text[open..].starts_with('[') {
            ']'
        } else {
            ')'
        };
        let Some(len) = text[open + 1..].find(close) else {
            continue;
        };
        let inside = &text[open + 1..open + 1 + len];
        let written = &text[open..open + len + 2];
        if close == ']' {
            let numbers = inside
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'));
            if numbers && inside.starts_with(|c: char| c.is_ascii_digit()) {
                return Some(HandWritten::Numbered(written.to_owned()));
            }
            continue;
        }
        // `Author[ et al.][,] Year`: a capitalised name first, a year last.
        let words: Vec<&str> = inside.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let year = last.trim_end_matches(|c: char| c.is_ascii_lowercase());
        let author = first.trim_end_matches(',');
        if is_year(year) && is_name(author) && words.len() <= 5 {
            let key = format!("{}{year}", author.to_lowercase());
            return Some(HandWritten::AuthorYear {
                written: written.to_owned(),
                key,
            });
        }
    }
    None
}

/// The key Pandoc's and cited's examples would give the source a footnote writes out by hand
/// (`[^2]: Hansen NB, Lambert MJ. 2002.` gives `hansen2002`): the note's first word, a name, and
/// the first year in it.
pub(super) fn written_out_key(note: &str) -> Option<String> {
    let text = note.split_once("]:").map_or(note, |(_, text)| text);
    let first = text.split_whitespace().next()?.trim_end_matches([',', '.']);
    let year = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| is_year(word))?;
    is_name(first).then(|| format!("{}{year}", first.to_lowercase()))
}

/// Whether a paragraph is a reference written out by hand, as a reference list pasted from an
/// article writes one (`Law C, et al. Exposure and … Psychol Res Behav Manag. 2019 Dec
/// 24;12:1167–1174.`): a name and initials first (`Law C,`, `Jacob, J.,`), a year, and what
/// only a reference prints: `et al.`, a DOI, a volume and its issue (`13(2)`), or pages after
/// a volume (`12:1167–1174`, `;9:923`).
pub(super) fn written_out_reference(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let initials = |w: &str| {
        let letters = w.trim_end_matches([',', '.']);
        (1..=3).contains(&letters.len())
            && letters.chars().all(|c| c.is_ascii_uppercase() || c == '.')
    };
    let named = match words.as_slice() {
        [family, given, ..] => is_name(family.trim_end_matches(',')) && initials(given),
        _ => false,
    };
    let dated = text.split(|c: char| !c.is_ascii_digit()).any(is_year);
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    // `13(2)`, `12:1167`, `;9:923`: a volume with its issue or its pages.
    let volume = (1..bytes.len()).any(|i| {
        digit(i - 1) && matches!(bytes[i], b'(' | b':') && digit(i + 1)
            || bytes[i - 1] == b';' && digit(i)
    });
    let lower = text.to_lowercase();
    named && dated && (volume || lower.contains("et al") || lower.contains("doi"))
}

/// E0301's hint for a claim in a [`written_out_reference`] paragraph, `text`: cited lists a page's
/// sources itself. Names the reference's key when `known` knows the one the paragraph would
/// give (`Law C, et al. … 2019` gives `law2019`).
pub(super) fn written_out_reference_hint(text: &str, known: impl Fn(&str) -> bool) -> String {
    match written_out_key(text).filter(|key| known(key)) {
        Some(key) => format!(
            "this paragraph reads as a reference written out by hand, and `{key}` is in `references/` already: cite it by its key where the page uses it, `[@{key}]`, and remove this paragraph; the page lists the sources it cites itself"
        ),
        None => "this paragraph reads as a reference written out by hand: the page lists the sources it cites itself. Add this one to `references/` (CSL-YAML or CSL-JSON, as Zotero and Pandoc export them), cite it by its key where the page uses it, `[@key]`, and remove this paragraph".to_owned(),
    }
}

/// A year a citation would print: four digits, from 1900 on.
fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// A family name as a citation prints it: a capital, then letters, hyphens or apostrophes.
fn is_name(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_typed_by_hand_is_named() {
        assert_eq!(
            hand_written_citation("It helped 60% of people [1]."),
            Some(HandWritten::Numbered("[1]".into()))
        );
        assert_eq!(
            hand_written_citation("It helped 60% of people [2, 4–6]."),
            Some(HandWritten::Numbered("[2, 4–6]".into()))
        );
        assert_eq!(
            hand_written_citation("It helped 60% of people (Hansen et al., 2002)."),
            Some(HandWritten::AuthorYear {
                written: "(Hansen et al., 2002)".into(),
                key: "hansen2002".into()
            })
        );
        assert_eq!(
            hand_written_citation("It helped 60% of people \\cite{hansen2002}."),
            Some(HandWritten::Latex {
                written: "\\cite{hansen2002}".into(),
                pandoc: "[@hansen2002]".into()
            })
        );
        assert_eq!(
            hand_written_citation("It helped 60% \\citep[p.~4]{a, b} of people."),
            Some(HandWritten::Latex {
                written: "\\citep[p.~4]{a, b}".into(),
                pandoc: "[@a; @b]".into()
            })
        );
        assert_eq!(
            written_out_key("[^2]: Hansen NB, Lambert MJ, Forman EM. 2002. The dose."),
            Some("hansen2002".into())
        );
        assert_eq!(written_out_key("[^1]: See the NHS website."), None);
        assert_eq!(written_out_key("[^1]: the review, 2002."), None);
        for reference in [
            "Law C, et al. Exposure and Response Prevention. Psychol Res Behav Manag. 2019 Dec 24;12:1167–1174.",
            "Jacob, J., Stankovic, M., Spuerck, I. et al. Goal setting. BMC Psychol 10, 171 (2022).",
            "Vermani M, et al. Rates of Detection. Prim Care Companion. 2011;13(2):PCC.10m01013.",
            "Swift J, Callahan J. Decreasing dropout. Psychother Res. 2011 Mar;21(2):193-200.",
            "Hansen NB, Lambert MJ. The dose. Clin Psychol. 2002. doi:10.1093/clipsy.9.3.329",
        ] {
            assert!(written_out_reference(reference), "{reference}");
        }
        for prose in [
            "About 75% of people improve with therapy (2019).",
            "Law C is a doctor who wrote about this in 2019.",
            "NHS England. Talking therapies. 2024.",
            "Swift J, Callahan J and others saw 40% improve.",
        ] {
            assert!(!written_out_reference(prose), "{prose}");
        }
        for none in [
            "It helped 60% of people \\cite.",
            "It helped 60% of people \\cite{}.",
            "It helped 60% of people (most of them adults).",
            "It took 13 sessions (about 3 months).",
            "It helped 60% of people [see below].",
            "In 2002 (a long time ago), 60% improved.",
        ] {
            assert_eq!(hand_written_citation(none), None, "{none}");
        }
    }
}
