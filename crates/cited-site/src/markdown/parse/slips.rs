//! The slips an editor makes that Markdown prints as typed, found in the text of the analysis
//! parse: a heading without its space (E0408), links and notes printed as text (E0407), marks
//! left as text (E0409), pasted note numbers (E0306), a letter typed for a digit in a percentage
//! (E0307), full-width citations (E0103); and those Markdown does not print as typed: stars
//! between figures read as italics or bold (E0410), a paragraph underlined into a heading
//! (E0411), text indented into a code block (E0412), a table row's cells past its header's
//! columns dropped (E0413), a `>` before a figure read as a quotation (E0414). Headings and links
//! with nothing in them to read (E0415, E0416) are `nameless.rs`'s.

use std::ops::Range;

use super::scan::{LastByte, NextOf};
use super::*;

/// `2*3*4` or `x**2 + y**2`: the italics or bold of `range` in `source` (from its opening stars
/// to its closing ones) opened between a figure and another figure or a letter, where code
/// writes times and powers (E0410). Markdown drops the stars and publishes `234`, a different
/// number. Stars a word opens or closes (`*really*`, `a **5-day** course`) are emphasis.
pub(super) fn stars_between_figures(
    doc: &Document,
    source: &str,
    range: Range<usize>,
) -> Option<Diagnostic> {
    let written = source.get(range.clone())?;
    // What comes before the stars is read before they are counted: nested emphasis
    // (`***…x…***`) is one range a pair, each starting inside the run of the one around it, so
    // counting every range's stars first read a run of n stars n times over.
    let last = source[..range.start].chars().next_back()?;
    if !last.is_alphanumeric() {
        return None;
    }
    let opening = written.bytes().take_while(|&b| b == b'*').count();
    let closing = written[opening..]
        .bytes()
        .rev()
        .take_while(|&b| b == b'*')
        .count();
    // `_` never opens emphasis inside a word; an underscore pair is the writer's own.
    if opening == 0 || closing == 0 {
        return None;
    }
    let first = written[opening..].chars().next()?;
    let between_figures =
        first.is_alphanumeric() && (last.is_ascii_digit() || first.is_ascii_digit());
    if !between_figures {
        return None;
    }
    let inner = clipped(&written[opening..written.len() - closing]);
    // The words the stars join, whole in the message: `10**6`, not `0**6`.
    let before = source[..range.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .take(12)
        .last()
        .map_or("", |(at, _)| &source[at..range.start]);
    let after: String = source[range.end..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(12)
        .collect();
    let (open, close) = (&written[..opening], &written[written.len() - closing..]);
    let shown = format!("{before}{open}{inner}{close}{after}");
    let published = format!("{before}{inner}{after}");
    let (stars, style) = if opening >= 2 {
        ("**", "bold")
    } else {
        ("*", "italics")
    };
    Some(
        Diagnostic::new(
            Code::E0410,
            doc.span(&range),
            format!("`{shown}` is published as `{published}`, with `{inner}` in {style}: to Markdown, a pair of `{stars}` marks {style}, not times or a power"),
        )
        .with_label(format!("published as {style}"))
        .with_hint("write `×` for times (`2 × 3`), `x²` or words for a power, or `\\*` for a star printed as typed"),
    )
}

/// A heading underlined with `-` or `=` (`range` of `source`, from its text to its underline)
/// whose text reads as a paragraph: `---` put under a paragraph to part it from the next makes
/// the paragraph a heading (E0411). Over several lines, ending in a full stop, holding a
/// citation or longer than 120 characters; a short title so underlined is a heading as meant.
pub(super) fn paragraph_underlined(
    doc: &Document,
    source: &str,
    range: Range<usize>,
) -> Option<Diagnostic> {
    let written = source.get(range.clone())?.trim_end_matches(['\n', '\r']);
    let underline_at = written.rfind(['\n', '\r'])? + 1;
    let underline = written[underline_at..].trim_end();
    let mark = underline.trim_start().bytes().next()?;
    if !matches!(mark, b'-' | b'=') || !underline.trim_start().bytes().all(|b| b == mark) {
        return None;
    }
    let title = written[..underline_at].trim();
    let reads_as_paragraph = title.lines().count() > 1
        || title.ends_with('.')
        || title.contains("[@")
        || title.chars().count() > 120;
    if !reads_as_paragraph {
        return None;
    }
    let level = if mark == b'=' { "h1" } else { "h2" };
    let start = range.start + underline_at;
    Some(
        Diagnostic::new(
            Code::E0411,
            doc.span(&(start..start + underline.len())),
            format!(
                "the paragraph above this `{}` is published as a heading (`<{level}>`): a line of `{}` right under text makes it a heading",
                underline.trim_start(),
                char::from(mark)
            ),
        )
        .with_label("makes the paragraph above a heading")
        .with_hint("leave a blank line above it for a line across the page (or remove it); for a heading, write a short title after `## `"),
    )
}

/// The indented code block `range` of `source`: text indented by four spaces, code to Markdown,
/// published as typed and unread by the claim checker (E0412), at its first line.
pub(super) fn text_indented(doc: &Document, source: &str, range: Range<usize>) -> Diagnostic {
    let first = source
        .get(range.clone())
        .and_then(|block| block.lines().next())
        .unwrap_or("");
    Diagnostic::new(
        Code::E0412,
        doc.span(&(range.start..range.start + first.len())),
        "this text is indented by four spaces or more, so it is published as code, as typed, and the claim checker does not read it",
    )
    .with_label("indented: a code block")
    .with_hint("remove the spaces at the start of its lines; to show code, fence it with ``` lines")
}

/// `rest` of `source`: a table row's text after its last cell, up to the row's end. Markdown
/// drops the cells of a row past the header's columns (and what a `|` in `code` cuts off), so
/// anything there but the row's closing `|` is text that is never published (E0413).
pub(super) fn cells_dropped(
    doc: &Document,
    source: &str,
    rest: Range<usize>,
) -> Option<Diagnostic> {
    let after = source.get(rest.clone())?;
    let dropped = after
        .trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .trim();
    if dropped.is_empty() {
        return None;
    }
    let start = rest.start + after.find(dropped)?;
    Some(
        Diagnostic::new(
            Code::E0413,
            doc.span(&(start..start + dropped.len())),
            format!("`{}` is never published: Markdown drops a row's cells past the header's columns", clipped(dropped)),
        )
        .with_label("dropped")
        .with_hint("add the column to the header and its line of dashes; a `|` inside a cell, also in `code`, is written `\\|`"),
    )
}

/// The lines of the quotation `range` of `source` whose `>` stands right before a figure (`>50%`,
/// `>=2`, `>.5`): "more than", not a quotation, and the figure is published without it (E0414).
/// A quotation as Markdown writes one, `>` and a space, is left alone.
pub(super) fn greater_than_quoted(
    doc: &Document,
    source: &str,
    range: Range<usize>,
) -> Vec<Diagnostic> {
    let Some(quote) = source.get(range.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut line_start = range.start;
    for line in quote.split_inclusive('\n') {
        let marker = line_start + (line.len() - line.trim_start().len());
        line_start += line.len();
        let Some(rest) = source[marker..].strip_prefix('>') else {
            continue;
        };
        let figure = rest.trim_start_matches(['=', '.']);
        if !figure.starts_with(|c: char| c.is_ascii_digit()) || rest.len() - figure.len() > 1 {
            continue;
        }
        let written =
            &source[marker..marker + 1 + rest.find(char::is_whitespace).unwrap_or(rest.len())];
        found.push(
            Diagnostic::new(
                Code::E0414,
                doc.span(&(marker..marker + written.len())),
                format!(
                    "`{written}` at the start of a line is a quotation to Markdown: it is published as a quote of `{}`, its `>` gone",
                    &written[1..]
                ),
            )
            .with_label("a quotation, not \"more than\"")
            .with_hint("write the words (`more than`), `≥`, or `\\>`, or move it off the start of the line"),
        );
    }
    found
}

/// `text` as a message quotes it: whole when it is a few words, else its first and last three
/// around `…`.
pub(super) fn clipped(text: &str) -> std::borrow::Cow<'_, str> {
    const ENDS: usize = 3;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 2 * ENDS {
        return text.into();
    }
    let (head, tail) = (&words[..ENDS], &words[words.len() - ENDS..]);
    format!("{} … {}", head.join(" "), tail.join(" ")).into()
}

impl Emit<'_, '_, '_> {
    /// Every slip in text `range` of `source`.
    pub(super) fn report_slips(&mut self, source: &str, range: Range<usize>) {
        // Which of the marks the mistakes below are made of this text holds, in one pass:
        // nearly all prose holds none, and a search each was a third of the parse.
        let marks = Marks::of(&source[range.clone()]);
        if marks.bracket {
            self.report_unread_links(source, range.clone());
            self.report_notes_without_text(source, range.clone());
            self.report_spaced_links(source, range.clone());
        }
        if source[range.clone()].starts_with('#') {
            self.report_unspaced_heading(source, range.clone());
        }
        if marks.star || marks.high {
            self.report_unmarked_text(source, range.clone());
        }
        if marks.caret || marks.high {
            self.report_pasted_note_numbers(source, range.clone());
        }
        if marks.full_width {
            self.report_full_width_brackets(source, range.clone());
        }
        if marks.percent {
            self.report_letters_in_percentages(source, range.clone());
        }
    }

    /// `5O%` in text `range` of `source`: the letter O or l typed for a digit (E0307). The
    /// figure scanner reads no number there, so the claim checker cannot hold it to a source.
    /// Only what stands as a number of its own before `%`: `CO2%`, `/1O%` and `v1O%` are
    /// left alone.
    fn report_letters_in_percentages(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        for (percent, _) in text.match_indices('%') {
            // Every character of the run is ASCII, so the run starts one byte after the
            // last character (of any width) outside it.
            let start = text[..percent]
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'l' | '.' | ',')))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let written = &text[start..percent];
            let before = source[..range.start + start].chars().next_back();
            let stands_alone = before.is_none_or(|c| {
                !(c.is_alphanumeric() || matches!(c, '/' | '=' | '#' | '_' | '-' | '@' | '.'))
            });
            if !stands_alone
                || !written.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'O' | 'l'))
                || !written.bytes().any(|b| b.is_ascii_digit())
                || !written.contains(['O', 'o', 'l'])
            {
                continue;
            }
            let digits: String = written
                .chars()
                .map(|c| match c {
                    'O' | 'o' => '0',
                    'l' => '1',
                    c => c,
                })
                .collect();
            let span = self
                .doc
                .span(&(range.start + start..range.start + percent + 1));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0307,
                    span,
                    format!("`{written}%` has a letter where a digit belongs, so it is no number: the claim checker cannot hold it to a source"),
                )
                .with_label("a letter for a digit")
                .with_hint(format!("write the digits: `{digits}%`")),
            );
        }
    }

    /// `[text] (https://…)` in text `range` of `source`: a space between the brackets and the
    /// address parts them, so Markdown reads no link and readers would see both (E0407). Only
    /// an address is looked for in the parentheses (`[sic] (see below)` is prose).
    fn report_spaced_links(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        let mut opens = LastByte::new(text, b'[');
        let mut shuts = LastByte::new(text, b']');
        let mut parens = NextOf::new(text, |t: &str| t.find(')'));
        let mut from = 0;
        while let Some(offset) = text[from..].find("] (") {
            let middle = from + offset;
            from = middle + 3;
            let Some(open) = opens.before(middle) else {
                continue;
            };
            let Some(close) = parens.at_or_after(from) else {
                continue;
            };
            let address = &text[from..close];
            let looks_like_address = !address.is_empty()
                && !address.contains(char::is_whitespace)
                && (address.contains("://")
                    || address.starts_with(['/', '#'])
                    || ["mailto:", "tel:", "sms:"]
                        .iter()
                        .any(|s| address.starts_with(s))
                    || address.ends_with(".md")
                    || crate::is_image_file_name(address));
            // No `]` between the `[` and the `] (`: the brackets are a pair.
            if shuts.before(middle).is_some_and(|shut| shut > open) || !looks_like_address {
                continue;
            }
            let start = if text[..open].ends_with('!') {
                open - 1
            } else {
                open
            };
            let written = &text[start..=close];
            let joined = written.replacen("] (", "](", 1);
            let span = self
                .doc
                .span(&(range.start + start..range.start + close + 1));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0407,
                    span,
                    "this is not read as a link: the space between `]` and `(` parts the text from the address, so readers would see both",
                )
                .with_label("printed as it is")
                .with_hint(format!("remove the space: `{joined}`")),
            );
            from = close + 1;
        }
    }

    /// Markdown's marks left as text in text `range` of `source` (E0409): a list item started
    /// with a typed bullet (`• item`, pasted from a word processor: a paragraph of bullets),
    /// and a `**` that is never closed (printed as two stars).
    fn report_unmarked_text(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        if let Some(bullet) = text
            .chars()
            .next()
            .filter(|c| matches!(c, '•' | '◦' | '▪' | '●' | '‣'))
            && text[bullet.len_utf8()..].starts_with(char::is_whitespace)
            && let Some(line_start) = near_line_start(source, range.start)
            && source[line_start..range.start].trim().is_empty()
            // A list has two items: one line starting `● = present` is a legend.
            && neighbour_starts_with(source, line_start, bullet)
        {
            let span = self
                .doc
                .span(&(range.start..range.start + bullet.len_utf8()));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0409,
                    span,
                    format!("a list item started with a typed `{bullet}` is text to Markdown, so the list is published as one paragraph"),
                )
                .with_label("a typed bullet")
                .with_hint("start each list item with `- ` on a line of its own"),
            );
        }
        // Only in the shape of a bold's opening, `**how`: at the start of a word and before a
        // letter. A `**` between digits (`2**3`), alone (`** p < 0.01`), after a figure
        // (`1.2**`) or inside a word (`f**k`) is what it says.
        let opening = text.match_indices("**").map(|(at, _)| at).find(|&at| {
            let before = source[..range.start + at].chars().next_back();
            let after = text[at + 2..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
                && after.is_some_and(char::is_alphabetic)
        });
        if let Some(at) = opening {
            let span = self.doc.span(&(range.start + at..range.start + at + 2));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0409,
                    span,
                    "this `**` is never closed, so it is published as two stars and nothing is bold",
                )
                .with_label("opened here")
                .with_hint("close the bold with `**` after its last word (`**how you feel**`), or write `\\*\\*` for two stars"),
            );
        }
    }

    /// `improve.¹` in text `range` of `source`: a note number pasted from a word processor,
    /// whose note did not come with it, so it cites nothing (E0306). Only after punctuation: a
    /// superscript after a letter is as likely a unit (`m²`).
    fn report_pasted_note_numbers(&mut self, source: &str, range: Range<usize>) {
        const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let text = &source[range.clone()];
        let mut previous = source[..range.start].chars().next_back();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // After the punctuation that ends a clause: after a bracket or a quote, a
            // superscript is as likely a power (`(height in m)²`).
            let after_punctuation = previous.is_some_and(|p| matches!(p, '.' | ',' | ';' | ':'));
            // Pandoc's superscript, `improve.^1^`: the same note number, typed.
            let caret_number = (c == '^' && after_punctuation)
                .then(|| {
                    let rest = &text[i + 1..];
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    (digits > 0 && rest[digits..].starts_with('^')).then_some(i + 1 + digits + 1)
                })
                .flatten();
            if let Some(end) = caret_number {
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                self.note_number(range.start + i..range.start + end, &text[i..end]);
                previous = Some('^');
                continue;
            }
            if SUPERSCRIPTS.contains(&c) && after_punctuation {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(SUPERSCRIPTS.contains(&d) || matches!(d, '⁻' | '˒' | ',')) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                self.note_number(range.start + i..range.start + end, &text[i..end]);
                previous = text[..end].chars().next_back();
                continue;
            }
            previous = Some(c);
        }
    }

    /// E0306 at `range`, a note number written `number`.
    fn note_number(&mut self, range: Range<usize>, number: &str) {
        let span = self.doc.span(&range);
        self.doc.problems.push(
            Diagnostic::new(
                Code::E0306,
                span,
                format!("`{number}` looks like a footnote number, as a word processor marks one: no note comes with it, so it cites nothing"),
            )
            .with_label("cites nothing")
            .with_hint("remove it and cite the source where the claim is: `… improve [@key].`"),
        );
    }

    /// `［@key］`, a citation in full-width brackets (as an input method types them): no
    /// citation to Markdown or Pandoc, so printed as text (E0103).
    fn report_full_width_brackets(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        let mut shuts = NextOf::new(text, |t: &str| t.find('］'));
        let mut from = 0;
        while let Some(offset) = text[from..].find('［') {
            let open = from + offset;
            from = open + '［'.len_utf8();
            let Some(close) = shuts.at_or_after(from) else {
                break;
            };
            // The innermost pair: a `［` before the `］` opens it, and the next turn starts there.
            if text[from..close].contains('［') {
                continue;
            }
            let inner = text[from..close].replace('＠', "@");
            if !likely_keys(&inner) {
                continue;
            }
            let span = self
                .doc
                .span(&(range.start + open..range.start + close + '］'.len_utf8()));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0103,
                    span,
                    "malformed citation: this looks like a citation, but its brackets are full-width (`［ ］`), not `[ ]`: it would be printed as text",
                )
                .with_hint(format!("type plain brackets: `[{}]`", inner.trim())),
            );
            from = close;
        }
    }

    /// `[text](address with spaces)` in text `range` of `source`: Markdown reads no link there
    /// (an address ends at its first space), so readers would see the brackets (E0407).
    fn report_unread_links(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        let mut opens = LastByte::new(text, b'[');
        let mut shuts = LastByte::new(text, b']');
        let mut stops = NextOf::new(text, |t: &str| t.find([')', '\n']));
        let mut words = NextOf::new(text, |t: &str| t.find(|c: char| !c.is_whitespace()));
        let mut spaces = NextOf::new(text, |t: &str| t.find(char::is_whitespace));
        // The end of the address before a `)`, trimmed, found once for every `](` before it.
        let mut address_end: Option<(usize, usize)> = None;
        let mut from = 0;
        while let Some(offset) = text[from..].find("](") {
            let middle = from + offset;
            from = middle + 2;
            let Some(open) = opens.before(middle) else {
                continue;
            };
            let Some(close) = stops
                .at_or_after(middle + 2)
                .filter(|&i| text[i..].starts_with(')'))
            else {
                continue;
            };
            let end = match address_end {
                Some((at, end)) if at == close => end,
                _ => {
                    let end = text[..close].trim_end().len();
                    address_end = Some((close, end));
                    end
                }
            };
            // The address, trimmed, if it holds a space: one after its first character, before
            // its end.
            let address = words
                .at_or_after(middle + 2)
                .filter(|&first| {
                    first < end && spaces.at_or_after(first).is_some_and(|space| space < end)
                })
                .and_then(|first| text.get(first..end));
            if shuts.before(middle).is_some_and(|shut| shut > open) {
                continue;
            }
            let Some(address) = address else {
                continue;
            };
            let span = self
                .doc
                .span(&(range.start + open..range.start + close + 1));
            let joined: String = address.split_whitespace().collect();
            let lower = address.to_ascii_lowercase();
            let hint = if lower.starts_with("tel:") || lower.starts_with("sms:") {
                format!("write the number without spaces: `({joined})`")
            } else {
                format!("write the address without spaces, or in angle brackets: `(<{address}>)`")
            };
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0407,
                    span,
                    "this is not read as a link: its address holds a space, so readers would see the brackets",
                )
                .with_label("printed as it is")
                .with_hint(hint),
            );
            from = close + 1;
        }
    }

    /// `[^2]` in text `range` of `source`: a note mark is text only when no `[^2]: …` line
    /// gives the note, so readers would see the mark and find no note (E0407).
    fn report_notes_without_text(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        let mut shuts = NextOf::new(text, |t: &str| t.find(']'));
        let mut from = 0;
        while let Some(offset) = text[from..].find("[^") {
            let open = from + offset;
            from = open + 2;
            let Some(close) = shuts.at_or_after(from) else {
                break;
            };
            let label = &text[from..close];
            // Only a number (`[^2]`): `[^abc]` is as likely a regular expression in prose.
            if label.is_empty() || !label.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            from = close + 1;
            let span = self
                .doc
                .span(&(range.start + open..range.start + close + 1));
            self.doc.problems.push(
                Diagnostic::new(
                    Code::E0407,
                    span,
                    format!("this note mark has no note: no line `[^{label}]: …` gives its text, so readers would see `[^{label}]`"),
                )
                .with_label("printed as it is")
                .with_hint(format!(
                    "add the note on a line of its own, below the paragraph: `[^{label}]: The note's text.`"
                )),
            );
        }
    }

    /// `###The timing` at the start of a line in text `range` of `source`: no heading without
    /// a space after the `#`s, so the line is a paragraph printed with them (E0408). One `#`
    /// is left alone: a line may start with a hashtag.
    fn report_unspaced_heading(&mut self, source: &str, range: Range<usize>) {
        let Some(line_start) = near_line_start(source, range.start) else {
            return;
        };
        // What may stand before a heading on its line: an indent, a quote's `>`s and a list
        // item's marker (`> ###Quoted`, `- ##Item`).
        let before = source[line_start..range.start].trim_start_matches(['>', ' ']);
        let marker = before.trim_end();
        let is_marker = marker.is_empty()
            || matches!(marker, "-" | "*" | "+")
            || (marker.len() > 1
                // First, so the cut before it is between characters (`¡` is two bytes).
                && marker.ends_with(['.', ')'])
                && marker[..marker.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit()));
        if !is_marker || (!marker.is_empty() && !before.ends_with(' ')) {
            return;
        }
        let text = &source[range.clone()];
        let hashes = text.len() - text.trim_start_matches('#').len();
        if !(2..=6).contains(&hashes) || !text[hashes..].starts_with(char::is_alphabetic) {
            return;
        }
        let line = text.lines().next().unwrap_or(text);
        let marks = &line[..hashes];
        let title = &line[hashes..];
        let span = self.doc.span(&(range.start..range.start + line.len()));
        self.doc.problems.push(
            Diagnostic::new(
                Code::E0408,
                span,
                format!("this is not a heading: Markdown needs a space after `{marks}`, so readers would see a paragraph starting `{marks}`"),
            )
            .with_label("printed as it is")
            .with_hint(format!("write `{marks} {title}`")),
        );
    }
}

