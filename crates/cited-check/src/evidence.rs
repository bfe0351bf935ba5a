//! The claim rules (E0301–E0303) and the evidence report: every claim, what it cites, the excerpts
//! that back its figures, and every silenced sentence with its reason. `cited claims` prints the
//! report; `build` writes it to `evidence.json`.

use cited_site::Code;
use std::cell::OnceCell;
use std::ops::Range;

use cited_site::Diagnostic;
use cited_site::Document;
use cited_site::Site;
use cited_site::SourceFile;
use cited_site::{AsLoaded, FileId, Sources};
use rayon::prelude::*;
use serde::Serialize;

use crate::claims::{self, Trigger, Triggers};

mod findings;
mod hand_written;
mod hints;
mod locate;
mod markdown;
mod plain;
mod problems;
mod report;
mod retracted;
mod reuse;
mod sources;

use findings::FindingFigures;
use hand_written::{
    HandWritten, hand_written_citation, written_out_reference, written_out_reference_hint,
};
use hints::{citations_by_line, note_hint, table_cell_hint};
use locate::figure_span;
pub use markdown::to_markdown;
use plain::plain_markup;
use problems::ClaimProblems;
use report::{Part, Report, Wanted};
use retracted::check_retracted_support;
pub use reuse::{KeptClaims, Reuse, evidence_reusing};
pub use sources::MAX_SOURCES_IN_A_CLAIM;
use sources::{Cited, SourceKeys, citations_of};

/// Every claim of the site.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evidence {
    /// Claims, in file order.
    pub claims: Vec<ClaimRecord>,
    /// Sentences silenced with a marker.
    pub silenced: Vec<SilencedRecord>,
}

/// One claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRecord {
    /// File path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The sentence.
    pub text: String,
    /// Why it is a claim (`figure: 50%`, `phrase: found`).
    pub trigger: String,
    /// Cited keys.
    pub sources: Vec<String>,
    /// Each figure and the excerpt that backs it.
    pub figures: Vec<FigureRecord>,
}

/// A figure and its backing.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRecord {
    /// As written.
    pub figure: String,
    /// The key whose finding backs it, if any.
    pub source: Option<String>,
    /// The excerpt.
    pub excerpt: Option<String>,
    /// Where in the source.
    pub locator: Option<String>,
}

/// A silenced sentence.
#[derive(Debug, Clone, Serialize)]
pub struct SilencedRecord {
    /// File path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The sentence.
    pub text: String,
    /// The editor's reason.
    pub reason: Option<String>,
}

/// The claim triggers configured for the site.
pub fn triggers(site: &Site) -> Triggers {
    match &site.config {
        Some(c) => Triggers::new(
            c.claims.figures,
            c.claims.phrases.as_deref(),
            &c.claims.extra_phrases,
        ),
        None => Triggers::new(true, None, &[]),
    }
}

/// Documents a streamed run checks at once ([`claim_report`]): enough to keep every thread busy,
/// few enough to hold their records.
const BATCH: usize = 256;

/// Runs the claim rules and builds the report in one pass.
///
/// Documents are checked in parallel (sentence splitting and figure matching were nine tenths of
/// a large site's check); their results are joined in document order, so output stays stable.
pub fn evidence(site: &Site, out: &mut Vec<Diagnostic>) -> Evidence {
    let kept = Report::Kept(Evidence::default());
    // Joining records in memory cannot fail.
    Claims::new(site)
        .run(out, kept, usize::MAX)
        .unwrap_or_default()
}

/// Runs the claim rules for their diagnostics only: each document's records are dropped as soon
/// as they are made.
pub(crate) fn claim_diagnostics(site: &Site, out: &mut Vec<Diagnostic>) {
    // Nothing is written, so nothing can fail.
    let _ = Claims::new(site).run(out, Report::Dropped, usize::MAX);
}

