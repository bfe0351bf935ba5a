//! The synthetic benchmark corpus: one model (references, pages, checklists), written in three layouts.
//!
//! - `cited/`: the cited source format (`content/site.yaml`, `content/pages/*.md` with YAML front matter,
//!   `content/checklists/*.yaml`, `references/*.yaml` in CSL-YAML with `findings`);
//! - `hugo/` and `zola/`: the same page bodies (citations left as plain text) with minimal equivalent
//!   templates, so the tools are timed on the same markdown.
//!
//! The content passes the cited claim checker by construction: filler sentences use only the neutral
//! vocabulary of [`crate::words`] (no digit, no evidential word), and every claim sentence carries a
//! citation and states only figures that appear, character for character, in a finding of the first
//! reference it cites.

use crate::rng::Rng;
use crate::words::*;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Every page is published and reviewed on the same fixed dates, so no page is ever due for review when
/// the corpus is built during the year after.
pub const PUBLISHED: &str = "2026-11-01";
pub const NEXT_REVIEW: &str = "2027-10-01";
/// How many checklists the corpus has; the first pages embed one each.
pub const CHECKLISTS: usize = 3;
/// Words of prose to aim for on each page.
const PAGE_WORDS: usize = 600;
/// Written beside the layouts: `corpus` only replaces a layout folder in a directory that holds it.
pub const MARKER: &str = ".xtask-corpus";

const STREAM_REF: u64 = 1;
const STREAM_PAGE: u64 = 2;
const STREAM_CHECKLIST: u64 = 3;
const STREAM_ORDER: u64 = 4;

/// How densely pages cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Five to eight citation sites a page (about seven sources), every reference in turn.
    Typical,
    /// About fourteen clusters a page: two sources each (one in turn, one at random), except every
    /// third, which cites one source with a figure and a page locator. The shape of a dense
    /// review article.
    Dense,
    /// Long bibliographies: one page citing every reference and the others an even slice each,
    /// in clusters of ten keys (see [`wide`]).
    Wide,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Cited,
    Hugo,
    Zola,
}

impl Flavor {
    pub const ALL: [Flavor; 3] = [Flavor::Cited, Flavor::Hugo, Flavor::Zola];

    pub fn dir_name(self) -> &'static str {
        match self {
            Flavor::Cited => "cited",
            Flavor::Hugo => "hugo",
            Flavor::Zola => "zola",
        }
    }
}

/// An excerpt of a source, with the page sentences that may quote it.
pub struct Finding {
    pub text: String,
    pub locator: Option<String>,
    /// Sentences (lower-case start, no final period, no citation) that state only figures of `text`.
    claims: Vec<String>,
}

enum Author {
    Person { family: String, given: String },
    Literal(String),
}

pub struct Reference {
    pub id: String,
    csl_type: &'static str,
    title: String,
    authors: Vec<Author>,
    issued: (usize, usize, usize),
    container: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    page: Option<String>,
    publisher: Option<String>,
    doi: Option<String>,
    pmid: Option<String>,
    url: Option<String>,
    pub findings: Vec<Finding>,
}

struct Person {
    name: String,
    credentials: &'static str,
}

pub struct Page {
    pub file_stem: String,
    title: String,
    description: String,
    authors: Vec<Person>,
    reviewers: Vec<Person>,
    /// Markdown after the front matter; the same for every layout.
    pub body: String,
}

pub struct ChecklistItem {
    id: String,
    label: String,
    detail: String,
}

pub struct Checklist {
    pub id: String,
    title: String,
    intro: String,
    pub items: Vec<ChecklistItem>,
    /// `(when, text)`; the `when`s cover `0..=items.len()` exactly once.
    pub guidance: Vec<(String, String)>,
}

pub struct Corpus {
    pub refs: Vec<Reference>,
    pub pages: Vec<Page>,
    pub checklists: Vec<Checklist>,
}

/// Builds the whole corpus in memory. Same arguments, same corpus.
#[cfg(test)]
pub fn generate(pages: usize, refs: usize) -> Corpus {
    generate_shaped(pages, refs, Shape::Typical)
}

