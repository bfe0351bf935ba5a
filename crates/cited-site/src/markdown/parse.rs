//! The one parse of a document's text, for analysis or for replay, and what it reports.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::headings::assign_heading_ids;
use super::prose::{
    Builder, MAX_LINES_AND_CELLS, MAX_PROSE_BLOCKS, attach_block_citations, citations_in_link_text,
};
use super::*;
use crate::citation::{self, CiteItem};
use crate::diagnostic::{Code, Diagnostic};

/// What a parse is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// Everything the checker reads; the events are only looked at, not kept.
    Analyse,
    /// The events, for rendering: the prose blocks are not built, and whatever else the parse
    /// finds is dropped.
    Replay,
}

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub(super) type CiteResults = HashMap<
    usize,
    (
        Range<usize>,
        Result<Vec<CiteItem>, citation::CitationSyntaxError>,
    ),
>;

pub(super) fn parse_with_map(
    file: FileId,
    map: OffsetMap,
    text: &str,
    pass: Pass,
) -> (Document, Vec<(DocEvent<'_>, Range<usize>)>) {
    let analyse = pass == Pass::Analyse;
    let mut doc = Document {
        map,
        ..Document::empty(file)
    };
    if refuse_oversized(&mut doc, text) {
        return (doc, Vec::new());
    }
    let found: RefCell<CiteResults> = RefCell::new(HashMap::new());
    // The text of each malformed bracketed citation, sorted: an `@key` inside one is part of
    // that mistake (E0103), not an author-in-text citation.
    let malformed: RefCell<Vec<Range<usize>>> = RefCell::new(Vec::new());
    // Words in brackets without an `@`: a citation whose `@` was forgotten reads as text.
    let bracketed: RefCell<Vec<BracketedWord>> = RefCell::new(Vec::new());
    // `[text][label]` links whose label nothing defines: where, and the label.
    let undefined_labels: RefCell<Vec<(Range<usize>, String)>> = RefCell::new(Vec::new());
    let mut callback = |link: BrokenLink<'_>| {
        let span = link.span.clone();
        // The reference is the raw text between the first pair of brackets.
        let inner_start = span.start + 1;
        if analyse && !link.reference.contains('@') {
            bracketed_words(&link.reference, inner_start, &mut bracketed.borrow_mut());
        }
        let mut inner = inner_start..inner_start + link.reference.len();
        let parsed = citation::parse(&link.reference).transpose();
        let Some(mut result) = parsed.or_else(|| full_width_at(&link.reference)) else {
            // `[text][label]` or `[text][]` with no `[label]: address` line: no link, and the
            // brackets printed (E0407). A bare `[text]` is ordinary prose.
            // `[1][2]`, `a[i][j]`, `[win][arm64]` are brackets side by side, not a link: the
            // text of a link meant is words (`[crisis line][crisis]`), or uses the collapsed
            // form (`[help][]`).
            let link_text = text
                .get(link.span.clone())
                .and_then(|t| t.strip_prefix('['))
                .and_then(|t| t.split_once(']'))
                .map_or("", |(t, _)| t);
            let meant = link.link_type == LinkType::Collapsed
                || link_text.trim().contains(char::is_whitespace);
            if analyse
                && meant
                && matches!(link.link_type, LinkType::Reference | LinkType::Collapsed)
                && !link.reference.contains('@')
            {
                undefined_labels
                    .borrow_mut()
                    .push((span, link.reference.to_string()));
            }
            return None;
        };
        if link.link_type == LinkType::Reference
            && let Some(first) = text
                .get(inner_start..span.end)
                .and_then(|t| t.split_once("]["))
                .map(|(first, _)| first)
                .filter(|first| citation::looks_like_citation(first))
        {
            // `[@a][@b]` is a Markdown reference link labelled `@b`, and `@a` its text: `@a`
            // would be lost. Reported at the lost part, over both pairs of brackets.
            inner = inner_start..span.end - 1;
            result = Err(citation::CitationSyntaxError {
                message: "two citations side by side read as one link, and the first is lost"
                    .to_owned(),
                range: 0..first.len(),
                hint: Some(format!(
                    "write `[{}; {}]`",
                    first.trim(),
                    link.reference.trim()
                )),
            });
        }
        let is_ok = result.is_ok();
        if !is_ok {
            let mut list = malformed.borrow_mut();
            // Found in text order: this appends, but stays sorted whatever the order.
            let at = list.partition_point(|r| r.start <= inner.start);
            list.insert(at, inner.clone());
        }
        found.borrow_mut().insert(span.start, (inner, result));
        is_ok.then_some((CowStr::Borrowed(CITATION_URL), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));

    // Prose makes an event per 25 to 35 bytes; reserving up front spares the copies of a
    // growing vector, which were a third of parsing. The analysis keeps only the headings'
    // events (for their ids): holding every event of a page of small table cells took a hundred
    // times the page's size, for nothing.
    let mut events: Vec<(DocEvent<'_>, Range<usize>)> = if analyse {
        Vec::new()
    } else {
        Vec::with_capacity(text.len() / 24 + 16)
    };
    if analyse {
        report_hijacks(&mut doc, parser.reference_definitions());
    }

    let mut builder = Builder::default();
    let mut skip_link_depth: Option<usize> = None;
    let mut link_depth = 0usize;
    let mut in_checklist_block: Option<(usize, String)> = None;
    let mut images = images::Tracker::default();
    // An HTML block comes a line at a time: its lines, joined, are judged as one (a comment
    // over several lines is a comment).
    let mut html_block: Option<(String, Range<usize>)> = None;

    // Consecutive text outside links, held until the next other event: Pandoc's author-in-text
    // citations (`@key`, `@key [p. 4]`) are found in it, across the parser's text events.
    let mut texts: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    let mut verbatim_depth = 0usize;
    let mut at = Emit {
        source: text,
        doc: &mut doc,
        builder: &mut builder,
        events: &mut events,
        analyse,
        in_heading: false,
    };
    for (event, range) in parser.into_offset_iter() {
        // Inside a citation link: drop the link's own text events.
        if let Some(depth) = skip_link_depth {
            match &event {
                Event::Start(Tag::Link { .. }) => link_depth += 1,
                Event::End(TagEnd::Link) => {
                    link_depth -= 1;
                    if link_depth == depth {
                        skip_link_depth = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        // Images: their descriptions, attributes (taken out of the text) and figures.
        let Some((event, range)) = images.observe(text, event, range) else {
            continue;
        };
        if matches!(event, Event::Text(_))
            && skip_link_depth.is_none()
            && link_depth == 0
            && in_checklist_block.is_none()
            && verbatim_depth == 0
        {
            texts.push((event, range));
            continue;
        }
        if !texts.is_empty() {
            at.texts(text, std::mem::take(&mut texts), &malformed.borrow());
        }
        // Code, metadata and image descriptions hold no citations; counted the same in both
        // passes (the prose builder's own depth runs in the analysis only).
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. }) => {
                verbatim_depth += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image) => {
                verbatim_depth = verbatim_depth.saturating_sub(1);
            }
            _ => {}
        }
        let Emit {
            doc,
            builder,
            events,
            in_heading,
            ..
        } = &mut at;
        let (doc, builder, events) = (&mut **doc, &mut **builder, &mut **events);
        match &event {
            Event::Start(Tag::Link {
                link_type:
                    LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown,
                dest_url,
                ..
            }) if dest_url.as_ref() == CITATION_URL => {
                if let Some((inner, Ok(items))) = found.borrow_mut().remove(&range.start) {
                    let items = items
                        .into_iter()
                        .map(|item| item.shifted(inner.start))
                        .collect();
                    let index = doc.citations.len();
                    doc.citations.push(Citation {
                        items,
                        range: range.clone(),
                    });
                    events.push((DocEvent::Citation(index), range.clone()));
                    if analyse {
                        builder.piece(Piece::Citation(index));
                    }
                }
                skip_link_depth = Some(link_depth);
                link_depth += 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_depth += 1;
                doc.links.push(LinkTarget {
                    dest: String::from(dest_url.as_ref()),
                    range: range.clone(),
                    is_image: false,
                });
            }
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => {
                doc.links.push(LinkTarget {
                    dest: String::from(dest_url.as_ref()),
                    range: range.clone(),
                    is_image: true,
                });
            }
            // `| a | b |` lines with no `|---|---|` line under the first: a paragraph of pipes.
            Event::Start(Tag::Paragraph) if analyse && text[range.clone()].starts_with('|') => {
                let lines: Vec<&str> = text[range.clone()].lines().map(str::trim).collect();
                if lines.len() >= 2
                    && lines.iter().all(|l| {
                        l.starts_with('|') && l.ends_with('|') && l.matches('|').count() >= 3
                    })
                {
                    let first = text[range.clone()].lines().next().unwrap_or("");
                    let span = doc.span(&(range.start..range.start + first.len()));
                    let columns = lines[0].matches('|').count().saturating_sub(1).max(1);
                    doc.problems.push(
                        Diagnostic::new(
                            Code::E0409,
                            span,
                            "this looks like a table, but it has no line of dashes under its header, so it is published as a paragraph of `|`s",
                        )
                        .with_label("the header row")
                        .with_hint(format!(
                            "add a line under the header: `|{}`",
                            "---|".repeat(columns)
                        )),
                    );
                }
            }
            // ```` ```Checklist ````: a code block to Markdown, published as one (E0506).
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if analyse
                    && info.trim() != "checklist"
                    && info.trim().eq_ignore_ascii_case("checklist") =>
            {
                let line = text[range.clone()].lines().next().unwrap_or("");
                let span = doc.span(&(range.start..range.start + line.len()));
                doc.problems.push(
                    Diagnostic::new(
                        Code::E0506,
                        span,
                        format!("a code block marked `{}` is published as code: only `checklist`, in lower case, embeds a checklist", info.trim()),
                    )
                    .with_label("published as a code block")
                    .with_hint("write the opening line as ```checklist"),
                );
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if info.trim() == "checklist" =>
            {
                in_checklist_block = Some((range.start, String::new()));
                // A checklist between a paragraph and a block citation parts them.
                builder.interrupt();
                let _ = range;
                continue;
            }
            Event::Text(t) if in_checklist_block.is_some() => {
                if let Some((_, id)) = in_checklist_block.as_mut() {
                    id.push_str(t);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if in_checklist_block.is_some() => {
                if let Some((start, id)) = in_checklist_block.take() {
                    // Never closed, the block runs to the end of the page: the rest of the page
                    // would be read as the checklist's id.
                    let block = &text[start..range.end];
                    let closed = block.lines().count() > 1
                        && block.trim_end().lines().next_back().is_some_and(|l| {
                            l.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
                                .starts_with(['`', '~'])
                        });
                    if !closed {
                        if analyse {
                            let line = block.lines().next().unwrap_or("");
                            let span = doc.span(&(start..start + line.len()));
                            let what = if in_quote(text, start) {
                                "the rest of its quote"
                            } else {
                                "the rest of the page"
                            };
                            doc.problems.push(
                                Diagnostic::new(
                                    Code::E0506,
                                    span,
                                    format!("this checklist block is never closed: {what} would be read as the checklist's id"),
                                )
                                .with_label("opened here")
                                .with_hint("close it with a line ``` under the checklist's id"),
                            );
                        }
                        continue;
                    }
                    let index = doc.checklists.len();
                    doc.checklists
                        .push((id.trim().to_owned(), start..range.end));
                    events.push((DocEvent::Checklist(index), start..range.end));
                }
                continue;
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some((String::new(), range.start..range.start));
            }
            Event::Html(html) if html_block.is_some() => {
                if let Some((joined, whole)) = html_block.as_mut() {
                    joined.push_str(html);
                    whole.end = range.end;
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((joined, whole)) = html_block.take() {
                    on_html(doc, builder, text, &joined, &whole, true);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let block_level = matches!(event, Event::Html(_));
                on_html(doc, builder, text, html, &range, block_level);
                // Comments and markers never reach the output; other HTML is an error anyway.
                continue;
            }
            _ => {}
        }
        if analyse {
            builder.observe(text, &event, &range);
            match &event {
                Event::Start(Tag::Heading { .. }) => *in_heading = true,
                Event::End(TagEnd::Heading(_)) => {
                    *in_heading = false;
                    events.push((DocEvent::Markdown(event), range));
                    continue;
                }
                _ => {}
            }
            if !*in_heading {
                continue;
            }
        }
        events.push((DocEvent::Markdown(event), range));
    }
    if !texts.is_empty() {
        at.texts(text, texts, &malformed.borrow());
    }

    doc.images = images.images;
    doc.bracketed_words = bracketed.into_inner();
    report_malformed(&mut doc, found.into_inner());
    report_undefined_labels(&mut doc, text, undefined_labels.into_inner());
    if analyse {
        report_citations_in_link_text(&mut doc, text);
    } else {
        attach_block_citations(&mut events);
    }
    finish(&mut doc, builder, &mut events);
    if analyse {
        doc.shrink_to_fit();
    }
    (doc, events)
}

/// Most bracketed words kept from one document: enough for any page, and a bound on a document
/// made of brackets.
const MAX_BRACKETED_WORDS: usize = 1_000;

/// The words of `inner`, the text between a pair of brackets that starts at byte `start`, that
/// could be citation keys (letters, digits and `_`, with Pandoc's internal punctuation between
/// them), into `out`.
fn bracketed_words(inner: &str, start: usize, out: &mut Vec<BracketedWord>) {
    // Longer bracketed text is a sentence, not a citation missing its `@`.
    if inner.len() > 200 {
        return;
    }
    let is_key_char = citation::is_key_char;
    let is_separator = |c: char| c.is_whitespace() || c == ',' || c == ';';
    let mut word_start = None;
    for (i, c) in inner.char_indices().chain([(inner.len(), ' ')]) {
        if !is_separator(c) {
            word_start.get_or_insert(i);
            continue;
        }
        let Some(from) = word_start.take() else {
            continue;
        };
        let word = inner
            .get(from..i)
            .unwrap_or("")
            .trim_end_matches(|c: char| !is_key_char(c));
        if out.len() < MAX_BRACKETED_WORDS
            && word.starts_with(is_key_char)
            && word
                .chars()
                .all(|c| is_key_char(c) || citation::is_internal_punct(c))
        {
            out.push(BracketedWord {
                word: word.into(),
                range: start + from..start + from + word.len(),
            });
        }
    }
}

/// Where the loop's events go, shared by text held back for author-in-text citations.
struct Emit<'d, 'e, 't> {
    /// The text being parsed.
    source: &'t str,
    doc: &'d mut Document,
    builder: &'d mut Builder,
    events: &'e mut Vec<(DocEvent<'t>, Range<usize>)>,
    analyse: bool,
    in_heading: bool,
}

impl<'t> Emit<'_, '_, 't> {
    /// One text event, as the loop emits it.
    fn text(&mut self, event: Event<'t>, range: Range<usize>) {
        if self.analyse {
            self.builder.observe(self.source, &event, &range);
            if !self.in_heading {
                return;
            }
        }
        self.events.push((DocEvent::Markdown(event), range));
    }

    /// Consecutive text events: each `@key` (`@key [p. 4]`) in text written as it reads (no
    /// escapes, entities or smart punctuation in it) becomes an author-in-text citation.
    /// `malformed`: the malformed bracketed citations seen so far, sorted; an `@key` inside one
    /// (E0103) is part of that mistake, not a citation of its own.
    fn texts(
        &mut self,
        source: &'t str,
        texts: Vec<(Event<'t>, Range<usize>)>,
        malformed: &[Range<usize>],
    ) {
        let mut run: Option<Range<usize>> = None;
        for (event, range) in texts {
            let verbatim =
                matches!(&event, Event::Text(t) if source.get(range.clone()) == Some(t.as_ref()));
            match (&mut run, verbatim) {
                (Some(r), true) if r.end == range.start => r.end = range.end,
                (_, true) => {
                    if let Some(r) = run.take() {
                        self.scan(source, r, malformed);
                    }
                    run = Some(range);
                }
                (_, false) => {
                    if let Some(r) = run.take() {
                        self.scan(source, r, malformed);
                    }
                    self.text(event, range);
                }
            }
        }
        if let Some(r) = run {
            self.scan(source, r, malformed);
        }
    }

    /// `[text] (https://…)` in text `range` of `source`: a space between the brackets and the
    /// address parts them, so Markdown reads no link and readers would see both (E0407). Only
    /// an address is looked for in the parentheses (`[sic] (see below)` is prose).
    fn report_spaced_links(&mut self, source: &str, range: Range<usize>) {
        let text = &source[range.clone()];
        let mut from = 0;
        while let Some(offset) = text[from..].find("] (") {
            let middle = from + offset;
            from = middle + 3;
            let Some(open) = text[..middle].rfind('[') else {
                continue;
            };
            let Some(close) = text[from..].find(')').map(|i| from + i) else {
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
                    || address.rsplit('.').next().is_some_and(|ext| {
                        ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"]
                            .contains(&ext.to_ascii_lowercase().as_str())
                    }));
            if text[open + 1..middle].contains(']') || !looks_like_address {
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
        let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let at_line_start = source[line_start..range.start].trim().is_empty();
        if at_line_start
            && let Some(bullet) = text
                .chars()
                .next()
                .filter(|c| matches!(c, '•' | '◦' | '▪' | '●' | '‣'))
            && text[bullet.len_utf8()..].starts_with(char::is_whitespace)
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
        let mut from = 0;
        while let Some(offset) = text[from..].find('［') {
            let open = from + offset;
            from = open + '［'.len_utf8();
            let Some(close) = text[from..].find('］').map(|i| from + i) else {
                break;
            };
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
        let mut from = 0;
        while let Some(offset) = text[from..].find("](") {
            let middle = from + offset;
            from = middle + 2;
            let Some(open) = text[..middle].rfind('[') else {
                continue;
            };
            let Some(close) = text[middle + 2..]
                .find([')', '\n'])
                .map(|i| middle + 2 + i)
                .filter(|&i| text[i..].starts_with(')'))
            else {
                continue;
            };
            let address = text[middle + 2..close].trim();
            if text[open + 1..middle].contains(']') || !address.contains(char::is_whitespace) {
                continue;
            }
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
        let mut from = 0;
        while let Some(offset) = text[from..].find("[^") {
            let open = from + offset;
            from = open + 2;
            let Some(close) = text[from..].find(']').map(|i| from + i) else {
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
        let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
        // What may stand before a heading on its line: an indent, a quote's `>`s and a list
        // item's marker (`> ###Quoted`, `- ##Item`).
        let before = source[line_start..range.start].trim_start_matches(['>', ' ']);
        let marker = before.trim_end();
        let is_marker = marker.is_empty()
            || matches!(marker, "-" | "*" | "+")
            || (marker.len() > 1
                && marker[..marker.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && marker.ends_with(['.', ')']));
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

    /// Text `range` of `source`, verbatim, with its author-in-text citations.
    fn scan(&mut self, source: &'t str, range: Range<usize>, malformed: &[Range<usize>]) {
        if self.analyse {
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
        }
        let mut cursor = range.start;
        let mut from = range.start;
        while let Some(offset) = source.get(from..range.end).and_then(|t| t.find('@')) {
            let at = from + offset;
            from = at + 1;
            // Malformed citations do not overlap: the one starting last before `at`.
            let before = malformed.partition_point(|m| m.start <= at);
            if before > 0 && malformed[before - 1].contains(&at) {
                continue;
            }
            let Some((item, end)) = source
                .get(..range.end)
                .and_then(|run| citation::author_in_text(run, at))
            else {
                continue;
            };
            if end > range.end {
                continue;
            }
            // `[@key.` or `[see @key, p. 4`: a bracketed citation whose `]` is missing reads as
            // a `[` printed as it is and an author-in-text citation.
            if self.analyse
                && let Some(open) = source[range.start..at]
                    .rfind('[')
                    .map(|i| range.start + i)
                    .filter(|&open| !source[open..at].contains(']'))
            {
                let span = self.doc.span(&(open..open + 1));
                let key_end = item.key_range().end;
                self.doc.problems.push(
                    Diagnostic::new(
                        Code::E0103,
                        span,
                        "malformed citation: this `[` is never closed, so it would be printed as it is",
                    )
                    .with_label("not closed")
                    .with_hint(format!(
                        "close the citation after its source or page: `{}]`",
                        &source[open..key_end]
                    )),
                );
            }
            if cursor < at {
                self.text(
                    Event::Text(CowStr::Borrowed(&source[cursor..at])),
                    cursor..at,
                );
            }
            let index = self.doc.citations.len();
            self.doc.citations.push(Citation {
                items: Box::new([item]),
                range: at..end,
            });
            self.events.push((DocEvent::Citation(index), at..end));
            if self.analyse {
                self.builder.piece(Piece::Citation(index));
            }
            cursor = end;
            from = end;
        }
        if cursor < range.end {
            self.text(
                Event::Text(CowStr::Borrowed(&source[cursor..range.end])),
                cursor..range.end,
            );
        }
    }
}

/// Refuses a text with more lines and table cells than [`MAX_LINES_AND_CELLS`], before it is
/// parsed: the parser's own tree takes tens of bytes for every line and table cell, however short
/// (in both passes, which must agree).
fn refuse_oversized(doc: &mut Document, text: &str) -> bool {
    let lines_and_cells = text.bytes().filter(|&b| b == b'\n' || b == b'|').count();
    if lines_and_cells <= MAX_LINES_AND_CELLS {
        return false;
    }
    let span = doc.span(&(0..0));
    doc.problems.push(
        Diagnostic::new(
            Code::E0001,
            span,
            format!(
                "this text has more than {MAX_LINES_AND_CELLS} lines and table cells; it was not checked"
            ),
        )
        .with_hint("split it into several pages"),
    );
    true
}

/// Reference definitions named like citations would turn `[@key]` into a plain link: E0102.
fn report_hijacks(doc: &mut Document, definitions: &pulldown_cmark::RefDefs<'_>) {
    let mut hijacks: Vec<(String, Range<usize>)> = definitions
        .iter()
        .filter(|(label, _)| label.starts_with('@'))
        .map(|(label, def)| (label.to_owned(), def.span.clone()))
        .collect();
    hijacks.sort_by_key(|(_, r)| r.start);
    for (label, range) in hijacks {
        let span = doc.span(&range);
        doc.problems.push(
            Diagnostic::new(
                Code::E0102,
                span,
                format!("link definition `[{label}]` hides the citation `[{label}]`"),
            )
            .with_label("this turns every `[".to_owned() + &label + "]` into a plain link")
            .with_hint("remove the definition, or rename it so it does not start with `@`"),
        );
    }
}

/// Whether byte `at` of `text` is in a blockquote: its line starts with `>`. A block there
/// ends with the quote, not with the page.
fn in_quote(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..at].trim_start().starts_with('>')
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
#[derive(Default)]
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
}

impl Marks {
    fn of(text: &str) -> Marks {
        let mut marks = Marks::default();
        for b in text.bytes() {
            match b {
                b'[' => marks.bracket = true,
                b'*' => marks.star = true,
                b'^' => marks.caret = true,
                0xC2 | 0xE2 => marks.high = true,
                0xEF => marks.full_width = true,
                _ => {}
            }
        }
        marks
    }
}

/// HTML in the text: a `not-a-claim` marker, an unknown directive (E0304), a comment, or raw
/// HTML (recorded for E0403).
fn on_html(
    doc: &mut Document,
    builder: &mut Builder,
    text: &str,
    html: &str,
    range: &Range<usize>,
    block_level: bool,
) {
    match classify_html(html) {
        HtmlKind::Marker(reason) => {
            let index = doc.markers.len();
            doc.markers.push(Marker {
                reason,
                range: trimmed_range(text, range),
                block_level,
            });
            if block_level {
                builder.pending_marker = Some(index);
            } else {
                builder.piece(Piece::Marker(index));
            }
        }
        HtmlKind::UnknownDirective(directive) => {
            let span = doc.span(&trimmed_range(text, range));
            doc.problems.push(
                Diagnostic::new(
                    Code::E0304,
                    span,
                    format!("unknown cited directive `{directive}`"),
                )
                .with_hint("the only directive is `<!-- cited: not-a-claim: <reason> -->`"),
            );
        }
        HtmlKind::Comment => {}
        HtmlKind::UnclosedComment => {
            let range = trimmed_range(text, range);
            let first_line = text[range.clone()].lines().next().map_or(0, str::len);
            let span = doc.span(&(range.start..range.start + first_line));
            let end = if in_quote(text, range.start) {
                "of its quote"
            } else {
                "of the page"
            };
            doc.problems.push(
                Diagnostic::new(
                    Code::E0403,
                    span,
                    format!("this HTML comment is never closed: everything after it to the end {end} is read as raw HTML and would not be published"),
                )
                .with_label("the comment starts here")
                .with_hint("end the comment with `-->`"),
            );
        }
        HtmlKind::Other => {
            let range = trimmed_range(text, range);
            // HTML blocks with only blank lines between them are one mistake, reported once.
            match doc.raw_html.last_mut() {
                Some(last)
                    if last.end <= range.start && text[last.end..range.start].trim().is_empty() =>
                {
                    last.end = range.end;
                }
                _ => doc.raw_html.push(range),
            }
        }
    }
}

/// A citation inside the text of a link would be published between the link's brackets: E0305.
fn report_citations_in_link_text(doc: &mut Document, text: &str) {
    for index in citations_in_link_text(text, &doc.citations) {
        let Some(citation) = doc.citations.get(index) else {
            continue;
        };
        let span = doc.span(&citation.range);
        doc.problems.push(
            Diagnostic::new(
                Code::E0305,
                span,
                "a citation inside the text of a link: readers would see the link's brackets around it",
            )
            .with_label("this citation is inside `[…](…)`")
            .with_hint("a link cannot hold a citation: put the citation after the link, `[see the review](https://…) [@key]`"),
        );
    }
}

/// `[@key]` typed with a full-width `＠` (or the small `﹫`), as some keyboards and input
/// methods give it: no citation to Markdown or Pandoc, so printed as text. An error (E0103)
/// when the citation would parse with a plain `@`, `None` otherwise.
fn full_width_at(reference: &str) -> Option<Result<Vec<CiteItem>, citation::CitationSyntaxError>> {
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
fn report_undefined_labels(doc: &mut Document, text: &str, found: Vec<(Range<usize>, String)>) {
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

/// Malformed citations never became links: E0103 for each, in text order.
fn report_malformed(doc: &mut Document, found: CiteResults) {
    let mut leftovers: Vec<_> = found.into_values().collect();
    leftovers.sort_by_key(|(r, _)| r.start);
    for (inner, result) in leftovers {
        if let Err(err) = result {
            let range = inner.start + err.range.start..inner.start + err.range.end;
            let span = doc.span(&range);
            let hint = err.hint.unwrap_or_else(|| {
                "write citations as `[@key]`, `[@a; @b]` or `[see @key, p. 4]`".to_owned()
            });
            doc.problems.push(
                Diagnostic::new(
                    Code::E0103,
                    span,
                    format!("malformed citation: {}", err.message),
                )
                .with_hint(hint),
            );
        }
    }
}

/// The prose blocks (or E0001 past [`MAX_PROSE_BLOCKS`]) and the headings' ids (E0404 for those
/// refused).
fn finish(doc: &mut Document, mut builder: Builder, events: &mut [(DocEvent<'_>, Range<usize>)]) {
    if let Some(range) = builder.over_limit.take() {
        let span = doc.span(&(range.start..range.start));
        doc.problems.push(
            Diagnostic::new(
                Code::E0001,
                span,
                format!(
                    "this text has more than {MAX_PROSE_BLOCKS} paragraphs, list items and table cells; the rest was not checked"
                ),
            )
            .with_hint("split it into several pages"),
        );
    }
    doc.blocks = builder.blocks;
    doc.other_texts = builder.other_texts;
    let mut refused = Vec::new();
    doc.headings = assign_heading_ids(events, &mut refused);
    for (range, message) in refused {
        let span = doc.span(&range);
        doc.problems.push(
            Diagnostic::new(Code::E0404, span, message)
                .with_hint("give the heading another id (`{#my-id}`) and no other attributes"),
        );
    }
}

pub(super) enum HtmlKind {
    Marker(Option<String>),
    UnknownDirective(String),
    Comment,
    /// `<!--` with no `-->`: Markdown reads the rest of the page into it.
    UnclosedComment,
    Other,
}

pub(super) fn classify_html(html: &str) -> HtmlKind {
    let trimmed = html.trim();
    let Some(inner) = trimmed
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
    else {
        // `<!-->` and `<!--->` are empty comments (CommonMark 0.31).
        return if trimmed.is_empty() || trimmed == "<!-->" || trimmed == "<!--->" {
            HtmlKind::Comment
        } else if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            HtmlKind::UnclosedComment
        } else {
            HtmlKind::Other
        };
    };
    let inner = inner.trim();
    let Some(directive) = inner.strip_prefix("cited:") else {
        return HtmlKind::Comment;
    };
    let directive = directive.trim();
    match directive.strip_prefix("not-a-claim") {
        Some(rest) => {
            let reason = rest.trim().trim_start_matches(':').trim();
            HtmlKind::Marker((!reason.is_empty()).then(|| reason.to_owned()))
        }
        None => {
            HtmlKind::UnknownDirective(directive.split([' ', ':']).next().unwrap_or("").to_owned())
        }
    }
}

pub(super) fn trimmed_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}
