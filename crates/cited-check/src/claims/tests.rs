//! Tests of sentence splitting, triggers and figures.

use super::triggers::{compile_phrase, phrase_continues, word_ranges};
use super::*;
use cited_site::Document;
use cited_site::FileId;
use cited_site::{Piece, PieceText, ProseBlock};
use proptest::prelude::*;

mod contact;
mod labels;
mod notes;
mod scanner;
mod words;

fn doc(text: &str) -> Document {
    Document::parse(FileId(0), 0, text)
}

/// Sentences of the first block of `text`, as (text, citation count, marker count).
fn split(text: &str) -> Vec<(String, usize, usize)> {
    let d = doc(text);
    d.blocks()
        .next()
        .map(|b| sentences_in(&d, &b))
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.text, s.citations.len(), s.markers.len()))
        .collect()
}

fn texts(text: &str) -> Vec<String> {
    split(text).into_iter().map(|(t, _, _)| t).collect()
}

fn norm(s: &str) -> String {
    normalize(s).unwrap_or_else(|| format!("<none: {s}>"))
}

#[test]
fn citations_before_or_after_the_stop_belong_to_the_sentence() {
    assert_eq!(
        split("One claim improves [@a]. Next one. [@b] Third <!-- cited: not-a-claim: x -->."),
        [
            ("One claim improves.".to_owned(), 1, 0),
            ("Next one.".to_owned(), 1, 0),
            ("Third.".to_owned(), 0, 1),
        ]
    );
    assert_eq!(
        split("Said so. <!-- cited: not-a-claim: advice --> Then more [@a]"),
        [
            ("Said so.".to_owned(), 0, 1),
            ("Then more".to_owned(), 1, 0)
        ]
    );
    assert_eq!(
        split("Ends with it. [@a]"),
        [("Ends with it.".to_owned(), 1, 0)]
    );
    assert_eq!(
        split("[@a] at the start. Then plain."),
        [
            ("at the start.".to_owned(), 1, 0),
            ("Then plain.".to_owned(), 0, 0)
        ]
    );
    assert_eq!(
        split("Both [@a; @b], and more [@c]."),
        [("Both, and more.".to_owned(), 2, 0)]
    );
}

#[test]
fn ranges_cover_text_and_citations() {
    let text = "First one. Second improves [@a]. Third. [@b]\n";
    let d = doc(text);
    let Some(block) = d.blocks().next() else {
        unreachable!("one block");
    };
    let got: Vec<&str> = sentences_in(&d, &block)
        .iter()
        .map(|s| text.get(s.range.clone()).unwrap_or("?"))
        .collect();
    assert_eq!(got, ["First one.", "Second improves [@a].", "Third. [@b]"]);
    let plain: Vec<&str> = sentences(&d, &block)
        .iter()
        .map(|s| text.get(s.range.clone()).unwrap_or("?"))
        .collect();
    assert_eq!(plain, ["First one.", "Second improves [@a].", "Third."]);
}

#[test]
fn the_sentence_scan_stops_at_every_terminator() {
    use super::sentences::{is_terminator, may_start_terminator};
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        if is_terminator(c) {
            let mut utf8 = [0; 4];
            let first = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(may_start_terminator(first), "{c:?} starts with {first:#x}");
        }
    }
}

#[test]
fn abbreviations_decimals_and_initials_do_not_end_sentences() {
    assert_eq!(
        texts("Some drugs, e.g. SSRIs, help; i.e. Most do. Next."),
        ["Some drugs, e.g. SSRIs, help; i.e. Most do.", "Next."]
    );
    assert_eq!(
        texts("Talk vs. Drugs etc. and more. See p. 4 and pp. 3-5 and No. 7 and Fig. 2 now."),
        [
            "Talk vs. Drugs etc. and more.",
            "See p. 4 and pp. 3-5 and No. 7 and Fig. 2 now."
        ]
    );
    assert_eq!(
        texts("Dr. Smith et al. found 65.9% at approx. 20 sites. Michael J. Lambert agreed."),
        [
            "Dr. Smith et al. found 65.9% at approx. 20 sites.",
            "Michael J. Lambert agreed."
        ]
    );
    assert_eq!(
        texts("Cats, dogs, etc. The end. Smith et al. (2019) said so."),
        [
            "Cats, dogs, etc.",
            "The end.",
            "Smith et al. (2019) said so."
        ]
    );
    assert_eq!(
        texts("Visit findahelpline.com today. Done."),
        ["Visit findahelpline.com today.", "Done."]
    );
}

