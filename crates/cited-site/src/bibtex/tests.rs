//! Tests of the `.bib` reader against Pandoc's reading of the same files.

use super::convert::braced_names;
use super::*;
use serde_json::Value as J;

/// A library as Better BibTeX exports it, and the CSL-JSON Pandoc 3.9 makes of it:
/// `pandoc -f biblatex -t csljson library.bib` (fields `file`, which Pandoc drops, aside).
const LIBRARY: &str = include_str!("../../tests/data/library.bib");
const PANDOC: &str = include_str!("../../tests/data/library.pandoc.json");

#[test]
fn entries_read_as_pandoc_reads_them() {
    let refs = parse_file(FileId(0), LIBRARY).unwrap();
    let pandoc: Vec<J> = serde_json::from_str(PANDOC).unwrap();
    assert_eq!(refs.len(), pandoc.len());
    for (ours, theirs) in refs.iter().zip(&pandoc) {
        let mut ours = ours.csl_json();
        // cited also keeps a PubMed `eprint` as the `PMID`, to verify it.
        if ours["id"] == "range2019" {
            assert_eq!(ours["PMID"], "31000000");
            ours.as_object_mut().unwrap().remove("PMID");
        }
        assert_eq!(&ours, theirs, "{}", ours["id"]);
    }
}

/// The same for a BibTeX library as JabRef writes it (`@String`, month macros, `{\'\i}`):
/// `pandoc -f bibtex -t csljson jabref.bib`.
#[test]
fn a_jabref_library_reads_as_pandoc_reads_it() {
    let refs = parse_file(FileId(0), include_str!("../../tests/data/jabref.bib")).unwrap();
    // One known difference: Pandoc keeps the dotless ı of `{\'\i}` under the accent
    // (U+0131 U+0301); cited writes í, the letter a reader searches for.
    let pandoc_json =
        include_str!("../../tests/data/jabref.pandoc.json").replace("\u{131}\u{301}", "\u{ed}");
    reads_as(&refs, &pandoc_json);
}

/// Each of `refs` is the CSL-JSON item Pandoc made of it, in `pandoc_json`.
fn reads_as(refs: &[Reference], pandoc_json: &str) {
    let pandoc: Vec<J> = serde_json::from_str(pandoc_json).unwrap();
    assert_eq!(refs.len(), pandoc.len());
    for (ours, theirs) in refs.iter().zip(&pandoc) {
        assert_eq!(&ours.csl_json(), theirs, "{}", ours.key.value);
    }
}

/// Font commands (`\emph`, `\textit`, `{\em …}`, `\textbf`, `\textsc`) as CSL-JSON rich
/// text, in titles (in sentence case, small caps kept as written) and other fields, and `and
/// others` as the name `others`: `pandoc -f biblatex -t csljson markup.bib`.
#[test]
fn font_commands_read_as_pandoc_reads_them() {
    let refs = parse_file(FileId(0), include_str!("../../tests/data/markup.bib")).unwrap();
    reads_as(&refs, include_str!("../../tests/data/markup.pandoc.json"));
}

/// And for BibLaTeX (`date` ranges, `journaltitle`, `location`, `@online`, `@report`, an
/// editor-only book): `pandoc -f biblatex -t csljson biblatex.bib`.
#[test]
fn a_biblatex_library_reads_as_pandoc_reads_it() {
    let refs = parse_file(FileId(0), include_str!("../../tests/data/biblatex.bib")).unwrap();
    let pandoc: Vec<J> =
        serde_json::from_str(include_str!("../../tests/data/biblatex.pandoc.json")).unwrap();
    assert_eq!(refs.len(), pandoc.len());
    for (ours, theirs) in refs.iter().zip(&pandoc) {
        let mut ours = ours.csl_json();
        if ours["id"] == "lim2010" {
            assert_eq!(ours["PMID"], "20438143");
            ours.as_object_mut().unwrap().remove("PMID");
        }
        assert_eq!(&ours, theirs, "{}", ours["id"]);
    }
}

/// Titles whose words a dash joins (`---`, `--`, `—`, `–`), in sentence case as Pandoc reads
/// them: `pandoc -f biblatex -t csljson dashes.bib`.
#[test]
fn words_joined_by_a_dash_read_as_pandoc_reads_them() {
    let refs = parse_file(FileId(0), include_str!("../../tests/data/dashes.bib")).unwrap();
    reads_as(&refs, include_str!("../../tests/data/dashes.pandoc.json"));
}

#[test]
fn fields_keep_their_place_in_the_file() {
    let refs = parse_file(FileId(0), LIBRARY).unwrap();
    let doi = refs[0].fields.get("DOI").unwrap();
    assert_eq!(&LIBRARY[doi.span.range.clone()], "{10.1001/jama.2019.0001}");
    assert_eq!(&LIBRARY[refs[0].key.span.range.clone()], "muller2019");
}

#[test]
fn a_bad_entry_is_a_diagnostic_at_its_place() {
    let text = "@article{ok, title = {Fine}}\n\n@article{bad, title = {Unclosed, year = 2019}\n";
    let errors = parse_file(FileId(0), text).unwrap_err();
    assert_eq!(errors[0].code, Code::E0010);
    assert!(errors[0].span.as_ref().unwrap().range.start > text.find("@article{bad").unwrap());
    let errors = parse_file(FileId(0), "@article{a, journal = nejm}\n").unwrap_err();
    assert_eq!(errors[0].message, "`nejm` is not defined");
    let errors = parse_file(FileId(0), "@book{a, title={A}}\n@book{a, title={B}}\n").unwrap_err();
    assert_eq!(errors[0].code, Code::E0202);
    // A missing comma is shown at the end of the field that lacks it, not at the next one.
    let text = "@book{a,\n  title = {A}\n  year = {2020},\n}\n";
    let errors = parse_file(FileId(0), text).unwrap_err();
    assert_eq!(errors[0].message, "expected `,` after this");
    let at = errors[0].span.as_ref().unwrap().range.clone();
    assert_eq!(&text[at.clone()], "}");
    assert_eq!(at.start, text.find("{A}").unwrap() + 2);
}