/// Builds the whole corpus in memory, with pages of the given [`Shape`]. Same arguments, same corpus.
pub fn generate_shaped(pages: usize, refs: usize, shape: Shape) -> Corpus {
    let references: Vec<Reference> = (0..refs).map(reference).collect();

    // Pages cite references in the order of one fixed shuffle, round robin, so that every reference is
    // cited once the pages have made `refs` citations (each page makes at least seven new ones).
    let mut order: Vec<usize> = (0..refs).collect();
    Rng::for_item(STREAM_ORDER, refs as u64).shuffle(&mut order);
    let mut cursor = 0;
    let pages = if shape == Shape::Wide {
        wide::pages(pages, &references)
    } else {
        (0..pages)
            .map(|i| page(i, &references, &order, &mut cursor, shape))
            .collect()
    };

    // Wide pages embed no checklist (only their citations are measured).
    let checklists = if references.is_empty() || shape == Shape::Wide {
        Vec::new()
    } else {
        (0..CHECKLISTS)
            .map(|k| checklist(k, &references, &order))
            .collect()
    };
    Corpus {
        refs: references,
        pages,
        checklists,
    }
}

// ---------------------------------------------------------------------------------------------------------
// references

fn reference(index: usize) -> Reference {
    let mut rng = Rng::for_item(STREAM_REF, index as u64);
    let number = index + 1;
    let id = format!("ref{number:04}");
    let csl_type = match rng.below(10) {
        0..=5 => "article-journal",
        6 => "book",
        7 => "chapter",
        8 => "webpage",
        _ => "report",
    };
    let organisation = csl_type == "webpage" || (csl_type == "report" && rng.chance(50));
    let authors = if organisation {
        vec![Author::Literal(rng.pick(ORGANISATIONS).to_owned())]
    } else {
        (0..rng.range(1, 5))
            .map(|_| Author::Person {
                family: rng.pick(FAMILY_NAMES).to_owned(),
                given: format!("{} {}", rng.pick(GIVEN_NAMES), rng.pick(INITIALS)),
            })
            .collect()
    };
    let issued = (rng.range(1995, 2025), rng.range(1, 12), rng.range(1, 28));

    let paged = csl_type != "webpage";
    let findings: Vec<Finding> = (0..rng.range(2, 3))
        .map(|_| finding(&mut rng, paged))
        .collect();

    let topic = rng.pick(TOPICS);
    let activity = rng.pick(ACTIVITIES);
    let people = rng.pick(PEOPLE);
    let title = match csl_type {
        "article-journal" => format!("{} and {}: a cohort of {}", cap(activity), topic, people),
        "book" => format!("{}: a practical handbook", cap(topic)),
        "chapter" => format!("{} in primary care", cap(activity)),
        "webpage" => format!("{} for {}", cap(topic), people),
        _ => format!(
            "{} and {} among {}: a national report",
            cap(topic),
            activity,
            people
        ),
    };

    let first_page = rng.range(1, 400);
    let mut r = Reference {
        id,
        csl_type,
        title,
        authors,
        issued,
        container: None,
        volume: None,
        issue: None,
        page: None,
        publisher: None,
        doi: Some(format!("10.5555/bench.{number:04}")),
        pmid: None,
        url: None,
        findings,
    };
    match csl_type {
        "article-journal" => {
            r.container = Some(rng.pick(JOURNALS).to_owned());
            r.volume = Some(rng.range(1, 60).to_string());
            r.issue = Some(rng.range(1, 12).to_string());
            r.page = Some(format!("{}-{}", first_page, first_page + rng.range(4, 20)));
            r.pmid = Some((30_000_000 + index * 7 + rng.below(7)).to_string());
        }
        "book" => r.publisher = Some(rng.pick(PUBLISHERS).to_owned()),
        "chapter" => {
            r.container = Some(format!("Handbook of {}", topic));
            r.publisher = Some(rng.pick(PUBLISHERS).to_owned());
            r.page = Some(format!("{}-{}", first_page, first_page + rng.range(10, 30)));
        }
        "webpage" => {
            r.doi = None;
            r.container = Some(rng.pick(ORGANISATIONS).to_owned());
            r.url = Some(format!("https://example.org/sources/{}", r.id));
        }
        _ => {
            r.publisher = Some(rng.pick(ORGANISATIONS).to_owned());
            r.url = Some(format!("https://example.org/reports/{}", r.id));
        }
    }
    r
}

