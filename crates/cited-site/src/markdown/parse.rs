//! The one parse of a document's text, for analysis or for replay, and what it reports.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::headings::assign_heading_ids;
use super::prose::{
    Builder, CitationBudget, MAX_CITATIONS, MAX_LINES_AND_CELLS, MAX_MARKS, MAX_PROSE_BLOCKS,
    attach_block_citations, citations_in_link_text, marks,
};
use super::*;
use html::on_html;
use nameless::Nameless;
use slips::{
    cells_dropped, full_width_at, greater_than_quoted, paragraph_underlined,
    report_undefined_labels, stars_between_figures, text_indented,
};

mod author_in_text;
mod html;
mod nameless;
mod scan;
mod slips;
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
    // Past `MAX_CITATIONS`, nothing more is read as a citation, and the loop stops.
    let budget = CitationBudget::default();
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
        let cited = result.as_ref().map_or(1, Vec::len);
        if !budget.take(cited, span.start) {
            return None;
        }
        let is_ok = result.is_ok();
        if !is_ok {
            let mut list = malformed.borrow_mut();
            // Found in text order: this appends, but stays sorted whatever the order.
            let at = list.partition_point(|r| r.start <= inner.start);
            list.insert(at, inner.clone());
        }
        found.borrow_mut().insert(span.start, (inner, result));
        is_ok.then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
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
    // Headings and links with nothing in them to read (E0415, E0416).
    let mut nameless = Nameless::default();
    // An HTML block comes a line at a time: its lines, joined, are judged as one (a comment
    // over several lines is a comment).
    let mut html_block: Option<(String, Range<usize>)> = None;

    // Consecutive text outside links, held until the next other event: Pandoc's author-in-text
    // citations (`@key`, `@key [p. 4]`) are found in it, across the parser's text events. One
    // vector for every run of the page, emptied by each (a page has a run for every paragraph,
    // list item and table cell).
    let mut texts: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    let mut verbatim_depth = 0usize;
    // Where the last table cell ended, for the text of its row after it.
    let mut last_cell_end = 0usize;
    let mut at = Emit {
        source: text,
        doc: &mut doc,
        builder: &mut builder,
        events: &mut events,
        budget: &budget,
        analyse,
        in_heading: false,
    };
    for (event, range) in parser.into_offset_iter() {
        // Too many citations: the rest is not read (E0001, below).
        if budget.over_at().is_some() {
            break;
        }
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
        if analyse && let Some(problem) = nameless.observe(at.doc, text, &event, &range) {
            at.doc.problems.push(problem);
        }
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
            at.texts(text, &mut texts, &malformed.borrow());
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
            Event::Start(Tag::Link { link_type, .. }) if is_citation_link(*link_type) => {
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
                    text: None,
                });
            }
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            // `![@key]`: a citation with a `!` before it is read as an image of nothing.
            Event::Start(Tag::Image { link_type, .. }) if is_citation_link(*link_type) => {
                let written = text.get(range.clone()).unwrap_or("");
                doc.problems.push(
                    Diagnostic::new(
                        Code::E0103,
                        doc.span(&range),
                        "malformed citation: the `!` before it makes it an image, so it would cite nothing",
                    )
                    .with_label("read as an image")
                    .with_hint(format!(
                        "remove the `!`: `{}`",
                        written.strip_prefix('!').unwrap_or(written)
                    )),
                );
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                doc.links.push(LinkTarget {
                    dest: String::from(dest_url.as_ref()),
                    range: range.clone(),
                    is_image: true,
                    text: None,
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
            // `2*3*4`, `x**2 + y**2`: times and powers read as italics and bold (E0410).
            Event::Start(Tag::Emphasis | Tag::Strong) if analyse => {
                if let Some(problem) = stars_between_figures(doc, text, range.clone()) {
                    doc.problems.push(problem);
                }
            }
            // A paragraph with `---` right under it: published as a heading (E0411).
            Event::Start(Tag::Heading { .. }) if analyse => {
                if let Some(problem) = paragraph_underlined(doc, text, range.clone()) {
                    doc.problems.push(problem);
                }
            }
            // Text indented four spaces: code to Markdown, and unread by the claim checker (E0412).
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)) if analyse => {
                doc.problems.push(text_indented(doc, text, range.clone()));
            }
            // A row's text past its last cell: cells past the header's columns, dropped (E0413).
            Event::Start(Tag::TableHead | Tag::TableRow) if analyse => last_cell_end = range.start,
            Event::End(TagEnd::TableCell) if analyse => last_cell_end = range.end,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if analyse => {
                if let Some(problem) = cells_dropped(doc, text, last_cell_end..range.end) {
                    doc.problems.push(problem);
                }
            }
            // `>50%` at the start of a line: a quotation of `50%` (E0414).
            Event::Start(Tag::BlockQuote(_)) if analyse => {
                let found = greater_than_quoted(doc, text, range.clone());
                doc.problems.extend(found);
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
    if !texts.is_empty() && budget.over_at().is_none() {
        at.texts(text, &mut texts, &malformed.borrow());
    }
    if let Some(over_at) = budget.over_at() {
        let span = doc.span(&(over_at..over_at));
        doc.problems.push(
            Diagnostic::new(
                Code::E0001,
                span,
                format!(
                    "this text cites more than {MAX_CITATIONS} sources; the rest was not checked"
                ),
            )
            .with_label("one too many")
            .with_hint("split it into several pages"),
        );
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
    /// The sources cited so far: an author-in-text citation past the limit is not read.
    budget: &'d CitationBudget,
    analyse: bool,
    in_heading: bool,
}

/// Refuses a text with more lines and table cells than [`MAX_LINES_AND_CELLS`], or more marks
/// than [`MAX_MARKS`], before it is parsed: the parser's own tree takes tens of bytes for every
/// line, table cell and mark, however short (in both passes, which must agree).
fn refuse_oversized(doc: &mut Document, text: &str) -> bool {
    // Each line, cell or mark takes a byte of its own: a text no longer than a limit is within
    // it, and is not counted (counting byte by byte was about 1 % of a build).
    let refused = if text.len() > MAX_LINES_AND_CELLS
        && memchr::memchr2_iter(b'\n', b'|', text.as_bytes()).count() > MAX_LINES_AND_CELLS
    {
        format!(
            "this text has more than {MAX_LINES_AND_CELLS} lines and table cells; it was not checked"
        )
    } else if text.len() > MAX_MARKS && marks(text) > MAX_MARKS {
        format!(
            "this text has more than {MAX_MARKS} Markdown marks (brackets, `*`, `_`, backticks, quotes, `--` and the like); it was not checked"
        )
    } else {
        return false;
    };
    let span = doc.span(&(0..0));
    doc.problems
        .push(Diagnostic::new(Code::E0001, span, refused).with_hint("split it into several pages"));
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

/// Where the line holding byte `at` of `text` starts. Markdown ends a line with `\n`, `\r\n`
/// or a lone `\r` (an old Mac file's line ending): a `\r` is a line's end too.
pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |n| n + 1)
}

/// The start of the line holding byte `at` of `text` when it is at most 256 bytes before `at`,
/// for the checks of what starts a line (a heading's `#`s, a typed bullet), which an indent, a
/// quote's `>`s or a list marker may stand before. Each text event of a line asked, and reading
/// back to the start of a long line for each took the line's events times its length.
pub(super) fn near_line_start(text: &str, at: usize) -> Option<usize> {
    const LONGEST_PREFIX: usize = 256;
    let from = at.saturating_sub(LONGEST_PREFIX);
    let before = text.as_bytes().get(from..at)?;
    match before.iter().rposition(|&b| b == b'\n' || b == b'\r') {
        Some(i) => Some(from + i + 1),
        None => (from == 0).then_some(0),
    }
}

/// Whether byte `at` of `text` is in a blockquote: its line starts with `>`. A block there
/// ends with the quote, not with the page.
fn in_quote(text: &str, at: usize) -> bool {
    let line_start = line_start(text, at);
    text[line_start..at].trim_start().starts_with('>')
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
    (doc.notes, doc.note_marks) = builder.notes();
    doc.prose = Prose::of(
        std::mem::take(&mut builder.blocks),
        std::mem::take(&mut builder.groups),
    );
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
