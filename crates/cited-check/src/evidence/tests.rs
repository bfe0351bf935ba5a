//! Tests of the claim rules over whole documents: claims wherever they are written.

use super::*;

/// A site with one page (`body`), one reference `k` whose one finding is `finding`, and a
/// checklist (`checklist`, YAML) if given; the claim diagnostics as `(code, line, column)`.
fn claims_of(body: &str, finding: &str, checklist: Option<&str>) -> Vec<(Code, usize, usize)> {
    let (out, _) = run(body, finding, checklist);
    out
}

/// A site with `site.yaml` and nothing else, in a folder removed when dropped.
fn empty_site() -> tempfile::TempDir {
    crate::testing::site_folder("", &[])
}

fn run(
    body: &str,
    finding: &str,
    checklist: Option<&str>,
) -> (Vec<(Code, usize, usize)>, Evidence) {
    let (_dir, site, out, evidence) = checked(body, finding, checklist);
    let mut found: Vec<(Code, usize, usize)> = out
        .iter()
        .map(|d| {
            let at = site.sources.locate(d.span.as_ref().unwrap());
            (d.code, at.line, at.column)
        })
        .collect();
    found.sort_unstable();
    (found, evidence)
}

/// The site of [`run`], loaded and checked: its folder, the site, every claim diagnostic and
/// the evidence.
fn checked(
    body: &str,
    finding: &str,
    checklist: Option<&str>,
) -> (tempfile::TempDir, Site, Vec<Diagnostic>, Evidence) {
    let dir = empty_site();
    let root = dir.path();
    std::fs::write(
        root.join("content/p.md"),
        format!("---\ntitle: P\n---\n{body}"),
    )
    .unwrap();
    if let Some(c) = checklist {
        std::fs::write(root.join("content/c.yaml"), c).unwrap();
    }
    std::fs::write(
        root.join("references/k.yaml"),
        format!(
            "references:\n  - id: k\n    type: book\n    title: T\n    findings:\n      - text: \"{finding}\"\n"
        ),
    )
    .unwrap();
    let loaded = cited_site::load(root);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let site = loaded.site;
    let mut out = Vec::new();
    let evidence = evidence(&site, &mut out);
    for doc in site.documents() {
        out.extend(doc.problems.iter().cloned());
    }
    (dir, site, out, evidence)
}

#[test]
fn a_heading_is_checked_like_a_paragraph() {
    // Line 4 is the first line of the body.
    assert_eq!(
        claims_of("## Why 70% of people need 30 sessions\n", "None.", None),
        [(Code::E0301, 4, 4)]
    );
    assert_eq!(
        claims_of(
            "## Why 70% of people need 30 sessions [@k]\n",
            "None.",
            None
        ),
        [(Code::E0302, 4, 8), (Code::E0302, 4, 27)]
    );
    assert!(claims_of("## Why 70% need 30 [@k]\n", "70% needed 30.", None).is_empty());
    assert!(
        claims_of(
            "## 10 questions <!-- cited: not-a-claim: a count of the questions below -->\n",
            "",
            None
        )
        .is_empty()
    );
    assert!(
        claims_of(
            "<!-- cited: not-a-claim: a count of the questions below -->\n## 10 questions\n\nSome text.\n",
            "",
            None
        )
        .is_empty()
    );
    // Ordinary headings are not claims.
    assert!(
        claims_of(
            "## Five signs therapy may not be helping\n\n## In short\n",
            "",
            None
        )
        .is_empty()
    );
}

#[test]
fn alt_text_and_captions_are_checked_like_paragraphs() {
    assert_eq!(
        claims_of(
            "![A chart: 65.9% of cases were missed](chart.png)\n",
            "",
            None
        ),
        [(Code::E0301, 4, 3)]
    );
    assert_eq!(
        claims_of(
            "![A chart: 65.9% of cases were missed [@k]](chart.png)\n",
            "None.",
            None
        ),
        [(Code::E0302, 4, 12)]
    );
    assert!(
        claims_of(
            "![A chart: 65.9% of cases were missed [@k]](chart.png)\n",
            "65.9%",
            None
        )
        .is_empty()
    );
    // Inside a paragraph: the paragraph and the description are claims of their own.
    assert_eq!(
        claims_of(
            "Plain words ![a study of 40 people](x.png) and more plain words [@k].\n",
            "None",
            None
        ),
        [(Code::E0301, 4, 15)]
    );
    let (_, evidence) = run(
        "A study [@k]. ![A study of 40 people [@k]](x.png)\n\nLater, a study [@k].\n",
        "40 people",
        None,
    );
    let texts: Vec<&str> = evidence.claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["A study.", "A study of 40 people", "Later, a study."],
        "in file order"
    );
}