/// Runs the claim rules, writing their report to `report` as they go: byte for byte what
/// [`Evidence::write_json`] writes of [`evidence`]'s report, with the same diagnostics. Documents
/// are checked a batch at a time (in parallel), and each batch's claims are written and dropped
/// before the next is made; only the silenced sentences, which come last, are held (as printed)
/// until the end. A failed write stops the writing, not the rules: the diagnostics are whole, and
/// the error is returned at the end.
pub(crate) fn claim_report(
    site: &Site,
    out: &mut Vec<Diagnostic>,
    report: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let streamed = Report::streamed(report);
    Claims::new(site).run(out, streamed, BATCH).map(drop)
}

/// The claim rules over every document of a site.
struct Claims<'s> {
    site: &'s Site,
    triggers: Triggers,
    findings: FindingFigures<'s>,
    /// Markdown documents, then the plain-text fields of pages and checklists (published as
    /// written).
    documents: Vec<(&'s Document, Place)>,
}

impl<'s> Claims<'s> {
    fn new(site: &'s Site) -> Self {
        let triggers = triggers(site);
        // Figures are matched only when the site checks them; otherwise the table stays empty.
        let findings = if triggers.checks_figures() {
            FindingFigures::new(site)
        } else {
            FindingFigures::default()
        };
        let documents = site
            .documents()
            .map(|d| (d, Place::Markdown))
            .chain(site.pages.iter().flat_map(|p| {
                let title = (
                    &p.title_doc,
                    Place::Plain(cited_site::PlainField::PageTitle),
                );
                let description = p
                    .description_doc
                    .as_ref()
                    .map(|d| (d, Place::Plain(cited_site::PlainField::PageDescription)));
                std::iter::once(title).chain(description)
            }))
            .chain(
                site.description_doc
                    .as_ref()
                    .map(|d| (d, Place::Plain(cited_site::PlainField::SiteDescription))),
            )
            .chain(
                site.checklists
                    .iter()
                    .flat_map(|c| c.plain.iter().map(|(field, d)| (d, Place::Plain(*field)))),
            )
            .collect();
        Claims {
            site,
            triggers,
            findings,
            documents,
        }
    }

    /// One document's diagnostics and records.
    fn document(&self, doc: &Document, place: Place) -> (Vec<Diagnostic>, Evidence) {
        // A build's load holds no page's text, and a large site's no page's prose either: the
        // page is read again here, for the batch of pages being checked, given its text (parsed
        // for its prose) and dropped with it. A document that holds its text (a page's title)
        // reads its file only if a rule asks for a line.
        let file = LoadedFile {
            sources: &self.site.sources,
            id: doc.file,
            read: OnceCell::new(),
        };
        let whole = if doc.whole_needs_file() {
            match file.get() {
                Ok(source) => doc.whole(&source.text),
                Err(changed) => return (vec![changed.clone()], Evidence::default()),
            }
        } else {
            None
        };
        let doc = whole.as_ref().unwrap_or(doc);
        let mut found = Vec::new();
        let mut evidence = Evidence::default();
        let mut rules = Rules {
            site: self.site,
            file: &file,
            doc,
            place,
            triggers: &self.triggers,
            findings: &self.findings,
            out: &mut found,
            sources: SourceKeys::default(),
            citations_by_line: OnceCell::new(),
            problems: OnceCell::new(),
            written_out: None,
        };
        rules.check_document(&mut evidence);
        if let Some(Err(changed)) = file.read.into_inner() {
            found.push(changed);
        }
        (found, evidence)
    }

