//! Items as the engine reads them: dates as ranges, raw text, literals and plain strings, and
//! what is refused, naming the reference, the field and the place at fault, rather than
//! dropped or left to panic: bad dates, unknown or repeated keys, an item that is not an
//! object, name and date parts CSL does not read.

use super::*;

#[test]
fn date_ranges_print_as_ranges_literals_as_written_and_bad_dates_do_not_panic() {
    let refs = vec![
        (
            "r".to_string(),
            json!({"type": "book", "title": "Range", "author": [{"family": "A", "given": "B"}],
                   "issued": {"date-parts": [[2019, 1], [2020, 2]]}, "publisher": "P"}),
        ),
        (
            "raw".to_string(),
            json!({"type": "book", "title": "Raw", "author": [{"family": "C", "given": "D"}],
                   "issued": {"raw": "2018/2019"}, "publisher": "P"}),
        ),
        (
            "lit".to_string(),
            json!({"type": "book", "title": "Literal", "author": [{"family": "E", "given": "F"}],
                   "issued": {"literal": "Spring 2017"}, "custom": {"x": 1}}),
        ),
    ];
    let mut refs = refs;
    refs.push((
        "str".to_string(),
        json!({"type": "webpage", "title": "String date", "author": [{"literal": "G"}],
               "issued": "2019-03-05", "URL": "https://example.org/"}),
    ));
    let cites = [vec![cite("r"), cite("raw"), cite("lit"), cite("str")]];
    let site = run("apa", &refs, &cites, false);
    assert_eq!(
        site.citations[0].text,
        "(A, 2019–2020; C, 2018–2019; E, Spring 2017; G, 2019)"
    );
    let str_entry = site
        .entries
        .iter()
        .find(|e| e.key == "str")
        .map(|e| e.body.text.as_str());
    assert_eq!(
        str_entry,
        Some("G. (2019, March 5). String date. https://example.org/")
    );

    for bad in [
        json!("2019-00-05"),
        json!({"raw": "2019-03-00"}),
        json!({"raw": "2019-03/2020-0"}),
        json!({"date-parts": [[]]}),
        json!({"date-parts": [[2020, 0]]}),
        // A whole number is a bare year (`issued: 2005`, as Pandoc writes it); these are not.
        json!(0),
        json!(2019.5),
        json!(true),
    ] {
        let refs = vec![(
            "b".to_string(),
            json!({"type": "book", "title": "T", "issued": bad}),
        )];
        match format_site(&style("apa"), "en-US", &refs, &[vec![cite("b")]], false) {
            Err(e) => {
                assert!(
                    e.to_string().contains("`b`") && e.message.contains("issued"),
                    "{e}"
                );
                assert_eq!(
                    e.subject,
                    Subject::Reference {
                        key: "b".into(),
                        field: Some("issued".into())
                    }
                );
            }
            Ok(s) => panic!("bad date accepted: {:?}", s.entries),
        }
    }
}

#[test]
fn unknown_key_is_an_error() {
    match format_site(
        &style("apa"),
        "en-US",
        &refs(),
        &[vec![cite("doe2019"), cite("nobody1999")]],
        false,
    ) {
        Err(e) => assert!(e.to_string().contains("nobody1999"), "{e}"),
        Ok(_) => panic!("unknown key accepted"),
    }
    let dup = vec![("a".to_string(), json!({})), ("a".to_string(), json!({}))];
    assert!(format_site(&style("apa"), "en-US", &dup, &[], false).is_err());
    let not_object = vec![("a".to_string(), json!("x"))];
    assert!(
        format_site(
            &style("apa"),
            "en-US",
            &not_object,
            &[vec![cite("a")]],
            false
        )
        .is_err()
    );
}

#[test]
fn parts_csl_does_not_read_are_refused_not_dropped() {
    let message = |item: serde_json::Value| {
        crate::Item::from_json("x", 0, &item)
            .map(drop)
            .expect_err("refused")
            .message
    };
    assert_eq!(
        message(
            json!({"author": [{"family": "Smith", "given": "J"}, {"last": "Forman", "first": "E"}]})
        ),
        "field `author`: name 2 holds `first`, which is not a part of a CSL name (write `given`), so it would be left out"
    );
    assert_eq!(
        message(json!({"issued": {"year": 2002}})),
        "field `issued` holds no date CSL reads (`year` is not a part of a CSL date): write {date-parts: [[2020, 5, 17]]} or {raw: \"2020-05-17\"}"
    );
    // What CSL reads passes.
    for item in [
        json!({"author": [{"family": "van Gogh", "given": "V", "non-dropping-particle": "van"}, {"literal": "WHO"}]}),
        json!({"issued": {"date-parts": [[2002]], "season": 2}}),
        json!({"issued": {}}),
    ] {
        assert!(crate::Item::from_json("x", 0, &item).is_ok(), "{item}");
    }
}

#[test]
fn a_date_read_as_text_is_told_apart() {
    assert_eq!(
        crate::unread_date(&json!("2002 Jun;9(3)")),
        Some("2002 Jun;9(3)")
    );
    assert_eq!(
        crate::unread_date(&json!({"raw": "2002 Jun;9(3)"})),
        Some("2002 Jun;9(3)")
    );
    for read in [
        json!("2002-06"),
        json!("June 2002"),
        json!("in press"),
        json!({"literal": "2002 Jun;9(3)"}),
        json!({"date-parts": [[2002, 6]]}),
    ] {
        assert_eq!(crate::unread_date(&read), None, "{read}");
    }
}

#[test]
fn a_name_at_fault_is_named_by_its_place_in_the_list() {
    let err = crate::Item::from_json(
        "x",
        0,
        &json!({"author": [{"family": "Smith"}, {"family": "Jones"}, "Forman, Evan M."]}),
    )
    .map(drop)
    .expect_err("refused");
    assert_eq!(err.element, Some(2));
    assert!(
        err.message.contains("name 3 is the text `Forman, Evan M.`"),
        "{}",
        err.message
    );
}