/// Whether the line before or after the line starting at `line_start` of `source` starts with
/// `bullet` too.
fn neighbour_starts_with(source: &str, line_start: usize, bullet: char) -> bool {
    let starts = |line: &str| line.trim_start().starts_with(bullet);
    let next = source[line_start..]
        .split_once('\n')
        .and_then(|(_, rest)| rest.lines().next());
    let previous = source[..line_start.saturating_sub(1)].lines().next_back();
    next.is_some_and(starts) || (line_start > 0 && previous.is_some_and(starts))
}

/// Which bytes of the mistakes `Emit::scan` looks for a run of text holds.
#[derive(Default, Debug, PartialEq)]
struct Marks {
    /// `[` (a link, note or citation written wrongly).
    bracket: bool,
    /// `*` (a `**` never closed).
    star: bool,
    /// `^` (a note number in carets).
    caret: bool,
    /// The lead byte of `¹²³` (0xC2) or of `⁴`…`⁹`, `•` and the other bullets (0xE2).
    high: bool,
    /// The lead byte of a full-width form (0xEF: `［`).
    full_width: bool,
    /// `%` (a letter typed for a digit in a percentage).
    percent: bool,
}

impl Marks {
    fn of(text: &str) -> Marks {
        let mut marks = Marks::default();
        // Sixteen bytes at a time: whether a piece holds any of the bytes is a test the compiler
        // makes for all sixteen at once, and most pieces of prose hold none (byte by byte, this
        // was 1.5 % of a build).
        for piece in text.as_bytes().chunks(16) {
            let any = piece.iter().fold(false, |any, &b| {
                any | matches!(b, b'[' | b'*' | b'^' | b'%') | (b >= 0xC2)
            });
            if any {
                marks.add(piece);
            }
        }
        marks
    }