#[test]
fn each_table_cell_is_checked_on_its_own() {
    let table = "| Condition | Missed |\n|---|---|\n| Bipolar disorder | 92.7% [@k] |\n| Panic disorder | 85.8% |\n";
    assert_eq!(
        claims_of(table, "92.7% and 85.8%", None),
        [(Code::E0301, 7, 20)]
    );
}

#[test]
fn checklist_text_is_checked_like_prose() {
    let checklist = "id: c\ntitle: \"Why 70% need more sessions\"\nintro: \"A study.\"\nitems:\n  - id: a\n    label: \"I had 12 sessions\"\n  - id: b\n    label: \"Half of people improve [@k]\"\n    detail: \"Research says so [@k].\"\n  - id: d\n    label: \"I had 3 sessions <!-- cited: not-a-claim: a count the reader ticks -->\"\nguidance:\n  - when: \"0-3\"\n    text: \"Most people improve within 20 sessions.\"\n";
    assert_eq!(
        claims_of("Plain.\n", "", Some(checklist)),
        [
            (Code::E0301, 2, 9),   // the title cannot cite
            (Code::E0301, 3, 9),   // the intro's "study"
            (Code::E0301, 6, 13),  // a label's figure
            (Code::E0301, 14, 12), // the guidance's figure
            (Code::E0305, 8, 36),  // a label's citation would be published as written
        ]
    );
}

#[test]
fn a_block_citation_cites_every_sentence_of_its_paragraph_or_list() {
    let list = "Among those who met the criteria, this share had no diagnosis:\n\n- depression: 65.9%\n- panic disorder: 85.8%\n\n[@k]\n";
    // The lead-in paragraph is not a claim; the list's figures are backed by the block's source.
    assert!(claims_of(list, "65.9% and 85.8%", None).is_empty());
    // Figures inside still need backing from it: line 7 is the second item.
    assert_eq!(claims_of(list, "65.9% only", None), [(Code::E0302, 7, 19)]);
    // Without it, each item is an uncited claim.
    let bare = list.replace("\n[@k]\n", "");
    assert_eq!(
        claims_of(&bare, "65.9% and 85.8%", None),
        [(Code::E0301, 6, 3), (Code::E0301, 7, 3)]
    );
    // A paragraph: every sentence, and the claims report names the source for each.
    let para = "A study found this. Researchers found that too.\n\n[@k]\n\nA new study, uncited.\n";
    let (found, evidence) = run(para, "", None);
    assert_eq!(found, [(Code::E0301, 8, 1)]);
    let sources: Vec<&[String]> = evidence
        .claims
        .iter()
        .map(|c| c.sources.as_slice())
        .collect();
    assert_eq!(sources, [["k".to_owned()], ["k".to_owned()]]);
}

