//! The citation parser's tests: keys, locators, prefixes and suffixes, and the mistakes it names.

use super::*;

/// The labels of `en-US` as Pandoc 3.9 reads them (cited-csl's `locator_labels` gives these from
/// the bundled locale, and cited-render's oracle test holds them to Pandoc's reading).
pub(crate) fn english() -> LocatorLabels {
    LocatorLabels::new(english_labels())
}

/// [`english`]'s labels, each with its locator.
fn english_labels() -> Vec<(String, &'static str)> {
    let terms: [(&str, &[&str]); 16] = [
        ("book", &["book", "books", "bk.", "bks."]),
        (
            "chapter",
            &["chapter", "chapters", "chap.", "chaps.", "c.", "cc."],
        ),
        ("column", &["column", "columns", "col.", "cols."]),
        ("figure", &["figure", "figures", "fig.", "figs."]),
        ("folio", &["folio", "folios", "fol.", "fols."]),
        ("issue", &["issue", "issues", "no.", "nos."]),
        ("line", &["line", "lines", "l.", "ll."]),
        ("note", &["note", "notes", "n.", "nn."]),
        ("opus", &["opus", "opera", "op.", "opp."]),
        ("page", &["page", "pages", "p.", "pp."]),
        (
            "paragraph",
            &["paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"],
        ),
        ("part", &["part", "parts", "pt.", "pts."]),
        (
            "section",
            &["section", "sections", "sec.", "secs.", "§", "§§"],
        ),
        ("sub-verbo", &["sub verbo", "sub verbis", "s.v.", "s.vv."]),
        ("verse", &["verse", "verses", "v.", "vv."]),
        ("volume", &["volume", "volumes", "vol.", "vols."]),
    ];
    terms
        .into_iter()
        .flat_map(|(term, labels)| labels.iter().map(move |l| ((*l).to_owned(), term)))
        .collect()
}

/// A citation item read as on an English site.
trait ReadInEnglish {
    fn locator(&self) -> Option<Locator>;
    fn suffix(&self) -> Option<&str>;
}

impl ReadInEnglish for CiteItem {
    fn locator(&self) -> Option<Locator> {
        self.locator_and_suffix(&english()).0
    }

    fn suffix(&self) -> Option<&str> {
        self.locator_and_suffix(&english()).1
    }
}

/// `key_len` as it was before its ASCII start was read a byte at a time: the oracle.
fn key_len_char_by_char(after_at: &str) -> usize {
    let mut len = 0;
    let mut chars = after_at.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        let next_is_key = next.is_some_and(is_key_char);
        let url_like = matches!(c, ':' | '/') && next == Some('/');
        if is_key_char(c) || (len > 0 && (is_internal_punct(c) && next_is_key || url_like)) {
            len = i + c.len_utf8();
        } else {
            break;
        }
    }
    len
}

proptest::proptest! {
    /// Keys of letters (ASCII or not), digits, `_`, internal punctuation, slashes and
    /// spaces, in any order.
    #[test]
    fn key_len_reads_keys_as_it_did_a_character_at_a_time(
        text in "[a-zA-Z0-9_é中:./#$%&+?<>~ ,;\\]\\-@{}]{0,16}"
    ) {
        proptest::prop_assert_eq!(key_len(&text), key_len_char_by_char(&text));
    }

    /// Text starting with labels as written (any case, ASCII or not, `İ` and `Σ` among them,
    /// whose lowercase differs in length or by place), against English's labels and a few of
    /// other scripts: the same label as a whole lowercase copy of the text finds.
    #[test]
    fn at_start_finds_what_a_lowercase_copy_finds(
        text in "(İs|ΣΕΛ\\.|Σελ\\.|PΣ|Pσ|p\\.|PP\\.|Page|pAGES|[pPaAgGeEsS.İiΣσς 7]){0,3}[ 7.]{0,2}"
    ) {
        let labels = LocatorLabels::new(english_labels().into_iter().chain([
            ("σελ.".to_owned(), "page"),
            ("İs".to_owned(), "section"),
            ("pσ".to_owned(), "page"),
            ("ps".to_owned(), "page"),
        ]));
        proptest::prop_assert_eq!(labels.at_start(&text), at_start_by_copy(&labels, &text));
    }
}

/// [`LocatorLabels::at_start`] as it read every label: through a lowercase copy of as many
/// characters of `text` as the label has ([`label_end`], the way any text not ASCII is still
/// read).
fn at_start_by_copy(labels: &LocatorLabels, text: &str) -> Option<(usize, &'static str)> {
    let first = text.chars().next()?.to_lowercase().next()?;
    labels.labels.iter().find_map(|(label, locator, _)| {
        if !label.starts_with(first) {
            return None;
        }
        let end = label_end(text, label)?;
        let ends_word = !label.ends_with(char::is_alphanumeric)
            || !text[end..].starts_with(char::is_alphanumeric);
        ends_word.then_some((end, *locator))
    })
}

