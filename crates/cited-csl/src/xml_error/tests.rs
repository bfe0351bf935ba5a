use crate::CitationStyle;
use crate::Subject;

fn refused(xml: &str) -> (Option<usize>, String) {
    let err = CitationStyle::from_csl_xml(xml).err().unwrap_or_else(|| {
        unreachable!("the style was accepted");
    });
    let Subject::Style { offset } = err.subject else {
        unreachable!("{err:?}");
    };
    (offset, err.message)
}

const HEAD: &str = "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<info><title>T</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>\n";

#[test]
fn malformed_xml_is_placed_and_said_in_plain_words() {
    let xml = format!(
        "{HEAD}<citation><layout><group><text variable=\"title\"/></layout></citation>\n</style>\n"
    );
    let (at, message) = refused(&xml);
    assert_eq!(&xml[at.unwrap_or(0)..][..9], "</layout>", "{message}");
    assert!(message.contains("closes `<group>`"), "{message}");
    let xml = format!("{HEAD}<citation><layout><text variable=\"title\"/></layout></citation>\n");
    let (at, message) = refused(&xml);
    assert!(message.contains("`<style>` is never closed"), "{message}");
    assert!(at.is_some());
}

#[test]
fn a_well_formed_non_style_names_the_element() {
    let xml = format!(
        "{HEAD}<citation><layout><text variable=\"title\" form=\"nonsense\"/></layout></citation>\n</style>\n"
    );
    let (at, message) = refused(&xml);
    assert!(!message.contains("Deserialization error"), "{message}");
    assert!(!message.contains("`?`"), "{message}");
    assert!(at.is_some(), "{message}");
}

/// The line of `offset` in `xml`, and the message.
fn refused_at(xml: &str) -> (usize, String) {
    let (at, message) = refused(xml);
    let at = at.unwrap_or_else(|| unreachable!("no place: {message}"));
    (super::line_of(xml, at), message)
}

/// `body` in a style of one line per element, after the `<info>` of `HEAD` (line 3).
fn style_of(body: &[&str]) -> String {
    format!("{HEAD}{}\n</style>\n", body.join("\n"))
}

#[test]
fn a_missing_part_is_named_in_the_styles_terms() {
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout></layout>",
        "</citation>",
    ]));
    assert_eq!(
        (line, message.as_str()),
        (
            5,
            "it is XML, but not a CSL style cited can read: `<layout>` is empty: CSL needs the elements it is made of inside it"
        )
    );
    let xml = "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<info><title>T</title></info>\n<citation><layout><text variable=\"title\"/></layout></citation>\n</style>\n";
    let (line, message) = refused_at(xml);
    assert_eq!(line, 3, "{message}");
    assert!(
        message.ends_with("`<info>` needs a `<id>` element"),
        "{message}"
    );
    let xml = "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<citation><layout><text variable=\"title\"/></layout></citation>\n</style>\n";
    let (line, message) = refused_at(xml);
    assert_eq!(line, 2, "{message}");
    assert!(message.ends_with("`<style>` needs an `<info>` element, with the style's `<title>`, `<id>` and `<updated>`"), "{message}");
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<sort>",
        "<text variable=\"title\"/>",
        "</sort>",
        "<layout><text variable=\"title\"/></layout>",
        "</citation>",
    ]));
    assert_eq!(line, 5, "{message}");
    assert!(
        message.ends_with("`<sort>` needs a `<key>` element"),
        "{message}"
    );
}

#[test]
fn an_unknown_variable_is_named_at_its_element() {
    // The second `<key>`, not the first: the path's index is followed.
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<sort>",
        "<key variable=\"author\"/>",
        "<key variable=\"type\"/>",
        "</sort>",
        "<layout><text variable=\"title\"/></layout>",
        "</citation>",
    ]));
    assert_eq!(line, 7, "{message}");
    assert!(
        message.ends_with("`type` in `<key>` is not a CSL variable"),
        "{message}"
    );
    // The second child of a layout, inside a group.
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout>",
        "<text variable=\"title\" prefix=\"&gt; >\"/>",
        "<group>",
        "<text variable=\"title\"/>",
        "<text variable=\"titel\"/>",
        "</group>",
        "</layout>",
        "</citation>",
    ]));
    assert_eq!(line, 9, "{message}");
    assert!(
        message.ends_with("`titel` in `<text>` is not a CSL variable"),
        "{message}"
    );
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout>",
        "<text/>",
        "</layout>",
        "</citation>",
    ]));
    assert_eq!(line, 6, "{message}");
    assert!(message.ends_with("a `<text>` prints a `variable`, a `macro`, a `term` or a `value`, and this one has none CSL can read"), "{message}");
}