#[test]
fn initials_follow_names() {
    assert_eq!(
        texts(
            "J. K. Rowling wrote. Take vitamin D. Research shows it. Smith, J. Brown and A. B. Cox met."
        ),
        [
            "J. K. Rowling wrote.",
            "Take vitamin D.",
            "Research shows it.",
            "Smith, J. Brown and A. B. Cox met."
        ]
    );
    assert_eq!(
        split("It works.[@a] Next one [@b]; more [@c] <!-- cited: not-a-claim: y -->."),
        [
            ("It works.".to_owned(), 1, 0),
            ("Next one; more.".to_owned(), 2, 1)
        ]
    );
}

#[test]
fn questions_exclamations_ellipses_and_closers() {
    assert_eq!(
        texts("Is it helping? Ask! Wait... Then go… on. Fine."),
        ["Is it helping?", "Ask!", "Wait…", "Then go… on.", "Fine."]
    );
    // Without smart punctuation (text straight from a block), three dots are one ellipsis.
    let mut d = doc("");
    let pieces = [Piece::Text(
        d.other_piece_text("Wait... Then go... on. Fine"),
        0..27,
    )];
    let block = ProseBlock {
        pieces: &pieces,
        silenced_by: None,
        cited_by: cited_site::CitedBy::default(),
        in_table: false,
    };
    let got: Vec<String> = sentences(&d, &block).into_iter().map(|s| s.text).collect();
    assert_eq!(got, ["Wait...", "Then go... on.", "Fine"]);
    assert_eq!(
        texts("He said \"it works.\" Then left. (As noted.) Next [@a]."),
        ["He said “it works.”", "Then left.", "(As noted.)", "Next."]
    );
    assert_eq!(
        texts("Ask “is it working?” and wait. Done?!"),
        ["Ask “is it working?” and wait.", "Done?!"]
    );
}

#[test]
fn emphasis_breaks_code_and_lists() {
    assert_eq!(
        texts("**No change.** The problems stay.\nSecond line here."),
        ["No change.", "The problems stay.", "Second line here."]
    );
    let d = doc("- major depressive disorder: 65.9% [@v]\n- bipolar: 92.7% [@v]\n");
    let all: Vec<(String, usize)> = d
        .blocks()
        .flat_map(|b| sentences_in(&d, &b))
        .map(|s| (s.text, s.citations.len()))
        .collect();
    assert_eq!(
        all,
        [
            ("major depressive disorder: 65.9%".to_owned(), 1),
            ("bipolar: 92.7%".to_owned(), 1)
        ]
    );
}

#[test]
fn empty_and_citation_only_blocks_have_no_sentences() {
    let mut d = doc("");
    let pieces = [
        Piece::Text(d.other_piece_text("  "), 0..2),
        Piece::Citation(0),
        Piece::Marker(3),
    ];
    let block = ProseBlock {
        pieces: &pieces,
        silenced_by: None,
        cited_by: cited_site::CitedBy::default(),
        in_table: false,
    };
    assert!(sentences(&d, &block).is_empty());
    assert!(
        sentences(
            &doc(""),
            &ProseBlock {
                pieces: &[],
                ..ProseBlock::default()
            }
        )
        .is_empty()
    );
}

#[test]
fn default_phrases_trigger_as_whole_words() {
    let t = Triggers::default();
    let phrase = |s: &str| Some(Trigger::Phrase(s.to_owned()));
    assert_eq!(t.trigger("A review found that it helps."), phrase("review"));
    assert_eq!(
        t.trigger("It was found that it helps."),
        phrase("found that")
    );
    assert_eq!(t.trigger("Research   Shows it."), phrase("research"));
    assert_eq!(
        t.trigger("It is an evidence-based treatment."),
        phrase("evidence")
    );
    assert_eq!(
        t.trigger("A meta‑analysis of them."),
        phrase("meta-analysis")
    );
    assert_eq!(
        t.trigger("They were more likely to finish."),
        phrase("more likely")
    );
    assert_eq!(t.trigger("At higher risk."), phrase("risk"));
    assert_eq!(t.trigger("It was founded on studying metadata."), None);
    assert_eq!(t.trigger("The risky reviewer."), None);
    assert_eq!(t.trigger("Found, that is all."), phrase("found"));
    assert_eq!(t.trigger("You should feel listened to."), None);
    assert_eq!(
        t.trigger("In 12 weeks, the study ended."),
        Some(Trigger::Figure("12".to_owned()))
    );
    assert_eq!(t.trigger("The study took 12 weeks."), phrase("study"));
    assert_eq!(t.trigger("Five signs, one study."), phrase("study"));
    assert_eq!(t.trigger("Five signs in 2019."), None);
    assert_eq!(t.trigger("Beware of COVID-19 and H1N1."), None);
}