    /// Every document's diagnostics into `out`, and their records into `report`, both in
    /// document order: `batch` documents at a time, each batch checked in parallel and given up
    /// before the next but one is made. The one loop of the claim rules over a site but
    /// [`evidence_reusing`]'s.
    ///
    /// Each batch is checked while the one before it goes into the report: taken one after the
    /// other, the report's writing (70 MB of `evidence.json` at 10,000 citation-dense pages) kept
    /// every other thread waiting, 2 % of such a build's time on two cores. A batch checked
    /// after a write failed is printed for nothing: the report takes nothing more.
    fn run(
        &self,
        out: &mut Vec<Diagnostic>,
        mut report: Report<'_>,
        batch: usize,
    ) -> std::io::Result<Evidence> {
        let mut checked = Vec::new();
        for documents in self.documents.chunks(batch.max(1)) {
            let wanted = report.wanted();
            let mut next = Vec::new();
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| next = self.batch(documents, wanted));
                take(std::mem::take(&mut checked), out, &mut report);
            });
            checked = next;
        }
        take(checked, out, &mut report);
        report.finish()
    }

    /// The diagnostics and parts of `documents`, checked in parallel, in their order.
    fn batch(
        &self,
        documents: &[(&Document, Place)],
        wanted: Wanted,
    ) -> Vec<(Vec<Diagnostic>, Part)> {
        documents
            .par_iter()
            // One document at a time: the last of a batch split only in halves was left to one
            // thread while the others waited.
            .with_max_len(1)
            .map(|&(doc, place)| {
                let (found, part) = self.document(doc, place);
                (found, Part::of(part, wanted))
            })
            .collect()
    }
}

/// A batch's diagnostics into `out` and its parts into `report`, in order.
fn take(parts: Vec<(Vec<Diagnostic>, Part)>, out: &mut Vec<Diagnostic>, report: &mut Report<'_>) {
    out.reserve(parts.iter().map(|(found, _)| found.len()).sum());
    report.reserve(parts.iter().map(|(_, part)| part));
    for (found, part) in parts {
        out.extend(found);
        report.take(part);
    }
}

/// Where a document's text is published.
#[derive(Clone, Copy)]
enum Place {
    /// Markdown: a page body, or a markdown field of a checklist.
    Markdown,
    /// A plain-text field of a checklist, published as written: it cannot cite.
    Plain(cited_site::PlainField),
}

impl Place {
    /// What the field is called, for messages.
    fn plain_name(self) -> Option<&'static str> {
        match self {
            Place::Markdown => None,
            Place::Plain(cited_site::PlainField::Title) => Some("a checklist's `title`"),
            Place::Plain(cited_site::PlainField::Label) => Some("an item's `label`"),
            Place::Plain(cited_site::PlainField::PageTitle) => Some("a page's `title`"),
            Place::Plain(cited_site::PlainField::PageDescription) => Some("a page's `description`"),
            Place::Plain(cited_site::PlainField::SiteDescription) => {
                Some("the site's `description`")
            }
        }
    }

    /// Where a claim in this plain-text field can go instead, with its citation.
    fn where_claims_go(self) -> &'static str {
        match self {
            Place::Plain(
                cited_site::PlainField::PageTitle | cited_site::PlainField::PageDescription,
            ) => "into the text of the page",
            Place::Plain(cited_site::PlainField::SiteDescription) => "into a page",
            _ => "into the item's `detail` (or the `intro`)",
        }
    }
}

/// A document's file as it was loaded: held, or read again the first time it is asked for.
struct LoadedFile<'s> {
    sources: &'s Sources,
    id: FileId,
    read: OnceCell<Result<AsLoaded<'s>, Diagnostic>>,
}

impl LoadedFile<'_> {
    /// The file as loaded, or the E0001 that it changed since.
    fn get(&self) -> Result<&SourceFile, &Diagnostic> {
        match self.read.get_or_init(|| self.sources.as_loaded(self.id)) {
            Ok(file) => Ok(file),
            Err(changed) => Err(changed),
        }
    }

    /// The file as loaded, for lines and spans; once it changed since (an E0001 the check
    /// reports), the file as held.
    fn lines(&self) -> &SourceFile {
        self.get().unwrap_or_else(|_| self.sources.get(self.id))
    }
}