/// A `year` is read as Pandoc 3.9 reads it: digits as a year, however many (`pandoc -f bibtex
/// -t csljson` writes `20002` and ` 2002 ` as `date-parts`), anything else printed as written
/// (`pandoc --citeproc` prints `202O`, `2002a` and `in press`), never a number taken from its
/// start (`202O` was year 202).
#[test]
fn a_year_is_read_as_pandoc_reads_it() {
    let issued = |year: &str| {
        let text = format!("@article{{a, title = {{T}}, year = {{{year}}}}}\n");
        let refs = parse_file(FileId(0), &text).unwrap();
        refs[0].csl_json()["issued"].clone()
    };
    assert_eq!(
        issued("20002"),
        serde_json::json!({"date-parts": [[20002]]})
    );
    assert_eq!(
        issued(" 2002 "),
        serde_json::json!({"date-parts": [[2002]]})
    );
    for written in ["202O", "2002a", "in press", "1999-2000"] {
        assert_eq!(
            issued(written),
            serde_json::json!({"literal": written}),
            "{written}"
        );
    }
    // A `date` of no day of the calendar is read as a date, so that it is reported, not printed.
    let text = "@article{a, title = {T}, date = {2018-02-30}}\n";
    let refs = parse_file(FileId(0), text).unwrap();
    assert_eq!(
        refs[0].csl_json()["issued"],
        serde_json::json!({"raw": "2018-02-30"})
    );
}

/// BibLaTeX's localisation keys in `type` are the words Pandoc prints (`mathesis` is "Master’s
/// thesis"); any other type is kept as written.
#[test]
fn a_type_key_reads_as_its_words() {
    let genre = |kind: &str| {
        let text = format!("@thesis{{a, title = {{T}}, type = {{{kind}}}, date = {{2019}}}}\n");
        let refs = parse_file(FileId(0), &text).unwrap();
        refs[0].csl_json()["genre"].clone()
    };
    assert_eq!(genre("mathesis"), "Master’s thesis");
    assert_eq!(genre("techreport"), "technical report");
    assert_eq!(genre("Doctoral dissertation"), "Doctoral dissertation");
}

/// Inputs that would exhaust the parser's stack or follow a cycle forever are diagnostics.
#[test]
fn hostile_files_are_diagnostics() {
    let deep = |open: &str| {
        format!(
            "@article{{k, title={{{}{}}}}}",
            open.repeat(50_000),
            "}".repeat(50_000)
        )
    };
    let fan_out: String = (0..40)
        .map(|i| format!("@xdata{{x{i}, xdata={{x{}, x{}}}}}\n", i + 1, i + 2))
        .collect();
    for (text, message) in [
        (deep("\\a{"), "braces nest more than 64 deep here"),
        (deep("{"), "braces nest more than 64 deep here"),
        (
            "@article{a, crossref={b}}\n@article{b, crossref={a}}\n".to_owned(),
            "`a` takes its fields from itself",
        ),
        (
            "@article{a, xdata={a}}\n".to_owned(),
            "`a` takes its fields from itself",
        ),
        (
            fan_out,
            "takes fields from more than 256 entries through `crossref` and `xdata`",
        ),
    ] {
        let errors = parse_file(FileId(0), &text).unwrap_err();
        assert_eq!(errors[0].code, Code::E0010);
        assert!(
            errors[0].message.ends_with(message),
            "{}",
            errors[0].message
        );
    }
    // Odd but harmless values read without a fuss.
    let refs = parse_file(
        FileId(0),
        "@article{a, author={and and}, date={2019-13-45/}, year={x}, month={99}}\n",
    )
    .unwrap();
    assert_eq!(refs.len(), 1);
}

#[test]
fn names_split_outside_braces() {
    assert_eq!(
        braced_names(Some("{Doe, J. and {Barnes and Noble} and {NHS}}")),
        vec![false, true, true]
    );
    assert_eq!(braced_names(Some("\"Anderson, A.\"")), vec![false]);
    // A name that starts with letters of two bytes each: `and` is looked for in bytes, not by
    // cutting the text inside a character (found by fuzzing).
    assert_eq!(
        braced_names(Some("Doe, J. and Éé, K. and {NHS}")),
        vec![false, false, true]
    );
}

/// The CSL-JSON Pandoc writes from a `.bib` (`pandoc -f biblatex -t csljson`, with BibTeX's
/// `misc` as the empty type) loads as it comes, with no warning.
#[test]
fn pandocs_csl_json_loads_as_it_comes() {
    for json in [
        include_str!("../../tests/data/library.pandoc.json"),
        include_str!("../../tests/data/jabref.pandoc.json"),
        include_str!("../../tests/data/biblatex.pandoc.json"),
        include_str!("../../tests/data/markup.pandoc.json"),
    ] {
        let refs =
            crate::reference::parse_file(FileId(0), "references/library.json", json).unwrap();
        assert!(!refs.is_empty());
        for r in &refs {
            assert!(r.warnings.is_empty(), "{}: {:?}", r.key.value, r.warnings);
        }
    }
}