#[test]
fn configured_triggers() {
    let only = vec!["Cochrane".to_owned(), "  ".to_owned(), "RCT".to_owned()];
    let extra = vec!["experts say".to_owned(), "study".to_owned()];
    let t = Triggers::new(false, Some(&only), &extra);
    assert!(!t.checks_figures());
    assert_eq!(
        t.phrases().collect::<Vec<_>>(),
        ["Cochrane", "RCT", "experts say", "study"]
    );
    assert_eq!(t.trigger("It took 13 sessions."), None);
    assert_eq!(t.trigger("A review of research."), None);
    assert_eq!(
        t.trigger("Many experts\nsay so."),
        Some(Trigger::Phrase("experts say".to_owned()))
    );
    assert_eq!(
        t.trigger("a cochrane rct"),
        Some(Trigger::Phrase("Cochrane".to_owned()))
    );
    let t = Triggers::new(true, None, &["recommended".to_owned()]);
    assert_eq!(t.phrases().count(), Triggers::default_phrases().len() + 1);
    assert_eq!(
        t.trigger("It is recommended."),
        Some(Trigger::Phrase("recommended".to_owned()))
    );
}

#[test]
fn normalisation_table() {
    for (written, normal) in [
        ("65.9%", "65.9%"),
        ("65.9 %", "65.9%"),
        ("65.9\u{a0}%", "65.9%"),
        ("65.9 percent", "65.9%"),
        ("65.9 Per cent", "65.9%"),
        ("13 to 18", "13–18"),
        ("13–18", "13–18"),
        ("13-18", "13–18"),
        ("13 — 18", "13–18"),
        ("13 - 18", "13–18"),
        ("between 13 and 18", "13–18"),
        ("Between 13 and 18 sessions", "13–18"),
        ("from 13 to 18", "13–18"),
        ("10% to 20%", "10%–20%"),
        ("10 to 20%", "10%–20%"),
        ("between 57.6% and 67.2%", "57.6%–67.2%"),
        ("12,156", "12156"),
        ("12 156", "12156"),
        ("12\u{202f}156", "12156"),
        ("12156", "12156"),
        ("N=12,156", "12156"),
        ("over 6,000 patients", "6000"),
        ("1,234,567", "1234567"),
        ("1.28 times", "1.28"),
        ("incidence rate ratio 1.28)", "1.28"),
        ("d = 0.55", "0.55"),
        ("fewer than 5", "5"),
        ("less than 5,", "5"),
        ("71.0%", "71.0%"),
        ("71%", "71%"),
        ("p < .05", "0.05"),
        ("007", "7"),
        ("0.5", "0.5"),
        ("-5", "-5"),
        ("a change of −5 points", "-5"),
        ("−5 to −2", "-5–-2"),
        ("5mg", "5"),
        ("3x", "3"),
        ("2000 to 3000", "2000–3000"),
        ("$1,000", "1000"),
        ("call 116 123", "116123"),
    ] {
        assert_eq!(norm(written), normal, "{written}");
    }
    assert_ne!(norm("71.0%"), norm("71%"));
    assert_ne!(norm("13 and 18"), norm("between 13 and 18"));
}

#[test]
fn not_figures() {
    for text in [
        "in 2019",
        "between 2010 and 2015",
        "2019–2020",
        "the 2019-20 season",
        "COVID-19",
        "COVID‑19-related",
        "H1N1",
        "E0101",
        "PMC123",
        "PCC.10m01013",
        "version 1.2.3",
        "on 2020-01-15",
        "call 555-123-4567",
        "the 2nd time",
        "the 1990s",
        "see https://example.org/page/123 or www.x2.org/45",
        "five signs and one study",
        "",
    ] {
        assert_eq!(figures(text), [], "{text}");
    }
}