/// The claim rules over one document.
struct Rules<'a, 's> {
    site: &'s Site,
    /// The document's file, as loaded.
    file: &'a LoadedFile<'s>,
    doc: &'a Document,
    place: Place,
    triggers: &'a Triggers,
    findings: &'a FindingFigures<'s>,
    out: &'a mut Vec<Diagnostic>,
    /// What each block citation and note of the document cites, found once.
    sources: SourceKeys,
    /// The document's citations in the file, with their lines, in order: found once, when an
    /// uncited table cell's hint first looks for its row's (each looking through every
    /// citation took the cells times the citations).
    citations_by_line: OnceCell<Vec<(usize, Range<usize>)>>,
    /// Where the parse's problems that the rules ask about are, found once.
    problems: OnceCell<ClaimProblems>,
    /// The last block judged a reference written out by hand or not (by the address of its
    /// pieces), and its text if it is one.
    written_out: Option<(usize, Option<String>)>,
}

/// The longest paragraph read as a reference written out by hand.
const MAX_REFERENCE_BYTES: usize = 2_000;

impl Rules<'_, '_> {
    /// The text of `block` when it is a reference written out by hand, judged once for the
    /// block: its text, made for each of its claims, took the claims times the block.
    fn written_out_reference(&mut self, block: &cited_site::ProseBlock<'_>) -> Option<String> {
        let id = block.pieces.as_ptr() as usize;
        if let Some((judged, reference)) = &self.written_out
            && *judged == id
        {
            return reference.clone();
        }
        // A reference is a line or two: a longer block is none, and is not read whole.
        let mut text = String::new();
        for piece in block.pieces {
            text.push_str(self.doc.piece_text(piece).unwrap_or(""));
            if text.len() > MAX_REFERENCE_BYTES {
                break;
            }
        }
        let reference =
            (text.len() <= MAX_REFERENCE_BYTES && written_out_reference(&text)).then_some(text);
        self.written_out = Some((id, reference.clone()));
        reference
    }

    fn problems(&self) -> &ClaimProblems {
        self.problems.get_or_init(|| ClaimProblems::of(self.doc))
    }
}

impl Rules<'_, '_> {
    fn check_document(&mut self, evidence: &mut Evidence) {
        let (site, doc) = (self.site, self.doc);
        let path = site.sources.path(doc.file).to_owned();
        let file = self.file;
        let line =
            |range: &std::ops::Range<usize>| file.lines().line_of(doc.span(range).range.start);
        for marker in &doc.markers {
            if marker.reason.is_none() {
                self.out.push(
                    Diagnostic::new(
                        Code::E0303,
                        doc.span(&marker.range),
                        "this marker does not say why the sentence is not a claim",
                    )
                    .with_hint("write `<!-- cited: not-a-claim: <reason> -->`"),
                );
            }
        }
        if let Some(field) = self.place.plain_name() {
            if let Some((range, what)) = plain_markup(doc.text()) {
                self.out.push(
                    Diagnostic::new(
                        Code::E0409,
                        doc.span(&range),
                        format!("{field} is plain text: this {what} would be published with its marks, as it is written"),
                    )
                    .with_label("printed as typed")
                    .with_hint("remove the marks; a field published as plain text cannot be formatted or link"),
                );
            }
            for citation in &doc.citations {
                self.out.push(
                    Diagnostic::new(
                        Code::E0305,
                        doc.span(&citation.range),
                        format!("{field} is plain text: this citation would be published as it is written"),
                    )
                    .with_label("readers would see these brackets")
                    .with_hint(format!(
                        "move the claim and its citation {}, which is markdown, and reword this field",
                        self.place.where_claims_go()
                    )),
                );
            }
        }
        for block in doc.blocks() {
            for sentence in claims::sentences_in(doc, &block) {
                let silenced = block
                    .silenced_by
                    .into_iter()
                    .chain(sentence.markers.iter().copied())
                    .next();
                if let Some(m) = silenced {
                    evidence.silenced.push(SilencedRecord {
                        file: path.clone(),
                        line: line(&sentence.range),
                        text: sentence.text.clone(),
                        reason: doc.markers.get(m).and_then(|m| m.reason.clone()),
                    });
                    continue;
                }
                // Found once: they make the claim, and each must be backed.
                let figures = if self.triggers.checks_figures() {
                    let (figures, over) = claims::sentence_figures(&sentence.text);
                    if over {
                        self.out.push(too_many_figures(doc, &sentence));
                    }
                    figures
                } else {
                    Vec::new()
                };
                let Some(trigger) = self.triggers.trigger_among(&sentence.text, &figures) else {
                    continue;
                };
                if let Some(record) = self.check_claim(&block, sentence, &figures, trigger) {
                    evidence.claims.push(ClaimRecord {
                        file: path.clone(),
                        ..record
                    });
                }
            }
        }
    }