fn keys(text: &str) -> Vec<String> {
    parse(text)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|i| i.key().to_owned())
        .collect()
}

#[test]
fn single_and_multiple_keys() {
    assert_eq!(keys("@smith2020"), ["smith2020"]);
    assert_eq!(keys("@a; @b"), ["a", "b"]);
    assert_eq!(keys("@doe:2019.x"), ["doe:2019.x"]);
    assert_eq!(keys("@{odd key}"), ["odd key"]);
    // Trailing punctuation is not part of the key.
    assert_eq!(keys("@smith2020."), ["smith2020"]);
    // URL-shaped keys, as Pandoc reads them (Zotero's ids, `url:` keys).
    assert_eq!(
        keys("@http://zotero.org/users/1/items/ABCD; @url:https://example.org/a"),
        [
            "http://zotero.org/users/1/items/ABCD",
            "url:https://example.org/a"
        ]
    );
}

#[test]
fn a_full_width_at_sign_in_a_later_part_is_named() {
    let text = "@smith2020; ＠jones2021";
    let err = parse(text).unwrap_err();
    assert_eq!(&text[err.range.clone()], "＠");
    assert_eq!(err.hint.as_deref(), Some("type a plain `@`: `@jones2021`"));
}

#[test]
fn an_invisible_character_in_a_key_is_named() {
    let text = "see @law\u{200b}2019, p. 4";
    let err = parse(text).unwrap_err();
    assert_eq!(&text[err.range.clone()], "\u{200b}");
    assert_eq!(
        err.message,
        "a zero-width space (U+200B), which cannot be seen, ends the key `law`"
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("retype the key without it: `@law2019`")
    );
    assert_eq!(
        parse("@smith\u{ad}2020").unwrap_err().hint.as_deref(),
        Some("retype the key without it: `@smith2020`")
    );
    // Keys without one are read as before.
    assert_eq!(keys("@smith2020; @jones2021"), ["smith2020", "jones2021"]);
}

#[test]
fn prefix_locator_suffix_and_suppressed_author() {
    let items = parse("see @key, pp. 3-5, emphasis added").unwrap().unwrap();
    let item = &items[0];
    assert_eq!(item.prefix(), Some("see"));
    assert_eq!(
        item.locator(),
        Some(Locator {
            label: "page",
            value: "3-5".into()
        })
    );
    assert_eq!(item.suffix(), Some(", emphasis added"));
    let items = parse("-@key").unwrap().unwrap();
    assert!(items[0].suppress_author());
    let items = parse("@a, p. 4; @b, chap. 2").unwrap().unwrap();
    assert_eq!(&*items[0].locator().unwrap().value, "4");
    assert_eq!(items[1].locator().unwrap().label, "chapter");
    let items = parse("@a, 33").unwrap().unwrap();
    assert_eq!(items[0].locator().unwrap().label, "page");
}

#[test]
fn suffixes_keep_their_comma_and_braced_locators_are_whole_as_in_pandoc() {
    let item = |text: &str| parse(text).unwrap().unwrap().remove(0);
    assert_eq!(item("@a, and others").suffix(), Some(", and others"));
    assert_eq!(item("@a and others").suffix(), Some("and others"));
    assert_eq!(&*item("@a p. 4").locator().unwrap().value, "4");
    let braced = item("@a, {pp. iv, vi-xi}, passim");
    assert_eq!(
        braced.locator(),
        Some(Locator {
            label: "page",
            value: "iv, vi-xi".into()
        })
    );
    assert_eq!(braced.suffix(), Some(", passim"));
    assert_eq!(
        &*item("@a, {12 and 14}").locator().unwrap().value,
        "12 and 14"
    );
}

#[test]
fn an_item_stays_small() {
    // Held for every source cited on every page, from load to the end of the build.
    assert!(std::mem::size_of::<CiteItem>() <= 40);
    let item = parse("@a").unwrap().unwrap().remove(0);
    assert!(
        item.rare.is_none(),
        "an item with nothing around its key boxes nothing"
    );
}

#[test]
fn key_ranges_point_into_the_text() {
    let text = "see @a; @bee, p. 4";
    let items = parse(text).unwrap().unwrap();
    assert_eq!(&text[items[0].key_range()], "@a");
    assert_eq!(&text[items[1].key_range()], "@bee");
}