#[test]
fn figures_in_sentences() {
    let hansen = "A review of psychotherapy in general found that it took between 13 and 18 \
                  sessions for 50% of patients to improve [@hansen2002].";
    let d = doc(hansen);
    let Some(block) = d.blocks().next() else {
        unreachable!("one block");
    };
    let found = sentences_in(&d, &block);
    assert_eq!(found.len(), 1);
    let s = &found[0];
    assert_eq!(s.citations, [0]);
    let f = figures(&s.text);
    let normal: Vec<&str> = f.iter().map(|f| f.normalized.as_str()).collect();
    let written: Vec<&str> = f.iter().map(|f| f.written.as_str()).collect();
    assert_eq!(normal, ["13–18", "50%"]);
    assert_eq!(written, ["between 13 and 18", "50%"]);
    for f in &f {
        assert_eq!(s.text.get(f.range.clone()), Some(f.written.as_str()));
    }
    let t = "people had fewer than 5 sessions, about 20% improved, ages 18-65, 7 clinics (2011)";
    let normal: Vec<String> = figures(t).into_iter().map(|f| f.normalized).collect();
    assert_eq!(normal, ["5", "20%", "18–65", "7"]);
    let t = "These rates were 65.9% for X, 92.7% for Y and 71.0% for Z.";
    let normal: Vec<String> = figures(t).into_iter().map(|f| f.normalized).collect();
    assert_eq!(normal, ["65.9%", "92.7%", "71.0%"]);
    assert_eq!(normalize("13 and 18"), None);
    assert_eq!(normalize("2,000"), Some("2000".to_owned()));
    assert_eq!(normalize("2000"), Some("2000".to_owned()));
    assert_eq!(
        normalize("between 2010 and 2015"),
        Some("2010–2015".to_owned())
    );
    let backing: Vec<String> = finding_figures("Of 2000 patients, 12% improved.")
        .into_iter()
        .map(|f| f.normalized)
        .collect();
    assert_eq!(backing, ["2000", "12%"]);
    assert_eq!(normalize("2,000 patients"), Some("2000".to_owned()));
    assert_eq!(normalize("no figure"), None);
}

#[test]
fn figures_in_words_are_normalised() {
    for (written, normal) in [
        ("two thirds", "2/3"),
        ("about two-thirds of people", "2/3"),
        ("Two Thirds", "2/3"),
        ("a third of patients", "1/3"),
        ("fell by a third.", "1/3"),
        ("one third", "1/3"),
        ("three quarters", "3/4"),
        ("three-quarters", "3/4"),
        ("a quarter of them", "1/4"),
        ("one in four", "1/4"),
        ("1 in 4", "1/4"),
        ("one in five", "1/5"),
        ("1 in 5 adults", "1/5"),
        ("a fifth of adults", "1/5"),
        ("two in ten", "1/5"),
        ("one in a hundred", "1/100"),
        ("1 in 1,000", "1/1000"),
        ("half of the patients", "1/2"),
        ("about half", "1/2"),
        ("Half were", "1/2"),
        ("more than half", "1/2"),
        ("half the patients", "1/2"),
        ("one half of", "1/2"),
        ("one in two", "1/2"),
        ("cut in half", "1/2"),
        ("2/3 of patients", "2/3"),
        ("1/4", "1/4"),
        ("three times as likely", "3×"),
        ("three times more likely", "3×"),
        ("Three times higher", "3×"),
        ("ten times the risk", "10×"),
        ("twice as likely", "2×"),
        ("twice the risk", "2×"),
        ("a twofold rise", "2×"),
        ("a two-fold rise", "2×"),
        ("3× as likely", "3×"),
        ("1.5× higher", "1.5×"),
        ("fifty percent", "50%"),
        ("sixty-five per cent", "65%"),
        ("fell to zero percent", "0%"),
        ("a thousand in 5,000", "1/5"),
    ] {
        assert_eq!(norm(written), normal, "{written}");
    }
}