#[test]
fn an_unknown_value_or_element_lists_what_csl_allows() {
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout>",
        "<names variable=\"author\">",
        "<name and=\"plus\"/>",
        "</names>",
        "</layout>",
        "</citation>",
    ]));
    assert_eq!(line, 7, "{message}");
    assert!(
        message.ends_with(
            "`plus` is not a value CSL allows on `<name>`; it allows `text` or `symbol`"
        ),
        "{message}"
    );
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout>",
        "<date variable=\"issued\">",
        "<date-part name=\"yr\"/>",
        "</date>",
        "</layout>",
        "</citation>",
    ]));
    assert_eq!(line, 7, "{message}");
    assert!(message.ends_with("`yr` is not a value of `name` CSL allows on `<date-part>`; it allows `day`, `month`, `year`"), "{message}");
    let (line, message) = refused_at(&style_of(&[
        "<citation>",
        "<layout>",
        "<txt variable=\"title\"/>",
        "</layout>",
        "</citation>",
    ]));
    assert_eq!(line, 6, "{message}");
    assert!(
        message.contains(
            "`<txt>` is not an element CSL allows in `<layout>`; it allows `<text>`, `<date>`"
        ),
        "{message}"
    );
    let (line, message) = refused_at(&style_of(&[
        "<citation et-al-min=\"many\">",
        "<layout><text variable=\"title\"/></layout>",
        "</citation>",
    ]));
    assert_eq!(line, 4, "{message}");
    assert!(
        message.ends_with("`et-al-min=\"many\"` on `<citation>` is not a whole number"),
        "{message}"
    );
}

#[test]
fn no_message_is_the_librarys() {
    for xml in [
        style_of(&["<citation>", "<layout></layout>", "</citation>"]),
        style_of(&[
            "<citation><sort><key variable=\"type\"/></sort><layout><text variable=\"title\"/></layout></citation>",
        ]),
        style_of(&["<citation><layout><text/></layout></citation>"]),
        style_of(&["<citation><layout><txt/></layout></citation>"]),
        style_of(&[
            "<citation et-al-min=\"x\"><layout><text variable=\"title\"/></layout></citation>",
        ]),
    ] {
        let (_, message) = refused(&xml);
        for internal in [
            "$value",
            "untagged enum",
            "variant",
            "invalid digit",
            "Deserialization",
            "field `",
        ] {
            assert!(!message.contains(internal), "{internal}: {message}");
        }
    }
}

proptest::proptest! {
    /// A style cut or spliced anywhere is refused or read, never a panic: the element path
    /// citationberg gives is followed through whatever XML is left.
    #[test]
    fn a_damaged_style_is_refused_without_a_panic(
        cut in 0usize..400,
        len in 0usize..40,
        insert in "[<>/\"'=a-z $\\[\\]]{0,12}",
    ) {
        let whole = style_of(&[
            "<citation et-al-min=\"3\">",
            "<sort><key variable=\"author\"/><key macro=\"m\"/></sort>",
            "<layout prefix=\">\"><group delimiter=\", \"><text variable=\"title\"/><names variable=\"author\"><name and=\"text\"/></names></group></layout>",
            "</citation>",
            "<macro name=\"m\"><date variable=\"issued\"><date-part name=\"year\"/></date></macro>",
        ]);
        let cut = cut.min(whole.len());
        let end = (cut + len).min(whole.len());
        if whole.is_char_boundary(cut) && whole.is_char_boundary(end) {
            let damaged = format!("{}{insert}{}", &whole[..cut], &whole[end..]);
            if let Err(e) = CitationStyle::from_csl_xml(&damaged) {
                proptest::prop_assert!(!e.message.contains("untagged enum"), "{}", e.message);
            }
        }
    }
}