#[test]
fn a_table_rows_source_cell_cites_the_row_and_the_hint_says_so() {
    // Line 4 is the header, line 6 the first row.
    let table = "| Group | Rate | Source |\n|---|---|---|\n| Adults | 42% | [@k] |\n";
    assert!(claims_of(table, "42% of adults.", None).is_empty());
    assert_eq!(
        claims_of(table, "43% of adults.", None),
        [(Code::E0302, 6, 12)]
    );
    let claims = run(table, "42% of adults.", None).1.claims;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].sources, ["k".to_owned()]);

    // Without a source cell each cell is uncited, and the hint says how a row cites.
    let hint = |body: &str| {
        let (_dir, _site, out, _) = checked(body, "42% of adults.", None);
        let uncited: Vec<String> = out
            .iter()
            .filter(|d| d.code == Code::E0301)
            .filter_map(|d| d.hint.clone())
            .collect();
        assert_eq!(uncited.len(), 1, "{out:#?}");
        uncited.into_iter().next().unwrap_or_default()
    };
    let bare = hint("| Group | Rate |\n|---|---|\n| Adults | 42% |\n");
    assert!(
        bare.starts_with("a table cell is checked on its own: cite its source in this cell"),
        "{bare}"
    );
    let beside = hint("| Group | Rate | Source |\n|---|---|---|\n| Adults | 42% | Smith [@k] |\n");
    assert!(
        beside.contains("`[@k]` is in a cell with text, so it cites only that cell"),
        "{beside}"
    );
    // A paragraph's claim keeps the usual hint, and so does a cell whose other sentence cites.
    assert!(hint("Of adults, 42% improved.\n").starts_with("cite its source in the same sentence"));
    let own_cell =
        hint("| Group | Rate |\n|---|---|\n| Adults | Most did [@k]. Of them, 42% improved. |\n");
    assert!(
        own_cell.starts_with("cite its source in the same sentence"),
        "{own_cell}"
    );
    // An escaped `|` parts no cells: the citation is in the claim's own cell.
    let escaped = hint(
        "| Group | Rate |\n|---|---|\n| Adults | Most did [@k] \\| so. Of them, 42% improved. |\n",
    );
    assert!(
        escaped.starts_with("cite its source in the same sentence"),
        "{escaped}"
    );
}