/// Sentences whose only figure starts with "zero" or "thousand": the quick test of whether a
/// sentence is worth scanning skipped them once.
#[test]
fn a_figure_starting_with_zero_or_thousand_is_found_in_a_sentence() {
    for (sentence, normal) in [
        ("Relapse fell to zero percent.", "0%"),
        ("About a thousand in 5,000 relapsed.", "1/5"),
    ] {
        let found: Vec<String> = super::words::word_figures(sentence)
            .into_iter()
            .map(|f| f.normalized)
            .collect();
        assert_eq!(found, [normal], "{sentence}");
    }
}

#[test]
fn ordinary_english_is_not_a_figure() {
    for text in [
        "half an hour",
        "half a day",
        "a half-hour session",
        "halfway through",
        "on behalf of the team",
        "in the first half of the year",
        "the other half",
        "two and a half",
        "one of the best",
        "one in the morning",
        "one in every family",
        "a third session",
        "the third session",
        "a fifth time",
        "one quarter mile",
        "twice a week",
        "three times a day",
        "two times",
        "most people",
        "many people and some studies",
        "the majority of patients",
        "a few sessions",
        "five signs and one study",
        "one group, two groups",
        "born 1 in 2000",
        "we doubled the dose",
        "mañhalf and naïvetwice as",
        "the pager's half of the fork",
        "one half being the public key",
        "a public half",
        "hypergeometric_2F0_half.ipp and x.half and half_size",
        "SSLv2/3",
    ] {
        let found: Vec<String> = figures(text).into_iter().map(|f| f.written).collect();
        assert!(
            found.is_empty() || text == "born 1 in 2000",
            "{text}: {found:?}"
        );
    }
    // No share is read into these, and no figure with digits either: round the clock and a
    // date count nothing (`figures/labels.rs`). A fraction's numbers of digits alone stay.
    for (text, normal) in [
        ("open 24/7", vec![]),
        ("on 1/2/2020", vec![]),
        ("SSL 12/13 and 3/2 of it", vec!["12", "13", "3", "2"]),
    ] {
        let found: Vec<String> = figures(text).into_iter().map(|f| f.normalized).collect();
        assert_eq!(found, normal, "{text}");
    }
    // A year after "in" leaves "1" a figure with digits, as before.
    assert_eq!(norm("born 1 in 2000"), "<none: born 1 in 2000>");
    let written: Vec<String> = figures("born 1 in 2000")
        .into_iter()
        .map(|f| f.written)
        .collect();
    assert_eq!(written, ["1"]);
}

#[test]
fn figures_in_words_take_the_place_of_their_digits() {
    let f = figures("About 1 in 5 adults, or 20%, and two thirds of 840 people.");
    let written: Vec<&str> = f.iter().map(|f| f.written.as_str()).collect();
    assert_eq!(written, ["1 in 5", "20%", "two thirds", "840"]);
    let t = "Half of them improve.";
    for f in figures(t) {
        assert_eq!(t.get(f.range.clone()), Some(f.written.as_str()));
    }
    assert_eq!(
        Triggers::default().trigger("About two thirds of people improve."),
        Some(Trigger::Figure("two thirds".to_owned()))
    );
    assert_eq!(
        Triggers::default().trigger("Take half an hour for yourself."),
        None
    );
}

#[test]
fn a_figure_in_words_is_backed_by_its_quantity_in_any_form() {
    let backed = |excerpt: &str, claim: &str| {
        let claim = norm(claim);
        finding_figures(excerpt)
            .iter()
            .any(|g| backs(&g.normalized, &claim))
    };
    for (excerpt, claim) in [
        ("two-thirds of patients", "two thirds"),
        ("66.7% of patients", "two thirds"),
        ("67% of patients", "about two thirds"),
        ("2/3 of patients", "two thirds"),
        ("50% improved", "half"),
        ("50.0% improved", "half"),
        ("one in two improved", "half"),
        ("25% dropped out", "a quarter"),
        ("1 in 4 dropped out", "one in four"),
        ("20% of adults", "one in five"),
        ("one in five adults", "1 in 5"),
        ("a fifth of adults", "1 in 5"),
        ("3 times as likely", "three times as likely"),
        ("a threefold risk", "three times as likely"),
        ("an odds ratio of 3.0", "three times as likely"),
        ("2 times the risk", "twice the risk"),
        ("a 3× rise", "3"),
        ("fifty percent", "50%"),
    ] {
        assert!(backed(excerpt, claim), "{excerpt} should back {claim}");
    }
    for (excerpt, claim) in [
        ("66% of patients", "two thirds"),
        ("65.9% of patients", "about two thirds"),
        ("49.5% improved", "half"),
        ("2.96 times as likely", "three times as likely"),
        ("one in five adults", "20%"),
        ("half of them", "50%"),
        ("13 to 18 sessions", "two thirds"),
    ] {
        assert!(!backed(excerpt, claim), "{excerpt} should not back {claim}");
    }
}

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 .,;:!?…\"'“”‘’()\\[\\]%\u{a0}–—−-]{0,40}",
        "(e\\.g\\.|et al\\.|Dr\\.|p\\.|No\\.|[A-Z]\\.|\\.\\.\\.| |\\?|!|[0-9]{1,5}|\\.| [a-z]+| [A-Z][a-z]*){0,12}",
    ]
}