/// One excerpt with figures, and the page sentences that may quote them.
fn finding(rng: &mut Rng, paged: bool) -> Finding {
    let group = rng.pick(PEOPLE);
    let outcome = rng.pick(OUTCOMES);
    let activity = rng.pick(ACTIVITIES);
    let locator = paged.then(|| format!("p. {}", rng.range(1, 40)));
    let (text, claims) = match rng.below(4) {
        0 => {
            let pct = rng.range(105, 950);
            let pct = format!("{}.{}%", pct / 10, pct % 10);
            let n = thousands(rng.range(120, 9800));
            let weeks = rng.range(4, 26);
            (
                format!(
                    "Of the {n} {group} enrolled, {pct} reported {outcome} after {weeks} weeks of {activity}."
                ),
                vec![
                    format!(
                        "in one study, {pct} of {group} reported {outcome} after {weeks} weeks of {activity}"
                    ),
                    format!("about {pct} of {group} who tried {activity} reported {outcome}"),
                ],
            )
        }
        1 => {
            let a = rng.range(3, 12);
            let b = a + rng.range(2, 9);
            (
                format!(
                    "Most {group} needed {a} to {b} weeks of {activity} before they reported {outcome}."
                ),
                vec![
                    format!(
                        "most {group} needed {a} to {b} weeks of {activity} before they reported {outcome}"
                    ),
                    format!(
                        "it took {a} to {b} weeks of {activity} for most {group} to report {outcome}"
                    ),
                ],
            )
        }
        2 => {
            let n = thousands(rng.range(120, 9800));
            let clinics = rng.range(3, 40);
            (
                format!("The cohort included {n} {group} recruited from {clinics} clinics."),
                vec![
                    format!("one cohort followed {n} {group} from {clinics} clinics"),
                    format!("researchers recruited {n} {group} for this work"),
                ],
            )
        }
        _ => {
            let condition = rng.pick(CONDITIONS);
            let exposure = rng.pick(EXPOSURES);
            let r = rng.range(105, 260);
            let r = format!("{}.{:02}", r / 100, r % 100);
            (
                format!(
                    "Among {group} who {exposure}, the rate of {condition} was {r} times higher than among {group} who did not."
                ),
                vec![
                    format!(
                        "the rate of {condition} was {r} times higher among {group} who {exposure}"
                    ),
                    format!("{group} who {exposure} had {r} times the rate of {condition}"),
                ],
            )
        }
    };
    Finding {
        text,
        locator,
        claims,
    }
}

// ---------------------------------------------------------------------------------------------------------
// pages

/// Text substitutions for heading and title forms: `{t}`/`{T}` a topic, `{u}`/`{U}` another,
/// `{A}` an adjective, `{p}` a person.
fn fill(form: &str, t: &str, u: &str, adjective: &str, person: &str) -> String {
    form.replace("{T}", &cap(t))
        .replace("{t}", t)
        .replace("{U}", &cap(u))
        .replace("{u}", u)
        .replace("{A}", &cap(adjective))
        .replace("{p}", person)
}