#[test]
fn not_a_citation_and_broken_citations() {
    assert_eq!(parse("mail me at a@b.org").unwrap(), None);
    assert_eq!(parse("plain link text").unwrap(), None);
    assert!(parse("@").is_err());
    assert!(parse("@a; and more").is_err());
}

#[test]
fn keys_are_written_bare_or_braced_as_they_parse() {
    assert_eq!(written_key("smith2020"), "@smith2020");
    assert_eq!(written_key("doe.2019:a"), "@doe.2019:a");
    // Internal punctuation stays in a bare key; a key ending in it needs braces.
    assert_eq!(
        written_key("https://example.org/x"),
        "@https://example.org/x"
    );
    assert_eq!(
        written_key("https://example.org/x/"),
        "@{https://example.org/x/}"
    );
    assert_eq!(written_key("a b"), "@{a b}");
    for key in ["smith2020", "https://example.org/x/", "a b"] {
        let text = written_key(key);
        let items = parse(&text).unwrap().unwrap();
        assert_eq!(items[0].key(), key);
    }
}

#[test]
fn a_second_source_after_a_comma_is_an_error_with_the_fix() {
    for (text, second, hint) in [
        ("@a, @b", "@b", "write `[@a; @b]`"),
        (
            "see @smith2020, p. 4, @doe.2019",
            "@doe.2019",
            "write `[@smith2020; @doe.2019]`",
        ),
        ("@a; @b, @c ", "@c", "write `[@b; @c]`"),
    ] {
        let err = parse(text).unwrap_err();
        assert_eq!(&text[err.range.clone()], second, "{text}");
        assert_eq!(err.hint.as_deref(), Some(hint), "{text}");
        assert!(err.message.contains("separated by `;`"), "{}", err.message);
    }
    // An e-mail address or a handle inside a word is not a key.
    assert!(parse("@a, write to me@example.org").is_ok());
}

#[test]
fn keys_in_nocite() {
    assert_eq!(keys_in("@a, @b.c [@d; @e]"), ["a", "b.c", "d", "e"]);
    assert_eq!(keys_in("@*"), ["*"]);
    // Not after a letter (an e-mail address) or a backslash; braced keys whole.
    assert_eq!(keys_in("me@example.org \\@x @{url:a b}"), ["url:a b"]);
    assert!(keys_in("no keys").is_empty());
}

#[test]
fn author_in_text_follows_pandocs_key_rule() {
    fn keys(t: &str) -> Vec<String> {
        t.match_indices('@')
            .filter_map(|(at, _)| author_in_text(t, at))
            .map(|(item, _)| item.key().to_owned())
            .collect()
    }
    assert_eq!(keys("@smith2020 found it."), ["smith2020"]);
    assert_eq!(
        keys("As (@doe:2019.a) and @x_y said."),
        ["doe:2019.a", "x_y"]
    );
    assert_eq!(
        keys("Trailing punctuation @smith2020, @lee."),
        ["smith2020", "lee"]
    );
    assert!(keys("Write to help@example.org or @ me.").is_empty());
    assert!(keys("@").is_empty());
    assert_eq!(keys("Été @müller2020’s work"), ["müller2020"]);
    assert!(keys(r"An escaped \@smith2020 stays text.").is_empty());
    assert_eq!(
        keys("@{url:https://x.org/a b} said"),
        ["url:https://x.org/a b"]
    );
}

#[test]
fn author_in_text_takes_a_bracketed_locator_and_suffix() {
    let text = "As @hansen2002 [p. 4, emphasis added] showed.";
    let (item, end) = author_in_text(text, 3).unwrap();
    assert_eq!(&text[3..end], "@hansen2002 [p. 4, emphasis added]");
    assert_eq!(item.key_range(), 3..14);
    assert!(item.author_in_text());
    let locator = item.locator().unwrap();
    assert_eq!((locator.label, &*locator.value), ("page", "4"));
    assert_eq!(item.suffix(), Some(", emphasis added"));
    // A bracket holding a citation of its own is not a suffix.
    let text = "@a [@b]";
    assert_eq!(author_in_text(text, 0).unwrap().1, 2);
}