/// A piece, and the text it holds apart from its document's (`None` for other pieces).
fn piece() -> impl Strategy<Value = (Piece, Option<String>)> {
    let held = |t: String, range| (Piece::Text(PieceText::Other(0), range), Some(t));
    prop_oneof![
        4 => (text_piece(), any::<u32>(), any::<u32>())
            .prop_map(move |(t, a, b)| held(t, a..b)),
        3 => (text_piece(), 0u32..10_000).prop_map(move |(t, a)| {
            let len = u32::try_from(t.len()).unwrap_or(u32::MAX);
            held(t, a..a.saturating_add(len))
        }),
        // Text read from the document's, at any range (past its end, inside a character).
        2 => (any::<u32>(), any::<u32>())
            .prop_map(|(a, b)| (Piece::Text(PieceText::AsWritten, a..b), None)),
        2 => (0u32..60, 0u32..60)
            .prop_map(|(a, b)| (Piece::Text(PieceText::AsWritten, a..b), None)),
        1 => any::<usize>().prop_map(|i| (Piece::Citation(i), None)),
        1 => any::<usize>().prop_map(|i| (Piece::Marker(i), None)),
    ]
}

fn figure_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9a-zA-Z .,%\u{a0}\u{202f}–—−+±=<()-]{0,40}",
        "((between|and|to|per|cent|percent|COVID|x|mg|[0-9]{1,5}|[.,%-]|–| ){0,14})",
        "((−|-|–|—|\\.|,| |\u{a0}|\u{202f}|%|[0-9]{1,4}|to|and|between|per cent|x|mg|e|[A-Z]|_|/|://|www\\.){0,16})",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn sentences_never_panic(pieces in prop::collection::vec(piece(), 0..12),
                             silenced in any::<Option<usize>>(),
                             written in text_piece()) {
        let mut d = doc(&written);
        let pieces: Vec<Piece> = pieces
            .into_iter()
            .map(|(piece, held)| match (piece, held) {
                (Piece::Text(_, range), Some(t)) => Piece::Text(d.other_piece_text(&t), range),
                (piece, _) => piece,
            })
            .collect();
        let block = ProseBlock {
            pieces: &pieces,
            silenced_by: silenced,
            cited_by: cited_site::CitedBy::default(),
            in_table: false,
        };
        let found = sentences(&d, &block);
        let cited = block.pieces.iter().filter(|p| matches!(p, Piece::Citation(_))).count();
        let marked = block.pieces.iter().filter(|p| matches!(p, Piece::Marker(_))).count();
        if !found.is_empty() {
            prop_assert_eq!(found.iter().map(|s| s.citations.len()).sum::<usize>(), cited);
            prop_assert_eq!(found.iter().map(|s| s.markers.len()).sum::<usize>(), marked);
        }
        for s in &found {
            prop_assert!(!s.text.is_empty());
            prop_assert_eq!(s.text.trim(), s.text.as_str());
            prop_assert!(!s.text.contains("  "));
            prop_assert!(s.range.start <= s.range.end);
        }
    }

    #[test]
    fn a_sentence_is_clean_as_read_character_by_character(
        text in prop_oneof![any::<String>(), "[a .,\t\n\r\u{b}\u{c}\u{a0}\u{1680}\u{2009}\u{3000}’…—é]{0,40}"]
    ) {
        let trimmed = !text.starts_with(' ') && !text.ends_with(' ');
        prop_assert_eq!(
            super::sentences::is_clean(&text),
            trimmed && super::sentences::has_only_single_spaces(&text),
            "{:?}", text
        );
    }

    #[test]
    fn sentences_of_parsed_markdown_never_panic(text in text_piece(), more in text_piece()) {
        let source = format!("{text} [@a]. {more} <!-- cited: not-a-claim: x -->\n\n- {more}\n");
        let d = doc(&source);
        for block in d.blocks() {
            for s in sentences_in(&d, &block) {
                prop_assert!(s.range.start <= s.range.end);
                prop_assert!(s.range.end <= source.len());
            }
        }
    }

    #[test]
    fn figures_never_panic_and_round_trip(text in figure_text()) {
        for f in figures(&text) {
            prop_assert_eq!(text.get(f.range.clone()), Some(f.written.as_str()));
            prop_assert_eq!(normalize(&f.written), Some(f.normalized.clone()), "written {:?}", f.written);
            prop_assert_eq!(normalize(&f.normalized), Some(f.normalized.clone()), "normal of {:?}", f.written);
        }
        let sentence = figures(&text);
        let excerpt = finding_figures(&text);
        // Excerpts see every figure a sentence sees, and maybe years besides.
        prop_assert!(excerpt.len() >= sentence.len());
        for f in excerpt {
            prop_assert_eq!(normalize(&f.written), Some(f.normalized.clone()), "excerpt {:?}", f.written);
        }
    }

    #[test]
    fn triggers_never_panic(text in any::<String>(), phrase in any::<String>()) {
        let t = Triggers::new(true, None, std::slice::from_ref(&phrase));
        let _ = t.trigger(&text);
        if let Some(p) = compile_phrase(&phrase) {
            for w in word_ranges(&text) {
                let _ = phrase_continues(&p, &text, w.end);
            }
        }
    }
}