    fn add(&mut self, bytes: &[u8]) {
        let marks = self;
        for &b in bytes {
            match b {
                b'[' => marks.bracket = true,
                b'*' => marks.star = true,
                b'^' => marks.caret = true,
                0xC2 | 0xE2 => marks.high = true,
                0xEF => marks.full_width = true,
                b'%' => marks.percent = true,
                _ => {}
            }
        }
    }
}

/// `[@key]` typed with a full-width `＠` (or the small `﹫`), as some keyboards and input
/// methods give it: no citation to Markdown or Pandoc, so printed as text. An error (E0103)
/// when the citation would parse with a plain `@`, `None` otherwise.
pub(super) fn full_width_at(
    reference: &str,
) -> Option<Result<Vec<CiteItem>, citation::CitationSyntaxError>> {
    let at = reference.find(['＠', '﹫'])?;
    let plain = reference.replace(['＠', '﹫'], "@");
    if !likely_keys(&plain) {
        return None;
    }
    let width = reference[at..].chars().next().map_or(1, char::len_utf8);
    Some(Err(citation::CitationSyntaxError {
        message: "this looks like a citation, but its `＠` is a full-width at sign, not `@`: it would be printed as text".to_owned(),
        range: at..at + width,
        hint: Some(format!("type a plain `@`: `[{}]`", plain.trim())),
    }))
}