#[test]
fn locators_are_read_under_the_labels_of_the_language() {
    let german = LocatorLabels::new([
        ("Seite".to_owned(), "page"),
        ("S.".to_owned(), "page"),
        ("Kap.".to_owned(), "chapter"),
        ("s. v.".to_owned(), "sub-verbo"),
    ]);
    let read = |text: &str, labels: &LocatorLabels| {
        let item = parse(text).unwrap().unwrap().remove(0);
        let (locator, suffix) = item.locator_and_suffix(labels);
        (
            locator.map(|l| (l.label, l.value.to_string())),
            suffix.map(str::to_owned),
        )
    };
    assert_eq!(
        read("@a, S. 4, hervorgehoben", &german),
        (Some(("page", "4".into())), Some(", hervorgehoben".into()))
    );
    assert_eq!(
        read("@a, kap. 2", &german),
        (Some(("chapter", "2".into())), None)
    );
    assert_eq!(
        read("@a, s. v. 3", &german),
        (Some(("sub-verbo", "3".into())), None)
    );
    // English's label is text in German, as Pandoc prints it; English reads it.
    assert_eq!(read("@a, p. 4", &german), (None, Some(", p. 4".into())));
    assert_eq!(
        read("@a, p. 4", &english()),
        (Some(("page", "4".into())), None)
    );
    // A label ends where a word may: `page` is no label of `pager`.
    assert_eq!(
        read("@a, pager 4", &english()),
        (None, Some(", pager 4".into()))
    );
    // A bare number is a page, whatever the language; a braced locator without a label too.
    assert_eq!(read("@a, 33", &german), (Some(("page", "33".into())), None));
    assert_eq!(
        read("@a, {iv}", &german),
        (Some(("page", "iv".into())), None)
    );
    // Text whose lowercase is longer or shorter than itself is compared a character at a time.
    for text in ["@a, İİİ 4", "@a, ẞ 4", "@a, ΣΣ. 4"] {
        assert_eq!(read(text, &german).0, None, "{text}");
    }
}

#[test]
fn a_suffix_that_opens_as_a_locator_is_told_the_label_it_meant() {
    let german = LocatorLabels::new([
        ("Seite".to_owned(), "page"),
        ("S.".to_owned(), "page"),
        ("Abbildung".to_owned(), "figure"),
        ("Abb.".to_owned(), "figure"),
    ])
    .with_foreign(english_labels());
    let meant = |labels: &LocatorLabels, suffix: &str| {
        labels
            .locator_meant(suffix)
            .map(|m| (m.written, m.offset, m.fix))
    };
    let english = english();
    // Another convention's page label, one without its full stop, a page range.
    assert_eq!(
        meant(&english, ", pg. 330"),
        Some(("pg. 330".into(), 2, "p. 330".into()))
    );
    assert_eq!(
        meant(&english, "p 4"),
        Some(("p 4".into(), 0, "p. 4".into()))
    );
    assert_eq!(
        meant(&english, ", Fig 3, left"),
        Some(("Fig 3".into(), 2, "Fig. 3".into()))
    );
    assert_eq!(
        meant(&english, ", pgs 3-5"),
        Some(("pgs 3-5".into(), 2, "p. 3-5".into()))
    );
    // English's labels on a German site are told the German ones, as the locale writes them.
    assert_eq!(
        meant(&german, ", p. 4"),
        Some(("p. 4".into(), 2, "S. 4".into()))
    );
    assert_eq!(
        meant(&german, ", Fig. 2"),
        Some(("Fig. 2".into(), 2, "Abb. 2".into()))
    );
    assert_eq!(
        meant(&german, ", pg. 4"),
        Some(("pg. 4".into(), 2, "S. 4".into()))
    );
    // Without them, only the German labels are known.
    let plain_german = LocatorLabels::new([("S.".to_owned(), "page")]);
    assert_eq!(meant(&plain_german, ", fig. 2"), None);
    assert_eq!(
        meant(&german, ", abb 2"),
        Some(("abb 2".into(), 2, "abb. 2".into()))
    );
    // Words that are no label, and labels without a number, are left alone.
    for suffix in [
        ", and others",
        ", table 2",
        ", pg. iv",
        ", emphasis added",
        ", 2020",
        "p.",
    ] {
        assert_eq!(meant(&english, suffix), None, "{suffix}");
    }
}

#[test]
fn what_follows_a_key_is_found_where_it_is_written() {
    let text = "see @a, pg. 4 ";
    let item = parse(text).unwrap().unwrap().remove(0);
    assert_eq!(item.rest_range().map(|r| &text[r]), Some(", pg. 4"));
    let text = "As @a [pg. 4 ] said";
    let (item, _) = author_in_text(text, 3).unwrap();
    assert_eq!(item.rest_range().map(|r| &text[r]), Some("pg. 4"));
    // Moved into a document's text with its key.
    let shifted = item.shifted(10);
    assert_eq!(shifted.rest_range(), Some(17..22));
    assert_eq!(parse("@a").unwrap().unwrap()[0].rest_range(), None);
}