/// A sentence that is not a claim: no digit, no evidential word.
fn filler(rng: &mut Rng) -> String {
    let s = match rng.below(15) {
        0 => format!("it can help to {} {}", rng.pick(ACTIONS), rng.pick(TIMES)),
        1 => format!(
            "many {} like to {} when {}",
            rng.pick(PEOPLE),
            rng.pick(ACTIONS),
            rng.pick(REASONS)
        ),
        2 => format!(
            "ask your {} about {} if {}",
            rng.pick(PERSON),
            rng.pick(THINGS),
            rng.pick(REASONS)
        ),
        3 => format!("{} can make {}", rng.pick(THINGS), rng.pick(RESULTS)),
        4 => format!(
            "if {}, you can {} and come back to it later",
            rng.pick(REASONS),
            rng.pick(ACTIONS)
        ),
        5 => format!(
            "there is no single right way to {}, so choose what suits you",
            rng.pick(ACTIONS)
        ),
        6 => format!(
            "a {} approach to {} often works well for {}",
            rng.pick(ADJECTIVES),
            rng.pick(TOPICS),
            rng.pick(PEOPLE)
        ),
        7 => format!(
            "your {} can talk through {} with you {}",
            rng.pick(PERSON),
            rng.pick(THINGS),
            rng.pick(TIMES)
        ),
        8 => format!(
            "small steps, such as {}, add up over weeks and months",
            rng.pick(THINGS)
        ),
        9 => format!(
            "it is fine to go slowly and to {} at your own pace",
            rng.pick(ACTIONS)
        ),
        10 => format!(
            "some {} prefer {} to a long list of rules",
            rng.pick(PEOPLE),
            rng.pick(THINGS)
        ),
        11 => format!(
            "before you {}, think about what would make it easier",
            rng.pick(ACTIONS)
        ),
        12 => format!(
            "for many {}, {} is a good place to begin",
            rng.pick(PEOPLE),
            rng.pick(THINGS)
        ),
        13 => format!(
            "you do not need to change everything at once, and {} is enough for now",
            rng.pick(THINGS)
        ),
        _ => format!(
            "talk with your {} if {}",
            rng.pick(PERSON),
            rng.pick(REASONS)
        ),
    };
    format!("{}.", cap(&s))
}

/// A claim without figures: an evidential phrase, so it needs a citation but no finding.
fn evidential_claim(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!(
            "a review of work on {} suggests that a {} routine can help {}",
            rng.pick(TOPICS),
            rng.pick(ADJECTIVES),
            rng.pick(PEOPLE)
        ),
        1 => format!(
            "studies of {} report that it is safe for most {}",
            rng.pick(ACTIVITIES),
            rng.pick(PEOPLE)
        ),
        2 => format!(
            "there is good evidence that {} can support {}",
            rng.pick(THINGS),
            rng.pick(OUTCOMES)
        ),
        _ => format!(
            "researchers have linked {} to daily habits such as {}",
            rng.pick(CONDITIONS),
            rng.pick(THINGS)
        ),
    }
}

fn person(rng: &mut Rng) -> Person {
    Person {
        name: format!("{} {}", rng.pick(GIVEN_NAMES), rng.pick(FAMILY_NAMES)),
        credentials: rng.pick(CREDENTIALS),
    }
}