/// Whether `text` parses as a citation whose keys all hold a digit, as keys made of a name and
/// a year do: full-width text (`[＠IT]`, a Japanese site's name; `［@MHLW_Japan］`, a handle)
/// is ordinary in East Asian writing, and only what is surely a citation is one.
fn likely_keys(text: &str) -> bool {
    matches!(citation::parse(text), Ok(Some(items))
        if items.iter().all(|i| i.key().bytes().any(|b| b.is_ascii_digit())))
}

/// `[text][label]` and `[text][]` whose label no `[label]: address` line defines: Markdown
/// reads no link, and readers would see the brackets (E0407).
pub(super) fn report_undefined_labels(
    doc: &mut Document,
    text: &str,
    found: Vec<(Range<usize>, String)>,
) {
    let mut seen = foldhash::HashSet::default();
    for (mut range, label) in found {
        if !seen.insert(range.start) {
            continue;
        }
        // The parser's span of `[text][]` ends before the `[]`.
        if text
            .get(range.end..)
            .is_some_and(|rest| rest.starts_with("[]"))
        {
            range.end += 2;
        }
        // `[crisis information]` of `[crisis information][crisis]` (or of `[…][]`).
        let written = text.get(range.clone()).unwrap_or("");
        let link_text = written.split_once("][").map_or(written, |(t, _)| t);
        let span = doc.span(&range);
        doc.problems.push(
            Diagnostic::new(
                Code::E0407,
                span,
                format!("this is not read as a link: no line `[{label}]: <address>` defines `[{label}]`, so readers would see the brackets"),
            )
            .with_label("printed as it is")
            .with_hint(format!(
                "add the line `[{label}]: https://…` below the paragraph, or write the address in place: `{link_text}](https://…)`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Marks;
    use proptest::prelude::*;

    /// [`Marks::of`], one byte at a time.
    fn marks_byte_by_byte(text: &str) -> Marks {
        let mut marks = Marks::default();
        marks.add(text.as_bytes());
        marks
    }

    proptest! {
        /// Reading sixteen bytes at a time finds every mark, wherever it falls in a piece.
        #[test]
        fn marks_are_found_sixteen_bytes_at_a_time(
            text in "([a-z .,]{0,20}[\\[*^%¹⁴•［é]?){0,12}"
        ) {
            prop_assert_eq!(Marks::of(&text), marks_byte_by_byte(&text));
        }
    }
}