    /// E0301 and E0302 (and the retraction rules) for one claim; its record if it cites.
    fn check_claim(
        &mut self,
        block: &cited_site::ProseBlock<'_>,
        sentence: claims::Sentence,
        figures: &[claims::Figure],
        trigger: Trigger,
    ) -> Option<ClaimRecord> {
        let (site, doc, triggers, findings) = (self.site, self.doc, self.triggers, self.findings);
        let trigger_text = match &trigger {
            Trigger::Figure(f) => format!("figure: {f}"),
            Trigger::Phrase(p) => format!("phrase: {p}"),
        };
        if let Some(field) = self.place.plain_name() {
            // A citation here is E0305, reported once, at the citation.
            if sentence.citations.is_empty() {
                self.out.push(uncited(doc, &sentence, &trigger).with_hint(format!(
                    "{field} is plain text and cannot cite: move the claim, with its citation, {} and reword this field; if it is not a claim, add `<!-- cited: not-a-claim: <reason> -->` to it (it is not published)",
                    self.place.where_claims_go()
                )));
            }
            return None;
        }
        // A block citation cites every sentence of its paragraph or list, a note each sentence
        // that calls it.
        let cited = self.sources.of(doc, block, &sentence);
        if let Cited::TooMany = cited {
            self.out.push(too_many_sources(doc, &sentence));
            return None;
        }
        let Cited::Keys(keys) = cited else {
            // A citation written wrongly in the sentence (`[@a, @b]`, `［@a］`) is its own
            // error, E0103, at the citation: no second one saying it cites nothing.
            let at = doc.span(&sentence.range).range;
            let miswritten = self.problems().miswritten.overlap(&at);
            // A claim only by a figure inside a note mark (`[^2]`, `.¹`: E0407, E0306) is no
            // claim; the mark is the mistake, reported where it is.
            let by_note_mark = match &trigger {
                Trigger::Figure(written) => {
                    let figure = figure_span(self.file.lines(), doc, &sentence.range, written);
                    self.problems().note_marks.hold(&figure.range)
                }
                Trigger::Phrase(_) => false,
            };
            if miswritten || by_note_mark {
                return None;
            }
            let hint = match hand_written_citation(&sentence.text) {
                _ if let Some(paragraph) = self.written_out_reference(block) => {
                    written_out_reference_hint(&paragraph, |key| site.reference(key).is_some())
                }
                Some(HandWritten::Numbered(written)) => format!(
                    "`{written}` is a citation number written by hand, which cited does not read: cite the source by its key, `[@key]`, and the style numbers it"
                ),
                Some(HandWritten::AuthorYear { written, key }) => {
                    let key = if site.reference(&key).is_some() { key } else { "key".to_owned() };
                    format!(
                        "`{written}` is a citation written out by hand, which cited does not read: cite the source by its key, `[@{key}]`, and the style prints it"
                    )
                }
                Some(HandWritten::Latex { written, pandoc }) => format!(
                    "`{written}` is LaTeX's citation, which cited does not read: write `{pandoc}`"
                ),
                None if !sentence.notes.is_empty() => note_hint(site, doc, &sentence),
                None => block
                    .in_table
                    .then(|| {
                        let file = self.file.lines();
                        let by_line = self
                            .citations_by_line
                            .get_or_init(|| citations_by_line(file, doc));
                        table_cell_hint(file, doc, by_line, &sentence)
                    })
                    .flatten()
                    .unwrap_or_else(|| "cite its source in the same sentence, e.g. `... [@key].`; if it is not a claim, reword it or add `<!-- cited: not-a-claim: <reason> -->` after it".to_owned()),
            };
            self.out
                .push(uncited(doc, &sentence, &trigger).with_hint(hint));
            return None;
        };
        let mut figure_records = Vec::new();
        if triggers.checks_figures() {
            for figure in figures {
                let backing = keys.iter().find_map(|k| {
                    findings
                        .backing(k, &figure.normalized)
                        .map(|f| (k.clone(), f))
                });
                match backing {
                    Some((key, finding)) => figure_records.push(FigureRecord {
                        figure: figure.written.clone(),
                        source: Some(key),
                        excerpt: Some(finding.text.value.clone()),
                        locator: finding.locator.clone(),
                    }),
                    None => {
                        let at =
                            figure_span(self.file.lines(), doc, &sentence.range, &figure.written);
                        // A note number (`.^1^`, E0306) is no figure of the claim; nor is a
                        // figure after a citation's `[` left open in the sentence (E0103): it is
                        // most likely the citation's page (`[@key, p. 5`), and the sentence is
                        // checked again once the citation is closed.
                        let sentence_span = doc.span(&sentence.range).range;
                        let problems = self.problems();
                        let in_note_mark = problems.pasted_notes.hold(&at.range)
                            || at.range.end <= sentence_span.end
                                && problems
                                    .miswritten
                                    .start_in(&(sentence_span.start..at.range.start));
                        // Only known references are searched; an unknown key is its own error.
                        let as_bound = keys.iter().find_map(|k| {
                            findings
                                .range_ending_in(k, &figure.normalized)
                                .map(|range| (k, range))
                        });
                        if let Some((key, range)) = as_bound.filter(|_| !in_note_mark) {
                            self.out.push(
                                Diagnostic::new(
                                    Code::E0302,
                                    at,
                                    format!("`{}` is in the findings of `{key}` only as an end of the range `{range}`", figure.written),
                                )
                                .with_label("one end of a range")
                                .with_hint(format!("write the range as the source states it (`{range}`), or, if the source states {} on its own, add that excerpt to the reference's `findings`", figure.written)),
                            );
                        } else if !in_note_mark && keys.iter().all(|k| site.reference(k).is_some())
                        {
                            self.out.push(
                                Diagnostic::new(
                                    Code::E0302,
                                    at,
                                    format!("`{}` does not appear in the findings of {}", figure.written, keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
                                )
                                .with_label(format!("{} is not backed", figure.written))
                                .with_hint(match (decimal_comma(&sentence.text, &figure.written), claims::other_forms(&figure.normalized)) {
                                    (Some(written), _) => format!("`{written}` reads as two figures: write a decimal with a point (`{}`)", written.replace(',', ".")),
                                    // `findings` are CSL only: a BibTeX entry has nowhere to hold them.
                                    (None, _) if keys.iter().all(|k| from_bibtex(site, k)) => format!(
                                        "check the figure against the source; if it is right, its excerpt goes in `findings`, which a `.bib` file cannot hold: move {} into a CSL-YAML file under references/ and add the excerpt there",
                                        keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                                    ),
                                    (None, Some(forms)) => format!("check the figure against the source; if it is right, add the excerpt that states it to the reference's `findings` ({forms})"),
                                    (None, None) => "check the figure against the source; if it is right, add the excerpt that states it to the reference's `findings`".to_owned(),
                                }),
                            );
                        }
                        figure_records.push(FigureRecord {
                            figure: figure.written.clone(),
                            source: None,
                            excerpt: None,
                            locator: None,
                        });
                    }
                }
            }
        }
        if site.lock.is_some() {
            let citations = &mut citations_of(doc, block, &sentence);
            check_retracted_support(
                site, doc, &sentence, figures, citations, &keys, findings, self.out,
            );
        }
        Some(ClaimRecord {
            file: String::new(),
            line: self
                .file
                .lines()
                .line_of(doc.span(&sentence.range).range.start),
            text: sentence.text,
            trigger: trigger_text,
            sources: keys,
            figures: figure_records,
        })
    }
}

/// Whether the reference `key` is read from a BibTeX or BibLaTeX file (its rich text is the
/// reader's own record of that).
fn from_bibtex(site: &Site, key: &str) -> bool {
    site.reference(key)
        .is_some_and(|r| r.rich_text == cited_site::RichText::BibTags)
}

/// `1,28` in `text` when `figure` is one of its two parts (`1` or `28`): a decimal written
/// with a comma, which reads as two figures. A comma before three digits groups thousands.
fn decimal_comma(text: &str, figure: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits_at = |from: usize, step: isize| {
        let mut i = from as isize;
        let mut n = 0;
        while i >= 0 && (i as usize) < bytes.len() && bytes[i as usize].is_ascii_digit() {
            n += 1;
            i += step;
        }
        n
    };
    text.match_indices(figure).find_map(|(at, _)| {
        let end = at + figure.len();
        // `1` of `1,28`: the comma after it, one or two digits after that.
        if bytes.get(end) == Some(&b',') {
            let after = digits_at(end + 1, 1);
            if (1..=2).contains(&after) && (at == 0 || !bytes[at - 1].is_ascii_digit()) {
                return Some(text[at..end + 1 + after].to_owned());
            }
        }
        // `28` of `1,28`.
        if at >= 2 && bytes[at - 1] == b',' && figure.len() <= 2 {
            let before = digits_at(at - 2, -1);
            if before >= 1 && !bytes.get(end).is_some_and(u8::is_ascii_digit) {
                return Some(text[at - 1 - before..end].to_owned());
            }
        }
        None
    })
}

/// E0001 for a sentence of more than [`claims::MAX_FIGURES_IN_A_SENTENCE`] figures: the claim
/// rules check the first ones, and the rest would be published unchecked.
fn too_many_sources(doc: &Document, sentence: &claims::Sentence) -> Diagnostic {
    let start = sentence.range.start;
    Diagnostic::new(
        Code::E0001,
        doc.span(&(start..start)),
        format!("this claim cites more than {MAX_SOURCES_IN_A_CLAIM} sources (in the sentence, a paragraph of citations after it, or its notes); it was not checked"),
    )
    .with_hint("cite each claim by the few sources that state it")
}

fn too_many_figures(doc: &Document, sentence: &claims::Sentence) -> Diagnostic {
    let start = sentence.range.start;
    Diagnostic::new(
        Code::E0001,
        doc.span(&(start..start)),
        format!(
            "this sentence states more than {} figures; those after them were not checked",
            claims::MAX_FIGURES_IN_A_SENTENCE
        ),
    )
    .with_hint("split it into sentences, each citing the source that backs its figures")
}

/// E0301 at a sentence, labelled with what made it a claim.
fn uncited(doc: &Document, sentence: &claims::Sentence, trigger: &Trigger) -> Diagnostic {
    let what = match trigger {
        Trigger::Figure(f) => format!("the figure `{f}`"),
        Trigger::Phrase(p) => format!("“{p}”"),
    };
    Diagnostic::new(
        Code::E0301,
        doc.span(&sentence.range),
        "this claim has no citation",
    )
    .with_label(format!("a claim because of {what}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