/// One citation site: the claim sentence, and possibly a second one on the same source. With
/// `figure_and_locator` (one key only), the claim states a figure and cites its page.
fn claim_group(
    rng: &mut Rng,
    refs: &[Reference],
    keys: &[usize],
    follow_up: bool,
    figure_and_locator: bool,
) -> Vec<String> {
    let first = &refs[keys[0]];
    let finding = &first.findings[rng.below(first.findings.len())];
    let claim = if !figure_and_locator && rng.chance(30) {
        evidential_claim(rng)
    } else {
        finding.claims[rng.below(finding.claims.len())].clone()
    };
    let mut cite = String::from("[");
    for (i, &k) in keys.iter().enumerate() {
        if i > 0 {
            cite.push_str("; ");
        }
        cite.push('@');
        cite.push_str(&refs[k].id);
    }
    if keys.len() == 1
        && (figure_and_locator || rng.chance(25))
        && let Some(locator) = &finding.locator
    {
        cite.push_str(", ");
        cite.push_str(locator);
    }
    cite.push(']');
    let mut group = vec![format!("{} {}.", cap(&claim), cite)];
    if follow_up {
        let other = &first.findings[rng.below(first.findings.len())];
        let claim = &other.claims[rng.below(other.claims.len())];
        group.push(format!(
            "The same source adds that {} [@{}].",
            claim, first.id
        ));
    }
    group
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn page(
    index: usize,
    refs: &[Reference],
    order: &[usize],
    cursor: &mut usize,
    shape: Shape,
) -> Page {
    let mut rng = Rng::for_item(STREAM_PAGE, index as u64);
    let t = rng.pick(TOPICS);
    let mut u = rng.pick(TOPICS);
    while u == t {
        u = rng.pick(TOPICS);
    }
    let adjective = rng.pick(ADJECTIVES);
    let someone = rng.pick(PERSON);
    let title = fill(rng.pick(TITLE_FORMS), t, u, adjective, someone);
    let description = format!(
        "Plain-language information about {t} and {u}, with a source for every factual claim."
    );
    let authors = (0..rng.range(1, 2)).map(|_| person(&mut rng)).collect();
    let reviewers = vec![person(&mut rng)];

    // Citation sites: five to eight from the round robin, one or two of them citing two sources (so each
    // page takes at least seven references from it), plus up to two follow-ups on a source already cited.
    let mut groups: Vec<Vec<String>> = Vec::new();
    if !refs.is_empty() && shape == Shape::Dense {
        for site in 0..rng.range(13, 15) {
            let single = site % 3 == 2;
            let mut first = order[*cursor % order.len()];
            *cursor += 1;
            // A single source is cited at a page: take the next one that has pages.
            for _ in 0..order.len() {
                if !single || refs[first].findings.iter().all(|f| f.locator.is_some()) {
                    break;
                }
                first = order[*cursor % order.len()];
                *cursor += 1;
            }
            let keys = if single {
                vec![first]
            } else {
                let mut second = rng.below(refs.len());
                if refs.len() > 1 && second == first {
                    second = (second + 1) % refs.len();
                }
                if second == first {
                    vec![first]
                } else {
                    vec![first, second]
                }
            };
            groups.push(claim_group(&mut rng, refs, &keys, false, single));
        }
        rng.shuffle(&mut groups);
    } else if !refs.is_empty() {
        let sites = rng.range(5, 8);
        let pairs = if refs.len() < 2 {
            0
        } else if sites == 5 {
            2
        } else {
            1
        };
        let mut follow_ups = 0;
        for site in 0..sites {
            let mut keys = vec![order[*cursor % order.len()]];
            *cursor += 1;
            if site < pairs {
                keys.push(order[*cursor % order.len()]);
                *cursor += 1;
            }
            let follow_up = follow_ups < 2 && rng.chance(25);
            follow_ups += usize::from(follow_up);
            groups.push(claim_group(&mut rng, refs, &keys, follow_up, false));
        }
        // The pairs were drawn first; spread them through the page.
        rng.shuffle(&mut groups);
    }

    // Nine paragraphs: an introduction and two in each of four sections. Each holds units (a filler
    // sentence, or a claim group that stays together).
    const PARAGRAPHS: usize = 9;
    let mut paragraphs: Vec<Vec<Vec<String>>> = vec![Vec::new(); PARAGRAPHS];
    let mut count = 0;
    for p in paragraphs.iter_mut() {
        for _ in 0..rng.range(2, 3) {
            let s = filler(&mut rng);
            count += words(&s);
            p.push(vec![s]);
        }
    }
    let n_groups = groups.len();
    for (j, g) in groups.into_iter().enumerate() {
        count += g.iter().map(|s| words(s)).sum::<usize>();
        let p = &mut paragraphs[j * PARAGRAPHS / n_groups.max(1)];
        let at = rng.below(p.len() + 1);
        p.insert(at, g);
    }

    let mut headings = Vec::new();
    for _ in 0..4 {
        let h = fill(
            rng.pick(HEADING_FORMS),
            rng.pick(TOPICS),
            u,
            adjective,
            rng.pick(PERSON),
        );
        count += words(&h) + 1;
        headings.push(h);
    }
    let list: Vec<String> = (0..rng.range(4, 6))
        .map(|_| format!("- **{}.** {}", cap(rng.pick(THINGS)), filler(&mut rng)))
        .collect();
    let table: Vec<String> = (0..3)
        .map(|_| {
            format!(
                "| {} | {} | {} |",
                cap(rng.pick(TOPICS)),
                cap(rng.pick(TIMES)),
                cap(rng.pick(ACTIONS))
            )
        })
        .collect();
    count += list.iter().chain(&table).map(|s| words(s)).sum::<usize>();

    while count < PAGE_WORDS {
        let s = filler(&mut rng);
        count += words(&s);
        let p = &mut paragraphs[rng.below(PARAGRAPHS)];
        let at = rng.below(p.len() + 1);
        p.insert(at, vec![s]);
    }

    let para = |p: &Vec<Vec<String>>| {
        let sentences: Vec<&str> = p.iter().flatten().map(String::as_str).collect();
        sentences.join(" ")
    };
    let mut body = String::new();
    let mut out = |s: &str| {
        body.push_str(s);
        body.push_str("\n\n");
    };
    out(&para(&paragraphs[0]));
    out(&format!("## {}", headings[0]));
    out(&para(&paragraphs[1]));
    out(&para(&paragraphs[2]));
    out(&format!("## {}", headings[1]));
    out(&para(&paragraphs[3]));
    out(&list.join("\n"));
    out(&para(&paragraphs[4]));
    if index < CHECKLISTS && !refs.is_empty() {
        out(&format!("```checklist\n{}\n```", checklist_id(index)));
    }
    out(&format!("## {}", headings[2]));
    out(&para(&paragraphs[5]));
    out(&format!(
        "| Topic | When | A small step |\n|---|---|---|\n{}",
        table.join("\n")
    ));
    out(&para(&paragraphs[6]));
    out(&format!("## {}", headings[3]));
    out(&para(&paragraphs[7]));
    out(&para(&paragraphs[8]));
    body.pop();

    Page {
        file_stem: format!("page-{:05}", index + 1),
        title,
        description,
        authors,
        reviewers,
        body,
    }
}

// ---------------------------------------------------------------------------------------------------------
// checklists

fn checklist_id(index: usize) -> String {
    format!("check-{:03}", index + 1)
}

fn checklist(index: usize, refs: &[Reference], order: &[usize]) -> Checklist {
    let mut rng = Rng::for_item(STREAM_CHECKLIST, index as u64);
    let topic = rng.pick(TOPICS);
    let someone = rng.pick(PERSON);
    let n = rng.range(4, 6);
    let items = (0..n)
        .map(|i| {
            let detail = if i == 0 {
                let keys = [order[(index * 13) % order.len()]];
                claim_group(&mut rng, refs, &keys, false, false).join(" ")
            } else {
                filler(&mut rng)
            };
            ChecklistItem {
                id: format!("item-{}", char::from(b'a' + i as u8)),
                label: format!("A reminder to {}", rng.pick(ACTIONS)),
                detail,
            }
        })
        .collect();
    let guidance = vec![
        (
            "0".to_owned(),
            "You selected none of these statements. You can still bring any questions to your next appointment.".to_owned(),
        ),
        (
            "1-2".to_owned(),
            format!("You selected one or two statements. They are worth raising with your {someone} at your next visit."),
        ),
        (
            format!("3-{n}"),
            format!(
                "You selected several statements. It may help to {} and to talk them through with your {someone} soon.",
                rng.pick(ACTIONS)
            ),
        ),
    ];
    Checklist {
        id: checklist_id(index),
        title: format!("Getting ready to talk about {topic}"),
        intro: format!(
            "Select the statements that apply to you right now. This is not a test or a diagnosis. It is a way to prepare for a talk with your {someone}."
        ),
        items,
        guidance,
    }
}

// ---------------------------------------------------------------------------------------------------------
// serialisation

/// A double-quoted scalar, valid in both YAML and TOML.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cap(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn thousands(n: usize) -> String {
    if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

mod serialise;
pub use serialise::write;
mod wide;

#[cfg(test)]
#[allow(clippy::expect_used)] // a failed expectation is a failed test
mod tests;