#[test]
fn the_hint_for_an_unbacked_figure_in_words_names_its_other_forms() {
    assert_eq!(
        super::other_forms("2/3").as_deref(),
        Some("it may say `2/3` in words or digits, or a percentage that rounds to 66.7%")
    );
    assert_eq!(
        super::other_forms("3×").as_deref(),
        Some("it may say `3×`, “3 times” or “3-fold”, in words or digits")
    );
    assert_eq!(super::other_forms("65.9%"), None);
}

#[test]
fn figures_in_other_scripts_are_read_as_their_ascii_digits() {
    let one = |text: &str| {
        let found = figures(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let f = &found[0];
        assert_eq!(&text[f.range.clone()], f.written, "{text}");
        (f.normalized.clone(), f.written.clone())
    };
    // Arabic-Indic digits and percent sign, Persian digits, Devanagari, fullwidth.
    assert_eq!(one("بنسبة ٧٥٪ من المرضى"), ("75%".into(), "٧٥٪".into()));
    assert_eq!(one("for ٧٥% of patients"), ("75%".into(), "٧٥%".into()));
    assert_eq!(one("۱۳ جلسه"), ("13".into(), "۱۳".into()));
    assert_eq!(one("७५% रोगी"), ("75%".into(), "७५%".into()));
    assert_eq!(one("７５％の患者"), ("75%".into(), "７５％".into()));
    assert_eq!(one("٣٫٥ مرات"), ("3.5".into(), "٣٫٥".into()));
    // The same quantity in two scripts backs itself.
    assert!(backs(&norm("٦٥٫٩٪"), &norm("65.9%")));
}

#[test]
fn a_percent_sign_before_the_number_is_a_percentage() {
    let one = |text: &str| {
        let found = figures(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].normalized.clone(), found[0].written.clone())
    };
    assert_eq!(
        one("hastaların %50’sinin iyileştiğini"),
        ("50%".into(), "%50".into())
    );
    assert_eq!(one("(%40) oranında"), ("40%".into(), "%40".into()));
    // A remainder in code is no percentage.
    assert_eq!(one("x = a%50"), ("50".into(), "50".into()));
    // A range: the sign before its first end, or before each, as `10–20%` is written.
    assert_eq!(
        one("hastaların %10–20’si"),
        ("10%–20%".into(), "%10–20".into())
    );
    assert_eq!(
        one("hastaların %10-%20’si"),
        ("10%–20%".into(), "%10-%20".into())
    );
    assert_eq!(one("patients 10–20%"), ("10%–20%".into(), "10–20%".into()));
}