#[test]
fn the_report_given_up_record_by_record_is_the_pretty_json_of_the_whole() {
    let claim = |file: &str, text: &str, figures: Vec<FigureRecord>| ClaimRecord {
        file: file.to_owned(),
        line: 3,
        text: text.to_owned(),
        trigger: "figure: 50%".to_owned(),
        sources: vec!["a".to_owned(), "b\"q".to_owned()],
        figures,
    };
    let figure = FigureRecord {
        figure: "50%".to_owned(),
        source: Some("a".to_owned()),
        excerpt: Some("Half\nof them, \u{2028} \\ said \"so\".".to_owned()),
        locator: None,
    };
    let silenced = SilencedRecord {
        file: "content/p.md".to_owned(),
        line: 9,
        text: "Line one\nline two".to_owned(),
        reason: None,
    };
    let reports = [
        Evidence::default(),
        Evidence {
            claims: vec![claim("content/p.md", "One.", Vec::new())],
            silenced: Vec::new(),
        },
        Evidence {
            claims: Vec::new(),
            silenced: vec![silenced.clone()],
        },
        Evidence {
            claims: vec![
                claim("content/p.md", "Half of them: 50%.", vec![figure.clone()]),
                claim("content/é.md", "", vec![figure.clone(), figure]),
            ],
            silenced: vec![silenced.clone(), silenced],
        },
    ];
    for report in reports {
        let whole = serde_json::to_vec_pretty(&report).unwrap();
        assert_eq!(
            String::from_utf8(report.into_json()).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }
}

/// A site of `pages` pages (and a checklist) whose claims are cited, uncited, backed or not, and
/// whose sentences are sometimes silenced; some pages have no claim at all.
fn many_documents(pages: usize) -> tempfile::TempDir {
    let dir = empty_site();
    let root = dir.path();
    for i in 0..pages {
        let silenced = if i % 7 == 0 {
            "<!-- cited: not-a-claim: an example -->\nAbout 20% of them said so.\n\n"
        } else {
            ""
        };
        let body = match i % 11 {
            5 => "Nothing here is a claim.\n".to_owned(),
            9 => format!("A study found {i}% improve.\n"),
            _ => format!(
                "{silenced}Half of adults ({i}%) sleep badly [@k, p. 4].\n\nMost found it helped [@k].\n"
            ),
        };
        std::fs::write(
            root.join(format!("content/p{i:03}.md")),
            format!("---\ntitle: P{i}\n---\n{body}"),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("content/c.yaml"),
        "id: c\ntitle: \"Why 70% need more sessions\"\nitems:\n  - id: a\n    label: \"I had 3 sessions <!-- cited: not-a-claim: a count the reader ticks -->\"\n    detail: \"Research says so [@k].\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("references/k.yaml"),
        "references:\n  - id: k\n    type: book\n    title: T\n    findings:\n      - text: \"Half of adults (50%) sleep badly.\"\n        locator: p. 4\n",
    )
    .unwrap();
    dir
}

/// The report the claim rules build, as the kept report is printed, and their diagnostics.
fn kept_report(site: &Site) -> (Vec<Diagnostic>, Vec<u8>) {
    let mut found = Vec::new();
    let report = evidence(site, &mut found);
    (found, serde_json::to_vec_pretty(&report).unwrap())
}

/// A streamed run, `batch` documents at a time: its diagnostics and the bytes it wrote.
fn streamed(site: &Site, batch: usize) -> (Vec<Diagnostic>, std::io::Result<()>, Vec<u8>) {
    let mut found = Vec::new();
    let mut json = Vec::new();
    let written = Claims::new(site)
        .run(&mut found, Report::streamed(&mut json), batch)
        .map(drop);
    (found, written, json)
}

/// `evidence.json` as the check's claim pass streams it, a batch of documents at a time, is the
/// report the check builds, byte for byte, whatever the batch size, with the same diagnostics.
#[test]
fn the_streamed_report_is_the_kept_report_at_every_batch_size() {
    let dir = many_documents(23);
    let site = cited_site::load(dir.path()).site;
    let (found, whole) = kept_report(&site);
    let report: Evidence = Claims::new(&site)
        .run(&mut Vec::new(), Report::Kept(Evidence::default()), 1)
        .unwrap();
    assert!(report.claims.len() >= 30, "{}", report.claims.len());
    assert!(report.silenced.len() >= 4, "{}", report.silenced.len());
    assert!(found.iter().any(|d| d.code == Code::E0301));
    assert!(found.iter().any(|d| d.code == Code::E0302));
    let mut dropped = Vec::new();
    claim_diagnostics(&site, &mut dropped);
    assert_eq!(dropped, found);
    for batch in [0, 1, 2, 3, 7, 22, 23, 24, BATCH] {
        let (streamed_found, written, json) = streamed(&site, batch);
        written.unwrap();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            String::from_utf8(whole.clone()).unwrap(),
            "batches of {batch}"
        );
        assert_eq!(streamed_found, found, "batches of {batch}");
    }
    // No document, no claim: the empty report.
    let empty = empty_site();
    let site = cited_site::load(empty.path()).site;
    let (_, written, json) = streamed(&site, 2);
    written.unwrap();
    assert_eq!(json, kept_report(&site).1);
}

/// A writer that takes `room` bytes and then fails.
struct Full {
    room: usize,
    taken: Vec<u8>,
}

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.room {
            return Err(std::io::Error::other("no space left"));
        }
        self.room -= buf.len();
        self.taken.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A write that fails stops the writing, not the rules: the diagnostics are whole, the error
/// comes back, and nothing is written after it.
#[test]
fn a_failed_write_stops_the_report_not_the_rules() {
    let dir = many_documents(23);
    let site = cited_site::load(dir.path()).site;
    let (found, whole) = kept_report(&site);
    for room in [0, 5, 600, whole.len() - 3] {
        let mut full = Full {
            room,
            taken: Vec::new(),
        };
        let mut streamed_found = Vec::new();
        let written = Claims::new(&site).run(&mut streamed_found, Report::streamed(&mut full), 2);
        assert_eq!(
            written.unwrap_err().to_string(),
            "no space left",
            "room {room}"
        );
        assert_eq!(streamed_found, found, "room {room}");
        assert!(whole.starts_with(&full.taken), "room {room}");
    }
}

/// The check streaming `evidence.json`, over more documents than one batch, gives the diagnostics
/// of the check that keeps the report, and the bytes that report prints.
#[test]
fn the_check_streams_the_report_the_check_builds() {
    let dir = many_documents(2 * BATCH + 30);
    let site = cited_site::load(dir.path()).site;
    let options = crate::CheckOptions::new(jiff::civil::date(2026, 11, 27));
    let (found, report) = crate::check_with_evidence(&site, &options);
    assert!(report.claims.len() > 2 * BATCH, "{}", report.claims.len());
    assert!(report.silenced.len() >= 60, "{}", report.silenced.len());
    let whole = serde_json::to_vec_pretty(&report).unwrap();
    assert_eq!(whole, report.into_json());
    let mut json = Vec::new();
    let (streamed_found, written) = crate::check_streaming(&site, &options, &mut json);
    written.unwrap();
    assert_eq!(String::from_utf8(json), String::from_utf8(whole));
    assert_eq!(streamed_found, found);
    assert_eq!(crate::check(&site, &options), found);
}

#[test]
fn a_miswritten_citation_is_one_error_not_also_an_uncited_claim() {
    // The sentence cites, wrongly: E0103 at the citation, and no E0301 for the sentence.
    assert_eq!(
        claims_of("Most improve, 70% of them [@k, @k].\n", "70%", None),
        [(Code::E0103, 4, 32)]
    );
    // Without a citation at all, the claim is uncited.
    assert_eq!(
        claims_of("Most improve, 70% of them.\n", "70%", None),
        [(Code::E0301, 4, 1)]
    );
}

#[test]
fn a_phrase_alone_is_a_label_not_a_claim() {
    assert_eq!(
        claims_of(
            "| Therapy | Evidence |\n|---|---|\n| CBT | Research shows it helps. |\n",
            "None.",
            None
        ),
        [(Code::E0301, 6, 9)]
    );
    assert!(claims_of("## Evidence\n\nText.\n", "None.", None).is_empty());
}

#[test]
fn a_decimal_comma_is_named_in_the_hint() {
    assert_eq!(
        decimal_comma("was 1,28 times higher", "1").as_deref(),
        Some("1,28")
    );
    assert_eq!(
        decimal_comma("was 1,28 times higher", "28").as_deref(),
        Some("1,28")
    );
    // Thousands, and lists, are no decimal.
    assert_eq!(decimal_comma("over 6,000 patients", "6"), None);
    assert_eq!(decimal_comma("in 2019, 12 of them", "12"), None);
    assert_eq!(
        decimal_comma("in 2019,12 of them", "12").as_deref(),
        Some("2019,12")
    );
}

#[test]
fn a_note_number_is_no_figure_of_its_claim() {
    assert_eq!(
        claims_of(
            "It took 13 sessions for 50% to improve.^1^ [@k]\n",
            "13 sessions, 50%",
            None
        ),
        [(Code::E0306, 4, 40)]
    );
}

#[test]
fn a_note_mark_makes_no_claim() {
    // `[^2]` with no note is E0407 at the mark; its 2 is no figure to cite.
    assert_eq!(
        claims_of("Sleep matters to us.[^2]\n", "None.", None),
        [(Code::E0407, 4, 21)]
    );
    // A figure of the sentence itself still makes it a claim.
    assert_eq!(
        claims_of("It took 13 sessions.[^2]\n", "None.", None),
        [(Code::E0301, 4, 1), (Code::E0407, 4, 21)]
    );
}

#[test]
fn a_figure_the_source_gives_only_as_a_bound_is_told_so() {
    let (_dir, _site, out, _) = checked(
        "It took 12.7 sessions for 67.2% of patients to improve [@k].\n",
        "Between 57.6% and 67.2% of patients improved within 12.7 sessions.",
        None,
    );
    let messages: Vec<(&str, Option<&str>)> = out
        .iter()
        .map(|d| (d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        messages,
        [(
            "`67.2%` is in the findings of `k` only as an end of the range `Between 57.6% and 67.2%`",
            Some(
                "write the range as the source states it (`Between 57.6% and 67.2%`), or, if the source states 67.2% on its own, add that excerpt to the reference's `findings`"
            )
        )]
    );
    // A figure that is no end of a range is not backed, as before.
    let (_dir, _site, out, _) = checked(
        "It took 12.7 sessions for 62% of patients to improve [@k].\n",
        "Between 57.6% and 67.2% of patients improved within 12.7 sessions.",
        None,
    );
    assert_eq!(out.len(), 1);
    assert!(
        out[0].message.contains("does not appear"),
        "{}",
        out[0].message
    );
}

#[test]
fn formatting_in_a_plain_field_is_found_and_ordinary_titles_are_not() {
    assert_eq!(
        plain_markup("When *talk therapy* fails"),
        Some((5..19, "emphasis"))
    );
    assert_eq!(
        plain_markup("See [the guide](https://x.org)"),
        Some((4..30, "link"))
    );
    assert_eq!(plain_markup("Use `grep`"), Some((4..10, "code")));
    for fine in [
        "Sleep_deprivation and snake_case_words",
        "Why 5 * 3 matters",
        "C# and C++",
        "A lone ` mark",
        "Cited [@k] <!-- cited: not-a-claim: x -->",
    ] {
        assert_eq!(plain_markup(fine), None, "{fine}");
    }
}

#[test]
fn a_sentence_of_more_figures_than_the_rules_read_is_refused_where_it_starts() {
    let sentence = |n: usize| format!("Rates were{} [@k].\n", " 5%,".repeat(n));
    // At the bound, every figure is read, and each is backed.
    assert_eq!(
        claims_of(&sentence(claims::MAX_FIGURES_IN_A_SENTENCE), "5%", None),
        []
    );
    // Past it, the figures after the bound are not read: the sentence is refused, at its start.
    let (_dir, site, out, evidence) = checked(
        &format!(
            "Intro.\n\n{}",
            sentence(claims::MAX_FIGURES_IN_A_SENTENCE + 1)
        ),
        "5%",
        None,
    );
    let found: Vec<(Code, usize, usize, &str)> = out
        .iter()
        .map(|d| {
            let at = site.sources.locate(d.span.as_ref().unwrap());
            (d.code, at.line, at.column, d.message.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [(
            Code::E0001,
            6,
            1,
            "this sentence states more than 1000 figures; those after them were not checked"
        )]
    );
    // The figures read are checked as ever: the claim's record holds them.
    assert_eq!(evidence.claims.len(), 1);
    assert_eq!(
        evidence.claims[0].figures.len(),
        claims::MAX_FIGURES_IN_A_SENTENCE
    );
}

#[test]
fn e0001_explains_the_figures_bound_as_it_is() {
    let said = format!(
        "{},{:03} figures in one sentence",
        claims::MAX_FIGURES_IN_A_SENTENCE / 1000,
        claims::MAX_FIGURES_IN_A_SENTENCE % 1000
    );
    assert!(Code::E0001.explanation().contains(&said), "{said}");
}

#[test]
fn e0001_explains_the_sources_bound_as_it_is() {
    let said = format!("{MAX_SOURCES_IN_A_CLAIM} sources cited by one claim");
    assert!(Code::E0001.explanation().contains(&said), "{said}");
}

#[test]
fn a_claim_citing_more_sources_than_the_rules_read_is_refused_where_it_starts() {
    let keys = |n: usize| {
        (0..n)
            .map(|i| format!("@k{i}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // In the sentence, in a block citation after its list, and in a note it calls: at the
    // bound, the claim is checked (its figure against `k`'s findings, the unknown keys being
    // their own error); past it, refused at its start.
    let (n, over) = (MAX_SOURCES_IN_A_CLAIM, MAX_SOURCES_IN_A_CLAIM + 1);
    for (cites, refused) in [
        (format!("It was 5% [@k; {}].\n", keys(n - 1)), false),
        (format!("It was 5% [@k; {}].\n", keys(over - 1)), true),
        (format!("- It was 5%.\n\n[@k; {}]\n", keys(over - 1)), true),
        (
            format!("It was 5%.[^1]\n\n[^1]: [@k; {}]\n", keys(over - 1)),
            true,
        ),
    ] {
        let (_dir, site, out, evidence) = checked(&format!("\n{cites}"), "5%", None);
        let found: Vec<(Code, usize, usize)> = out
            .iter()
            .map(|d| {
                let at = site.sources.locate(d.span.as_ref().unwrap());
                (d.code, at.line, at.column)
            })
            .collect();
        if refused {
            assert_eq!(
                found,
                [(Code::E0001, 5, 1 + usize::from(cites.starts_with('-')) * 2)],
                "{cites}"
            );
            let said = format!("more than {MAX_SOURCES_IN_A_CLAIM} sources");
            assert!(out[0].message.contains(&said), "{cites}");
            assert!(evidence.claims.is_empty());
        } else {
            assert_eq!(found, [], "{cites}");
            assert_eq!(evidence.claims.len(), 1);
        }
    }
}
